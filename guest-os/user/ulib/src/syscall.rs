//! The system call interface: Linux's, for riscv64.
//!
//! A program asks the kernel for something with the `ecall` instruction:
//!
//! | register | in | out |
//! |---|---|---|
//! | a7 | system call number ([`nr`]) | |
//! | a0..a5 | arguments 1..6 | a0: the result |
//!
//! Everything else is preserved (the kernel restores all registers but a0).
//! A result in `-4095..=-1` is `-errno` ([`Errno`]); anything else is
//! success. riscv64 uses Linux's generic system call table
//! (`include/uapi/asm-generic/unistd.h`), so the numbers are those of arm64,
//! not x86's. Every number below was checked against that file.

use crate::errno::Errno;
use core::arch::asm;

/// System call numbers (asm-generic/unistd.h; riscv64 adds none of its own
/// that we use).
pub mod nr {
    pub const GETCWD: usize = 17;
    pub const DUP: usize = 23;
    pub const DUP3: usize = 24;
    pub const MKDIRAT: usize = 34;
    pub const UNLINKAT: usize = 35;
    pub const CHDIR: usize = 49;
    pub const OPENAT: usize = 56;
    pub const CLOSE: usize = 57;
    pub const PIPE2: usize = 59;
    pub const GETDENTS64: usize = 61;
    pub const LSEEK: usize = 62;
    pub const READ: usize = 63;
    pub const WRITE: usize = 64;
    pub const READV: usize = 65;
    pub const WRITEV: usize = 66;
    pub const NEWFSTATAT: usize = 79;
    pub const FSTAT: usize = 80;
    pub const EXIT: usize = 93;
    pub const EXIT_GROUP: usize = 94;
    pub const SET_TID_ADDRESS: usize = 96;
    pub const FUTEX: usize = 98;
    pub const NANOSLEEP: usize = 101;
    pub const CLOCK_GETTIME: usize = 113;
    pub const SCHED_SETAFFINITY: usize = 122;
    pub const SCHED_GETAFFINITY: usize = 123;
    pub const SCHED_YIELD: usize = 124;
    pub const KILL: usize = 129;
    pub const TGKILL: usize = 131;
    pub const RT_SIGACTION: usize = 134;
    pub const SETPRIORITY: usize = 140;
    pub const GETPRIORITY: usize = 141;
    pub const REBOOT: usize = 142;
    pub const TIMES: usize = 153;
    pub const SETPGID: usize = 154;
    pub const GETPGID: usize = 155;
    pub const GETSID: usize = 156;
    pub const SETSID: usize = 157;
    pub const UNAME: usize = 160;
    pub const GETRUSAGE: usize = 165;
    pub const GETPID: usize = 172;
    pub const GETPPID: usize = 173;
    pub const GETEUID: usize = 175;
    pub const GETTID: usize = 178;
    pub const BRK: usize = 214;
    pub const MUNMAP: usize = 215;
    pub const CLONE: usize = 220;
    pub const EXECVE: usize = 221;
    pub const MMAP: usize = 222;
    pub const WAIT4: usize = 260;
}

/// Turns a raw result into `Ok(value)` or `Err(errno)`: Linux returns
/// `-errno` for errors, and no valid result lies in `-4095..=-1`.
#[inline]
pub fn check(ret: isize) -> Result<usize, Errno> {
    if (-4095..0).contains(&ret) { Err(Errno(-ret as i32)) } else { Ok(ret as usize) }
}

// The raw calls. `unsafe` because arguments may be pointers the kernel will
// read or write. The asm may read and write memory (no `nomem`) and does not
// touch the stack.

/// System call with no argument.
#[inline(always)]
pub unsafe fn syscall0(n: usize) -> isize {
    let ret: isize;
    unsafe { asm!("ecall", in("a7") n, lateout("a0") ret, options(nostack)) };
    ret
}

/// System call with one argument.
#[inline(always)]
pub unsafe fn syscall1(n: usize, a0: usize) -> isize {
    let ret: isize;
    unsafe { asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret, options(nostack)) };
    ret
}

/// System call with two arguments.
#[inline(always)]
pub unsafe fn syscall2(n: usize, a0: usize, a1: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret, in("a1") a1,
             options(nostack))
    };
    ret
}

/// System call with three arguments.
#[inline(always)]
pub unsafe fn syscall3(n: usize, a0: usize, a1: usize, a2: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret, in("a1") a1,
             in("a2") a2, options(nostack))
    };
    ret
}

/// System call with four arguments.
#[inline(always)]
pub unsafe fn syscall4(n: usize, a0: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret, in("a1") a1,
             in("a2") a2, in("a3") a3, options(nostack))
    };
    ret
}

/// System call with five arguments.
#[inline(always)]
pub unsafe fn syscall5(n: usize, a0: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret, in("a1") a1,
             in("a2") a2, in("a3") a3, in("a4") a4, options(nostack))
    };
    ret
}

/// System call with six arguments.
#[inline(always)]
pub unsafe fn syscall6(
    n: usize,
    a0: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
    a5: usize,
) -> isize {
    let ret: isize;
    unsafe {
        asm!("ecall", in("a7") n, inlateout("a0") a0 as isize => ret, in("a1") a1,
             in("a2") a2, in("a3") a3, in("a4") a4, in("a5") a5, options(nostack))
    };
    ret
}

/// A system call that does not return (exit, exit_group).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a0: usize) -> ! {
    unsafe { asm!("ecall", in("a7") n, in("a0") a0, options(noreturn, nostack)) }
}
