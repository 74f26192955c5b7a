//! A user address space: a page table plus the list of its VMAs (virtual
//! memory areas: [start, end) ranges with permissions and a purpose),
//! kept sorted by start address in a BTreeMap.
//!
//! For now every page of a VMA is mapped as soon as the VMA exists (eager
//! loading); demand paging will map them on the first fault instead, using
//! the VMA to know what belongs where.

use crate::frame::{self, PAGE_SIZE, page_down, page_up};
use crate::trap::TRAPFRAME;
use crate::vm::{self, PTE_R, PTE_U, PTE_W, PTE_X, PageTable, TRAMPOLINE};
use alloc::collections::BTreeMap;

/// What a VMA is for (shown by /proc/PID/maps one day).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VmaKind {
    /// A PT_LOAD segment of the program.
    Program,
    /// The brk heap.
    Heap,
    Stack,
    /// An anonymous mmap(2) region (private, zero-filled).
    Anon,
}

#[derive(Clone, Copy, Debug)]
pub struct Vma {
    pub end: usize,
    /// PTE permission bits: some of R, W, X, always U.
    pub perm: u64,
    #[allow(dead_code)] // read by /proc/PID/maps and demand paging, later
    pub kind: VmaKind,
}

pub struct AddrSpace {
    pt: PageTable,
    /// start -> VMA, non-overlapping, page-aligned.
    pub vmas: BTreeMap<usize, Vma>,
    /// The heap: [brk_start, brk), VMA [brk_start, page_up(brk)).
    pub brk_start: usize,
    pub brk: usize,
}

/// Out of memory (a frame or a page-table page could not be allocated),
/// or a VMA that would overlap another one.
#[derive(Debug)]
pub struct NoMem;

/// PTE permissions from ELF segment flags (PF_X = 1, PF_W = 2, PF_R = 4).
pub fn elf_perm(flags: u32) -> u64 {
    let mut perm = PTE_U;
    if flags & 4 != 0 {
        perm |= PTE_R;
    }
    if flags & 2 != 0 {
        perm |= PTE_W | PTE_R;
    }
    if flags & 1 != 0 {
        perm |= PTE_X;
    }
    perm
}

impl AddrSpace {
    /// An empty address space with the trampoline and the trap frame
    /// `trapframe` (a frame the process owns) at the top.
    pub fn new(trapframe: usize) -> Result<AddrSpace, NoMem> {
        let pt = frame::alloc().ok_or(NoMem)?;
        let mut a = AddrSpace { pt, vmas: BTreeMap::new(), brk_start: 0, brk: 0 };
        let tramp = crate::vm::kernel_trampoline_pa();
        if !vm::map(pt, TRAMPOLINE, tramp, PAGE_SIZE, PTE_R | PTE_X)
            || !vm::map(pt, TRAPFRAME, trapframe, PAGE_SIZE, PTE_R | PTE_W)
        {
            a.destroy();
            return Err(NoMem);
        }
        Ok(a)
    }

    pub fn pagetable(&self) -> PageTable {
        self.pt
    }

    /// Add VMA [start, end) and map it with zeroed frames.
    pub fn add_vma(
        &mut self,
        start: usize,
        end: usize,
        perm: u64,
        kind: VmaKind,
    ) -> Result<(), NoMem> {
        let (start, end) = (page_down(start), page_up(end));
        if end > TRAPFRAME || self.overlaps(start, end) {
            return Err(NoMem);
        }
        self.vmas.insert(start, Vma { end, perm, kind });
        self.map_zeroed(start, end, perm)
    }

