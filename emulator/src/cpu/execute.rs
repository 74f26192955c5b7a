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
use super::pmp::RangeVerdict;
use super::trap::cause;
use super::{Cpu, Insn, Trap};
use crate::memory::PAGE_CODE;
use vitrine_mmu::AccessType;

#[derive(Clone, Copy, Debug)]
pub struct FetchState {
    /// Virtual address of the cached fetch page; not page-aligned when invalid.
    pub vbase: u64,
    /// The decoded-instruction slots of that page (`icache`).
    pub slots: *const Insn,
    /// RAM page index (physical page - RAM_BASE page) the virtual page maps to.
    pub ram_page: usize,
    /// 1 if fetches from this page are translated (count iTLB hits), else 0.
    pub translated: u64,
}

impl FetchState {
    /// `slots` is null, so the first fetch refills.
    pub const INVALID: FetchState = FetchState {
        vbase: 1,
        slots: core::ptr::null(),
        ram_page: usize::MAX,
        translated: 0,
    };
}

/// The `vbase` of a fetch page that holds a halt point: odd and not
/// canonical, so no pc the hart can reach at full speed falls in the
/// window `vbase..vbase + 0x1000` the loop's fast path compares against.
const HALT_PAGE_VBASE: u64 = 0x8000_0000_0000_0001;

impl Cpu {
    /// Forget the cached fetch translation.
    #[inline]
    /// (`translated` and `ram_page` are kept: fetches already served still
    /// count as hits, and a trap report may still read the instruction.)
    /// The execute loop holds a pointer into the fetch page, so this also
    /// ends the current block.
    pub fn flush_fetch(&mut self) {
        self.fetch.vbase = FetchState::INVALID.vbase;
        self.fetch.slots = core::ptr::null();
        self.end_block();
    }

    /// The fetch page is stale (`satp` or the privilege changed, or the
    /// TLB was flushed), but the
    /// block need not end for that: the next fetch makes a page current
    /// again through the MMU (an iTLB access, as after a jump to another
    /// page), both in the execute loop and in the translating engine's
    /// dispatcher, and the running translated block returns to it (the
    /// handler's instruction counts as a jump). Unless someone watches the
    /// hart between blocks for this change (`watched`, from
    /// `Cpu::watched`): then as `flush_fetch`.
    pub fn refetch(&mut self, watched: bool) {
        if watched {
            self.flush_fetch();
            return;
        }
        self.fetch.vbase = FetchState::INVALID.vbase;
        self.fetch.slots = core::ptr::null();
        self.jumped = true;
    }

    /// Translate the page of `pc` for fetching and make it current.
    ///
    /// PMP: if the summary says fetches at this privilege need checking, the
    /// physical page is classified as a whole. A page PMP allows uniformly
    /// is cached as usual (a PMP write flushes the fetch page). A page with
    /// a PMP boundary inside is not cached: the instruction at `pc` is
    /// checked on its own and the block ends after it, so every fetch from
    /// that page comes back here.
    ///
    /// Halt points (`halt.rs`): a page holding one is not cached either (the
    /// block's limit comes down to the straight-line run from `pc` before
    /// the page's next halt point), and
    /// reaching a halt point returns an error with `halt.hit` set (the
    /// caller ends the block without a trap).
    pub(crate) fn refill_fetch(&mut self, pc: u64) -> Result<(), Trap> {
        let mut uncached = false;
        if self.halt.armed && self.halt.page_has(pc & !0xfff) {
            if self.halt.halts_at(pc, self.instret + self.traps) {
                self.halt.hit = Some(pc);
                return Err(Trap::new(cause::BREAKPOINT, pc));
            }
            uncached = true;
        }
        let translated = self.csr.satp >> 60 == 8 && self.prv != super::Privilege::Machine;
        let pa = self.translate(pc, AccessType::Fetch, self.prv)?;
        let off = self
            .bus
            .mem
            .offset(pa & !0xfff, 0x1000)
            .ok_or(Trap::new(cause::INSN_ACCESS_FAULT, pc))?;
        let ram_page = off >> 12;
        let mut vbase = pc & !0xfff;
        if self.pmp.needs_check(self.prv) {
            match self
                .pmp
                .classify(pa & !0xfff, 0x1000, self.prv, AccessType::Fetch)
            {
                RangeVerdict::Uniform(true) => {}
                RangeVerdict::Uniform(false) => {
                    return Err(Trap::new(cause::INSN_ACCESS_FAULT, pc));
                }
                RangeVerdict::Mixed => {
                    // This instruction's bytes within the page (a 32-bit
                    // one crossing the page has its second half checked by
                    // `fetch_u16_slow`).
                    let at = (ram_page << 12) + (pc & 0xfff) as usize;
                    let lo = u16::from_le_bytes(self.bus.mem.read_at::<2>(at));
                    let len = if lo & 3 == 3 && pc & 0xfff != 0xffe {
                        4
                    } else {
                        2
                    };
                    if !self.pmp.check(pa, len, self.prv, AccessType::Fetch) {
                        return Err(Trap::new(cause::INSN_ACCESS_FAULT, pc));
                    }
                    vbase = FetchState::INVALID.vbase;
                    self.end_block();
                }
            }
        }
        if uncached {
            // The loop falls through from here without coming back, so the
            // block's limit comes down to the straight-line run from `pc`
            // before the page's next halt point (`HaltPoints::run_from`;
            // rather than to 0, so that a caller that loops on blocks, the
            // jit's dispatcher, goes on with the next one itself); a jump
            // back into the page comes here again, as no pc is in
            // `HALT_PAGE_VBASE`'s window.
            vbase = HALT_PAGE_VBASE;
            let page = ram_page << 12;
            let mem = &self.bus.mem;
            let run = self.halt.run_from(pc, |off| {
                u16::from_le_bytes(mem.read_at::<2>(page + off as usize))
            });
            self.block_end = self.block_end.min(self.instret + run);
        }
        let slots = self.icache.slots(ram_page);
        self.bus.mem.set_flag(ram_page, PAGE_CODE);
        self.fetch = FetchState {
            vbase,
            slots,
            ram_page,
            translated: translated as u64,
        };
        Ok(())
    }

