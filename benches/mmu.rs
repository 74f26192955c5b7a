//! MMU micro-benchmarks: `Mmu::translate` on a TLB hit (the emulator's hot
//! path), on a miss with a 4 KiB / 2 MiB / 1 GiB walk, and `sfence.vma` of
//! each scope on a full TLB.
//!
//! Run: `cargo bench --bench mmu` (add `-- --quick` for a fast pass).

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use vitrine_mmu::{AccessCtx, AccessType, Mmu, PhysMem, Ppn, Privilege, Pte, Satp, TlbConfig};

/// Physical memory: one flat `Vec<u64>` of words starting at `BASE`.
struct VecMem {
    words: Vec<u64>,
}

const BASE: u64 = 0x8000_0000;
const ROOT: u64 = BASE;
const L1_4K: u64 = BASE + 0x1000; // level-1 table for the 4 KiB region
const L0_4K: u64 = BASE + 0x2000; // level-0 table: 512 x 4 KiB pages
const L1_2M: u64 = BASE + 0x3000; // level-1 table: 512 x 2 MiB pages
const MEM_BYTES: u64 = 0x4000;

/// VA regions (VPN[2] = 1, 2, 3..=10).
const VA_4K: u64 = 1 << 30;
const VA_2M: u64 = 2 << 30;
const VA_1G: u64 = 3 << 30;

const LEAF: u64 = Pte::V | Pte::R | Pte::W | Pte::X | Pte::A | Pte::D;

impl VecMem {
    fn new() -> Self {
        let mut m = VecMem {
            words: vec![0; (MEM_BYTES / 8) as usize],
        };
        let ptr = |pa: u64| Pte::new(Ppn(pa >> 12), Pte::V).0;
        m.set(ROOT + 8, ptr(L1_4K));
        m.set(L1_4K, ptr(L0_4K));
        for i in 0..512 {
            m.set(L0_4K + i * 8, Pte::new(Ppn(0x90000 + i), LEAF).0);
        }
        m.set(ROOT + 2 * 8, ptr(L1_2M));
        for i in 0..512 {
            m.set(L1_2M + i * 8, Pte::new(Ppn(0x100000 + i * 512), LEAF).0);
        }
        // Eight 1 GiB pages at VPN[2] = 3..=10, the first one global.
        for i in 0..8 {
            let g = if i == 0 { Pte::G } else { 0 };
            m.set(
                ROOT + (3 + i) * 8,
                Pte::new(Ppn(0x40000 * (i + 1)), LEAF | g).0,
            );
        }
        m
    }
    fn set(&mut self, pa: u64, v: u64) {
        self.words[((pa - BASE) / 8) as usize] = v;
    }
}

impl PhysMem for VecMem {
    #[inline]
    fn read_u64(&mut self, pa: u64) -> Option<u64> {
        self.words
            .get((pa.wrapping_sub(BASE) / 8) as usize)
            .copied()
    }
    #[inline]
    fn write_u64(&mut self, pa: u64, value: u64) -> bool {
        match self.words.get_mut((pa.wrapping_sub(BASE) / 8) as usize) {
            Some(w) => {
                *w = value;
                true
            }
            None => false,
        }
    }
}

const S: AccessCtx = AccessCtx {
    privilege: Privilege::Supervisor,
    sum: false,
    mxr: false,
};

fn satp(asid: u16) -> u64 {
    Satp::sv39(asid, Ppn(ROOT >> 12)).0
}

fn bench_hits(c: &mut Criterion) {
    let mut g = c.benchmark_group("translate_hit");
    let mut mem = VecMem::new();
    let satp = satp(1);

    // Baseline: Bare mode returns the VA at once. Hit cost minus this is
    // the TLB lookup itself; the rest is the benchmark loop.
    let mut mmu = Mmu::new(TlbConfig::default());
    let mut off = 0u64;
    g.bench_function("baseline_bare_identity", |b| {
        b.iter(|| {
            off = (off + 8) & 0xff8;
            black_box(mmu.translate(black_box(VA_4K + off), AccessType::Load, 0, S, &mut mem))
        })
    });

    let mut mmu = Mmu::new(TlbConfig::default());
    mmu.translate(VA_4K, AccessType::Load, satp, S, &mut mem)
        .unwrap();
    let mut off = 0u64;
    g.bench_function("same_page_load", |b| {
        b.iter(|| {
            off = (off + 8) & 0xff8;
            black_box(mmu.translate(black_box(VA_4K + off), AccessType::Load, satp, S, &mut mem))
        })
    });

    // 32 distinct 4 KiB pages, cycling: all fit a 64-entry, 4-way TLB.
    let mut mmu = Mmu::new(TlbConfig::default());
    for i in 0..32 {
        mmu.translate(VA_4K + i * 4096, AccessType::Store, satp, S, &mut mem)
            .unwrap();
    }
    let mut i = 0u64;
    g.bench_function("32_pages_store", |b| {
        b.iter(|| {
            i = (i + 1) & 31;
            black_box(mmu.translate(
                black_box(VA_4K + i * 4096 + 16),
                AccessType::Store,
                satp,
                S,
                &mut mem,
            ))
        })
    });

    // Superpage hit (the kernel's linear map is made of these).
    let mut mmu = Mmu::new(TlbConfig::default());
    mmu.translate(VA_2M, AccessType::Fetch, satp, S, &mut mem)
        .unwrap();
    let mut off = 0u64;
    g.bench_function("2m_page_fetch", |b| {
        b.iter(|| {
            off = (off + 4) & 0xffc;
            black_box(mmu.translate(black_box(VA_2M + off), AccessType::Fetch, satp, S, &mut mem))
        })
    });
    g.finish();
}

