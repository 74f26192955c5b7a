//! Signals: numbers, names, and the descriptions shells print when a child
//! dies of one ("Killed", "Segmentation fault").
//!
//! Numbers are Linux's generic ones (riscv64 = arm64 = x86 for 1..31).
//! Descriptions are glibc's `strsignal` text, which bash prints.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall2};

pub const SIGHUP: i32 = 1;
pub const SIGINT: i32 = 2;
pub const SIGQUIT: i32 = 3;
pub const SIGILL: i32 = 4;
pub const SIGTRAP: i32 = 5;
pub const SIGABRT: i32 = 6;
pub const SIGBUS: i32 = 7;
pub const SIGFPE: i32 = 8;
pub const SIGKILL: i32 = 9;
pub const SIGUSR1: i32 = 10;
pub const SIGSEGV: i32 = 11;
pub const SIGUSR2: i32 = 12;
pub const SIGPIPE: i32 = 13;
pub const SIGALRM: i32 = 14;
pub const SIGTERM: i32 = 15;
pub const SIGCHLD: i32 = 17;
pub const SIGCONT: i32 = 18;
pub const SIGSTOP: i32 = 19;
pub const SIGTSTP: i32 = 20;
pub const SIGTTIN: i32 = 21;
pub const SIGTTOU: i32 = 22;

/// (number, name without "SIG", description), for 1..=31.
const TABLE: &[(i32, &str, &str)] = &[
    (1, "HUP", "Hangup"),
    (2, "INT", "Interrupt"),
    (3, "QUIT", "Quit"),
    (4, "ILL", "Illegal instruction"),
    (5, "TRAP", "Trace/breakpoint trap"),
    (6, "ABRT", "Aborted"),
    (7, "BUS", "Bus error"),
    (8, "FPE", "Floating point exception"),
    (9, "KILL", "Killed"),
    (10, "USR1", "User defined signal 1"),
    (11, "SEGV", "Segmentation fault"),
    (12, "USR2", "User defined signal 2"),
    (13, "PIPE", "Broken pipe"),
    (14, "ALRM", "Alarm clock"),
    (15, "TERM", "Terminated"),
    (16, "STKFLT", "Stack fault"),
    (17, "CHLD", "Child exited"),
    (18, "CONT", "Continued"),
    (19, "STOP", "Stopped (signal)"),
    (20, "TSTP", "Stopped"),
    (21, "TTIN", "Stopped (tty input)"),
    (22, "TTOU", "Stopped (tty output)"),
    (23, "URG", "Urgent I/O condition"),
    (24, "XCPU", "CPU time limit exceeded"),
    (25, "XFSZ", "File size limit exceeded"),
    (26, "VTALRM", "Virtual timer expired"),
    (27, "PROF", "Profiling timer expired"),
    (28, "WINCH", "Window changed"),
    (29, "IO", "I/O possible"),
    (30, "PWR", "Power failure"),
    (31, "SYS", "Bad system call"),
];

/// The name without "SIG" ("KILL"), if `sig` is a standard signal.
pub fn name(sig: i32) -> Option<&'static str> {
    TABLE.iter().find(|e| e.0 == sig).map(|e| e.1)
}

/// What bash prints when a process dies of `sig`: "Killed", "Segmentation
/// fault", ... ("Unknown signal" otherwise).
pub fn description(sig: i32) -> &'static str {
    TABLE.iter().find(|e| e.0 == sig).map_or("Unknown signal", |e| e.2)
}

/// A signal from "9", "KILL" or "SIGKILL".
pub fn parse(s: &[u8]) -> Option<i32> {
    if !s.is_empty() && s.iter().all(u8::is_ascii_digit) {
        let n = core::str::from_utf8(s).ok()?.parse().ok()?;
        return (0..65).contains(&n).then_some(n);
    }
    let s = s.strip_prefix(b"SIG").unwrap_or(s);
    TABLE.iter().find(|e| e.1.as_bytes() == s).map(|e| e.0)
}

/// `kill(pid, sig)`: sends `sig` to process `pid` (sig 0 only checks it exists).
pub fn kill(pid: i32, sig: i32) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall2(nr::KILL, pid as isize as usize, sig as usize) }).map(|_| ())
}
