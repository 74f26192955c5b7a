//! Halt points: virtual pcs at which the hart stops *before* executing the
//! instruction there (a debugger's breakpoints), without touching guest
//! memory and without a check per instruction.
//!
//! The execute loop only looks at them when it changes fetch page
//! (`refill_fetch`, its slow path): one predictable branch while none is
//! set. A page that holds a halt point is never cached as the fetch page,
//! so every jump to or in it comes back to `refill_fetch`, which compares
//! the pc with the halt points and, on a match, ends the block with `hit`
//! set and `pc` unchanged (nothing retired, no trap). Otherwise the loop
//! may fall through from that pc up to the first instruction that may jump
//! or the page's next halt point ([`HaltPoints::run_from`]: the block's
//! limit comes down to there), so straight-line code in a halt page runs
//! at the interpreter's speed, with the same fetch counts (every fetch
//! from the page is an iTLB hit either way). Pages without halt points
//! run at full speed, translated too: the translating engine's dispatcher
//! and cross-page stub never make a halt page the fetch page
//! (`jit/mod.rs`, `jit/far.rs`, which marks their RAM pages for where
//! fetches are not translated).

/// Whether the instruction whose first 16 bits are `lo` may change `pc`
/// other than by falling through (or end the block some other way): a
/// branch, `jal`, `jalr`, a system instruction (`ecall`, `ebreak`, xRET,
/// `wfi`, CSR accesses, `sfence.vma`), and their compressed forms
/// (`c.j`, `c.beqz`, `c.bnez`, and `c.jr`/`c.jalr`/`c.ebreak`, which are
/// quadrant 2, funct3 100 with rs2 = 0).
fn may_jump(lo: u16) -> bool {
    match lo & 3 {
        3 => matches!(lo & 0x7f, 0x63 | 0x67 | 0x6f | 0x73),
        1 => lo >> 13 >= 5,
        2 => lo >> 13 == 4 && (lo >> 2) & 0x1f == 0,
        _ => false,
    }
}

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

    /// How many instructions from `pc` (which is not halted at) run
    /// straight on: up to the first that may jump (included), the next
    /// halt point in its page (excluded) or the page's end. `parcel(off)`
    /// is the 16 bits at offset `off` of the page.
    pub(crate) fn run_from(&self, pc: u64, parcel: impl Fn(u64) -> u16) -> u64 {
        let next = self.pcs[self.pcs.partition_point(|&p| p <= pc)..]
            .first()
            .filter(|&&p| p & !0xfff == pc & !0xfff)
            .map_or(0x1000, |&p| p & 0xfff);
        let (mut off, mut n) = (pc & 0xfff, 0);
        while off < next {
            n += 1;
            let lo = parcel(off);
            if may_jump(lo) {
                break;
            }
            off += if lo & 3 == 3 { 4 } else { 2 };
        }
        n.max(1)
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
        let pages = (self.bus.mem.size() >> 12) as usize;
        self.jit.far.set_halt_pages(self.halt.pcs(), pages);
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

    /// Eight `addi a0, a0, 1`, then `addi a1, a1, 1; j -36` back to the first.
    fn straight() -> Machine {
        let mut code = vec![0x0015_0513u32; 8];
        code.extend([0x0015_8593, 0xfddf_f06f]);
        Machine::with_code(&[(RAM_BASE, &code)])
    }

    #[test]
    fn straight_line_code_in_a_halt_page_falls_through_to_the_next_halt_point() {
        let mut m = straight();
        m.cpu.set_halt_points([RAM_BASE + 20]);
        // Reached by falling through from the page's first instruction.
        assert_eq!(m.run_until(1000, &mut |_, _| false), RunEnd::Stopped);
        assert_eq!(m.cpu.halt.hit.take(), Some(RAM_BASE + 20));
        assert_eq!((m.cpu.x[10], m.cpu.x[11], m.cpu.position()), (5, 0, 5));
        // Resumed: the rest of the loop, then the first five again.
        m.cpu.halt.skip = Some((m.cpu.pc, m.cpu.position()));
        assert_eq!(m.run_until(1000, &mut |_, _| false), RunEnd::Stopped);
        assert_eq!(m.cpu.halt.hit.take(), Some(RAM_BASE + 20));
        assert_eq!((m.cpu.x[10], m.cpu.x[11], m.cpu.position()), (13, 1, 15));
        // A halt point never reached changes nothing the guest sees.
        let mut plain = straight();
        let mut armed = straight();
        armed.cpu.set_halt_points([RAM_BASE + 0x800]);
        for m in [&mut plain, &mut armed] {
            assert_eq!(m.run_until(997, &mut |_, _| false), RunEnd::Reached);
        }
        let state = |m: &Machine| (m.cpu.pc, m.cpu.x[10], m.cpu.x[11], m.cpu.instret);
        assert_eq!(state(&plain), state(&armed));
    }

    #[test]
    fn jumps_are_told_from_straight_line_instructions() {
        use super::may_jump;
        // beq a0, a1; jal ra; ret; ecall; c.j; c.bnez a0; c.jr ra; c.jalr a5; c.ebreak
        for jump in [
            0x0463u16, 0x00ef, 0x8067, 0x0073, 0xa001, 0xe119, 0x8082, 0x9782, 0x9002,
        ] {
            assert!(may_jump(jump), "{jump:#x}");
        }
        // addi a0, a0, 1; ld a0, 0(a1); c.addi a0, 1; c.mv a0, a1; c.add a0, a1; c.li a0, 1; c.addiw a0, 1
        for straight in [0x0513u16, 0xb503, 0x0505, 0x852e, 0x952e, 0x4505, 0x2505] {
            assert!(!may_jump(straight), "{straight:#x}");
        }
    }
}