    /// Run instructions until `instret` reaches `limit` or a handler ends the
    /// block (trap, privilege or translation change, MMIO write, wfi).
    ///
    /// The loop keeps `pc` and the current slot in registers: before each
    /// handler it stores `pc` to `self.pc` (handlers and trap entry read it
    /// there), and afterwards, unless the handler called `Cpu::jump`, it
    /// steps to the next slot of the same page without reading `pc` back.
    /// That keeps the loop-carried dependency in a register rather than going
    /// through a store and a load of `self.pc` for every instruction.
    pub fn run_block(&mut self, limit: u64) {
        self.limit = limit;
        // Execute triggers are checked by a loop of their own, so this one
        // stays free of them (see `trigger`); a hart stopped by a debug-mode
        // trigger runs nothing until the debugger takes the hit.
        if self.triggers.exec_armed || self.trigger_halted() {
            if !self.trigger_halted() {
                self.run_block_triggered(limit);
            }
            return;
        }
        if self.jit_usable() {
            self.run_block_jit(limit);
        } else {
            self.run_block_fast(limit);
        }
    }

    /// `run_block` without execute triggers.
    #[inline(always)]
    pub(crate) fn run_block_fast(&mut self, limit: u64) {
        self.run_block_counted(limit, 0);
    }

    /// `run_block_fast` when the fetch of the instruction at `pc` was
    /// already counted (`counted` = 1: the translating engine's dispatcher
    /// made the page current with `refill_fetch`, whose MMU access counts
    /// it, exactly as this loop's own refill would have).
    #[inline(always)]
    pub(crate) fn run_block_counted(&mut self, limit: u64, counted: u64) {
        self.block_end = limit;
        // Fetches served by the cached fetch page; each is an iTLB hit if the
        // page is translated (the first fetch of a page was counted by the MMU).
        // (Wrapping: it starts at -1 when the first fetch was counted, and
        // that fetch brings it to 0.)
        let mut fast_fetches = 0u64.wrapping_sub(counted);
        let mut pc = self.pc;
        // `instret` lives in a register too; handlers read `self.instret`
        // (counters, mtime), so it is stored before each of them runs.
        let mut instret = self.instret;
        let mut slot: *const Insn = core::ptr::null();
        self.jumped = false;
        while instret < self.block_end {
            if slot.is_null() {
                let off = pc.wrapping_sub(self.fetch.vbase);
                // (An invalid fetch state has a null `slots`: no `vbase`
                // value alone can exclude every pc.)
                if off < 0x1000 && !self.fetch.slots.is_null() {
                    fast_fetches = fast_fetches.wrapping_add(1);
                    // SAFETY: `off < 4096` and `fetch.slots` points at the 2048
                    // slots of the current fetch page.
                    slot = unsafe { self.fetch.slots.add(off as usize >> 1) };
                } else {
                    self.mmu.counters.itlb.hits += fast_fetches * self.fetch.translated;
                    fast_fetches = 0;
                    self.pc = pc;
                    self.instret = instret;
                    if let Err(t) = self.refill_fetch(pc) {
                        if self.halt.hit.is_some() {
                            // A halt point: stop before `pc`, and end the
                            // block for callers that loop on blocks.
                            self.end_block();
                            break;
                        }
                        self.take_trap(t.cause(), t.tval);
                        self.jumped = false;
                        pc = self.pc;
                        continue;
                    }
                    // SAFETY: as above, for the page just made current.
                    slot = unsafe { self.fetch.slots.add((pc & 0xfff) as usize >> 1) };
                }
            }
            self.pc = pc;
            self.instret = instret;
            // SAFETY: `slot` points into the current fetch page (see `icache`
            // for why handing it out next to `&mut Cpu` is sound). Pages that
            // a handler invalidates stay allocated until `reclaim` below, and
            // every invalidation also ends the block (`flush_fetch`).
            let insn: &Insn;
            let uncached;
            if unsafe { (*slot).len } != 0 {
                insn = unsafe { &*slot };
            } else {
                // First execution from this slot: decode (and cache) it.
                match self.decode_slot(pc) {
                    Ok(i) => {
                        uncached = i;
                        insn = &uncached;
                    }
                    Err(t) => {
                        self.take_trap(t.cause(), t.tval);
                        self.jumped = false;
                        pc = self.pc;
                        slot = core::ptr::null();
                        continue;
                    }
                }
            }
            let next = pc.wrapping_add(insn.len as u64);
            match (insn.exec)(self, insn) {
                Ok(()) => instret += 1,
                Err(t) if t == Trap::DEBUG_HALT => {
                    // A debug-mode trigger stopped the hart before this
                    // instruction's access: stay on it.
                    let here = self.pc;
                    self.jump(here);
                }
                Err(t) => {
                    let tval = if t.cause() == cause::ILLEGAL_INSN && insn.len == 2 {
                        // Handlers see the expanded encoding; xtval gets the 16 bits.
                        let at = (self.fetch.ram_page << 12) + (pc & 0xfff) as usize;
                        u16::from_le_bytes(self.bus.mem.read_at::<2>(at)) as u64
                    } else {
                        t.tval
                    };
                    self.take_trap(t.cause(), tval)
                }
            }
            self.x[0] = 0;
            if self.jumped {
                self.jumped = false;
                pc = self.pc;
                slot = core::ptr::null();
            } else {
                if (next ^ pc) < 0x1000 {
                    // Fell through to the next instruction of the same page.
                    fast_fetches += 1;
                    // SAFETY: `next` is in the same page, so the slot is in bounds.
                    slot = unsafe { slot.add(insn.len as usize >> 1) };
                } else {
                    slot = core::ptr::null();
                }
                pc = next;
            }
        }
        // The slot for `pc` was counted as a fetch but is not executed here.
        fast_fetches -= (!slot.is_null()) as u64;
        self.mmu.counters.itlb.hits += fast_fetches * self.fetch.translated;
        self.pc = pc;
        self.instret = instret;
        self.icache.reclaim();
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
        if self.pmp.needs_check(self.prv) && !self.pmp.check(pa, 2, self.prv, AccessType::Fetch) {
            return Err(Trap::new(cause::INSN_ACCESS_FAULT, va));
        }
        let off = self
            .bus
            .mem
            .offset(pa, 2)
            .ok_or(Trap::new(cause::INSN_ACCESS_FAULT, va))?;
        Ok(u16::from_le_bytes(self.bus.mem.read_at::<2>(off)))
    }
}

