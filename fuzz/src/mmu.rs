//! The Sv39 MMU (`vitrine-mmu`): `Mmu::translate` (TLBs, counters, A/D
//! updates) against a plain walk written here from the privileged spec,
//! each on its own copy of a small physical memory, over a sequence of
//! fuzzer-chosen operations:
//! - write a PTE (then a full `sfence.vma`, as software must),
//! - translate an address for a fetch, load or store in U or S mode with
//!   SUM/MXR,
//! - `sfence.vma` by address and/or ASID (never needed for correctness
//!   here, so it must change nothing visible),
//! - switch among four address spaces, each with its own ASID and root.
//!
//! Checked after every operation: the same result (physical address or
//! fault kind) and the same memory (A/D bits) on both sides; counters
//! never go back. With several address spaces live, G bits are stripped
//! (a global mapping that differs between spaces is the software's error,
//! and the TLB may then rightly disagree with a walk).

use crate::bytes::Bytes;
use vitrine_mmu::{AccessCtx, AccessType, Fault, Mmu, PhysMem, Privilege, TlbConfig};

/// Physical memory: `PAGES` pages from `BASE`.
const BASE: u64 = 0x8000_0000;
const PAGES: u64 = 8;

#[derive(Clone, PartialEq, Eq, Debug)]
struct Mem(Vec<u64>);

impl Mem {
    fn index(pa: u64) -> Option<usize> {
        let off = pa.checked_sub(BASE)?;
        (off < PAGES * 4096 && off % 8 == 0).then_some((off / 8) as usize)
    }
}

impl PhysMem for Mem {
    fn read_u64(&mut self, pa: u64) -> Option<u64> {
        Some(self.0[Mem::index(pa)?])
    }
    fn write_u64(&mut self, pa: u64, value: u64) -> bool {
        match Mem::index(pa) {
            Some(i) => {
                self.0[i] = value;
                true
            }
            None => false,
        }
    }
}

/// The reference: the privileged spec's "Virtual Address Translation
/// Process" for Sv39, step by step, with hardware A/D updating.
fn reference(
    va: u64,
    access: AccessType,
    satp: u64,
    ctx: AccessCtx,
    mem: &mut Mem,
) -> Result<u64, Fault> {
    const V: u64 = 1;
    const R: u64 = 2;
    const W: u64 = 4;
    const X: u64 = 8;
    const U: u64 = 16;
    const A: u64 = 64;
    const D: u64 = 128;
    if ctx.privilege == Privilege::Machine || satp >> 60 != 8 {
        return Ok(va);
    }
    // Bits 63:39 all equal bit 38.
    if ((va as i64) << 25 >> 25) as u64 != va {
        return Err(Fault::Page);
    }
    let mut a = (satp & ((1 << 44) - 1)) * 4096;
    let mut i = 2i32;
    loop {
        let vpn = (va >> (12 + 9 * i)) & 0x1ff;
        let pte_addr = a + vpn * 8;
        let pte = mem.read_u64(pte_addr).ok_or(Fault::Access)?;
        if pte & V == 0 || (pte & R == 0 && pte & W != 0) || pte >> 54 != 0 {
            return Err(Fault::Page);
        }
        if pte & (R | X) == 0 {
            // A pointer to the next level.
            if pte & (D | A | U) != 0 || i == 0 {
                return Err(Fault::Page);
            }
            i -= 1;
            a = ((pte >> 10) & ((1 << 44) - 1)) * 4096;
            continue;
        }
        // A leaf.
        let user = pte & U != 0;
        let priv_ok = match ctx.privilege {
            Privilege::User => user,
            _ => !user || (ctx.sum && access != AccessType::Fetch),
        };
        let kind_ok = match access {
            AccessType::Fetch => pte & X != 0,
            AccessType::Load => pte & R != 0 || (ctx.mxr && pte & X != 0),
            AccessType::Store => pte & W != 0,
        };
        if !priv_ok || !kind_ok {
            return Err(Fault::Page);
        }
        let ppn = (pte >> 10) & ((1 << 44) - 1);
        let low = (1u64 << (9 * i)) - 1;
        if ppn & low != 0 {
            return Err(Fault::Page); // misaligned superpage
        }
        let want = pte | A | if access == AccessType::Store { D } else { 0 };
        if want != pte && !mem.write_u64(pte_addr, want) {
            return Err(Fault::Access);
        }
        let offset_bits = 12 + 9 * i as u32;
        let page = (ppn << 12) & !((1u64 << offset_bits) - 1);
        return Ok(page | (va & ((1u64 << offset_bits) - 1)));
    }
}

