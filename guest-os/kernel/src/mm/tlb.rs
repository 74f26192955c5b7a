//! TLB shootdown: after the kernel changes or removes user mappings, the
//! hart may still hold the old translations in its TLB, and sfence.vma
//! must drop them. Flushing page by page is precise but costs one
//! instruction (and one TLB scan) per page, so like Linux (x86's
//! tlb_single_page_flush_ceiling = 33) we flush single pages when few
//! changed and the whole TLB when many did.

use crate::arch::riscv;
use crate::arch::sv39::Satp;
use crate::klib::global::Global;
use alloc::vec::Vec;

/// Most pages flushed one by one; past this, one full flush.
const CEILING: usize = 32;

/// The pages whose mappings changed in one operation.
pub struct Shootdown {
    vas: [usize; CEILING],
    n: usize,
}

impl Shootdown {
    pub fn new() -> Shootdown {
        Shootdown { vas: [0; CEILING], n: 0 }
    }

    /// Page `va`'s mapping changed.
    pub fn add(&mut self, va: usize) {
        if self.n < CEILING {
            self.vas[self.n] = va;
        }
        self.n += 1;
    }

    /// Flush what changed: nothing, each page, or everything.
    pub fn finish(self) {
        if self.n > CEILING {
            riscv::sfence_vma();
        } else {
            for &va in &self.vas[..self.n] {
                riscv::sfence_vma_addr(va);
            }
        }
    }
}

// --- ASIDs -------------------------------------------------------------------
//
// Two ways to keep one address space's translations from being used in
// another, chosen on the kernel command line (tlb=flush or tlb=asid):
//
//   flush  every change of satp (each trap entry and return, hence each
//          context switch) is bracketed by sfence.vma zero, zero: the TLB
//          starts empty every time (xv6's way; simple, and costly)
//   asid   each address space gets an address-space identifier, written to
//          satp.ASID with its root; TLB entries are tagged with it, so
//          nothing needs flushing when satp changes. An ASID is flushed
//          (sfence.vma zero, asid) when its address space dies, before it
//          is handed out again. The kernel's own table uses ASID 0.
//
// If the hart implements fewer ASID bits than there are address spaces,
// the ones left over run with ASID 0 in flush mode.

struct Asids {
    enabled: bool,
    /// The highest ASID the hart implements (satp.ASID bits all ones, read back).
    max: u16,
    next: u16,
    free: Vec<u16>,
}

static ASIDS: Global<Asids> =
    Global::new(Asids { enabled: false, max: 0, next: 1, free: Vec::new() });

/// Choose the mode (tlb=asid: `use_asids`). Finds how many ASID bits satp
/// has, the way the privileged spec suggests: write all ones, read back.
pub fn init(use_asids: bool) {
    let saved = riscv::csr_read!("satp");
    riscv::csr_write!("satp", saved | (0xffff << Satp::ASID_SHIFT));
    let max = Satp(riscv::csr_read!("satp")).asid();
    riscv::csr_write!("satp", saved);
    riscv::sfence_vma();
    let a = ASIDS.get();
    a.max = max;
    a.enabled = use_asids && max > 0;
}

/// Whether the TLB is managed with ASIDs.
pub fn asid_mode() -> bool {
    ASIDS.get().enabled
}

/// An ASID for a new address space; 0 (flush mode for it) if none is free.
pub fn alloc_asid() -> u16 {
    let a = ASIDS.get();
    if !a.enabled {
        return 0;
    }
    if let Some(id) = a.free.pop() {
        return id;
    }
    if a.next <= a.max && a.next != 0 {
        a.next += 1;
        return a.next - 1;
    }
    0
}

/// An address space with ASID `asid` is gone: flush its entries, then
/// the ASID can be reused.
pub fn free_asid(asid: u16) {
    if asid == 0 {
        return;
    }
    unsafe { core::arch::asm!("sfence.vma zero, {}", in(reg) asid as usize, options(nostack)) };
    ASIDS.get().free.push(asid);
}
