//! Time system calls: sleeping (nanosleep, clock_nanosleep), reading
//! clocks (clock_gettime, clock_getres, gettimeofday) and CPU times
//! (times), on the deterministic clock (dev/timer.rs) and the
//! scheduler's CPU-time accounting.

use super::*;
use crate::proc::Restart;

const CLOCK_REALTIME: u64 = 0;
const CLOCK_MONOTONIC: u64 = 1;
const CLOCK_PROCESS_CPUTIME_ID: u64 = 2;
const CLOCK_THREAD_CPUTIME_ID: u64 = 3;
const CLOCK_MONOTONIC_RAW: u64 = 4;
const CLOCK_REALTIME_COARSE: u64 = 5;
const CLOCK_MONOTONIC_COARSE: u64 = 6;
const CLOCK_BOOTTIME: u64 = 7;
const CLOCK_TAI: u64 = 11;
const TIMER_ABSTIME: u64 = 1;
const NSEC_PER_SEC: u64 = 1_000_000_000;

/// A user struct timespec, checked as Linux's timespec64_valid: EINVAL
/// for a negative second count or nanoseconds outside 0..1e9.
pub(super) fn read_timespec(p: &Proc, va: u64) -> Result<(u64, u64), i64> {
    let mut ts = [0u8; 16];
    user_in(p, va, &mut ts)?;
    let sec = i64::from_le_bytes(ts[..8].try_into().unwrap());
    let nsec = i64::from_le_bytes(ts[8..].try_into().unwrap());
    if sec < 0 || !(0..NSEC_PER_SEC as i64).contains(&nsec) {
        return Err(EINVAL);
    }
    Ok((sec as u64, nsec as u64))
}

pub(super) fn timespec_bytes(ns: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&(ns / NSEC_PER_SEC).to_le_bytes());
    out[8..].copy_from_slice(&(ns % NSEC_PER_SEC).to_le_bytes());
    out
}

/// A duration as mtime ticks, rounded up (a sleep is never shorter).
pub(super) fn ticks_of(sec: u64, nsec: u64) -> u64 {
    let tb = timer::timebase();
    sec.saturating_mul(tb).saturating_add((nsec * tb).div_ceil(NSEC_PER_SEC))
}

/// mtime ticks as nanoseconds.
pub(super) fn ns_of(ticks: u64) -> u64 {
    let tb = timer::timebase();
    (ticks / tb) * NSEC_PER_SEC + (ticks % tb) * NSEC_PER_SEC / tb
}

/// mtime of the absolute time `sec.nsec` on the boot-based clocks (all
/// of ours start at boot, mtime 0).
fn mtime_at(sec: u64, nsec: u64) -> u64 {
    ticks_of(sec, nsec)
}

/// nanosleep(req, rem): clock_nanosleep on CLOCK_MONOTONIC, relative.
pub(super) fn sys_nanosleep(p: &mut Proc, req: u64, rem: u64) -> SysResult {
    sys_clock_nanosleep(p, CLOCK_MONOTONIC, 0, req, rem)
}

/// clock_nanosleep(clock, flags, req, rem): sleep for `req` (relative) or
/// until the clock reads `req` (TIMER_ABSTIME) on REALTIME, MONOTONIC,
/// BOOTTIME or TAI (one clock here, counting from boot). Interrupted by a
/// signal whose handler runs: EINTR, and a relative sleep writes the time
/// left to `rem`; otherwise (a stop and SIGCONT) it goes on where it was
/// (restart_syscall), as on Linux. The thread's CPU clock cannot be slept
/// on (EINVAL), nor the raw and coarse clocks (EOPNOTSUPP), nor the
/// process's CPU clock here (EOPNOTSUPP: Linux can).
pub(super) fn sys_clock_nanosleep(
    p: &mut Proc,
    clock: u64,
    flags: u64,
    req: u64,
    rem: u64,
) -> SysResult {
    match clock as u32 as u64 {
        CLOCK_REALTIME | CLOCK_MONOTONIC | CLOCK_BOOTTIME | CLOCK_TAI => {}
        CLOCK_THREAD_CPUTIME_ID => return Err(EINVAL),
        CLOCK_PROCESS_CPUTIME_ID
        | CLOCK_MONOTONIC_RAW
        | CLOCK_REALTIME_COARSE
        | CLOCK_MONOTONIC_COARSE
        | 8
        | 9 => return Err(ENOTSUP),
        _ => return Err(EINVAL),
    }
    let (sec, nsec) = read_timespec(p, req)?;
    if flags & TIMER_ABSTIME != 0 {
        let until = mtime_at(sec, nsec);
        // An absolute sleep restarts with the same arguments.
        return sleep_until(p, until).map_err(|_| crate::signal::ERESTARTNOHAND);
    }
    let until = riscv::time().saturating_add(ticks_of(sec, nsec).max(1));
    relative_sleep(p, until, rem)
}

/// Sleep until mtime `until`; Err if a signal came first.
fn sleep_until(p: &mut Proc, until: u64) -> Result<i64, ()> {
    while riscv::time() < until {
        if crate::signal::signal_pending(p) {
            return Err(());
        }
        crate::sched::sleep(0, until);
    }
    Ok(0)
}