fn satp(asid: u16, root_page: u64) -> u64 {
    8 << 60 | (asid as u64) << 44 | (BASE / 4096 + root_page)
}

pub fn run(data: &[u8]) {
    let mut b = Bytes::new(data);
    let geometry = [(1, 1), (4, 1), (4, 4), (16, 2), (64, 4), (8, 8)];
    let (entries, ways) = geometry[b.u8() as usize % geometry.len()];
    let mut mmu = Mmu::new(TlbConfig { entries, ways });
    let multi = b.bool();
    let mut ours = Mem(vec![0; (PAGES * 512) as usize]);
    let mut theirs = ours.clone();
    // Four address spaces: ASIDs 1..=4 (or the same one), roots in pages 0..4.
    let spaces: Vec<u64> = (0..4u64)
        .map(|k| {
            satp(
                if multi { 1 + k as u16 } else { 7 },
                if multi { k } else { 0 },
            )
        })
        .collect();
    let mut current = spaces[0];
    let mut last = mmu.counters;
    let mut ops = 0;
    while !b.is_empty() && ops < 4096 {
        ops += 1;
        match b.u8() % 8 {
            0 | 1 => {
                // A PTE: in one of the pages, pointing mostly into memory.
                let slot = (b.u16() as u64) % (PAGES * 512);
                let flags = b.u8() as u64 | ((b.u8() as u64 & 3) << 8);
                let sel = b.u8();
                let ppn = match sel {
                    0..=191 => BASE / 4096 + (sel as u64 % PAGES),
                    192..=223 => BASE / 4096 & !0x1ff, // 2 MiB aligned
                    224..=239 => (b.u64() >> 10) & ((1 << 44) - 1),
                    _ => 0,
                };
                let mut pte = ppn << 10 | flags;
                if sel == 255 {
                    pte |= (b.u8() as u64) << 56; // reserved bits
                }
                if multi {
                    pte &= !0x20; // no G
                }
                ours.0[slot as usize] = pte;
                theirs.0[slot as usize] = pte;
                mmu.sfence_vma(None, None);
            }
            2..=5 => {
                let va = match b.u8() % 4 {
                    0 => b.u64(),
                    // In the low 8 GiB with page offsets that matter.
                    1 => (b.u32() as u64) << 1 | (b.u8() as u64 & 1),
                    2 => {
                        ((b.u8() as u64 % 4) << 30)
                            | ((b.u16() as u64 % 512) << 21)
                            | ((b.u16() as u64 % 512) << 12)
                            | (b.u16() as u64 & 0xfff)
                    }
                    _ => 0xffff_ffc0_0000_0000 | (b.u32() as u64) << 4,
                };
                let access =
                    [AccessType::Fetch, AccessType::Load, AccessType::Store][b.u8() as usize % 3];
                let f = b.u8();
                let ctx = AccessCtx {
                    privilege: if f & 1 != 0 {
                        Privilege::User
                    } else {
                        Privilege::Supervisor
                    },
                    sum: f & 2 != 0,
                    mxr: f & 4 != 0,
                };
                let got = mmu.translate(va, access, current, ctx, &mut ours);
                let want = reference(va, access, current, ctx, &mut theirs);
                assert_eq!(got, want, "va {va:#x} {access:?} {ctx:?} satp {current:#x}");
                assert!(
                    ours == theirs,
                    "A/D bits differ after va {va:#x} {access:?}"
                );
            }
            6 => {
                let va = b.bool().then(|| b.u64());
                let asid = b.bool().then(|| b.u16());
                mmu.sfence_vma(va, asid);
            }
            _ => current = spaces[b.u8() as usize % spaces.len()],
        }
        let c = mmu.counters;
        for (now, before) in [(c.itlb, last.itlb), (c.dtlb, last.dtlb)] {
            assert!(
                now.hits >= before.hits && now.misses >= before.misses && now.walks >= before.walks
            );
        }
        last = c;
    }
}
