//! Reading and writing file descriptors; `print!`, `println!`, `eprintln!`.
//!
//! fd 0 is standard input, 1 standard output, 2 standard error: the kernel
//! (for init) or the parent (for everyone else) opened them. Output macros
//! format into a small buffer and write it with as few `write` calls as
//! possible, so that one `println!` is normally one `write` (lines from
//! different processes sharing a pipe or the console do not interleave).

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall3};
use core::fmt;

pub const STDIN: i32 = 0;
pub const STDOUT: i32 = 1;
pub const STDERR: i32 = 2;

/// `read(fd, buf, len)`: up to `buf.len()` bytes; `Ok(0)` is end of file.
pub fn read(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel writes at most buf.len() bytes into buf.
    check(unsafe { syscall3(nr::READ, fd as usize, buf.as_mut_ptr() as usize, buf.len()) })
}

/// `write(fd, buf, len)`: may write fewer bytes than asked (see [`write_all`]).
pub fn write(fd: i32, buf: &[u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel reads at most buf.len() bytes from buf.
    unsafe { write_raw(fd, buf.as_ptr(), buf.len()) }
}

/// `write` with a raw pointer, for tests of the kernel's pointer checks
/// (`badptr`).
///
/// # Safety
/// The kernel may read `len` bytes at `ptr`; a bad pointer must give EFAULT.
pub unsafe fn write_raw(fd: i32, ptr: *const u8, len: usize) -> Result<usize, Errno> {
    // SAFETY: passed through; the kernel validates user pointers.
    check(unsafe { syscall3(nr::WRITE, fd as usize, ptr as usize, len) })
}

/// `read` with a raw pointer, for tests of the kernel's pointer checks.
///
/// # Safety
/// The kernel may write `len` bytes at `ptr`; a bad pointer must give EFAULT.
pub unsafe fn read_raw(fd: i32, ptr: *mut u8, len: usize) -> Result<usize, Errno> {
    // SAFETY: passed through; the kernel validates user pointers.
    check(unsafe { syscall3(nr::READ, fd as usize, ptr as usize, len) })
}

/// Writes all of `buf`, retrying after short writes and EINTR.
pub fn write_all(fd: i32, mut buf: &[u8]) -> Result<(), Errno> {
    while !buf.is_empty() {
        match write(fd, buf) {
            Ok(0) => return Err(Errno::EIO),
            Ok(n) => buf = &buf[n..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// One buffer of a `readv`/`writev` (`struct iovec`: base, then length).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct IoVec {
    pub base: *const u8,
    pub len: usize,
}

/// `writev(fd, iov, iovcnt)`: writes the buffers in order, as one write.
pub fn writev(fd: i32, bufs: &[&[u8]]) -> Result<usize, Errno> {
    let iov: alloc_crate::vec::Vec<IoVec> =
        bufs.iter().map(|b| IoVec { base: b.as_ptr(), len: b.len() }).collect();
    // SAFETY: each iovec describes a live slice the kernel only reads.
    check(unsafe { syscall3(nr::WRITEV, fd as usize, iov.as_ptr() as usize, iov.len()) })
}

/// `readv(fd, iov, iovcnt)`: fills the buffers in order.
pub fn readv(fd: i32, bufs: &mut [&mut [u8]]) -> Result<usize, Errno> {
    let iov: alloc_crate::vec::Vec<IoVec> =
        bufs.iter_mut().map(|b| IoVec { base: b.as_mut_ptr(), len: b.len() }).collect();
    // SAFETY: each iovec describes a live, exclusively borrowed slice.
    check(unsafe { syscall3(nr::READV, fd as usize, iov.as_ptr() as usize, iov.len()) })
}

/// `lseek` whence values.
pub const SEEK_SET: u32 = 0;
pub const SEEK_CUR: u32 = 1;
pub const SEEK_END: u32 = 2;

/// `lseek(fd, offset, whence)`: the new file offset.
pub fn lseek(fd: i32, offset: i64, whence: u32) -> Result<u64, Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall3(nr::LSEEK, fd as usize, offset as usize, whence as usize) })
        .map(|o| o as u64)
}

/// Reads one line from `fd` into `line` (without the '\n'), one byte per
/// `read`, so that nothing after the line is consumed: a shell reading
/// commands from a pipe must leave the rest of the input to the commands it
/// runs. Returns `Ok(false)` at end of file with nothing read.
pub fn read_line(fd: i32, line: &mut alloc_crate::vec::Vec<u8>) -> Result<bool, Errno> {
    line.clear();
    let mut byte = [0u8; 1];
    loop {
        match read(fd, &mut byte) {
            Ok(0) => return Ok(!line.is_empty()),
            Ok(_) if byte[0] == b'\n' => return Ok(true),
            Ok(_) => line.push(byte[0]),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}

/// A `fmt::Write` sink that collects output in a 256-byte buffer and writes
/// it to `fd` when full and when dropped.
pub struct FdWriter {
    fd: i32,
    len: usize,
    buf: [u8; 256],
}

impl FdWriter {
    pub const fn new(fd: i32) -> Self {
        FdWriter { fd, len: 0, buf: [0; 256] }
    }

    /// Writes out what is buffered. Errors are dropped: there is nowhere
    /// to report a failing stdout or stderr.
    pub fn flush(&mut self) {
        let _ = write_all(self.fd, &self.buf[..self.len]);
        self.len = 0;
    }

    /// Appends raw bytes (not necessarily UTF-8).
    pub fn write_bytes(&mut self, mut s: &[u8]) {
        while !s.is_empty() {
            if self.len == self.buf.len() {
                self.flush();
            }
            let n = s.len().min(self.buf.len() - self.len);
            self.buf[self.len..self.len + n].copy_from_slice(&s[..n]);
            self.len += n;
            s = &s[n..];
        }
    }
}

impl fmt::Write for FdWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write_bytes(s.as_bytes());
        Ok(())
    }
}

impl Drop for FdWriter {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Formats `args` to `fd` (what the print macros call).
#[doc(hidden)]
pub fn print_to(fd: i32, args: fmt::Arguments<'_>) {
    let mut w = FdWriter::new(fd);
    let _ = fmt::write(&mut w, args);
}

/// Shows a byte string (a path, an argument) in `print!`: valid UTF-8 as is,
/// other bytes as U+FFFD.
pub struct Bytes<'a>(pub &'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}

/// Like std's `print!`, to standard output.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::io::print_to($crate::io::STDOUT, format_args!($($arg)*)) };
}

/// Like std's `println!`, to standard output.
#[macro_export]
macro_rules! println {
    () => { $crate::io::print_to($crate::io::STDOUT, format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::io::print_to($crate::io::STDOUT, format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Like std's `eprint!`, to standard error.
#[macro_export]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::io::print_to($crate::io::STDERR, format_args!($($arg)*)) };
}

/// Like std's `eprintln!`, to standard error.
#[macro_export]
macro_rules! eprintln {
    () => { $crate::io::print_to($crate::io::STDERR, format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::io::print_to($crate::io::STDERR, format_args!("{}\n", format_args!($($arg)*)))
    };
}