/// A relative sleep until mtime `until` (started by clock_nanosleep, or
/// going on through restart_syscall); the time left goes to `rem` when
/// interrupted.
fn relative_sleep(p: &mut Proc, until: u64, rem: u64) -> SysResult {
    if sleep_until(p, until).is_ok() {
        return Ok(0);
    }
    if rem != 0 {
        let left = ns_of(until.saturating_sub(riscv::time()));
        user_out(p, rem, &timespec_bytes(left))?;
    }
    p.restart = Restart::Sleep { until, rem };
    Err(crate::signal::ERESTART_RESTARTBLOCK)
}

/// restart_syscall(): go on with the call a signal interrupted (its
/// `restart` block); EINTR if there is none, as Linux's default.
pub(super) fn sys_restart_syscall(p: &mut Proc) -> SysResult {
    match core::mem::take(&mut p.restart) {
        Restart::Sleep { until, rem } => relative_sleep(p, until, rem),
        Restart::FutexWait { uaddr, op, val, until } => {
            super::process::futex_wait_restart(p, uaddr, op, val, until)
        }
        Restart::None => Err(EINTR),
    }
}

/// clock_gettime(clock, ts): REALTIME (0, which starts at boot for now),
/// MONOTONIC (1), MONOTONIC_RAW (4), the coarse ones (5, 6), BOOTTIME
/// (7), TAI (11); and CPU time used: PROCESS_CPUTIME_ID (2: all threads)
/// and THREAD_CPUTIME_ID (3), from the scheduler's sum_exec_runtime (ns,
/// the deterministic clock).
pub(super) fn sys_clock_gettime(p: &mut Proc, clock: u64, ts: u64) -> SysResult {
    let ns = match clock {
        CLOCK_REALTIME
        | CLOCK_MONOTONIC
        | CLOCK_MONOTONIC_RAW
        | CLOCK_REALTIME_COARSE
        | CLOCK_MONOTONIC_COARSE
        | CLOCK_BOOTTIME
        | CLOCK_TAI => timer::now_ns(),
        CLOCK_PROCESS_CPUTIME_ID | CLOCK_THREAD_CPUTIME_ID => {
            crate::sched::cfs::update_curr(&mut p.se, timer::now_ns());
            if clock == CLOCK_THREAD_CPUTIME_ID {
                p.se.sum_exec_runtime
            } else {
                proc::threads_of(p.tgid).map(|t| t.se.sum_exec_runtime).sum()
            }
        }
        _ => return Err(EINVAL),
    };
    user_out(p, ts, &timespec_bytes(ns))?;
    Ok(0)
}

/// clock_getres(clock, res): one mtime tick for every clock we have
/// (the coarse ones tick with the scheduler, as Linux's tick).
pub(super) fn sys_clock_getres(p: &mut Proc, clock: u64, res: u64) -> SysResult {
    match clock {
        CLOCK_REALTIME..=CLOCK_BOOTTIME | CLOCK_TAI => {}
        _ => return Err(EINVAL),
    }
    if res != 0 {
        let tick = NSEC_PER_SEC.div_ceil(timer::timebase()).max(1);
        user_out(p, res, &timespec_bytes(tick))?;
    }
    Ok(0)
}

/// gettimeofday(tv, tz): CLOCK_REALTIME in microseconds; the time zone
/// is UTC (zeros), as the kernel keeps it unless told otherwise.
pub(super) fn sys_gettimeofday(p: &mut Proc, tv: u64, tz: u64) -> SysResult {
    let ns = timer::now_ns();
    if tv != 0 {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&(ns / NSEC_PER_SEC).to_le_bytes());
        out[8..].copy_from_slice(&(ns % NSEC_PER_SEC / 1000).to_le_bytes());
        user_out(p, tv, &out)?;
    }
    if tz != 0 {
        user_out(p, tz, &[0u8; 8])?;
    }
    Ok(0)
}

/// Clock ticks per second of times() and /proc (Linux's USER_HZ).
const USER_HZ: u64 = 100;

/// times(buf): struct tms (utime, stime, cutime, cstime in USER_HZ
/// ticks) of the calling process (all its threads) and its reaped
/// children; returns the ticks since boot.
pub(super) fn sys_times(p: &mut Proc, buf: u64) -> SysResult {
    let now = timer::now_ns();
    crate::sched::cfs::update_curr(&mut p.se, now);
    if buf != 0 {
        let (mut ut, mut st) = (0, 0);
        for t in proc::threads_of(p.tgid) {
            ut += t.utime_ns;
            st += t.stime_ns();
        }
        let l = proc::get(p.tgid).map(|l| (l.cutime_ns, l.cstime_ns)).unwrap_or((0, 0));
        let tick = NSEC_PER_SEC / USER_HZ;
        let mut out = [0u8; 32];
        for (i, v) in [ut, st, l.0, l.1].iter().enumerate() {
            out[i * 8..i * 8 + 8].copy_from_slice(&(v / tick).to_le_bytes());
        }
        user_out(p, buf, &out)?;
    }
    Ok((now / (NSEC_PER_SEC / USER_HZ)) as i64)
}
