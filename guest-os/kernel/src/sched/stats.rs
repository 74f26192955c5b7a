//! System-wide scheduler statistics: where the CPU's time went (/proc/stat's
//! cpu line: user, nice, system, idle, iowait), context switches and forks since
//! boot, and the load averages (/proc/loadavg), computed as Linux's
//! calc_global_load does: every 5 s, an exponentially decaying average of
//! the number of tasks running or in uninterruptible sleep, in 11-bit fixed
//! point, with the decay factors for 1, 5 and 15 minutes.

use crate::klib::global::Global;

pub struct Stats {
    /// CPU time given to tasks, ns; of which in user mode, and in user
    /// mode at a positive nice value.
    pub exec_ns: u64,
    pub user_ns: u64,
    pub nice_ns: u64,
    /// Idle time while a disk request was in flight (/proc/stat's iowait):
    /// the CPU had nothing to run because tasks waited for the disk.
    pub iowait_ns: u64,
    /// Switches from one task to another, and tasks created.
    pub ctxt: u64,
    pub forks: u64,
    /// Load averages, fixed point (FIXED_1 = 1.0), and when to update next (ns).
    pub avenrun: [u64; 3],
    next_load_ns: u64,
}

static STATS: Global<Stats> = Global::new(Stats {
    exec_ns: 0,
    user_ns: 0,
    nice_ns: 0,
    iowait_ns: 0,
    ctxt: 0,
    forks: 0,
    avenrun: [0; 3],
    next_load_ns: LOAD_FREQ_NS,
});

const FSHIFT: u32 = 11;
pub const FIXED_1: u64 = 1 << FSHIFT;
/// 1/exp(5s/1min), 1/exp(5s/5min), 1/exp(5s/15min) in fixed point.
const EXP: [u64; 3] = [1884, 2014, 2037];
const LOAD_FREQ_NS: u64 = 5_000_000_000;

pub fn get() -> &'static mut Stats {
    STATS.get()
}

/// From the tick: fold `active` tasks into the averages every 5 s.
pub fn update_load(now_ns: u64, active: usize) {
    let s = STATS.get();
    while now_ns >= s.next_load_ns {
        let a = active as u64 * FIXED_1;
        for (avg, e) in s.avenrun.iter_mut().zip(EXP) {
            let new = *avg * e + a * (FIXED_1 - e);
            // Round as Linux's calc_load does when the load is rising.
            *avg = (new + if a >= *avg { FIXED_1 - 1 } else { 0 }) / FIXED_1;
        }
        s.next_load_ns += LOAD_FREQ_NS;
    }
}

/// A load average as hundredths ("1.25" is 125).
pub fn load_hundredths(i: usize) -> u64 {
    let v = STATS.get().avenrun[i];
    // Linux's LOAD_INT/LOAD_FRAC with rounding of the fraction.
    (v * 100 + FIXED_1 / 200) / FIXED_1
}
