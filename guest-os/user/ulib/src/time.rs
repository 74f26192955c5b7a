//! Time: nanosleep, clock_gettime, sched_yield.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall0, syscall2};

/// `struct timespec` (64-bit seconds and nanoseconds on riscv64).
#[repr(C)]
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Timespec {
    pub tv_sec: i64,
    pub tv_nsec: i64,
}

pub const CLOCK_REALTIME: u32 = 0;
pub const CLOCK_MONOTONIC: u32 = 1;
/// CPU time used by the whole process (all threads), user + system.
pub const CLOCK_PROCESS_CPUTIME_ID: u32 = 2;
/// CPU time used by the calling thread.
pub const CLOCK_THREAD_CPUTIME_ID: u32 = 3;

impl Timespec {
    /// Nanoseconds as one number.
    pub fn as_nanos(&self) -> i64 {
        self.tv_sec * 1_000_000_000 + self.tv_nsec
    }
    /// A timespec of `ns` nanoseconds.
    pub fn from_nanos(ns: i64) -> Timespec {
        Timespec { tv_sec: ns.div_euclid(1_000_000_000), tv_nsec: ns.rem_euclid(1_000_000_000) }
    }
}

/// `clock_gettime(clock)` in nanoseconds (0 if the clock is not there).
pub fn now_ns(clock: u32) -> i64 {
    clock_gettime(clock).map_or(0, |t| t.as_nanos())
}

/// `nanosleep(&req, &rem)`: on EINTR, `Err((EINTR, time left))`.
pub fn nanosleep(req: &Timespec) -> Result<(), (Errno, Timespec)> {
    let mut rem = Timespec::default();
    // SAFETY: the kernel reads req and may write rem.
    check(unsafe {
        syscall2(nr::NANOSLEEP, req as *const Timespec as usize, &mut rem as *mut Timespec as usize)
    })
    .map(|_| ())
    .map_err(|e| (e, rem))
}

/// Sleeps for all of `req`, resuming after interruptions.
pub fn sleep(req: Timespec) -> Result<(), Errno> {
    let mut left = req;
    loop {
        match nanosleep(&left) {
            Ok(()) => return Ok(()),
            Err((Errno::EINTR, rem)) => left = rem,
            Err((e, _)) => return Err(e),
        }
    }
}

/// `clock_gettime(clock, &ts)`.
pub fn clock_gettime(clock: u32) -> Result<Timespec, Errno> {
    let mut ts = Timespec::default();
    // SAFETY: the kernel writes one timespec into ts.
    check(unsafe {
        syscall2(nr::CLOCK_GETTIME, clock as usize, &mut ts as *mut Timespec as usize)
    })?;
    Ok(ts)
}

/// `sched_yield()`: lets another runnable process run.
pub fn sched_yield() {
    // SAFETY: no arguments.
    unsafe { syscall0(nr::SCHED_YIELD) };
}
