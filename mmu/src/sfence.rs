//! `sfence.vma rs1, rs2`: which cached translations each form removes.
//!
//! | rs1 (vaddr) | rs2 (asid) | removes                                          |
//! |-------------|------------|--------------------------------------------------|
//! | x0          | x0         | everything, global entries included               |
//! | x0          | asid       | non-global entries of `asid`                      |
//! | vaddr       | x0         | entries mapping `vaddr`, any ASID, global too     |
//! | vaddr       | asid       | non-global entries of `asid` mapping `vaddr`      |
//!
//! "Mapping `vaddr`" includes a superpage entry whose page contains `vaddr`.
//! If `vaddr` is not a valid (canonical) Sv39 address the instruction has no
//! effect (privileged spec); it is still counted.
//! Both TLBs are fenced. Writing `satp` flushes nothing by itself: entries
//! are ASID-tagged, and software fences after reusing an ASID.

use crate::addr::VirtAddr;
use crate::tlb::{Entry, Tlb};

/// The scope of one `sfence.vma`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SfenceScope {
    /// `sfence.vma x0, x0`
    All,
    /// `sfence.vma x0, asid`
    Asid(u16),
    /// `sfence.vma vaddr, x0`
    Addr(u64),
    /// `sfence.vma vaddr, asid`
    AddrAsid(u64, u16),
}

impl SfenceScope {
    /// The scope for operands `vaddr` (Some when rs1 != x0) and `asid`
    /// (Some when rs2 != x0).
    #[inline]
    pub fn from_operands(vaddr: Option<u64>, asid: Option<u16>) -> SfenceScope {
        match (vaddr, asid) {
            (None, None) => SfenceScope::All,
            (None, Some(a)) => SfenceScope::Asid(a),
            (Some(v), None) => SfenceScope::Addr(v),
            (Some(v), Some(a)) => SfenceScope::AddrAsid(v, a),
        }
    }

    /// Does this fence remove the valid entry `e`?
    #[inline]
    pub(crate) fn removes(self, e: &Entry) -> bool {
        match self {
            SfenceScope::All => true,
            SfenceScope::Asid(a) => !e.is_global() && e.asid == a as u32,
            SfenceScope::Addr(v) => e.maps(v),
            SfenceScope::AddrAsid(v, a) => !e.is_global() && e.asid == a as u32 && e.maps(v),
        }
    }
}

