//! Kernel tunables: the files under /proc/sys (fs/procfs/sys.rs shows them).
//!
//! Each is an integer with a default and a range; reading gives "N\n",
//! writing "N\n" (or "N") sets it, like Linux's proc_dointvec_minmax:
//! garbage or a value out of range is EINVAL and changes nothing.
//! Adding one is one line in the table below, plus a getter if kernel code
//! reads it.

use core::sync::atomic::{AtomicI64, Ordering};

pub struct Sysctl {
    /// Path under /proc/sys, e.g. "kernel/pid_max".
    pub path: &'static str,
    value: AtomicI64,
    #[allow(dead_code)] // for a reset, and for readers of the table
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

/// Why a write was refused (EINVAL).
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid;

impl Sysctl {
    const fn new(path: &'static str, default: i64, min: i64, max: i64) -> Sysctl {
        Sysctl { path, value: AtomicI64::new(default), default, min, max }
    }

    pub fn get(&self) -> i64 {
        self.value.load(Ordering::Relaxed)
    }

    /// Set by the kernel itself (a counter, a boot parameter): no range
    /// check (fail_injected counts past its writable range, 0..=0).
    pub fn set(&self, n: i64) {
        self.value.store(n, Ordering::Relaxed);
    }

    /// Set from user text: optional whitespace, an optional sign, decimal
    /// digits, optional trailing whitespace (the "\n" of echo).
    pub fn write(&self, text: &[u8]) -> Result<(), Invalid> {
        let s = core::str::from_utf8(text).map_err(|_| Invalid)?.trim();
        let n: i64 = s.parse().map_err(|_| Invalid)?;
        if !(self.min..=self.max).contains(&n) {
            return Err(Invalid);
        }
        self.value.store(n, Ordering::Relaxed);
        after_write(self.path, n);
        Ok(())
    }
}

macro_rules! sysctls {
    ($($name:ident: $path:literal = $default:literal, $min:literal..=$max:literal;)*) => {
        $(pub static $name: Sysctl = Sysctl::new($path, $default, $min, $max);)*
        /// Every tunable, in /proc/sys listing order.
        pub static TABLE: &[&Sysctl] = &[$(&$name),*];
    };
}

sysctls! {
    PID_MAX: "kernel/pid_max" = 32768, 301..=4194304;
    THREADS_MAX: "kernel/threads-max" = 512, 20..=1048576;
    OVERCOMMIT_MEMORY: "vm/overcommit_memory" = 0, 0..=2;
    OVERCOMMIT_RATIO: "vm/overcommit_ratio" = 100, 0..=1000;
    DROP_CACHES: "vm/drop_caches" = 0, 1..=3;
    SCHED_LATENCY_NS: "kernel/sched_latency_ns" = 6000000, 100000..=1000000000;
    SCHED_MIN_GRANULARITY_NS: "kernel/sched_min_granularity_ns" = 750000, 100000..=1000000000;
    SCHED_WAKEUP_GRANULARITY_NS: "kernel/sched_wakeup_granularity_ns" = 1000000, 0..=1000000000;
    SCHED_CHILD_RUNS_FIRST: "kernel/sched_child_runs_first" = 0, 0..=1;
    FAIL_PAGE_ALLOC: "debug/fail_page_alloc" = 0, 0..=1000000000;
    FAIL_RANDOM: "debug/fail_random" = 0, 0..=1;
    FAIL_NTH: "debug/fail_nth" = 0, 0..=1000000000;
    FAIL_INJECTED: "debug/fail_injected" = 0, 0..=0;
}

/// Side effects of writing an entry (most have none: readers look at the
/// value when they need it).
fn after_write(path: &str, _value: i64) {
    if path == "debug/fail_page_alloc" || path == "debug/fail_random" {
        crate::mm::fail::restart();
    }
    if path == "vm/drop_caches" {
        // Linux: 1 = page cache, 2 = slab, 3 = both. We cache pages and
        // disk blocks (clean ones go; dirty ones stay until written back).
        crate::mm::pagecache::shrink();
        crate::fs::buffer::drop_clean();
    }
}

/// vm.overcommit_memory: 0 heuristic, 1 always, 2 strict (commit.rs).
pub fn overcommit_memory() -> u64 {
    OVERCOMMIT_MEMORY.get() as u64
}

/// vm.overcommit_ratio: the percentage of RAM strict mode lets commit.
pub fn overcommit_ratio() -> usize {
    OVERCOMMIT_RATIO.get() as usize
}

/// Pids wrap around below this (kernel/pid_max).
pub fn pid_max() -> i32 {
    PID_MAX.get() as i32
}

/// Most tasks the system may have (kernel/threads-max).
pub fn threads_max() -> usize {
    THREADS_MAX.get() as usize
}
