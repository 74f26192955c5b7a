//! mremap(2): grow, shrink or move a mapping. glibc's realloc of a large
//! block (one it got from mmap) calls it, so the block's pages move
//! instead of being copied.
//!
//!   shrink   the tail is unmapped (munmap's path), the start stays
//!   grow     in place if the addresses after the VMA are free; otherwise,
//!            with MREMAP_MAYMOVE, to a free range (or exactly to new_addr
//!            with MREMAP_FIXED, replacing what was there)
//!   move     the new VMA is added first (so the commit charge can refuse
//!            before anything changes), then the page-table entries move:
//!            the frames stay where they are, with the same reference
//!            counts, and only the old translations are shot down.
//! The range must lie in one VMA (EFAULT otherwise), as on Linux.

use crate::mm::aspace::{AddrSpace, USER_TOP};
use crate::mm::frame::{self, PAGE_SIZE, page_up};
use crate::mm::tlb::Shootdown;
use crate::mm::vm;

const MREMAP_MAYMOVE: u64 = 1;
const MREMAP_FIXED: u64 = 2;

/// Why mremap failed: EINVAL, ENOMEM, EFAULT.
#[derive(Debug)]
pub enum RemapError {
    Inval,
    NoMem,
    Fault,
}

/// mremap; `window`: where a moved mapping may go (mmap's range).
pub fn mremap(
    mm: &mut AddrSpace,
    old: usize,
    old_len: usize,
    new_len: usize,
    flags: u64,
    new_addr: usize,
    window: (usize, usize),
) -> Result<usize, RemapError> {
    use RemapError::*;
    if flags & !(MREMAP_MAYMOVE | MREMAP_FIXED) != 0
        || (flags & MREMAP_FIXED != 0 && flags & MREMAP_MAYMOVE == 0)
        || old % PAGE_SIZE != 0
    {
        return Err(Inval);
    }
    let old_len = old_len.checked_add(PAGE_SIZE - 1).ok_or(Inval)? & !(PAGE_SIZE - 1);
    let new_len = new_len.checked_add(PAGE_SIZE - 1).ok_or(Inval)? & !(PAGE_SIZE - 1);
    // old_len 0 duplicates a shared mapping on Linux; not supported here.
    if new_len == 0 || old_len == 0 {
        return Err(Inval);
    }
    let old_end = old.checked_add(old_len).ok_or(Fault)?;
    let (vs, vma) = mm.vma_at(old).ok_or(Fault)?;
    if old_end > vma.end {
        return Err(Fault);
    }
    let vma = vma.clone();
    if flags & MREMAP_FIXED != 0 {
        let new_end = new_addr.checked_add(new_len).ok_or(Inval)?;
        if new_addr % PAGE_SIZE != 0 || new_end > USER_TOP {
            return Err(Inval);
        }
        if new_addr < old_end && old < new_end {
            return Err(Inval); // overlapping ranges
        }
        mm.unmap_vmas(new_addr, new_end);
        return move_range(mm, vs, old, old_len, new_addr, new_len);
    }
    if new_len <= old_len {
        mm.unmap_vmas(old + new_len, old_end);
        return Ok(old);
    }
    let new_end = old.checked_add(new_len).ok_or(NoMem)?;
    if old_end == vma.end && new_end <= USER_TOP && !mm.overlaps(old_end, new_end) {
        let tail = vma.tail_from(vs, old_end);
        mm.add_vma(old_end, crate::mm::vma::Vma { end: new_end, ..tail }).map_err(|_| NoMem)?;
        mm.merge_around(vs);
        return Ok(old);
    }
    if flags & MREMAP_MAYMOVE == 0 {
        return Err(NoMem);
    }
    let dst = mm.find_gap(new_len, window.0, window.1).ok_or(NoMem)?;
    move_range(mm, vs, old, old_len, dst, new_len)
}

/// Move [old, old + old_len) of the VMA at `vs` to a free range at `dst`
/// of `new_len` bytes.
fn move_range(
    mm: &mut AddrSpace,
    vs: usize,
    old: usize,
    old_len: usize,
    dst: usize,
    new_len: usize,
) -> Result<usize, RemapError> {
    let vma = mm.vmas.get(&vs).ok_or(RemapError::Fault)?.clone();
    let moved = vma.tail_from(vs, old);
    mm.add_vma(dst, crate::mm::vma::Vma { end: dst + new_len, ..moved })
        .map_err(|_| RemapError::NoMem)?;
    // The entries of the pages that fit in the new range move there.
    let keep = old_len.min(new_len);
    let mut entries = alloc::vec::Vec::new();
    let mut flush = Shootdown::new();
    vm::for_each_leaf(mm.pagetable(), old, old + keep, |va, pte| {
        entries.push((va, unsafe { *pte }));
        unsafe { *pte = 0 };
        flush.add(va);
    });
    flush.finish();
    for (va, e) in entries {
        match vm::walk(mm.pagetable(), dst + (va - old), 0, true) {
            Some(pte) => unsafe { *pte = e },
            None => {
                // No page-table page: the page's contents are lost, as
                // if reclaimed; the frame goes back.
                let class = AddrSpace::rss_class(&vma, e);
                mm.rss_sub(class);
                frame::put(vm::pte_pa(e));
            }
        }
    }
    // What is left at the old place (pages beyond new_len) goes away with
    // the old VMA piece and its charge.
    mm.unmap_vmas(old, old + page_up(old_len));
    mm.merge_around(dst);
    Ok(dst)
}