impl Tlb {
    /// Remove the entries `scope` covers.
    pub fn sfence(&mut self, scope: SfenceScope) {
        // One monomorphised loop per scope (the scope is fixed inside each).
        match scope {
            SfenceScope::All => self.clear(),
            SfenceScope::Asid(a) => {
                self.invalidate_where(None, move |e| SfenceScope::Asid(a).removes(e))
            }
            SfenceScope::Addr(v) if VirtAddr(v).is_canonical() => {
                self.invalidate_where(Some(v), move |e| SfenceScope::Addr(v).removes(e))
            }
            SfenceScope::AddrAsid(v, a) if VirtAddr(v).is_canonical() => {
                self.invalidate_where(Some(v), move |e| SfenceScope::AddrAsid(v, a).removes(e))
            }
            SfenceScope::Addr(_) | SfenceScope::AddrAsid(..) => {} // invalid VA: no effect
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AccessCtx, AccessType, Privilege};
    use crate::addr::{level_shift, Ppn};
    use crate::config::TlbConfig;
    use crate::permissions;
    use crate::pte::Pte;
    use crate::walk::WalkResult;

    const S: AccessCtx = AccessCtx {
        privilege: Privilege::Supervisor,
        sum: false,
        mxr: false,
    };

    fn fill(t: &mut Tlb, va: u64, asid: u16, level: u8, global: bool) {
        let ppn = (va >> 12) & !((1 << (9 * level as u64)) - 1) & 0xfff_ffff;
        let w = WalkResult {
            pa: 0,
            level,
            pte: Pte::new(
                Ppn(ppn),
                Pte::V | Pte::R | Pte::A | if global { Pte::G } else { 0 },
            ),
            pte_addr: 0,
            global,
        };
        t.fill(va, asid, &w, None);
    }

    fn hits(t: &mut Tlb, va: u64, asid: u16) -> bool {
        t.probe(va, asid, permissions::ctx_bit(AccessType::Load, S))
            .is_ok()
    }

    /// A fully associative TLB holding: asid 1 at 0x1000, asid 2 at 0x1000,
    /// asid 1 at 0x2000, global at 0x3000, asid 1 2 MiB at 0x40_0000,
    /// global 1 GiB at 0xffff_ffff_c000_0000.
    fn populated() -> Tlb {
        let mut t = Tlb::new(TlbConfig {
            entries: 16,
            ways: 16,
        });
        fill(&mut t, 0x1000, 1, 0, false);
        fill(&mut t, 0x1000, 2, 0, false);
        fill(&mut t, 0x2000, 1, 0, false);
        fill(&mut t, 0x3000, 1, 0, true);
        fill(&mut t, 0x40_0000, 1, 1, false);
        fill(&mut t, 0xffff_ffff_c000_0000, 1, 2, true);
        assert_eq!(t.occupancy(), 6);
        t
    }

    #[test]
    fn scope_from_operands() {
        assert_eq!(SfenceScope::from_operands(None, None), SfenceScope::All);
        assert_eq!(
            SfenceScope::from_operands(None, Some(3)),
            SfenceScope::Asid(3)
        );
        assert_eq!(
            SfenceScope::from_operands(Some(9), None),
            SfenceScope::Addr(9)
        );
        assert_eq!(
            SfenceScope::from_operands(Some(9), Some(3)),
            SfenceScope::AddrAsid(9, 3)
        );
    }

    #[test]
    fn all_removes_everything_including_global() {
        let mut t = populated();
        t.sfence(SfenceScope::All);
        assert_eq!(t.occupancy(), 0);
        assert!(!hits(&mut t, 0x3000, 1));
        assert!(!hits(&mut t, 0xffff_ffff_c000_0000, 1));
    }

    #[test]
    fn asid_removes_only_that_asids_non_global_entries() {
        let mut t = populated();
        t.sfence(SfenceScope::Asid(1));
        assert!(!hits(&mut t, 0x1000, 1));
        assert!(!hits(&mut t, 0x2000, 1));
        assert!(!hits(&mut t, 0x40_0000, 1));
        assert!(hits(&mut t, 0x1000, 2), "other ASID kept");
        assert!(hits(&mut t, 0x3000, 1), "global kept");
        assert!(
            hits(&mut t, 0xffff_ffff_c000_0000, 1),
            "global superpage kept"
        );
        assert_eq!(t.occupancy(), 3);
    }

    #[test]
    fn addr_removes_every_asid_and_global() {
        let mut t = populated();
        t.sfence(SfenceScope::Addr(0x1234));
        assert!(!hits(&mut t, 0x1000, 1));
        assert!(!hits(&mut t, 0x1000, 2));
        assert_eq!(t.occupancy(), 4);
        t.sfence(SfenceScope::Addr(0x3fff));
        assert!(!hits(&mut t, 0x3000, 1), "global removed by address");
        assert!(hits(&mut t, 0x2000, 1));
        assert_eq!(t.occupancy(), 3);
    }

    #[test]
    fn addr_asid_spares_globals_and_other_asids() {
        let mut t = populated();
        t.sfence(SfenceScope::AddrAsid(0x1000, 1));
        assert!(!hits(&mut t, 0x1000, 1));
        assert!(hits(&mut t, 0x1000, 2));
        t.sfence(SfenceScope::AddrAsid(0x3000, 1));
        assert!(
            hits(&mut t, 0x3000, 1),
            "global entries survive an ASID fence"
        );
        t.sfence(SfenceScope::AddrAsid(0xffff_ffff_c000_0000, 1));
        assert!(hits(&mut t, 0xffff_ffff_d000_0000, 1));
        assert_eq!(t.occupancy(), 5);
    }

    #[test]
    fn addr_inside_a_superpage_removes_it() {
        let mut t = populated();
        t.sfence(SfenceScope::Addr(0x5f_f000)); // last 4 KiB of the 2 MiB page
        assert!(!hits(&mut t, 0x40_0000, 1));
        t.sfence(SfenceScope::AddrAsid(0xffff_ffff_dead_b000, 9));
        assert!(
            hits(&mut t, 0xffff_ffff_c000_0000, 1),
            "global: ASID fence spares it"
        );
        t.sfence(SfenceScope::Addr(0xffff_ffff_dead_b000));
        assert!(!hits(&mut t, 0xffff_ffff_c000_0000, 1));
        assert_eq!(t.occupancy(), 4);
    }

    #[test]
    fn addr_finds_superpage_copies_in_every_set() {
        // 8 sets of 1 way: a 2 MiB page touched at 8 different 4 KiB pages
        // has a copy in each set; one address fence removes them all.
        let mut t = Tlb::new(TlbConfig {
            entries: 8,
            ways: 1,
        });
        for i in 0..8 {
            fill(&mut t, 0x20_0000 + i * 0x1000, 1, 1, false);
        }
        assert_eq!(t.occupancy(), 8);
        assert_eq!(t.superpage_count(), 8);
        t.sfence(SfenceScope::AddrAsid(0x3f_f000, 1));
        assert_eq!(t.occupancy(), 0);
        assert_eq!(t.superpage_count(), 0);
    }

    #[test]
    fn addr_with_only_4k_entries_checks_one_set() {
        let mut t = Tlb::new(TlbConfig {
            entries: 8,
            ways: 2,
        });
        fill(&mut t, 0x1000, 1, 0, false);
        fill(&mut t, 0x2000, 1, 0, false);
        t.sfence(SfenceScope::Addr(0x1000 + (1 << level_shift(0)) * 4)); // same set, other page
        assert_eq!(t.occupancy(), 2);
        t.sfence(SfenceScope::Addr(0x1800));
        assert_eq!(t.occupancy(), 1);
    }

    #[test]
    fn non_canonical_vaddr_has_no_effect() {
        let mut t = populated();
        t.sfence(SfenceScope::Addr(0x1000 | (1 << 63)));
        t.sfence(SfenceScope::AddrAsid(0xffff_ff7f_c000_0000, 1));
        assert_eq!(t.occupancy(), 6);
    }
}