fn bench_misses(c: &mut Criterion) {
    // A 1-entry TLB and 8 pages in rotation: every translation misses, walks
    // and refills.
    let mut g = c.benchmark_group("translate_miss");
    let mut mem = VecMem::new();
    let satp = satp(1);
    for (name, base, stride) in [
        ("walk_4k", VA_4K, 1u64 << 12),
        ("walk_2m", VA_2M, 1 << 21),
        ("walk_1g", VA_1G, 1 << 30),
    ] {
        let mut mmu = Mmu::new(TlbConfig {
            entries: 1,
            ways: 1,
        });
        // Outside the closure: criterion calls it several times, and a
        // restarted rotation would hit the page it ended on.
        let mut i = 0u64;
        g.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) & 7;
                black_box(mmu.translate(
                    black_box(base + i * stride + 0x123),
                    AccessType::Load,
                    satp,
                    S,
                    &mut mem,
                ))
            })
        });
        let c = mmu.counters.dtlb;
        assert_eq!(
            (c.hits, c.misses),
            (0, c.walks),
            "{name}: every access must miss"
        );
    }
    // The bare walker, for reference.
    let mut i = 0u64;
    g.bench_function("plain_walk_4k", |b| {
        b.iter(|| {
            i = (i + 1) & 511;
            black_box(vitrine_mmu::walk(
                black_box(VA_4K + i * 4096),
                AccessType::Load,
                satp,
                S,
                &mut mem,
            ))
        })
    });
    g.finish();
}

fn bench_sfence(c: &mut Criterion) {
    let mut g = c.benchmark_group("sfence_full_tlb");
    let mut mem = VecMem::new();
    // Fill both 64-entry TLBs with 4 KiB pages of ASID 1; `mixed` also has
    // one global 1 GiB and one 2 MiB entry per TLB (so a by-address fence
    // must scan every set).
    let full = |mixed: bool, mem: &mut VecMem| {
        let mut mmu = Mmu::new(TlbConfig::default());
        let n = if mixed { 62 } else { 64 };
        for i in 0..n {
            for a in [AccessType::Fetch, AccessType::Load] {
                mmu.translate(VA_4K + i * 4096, a, satp(1), S, mem).unwrap();
            }
        }
        if mixed {
            // Sets 14 and 15 have a free way (62 pages fill 16 sets of 4).
            for va in [VA_1G + 14 * 4096, VA_2M + 15 * 4096] {
                for a in [AccessType::Fetch, AccessType::Load] {
                    mmu.translate(va, a, satp(1), S, mem).unwrap();
                }
            }
        }
        assert_eq!((mmu.itlb().occupancy(), mmu.dtlb().occupancy()), (64, 64));
        mmu
    };
    for mixed in [false, true] {
        let template = full(mixed, &mut mem);
        let kind = if mixed { "with_superpages" } else { "4k_only" };
        let scopes: [(&str, Option<u64>, Option<u16>); 4] = [
            ("all", None, None),
            ("asid", None, Some(1)),
            ("addr", Some(VA_4K + 5 * 4096), None),
            ("addr_asid", Some(VA_4K + 5 * 4096), Some(1)),
        ];
        for (name, vaddr, asid) in scopes {
            g.bench_function(format!("{name}/{kind}"), |b| {
                b.iter_batched_ref(
                    || template.clone(),
                    |mmu| mmu.sfence_vma(black_box(vaddr), black_box(asid)),
                    // Small batches: the cloned TLBs stay in cache, as a live TLB would.
                    BatchSize::NumIterations(16),
                )
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_hits, bench_misses, bench_sfence);
criterion_main!(benches);
