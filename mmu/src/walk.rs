//! The three-level Sv39 page-table walk (privileged spec, "Virtual Address
//! Translation Process"), without any TLB.
//!
//! 1. The VA must be canonical (bits 63:39 = bit 38), else page fault.
//! 2. `a = satp.PPN * 4096`; for level `i` = 2, 1, 0 read the PTE at
//!    `a + VPN[i] * 8`. A read that memory cannot serve is an access fault.
//! 3. V=0, W=1 without R, any of bits 63:54 set, or (on a non-leaf) any of
//!    D/A/U set: page fault.
//! 4. R=W=X=0 is a pointer: `a = PTE.PPN * 4096` and go down one level; a
//!    pointer at level 0 is a page fault.
//! 5. A leaf at level `i > 0` is a superpage and needs `PPN[i-1:0] = 0`,
//!    else page fault (misaligned superpage).
//! 6. The permission check ([`crate::permissions`]); failure is a page fault.
//! 7. Hardware A/D update, as QEMU does: if A=0, or the access is a store
//!    and D=0, write the PTE back with A (and D for a store) set. If that
//!    write fails: access fault.
//!
//! The mapping is *global* if the G bit is set in any PTE along the path
//! (G on a non-leaf makes everything below it global).

use crate::access::{AccessCtx, AccessType};
use crate::addr::{level_shift, page_size, VirtAddr, LEVELS, PTE_SIZE};
use crate::fault::Fault;
use crate::permissions;
use crate::phys_mem::{PhysMem, PhysMemRead};
use crate::pte::Pte;
use crate::satp::Satp;

/// The outcome of a successful walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WalkResult {
    /// Physical address of the accessed byte.
    pub pa: u64,
    /// Level of the leaf: 0 = 4 KiB page, 1 = 2 MiB, 2 = 1 GiB.
    pub level: u8,
    /// The leaf PTE as it is in memory after the walk (with A/D set by
    /// [`walk`]; exactly as read for [`peek`]).
    pub pte: Pte,
    /// Physical address of the leaf PTE.
    pub pte_addr: u64,
    /// True if any PTE on the path had G set.
    pub global: bool,
}

impl WalkResult {
    /// Size in bytes of the mapped page.
    #[inline]
    pub const fn page_size(&self) -> u64 {
        page_size(self.level)
    }
}

/// A structurally valid leaf, before permission checks and A/D update.
#[derive(Clone, Copy, Debug)]
struct Leaf {
    pte: Pte,
    pte_addr: u64,
    level: u8,
    global: bool,
}

impl Leaf {
    #[inline(always)]
    fn pa(&self, va: u64) -> u64 {
        self.pte.ppn().addr().0 | VirtAddr(va).offset_in(self.level)
    }
}

/// Steps 1-5: find the leaf for `va`, reading PTEs with `read`.
/// `satp`'s MODE field is not looked at.
#[inline]
fn find_leaf(va: u64, satp: u64, mut read: impl FnMut(u64) -> Option<u64>) -> Result<Leaf, Fault> {
    let va = VirtAddr(va);
    if !va.is_canonical() {
        return Err(Fault::Page);
    }
    let mut table = Satp(satp).root().addr().0;
    let mut global = false;
    let mut level = LEVELS as u8 - 1;
    loop {
        let pte_addr = table + va.vpn_field(level) * PTE_SIZE;
        let pte = Pte(read(pte_addr).ok_or(Fault::Access)?);
        if pte.is_malformed() {
            return Err(Fault::Page);
        }
        global |= pte.is_global();
        if pte.is_leaf() {
            if !pte.ppn().is_aligned_for(level) {
                return Err(Fault::Page); // misaligned superpage
            }
            return Ok(Leaf {
                pte,
                pte_addr,
                level,
                global,
            });
        }
        if level == 0 {
            return Err(Fault::Page); // pointer where a leaf must be
        }
        level -= 1;
        table = pte.ppn().addr().0;
    }
}

/// Walk the Sv39 page tables for `va` and check `access` in `ctx`, updating
/// the A/D bits in memory; no TLB, no counters. `satp`'s MODE field is not
/// looked at (the tables are always interpreted as Sv39); a `ctx` privilege
/// of Machine is checked like Supervisor.
pub fn walk<M: PhysMem + ?Sized>(
    va: u64,
    access: AccessType,
    satp: u64,
    ctx: AccessCtx,
    mem: &mut M,
) -> Result<WalkResult, Fault> {
    let leaf = find_leaf(va, satp, |pa| mem.read_u64(pa))?;
    if !permissions::allows(leaf.pte.bits(), access, ctx) {
        return Err(Fault::Page);
    }
    let mut pte = leaf.pte;
    let wanted = pte.bits()
        | Pte::A
        | if access == AccessType::Store {
            Pte::D
        } else {
            0
        };
    if wanted != pte.bits() {
        if !mem.write_u64(leaf.pte_addr, wanted) {
            return Err(Fault::Access);
        }
        pte = Pte(wanted);
    }
    Ok(WalkResult {
        pa: leaf.pa(va),
        level: leaf.level,
        pte,
        pte_addr: leaf.pte_addr,
        global: leaf.global,
    })
}

