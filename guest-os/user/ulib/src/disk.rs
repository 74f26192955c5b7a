//! The calls a disk file system brought: link, symlink, rename, truncate,
//! sync/fsync, statfs, mount/umount2 (asm-generic numbers, which riscv64
//! uses; it has only renameat2, not rename or renameat).

use crate::cstr::with_cstr;
use crate::errno::Errno;
use crate::fs::AT_FDCWD;
use crate::syscall::{check, syscall0, syscall1, syscall2, syscall3, syscall5};

const SYMLINKAT: usize = 36;
const LINKAT: usize = 37;
const UMOUNT2: usize = 39;
const MOUNT: usize = 40;
const STATFS: usize = 43;
const FTRUNCATE: usize = 46;
const SYNC: usize = 81;
const FSYNC: usize = 82;
const RENAMEAT2: usize = 276;
const TRUNCATE: usize = 45;

fn two<R>(a: &[u8], b: &[u8], f: impl FnOnce(usize, usize) -> R) -> Result<R, Errno> {
    with_cstr(a, |pa| with_cstr(b, |pb| f(pa as usize, pb as usize)))?
}

/// `link(old, new)`: another name for a file.
pub fn link(old: &[u8], new: &[u8]) -> Result<(), Errno> {
    // SAFETY: both strings are NUL-terminated and alive for the call.
    let r = two(old, new, |o, n| unsafe {
        syscall5(LINKAT, AT_FDCWD as usize, o, AT_FDCWD as usize, n, 0)
    })?;
    check(r).map(|_| ())
}

/// `symlink(target, path)`.
pub fn symlink(target: &[u8], path: &[u8]) -> Result<(), Errno> {
    // SAFETY: both strings are NUL-terminated and alive for the call.
    let r = two(target, path, |t, p| unsafe { syscall3(SYMLINKAT, t, AT_FDCWD as usize, p) })?;
    check(r).map(|_| ())
}

/// `rename(old, new)`, as renameat2(AT_FDCWD, old, AT_FDCWD, new, 0).
pub fn rename(old: &[u8], new: &[u8]) -> Result<(), Errno> {
    // SAFETY: both strings are NUL-terminated and alive for the call.
    let r = two(old, new, |o, n| unsafe {
        syscall5(RENAMEAT2, AT_FDCWD as usize, o, AT_FDCWD as usize, n, 0)
    })?;
    check(r).map(|_| ())
}

/// `truncate(path, len)`.
pub fn truncate(path: &[u8], len: u64) -> Result<(), Errno> {
    // SAFETY: p is NUL-terminated and alive for the call.
    check(with_cstr(path, |p| unsafe { syscall2(TRUNCATE, p as usize, len as usize) })?).map(|_| ())
}

/// `ftruncate(fd, len)`.
pub fn ftruncate(fd: i32, len: u64) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall2(FTRUNCATE, fd as usize, len as usize) }).map(|_| ())
}

/// `sync()`: everything dirty to the disk.
pub fn sync() {
    // SAFETY: no arguments.
    unsafe { syscall0(SYNC) };
}

/// `fsync(fd)`.
pub fn fsync(fd: i32) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall1(FSYNC, fd as usize) }).map(|_| ())
}

/// struct statfs (asm-generic, 64-bit).
#[derive(Default, Clone, Copy)]
pub struct StatFs {
    pub f_type: u64,
    pub bsize: u64,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
}

/// `statfs(path)`: the file system holding `path`.
pub fn statfs(path: &[u8]) -> Result<StatFs, Errno> {
    let mut w = [0u64; 15];
    // SAFETY: the kernel writes 120 bytes into w.
    let r = with_cstr(path, |p| unsafe { syscall2(STATFS, p as usize, w.as_mut_ptr() as usize) })?;
    check(r)?;
    Ok(StatFs { f_type: w[0], bsize: w[1], blocks: w[2], bfree: w[3], bavail: w[4], files: w[5], ffree: w[6] })
}

/// `mount(source, target, fstype, 0, NULL)`.
pub fn mount(source: &[u8], target: &[u8], fstype: &[u8]) -> Result<(), Errno> {
    let r = with_cstr(fstype, |t| {
        // SAFETY: all strings are NUL-terminated and alive for the call.
        two(source, target, |s, d| unsafe { syscall5(MOUNT, s, d, t as usize, 0, 0) })
    })??;
    check(r).map(|_| ())
}

/// `umount2(target, 0)`.
pub fn umount(target: &[u8]) -> Result<(), Errno> {
    // SAFETY: p is NUL-terminated and alive for the call.
    check(with_cstr(target, |p| unsafe { syscall2(UMOUNT2, p as usize, 0) })?).map(|_| ())
}
