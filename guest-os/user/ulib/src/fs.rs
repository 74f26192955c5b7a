//! File descriptors and paths: openat, close, dup/dup3, pipe2, mkdirat,
//! unlinkat, chdir, getcwd.
//!
//! riscv64 has only the `*at` forms (no open, mkdir, unlink, dup2, pipe):
//! a path relative to the current directory is passed with
//! `dirfd = AT_FDCWD`. Flag values are asm-generic's (`fcntl.h`), which
//! riscv64 uses unchanged.

use crate::cstr::with_cstr;
use crate::errno::Errno;
use crate::syscall::{check, nr, syscall1, syscall2, syscall3, syscall4};
use alloc_crate::vec::Vec;

/// "Relative to the current working directory", for the `*at` calls.
pub const AT_FDCWD: i32 = -100;
/// unlinkat: remove a directory (rmdir) instead of a file.
pub const AT_REMOVEDIR: u32 = 0x200;
/// newfstatat: do not follow a final symbolic link (lstat).
pub const AT_SYMLINK_NOFOLLOW: u32 = 0x100;

// openat flags (octal, as in asm-generic/fcntl.h).
pub const O_RDONLY: u32 = 0o0;
pub const O_WRONLY: u32 = 0o1;
pub const O_RDWR: u32 = 0o2;
pub const O_CREAT: u32 = 0o100;
pub const O_EXCL: u32 = 0o200;
pub const O_NOCTTY: u32 = 0o400;
pub const O_TRUNC: u32 = 0o1000;
pub const O_APPEND: u32 = 0o2000;
pub const O_NONBLOCK: u32 = 0o4000;
pub const O_DIRECTORY: u32 = 0o200000;
pub const O_NOFOLLOW: u32 = 0o400000;
pub const O_CLOEXEC: u32 = 0o2000000;

/// `openat(dirfd, path, flags, mode)`: a new file descriptor.
pub fn openat(dirfd: i32, path: &[u8], flags: u32, mode: u32) -> Result<i32, Errno> {
    with_cstr(path, |p| {
        // SAFETY: p is a NUL-terminated string alive for the call.
        check(unsafe {
            syscall4(nr::OPENAT, dirfd as usize, p as usize, flags as usize, mode as usize)
        })
    })?
    .map(|fd| fd as i32)
}

/// `open(path, flags, mode)`, that is `openat(AT_FDCWD, ...)`.
pub fn open(path: &[u8], flags: u32, mode: u32) -> Result<i32, Errno> {
    openat(AT_FDCWD, path, flags, mode)
}

/// `close(fd)`.
pub fn close(fd: i32) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall1(nr::CLOSE, fd as usize) }).map(|_| ())
}

/// A file descriptor that is closed when dropped.
pub struct OwnedFd(pub i32);

impl OwnedFd {
    pub fn open(path: &[u8], flags: u32, mode: u32) -> Result<OwnedFd, Errno> {
        open(path, flags, mode).map(OwnedFd)
    }

    pub fn fd(&self) -> i32 {
        self.0
    }
}

impl Drop for OwnedFd {
    fn drop(&mut self) {
        let _ = close(self.0);
    }
}

/// `dup(fd)`: the lowest free descriptor, referring to the same open file.
pub fn dup(fd: i32) -> Result<i32, Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall1(nr::DUP, fd as usize) }).map(|fd| fd as i32)
}

/// `dup3(old, new, flags)`: makes `new` refer to `old`'s open file
/// (closing `new` first if open). EINVAL if `old == new`.
pub fn dup3(old: i32, new: i32, flags: u32) -> Result<i32, Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall3(nr::DUP3, old as usize, new as usize, flags as usize) })
        .map(|fd| fd as i32)
}

/// POSIX `dup2` on top of `dup3` (riscv64 has no dup2 system call):
/// `dup2(fd, fd)` is a no-op that succeeds.
pub fn dup2(old: i32, new: i32) -> Result<i32, Errno> {
    if old == new { Ok(new) } else { dup3(old, new, 0) }
}

/// `pipe2(fds, flags)`: `(read end, write end)`.
pub fn pipe2(flags: u32) -> Result<(i32, i32), Errno> {
    let mut fds = [0i32; 2];
    // SAFETY: the kernel writes two ints into fds.
    check(unsafe { syscall2(nr::PIPE2, fds.as_mut_ptr() as usize, flags as usize) })?;
    Ok((fds[0], fds[1]))
}

/// A pipe without flags: `(read end, write end)`.
pub fn pipe() -> Result<(i32, i32), Errno> {
    pipe2(0)
}

/// `mkdirat(dirfd, path, mode)`.
pub fn mkdirat(dirfd: i32, path: &[u8], mode: u32) -> Result<(), Errno> {
    with_cstr(path, |p| {
        // SAFETY: p is a NUL-terminated string alive for the call.
        check(unsafe { syscall3(nr::MKDIRAT, dirfd as usize, p as usize, mode as usize) })
    })?
    .map(|_| ())
}

/// `mkdir(path, mode)`.
pub fn mkdir(path: &[u8], mode: u32) -> Result<(), Errno> {
    mkdirat(AT_FDCWD, path, mode)
}

/// `unlinkat(dirfd, path, flags)`: removes a name (a directory with
/// [`AT_REMOVEDIR`]).
pub fn unlinkat(dirfd: i32, path: &[u8], flags: u32) -> Result<(), Errno> {
    with_cstr(path, |p| {
        // SAFETY: p is a NUL-terminated string alive for the call.
        check(unsafe { syscall3(nr::UNLINKAT, dirfd as usize, p as usize, flags as usize) })
    })?
    .map(|_| ())
}

/// `unlink(path)`: removes a file's name.
pub fn unlink(path: &[u8]) -> Result<(), Errno> {
    unlinkat(AT_FDCWD, path, 0)
}

/// `rmdir(path)`: removes an empty directory.
pub fn rmdir(path: &[u8]) -> Result<(), Errno> {
    unlinkat(AT_FDCWD, path, AT_REMOVEDIR)
}

/// `chdir(path)`.
pub fn chdir(path: &[u8]) -> Result<(), Errno> {
    with_cstr(path, |p| {
        // SAFETY: p is a NUL-terminated string alive for the call.
        check(unsafe { syscall1(nr::CHDIR, p as usize) })
    })?
    .map(|_| ())
}

/// `getcwd(buf, size)`: the current directory's absolute path. (The raw
/// call returns the length written including the NUL, ERANGE if the buffer
/// is too small; we retry with a bigger one.)
pub fn getcwd() -> Result<Vec<u8>, Errno> {
    let mut size = 256;
    loop {
        let mut buf = alloc_crate::vec![0u8; size];
        // SAFETY: the kernel writes at most `size` bytes into buf.
        match check(unsafe { syscall2(nr::GETCWD, buf.as_mut_ptr() as usize, size) }) {
            Ok(_) => {
                let len = buf.iter().position(|&c| c == 0).unwrap_or(size);
                buf.truncate(len);
                return Ok(buf);
            }
            Err(Errno::ERANGE) if size < 65536 => size *= 4,
            Err(e) => return Err(e),
        }
    }
}
