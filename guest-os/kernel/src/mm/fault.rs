//! The page-fault handler: where demand paging and copy-on-write happen.
//!
//! A user access to a page with no valid mapping, or a write to a page
//! mapped read-only, traps (scause 12, 13 or 15: instruction, load, store
//! page fault; stval = the address). The handler finds the VMA (vma.rs)
//! the address belongs to and
//!   - outside every VMA: just below the stack (or a MAP_GROWSDOWN
//!     region), it grows (down to
//!     STACK_MAX, and never within STACK_GUARD_GAP of the next VMA);
//!     anywhere else, SIGSEGV;
//!   - the VMA forbids the access (a write to text, a fetch from data):
//!     SIGSEGV;
//!   - no page yet: fill it by the VMA's backing: a zeroed frame
//!     (anonymous), the page cache's frame (a file: shared read-only, or
//!     copy-on-write if the VMA is writable), or the shm object's frame;
//!   - a copy-on-write page and a write: cow.rs breaks the sharing.
//! Then the access is retried. Like Linux, every fault resolved without
//! reading a file is a *minor* fault of the task; one that had to read the
//! file into the page cache is a *major* fault.
//! The kernel takes the same path (kernel_access) when a system call
//! touches user memory that is not mapped yet. Each resolved fault's kind
//! (FaultKind: copy-on-write copy or reuse, zero fill, file page from the
//! cache or read, shared page, spurious) is told to the machine
//! (dev/introspect.rs), which counts them per task next to its own count
//! of page-fault traps.

use crate::dev::introspect::{self, FaultKind};
use crate::klib::global::Global;
use crate::mm::aspace::{AddrSpace, Rss};
use crate::mm::frame::{self, PAGE_SIZE, page_down};
use crate::mm::vm::{self, PTE_A, PTE_COW, PTE_D, PTE_FILE, PTE_R, PTE_V, PTE_W, PTE_X, PageTable};
use crate::mm::vma::{Backing, VmaKind};
use crate::{arch::riscv, mm::cow, mm::pagecache, sched};

/// What the faulting access wanted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    Read = 0,
    Write = 1,
    Exec = 2,
}

/// Why a fault could not be resolved: the signal the task gets.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FaultError {
    /// No VMA, or one that forbids the access: SIGSEGV.
    Segv,
    /// No free frame: the task is killed (SIGKILL), the OOM case.
    Oom,
}

/// How far the stack may grow below its top (Linux's RLIMIT_STACK, 8 MiB)
/// and the gap it keeps from the next VMA below (stack_guard_gap, 256 pages).
pub const STACK_MAX: usize = 8 << 20;
pub const STACK_GUARD_GAP: usize = 256 * PAGE_SIZE;

/// System-wide fault counters (/proc/vmstat).
#[derive(Default, Clone, Copy)]
pub struct Counters {
    pub pgfault: u64,
    pub pgmajfault: u64,
    /// Write faults on copy-on-write pages, and how they ended.
    pub cow_fault: u64,
    pub cow_copy: u64,
    pub cow_reuse: u64,
    /// Pages filled with zeros, or from a file (major or not).
    pub zero_fill: u64,
    pub file_fill: u64,
    pub pagecache_hit: u64,
    pub stack_grow: u64,
}

static COUNTERS: Global<Counters> = Global::new(Counters {
    pgfault: 0,
    pgmajfault: 0,
    cow_fault: 0,
    cow_copy: 0,
    cow_reuse: 0,
    zero_fill: 0,
    file_fill: 0,
    pagecache_hit: 0,
    stack_grow: 0,
});

pub fn counters() -> Counters {
    *COUNTERS.get()
}

/// The access a user page-fault cause stands for.
pub fn access_of(scause: u64) -> Option<Access> {
    match scause {
        riscv::exc::INSN_PAGE_FAULT => Some(Access::Exec),
        riscv::exc::LOAD_PAGE_FAULT => Some(Access::Read),
        riscv::exc::STORE_PAGE_FAULT => Some(Access::Write),
        _ => None,
    }
}

/// Resolve a fault at `va` in `mm` for `access`, counting it as a fault of
/// the running task (if any). Ok: the access can be retried.
pub fn resolve(mm: &mut AddrSpace, va: usize, access: Access) -> Result<(), FaultError> {
    let kind = handle(mm, va, access)?;
    let major = kind == FaultKind::FileMajor;
    introspect::fault(kind, va, access as u64);
    let c = COUNTERS.get();
    c.pgfault += 1;
    c.pgmajfault += major as u64;
    let p = sched::current();
    if !p.is_null() {
        let p = unsafe { &mut *p };
        if major {
            p.maj_flt += 1;
        } else {
            p.min_flt += 1;
        }
    }
    Ok(())
}

/// A system call touching user page `page` of the running task, whose page
/// table is `root`, found it unmapped or copy-on-write: fault it in.
pub fn kernel_access(root: PageTable, page: usize, access: Access) -> Result<(), ()> {
    let p = sched::current();
    if p.is_null() {
        return Err(());
    }
    let mm: &mut AddrSpace = &mut unsafe { &mut *p }.aspace;
    if mm.pagetable() != root {
        return Err(());
    }
    resolve(mm, page, access).map_err(|_| ())
}

