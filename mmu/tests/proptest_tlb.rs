//! Property test: the TLB path (`Mmu::translate`) agrees with the plain page
//! walk (`walk`) and with an independent reference model written from the
//! spec, on random Sv39 page tables, under random accesses, PTE changes
//! (each followed by the sfence.vma that software would issue), and extra
//! random fences.
//!
//! # The page-table world
//!
//! Eight table pages (`TABLES`); table 0 is the root for ASID 1, table 1 the
//! root for ASID 2; table 7 is read-only (A/D writes fail: access fault).
//! Only PTE slots 0, 1, 2 and 511 of each table are backed, and every
//! access uses VPN fields from that set, so the "universe" of pages is
//! 4 x 4 x 4 = 64 virtual pages per address space (VPN[2] = 511 gives
//! high-half, sign-extended addresses). PTEs are random: invalid, pointers
//! to any table (cycles included) or to unbacked memory, leaves with random
//! permissions and 4 KiB / 2 MiB / 1 GiB aligned or misaligned PPNs, with
//! occasional reserved bits. G bits appear on leaves and pointers.
//!
//! Software rules the generator obeys (the spec makes the outcome
//! unspecified otherwise, so the TLB may legally disagree with a walk):
//!
//! * Global mappings are the same in every address space: if a walk for a
//!   page is global in one root, the other root's walk reaches the same
//!   leaf PTE at the same level. Changes that would break this are skipped.
//! * After changing a PTE, fence every translation whose walk went through
//!   it (computed exactly from the tables), with a randomly chosen but
//!   sufficient form: `sfence.vma x0,x0`; per-ASID; per page with ASID;
//!   per page without ASID. Global translations are never fenced by ASID.
//!   Superpages are fenced through *one* address of the page, which checks
//!   that every copy of a superpage entry goes.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use std::collections::{HashMap, HashSet};
use vitrine_mmu::*;

// ---------------------------------------------------------------- memory

const TABLE_BASE: u64 = 0x10_0000;
const TABLES: u64 = 8;
const RO_TABLE: u64 = 7;
/// A table pointer target that is not backed by memory.
const UNBACKED_PPN: u64 = 0x300;
const IDX: [u64; 4] = [0, 1, 2, 511];
const ASIDS: [u16; 2] = [1, 2];

