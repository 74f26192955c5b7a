//! The MMU: an instruction TLB, a data TLB, the page walker and the counters.
//!
//! # Translation
//!
//! [`Mmu::translate`] looks the address up in the TLB of the access's side
//! (fetch: instruction TLB; load/store: data TLB):
//!
//! * **Hit** whose cached permissions allow the access in the current
//!   context: done, no memory access.
//! * **Miss**: walk the page tables ([`crate::walk`], which also sets A/D in
//!   memory); on success cache the leaf (it has A=1 by then) in the LRU way
//!   of the address's set. Faults are never cached.
//! * **Hit that needs the walker**: a store to an entry cached with D=0, or
//!   an access the cached permission bits refuse. The MMU walks again and
//!   uses the walk's answer: success refreshes the entry in place (for a
//!   store, with D now set in memory and in the entry); a fault is returned
//!   and the entry is left as it was. Re-walking on a refused hit (as QEMU
//!   does) means a PTE that software upgraded in memory without a fence is
//!   seen at once: the access faults only if memory still says so. The
//!   spec would also allow faulting from the stale entry; this is friendlier
//!   and costs nothing on the hit path. These count as a hit plus a walk.
//!
//! Entries are tagged with `satp.ASID` (or marked global if any PTE on the
//! walk had G set), so a `satp` write needs no flush.

use crate::access::{AccessCtx, AccessType, Privilege};
use crate::addr::VirtAddr;
use crate::config::TlbConfig;
use crate::counters::{MmuCounters, TlbCounters};
use crate::fault::Fault;
use crate::permissions;
use crate::phys_mem::PhysMem;
use crate::satp::Satp;
use crate::sfence::SfenceScope;
use crate::tlb::Tlb;
use crate::walk::walk;

/// The memory-management unit of one hart.
#[derive(Clone, Debug)]
pub struct Mmu {
    pub counters: MmuCounters,
    itlb: Tlb,
    dtlb: Tlb,
}

impl Mmu {
    /// Where the data TLB's tick (the one [`Tlb::raw_parts`] gives) is in
    /// an `Mmu`: translated code that ages the TLB inline finds it at a
    /// fixed offset from the hart, without reading a pointer.
    pub const DTLB_TICK_OFFSET: usize = core::mem::offset_of!(Mmu, dtlb) + crate::tlb::TICK_OFFSET;
    /// The same for the instruction TLB's tick.
    pub const ITLB_TICK_OFFSET: usize = core::mem::offset_of!(Mmu, itlb) + crate::tlb::TICK_OFFSET;

    /// An MMU with empty TLBs of geometry `cfg`. An invalid `cfg` is replaced
    /// by [`TlbConfig::clamped`] (call [`TlbConfig::validate`] first to
    /// report it); [`Mmu::tlb_config`] tells what is in use.
    pub fn new(cfg: TlbConfig) -> Self {
        Mmu {
            counters: MmuCounters::default(),
            itlb: Tlb::new(cfg),
            dtlb: Tlb::new(cfg),
        }
    }

    /// The data TLB, for a translating engine's mirror of it (see
    /// [`Tlb::last_used`] and [`Tlb::raw_parts`]).
    pub fn dtlb_mut(&mut self) -> &mut Tlb {
        &mut self.dtlb
    }

    /// The instruction TLB, for a translating engine's mirror of it.
    pub fn itlb_mut(&mut self) -> &mut Tlb {
        &mut self.itlb
    }

    /// The TLB geometry in use (after clamping).
    pub fn tlb_config(&self) -> TlbConfig {
        self.itlb.config()
    }

    /// The instruction TLB, for inspection.
    pub fn itlb(&self) -> &Tlb {
        &self.itlb
    }

    /// The data TLB, for inspection.
    pub fn dtlb(&self) -> &Tlb {
        &self.dtlb
    }

