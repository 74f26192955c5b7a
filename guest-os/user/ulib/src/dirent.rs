//! Reading directories: `getdents64` and `struct linux_dirent64`.
//!
//! `getdents64(fd, buf, len)` fills `buf` with as many records as fit and
//! returns the number of bytes used (0 at the end of the directory). Each
//! record is
//!
//! ```text
//! offset size field
//!    0    8   d_ino      inode number
//!    8    8   d_off      opaque position of the next record
//!   16    2   d_reclen   length of this record (a multiple of 8)
//!   18    1   d_type     DT_DIR, DT_REG, ...
//!   19    -   d_name     NUL-terminated name, then padding up to d_reclen
//! ```

use crate::errno::Errno;
use crate::fs::{O_DIRECTORY, O_RDONLY, OwnedFd};
use crate::syscall::{check, nr, syscall3};
use alloc_crate::vec::Vec;

/// The fixed part of a record; `d_name` starts at [`NAME_OFFSET`].
#[repr(C)]
pub struct LinuxDirent64 {
    pub d_ino: u64,
    pub d_off: i64,
    pub d_reclen: u16,
    pub d_type: u8,
    // d_name: [u8] follows
}

/// Where `d_name` starts in a record.
pub const NAME_OFFSET: usize = 19;

// d_type values.
pub const DT_UNKNOWN: u8 = 0;
pub const DT_FIFO: u8 = 1;
pub const DT_CHR: u8 = 2;
pub const DT_DIR: u8 = 4;
pub const DT_BLK: u8 = 6;
pub const DT_REG: u8 = 8;
pub const DT_LNK: u8 = 10;
pub const DT_SOCK: u8 = 12;

/// `getdents64(fd, buf, len)`: bytes of records written into `buf`.
pub fn getdents64(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel writes at most buf.len() bytes into buf.
    check(unsafe { syscall3(nr::GETDENTS64, fd as usize, buf.as_mut_ptr() as usize, buf.len()) })
}

/// One directory entry, borrowed from a getdents64 buffer.
#[derive(Clone, Copy)]
pub struct DirEntryRef<'a> {
    pub ino: u64,
    pub kind: u8,
    pub name: &'a [u8],
}

/// The records in the first `len` bytes of a getdents64 buffer. A malformed
/// record (reclen too small or past the end) ends the iteration.
pub fn parse(buf: &[u8]) -> impl Iterator<Item = DirEntryRef<'_>> {
    let mut pos = 0;
    core::iter::from_fn(move || {
        let rec = buf.get(pos..)?;
        if rec.len() < NAME_OFFSET {
            return None;
        }
        let ino = u64::from_ne_bytes(rec[0..8].try_into().ok()?);
        let reclen = u16::from_ne_bytes(rec[16..18].try_into().ok()?) as usize;
        if reclen <= NAME_OFFSET || reclen > rec.len() {
            return None;
        }
        let kind = rec[18];
        let name_area = &rec[NAME_OFFSET..reclen];
        let name = &name_area[..name_area.iter().position(|&c| c == 0).unwrap_or(name_area.len())];
        pos += reclen;
        Some(DirEntryRef { ino, kind, name })
    })
}

/// An owned directory entry.
#[derive(Clone)]
pub struct DirEntry {
    pub ino: u64,
    pub kind: u8,
    pub name: Vec<u8>,
}

/// Every entry of directory `path` ("." and ".." included), in the
/// kernel's order.
pub fn read_dir(path: &[u8]) -> Result<Vec<DirEntry>, Errno> {
    let dir = OwnedFd::open(path, O_RDONLY | O_DIRECTORY, 0)?;
    let mut entries = Vec::new();
    let mut buf = alloc_crate::vec![0u8; 4096];
    loop {
        let n = getdents64(dir.fd(), &mut buf)?;
        if n == 0 {
            return Ok(entries);
        }
        for e in parse(&buf[..n]) {
            entries.push(DirEntry { ino: e.ino, kind: e.kind, name: e.name.to_vec() });
        }
    }
}
