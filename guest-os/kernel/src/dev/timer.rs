//! The S-mode timer (Sstc): the kernel sets stimecmp, and the timer
//! interrupt is pending while time >= stimecmp. No M-mode code is involved.
//!
//! For now the only user is a boot-time check that interrupts work: take
//! a few ticks, count them in the handler, and report the count.

use crate::arch::riscv::{self, csr_clear, csr_set, irq};
use core::sync::atomic::{AtomicU64, Ordering};

/// Ticks taken so far, and how many the demo wants.
static TICKS: AtomicU64 = AtomicU64::new(0);
static WANTED: AtomicU64 = AtomicU64::new(0);
/// Timer ticks (mtime units) between two interrupts.
static INTERVAL: AtomicU64 = AtomicU64::new(0);

/// The timer interrupt handler for kernel traps (called from trap/mod.rs):
/// once the scheduler tick runs (start), a tick taken by the idle loop;
/// before, the boot demo's: count the tick, then ask for the next one,
/// or switch the timer off after the last.
pub fn interrupt() {
    if TICK_INTERVAL.load(Ordering::Relaxed) != 0 {
        tick();
        return;
    }
    let n = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
    if n < WANTED.load(Ordering::Relaxed) {
        riscv::set_stimecmp(riscv::time() + INTERVAL.load(Ordering::Relaxed));
    } else {
        riscv::set_stimecmp(u64::MAX); // clears the pending interrupt
    }
}

/// Take `ticks` timer interrupts `ms` milliseconds apart, sleeping in wfi
/// in between; return how many the handler counted.
pub fn demo(timebase_hz: u64, ticks: u64, ms: u64) -> u64 {
    TICKS.store(0, Ordering::Relaxed);
    WANTED.store(ticks, Ordering::Relaxed);
    INTERVAL.store(timebase_hz * ms / 1000, Ordering::Relaxed);

    riscv::intr_off();
    csr_set!("sie", 1 << irq::S_TIMER);
    riscv::set_stimecmp(riscv::time() + INTERVAL.load(Ordering::Relaxed));
    // Check, then sleep, with interrupts off: a tick that arrives in
    // between stays pending and ends the wfi at once instead of being
    // taken (and missed) before we sleep. Turning interrupts on for one
    // instruction lets the pending tick's trap happen.
    while TICKS.load(Ordering::Relaxed) < ticks {
        riscv::wfi();
        riscv::intr_on();
        riscv::intr_off();
    }
    csr_clear!("sie", 1 << irq::S_TIMER);
    TICKS.load(Ordering::Relaxed)
}

// --- the scheduler's tick -------------------------------------------------

/// mtime ticks per second, and per scheduler tick (timebase / HZ).
static TIMEBASE: AtomicU64 = AtomicU64::new(10_000_000);
static TICK_INTERVAL: AtomicU64 = AtomicU64::new(0);
/// Scheduler ticks since start().
static JIFFIES: AtomicU64 = AtomicU64::new(0);

/// The next periodic tick, the end of the running task's slice (HRTICK),
/// and the earliest timed sleeper's wake-up, in mtime units; the timer
/// (stimecmp) is set for the earliest of the three, so preemption and
/// wake-ups happen on time, not at the next periodic tick.
static NEXT_TICK: AtomicU64 = AtomicU64::new(u64::MAX);
static PREEMPT_AT: AtomicU64 = AtomicU64::new(u64::MAX);
static WAKE_AT: AtomicU64 = AtomicU64::new(u64::MAX);

fn rearm() {
    let at = NEXT_TICK
        .load(Ordering::Relaxed)
        .min(PREEMPT_AT.load(Ordering::Relaxed))
        .min(WAKE_AT.load(Ordering::Relaxed));
    riscv::set_stimecmp(at);
}

/// Start the periodic tick: `hz` interrupts a second (bootargs hz=N).
pub fn start(timebase_hz: u64, hz: u64) {
    TIMEBASE.store(timebase_hz, Ordering::Relaxed);
    TICK_INTERVAL.store((timebase_hz / hz).max(1), Ordering::Relaxed);
    NEXT_TICK.store(riscv::time() + TICK_INTERVAL.load(Ordering::Relaxed), Ordering::Relaxed);
    rearm();
    csr_set!("sie", 1 << irq::S_TIMER);
}

/// A timer interrupt (from trap/mod.rs, via sched::tick): count a periodic
/// tick if one is due, and set the timer for the next event.
pub fn tick() {
    let now = riscv::time();
    let next = NEXT_TICK.load(Ordering::Relaxed);
    if now >= next {
        JIFFIES.fetch_add(1, Ordering::Relaxed);
        NEXT_TICK.store(now + TICK_INTERVAL.load(Ordering::Relaxed), Ordering::Relaxed);
    }
    // Deadlines that have passed are being served now (the caller wakes
    // sleepers and checks preemption); keeping them would leave the
    // interrupt pending forever.
    for d in [&PREEMPT_AT, &WAKE_AT] {
        if d.load(Ordering::Relaxed) <= now {
            d.store(u64::MAX, Ordering::Relaxed);
        }
    }
    rearm();
}

/// Interrupt at mtime `at` to end the running task's slice (u64::MAX: none).
pub fn set_preempt_at(at: u64) {
    PREEMPT_AT.store(at, Ordering::Relaxed);
    rearm();
}

/// Interrupt at mtime `at` for the earliest timed sleeper (u64::MAX: none).
pub fn set_wake_at(at: u64) {
    WAKE_AT.store(at, Ordering::Relaxed);
    rearm();
}

/// Nanoseconds as mtime units.
pub fn ns_to_ticks(ns: u64) -> u64 {
    (ns as u128 * timebase() as u128 / 1_000_000_000) as u64
}

/// mtime ticks per second.
pub fn timebase() -> u64 {
    TIMEBASE.load(Ordering::Relaxed)
}

/// Time since boot in nanoseconds (from the `time` CSR).
pub fn now_ns() -> u64 {
    let (t, tb) = (riscv::time(), timebase());
    (t / tb) * 1_000_000_000 + (t % tb) * 1_000_000_000 / tb
}
