//! The execute loop: fetch from the decoded-instruction cache, run the
//! handler, take traps. Kept free of formatting and allocation.
//!
//! Instruction fetch translation is cached for the current page: while `pc`
//! stays in the page of the last fetch, the iTLB would hit on that same
//! entry (nothing else can touch the iTLB in between), so the loop counts the
//! hit without repeating the lookup. Anything that could change the answer
//! (privilege change, satp write, sfence.vma, a store into the page) calls
//! `flush_fetch`, and the next fetch goes through the MMU again.

use super::decode::decode;
use super::trap::cause;
use super::{Cpu, Insn, Trap};
use crate::memory::PAGE_CODE;
use vitrine_mmu::AccessType;

#[derive(Clone, Copy, Debug)]
pub struct FetchState {
    /// `pc >> 12` of the cached fetch page; `u64::MAX` when invalid.
    pub vpage: u64,
    /// RAM page index (physical page - RAM_BASE page) the virtual page maps to.
    pub ram_page: usize,
    /// True if fetches from this page are translated (count iTLB hits).
    pub translated: bool,
}

impl FetchState {
    pub const INVALID: FetchState = FetchState { vpage: u64::MAX, ram_page: usize::MAX, translated: false };
}

impl Cpu {
    /// Forget the cached fetch translation.
    #[inline]
    pub fn flush_fetch(&mut self) {
        self.fetch = FetchState::INVALID;
    }

    /// Translate the page of `pc` for fetching and make it current.
    fn refill_fetch(&mut self, pc: u64) -> Result<(), Trap> {
        let translated = self.csr.satp >> 60 == 8 && self.prv != super::Privilege::Machine;
        let pa = self.translate(pc, AccessType::Fetch, self.prv)?;
        let off = self.bus.mem.offset(pa & !0xfff, 0x1000).ok_or(Trap::new(cause::INSN_ACCESS_FAULT, pc))?;
        let ram_page = off >> 12;
        self.icache.ensure(ram_page);
        self.bus.mem.page_flags[ram_page] |= PAGE_CODE;
        self.fetch = FetchState { vpage: pc >> 12, ram_page, translated };
        Ok(())
    }

    /// Run instructions until `instret` reaches `limit` or a handler ends the
    /// block (trap, privilege or translation change, MMIO write, wfi).
    pub fn run_block(&mut self, limit: u64) {
        self.block_end = limit;
        while self.instret < self.block_end {
            let pc = self.pc;
            if pc >> 12 != self.fetch.vpage {
                if let Err(t) = self.refill_fetch(pc) {
                    self.take_trap(t.cause, t.tval);
                    continue;
                }
            } else {
                self.mmu.counters.itlb.hits += self.fetch.translated as u64;
            }
            let insn = self.icache.get(self.fetch.ram_page, pc);
            match (insn.exec)(self, &insn) {
                Ok(()) => self.instret += 1,
                Err(t) => self.take_trap(t.cause, t.tval),
            }
            self.x[0] = 0;
        }
    }

    /// Execute exactly one instruction (or take the trap it raises). For
    /// debuggers and tests; the machine's loop uses `run_block`.
    /// A trapping instruction retires nothing, but taking the trap ends the
    /// block, so a step is always exactly one instruction or one trap.
    pub fn step(&mut self) {
        self.run_block(self.instret + 1);
    }

    /// Fetch a halfword at `va` through the MMU (page-crossing instructions).
    fn fetch_u16_slow(&mut self, va: u64) -> Result<u16, Trap> {
        let pa = self.translate(va, AccessType::Fetch, self.prv)?;
        let off = self.bus.mem.offset(pa, 2).ok_or(Trap::new(cause::INSN_ACCESS_FAULT, va))?;
        Ok(u16::from_le_bytes(self.bus.mem.read_at::<2>(off)))
    }
}

/// The initial handler of every instruction-cache slot: decode the
/// instruction at `pc`, store it in the slot, and execute it.
pub fn decode_on_first_use(cpu: &mut Cpu, _: &Insn) -> Result<(), Trap> {
    let pc = cpu.pc;
    let page = cpu.fetch.ram_page;
    let base = (page << 12) + (pc & 0xfff) as usize;
    let lo = u16::from_le_bytes(cpu.bus.mem.read_at::<2>(base));
    if lo & 3 == 3 && pc & 0xfff == 0xffe {
        // A 32-bit instruction straddling two pages: decode it every time.
        let hi = cpu.fetch_u16_slow(pc.wrapping_add(2))?;
        let insn = decode(lo, hi);
        return (insn.exec)(cpu, &insn);
    }
    let hi = if lo & 3 == 3 { u16::from_le_bytes(cpu.bus.mem.read_at::<2>(base + 2)) } else { 0 };
    let insn = decode(lo, hi);
    cpu.icache.set(page, pc, insn);
    (insn.exec)(cpu, &insn)
}