    /// Does [start, end) meet any VMA?
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        // The last VMA starting below `end` is the only candidate.
        self.vmas.range(..end).next_back().is_some_and(|(_, v)| v.end > start)
    }

    /// Map fresh zeroed frames on [start, end) (page-aligned).
    fn map_zeroed(&mut self, start: usize, end: usize, perm: u64) -> Result<(), NoMem> {
        let mut va = start;
        while va < end {
            let pa = frame::alloc().ok_or(NoMem)?;
            if !vm::map(self.pt, va, pa, PAGE_SIZE, perm) {
                frame::put(pa);
                return Err(NoMem);
            }
            va += PAGE_SIZE;
        }
        Ok(())
    }

    /// Unmap [start, end) (page-aligned) and release the frames.
    fn unmap_range(&mut self, start: usize, end: usize) {
        let mut va = start;
        while va < end {
            if let Some(pa) = vm::unmap(self.pt, va) {
                frame::put(pa);
            }
            va += PAGE_SIZE;
        }
    }

    /// A free page-aligned range of `len` bytes (a multiple of the page
    /// size) ending at or below `top`, searched from the top down (where
    /// Linux puts mmap regions), at or above `bottom`.
    pub fn find_gap(&self, len: usize, bottom: usize, top: usize) -> Option<usize> {
        let mut end = top;
        // VMAs in decreasing address order; their ends decrease too.
        for (&start, vma) in self.vmas.range(..top).rev() {
            if end >= bottom + len && vma.end <= end - len {
                return Some(end - len);
            }
            end = end.min(start);
        }
        (end >= bottom + len).then(|| end - len)
    }

    /// mmap(2), anonymous and private: a new VMA of `len` bytes (page
    /// multiple) somewhere in [bottom, top), mapped to zeroed frames.
    /// All or nothing: on failure no frame and no VMA is left behind.
    pub fn map_anon(
        &mut self,
        len: usize,
        perm: u64,
        bottom: usize,
        top: usize,
    ) -> Result<usize, NoMem> {
        let start = self.find_gap(len, bottom, top).ok_or(NoMem)?;
        let end = start + len;
        self.vmas.insert(start, Vma { end, perm, kind: VmaKind::Anon });
        if self.map_zeroed(start, end, perm).is_err() {
            self.unmap_range(start, end);
            self.vmas.remove(&start);
            return Err(NoMem);
        }
        Ok(start)
    }

    /// Does [start, end) meet a VMA that munmap may not touch (the
    /// program, the heap, the stack: only mmap regions can be unmapped)?
    pub fn meets_non_anon(&self, start: usize, end: usize) -> bool {
        let first = self.vmas.range(..start).next_back().map_or(start, |(&s, _)| s);
        self.vmas.range(first..end).any(|(_, v)| v.end > start && v.kind != VmaKind::Anon)
    }

    /// munmap(2) of [start, end) (page-aligned): every VMA it meets is cut
    /// (a VMA may lose its head, its tail, or be split in two) and the
    /// frames of the removed pages are released. Ranges without a VMA are
    /// fine, as on Linux.
    pub fn unmap_vmas(&mut self, start: usize, end: usize) {
        let first = self.vmas.range(..start).next_back().map_or(start, |(&s, _)| s);
        let hit: alloc::vec::Vec<(usize, Vma)> = self
            .vmas
            .range(first..end)
            .filter(|(_, v)| v.end > start)
            .map(|(&s, v)| (s, *v))
            .collect();
        for (s, v) in hit {
            self.vmas.remove(&s);
            if s < start {
                self.vmas.insert(s, Vma { end: start, ..v });
            }
            if v.end > end {
                self.vmas.insert(end, v);
            }
            self.unmap_range(s.max(start), v.end.min(end));
        }
    }

    /// Write `bytes` at user address `va` whatever the page permissions
    /// (the loader filling a read-only segment). The pages must be mapped.
    pub fn write(&mut self, va: usize, bytes: &[u8]) -> Result<(), NoMem> {
        let mut done = 0;
        while done < bytes.len() {
            let at = va + done;
            let e = vm::lookup(self.pt, page_down(at)).ok_or(NoMem)?;
            let off = at % PAGE_SIZE;
            let n = (PAGE_SIZE - off).min(bytes.len() - done);
            let dst = (vm::pte_pa(e) + off) as *mut u8;
            unsafe { core::ptr::copy_nonoverlapping(bytes[done..].as_ptr(), dst, n) };
            done += n;
        }
        Ok(())
    }

    /// Move the program break (brk(2)); false if it cannot go there.
    pub fn set_brk(&mut self, new: usize, limit: usize) -> bool {
        if new < self.brk_start || new > limit {
            return false;
        }
        let (old_end, new_end) = (page_up(self.brk), page_up(new));
        let Some(vma) = self.vmas.get(&self.brk_start).copied() else { return false };
        if new_end > old_end {
            if self.overlaps(old_end, new_end) {
                return false;
            }
            self.vmas.insert(self.brk_start, Vma { end: new_end, ..vma });
            if self.map_zeroed(old_end, new_end, vma.perm).is_err() {
                self.unmap_range(old_end, new_end);
                self.vmas.insert(self.brk_start, vma);
                return false;
            }
        } else if new_end < old_end {
            self.unmap_range(new_end, old_end);
            self.vmas.insert(self.brk_start, Vma { end: new_end, ..vma });
        }
        self.brk = new;
        true
    }

    /// A full copy (fork): same VMAs, each mapped page copied to a new
    /// frame. (Copy-on-write will share the frames instead.)
    pub fn duplicate(&self, trapframe: usize) -> Result<AddrSpace, NoMem> {
        let mut child = AddrSpace::new(trapframe)?;
        child.brk_start = self.brk_start;
        child.brk = self.brk;
        for (&start, vma) in &self.vmas {
            child.vmas.insert(start, *vma);
            let mut va = start;
            while va < vma.end {
                if let Some(e) = vm::lookup(self.pt, va) {
                    let Some(pa) = frame::alloc() else {
                        child.destroy();
                        return Err(NoMem);
                    };
                    unsafe {
                        core::ptr::copy_nonoverlapping(
                            vm::pte_pa(e) as *const u8,
                            pa as *mut u8,
                            PAGE_SIZE,
                        )
                    };
                    if !vm::map(child.pt, va, pa, PAGE_SIZE, vma.perm) {
                        frame::put(pa);
                        child.destroy();
                        return Err(NoMem);
                    }
                }
                va += PAGE_SIZE;
            }
        }
        Ok(child)
    }

    /// Release every user page and every page-table page. The trampoline
    /// (the kernel's) and the trap frame (the process's) are only unmapped.
    pub fn destroy(&mut self) {
        let vmas = core::mem::take(&mut self.vmas);
        for (start, vma) in vmas {
            self.unmap_range(start, vma.end);
        }
        vm::unmap(self.pt, TRAMPOLINE);
        vm::unmap(self.pt, TRAPFRAME);
        vm::free_tables(self.pt, 2);
        self.pt = 0;
    }
}
