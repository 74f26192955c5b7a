//! The address space: brk, mmap, munmap.
//!
//! `brk` moves the end of the heap, which starts right after the program's
//! `.bss` (see user.ld). Its raw contract differs from every other call: it
//! never returns `-errno` but the (new or unchanged) break, so
//! `brk(0)` asks where the break is and `brk(addr)` succeeded iff it returns
//! `addr`.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall1, syscall2, syscall6};

/// `brk(addr)`: sets the program break to `addr` if it can; returns the
/// break after the call (so `brk(0)` returns the current one).
pub fn brk(addr: usize) -> usize {
    // SAFETY: moving the break only adds or removes our own heap pages.
    unsafe { syscall1(nr::BRK, addr) as usize }
}

pub const PROT_NONE: usize = 0;
pub const PROT_READ: usize = 1;
pub const PROT_WRITE: usize = 2;
pub const PROT_EXEC: usize = 4;
pub const MAP_SHARED: usize = 0x01;
pub const MAP_PRIVATE: usize = 0x02;
pub const MAP_FIXED: usize = 0x10;
pub const MAP_ANONYMOUS: usize = 0x20;

/// `mmap(addr, len, prot, flags, fd, offset)`: the address of the mapping.
///
/// # Safety
/// With `MAP_FIXED` it can replace existing mappings (our own code or heap).
pub unsafe fn mmap(
    addr: usize,
    len: usize,
    prot: usize,
    flags: usize,
    fd: i32,
    offset: usize,
) -> Result<usize, Errno> {
    // SAFETY: the caller vouches for the effect on the address space.
    check(unsafe { syscall6(nr::MMAP, addr, len, prot, flags, fd as isize as usize, offset) })
}

/// An anonymous, private, read-write mapping of `len` bytes (zero-filled).
pub fn mmap_anonymous(len: usize) -> Result<usize, Errno> {
    // SAFETY: without MAP_FIXED the kernel picks a free range.
    unsafe { mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) }
}

/// `munmap(addr, len)`.
///
/// # Safety
/// Nothing may use the range afterwards.
pub unsafe fn munmap(addr: usize, len: usize) -> Result<(), Errno> {
    // SAFETY: the caller vouches the range is no longer used.
    check(unsafe { syscall2(nr::MUNMAP, addr, len) }).map(|_| ())
}

/// An anonymous mapping of `len` bytes shared with the children we fork
/// (`MAP_SHARED | MAP_ANONYMOUS`): their writes are seen by us and back.
pub fn mmap_shared_anonymous(len: usize) -> Result<usize, Errno> {
    // SAFETY: without MAP_FIXED the kernel picks a free range.
    unsafe { mmap(0, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) }
}
