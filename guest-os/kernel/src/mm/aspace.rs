//! A user address space (Linux's mm_struct): a page table, the VMAs that
//! say what may be mapped where (vma.rs), and the accounting /proc shows:
//! resident pages by kind (RssAnon, RssFile, RssShmem), their high-water
//! mark, the virtual size and its peak, the commit charge, and where code,
//! data, heap, stack, arguments and environment are.
//!
//! Nothing is mapped when a VMA is created: pages appear on the first
//! access, through the page-fault handler (fault.rs). fork shares every
//! page copy-on-write instead of copying it (cow.rs).
//!
//! Threads (clone with CLONE_VM) share one AddrSpace through a `Shared`
//! pointer; each thread's trap frame is mapped in its own slot below the
//! trampoline (trap/mod.rs), so several can be in the kernel at once.

use crate::mm::commit;
use crate::mm::frame::{self, PAGE_SIZE, page_down, page_up};
use crate::mm::tlb::Shootdown;
use crate::mm::vm::{self, PTE_FILE, PTE_R, PTE_W, PTE_X, PageTable, TRAMPOLINE};
use crate::mm::vma::{Backing, Vma};
use crate::trap::TRAPFRAME;
use alloc::collections::BTreeMap;

/// How many threads can share one address space (trap-frame slots).
pub const MAX_THREADS: usize = 64;

/// User mappings end here: below the trap-frame slots.
pub const USER_TOP: usize = TRAPFRAME - MAX_THREADS * PAGE_SIZE;

/// Linux's vm.max_map_count, scaled to our kernel heap.
pub const MAX_MAP_COUNT: usize = 4096;

/// The lowest address mmap hands out and a program may be loaded at
/// (Linux's default mmap_min_addr).
pub const MMAP_MIN: usize = 0x10000;

/// Resident-set classes (Linux's MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rss {
    Anon = 0,
    File = 1,
    Shmem = 2,
}

pub struct AddrSpace {
    pt: PageTable,
    /// start -> VMA, non-overlapping, page-aligned.
    pub vmas: BTreeMap<usize, Vma>,
    /// The heap: [brk_start, brk), VMA [brk_start, page_up(brk)).
    pub brk_start: usize,
    pub brk: usize,
    /// Resident pages by class, and the most ever resident at once.
    pub rss: [usize; 3],
    pub hiwater_rss: usize,
    /// Pages of VMAs (VmSize) and their peak (VmPeak).
    pub total_vm: usize,
    pub peak_vm: usize,
    /// Pages charged to the commit charge (private writable VMAs + shm).
    pub committed: usize,
    /// Where the program's pieces are (/proc/PID/stat fields 26-28, 45-51).
    pub start_code: usize,
    pub end_code: usize,
    pub start_data: usize,
    pub end_data: usize,
    pub start_stack: usize,
    pub arg_start: usize,
    pub arg_end: usize,
    pub env_start: usize,
    pub env_end: usize,
    /// The program's path (Linux's mm->exe_file): /proc/PID/exe.
    pub exe: Option<alloc::rc::Rc<str>>,
    /// Page-table pages (VmPTE).
    pub pt_pages: usize,
    /// Trap-frame slots in use (bit i: slot i), one per thread.
    tf_slots: u64,
    /// Address-space id (tlb.rs); 0: none, flush on every switch.
    pub asid: u16,
}

/// Out of memory (a frame or a page-table page could not be allocated),
/// or a VMA that would overlap another one / break a limit.
#[derive(Debug)]
pub struct NoMem;