/// The fault proper: how it was resolved (FileMajor is a major fault).
fn handle(mm: &mut AddrSpace, va: usize, access: Access) -> Result<FaultKind, FaultError> {
    if va >= crate::mm::aspace::USER_TOP {
        return Err(FaultError::Segv);
    }
    let page = page_down(va);
    let start = match mm.vma_at(va) {
        Some((start, _)) => start,
        None => grow_stack(mm, page)?,
    };
    let vma = mm.vmas.get(&start).unwrap().clone();
    let need = match access {
        Access::Read => PTE_R,
        Access::Write => PTE_W,
        Access::Exec => PTE_X,
    };
    if vma.perm & need == 0 {
        return Err(FaultError::Segv);
    }
    let pt = mm.pagetable();
    let pte = vm::walk(pt, page, 0, true).ok_or(FaultError::Oom)?;
    let e = unsafe { *pte };
    if e & PTE_V != 0 {
        if access == Access::Write && e & PTE_COW != 0 {
            COUNTERS.get().cow_fault += 1;
            let copied = cow::break_cow(mm, &vma, page, pte)?;
            let c = COUNTERS.get();
            if copied {
                c.cow_copy += 1;
                return Ok(FaultKind::CowCopy);
            }
            c.cow_reuse += 1;
            return Ok(FaultKind::CowReuse);
        }
        // Already mapped as wanted (a stale TLB entry): retry.
        riscv::sfence_vma_addr(page);
        return Ok(FaultKind::Spurious);
    }
    let flags = vma.perm | PTE_V | PTE_A | PTE_D;
    let c = COUNTERS.get();
    match &vma.backing {
        Backing::Anon => {
            let pa = frame::alloc().ok_or(FaultError::Oom)?;
            unsafe { *pte = vm::make_pte(pa, flags) };
            mm.rss_add(Rss::Anon);
            c.zero_fill += 1;
            Ok(FaultKind::Zero)
        }
        Backing::Shm { obj, pgoff } => {
            let index = pgoff + (page - start) / PAGE_SIZE;
            let (pa, new) = obj.page(index).ok_or(FaultError::Oom)?;
            c.zero_fill += new as u64;
            frame::get(pa);
            unsafe { *pte = vm::make_pte(pa, flags) };
            mm.rss_add(Rss::Shmem);
            Ok(FaultKind::Shmem)
        }
        Backing::File { node, offset, file_end, .. } => {
            let at = offset + (page - start);
            let (cached, hit) = pagecache::page(*node, at / PAGE_SIZE).ok_or(FaultError::Oom)?;
            c.file_fill += 1;
            c.pagecache_hit += hit as u64;
            if vma.shared_file() {
                // MAP_SHARED: the cached page itself, writable if the VMA
                // is; every process mapping the file sees the writes.
                frame::get(cached);
                unsafe { *pte = vm::make_pte(cached, flags | PTE_FILE) };
                mm.rss_add(Rss::File);
            } else if at + PAGE_SIZE <= *file_end && access != Access::Write {
                // The cached page itself: shared read-only, and
                // copy-on-write if the VMA is writable (a data segment).
                let mut f = (flags & !PTE_W) | PTE_FILE;
                if vma.perm & PTE_W != 0 {
                    f |= PTE_COW;
                }
                frame::get(cached);
                unsafe { *pte = vm::make_pte(cached, f) };
                mm.rss_add(Rss::File);
            } else {
                // A private copy: written at once, or the page where the
                // file part of a segment ends and its .bss begins.
                let pa = frame::alloc().ok_or(FaultError::Oom)?;
                let n = file_end.saturating_sub(at).min(PAGE_SIZE);
                unsafe { core::ptr::copy_nonoverlapping(cached as *const u8, pa as *mut u8, n) };
                unsafe { *pte = vm::make_pte(pa, flags) };
                mm.rss_add(Rss::Anon);
            }
            Ok(if hit { FaultKind::FileMinor } else { FaultKind::FileMajor })
        }
    }
}

/// A fault at `page` outside every VMA: if the VMA just above is the
/// stack and the page is within reach, grow the stack down to it.
/// Returns the stack VMA's new start.
fn grow_stack(mm: &mut AddrSpace, page: usize) -> Result<usize, FaultError> {
    let (&start, vma) = mm.vmas.range(page..).next().ok_or(FaultError::Segv)?;
    let grows = vma.kind == VmaKind::Stack || vma.flags & crate::mm::vma::VM_GROWSDOWN != 0;
    if !grows || vma.end - page > STACK_MAX {
        return Err(FaultError::Segv);
    }
    let below = mm.vmas.range(..page).next_back().map_or(0, |(_, v)| v.end);
    if below + STACK_GUARD_GAP > page {
        return Err(FaultError::Segv);
    }
    mm.grow_down(start, page).map_err(|_| FaultError::Oom)?;
    COUNTERS.get().stack_grow += 1;
    Ok(page)
}
