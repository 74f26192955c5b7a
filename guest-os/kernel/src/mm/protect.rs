//! mprotect(2): change the permissions of a range of an address space.
//!
//! The range must be covered by VMAs (a hole is ENOMEM, as on Linux). The
//! VMAs at its ends are split there, each VMA inside gets the new
//! permissions, neighbours that now continue each other are merged again,
//! and every page already mapped in the range has its page-table entry
//! rewritten, then its stale TLB entry shot down (tlb.rs: sfence.vma per
//! page, or one full flush for many).
//!
//! How an entry is rewritten depends on who else holds its frame:
//!   - made writable, in a private VMA: the page gets W only if this
//!     address space is the frame's only user and the frame is not the
//!     page cache's; otherwise it is marked copy-on-write (cow.rs), so the
//!     first write copies it. That is how a program patching its own text
//!     (mprotect RWX) gets a private copy of the page, while every other
//!     process running it keeps the page cache's frame;
//!   - PROT_NONE: the entry keeps its frame (the contents survive a later
//!     mprotect back) but has none of R, W, X. At the last level of an
//!     Sv39 table such an entry is not a pointer but a malformed leaf, so
//!     the hardware raises a page fault on any access, and fault.rs sends
//!     SIGSEGV because the VMA allows nothing.
//! The commit charge (commit.rs) follows: a private VMA that becomes
//! writable is charged, one that stops being writable is uncharged.

use crate::mm::aspace::{AddrSpace, charged};
use crate::mm::commit;
use crate::mm::frame::{self, PAGE_SIZE};
use crate::mm::tlb::Shootdown;
use crate::mm::vm::{self, PTE_COW, PTE_FILE, PTE_R, PTE_U, PTE_W, PTE_X};
use crate::mm::vma::{Backing, Vma};

/// Why mprotect failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ProtectError {
    /// Part of the range is not mapped, or the commit charge refused
    /// (ENOMEM).
    NoMem,
    /// Write access asked for a shared mapping of a file opened
    /// read-only (EACCES).
    Access,
}

/// Give [start, end) (page-aligned, start < end) permissions `perm` (PTE
/// bits: some of R, W, X, and U).
pub fn protect(
    mm: &mut AddrSpace,
    start: usize,
    end: usize,
    perm: u64,
) -> Result<(), ProtectError> {
    if !mm.covered(start, end) {
        return Err(ProtectError::NoMem);
    }
    // Check everything before changing anything: permission, then charge.
    let first = mm.vma_at(start).map(|(s, _)| s).unwrap();
    let inside: alloc::vec::Vec<(usize, Vma)> =
        mm.vmas.range(first..end).map(|(&s, v)| (s, v.clone())).collect();
    let mut charge = 0usize;
    let mut uncharge = 0usize;
    for (s, v) in &inside {
        if perm & PTE_W != 0 && !v.may_write() {
            return Err(ProtectError::Access);
        }
        let pages = (v.end.min(end) - (*s).max(start)) / PAGE_SIZE;
        let new = Vma { perm, ..v.clone() };
        match (charged(v), charged(&new)) {
            (false, true) => charge += pages,
            (true, false) => uncharge += pages,
            _ => {}
        }
    }
    if charge > 0 && !commit::charge(charge) {
        return Err(ProtectError::NoMem);
    }
    commit::uncharge(uncharge);
    mm.committed = mm.committed + charge - uncharge;

    mm.split_at(start);
    mm.split_at(end);
    let starts: alloc::vec::Vec<usize> = mm.vmas.range(start..end).map(|(&s, _)| s).collect();
    let mut flush = Shootdown::new();
    for s in &starts {
        let vma = mm.vmas.get_mut(s).unwrap();
        vma.perm = perm;
        let private = !matches!(vma.backing, Backing::Shm { .. });
        let vend = vma.end;
        vm::for_each_leaf(mm.pagetable(), *s, vend, |va, pte| {
            let e = unsafe { *pte };
            let mut n = (e & !(PTE_R | PTE_W | PTE_X)) | (perm & (PTE_R | PTE_X));
            if perm & PTE_W != 0 {
                let pa = vm::pte_pa(e);
                let alone = frame::refcount(pa) == 1 && e & PTE_FILE == 0;
                if !private || alone {
                    n = (n | PTE_W | PTE_R) & !PTE_COW;
                } else {
                    n |= PTE_COW;
                }
            }
            if n != e {
                unsafe { *pte = n };
                flush.add(va);
            }
        });
    }
    flush.finish();
    // Merge from the right so each start looked up still exists.
    if let Some(&last) = starts.last() {
        mm.merge_around(last);
    }
    for &s in starts.iter().rev().skip(1) {
        if mm.vmas.contains_key(&s) {
            mm.merge_around(s);
        }
    }
    Ok(())
}

/// PTE permission bits for mmap/mprotect's PROT_* bits (PROT_READ 1,
/// PROT_WRITE 2, PROT_EXEC 4). RISC-V has no write-only pages: W brings R.
pub fn prot_to_perm(prot: u64) -> u64 {
    let mut perm = PTE_U;
    if prot & 1 != 0 {
        perm |= PTE_R;
    }
    if prot & 2 != 0 {
        perm |= PTE_W | PTE_R;
    }
    if prot & 4 != 0 {
        perm |= PTE_X;
    }
    perm
}