fn table_pa(k: u64) -> u64 {
    TABLE_BASE + k * 0x1000
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Mem {
    words: HashMap<u64, u64>,
}

impl PhysMem for Mem {
    fn read_u64(&mut self, pa: u64) -> Option<u64> {
        self.words.get(&pa).copied()
    }
    fn write_u64(&mut self, pa: u64, value: u64) -> bool {
        if pa & !0xfff == table_pa(RO_TABLE) {
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

fn satp_of(root: usize) -> u64 {
    Satp::sv39(ASIDS[root], Ppn(table_pa(root as u64) >> 12)).0
}

fn sext39(va: u64) -> u64 {
    (((va << 25) as i64) >> 25) as u64
}

/// The universe of virtual pages: VPN fields drawn from `IDX`.
fn universe() -> Vec<u64> {
    let mut v = Vec::new();
    for a in IDX {
        for b in IDX {
            for c in IDX {
                v.push(sext39((a << 30) | (b << 21) | (c << 12)));
            }
        }
    }
    v
}

// ------------------------------------------------------- reference model

const V: u64 = 1;
const R: u64 = 2;
const W: u64 = 4;
const X: u64 = 8;
const UB: u64 = 16;
const G: u64 = 32;
const A: u64 = 64;
const D: u64 = 128;

/// A structural walk, written independently of the crate: the PTE addresses
/// visited, and the leaf (address, level, global) if the tables yield one.
struct Path {
    addrs: Vec<u64>,
    leaf: Result<(u64, u8, bool), Fault>,
}

fn struct_walk(mem: &Mem, va: u64, satp: u64) -> Path {
    let mut addrs = Vec::new();
    if sext39(va) != va {
        return Path {
            addrs,
            leaf: Err(Fault::Page),
        };
    }
    let mut base = (satp & ((1 << 44) - 1)) << 12;
    let mut global = false;
    for level in (0..3u8).rev() {
        let vpn = (va >> (12 + 9 * level as u64)) & 511;
        let addr = base + vpn * 8;
        addrs.push(addr);
        let Some(&pte) = mem.words.get(&addr) else {
            return Path {
                addrs,
                leaf: Err(Fault::Access),
            };
        };
        let rwx = pte & (R | W | X);
        if pte & V == 0 || (pte & R == 0 && pte & W != 0) || pte >> 54 != 0 {
            return Path {
                addrs,
                leaf: Err(Fault::Page),
            };
        }
        global |= pte & G != 0;
        let ppn = (pte >> 10) & ((1 << 44) - 1);
        if rwx != 0 {
            if ppn & ((1 << (9 * level as u64)) - 1) != 0 {
                return Path {
                    addrs,
                    leaf: Err(Fault::Page),
                };
            }
            return Path {
                addrs,
                leaf: Ok((addr, level, global)),
            };
        }
        if pte & (A | D | UB) != 0 || level == 0 {
            return Path {
                addrs,
                leaf: Err(Fault::Page),
            };
        }
        base = ppn << 12;
    }
    unreachable!()
}

/// Expected translation, and the PTE write-back (address, new value) if any.
fn reference(
    mem: &Mem,
    va: u64,
    access: AccessType,
    satp: u64,
    ctx: AccessCtx,
) -> Result<(u64, Option<(u64, u64)>), Fault> {
    let (addr, level, _) = struct_walk(mem, va, satp).leaf?;
    let pte = mem.words[&addr];
    let user = ctx.privilege == Privilege::User;
    let priv_ok = if user {
        pte & UB != 0
    } else {
        pte & UB == 0 || (ctx.sum && access != AccessType::Fetch)
    };
    let kind_ok = match access {
        AccessType::Fetch => pte & X != 0,
        AccessType::Load => pte & R != 0 || (ctx.mxr && pte & X != 0),
        AccessType::Store => pte & W != 0,
    };
    if !(priv_ok && kind_ok) {
        return Err(Fault::Page);
    }
    let shift = 12 + 9 * level as u64;
    let pa = (((pte >> 10) & ((1 << 44) - 1)) << 12) | (va & ((1 << shift) - 1));
    let new = pte | A | if access == AccessType::Store { D } else { 0 };
    if new == pte {
        return Ok((pa, None));
    }
    if addr & !0xfff == table_pa(RO_TABLE) {
        return Err(Fault::Access);
    }
    Ok((pa, Some((addr, new))))
}

/// Global mappings must be identical in both address spaces.
fn globally_consistent(mem: &Mem) -> bool {
    first_inconsistency(mem).is_none()
}

fn first_inconsistency(mem: &Mem) -> Option<u64> {
    for va in universe() {
        let p: Vec<Path> = (0..2).map(|r| struct_walk(mem, va, satp_of(r))).collect();
        for r in 0..2 {
            if let Ok((addr, level, true)) = p[r].leaf {
                match p[1 - r].leaf {
                    Ok((a2, l2, _)) if a2 == addr && l2 == level => {}
                    _ => return Some(va),
                }
            }
        }
    }
    None
}

/// Make an initial world consistent by clearing G on the paths of offending
/// pages until none is left.
fn make_consistent(mem: &mut Mem) {
    while let Some(va) = first_inconsistency(mem) {
        for r in 0..2 {
            for addr in struct_walk(mem, va, satp_of(r)).addrs {
                if let Some(w) = mem.words.get_mut(&addr) {
                    *w &= !G;
                }
            }
        }
    }
}

/// The translations a change to the PTE at `slot` can make stale:
/// (ASID or None for global, level, page tag, one VA inside the page).
fn affected(mem: &Mem, slot: u64) -> Vec<(Option<u16>, u8, u64, u64)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (r, &asid) in ASIDS.iter().enumerate() {
        for va in universe() {
            let p = struct_walk(mem, va, satp_of(r));
            if let Ok((_, level, global)) = p.leaf {
                if p.addrs.contains(&slot) {
                    let key = (
                        if global { None } else { Some(asid) },
                        level,
                        va >> (12 + 9 * level as u64),
                    );
                    if seen.insert(key) {
                        out.push((key.0, key.1, key.2, va));
                    }
                }
            }
        }
    }
    out
}

// -------------------------------------------------------------- strategies

fn ppn_strategy(clean: bool) -> impl Strategy<Value = u64> {
    // A 1 GiB-aligned base plus, in dirty worlds sometimes, 2 MiB and
    // 4 KiB offsets (which misalign superpages).
    let w = if clean { 0 } else { 1 };
    (
        1u64..4,
        prop_oneof![12 => Just(0u64), w => 1u64..512],
        prop_oneof![12 => Just(0u64), w => 1u64..512],
    )
        .prop_map(|(g, m, k)| (g << 18) | (m << 9) | k)
}

/// A random PTE. A `clean` world has no invalid or malformed encodings, no
/// misaligned superpages and no pointers to unbacked memory (only
/// permission faults and pointers where a leaf must be).
fn pte_strategy(clean: bool) -> impl Strategy<Value = u64> {
    let dirty = if clean { 0 } else { 1 };
    let invalid = prop_oneof![Just(0u64), any::<u64>().prop_map(|x| x & !V)];
    let target = prop_oneof![16 => 0..TABLES, dirty => Just(TABLES)];
    let reserved_nonleaf =
        prop_oneof![37 => Just(0u64), dirty => prop::sample::select(vec![A, D, UB])];
    let pointer = (target, prop::bool::weighted(0.25), reserved_nonleaf).prop_map(|(t, g, bad)| {
        let ppn = if t == TABLES {
            UNBACKED_PPN
        } else {
            table_pa(t) >> 12
        };
        (ppn << 10) | V | if g { G } else { 0 } | bad
    });
    // R, RW, RX, RWX (often), X, and (dirty only) the reserved W / WX encodings.
    let rwx = prop_oneof![14 => prop::sample::select(vec![1u64, 1, 3, 3, 3, 5, 5, 7, 7, 7, 7, 7, 4, 4]), dirty => prop::sample::select(vec![2u64, 6])];
    let leaf = (
        rwx,
        any::<bool>(),
        prop::bool::weighted(0.2),
        any::<bool>(),
        any::<bool>(),
        0u64..4,
        ppn_strategy(clean),
        prop::bool::weighted(if clean { 0.0 } else { 0.02 }),
    )
        .prop_map(|(rwx, u, g, a, d, rsw, ppn, reserved)| {
            (ppn << 10)
                | V
                | (rwx << 1)
                | if u { UB } else { 0 }
                | if g { G } else { 0 }
                | if a { A } else { 0 }
                | if d { D } else { 0 }
                | (rsw << 8)
                | if reserved { 1 << 60 } else { 0 }
        });
    prop_oneof![dirty => invalid, 8 => pointer, 8 => leaf]
}

#[derive(Clone, Debug)]
enum Op {
    Access {
        root: usize,
        page: usize,
        offset: u64,
        access: AccessType,
        user: bool,
        sum: bool,
        mxr: bool,
    },
    NonCanonical {
        root: usize,
        va: u64,
        access: AccessType,
    },
    SetPte {
        table: u64,
        slot: usize,
        pte: u64,
        fence: u8,
    },
    TogglePte {
        table: u64,
        slot: usize,
        bits: u64,
        fence: u8,
    },
    ExtraFence {
        vaddr: Option<u64>,
        asid: Option<u16>,
    },
}

fn access_type() -> impl Strategy<Value = AccessType> {
    prop_oneof![1 => Just(AccessType::Fetch), 3 => Just(AccessType::Load), 2 => Just(AccessType::Store)]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let n = universe().len();
    // A few hot pages spread over the universe, so that the TLB gets hits.
    let page = prop_oneof![3 => prop::sample::select(vec![0usize, 5, 17, 21, 42, 63]), 1 => 0..n];
    prop_oneof![
        20 => (0..2usize, page, 0u64..4096, access_type(), prop::bool::weighted(0.3), prop::bool::weighted(0.7), any::<bool>())
            .prop_map(|(root, page, offset, access, user, sum, mxr)| Op::Access { root, page, offset, access, user, sum, mxr }),
        1 => (0..2usize, prop::sample::select(vec![1u64 << 38, 1 << 39, 1 << 63, 0xffff_ff80_0000_0000, 0x7f_ffff_f000]), access_type())
            .prop_map(|(root, va, access)| Op::NonCanonical { root, va, access }),
        1 => (0..TABLES, 0..4usize, pte_strategy(false), any::<u8>())
            .prop_map(|(table, slot, pte, fence)| Op::SetPte { table, slot, pte, fence }),
        2 => (0..TABLES, 0..4usize, prop::sample::select(vec![A, D, A | D, W, R | W, X, UB, G, V, R]), any::<u8>())
            .prop_map(|(table, slot, bits, fence)| Op::TogglePte { table, slot, bits, fence }),
        1 => (prop::option::of((0..n, 0u64..4096)), prop::option::of(prop::sample::select(vec![1u16, 2, 3])))
            .prop_map(move |(v, asid)| Op::ExtraFence { vaddr: v.map(|(p, o)| universe()[p] | o), asid }),
    ]
}

fn config_strategy() -> impl Strategy<Value = TlbConfig> {
    (0u32..5, prop::sample::select(vec![1usize, 2, 3, 4])).prop_map(|(s, ways)| TlbConfig {
        entries: (1 << s) * ways,
        ways,
    })
}

fn world_strategy() -> impl Strategy<Value = Mem> {
    let n = (TABLES as usize) * IDX.len();
    let ptes = prop_oneof![
        prop::collection::vec(pte_strategy(true), n),
        prop::collection::vec(pte_strategy(false), n)
    ];
    // Root slots the two address spaces share (as a kernel half would be).
    let shared = prop::collection::vec(any::<bool>(), IDX.len());
    (ptes, shared).prop_map(|(ptes, shared)| {
        let mut words = HashMap::new();
        for t in 0..TABLES {
            for (j, &i) in IDX.iter().enumerate() {
                let from = if t == 1 && shared[j] { 0 } else { t as usize };
                words.insert(table_pa(t) + i * 8, ptes[from * IDX.len() + j]);
            }
        }
        let mut mem = Mem { words };
        make_consistent(&mut mem);
        mem
    })
}

// ------------------------------------------------------------------ runner

#[derive(Default, Debug, Clone, Copy)]
struct Stats {
    ok: u64,
    page_faults: u64,
    access_faults: u64,
    non_canonical: u64,
    global_ok: u64,
    ad_writes: u64,
    pte_changes: u64,
    skipped_changes: u64,
    fences: u64,
    superpage_copies: u64,
    counters: MmuCounters,
}

fn run(cfg: TlbConfig, world: Mem, ops: &[Op]) -> Result<Stats, TestCaseError> {
    let mut mmu = Mmu::new(cfg);
    let mut mem_tlb = world.clone();
    let mut mem_walk = world;
    let pages = universe();
    let mut st = Stats::default();
    let (mut fetches, mut data) = (0u64, 0u64);
    for op in ops {
        match *op {
            Op::Access {
                root,
                page,
                offset,
                access,
                user,
                sum,
                mxr,
            } => {
                let va = pages[page] | offset;
                let satp = satp_of(root);
                let privilege = if user {
                    Privilege::User
                } else {
                    Privilege::Supervisor
                };
                let ctx = AccessCtx {
                    privilege,
                    sum,
                    mxr,
                };
                let expected = reference(&mem_walk, va, access, satp, ctx);
                let before = mem_walk.clone();
                let by_tlb = mmu.translate(va, access, satp, ctx, &mut mem_tlb);
                let by_walk = walk(va, access, satp, ctx, &mut mem_walk);
                prop_assert_eq!(
                    by_tlb,
                    by_walk.map(|w| w.pa),
                    "TLB vs walk: {:?} va={:#x} root={}",
                    access,
                    va,
                    root
                );
                prop_assert_eq!(
                    by_tlb,
                    expected.map(|e| e.0),
                    "TLB vs reference: {:?} va={:#x}",
                    access,
                    va
                );
                prop_assert_eq!(
                    &mem_tlb,
                    &mem_walk,
                    "memory after {:?} va={:#x}",
                    access,
                    va
                );
                let mut want = before;
                if let Ok((_, Some((addr, value)))) = expected {
                    want.words.insert(addr, value);
                    st.ad_writes += 1;
                }
                prop_assert_eq!(&mem_walk, &want, "A/D update of {:?} va={:#x}", access, va);
                if let Ok(w) = by_walk {
                    st.global_ok += w.global as u64;
                    let leaf = struct_walk(&mem_walk, va, satp).leaf.unwrap();
                    prop_assert_eq!((w.pte_addr, w.level, w.global), leaf);
                    prop_assert_eq!(w.pte.0, mem_walk.words[&w.pte_addr]);
                    let p = peek(va, satp, &|pa| mem_walk.words.get(&pa).copied()).unwrap();
                    prop_assert_eq!(p, w);
                }
                match by_tlb {
                    Ok(_) => st.ok += 1,
                    Err(Fault::Page) => st.page_faults += 1,
                    Err(Fault::Access) => st.access_faults += 1,
                }
                if access == AccessType::Fetch {
                    fetches += 1
                } else {
                    data += 1
                }
            }
            Op::NonCanonical { root, va, access } => {
                let ctx = AccessCtx {
                    privilege: Privilege::Supervisor,
                    sum: true,
                    mxr: true,
                };
                let r = mmu.translate(va, access, satp_of(root), ctx, &mut mem_tlb);
                prop_assert_eq!(r, Err(Fault::Page));
                prop_assert_eq!(
                    walk(va, access, satp_of(root), ctx, &mut mem_walk).map(|w| w.pa),
                    Err(Fault::Page)
                );
                st.non_canonical += 1;
                if access == AccessType::Fetch {
                    fetches += 1
                } else {
                    data += 1
                }
            }
            Op::SetPte {
                table,
                slot,
                pte,
                fence,
            } => change_pte(
                &mut mmu,
                &mut mem_tlb,
                &mut mem_walk,
                &mut st,
                table,
                slot,
                |_| pte,
                fence,
            )?,
            Op::TogglePte {
                table,
                slot,
                bits,
                fence,
            } => change_pte(
                &mut mmu,
                &mut mem_tlb,
                &mut mem_walk,
                &mut st,
                table,
                slot,
                |old| old ^ bits,
                fence,
            )?,
            Op::ExtraFence { vaddr, asid } => {
                mmu.sfence_vma(vaddr, asid);
                st.fences += 1;
            }
        }
        // Superpage entries copied into several sets.
        let mut bases = HashSet::new();
        for e in mmu
            .dtlb()
            .iter()
            .chain(mmu.itlb().iter())
            .filter(|e| e.level > 0)
        {
            if !bases.insert((e.va_base, e.asid, e.level)) {
                st.superpage_copies += 1;
            }
        }
    }
    let c = mmu.counters;
    prop_assert_eq!(c.itlb.hits + c.itlb.misses, fetches);
    prop_assert_eq!(c.dtlb.hits + c.dtlb.misses, data);
    prop_assert!(
        c.itlb.walks <= c.itlb.hits + c.itlb.misses && c.dtlb.walks <= c.dtlb.hits + c.dtlb.misses
    );
    prop_assert_eq!(c.sfences(), st.fences);
    st.counters = c;
    Ok(st)
}

#[allow(clippy::too_many_arguments)]
fn change_pte(
    mmu: &mut Mmu,
    mem_tlb: &mut Mem,
    mem_walk: &mut Mem,
    st: &mut Stats,
    table: u64,
    slot: usize,
    new: impl Fn(u64) -> u64,
    fence: u8,
) -> Result<(), TestCaseError> {
    let addr = table_pa(table) + IDX[slot] * 8;
    let old = mem_walk.words[&addr];
    let mut value = new(old);
    let mut next = mem_walk.clone();
    next.words.insert(addr, value);
    if !globally_consistent(&next) {
        value &= !G;
        next.words.insert(addr, value);
        if !globally_consistent(&next) {
            st.skipped_changes += 1;
            return Ok(());
        }
    }
    let stale = affected(mem_walk, addr);
    mem_tlb.words.insert(addr, value);
    mem_walk.words.insert(addr, value);
    st.pte_changes += 1;
    let mut fences: Vec<(Option<u64>, Option<u16>)> = Vec::new();
    match fence % 4 {
        0 => fences.push((None, None)),
        1 => {
            for &(asid, _, _, va) in &stale {
                let f = match asid {
                    Some(a) => (None, Some(a)),
                    None => (Some(va), None),
                };
                if !fences.contains(&f) {
                    fences.push(f);
                }
            }
        }
        2 => fences.extend(
            stale
                .iter()
                .map(|&(asid, _, _, va)| (Some(va | (fence as u64 & 0xff8)), asid)),
        ),
        _ => fences.extend(stale.iter().map(|&(_, _, _, va)| (Some(va), None))),
    }
    for (v, a) in fences {
        mmu.sfence_vma(v, a);
        st.fences += 1;
    }
    Ok(())
}

fn scenario() -> impl Strategy<Value = (TlbConfig, Mem, Vec<Op>)> {
    (
        config_strategy(),
        world_strategy(),
        prop::collection::vec(op_strategy(), 1..200),
    )
}

proptest! {
    #![proptest_config(Config {
        cases: 512,
        // Relative to the package root, where `cargo test` runs.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/proptest_tlb.proptest-regressions"))),
        ..Config::default()
    })]

    #[test]
    fn tlb_agrees_with_walk((cfg, world, ops) in scenario()) {
        prop_assert!(cfg.validate().is_ok());
        run(cfg, world, &ops)?;
    }
}

