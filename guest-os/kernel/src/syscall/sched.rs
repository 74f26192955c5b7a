//! Scheduling system calls: nice values (setpriority/getpriority) and
//! CPU affinity; sched/ does the work.

use super::*;

const PRIO_PROCESS: u64 = 0;
const PRIO_PGRP: u64 = 1;
const PRIO_USER: u64 = 2;

/// The tasks setpriority/getpriority(which, who) mean: a process (all
/// its threads; who 0 = the caller), a process group (we have one per
/// process for now: the process), or a user (everyone: all run as root).
fn prio_targets(p: &Proc, which: u64, who: i32) -> Result<alloc::vec::Vec<Pid>, i64> {
    let table = proc::table();
    let pids: alloc::vec::Vec<Pid> = match which {
        PRIO_PROCESS | PRIO_PGRP => {
            let tgid = if who == 0 { p.tgid } else { table.get(&who).ok_or(ESRCH)?.tgid };
            table.values().filter(|t| t.tgid == tgid).map(|t| t.pid).collect()
        }
        PRIO_USER => {
            table.values().filter(|t| t.state != proc::State::Zombie).map(|t| t.pid).collect()
        }
        _ => return Err(EINVAL),
    };
    if pids.is_empty() { Err(ESRCH) } else { Ok(pids) }
}

/// setpriority(which, who, nice): set the nice value (clamped to -20..19,
/// as Linux does), which sets the CFS weight. Every caller is root, so
/// lowering nice is allowed.
pub(super) fn sys_setpriority(p: &mut Proc, which: u64, who: i32, nice: i32) -> SysResult {
    let nice = nice.clamp(-20, 19);
    for pid in prio_targets(p, which, who)? {
        crate::sched::set_nice(proc::get(pid).unwrap(), nice);
    }
    Ok(0)
}

/// getpriority(which, who): 20 - nice of the highest-priority target (the
/// raw system call avoids negative returns; libc turns it back into nice).
pub(super) fn sys_getpriority(p: &mut Proc, which: u64, who: i32) -> SysResult {
    let best =
        prio_targets(p, which, who)?.iter().map(|&pid| proc::get(pid).unwrap().se.nice).min();
    Ok(20 - best.unwrap_or(0) as i64)
}

/// sched_setaffinity/sched_getaffinity(pid, len, mask): one CPU, so the
/// mask must include CPU 0; get returns the mask {0} (8 bytes, as Linux
/// returns the size of its cpumask).
pub(super) fn sys_sched_affinity(
    p: &mut Proc,
    pid: i32,
    len: u64,
    mask: u64,
    set: bool,
) -> SysResult {
    if pid != 0 && proc::get(pid).is_none() {
        return Err(ESRCH);
    }
    if len < 8 {
        return Err(EINVAL);
    }
    if set {
        let mut m = [0u8; 8];
        user_in(p, mask, &mut m)?;
        if m[0] & 1 == 0 {
            return Err(EINVAL);
        }
        Ok(0)
    } else {
        user_out(p, mask, &1u64.to_le_bytes())?;
        Ok(8)
    }
}