    /// Translate `va` for `access` under Sv39 `satp` (the caller handles Bare
    /// mode and M-mode). Consults the instruction TLB for fetches, the data TLB
    /// otherwise; counts hits, misses and walks; sets A/D bits in memory.
    ///
    /// For robustness, a `satp` whose MODE is not Sv39, or a `ctx` at
    /// Machine privilege, translates to `va` itself without touching the
    /// TLBs or counters.
    #[inline(always)]
    pub fn translate<M: PhysMem + ?Sized>(
        &mut self,
        va: u64,
        access: AccessType,
        satp: u64,
        ctx: AccessCtx,
        mem: &mut M,
    ) -> Result<u64, Fault> {
        if !Satp(satp).is_sv39() || ctx.privilege == Privilege::Machine {
            return Ok(va);
        }
        let asid = Satp(satp).asid();
        let (tlb, counters) = if access == AccessType::Fetch {
            (&mut self.itlb, &mut self.counters.itlb)
        } else {
            (&mut self.dtlb, &mut self.counters.dtlb)
        };
        match tlb.probe(va, asid, permissions::ctx_bit(access, ctx)) {
            Ok(pa) => {
                counters.hits += 1;
                Ok(pa)
            }
            Err(slot) => Self::walk_and_fill(tlb, counters, slot, va, access, satp, ctx, mem),
        }
    }