/// PTE permissions from ELF segment flags (PF_X = 1, PF_W = 2, PF_R = 4).
pub fn elf_perm(flags: u32) -> u64 {
    let mut perm = vm::PTE_U;
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

/// The user address of trap-frame slot `slot` (slot 0 is TRAPFRAME).
pub const fn trapframe_va(slot: usize) -> usize {
    TRAPFRAME - slot * PAGE_SIZE
}

impl AddrSpace {
    /// An empty address space with the trampoline at the top.
    pub fn new() -> Result<AddrSpace, NoMem> {
        let pt = frame::alloc().ok_or(NoMem)?;
        let mut a = AddrSpace {
            pt,
            vmas: BTreeMap::new(),
            brk_start: 0,
            brk: 0,
            rss: [0; 3],
            hiwater_rss: 0,
            total_vm: 0,
            peak_vm: 0,
            committed: 0,
            start_code: 0,
            end_code: 0,
            start_data: 0,
            end_data: 0,
            start_stack: 0,
            arg_start: 0,
            arg_end: 0,
            env_start: 0,
            env_end: 0,
            exe: None,
            pt_pages: 1,
            tf_slots: 0,
            asid: crate::mm::tlb::alloc_asid(),
        };
        let tramp = vm::kernel_trampoline_pa();
        if !a.map_raw(TRAMPOLINE, tramp, PTE_R | PTE_X) {
            return Err(NoMem); // Drop frees the root
        }
        // The [vdso]: signal handlers return through its sigreturn code.
        let vdso = crate::signal::vdso_page().ok_or(NoMem)?;
        if !a.map_raw(crate::signal::VDSO, vdso, PTE_R | PTE_X | vm::PTE_U) {
            return Err(NoMem);
        }
        Ok(a)
    }

    pub fn pagetable(&self) -> PageTable {
        self.pt
    }

    /// Map one page, counting the page-table pages it took.
    fn map_raw(&mut self, va: usize, pa: usize, perm: u64) -> bool {
        let (before, _) = frame::stats();
        let ok = vm::map(self.pt, va, pa, PAGE_SIZE, perm);
        let (after, _) = frame::stats();
        self.pt_pages += before.saturating_sub(after);
        ok
    }

    /// Map trap frame `pa` (a thread's) in a free slot; the slot number.
    pub fn map_trapframe(&mut self, pa: usize) -> Result<usize, NoMem> {
        let slot = (0..MAX_THREADS).find(|&s| self.tf_slots & (1 << s) == 0).ok_or(NoMem)?;
        if !self.map_raw(trapframe_va(slot), pa, PTE_R | PTE_W) {
            return Err(NoMem);
        }
        self.tf_slots |= 1 << slot;
        Ok(slot)
    }

    /// Unmap the trap frame of slot `slot` (the thread keeps the frame).
    pub fn unmap_trapframe(&mut self, slot: usize) {
        if slot < MAX_THREADS && self.tf_slots & (1 << slot) != 0 {
            vm::unmap(self.pt, trapframe_va(slot));
            // With ASIDs nothing else would drop the old translation, and
            // the next thread in this slot has another trap frame.
            crate::arch::riscv::sfence_vma_addr(trapframe_va(slot));
            self.tf_slots &= !(1 << slot);
        }
    }

    // --- resident-set accounting ---------------------------------------

    pub fn rss_total(&self) -> usize {
        self.rss.iter().sum()
    }

    /// One more resident page of class `c`.
    pub fn rss_add(&mut self, c: Rss) {
        self.rss[c as usize] += 1;
        self.hiwater_rss = self.hiwater_rss.max(self.rss_total());
    }

    pub fn rss_sub(&mut self, c: Rss) {
        self.rss[c as usize] -= 1;
    }

    /// The class of a mapped page: shm by its VMA, file by its PTE.
    pub fn rss_class(vma: &Vma, pte: u64) -> Rss {
        match vma.backing {
            Backing::Shm { .. } => Rss::Shmem,
            _ if pte & PTE_FILE != 0 => Rss::File,
            _ => Rss::Anon,
        }
    }

    // --- VMAs ------------------------------------------------------------

    /// The VMA containing `va`: (start, vma).
    pub fn vma_at(&self, va: usize) -> Option<(usize, &Vma)> {
        let (&start, vma) = self.vmas.range(..=va).next_back()?;
        (va < vma.end).then_some((start, vma))
    }

    /// Does [start, end) meet any VMA?
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        // The last VMA starting below `end` is the only candidate.
        self.vmas.range(..end).next_back().is_some_and(|(_, v)| v.end > start)
    }

    /// Add VMA `vma` at [start, vma.end) (page-aligned). Nothing is mapped:
    /// pages come on demand. Fails if it overlaps, leaves user space, would
    /// pass the map count, or the commit charge refuses it.
    pub fn add_vma(&mut self, start: usize, vma: Vma) -> Result<(), NoMem> {
        let end = vma.end;
        if start % PAGE_SIZE != 0 || end % PAGE_SIZE != 0 || end < start || end > USER_TOP {
            return Err(NoMem);
        }
        if self.overlaps(start, end) || self.vmas.len() >= MAX_MAP_COUNT {
            return Err(NoMem);
        }
        let pages = (end - start) / PAGE_SIZE;
        if charged(&vma) {
            if !commit::charge(pages) {
                return Err(NoMem);
            }
            self.committed += pages;
        }
        self.total_vm += pages;
        self.peak_vm = self.peak_vm.max(self.total_vm);
        self.vmas.insert(start, vma);
        Ok(())
    }

    /// Move the start of the VMA at `start` down to `new_start` (stack
    /// growth); the caller checked that the range is free.
    pub fn grow_down(&mut self, start: usize, new_start: usize) -> Result<(), NoMem> {
        let vma = self.vmas.get(&start).ok_or(NoMem)?;
        let pages = (start - new_start) / PAGE_SIZE;
        if charged(vma) {
            if !commit::charge(pages) {
                return Err(NoMem);
            }
            self.committed += pages;
        }
        let vma = self.vmas.remove(&start).unwrap();
        self.vmas.insert(new_start, vma);
        self.total_vm += pages;
        self.peak_vm = self.peak_vm.max(self.total_vm);
        Ok(())
    }

    /// Unmap [start, end) (page-aligned) of VMA `vma` (starting at
    /// `vstart`): write back shared file pages, release the frames,
    /// keep the resident counts right, flush the TLB.
    pub fn unmap_pages(&mut self, vstart: usize, vma: &Vma, start: usize, end: usize) {
        let mut flush = Shootdown::new();
        let mut classes = [0usize; 3];
        let shared_file = match &vma.backing {
            Backing::File { node, offset, .. } if vma.shared_file() => Some((*node, *offset)),
            _ => None,
        };
        vm::for_each_leaf(self.pt, start, end, |va, pte| {
            let e = unsafe { *pte };
            unsafe { *pte = 0 };
            if let Some((node, offset)) = shared_file {
                if e & PTE_W != 0 {
                    let index = (offset + va - vstart) / PAGE_SIZE;
                    crate::mm::pagecache::writeback(node, index, vm::pte_pa(e));
                }
            }
            classes[AddrSpace::rss_class(vma, e) as usize] += 1;
            frame::put(vm::pte_pa(e));
            flush.add(va);
        });
        for (i, n) in classes.iter().enumerate() {
            self.rss[i] -= n;
        }
        flush.finish();
    }

    /// Remove every VMA page in [start, end): cut the VMAs it meets (a VMA
    /// may lose its head, its tail, or be split in two), unmap the pages,
    /// and give back their commit charge (munmap(2)).
    pub fn unmap_vmas(&mut self, start: usize, end: usize) {
        let first = self.vmas.range(..start).next_back().map_or(start, |(&s, _)| s);
        let hit: alloc::vec::Vec<(usize, Vma)> = self
            .vmas
            .range(first..end)
            .filter(|(_, v)| v.end > start)
            .map(|(&s, v)| (s, v.clone()))
            .collect();
        for (s, v) in hit {
            self.vmas.remove(&s);
            if s < start {
                self.vmas.insert(s, Vma { end: start, ..v.clone() });
            }
            if v.end > end {
                self.vmas.insert(end, v.tail_from(s, end));
            }
            let (from, to) = (s.max(start), v.end.min(end));
            self.unmap_pages(s, &v, from, to);
            let pages = (to - from) / PAGE_SIZE;
            if charged(&v) {
                commit::uncharge(pages);
                self.committed -= pages;
            }
            self.total_vm -= pages;
        }
    }

    /// Make `at` (page-aligned) a VMA boundary: if a VMA spans it, cut it
    /// in two there (the pages stay mapped; the halves share the backing).
    pub fn split_at(&mut self, at: usize) {
        let Some((start, vma)) = self.vma_at(at) else { return };
        if start == at {
            return;
        }
        let tail = vma.tail_from(start, at);
        self.vmas.get_mut(&start).unwrap().end = at;
        self.vmas.insert(at, tail);
    }

    /// Merge the VMA starting at `start` with its neighbours where they
    /// continue each other (vma.rs's can_merge), as Linux does after
    /// mprotect and mmap.
    pub fn merge_around(&mut self, start: usize) {
        let mut start = start;
        if let Some((&prev, pv)) = self.vmas.range(..start).next_back() {
            if let Some(v) = self.vmas.get(&start) {
                if pv.can_merge(prev, start, v) {
                    let end = v.end;
                    self.vmas.remove(&start);
                    self.vmas.get_mut(&prev).unwrap().end = end;
                    start = prev;
                }
            }
        }
        let Some(v) = self.vmas.get(&start) else { return };
        let next_start = v.end;
        if let Some(n) = self.vmas.get(&next_start) {
            if v.can_merge(start, next_start, n) {
                let end = n.end;
                self.vmas.remove(&next_start);
                self.vmas.get_mut(&start).unwrap().end = end;
            }
        }
    }

    /// Is every page of [start, end) inside some VMA?
    pub fn covered(&self, start: usize, end: usize) -> bool {
        let mut at = start;
        while at < end {
            match self.vma_at(at) {
                Some((_, v)) => at = v.end,
                None => return false,
            }
        }
        true
    }

    /// Write the pages of MAP_SHARED file mappings in [start, end) back to
    /// their files (msync); they stay mapped.
    pub fn writeback(&mut self, start: usize, end: usize) {
        let hit: alloc::vec::Vec<(usize, Vma)> = self
            .vmas
            .range(..end)
            .filter(|(_, v)| v.end > start && v.shared_file())
            .map(|(&s, v)| (s, v.clone()))
            .collect();
        for (vs, v) in hit {
            let Backing::File { node, offset, .. } = v.backing else { continue };
            vm::for_each_leaf(self.pt, vs.max(start), v.end.min(end), |va, pte| {
                let e = unsafe { *pte };
                if e & PTE_W != 0 {
                    let index = (offset + va - vs) / PAGE_SIZE;
                    crate::mm::pagecache::writeback(node, index, vm::pte_pa(e));
                }
            });
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

    /// Move the program break (brk(2)); false if it cannot go there.
    pub fn set_brk(&mut self, new: usize, limit: usize) -> bool {
        if new < self.brk_start || new > limit {
            return false;
        }
        let (old_end, new_end) = (page_up(self.brk), page_up(new));
        let Some(vma) = self.vmas.get(&self.brk_start).cloned() else { return false };
        if new_end > old_end {
            if self.overlaps(old_end, new_end) {
                return false;
            }
            let pages = (new_end - old_end) / PAGE_SIZE;
            if !commit::charge(pages) {
                return false;
            }
            self.committed += pages;
            self.total_vm += pages;
            self.peak_vm = self.peak_vm.max(self.total_vm);
            self.vmas.insert(self.brk_start, Vma { end: new_end, ..vma });
        } else if new_end < old_end {
            self.unmap_vmas(new_end, old_end);
            // unmap_vmas cut the heap VMA; an empty heap keeps its VMA.
            self.vmas.insert(self.brk_start, Vma { end: new_end, ..vma });
        }
        self.brk = new;
        true
    }

    /// Write `bytes` at user address `va` whatever the page permissions
    /// (exec building the initial stack), faulting pages in as needed.
    pub fn write(&mut self, va: usize, bytes: &[u8]) -> Result<(), NoMem> {
        let mut done = 0;
        while done < bytes.len() {
            let at = va + done;
            let page = page_down(at);
            let e = match vm::lookup(self.pt, page) {
                Some(e) if e & PTE_W != 0 => e,
                _ => {
                    crate::mm::fault::resolve(self, page, crate::mm::fault::Access::Write)
                        .map_err(|_| NoMem)?;
                    vm::lookup(self.pt, page).ok_or(NoMem)?
                }
            };
            let off = at % PAGE_SIZE;
            let n = (PAGE_SIZE - off).min(bytes.len() - done);
            let dst = (vm::pte_pa(e) + off) as *mut u8;
            unsafe { core::ptr::copy_nonoverlapping(bytes[done..].as_ptr(), dst, n) };
            done += n;
        }
        Ok(())
    }

    /// Release every user page, every page-table page and the commit
    /// charge. The trampoline (the kernel's) and trap frames (the threads')
    /// are only unmapped.
    pub fn destroy(&mut self) {
        if self.pt == 0 {
            return;
        }
        let vmas = core::mem::take(&mut self.vmas);
        for (start, vma) in &vmas {
            self.unmap_pages(*start, vma, *start, vma.end);
        }
        commit::uncharge(self.committed);
        self.committed = 0;
        self.total_vm = 0;
        vm::unmap(self.pt, TRAMPOLINE);
        vm::unmap(self.pt, crate::signal::VDSO);
        for slot in 0..MAX_THREADS {
            self.unmap_trapframe(slot);
        }
        vm::free_tables(self.pt, 2);
        self.pt = 0;
        crate::mm::tlb::free_asid(core::mem::take(&mut self.asid));
        drop(vmas); // the last reference to a shm object frees its frames
    }
}

/// Not a trap-frame slot: the task has no address space of its own.
pub const NO_SLOT: usize = usize::MAX;

static EMPTY: crate::klib::global::Global<Option<crate::proc::shared::Shared<AddrSpace>>> =
    crate::klib::global::Global::new(None);

/// The empty address space exited tasks hold (Linux's zombies have no mm;
/// ours point here), made at boot.
pub fn empty() -> crate::proc::shared::Shared<AddrSpace> {
    let e = EMPTY.get();
    if e.is_none() {
        *e = Some(crate::proc::shared::Shared::new(
            AddrSpace::new().expect("no memory for the empty address space"),
        ));
    }
    e.as_ref().unwrap().share()
}

impl Drop for AddrSpace {
    fn drop(&mut self) {
        self.destroy();
    }
}

/// Whether a VMA counts towards the commit charge.
pub fn charged(vma: &Vma) -> bool {
    // (mmap sets VM_NORESERVE only when the policy is not strict, as Linux.)
    if vma.flags & crate::mm::vma::VM_NORESERVE != 0 {
        return false;
    }
    vma.private_writable() || matches!(vma.backing, Backing::Shm { .. })
}
