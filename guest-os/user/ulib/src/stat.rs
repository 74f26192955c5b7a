//! `struct stat` as Linux riscv64 lays it out (asm-generic/stat.h), and the
//! calls that fill it: fstat and newfstatat (stat/lstat).
//!
//! ```text
//! offset size field            offset size field
//!    0    8   st_dev             56    4   st_blksize
//!    8    8   st_ino             60    4   (pad)
//!   16    4   st_mode            64    8   st_blocks
//!   20    4   st_nlink           72    8   st_atime,  80: st_atime_nsec
//!   24    4   st_uid             88    8   st_mtime,  96: st_mtime_nsec
//!   28    4   st_gid            104    8   st_ctime, 112: st_ctime_nsec
//!   32    8   st_rdev           120    8   (unused)
//!   40    8   (pad)
//!   48    8   st_size           total: 128 bytes
//! ```

use crate::cstr::with_cstr;
use crate::errno::Errno;
use crate::fs::{AT_FDCWD, AT_SYMLINK_NOFOLLOW};
use crate::syscall::{check, nr, syscall2, syscall4};
use core::mem::{offset_of, size_of};

#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct Stat {
    pub st_dev: u64,
    pub st_ino: u64,
    pub st_mode: u32,
    pub st_nlink: u32,
    pub st_uid: u32,
    pub st_gid: u32,
    pub st_rdev: u64,
    pub __pad1: u64,
    pub st_size: i64,
    pub st_blksize: i32,
    pub __pad2: i32,
    pub st_blocks: i64,
    pub st_atime: i64,
    pub st_atime_nsec: u64,
    pub st_mtime: i64,
    pub st_mtime_nsec: u64,
    pub st_ctime: i64,
    pub st_ctime_nsec: u64,
    pub __unused4: u32,
    pub __unused5: u32,
}

// The layout is ABI: check it at compile time.
const _: () = {
    assert!(size_of::<Stat>() == 128);
    assert!(offset_of!(Stat, st_mode) == 16);
    assert!(offset_of!(Stat, st_rdev) == 32);
    assert!(offset_of!(Stat, st_size) == 48);
    assert!(offset_of!(Stat, st_blksize) == 56);
    assert!(offset_of!(Stat, st_blocks) == 64);
    assert!(offset_of!(Stat, st_mtime) == 88);
    assert!(offset_of!(Stat, st_ctime_nsec) == 112);
};

// st_mode: file type (S_IFMT bits) and permissions.
pub const S_IFMT: u32 = 0o170000;
pub const S_IFSOCK: u32 = 0o140000;
pub const S_IFLNK: u32 = 0o120000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFBLK: u32 = 0o060000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFCHR: u32 = 0o020000;
pub const S_IFIFO: u32 = 0o010000;

impl Stat {
    pub fn file_type(&self) -> u32 {
        self.st_mode & S_IFMT
    }
    pub fn is_dir(&self) -> bool {
        self.file_type() == S_IFDIR
    }
    pub fn is_file(&self) -> bool {
        self.file_type() == S_IFREG
    }
    pub fn is_char_device(&self) -> bool {
        self.file_type() == S_IFCHR
    }

    /// `ls -l`'s ten-character mode, e.g. "drwxr-xr-x".
    pub fn mode_string(&self) -> [u8; 10] {
        let t = match self.file_type() {
            S_IFDIR => b'd',
            S_IFLNK => b'l',
            S_IFCHR => b'c',
            S_IFBLK => b'b',
            S_IFIFO => b'p',
            S_IFSOCK => b's',
            _ => b'-',
        };
        let mut s = [t, b'-', b'-', b'-', b'-', b'-', b'-', b'-', b'-', b'-'];
        for (i, c) in b"rwxrwxrwx".iter().enumerate() {
            if self.st_mode & (0o400 >> i) != 0 {
                s[1 + i] = *c;
            }
        }
        s
    }
}

/// `fstat(fd, &stat)`.
pub fn fstat(fd: i32) -> Result<Stat, Errno> {
    let mut st = Stat::default();
    // SAFETY: the kernel writes one struct stat into st.
    check(unsafe { syscall2(nr::FSTAT, fd as usize, &mut st as *mut Stat as usize) })?;
    Ok(st)
}

/// `newfstatat(dirfd, path, &stat, flags)`.
pub fn fstatat(dirfd: i32, path: &[u8], flags: u32) -> Result<Stat, Errno> {
    let mut st = Stat::default();
    with_cstr(path, |p| {
        // SAFETY: p is a NUL-terminated string; the kernel fills st.
        check(unsafe {
            syscall4(
                nr::NEWFSTATAT,
                dirfd as usize,
                p as usize,
                &mut st as *mut Stat as usize,
                flags as usize,
            )
        })
    })??;
    Ok(st)
}

/// `stat(path)`: follows symbolic links.
pub fn stat(path: &[u8]) -> Result<Stat, Errno> {
    fstatat(AT_FDCWD, path, 0)
}

/// `lstat(path)`: about a symbolic link itself.
pub fn lstat(path: &[u8]) -> Result<Stat, Errno> {
    fstatat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW)
}
