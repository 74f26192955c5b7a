//! Process IDs, allocated as Linux does: upward from the last one given,
//! wrapping around at pid_max (/proc/sys/kernel/pid_max, default 32768)
//! to RESERVED_PIDS, and skipping numbers still in use (by a live task, a
//! zombie, or as a thread group's id).

use crate::klib::global::Global;
use crate::proc::{self, Pid};

/// Where allocation restarts after wrapping: low pids are for daemons.
const RESERVED_PIDS: Pid = 300;

static LAST: Global<Pid> = Global::new(0);

/// A free pid, or None if every number below pid_max is taken.
pub fn alloc() -> Option<Pid> {
    let max = crate::klib::sysctl::pid_max();
    let last = LAST.get();
    let mut candidate = *last;
    for _ in 0..max {
        candidate += 1;
        if candidate >= max {
            candidate = if max > RESERVED_PIDS + 1 { RESERVED_PIDS } else { 1 };
        }
        if !in_use(candidate) {
            *last = candidate;
            return Some(candidate);
        }
    }
    None
}

fn in_use(pid: Pid) -> bool {
    proc::table().contains_key(&pid) || proc::table().values().any(|p| p.tgid == pid)
}

/// The pid given out last (/proc/loadavg's last field).
pub fn last() -> Pid {
    *LAST.get()
}
