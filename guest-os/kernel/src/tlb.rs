//! TLB shootdown: after the kernel changes or removes user mappings, the
//! hart may still hold the old translations in its TLB, and sfence.vma
//! must drop them. Flushing page by page is precise but costs one
//! instruction (and one TLB scan) per page, so like Linux (x86's
//! tlb_single_page_flush_ceiling = 33) we flush single pages when few
//! changed and the whole TLB when many did.

use crate::riscv;

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
