//! Signal handlers and masks: rt_sigaction with a handler function,
//! rt_sigprocmask, rt_sigpending, rt_sigsuspend, tgkill, process groups
//! (setpgid, getpgid, getsid, setsid) and the terminal's foreground group
//! (ioctl TIOCGPGRP / TIOCSPGRP).
//!
//! riscv64 has no sa_restorer: the kernel makes a handler return through
//! the sigreturn code of its [vdso] page. A handler is `extern "C" fn(i32)`,
//! or with SA_SIGINFO `extern "C" fn(i32, *const SigInfo, *mut u8)`.

use crate::errno::Errno;
use crate::sigaction::{SigAction, rt_sigaction};
use crate::syscall::{check, syscall1, syscall2, syscall3, syscall4};

pub const SA_NOCLDSTOP: u64 = 1;
pub const SA_SIGINFO: u64 = 4;
pub const SA_RESTART: u64 = 0x1000_0000;
pub const SA_NODEFER: u64 = 0x4000_0000;
pub const SA_RESETHAND: u64 = 0x8000_0000;

pub const SIG_BLOCK: usize = 0;
pub const SIG_UNBLOCK: usize = 1;
pub const SIG_SETMASK: usize = 2;

const IOCTL: usize = 29;
const TGKILL: usize = 131;
const RT_SIGSUSPEND: usize = 133;
const RT_SIGPROCMASK: usize = 135;
const RT_SIGPENDING: usize = 136;
const SETPGID: usize = 154;
const GETPGID: usize = 155;
const GETSID: usize = 156;
const SETSID: usize = 157;
const TIOCGPGRP: usize = 0x540f;
const TIOCSPGRP: usize = 0x5410;

/// The start of siginfo_t (128 bytes in all): what the kernel fills.
#[repr(C)]
pub struct SigInfo {
    pub signo: i32,
    pub errno: i32,
    pub code: i32,
    _pad: i32,
    /// si_pid (low half) and si_uid, or si_addr for faults.
    pub word: u64,
    pub status: i32,
}

/// The bit of `sig` in a sigset.
pub const fn sigbit(sig: i32) -> u64 {
    1 << (sig - 1)
}

/// Install `handler` (a function address) for `sig` with `flags`, and
/// `mask` blocked while it runs; returns the previous action.
pub fn set_handler(sig: i32, handler: usize, flags: u64, mask: u64) -> Result<SigAction, Errno> {
    rt_sigaction(sig, Some(&SigAction { handler, flags, mask }))
}

/// rt_sigprocmask(how, set, &old, 8): returns the previous mask.
pub fn sigprocmask(how: usize, set: Option<u64>) -> Result<u64, Errno> {
    let mut old = 0u64;
    let s = set.unwrap_or(0);
    let sp = if set.is_some() { &s as *const u64 as usize } else { 0 };
    check(unsafe { syscall4(RT_SIGPROCMASK, how, sp, &mut old as *mut u64 as usize, 8) })?;
    Ok(old)
}

/// rt_sigpending: the blocked signals waiting.
pub fn sigpending() -> Result<u64, Errno> {
    let mut set = 0u64;
    check(unsafe { syscall2(RT_SIGPENDING, &mut set as *mut u64 as usize, 8) })?;
    Ok(set)
}

/// rt_sigsuspend(mask): wait for a handled signal (always EINTR).
pub fn sigsuspend(mask: u64) -> Errno {
    match check(unsafe { syscall2(RT_SIGSUSPEND, &mask as *const u64 as usize, 8) }) {
        Err(e) => e,
        Ok(_) => Errno(0),
    }
}

/// tgkill(tgid, tid, sig).
pub fn tgkill(tgid: i32, tid: i32, sig: i32) -> Result<(), Errno> {
    check(unsafe { syscall3(TGKILL, tgid as usize, tid as usize, sig as usize) }).map(|_| ())
}

pub fn setpgid(pid: i32, pgid: i32) -> Result<(), Errno> {
    check(unsafe { syscall2(SETPGID, pid as usize, pgid as usize) }).map(|_| ())
}

pub fn getpgid(pid: i32) -> Result<i32, Errno> {
    check(unsafe { syscall1(GETPGID, pid as usize) }).map(|v| v as i32)
}

pub fn getsid(pid: i32) -> Result<i32, Errno> {
    check(unsafe { syscall1(GETSID, pid as usize) }).map(|v| v as i32)
}

pub fn setsid() -> Result<i32, Errno> {
    check(unsafe { syscall1(SETSID, 0) }).map(|v| v as i32)
}

/// tcgetpgrp(fd) / tcsetpgrp(fd, pgid).
pub fn tcgetpgrp(fd: i32) -> Result<i32, Errno> {
    let mut g = 0i32;
    check(unsafe { syscall3(IOCTL, fd as usize, TIOCGPGRP, &mut g as *mut i32 as usize) })?;
    Ok(g)
}

pub fn tcsetpgrp(fd: i32, pgid: i32) -> Result<(), Errno> {
    check(unsafe { syscall3(IOCTL, fd as usize, TIOCSPGRP, &pgid as *const i32 as usize) })
        .map(|_| ())
}
