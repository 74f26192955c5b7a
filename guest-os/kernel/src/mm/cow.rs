//! Copy-on-write: fork shares pages instead of copying them.
//!
//! `share_for_fork` gives the child a copy of the parent's page table
//! entries, not of the pages: each frame gets one more reference
//! (frame.rs), and every page of a private writable VMA becomes read-only
//! in *both* parent and child, marked PTE_COW (a software bit). Shared
//! mappings (MAP_SHARED) and read-only pages (program text) stay as they
//! are: nobody will write them privately. The parent's TLB may still hold
//! the old writable translations, so they are shot down (tlb.rs).
//!
//! The first write to such a page by either side is a store page fault;
//! `break_cow` then copies the frame for the writer (or, if the writer is
//! the frame's last user, just makes the page writable again: the other
//! side already copied or exited).

use crate::mm::aspace::{AddrSpace, NoMem, Rss};
use crate::mm::fault::FaultError;
use crate::mm::frame::{self, PAGE_SIZE};
use crate::mm::tlb::Shootdown;
use crate::mm::vm::{self, PTE_A, PTE_COW, PTE_D, PTE_V, PTE_W};
use crate::mm::vma::Vma;

/// Give `child` (a new, empty address space) every mapping of `parent`,
/// sharing frames copy-on-write. All or nothing: on ENOMEM the child is
/// dropped by the caller and the parent is only left write-protected,
/// which is harmless (its next writes take cheap reuse faults).
pub fn share_for_fork(parent: &mut AddrSpace, child: &mut AddrSpace) -> Result<(), NoMem> {
    let mut flush = Shootdown::new();
    let vmas: alloc::vec::Vec<(usize, Vma)> =
        parent.vmas.iter().map(|(&s, v)| (s, v.clone())).collect();
    for (start, vma) in vmas {
        child.add_vma(start, vma.clone())?;
        let private = vma.private_writable();
        let mut result = Ok(());
        vm::for_each_leaf(parent.pagetable(), start, vma.end, |va, pte| {
            if result.is_err() {
                return;
            }
            let mut e = unsafe { *pte };
            if private && e & PTE_W != 0 {
                e = (e & !PTE_W) | PTE_COW;
                unsafe { *pte = e };
                flush.add(va);
            }
            let Some(cpte) = vm::walk(child.pagetable(), va, 0, true) else {
                result = Err(NoMem);
                return;
            };
            frame::get(vm::pte_pa(e));
            unsafe { *cpte = e };
            child.rss_add(AddrSpace::rss_class(&vma, e));
        });
        result?;
    }
    flush.finish();
    Ok(())
}

/// A write fault on copy-on-write page `page` (entry `pte`) of `vma`.
/// Returns whether the frame was copied (false: reused).
pub fn break_cow(
    mm: &mut AddrSpace,
    vma: &Vma,
    page: usize,
    pte: *mut u64,
) -> Result<bool, FaultError> {
    let e = unsafe { *pte };
    let old = vm::pte_pa(e);
    let flags = vma.perm | PTE_V | PTE_A | PTE_D;
    let class = AddrSpace::rss_class(vma, e);
    let copied = if frame::refcount(old) == 1 {
        // The last user: the page is ours alone now, no copy needed.
        unsafe { *pte = vm::make_pte(old, flags) };
        false
    } else {
        let new = frame::alloc_dirty().ok_or(FaultError::Oom)?;
        unsafe { core::ptr::copy_nonoverlapping(old as *const u8, new as *mut u8, PAGE_SIZE) };
        unsafe { *pte = vm::make_pte(new, flags) };
        frame::put(old);
        true
    };
    if class == Rss::File {
        // A private copy of a file page is anonymous memory.
        mm.rss_sub(Rss::File);
        mm.rss_add(Rss::Anon);
    }
    crate::arch::riscv::sfence_vma_addr(page);
    Ok(copied)
}