/// Where does `va` map under `satp`? A side-effect-free walk for debuggers:
/// no permission check, no A/D update, no counters. `None` when the walk
/// faults (non-canonical VA, unreadable or malformed PTE, misaligned superpage).
pub fn peek<M: PhysMemRead + ?Sized>(va: u64, satp: u64, mem: &M) -> Option<WalkResult> {
    let leaf = find_leaf(va, satp, |pa| mem.peek_u64(pa)).ok()?;
    Some(WalkResult {
        pa: leaf.pa(va),
        level: leaf.level,
        pte: leaf.pte,
        pte_addr: leaf.pte_addr,
        global: leaf.global,
    })
}

/// `va >> level_shift(level)`: the tag of the page containing `va`.
#[inline(always)]
pub(crate) fn page_tag(va: u64, level: u8) -> u64 {
    va >> level_shift(level)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::access::Privilege;
    use crate::addr::Ppn;
    use std::collections::HashMap;

    /// Word-granular test memory: absent words are unbacked (access fault),
    /// words in `read_only` pages cannot be written.
    #[derive(Default, Clone, PartialEq, Eq, Debug)]
    pub struct TestMem {
        pub words: HashMap<u64, u64>,
        pub read_only_pages: Vec<u64>,
    }

    impl TestMem {
        /// Back a whole 4 KiB page with zeros.
        pub fn add_page(&mut self, page_pa: u64) {
            for i in 0..512 {
                self.words.insert(page_pa + i * 8, 0);
            }
        }
        pub fn set(&mut self, pa: u64, v: u64) {
            self.words.insert(pa, v);
        }
        pub fn get(&self, pa: u64) -> u64 {
            self.words[&pa]
        }
    }

    impl PhysMem for TestMem {
        fn read_u64(&mut self, pa: u64) -> Option<u64> {
            self.words.get(&pa).copied()
        }
        fn write_u64(&mut self, pa: u64, value: u64) -> bool {
            if self.read_only_pages.contains(&(pa & !0xfff)) {
                return false;
            }
            match self.words.get_mut(&pa) {
                Some(w) => {
                    *w = value;
                    true
                }
                None => false,
            }
        }
    }

    pub const ROOT: u64 = 0x1000;
    pub const L1: u64 = 0x2000;
    pub const L0: u64 = 0x3000;

    /// Root at 0x1000 -> L1 table at 0x2000 -> L0 table at 0x3000, for VAs
    /// with VPN[2] = 0 and VPN[1] = 0. Returns (mem, satp).
    pub fn three_level() -> (TestMem, u64) {
        let mut m = TestMem::default();
        for p in [ROOT, L1, L0] {
            m.add_page(p);
        }
        m.set(ROOT, Pte::new(Ppn(L1 >> 12), Pte::V).0);
        m.set(L1, Pte::new(Ppn(L0 >> 12), Pte::V).0);
        (m, Satp::sv39(1, Ppn(ROOT >> 12)).0)
    }

    pub const S: AccessCtx = AccessCtx {
        privilege: Privilege::Supervisor,
        sum: false,
        mxr: false,
    };
    pub const U: AccessCtx = AccessCtx {
        privilege: Privilege::User,
        sum: false,
        mxr: false,
    };

    const RWX_AD: u64 = Pte::V | Pte::R | Pte::W | Pte::X | Pte::A | Pte::D;

    #[test]
    fn four_k_page() {
        let (mut m, satp) = three_level();
        m.set(L0 + 5 * 8, Pte::new(Ppn(0x80123), RWX_AD).0);
        let r = walk(0x5abc, AccessType::Load, satp, S, &mut m).unwrap();
        assert_eq!(r.pa, 0x8012_3abc);
        assert_eq!(r.level, 0);
        assert_eq!(r.pte_addr, L0 + 40);
        assert!(!r.global);
        assert_eq!(r.page_size(), 4096);
    }

    #[test]
    fn superpages_pass_low_vpn_through() {
        let (mut m, satp) = three_level();
        // 2 MiB page at VPN[2]=0, VPN[1]=3.
        m.set(L1 + 3 * 8, Pte::new(Ppn(0x80200), RWX_AD).0);
        let va = (3 << 21) | 0x1_2345;
        let r = walk(va, AccessType::Fetch, satp, S, &mut m).unwrap();
        assert_eq!((r.pa, r.level), (0x8020_0000 | 0x1_2345, 1));
        // 1 GiB page at VPN[2]=2.
        m.set(ROOT + 2 * 8, Pte::new(Ppn(0xc0000), RWX_AD).0);
        let va = (2 << 30) | 0x3ff_f123;
        let r = walk(va, AccessType::Store, satp, S, &mut m).unwrap();
        assert_eq!((r.pa, r.level), (0xc000_0000 | 0x3ff_f123, 2));
    }

    #[test]
    fn misaligned_superpages_fault() {
        let (mut m, satp) = three_level();
        m.set(L1 + 3 * 8, Pte::new(Ppn(0x80201), RWX_AD).0);
        assert_eq!(
            walk(3 << 21, AccessType::Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        m.set(ROOT + 2 * 8, Pte::new(Ppn(0xc0200), RWX_AD).0); // PPN[0]=0 but PPN[1]!=0
        assert_eq!(
            walk(2 << 30, AccessType::Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        m.set(ROOT + 2 * 8, Pte::new(Ppn(0xc0001), RWX_AD).0);
        assert_eq!(
            walk(2 << 30, AccessType::Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(peek(2 << 30, satp, &|pa| m.words.get(&pa).copied()), None);
    }

    #[test]
    fn non_canonical_faults() {
        let (mut m, satp) = three_level();
        m.set(L0, Pte::new(Ppn(0x80000), RWX_AD).0);
        assert!(walk(0, AccessType::Load, satp, S, &mut m).is_ok());
        for va in [1u64 << 38, 1 << 39, 1 << 63, 0xffff_ff80_0000_0000] {
            assert_eq!(
                walk(va, AccessType::Load, satp, S, &mut m),
                Err(Fault::Page),
                "{va:#x}"
            );
        }
    }

    #[test]
    fn high_half_addresses_use_vpn2_511() {
        let (mut m, satp) = three_level();
        m.set(ROOT + 511 * 8, Pte::new(Ppn(0x80000), RWX_AD | Pte::G).0);
        let r = walk(0xffff_ffff_c000_1234, AccessType::Load, satp, S, &mut m).unwrap();
        assert_eq!(r.pa, 0x8000_1234);
        assert!(r.global);
    }

    #[test]
    fn malformed_ptes_are_page_faults() {
        let (mut m, satp) = three_level();
        for bad in [
            0,                                    // V=0
            Pte::V | Pte::W | Pte::A | Pte::D,    // W without R
            Pte::V | Pte::R | Pte::A | (1 << 62), // PBMT
            Pte::V | Pte::R | Pte::A | (1 << 63), // N
            Pte::V | Pte::R | Pte::A | (1 << 55), // reserved
        ] {
            m.set(L0 + 8, bad | (0x80001 << 10));
            assert_eq!(
                walk(0x1000, AccessType::Load, satp, S, &mut m),
                Err(Fault::Page),
                "{bad:#x}"
            );
        }
        // Pointer at level 0.
        m.set(L0 + 8, Pte::new(Ppn(0x80001), Pte::V).0);
        assert_eq!(
            walk(0x1000, AccessType::Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        // Non-leaf with A/D/U set.
        m.set(L0 + 8, Pte::new(Ppn(0x80001), RWX_AD).0);
        assert!(walk(0x1000, AccessType::Load, satp, S, &mut m).is_ok());
        for bit in [Pte::A, Pte::D, Pte::U] {
            m.set(L1, Pte::new(Ppn(L0 >> 12), Pte::V | bit).0);
            assert_eq!(
                walk(0x1000, AccessType::Load, satp, S, &mut m),
                Err(Fault::Page)
            );
        }
        // G and RSW on a non-leaf are fine; G makes the leaf global.
        m.set(
            L1,
            Pte::new(Ppn(L0 >> 12), Pte::V | Pte::G | Pte::RSW_MASK).0,
        );
        assert!(
            walk(0x1000, AccessType::Load, satp, S, &mut m)
                .unwrap()
                .global
        );
    }

    #[test]
    fn unbacked_pte_is_access_fault() {
        let (mut m, satp) = three_level();
        m.set(L1 + 8, Pte::new(Ppn(0x99990), Pte::V).0); // table not in memory
        assert_eq!(
            walk(1 << 21, AccessType::Load, satp, S, &mut m),
            Err(Fault::Access)
        );
        let bad_root = Satp::sv39(1, Ppn(0x7777)).0;
        assert_eq!(
            walk(0, AccessType::Fetch, bad_root, S, &mut m),
            Err(Fault::Access)
        );
    }

    #[test]
    fn accessed_and_dirty_updates() {
        let (mut m, satp) = three_level();
        let clean = Pte::new(Ppn(0x80001), Pte::V | Pte::R | Pte::W).0;
        m.set(L0 + 8, clean);
        // A load sets A only.
        let r = walk(0x1000, AccessType::Load, satp, S, &mut m).unwrap();
        assert_eq!(m.get(L0 + 8), clean | Pte::A);
        assert_eq!(r.pte.0, clean | Pte::A);
        // A store sets D too.
        let r = walk(0x1008, AccessType::Store, satp, S, &mut m).unwrap();
        assert_eq!(m.get(L0 + 8), clean | Pte::A | Pte::D);
        assert_eq!(r.pte.0, clean | Pte::A | Pte::D);
        // A store straight to a fresh page sets both at once.
        m.set(L0 + 8, clean);
        walk(0x1000, AccessType::Store, satp, S, &mut m).unwrap();
        assert_eq!(m.get(L0 + 8), clean | Pte::A | Pte::D);
        // Faulting accesses do not touch the PTE.
        let ro = Pte::new(Ppn(0x80001), Pte::V | Pte::R).0;
        m.set(L0 + 8, ro);
        assert_eq!(
            walk(0x1000, AccessType::Store, satp, S, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(m.get(L0 + 8), ro);
    }

    #[test]
    fn failed_ad_write_is_access_fault() {
        let (mut m, satp) = three_level();
        m.read_only_pages.push(L0);
        m.set(L0 + 8, Pte::new(Ppn(0x80001), Pte::V | Pte::R | Pte::W).0);
        assert_eq!(
            walk(0x1000, AccessType::Load, satp, S, &mut m),
            Err(Fault::Access)
        );
        // No write needed: fine even in read-only memory.
        m.set(
            L0 + 8,
            Pte::new(Ppn(0x80001), Pte::V | Pte::R | Pte::W | Pte::A).0,
        );
        assert!(walk(0x1000, AccessType::Load, satp, S, &mut m).is_ok());
        assert_eq!(
            walk(0x1000, AccessType::Store, satp, S, &mut m),
            Err(Fault::Access)
        );
    }

    #[test]
    fn permissions_sum_mxr() {
        let (mut m, satp) = three_level();
        let upage = Pte::new(
            Ppn(0x80001),
            Pte::V | Pte::R | Pte::W | Pte::U | Pte::A | Pte::D,
        )
        .0;
        m.set(L0 + 8, upage);
        assert!(walk(0x1000, AccessType::Load, satp, U, &mut m).is_ok());
        assert_eq!(
            walk(0x1000, AccessType::Load, satp, S, &mut m),
            Err(Fault::Page)
        );
        let s_sum = AccessCtx { sum: true, ..S };
        assert!(walk(0x1000, AccessType::Store, satp, s_sum, &mut m).is_ok());
        let xpage = Pte::new(Ppn(0x80001), Pte::V | Pte::X | Pte::U | Pte::A).0;
        m.set(L0 + 8, xpage);
        assert!(walk(0x1000, AccessType::Fetch, satp, U, &mut m).is_ok());
        assert_eq!(
            walk(0x1000, AccessType::Fetch, satp, s_sum, &mut m),
            Err(Fault::Page)
        );
        assert_eq!(
            walk(0x1000, AccessType::Load, satp, U, &mut m),
            Err(Fault::Page)
        );
        let u_mxr = AccessCtx { mxr: true, ..U };
        assert!(walk(0x1000, AccessType::Load, satp, u_mxr, &mut m).is_ok());
    }

    #[test]
    fn peek_has_no_side_effects() {
        let (mut m, satp) = three_level();
        let clean = Pte::new(Ppn(0x80001), Pte::V | Pte::X | Pte::U).0;
        m.set(L0 + 8, clean);
        let before = m.clone();
        let r = peek(0x1abc, satp, &|pa| m.words.get(&pa).copied()).unwrap();
        assert_eq!(
            (r.pa, r.level, r.pte.0, r.pte_addr),
            (0x8000_1abc, 0, clean, L0 + 8)
        );
        assert_eq!(m, before);
        assert_eq!(peek(0x2000, satp, &|pa| m.words.get(&pa).copied()), None);
    }
}
