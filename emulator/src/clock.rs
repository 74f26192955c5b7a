//! Guest time. By default it is deterministic: the hart runs at a virtual
//! 100 MHz with one instruction per cycle, and `mtime` (10 MHz, QEMU `virt`'s
//! timebase) advances once every `insns_per_tick` = 10 cycles. Cycles are
//! retired instructions, plus one per trap taken, plus the idle time that
//! passes when the hart waits in `wfi`: skipped to the next timer event in
//! headless runs, so that two runs of the same program see the same timer
//! interrupts at the same instructions, or the real time waited when a
//! terminal is attached (`Machine::idle`). `--realtime` uses the host clock
//! for `mtime` instead.

use std::time::Instant;

/// `timebase-frequency` in the device tree: mtime ticks per second.
pub const TIMEBASE_HZ: u64 = 10_000_000;
/// Default virtual cycles per mtime tick (100 MHz / 10 MHz).
pub const DEFAULT_INSNS_PER_TICK: u64 = 10;

#[derive(Clone)]
pub struct Clock {
    insns_per_tick: u64,
    /// Cycles that are not retired instructions (traps, skipped idle time).
    extra_cycles: u64,
    /// Added to the raw time so that guest writes to `mtime` stick.
    mtime_offset: u64,
    realtime: Option<Instant>,
    /// 1 while `realtime` is None: what translated code checks before it
    /// reads `time` inline (`jit::translate`, [`Clock::INLINE`]).
    deterministic: u64,
}

/// Where the fields `mtime` is computed from sit in a [`Clock`], for
/// translated code that reads `time` itself (in deterministic mode:
/// `(instret + extra_cycles) / insns_per_tick + mtime_offset`).
pub struct InlineOffsets {
    pub deterministic: usize,
    pub insns_per_tick: usize,
    pub extra_cycles: usize,
    pub mtime_offset: usize,
}

impl Clock {
    pub const INLINE: InlineOffsets = InlineOffsets {
        deterministic: core::mem::offset_of!(Clock, deterministic),
        insns_per_tick: core::mem::offset_of!(Clock, insns_per_tick),
        extra_cycles: core::mem::offset_of!(Clock, extra_cycles),
        mtime_offset: core::mem::offset_of!(Clock, mtime_offset),
    };

    pub fn deterministic(insns_per_tick: u64) -> Self {
        Clock {
            insns_per_tick: insns_per_tick.max(1),
            extra_cycles: 0,
            mtime_offset: 0,
            realtime: None,
            deterministic: 1,
        }
    }

    pub fn realtime() -> Self {
        Clock {
            realtime: Some(Instant::now()),
            deterministic: 0,
            ..Self::deterministic(DEFAULT_INSNS_PER_TICK)
        }
    }

    /// Instructions per `mtime` tick (deterministic clocks).
    pub fn insns_per_tick(&self) -> u64 {
        self.insns_per_tick
    }

    pub fn is_realtime(&self) -> bool {
        self.realtime.is_some()
    }

    /// The `cycle` counter.
    #[inline]
    pub fn cycles(&self, instret: u64) -> u64 {
        instret + self.extra_cycles
    }

    fn raw_mtime(&self, instret: u64) -> u64 {
        match self.realtime {
            Some(start) => {
                (start.elapsed().as_nanos() / (1_000_000_000 / TIMEBASE_HZ as u128)) as u64
            }
            None => self.cycles(instret) / self.insns_per_tick,
        }
    }

    #[inline]
    pub fn mtime(&self, instret: u64) -> u64 {
        self.raw_mtime(instret).wrapping_add(self.mtime_offset)
    }

    /// The guest wrote `value` to `mtime`.
    pub fn set_mtime(&mut self, value: u64, instret: u64) {
        self.mtime_offset = value.wrapping_sub(self.raw_mtime(instret));
    }

    /// A trap costs one cycle (so a trap loop still advances time).
    #[inline]
    pub fn trap_cycle(&mut self) {
        self.extra_cycles += 1;
    }

    /// In deterministic mode, the `instret` at which `mtime` reaches `target`
    /// (None if it never will, or in real-time mode).
    pub fn instret_at_mtime(&self, target: u64, instret: u64) -> Option<u64> {
        if self.realtime.is_some() {
            return None;
        }
        let now = self.mtime(instret);
        if target <= now {
            return Some(instret);
        }
        let ticks = target - now;
        // Cycles until the next tick boundary, then whole ticks.
        let into_tick = self.cycles(instret) % self.insns_per_tick;
        let cycles = ticks
            .checked_mul(self.insns_per_tick)?
            .checked_sub(into_tick)?;
        instret.checked_add(cycles)
    }

    /// The hart idles in `wfi` until `mtime == target`: skip that time.
    /// False when the cycle counter cannot get there (a deadline beyond
    /// 2^64 cycles, e.g. `mtimecmp` set near its maximum): it never comes.
    pub fn idle_until(&mut self, target: u64, instret: u64) -> bool {
        let Some(at) = self.instret_at_mtime(target, instret) else {
            return false;
        };
        match self.extra_cycles.checked_add(at - instret) {
            Some(c) if instret.checked_add(c).is_some() => {
                self.extra_cycles = c;
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idling_skips_to_a_reachable_deadline() {
        let mut c = Clock::deterministic(100);
        assert!(c.idle_until(50, 0));
        assert_eq!(c.mtime(0), 50);
    }

    #[test]
    fn a_deadline_beyond_the_cycle_counter_is_never_reached() {
        // Found by fuzz/cpu: mtimecmp = 2^63 - 1 and wfi made the run loop
        // spin for ever without advancing time.
        let mut c = Clock::deterministic(100);
        assert!(!c.idle_until(i64::MAX as u64, 0));
        assert_eq!(c.mtime(0), 0, "time did not move");
    }
}
