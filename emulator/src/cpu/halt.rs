//! Halt points: virtual pcs at which the hart stops *before* executing the
//! instruction there (a debugger's breakpoints), without touching guest
//! memory and without a check per instruction.
//!
//! The execute loop only looks at them when it changes fetch page
//! (`refill_fetch`, its slow path): one predictable branch while none is
//! set. A page that holds a halt point is never cached as the fetch page,
//! so every fetch from it comes back to `refill_fetch`, which compares the
//! pc with the halt points and, on a match, ends the block with `hit` set
//! and `pc` unchanged (nothing retired, no trap). Pages without halt points
//! run at full speed, translated too: the translating engine's dispatcher
//! and cross-page stub never make a halt page the fetch page either
//! (`jit/mod.rs`, `jit/far.rs`).

/// See the module documentation.
#[derive(Clone, Debug, Default)]
pub struct HaltPoints {
    /// Some halt point is set (`refill_fetch` looks at `pages` only then).
    pub(crate) armed: bool,
    /// The halt pcs, sorted, without duplicates.
    pcs: Vec<u64>,
    /// Their 4 KiB virtual pages, sorted, without duplicates.
    pages: Vec<u64>,
    /// Do not halt at this (pc, position): resuming from a halt executes
    /// the instruction there. The position is `instret + traps`, so coming
    /// back to the same pc later halts again.
    pub skip: Option<(u64, u64)>,
    /// The pc the hart halted at, if it did (taken by the debugger).
    pub hit: Option<u64>,
}

impl HaltPoints {
    /// Replace the halt points by `pcs`.
    pub fn set(&mut self, pcs: impl IntoIterator<Item = u64>) {
        let mut pcs: Vec<u64> = pcs.into_iter().collect();
        pcs.sort_unstable();
        pcs.dedup();
        let mut pages: Vec<u64> = pcs.iter().map(|pc| pc & !0xfff).collect();
        pages.dedup();
        self.armed = !pcs.is_empty();
        self.pcs = pcs;
        self.pages = pages;
    }

    /// The halt pcs, sorted.
    pub fn pcs(&self) -> &[u64] {
        &self.pcs
    }

    /// True if the 4 KiB virtual page at `vpage` holds a halt point.
    #[inline]
    pub(crate) fn page_has(&self, vpage: u64) -> bool {
        self.pages.binary_search(&vpage).is_ok()
    }

    /// True if the hart must halt before executing at `pc` at `position`.
    #[inline]
    pub(crate) fn halts_at(&self, pc: u64, position: u64) -> bool {
        self.pcs.binary_search(&pc).is_ok() && self.skip != Some((pc, position))
    }
}

impl super::Cpu {
    /// Set the halt points (see [`HaltPoints`]); the fetch page is dropped
    /// so that a halt point in it takes effect at once.
    pub fn set_halt_points(&mut self, pcs: impl IntoIterator<Item = u64>) {
        self.halt.set(pcs);
        self.flush_fetch();
        // The translating engine's cross-page stub makes a page current
        // from its copies of fetch translations: none of a halt page.
        let halt = &self.halt;
        self.jit.mirror.drop_fetches(|vpage| halt.page_has(vpage));
    }

    /// Instructions retired plus traps taken: the hart's position in its
    /// execution, which every step (an instruction, or a trap) advances by
    /// exactly one.
    #[inline]
    pub fn position(&self) -> u64 {
        self.instret + self.traps
    }
}

#[cfg(test)]
mod tests {
    use crate::machine::{Machine, RunEnd};
    use crate::memory::RAM_BASE;

    /// A loop: `addi a0, a0, 1; addi a1, a1, 1; j -8`.
    fn looping() -> Machine {
        Machine::with_code(&[(RAM_BASE, &[0x0015_0513, 0x0015_8593, 0xff9f_f06f])])
    }

    #[test]
    fn the_hart_halts_before_a_halt_point_and_resumes_past_it() {
        let mut m = looping();
        m.run_until(10, &mut |_, _| false);
        assert_eq!(m.cpu.x[10], 4);
        // Reached by falling through (the page was cached before).
        m.cpu.set_halt_points([RAM_BASE + 4]);
        assert_eq!(m.run_until(1000, &mut |_, _| false), RunEnd::Stopped);
        assert_eq!(m.cpu.halt.hit.take(), Some(RAM_BASE + 4));
        assert_eq!(m.cpu.pc, RAM_BASE + 4);
        let (a0, a1, pos) = (m.cpu.x[10], m.cpu.x[11], m.cpu.position());
        assert_eq!(a0, a1 + 1, "stopped between the two adds");
        // Resuming there executes it, then halts there again one turn later.
        m.cpu.halt.skip = Some((m.cpu.pc, m.cpu.position()));
        assert_eq!(m.run_until(1000, &mut |_, _| false), RunEnd::Stopped);
        assert_eq!(m.cpu.halt.hit.take(), Some(RAM_BASE + 4));
        assert_eq!(m.cpu.position(), pos + 3);
        // Reached by a jump.
        m.cpu.set_halt_points([RAM_BASE]);
        assert_eq!(m.run_until(1000, &mut |_, _| false), RunEnd::Stopped);
        assert_eq!(m.cpu.halt.hit.take(), Some(RAM_BASE));
        // None set: runs to the position asked.
        m.cpu.set_halt_points([]);
        assert_eq!(m.run_until(1000, &mut |_, _| false), RunEnd::Reached);
        assert_eq!(m.cpu.position(), 1000);
    }
}