    /// The slow path: a miss (`slot == None`), or a hit on `slot` that the
    /// cached bits cannot serve.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn walk_and_fill<M: PhysMem + ?Sized>(
        tlb: &mut Tlb,
        counters: &mut TlbCounters,
        slot: Option<usize>,
        va: u64,
        access: AccessType,
        satp: u64,
        ctx: AccessCtx,
        mem: &mut M,
    ) -> Result<u64, Fault> {
        if slot.is_some() {
            counters.hits += 1;
        } else {
            counters.misses += 1;
            if !VirtAddr(va).is_canonical() {
                return Err(Fault::Page); // faults before any PTE is read: no walk
            }
        }
        counters.walks += 1;
        let w = walk(va, access, satp, ctx, mem)?;
        tlb.fill(va, Satp(satp).asid(), &w, slot);
        Ok(w.pa)
    }

    /// Empty both TLBs without counting an `sfence.vma` (for the hart's own
    /// reasons to drop cached translations, e.g. a PMP change).
    pub fn flush_silently(&mut self) {
        self.itlb.sfence(SfenceScope::All);
        self.dtlb.sfence(SfenceScope::All);
    }

    /// `sfence.vma rs1, rs2`: `vaddr` is Some when rs1 != x0, `asid` when rs2 != x0.
    /// See [`crate::SfenceScope`] for what each form removes; both TLBs are fenced.
    pub fn sfence_vma(&mut self, vaddr: Option<u64>, asid: Option<u16>) {
        let scope = SfenceScope::from_operands(vaddr, asid);
        let c = &mut self.counters;
        match scope {
            SfenceScope::All => c.flush_all += 1,
            SfenceScope::Asid(_) => c.flush_asid += 1,
            SfenceScope::Addr(_) => c.flush_addr += 1,
            SfenceScope::AddrAsid(..) => c.flush_addr_asid += 1,
        }
        self.itlb.sfence(scope);
        self.dtlb.sfence(scope);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::Ppn;
    use crate::pte::Pte;
    use crate::walk::tests::{three_level, TestMem, L0, L1, ROOT, S, U};
    use AccessType::*;

    const RW_AD: u64 = Pte::V | Pte::R | Pte::W | Pte::A | Pte::D;

    fn mmu() -> Mmu {
        Mmu::new(TlbConfig {
            entries: 16,
            ways: 4,
        })
    }

    fn tc(hits: u64, misses: u64, walks: u64) -> TlbCounters {
        TlbCounters {
            hits,
            misses,
            walks,
        }
    }

    #[test]
    fn n_accesses_to_one_page_are_one_miss_and_n_minus_1_hits() {
        let (mut m, satp) = three_level();
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD).0);
        let mut mmu = mmu();
        for i in 0..100 {
            assert_eq!(
                mmu.translate(0x1000 + i * 8, Load, satp, S, &mut m),
                Ok(0x8000_1000 + i * 8)
            );
        }
        assert_eq!(mmu.counters.dtlb, tc(99, 1, 1));
        assert_eq!(mmu.counters.itlb, tc(0, 0, 0));
    }

    #[test]
    fn flush_silently_empties_the_tlbs_without_counting_an_sfence() {
        let (mut m, satp) = three_level();
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD).0);
        let mut mmu = mmu();
        mmu.translate(0x1000, Load, satp, S, &mut m).unwrap();
        mmu.flush_silently();
        assert_eq!(mmu.dtlb().occupancy(), 0);
        assert_eq!(mmu.counters.sfences(), 0);
        mmu.translate(0x1000, Load, satp, S, &mut m).unwrap();
        assert_eq!(mmu.counters.dtlb, tc(0, 2, 2));
    }

    #[test]
    fn fetches_use_the_itlb() {
        let (mut m, satp) = three_level();
        m.set(
            L0 + 8,
            Pte::new(Ppn(0x80001), Pte::V | Pte::R | Pte::X | Pte::A).0,
        );
        let mut mmu = mmu();
        mmu.translate(0x1000, Fetch, satp, S, &mut m).unwrap();
        mmu.translate(0x1004, Fetch, satp, S, &mut m).unwrap();
        mmu.translate(0x1008, Load, satp, S, &mut m).unwrap();
        assert_eq!(mmu.counters.itlb, tc(1, 1, 1));
        assert_eq!(mmu.counters.dtlb, tc(0, 1, 1));
        assert_eq!(mmu.itlb().occupancy(), 1);
        assert_eq!(mmu.dtlb().occupancy(), 1);
    }

    #[test]
    fn store_to_clean_cached_page_walks_to_set_d() {
        let (mut m, satp) = three_level();
        let clean = Pte::new(Ppn(0x80001), Pte::V | Pte::R | Pte::W).0;
        m.set(L0 + 8, clean);
        let mut mmu = mmu();
        mmu.translate(0x1000, Load, satp, S, &mut m).unwrap();
        assert_eq!(m.get(L0 + 8), clean | Pte::A);
        mmu.translate(0x1000, Store, satp, S, &mut m).unwrap();
        assert_eq!(m.get(L0 + 8), clean | Pte::A | Pte::D);
        assert_eq!(mmu.counters.dtlb, tc(1, 1, 2), "the store hit, then walked");
        // Now D is cached: stores hit without walking.
        mmu.translate(0x1008, Store, satp, S, &mut m).unwrap();
        assert_eq!(mmu.counters.dtlb, tc(2, 1, 2));
        assert_eq!(mmu.dtlb().occupancy(), 1);
        assert_eq!(
            mmu.dtlb().iter().next().unwrap().flags as u64,
            (clean | Pte::A | Pte::D) & 0xff
        );
    }

    #[test]
    fn permission_refused_hit_rewalks() {
        let (mut m, satp) = three_level();
        let ro = Pte::new(Ppn(0x80001), Pte::V | Pte::R | Pte::A).0;
        m.set(L0 + 8, ro);
        let mut mmu = mmu();
        mmu.translate(0x1000, Load, satp, S, &mut m).unwrap();
        // Refused by the entry and by memory: page fault, counted as hit + walk.
        assert_eq!(
            mmu.translate(0x1000, Store, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(mmu.counters.dtlb, tc(1, 1, 2));
        assert_eq!(mmu.dtlb().occupancy(), 1, "the entry stays");
        // Software upgrades the PTE without a fence: the re-walk sees it.
        m.set(L0 + 8, ro | Pte::W);
        assert_eq!(
            mmu.translate(0x1000, Store, satp, S, &mut m),
            Ok(0x8000_1000)
        );
        assert_eq!(m.get(L0 + 8), ro | Pte::W | Pte::D);
        assert_eq!(mmu.counters.dtlb, tc(2, 1, 3));
        // Cached permissions use the current context: U-mode is refused,
        // re-walks and faults.
        assert_eq!(
            mmu.translate(0x1000, Load, satp, U, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(mmu.counters.dtlb, tc(3, 1, 4));
    }

    #[test]
    fn sum_and_mxr_apply_to_cached_entries() {
        let (mut m, satp) = three_level();
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD | Pte::U).0);
        m.set(L0 + 16, Pte::new(Ppn(0x80002), Pte::V | Pte::X | Pte::A).0);
        let mut mmu = mmu();
        let s_sum = AccessCtx { sum: true, ..S };
        let s_mxr = AccessCtx { mxr: true, ..S };
        assert!(mmu.translate(0x1000, Load, satp, U, &mut m).is_ok());
        assert!(mmu.translate(0x1000, Load, satp, s_sum, &mut m).is_ok());
        assert_eq!(
            mmu.translate(0x1000, Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert!(mmu.translate(0x1000, Store, satp, s_sum, &mut m).is_ok());
        assert_eq!(
            mmu.translate(0x2000, Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert!(mmu.translate(0x2000, Load, satp, s_mxr, &mut m).is_ok());
        assert!(mmu.translate(0x2000, Load, satp, s_mxr, &mut m).is_ok());
        assert_eq!(
            mmu.translate(0x2000, Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(mmu.counters.dtlb.lookups(), 8);
    }

    #[test]
    fn faults_are_not_cached_and_walks_are_counted() {
        let (mut m, satp) = three_level();
        let mut mmu = mmu();
        for _ in 0..3 {
            assert_eq!(
                mmu.translate(0x1000, Load, satp, S, &mut m),
                Err(Fault::Page)
            );
        }
        assert_eq!(mmu.counters.dtlb, tc(0, 3, 3));
        assert_eq!(mmu.dtlb().occupancy(), 0);
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD).0);
        assert!(mmu.translate(0x1000, Load, satp, S, &mut m).is_ok());
        assert_eq!(mmu.counters.dtlb, tc(0, 4, 4));
    }

    #[test]
    fn non_canonical_is_a_miss_without_walk() {
        let (mut m, satp) = three_level();
        let mut mmu = mmu();
        assert_eq!(
            mmu.translate(1 << 38, Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(
            mmu.translate(1 << 63, Fetch, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(mmu.counters.dtlb, tc(0, 1, 0));
        assert_eq!(mmu.counters.itlb, tc(0, 1, 0));
    }

    #[test]
    fn bare_and_machine_are_identity() {
        let (mut m, satp) = three_level();
        let mut mmu = mmu();
        assert_eq!(mmu.translate(0x1234, Load, 0, S, &mut m), Ok(0x1234));
        assert_eq!(
            mmu.translate(0x1234, Load, 9 << 60 | (satp & !(0xf << 60)), S, &mut m),
            Ok(0x1234)
        );
        let mctx = AccessCtx {
            privilege: Privilege::Machine,
            ..S
        };
        assert_eq!(mmu.translate(0x1234, Store, satp, mctx, &mut m), Ok(0x1234));
        assert_eq!(mmu.counters, MmuCounters::default());
    }

    #[test]
    fn access_faults_from_walk() {
        let (mut m, satp) = three_level();
        m.set(L1 + 8, Pte::new(Ppn(0xdead0), Pte::V).0);
        let mut mmu = mmu();
        assert_eq!(
            mmu.translate(1 << 21, Load, satp, S, &mut m),
            Err(Fault::Access)
        );
        m.read_only_pages.push(L0);
        m.set(L0 + 8, Pte::new(Ppn(0x80001), Pte::V | Pte::R).0);
        assert_eq!(
            mmu.translate(0x1000, Load, satp, S, &mut m),
            Err(Fault::Access)
        );
        assert_eq!(mmu.counters.dtlb, tc(0, 2, 2));
    }

    #[test]
    fn asids_and_satp_switch_without_flush() {
        let (mut m, satp1) = three_level();
        // A second root (asid 2) mapping VA 0x1000 elsewhere.
        let root2 = 0x4000;
        let l1b = 0x5000;
        let l0b = 0x6000;
        for p in [root2, l1b, l0b] {
            m.add_page(p);
        }
        m.set(root2, Pte::new(Ppn(l1b >> 12), Pte::V).0);
        m.set(l1b, Pte::new(Ppn(l0b >> 12), Pte::V).0);
        m.set(l0b + 8, Pte::new(Ppn(0x90001), RW_AD).0);
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD).0);
        let satp2 = Satp::sv39(2, Ppn(root2 >> 12)).0;
        let mut mmu = mmu();
        assert_eq!(
            mmu.translate(0x1000, Load, satp1, S, &mut m),
            Ok(0x8000_1000)
        );
        assert_eq!(
            mmu.translate(0x1000, Load, satp2, S, &mut m),
            Ok(0x9000_1000)
        );
        assert_eq!(
            mmu.translate(0x1000, Load, satp1, S, &mut m),
            Ok(0x8000_1000)
        );
        assert_eq!(
            mmu.translate(0x1000, Load, satp2, S, &mut m),
            Ok(0x9000_1000)
        );
        assert_eq!(mmu.counters.dtlb, tc(2, 2, 2));
        // Flushing asid 1 leaves asid 2 cached.
        mmu.sfence_vma(None, Some(1));
        assert_eq!(
            mmu.translate(0x1000, Load, satp2, S, &mut m),
            Ok(0x9000_1000)
        );
        assert_eq!(
            mmu.translate(0x1000, Load, satp1, S, &mut m),
            Ok(0x8000_1000)
        );
        assert_eq!(mmu.counters.dtlb, tc(3, 3, 3));
    }

    #[test]
    fn stale_entries_live_until_the_right_fence() {
        let (mut m, satp) = three_level();
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD).0);
        let mut mmu = mmu();
        mmu.translate(0x1000, Load, satp, S, &mut m).unwrap();
        mmu.translate(0x1000, Fetch, satp, S, &mut m).unwrap_err();
        // Remap without fence: the TLB still has the old translation.
        m.set(L0 + 8, Pte::new(Ppn(0x80777), RW_AD).0);
        assert_eq!(
            mmu.translate(0x1000, Load, satp, S, &mut m),
            Ok(0x8000_1000)
        );
        mmu.sfence_vma(Some(0x2000), Some(1)); // other page
        assert_eq!(
            mmu.translate(0x1000, Load, satp, S, &mut m),
            Ok(0x8000_1000)
        );
        mmu.sfence_vma(Some(0x1000), Some(2)); // other ASID
        assert_eq!(
            mmu.translate(0x1000, Load, satp, S, &mut m),
            Ok(0x8000_1000)
        );
        mmu.sfence_vma(Some(0x1abc), Some(1));
        assert_eq!(
            mmu.translate(0x1000, Load, satp, S, &mut m),
            Ok(0x8077_7000)
        );
        let c = mmu.counters;
        assert_eq!(
            (c.flush_all, c.flush_asid, c.flush_addr, c.flush_addr_asid),
            (0, 0, 0, 3)
        );
    }

    #[test]
    fn sfence_counters_and_both_tlbs() {
        let (mut m, satp) = three_level();
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RW_AD | Pte::X | Pte::G).0);
        let mut mmu = mmu();
        let fill = |mmu: &mut Mmu, m: &mut TestMem| {
            mmu.translate(0x1000, Load, satp, S, m).unwrap();
            mmu.translate(0x1000, Fetch, satp, S, m).unwrap();
        };
        fill(&mut mmu, &mut m);
        mmu.sfence_vma(None, Some(1));
        assert_eq!(
            (mmu.itlb().occupancy(), mmu.dtlb().occupancy()),
            (1, 1),
            "global"
        );
        mmu.sfence_vma(Some(0x1000), Some(1));
        assert_eq!(
            (mmu.itlb().occupancy(), mmu.dtlb().occupancy()),
            (1, 1),
            "global"
        );
        mmu.sfence_vma(Some(0x1000), None);
        assert_eq!((mmu.itlb().occupancy(), mmu.dtlb().occupancy()), (0, 0));
        fill(&mut mmu, &mut m);
        mmu.sfence_vma(None, None);
        assert_eq!((mmu.itlb().occupancy(), mmu.dtlb().occupancy()), (0, 0));
        let c = mmu.counters;
        assert_eq!(
            (c.flush_all, c.flush_asid, c.flush_addr, c.flush_addr_asid),
            (1, 1, 1, 1)
        );
        assert_eq!(c.sfences(), 4);
    }

    #[test]
    fn superpage_is_cached_once_per_set_touched() {
        let (mut m, satp) = three_level();
        m.set(L1 + 8, Pte::new(Ppn(0x80200), RW_AD).0); // 2 MiB at 0x20_0000
        m.set(ROOT + 8, Pte::new(Ppn(0x40000), RW_AD).0); // 1 GiB at 0x4000_0000
        let mut mmu = Mmu::new(TlbConfig {
            entries: 4,
            ways: 1,
        });
        for i in 0..8u64 {
            let va = 0x20_0000 + i * 0x1000;
            assert_eq!(
                mmu.translate(va, Load, satp, S, &mut m),
                Ok(0x8020_0000 + i * 0x1000)
            );
        }
        // 4 sets: the first 4 pages miss, the next 4 hit the copies.
        assert_eq!(mmu.counters.dtlb, tc(4, 4, 4));
        assert!(mmu
            .dtlb()
            .iter()
            .all(|e| e.level == 1 && e.va_base == 0x20_0000));
        assert_eq!(
            mmu.translate(0x7fff_fff8, Store, satp, S, &mut m),
            Ok(0x7fff_fff8)
        );
        mmu.sfence_vma(Some(0x3f_f000), None);
        assert_eq!(mmu.dtlb().occupancy(), 1);
        assert_eq!(mmu.dtlb().iter().next().unwrap().level, 2);
    }

    #[test]
    fn invalid_config_is_clamped() {
        let mmu = Mmu::new(TlbConfig {
            entries: 48,
            ways: 4,
        });
        assert_eq!(
            mmu.tlb_config(),
            TlbConfig {
                entries: 32,
                ways: 4
            }
        );
        let mmu = Mmu::new(TlbConfig {
            entries: 0,
            ways: 0,
        });
        assert_eq!(
            mmu.tlb_config(),
            TlbConfig {
                entries: 1,
                ways: 1
            }
        );
    }
}
