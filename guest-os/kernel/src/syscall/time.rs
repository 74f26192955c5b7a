//! Time system calls: nanosleep and clock_gettime, on the deterministic
//! clock (dev/timer.rs) and the scheduler's CPU-time accounting.

use super::*;

/// nanosleep(req, rem): sleep at least req (rounded up to the next tick).
pub(super) fn sys_nanosleep(p: &mut Proc, req: u64, rem: u64) -> SysResult {
    let mut ts = [0u8; 16];
    user_in(p, req, &mut ts)?;
    let sec = i64::from_le_bytes(ts[..8].try_into().unwrap());
    let nsec = i64::from_le_bytes(ts[8..].try_into().unwrap());
    if sec < 0 || !(0..1_000_000_000).contains(&nsec) {
        return Err(EINVAL);
    }
    let tb = timer::timebase();
    let ticks = (sec as u64).saturating_mul(tb).saturating_add(nsec as u64 * tb / 1_000_000_000);
    let until = riscv::time().saturating_add(ticks.max(1));
    while riscv::time() < until {
        if crate::signal::signal_pending(p) {
            // EINTR if a handler runs (with the time left), else restart.
            if rem != 0 {
                let left = (until - riscv::time()) * 1_000_000_000 / tb;
                let mut out = [0u8; 16];
                out[..8].copy_from_slice(&(left / 1_000_000_000).to_le_bytes());
                out[8..].copy_from_slice(&(left % 1_000_000_000).to_le_bytes());
                user_out(p, rem, &out)?;
            }
            return Err(crate::signal::ERESTARTNOHAND);
        }
        crate::sched::sleep(0, until);
    }
    if rem != 0 {
        user_out(p, rem, &[0u8; 16])?;
    }
    Ok(0)
}

/// clock_gettime(clock, ts): REALTIME (0, which starts at boot for now),
/// MONOTONIC (1), MONOTONIC_RAW (4), BOOTTIME (7); and CPU time used:
/// PROCESS_CPUTIME_ID (2: all threads) and THREAD_CPUTIME_ID (3), from
/// the scheduler's sum_exec_runtime (ns, the deterministic clock).
pub(super) fn sys_clock_gettime(p: &mut Proc, clock: u64, ts: u64) -> SysResult {
    let ns = match clock {
        0 | 1 | 4 | 7 => timer::now_ns(),
        2 | 3 => {
            crate::sched::cfs::update_curr(&mut p.se, timer::now_ns());
            if clock == 3 {
                p.se.sum_exec_runtime
            } else {
                proc::threads_of(p.tgid).map(|t| t.se.sum_exec_runtime).sum()
            }
        }
        _ => return Err(EINVAL),
    };
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&(ns / 1_000_000_000).to_le_bytes());
    out[8..].copy_from_slice(&(ns % 1_000_000_000).to_le_bytes());
    user_out(p, ts, &out)?;
    Ok(0)
}