/// The property above is only worth something if the interesting events
/// happen: check that random scenarios hit them all.
#[test]
fn scenarios_cover_the_interesting_cases() {
    // Fixed seed: the thresholds below are about the generators, not luck.
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let mut total = Stats::default();
    let mut superpage_hits = 0;
    for _ in 0..300 {
        let (cfg, world, ops) = strategy.new_tree(&mut runner).unwrap().current();
        let st = run(cfg, world, &ops).unwrap();
        total.ok += st.ok;
        total.page_faults += st.page_faults;
        total.access_faults += st.access_faults;
        total.non_canonical += st.non_canonical;
        total.global_ok += st.global_ok;
        total.ad_writes += st.ad_writes;
        total.pte_changes += st.pte_changes;
        total.skipped_changes += st.skipped_changes;
        total.fences += st.fences;
        total.superpage_copies += st.superpage_copies;
        let (c, t) = (st.counters, &mut total.counters);
        for (t, c) in [(&mut t.itlb, c.itlb), (&mut t.dtlb, c.dtlb)] {
            t.hits += c.hits;
            t.misses += c.misses;
            t.walks += c.walks;
        }
        t.flush_all += c.flush_all;
        t.flush_asid += c.flush_asid;
        t.flush_addr += c.flush_addr;
        t.flush_addr_asid += c.flush_addr_asid;
        superpage_hits += (st.superpage_copies > 0) as u64;
    }
    println!("{total:#?}");
    let c = total.counters;
    assert!(
        total.ok > 1000 && total.page_faults > 1000 && total.access_faults > 50,
        "{total:?}"
    );
    assert!(total.global_ok > 200, "{total:?}");
    assert!(
        total.ad_writes > 500 && total.pte_changes > 1000,
        "{total:?}"
    );
    assert!(
        total.skipped_changes * 4 < total.pte_changes,
        "too many changes skipped: {total:?}"
    );
    assert!(c.dtlb.hits > 1000 && c.itlb.hits > 50, "{c:?}");
    // Every miss but a non-canonical one walks; the extra walks come from
    // hits that went back to the tables (D-bit refresh, refused permission).
    let rewalks = c.itlb.walks + c.dtlb.walks + total.non_canonical - c.itlb.misses - c.dtlb.misses;
    assert!(rewalks > 100, "hits that re-walk: {rewalks} {c:?}");
    assert!(
        c.flush_all > 100 && c.flush_asid > 100 && c.flush_addr > 100 && c.flush_addr_asid > 100,
        "{c:?}"
    );
    assert!(
        superpage_hits > 10,
        "superpage copies in several sets: {superpage_hits}"
    );
}