/// The handler of a slot that has not been decoded yet. The execute loop
/// decodes such slots before running them (`len == 0`), so this only runs if
/// some other caller executes a raw slot; it decodes and runs the instruction.
pub fn decode_on_first_use(cpu: &mut Cpu, _: &Insn) -> Result<(), Trap> {
    let insn = cpu.decode_slot(cpu.pc)?;
    (insn.exec)(cpu, &insn)
}

impl Cpu {
    /// Decode the instruction at `pc` in the current fetch page and cache it
    /// in its slot. A 32-bit instruction straddling two pages is returned
    /// but not cached (its second half is fetched through the MMU each time).
    fn decode_slot(&mut self, pc: u64) -> Result<Insn, Trap> {
        let page = self.fetch.ram_page;
        let base = (page << 12) + (pc & 0xfff) as usize;
        let lo = u16::from_le_bytes(self.bus.mem.read_at::<2>(base));
        if lo & 3 == 3 && pc & 0xfff == 0xffe {
            let hi = self.fetch_u16_slow(pc.wrapping_add(2))?;
            return Ok(decode(lo, hi));
        }
        let hi = if lo & 3 == 3 {
            u16::from_le_bytes(self.bus.mem.read_at::<2>(base + 2))
        } else {
            0
        };
        let insn = decode(lo, hi);
        self.icache.set(page, pc, insn);
        Ok(insn)
    }
}
