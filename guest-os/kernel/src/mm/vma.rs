//! Virtual memory areas (Linux's vm_area_struct): the ranges of a user
//! address space, each with permissions and a *backing* that says where
//! its pages come from when they are first touched (fault.rs):
//!
//! ```text
//!   Anon         zero-filled private memory: bss, heap, stack, mmap(MAP_PRIVATE|MAP_ANONYMOUS)
//!   File         a private mapping of a file: a PT_LOAD segment of a program. Pages
//!                come from the page cache (pagecache.rs); read-only pages are shared
//!                by every process that maps the file, writable ones are copied on
//!                the first write (copy-on-write). Bytes past `file_end` read as zero
//!                (the .bss tail of a data segment).
//!   Shm          mmap(MAP_SHARED|MAP_ANONYMOUS): pages live in a ShmObject that every
//!                mapping of it shares, across fork too.
//! ```

use crate::mm::frame;
use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;

/// What a VMA is for: its name in /proc/PID/maps and its VmXxx class in
/// /proc/PID/status.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VmaKind {
    /// A PT_LOAD segment of the program.
    Program,
    /// The brk heap ("[heap]").
    Heap,
    /// The main stack ("[stack]"): grows down on faults below it.
    Stack,
    /// An mmap(2) region.
    Mmap,
}

/// The pages of a MAP_SHARED|MAP_ANONYMOUS region, by page index: every
/// address space that maps it (after fork, too) sees the same frames.
#[derive(Default)]
pub struct ShmObject {
    pub pages: RefCell<BTreeMap<usize, usize>>,
}

/// Frames held by all shm objects (/proc/meminfo's Shmem).
static SHM_PAGES: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

pub fn shm_pages() -> usize {
    SHM_PAGES.load(core::sync::atomic::Ordering::Relaxed)
}

impl ShmObject {
    /// Page `index`, allocated (zeroed) on first use; None if out of memory.
    pub fn page(&self, index: usize) -> Option<(usize, bool)> {
        let mut pages = self.pages.borrow_mut();
        if let Some(&pa) = pages.get(&index) {
            return Some((pa, false));
        }
        let pa = frame::alloc()?;
        pages.insert(index, pa); // the object's own reference
        SHM_PAGES.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        Some((pa, true))
    }
}

impl Drop for ShmObject {
    fn drop(&mut self) {
        for (_, pa) in core::mem::take(&mut *self.pages.borrow_mut()) {
            frame::put(pa);
            SHM_PAGES.fetch_sub(1, core::sync::atomic::Ordering::Relaxed);
        }
    }
}

#[derive(Clone)]
pub enum Backing {
    Anon,
    /// File node `node` (path `path`): virtual address `vma.start` is file
    /// offset `offset`; file bytes at or past offset `file_end` read as zero.
    File {
        node: usize,
        path: Rc<str>,
        offset: usize,
        file_end: usize,
    },
    /// Page `pgoff` of `obj` is at virtual address `vma.start`.
    Shm {
        obj: Rc<ShmObject>,
        pgoff: usize,
    },
}

/// VMA flags, with Linux's values (include/linux/mm.h).
/// SHARED: a MAP_SHARED mapping of a file: writes reach the page cache
/// frame every mapping shares, and go back to the file (aspace.rs).
pub const VM_SHARED: u32 = 0x08;
/// The mapping may be made writable (not set for a MAP_SHARED mapping of
/// a file opened read-only: mprotect(PROT_WRITE) is EACCES).
pub const VM_MAYWRITE: u32 = 0x20;
/// mmap(MAP_GROWSDOWN): a fault just below it grows it down (fault.rs).
pub const VM_GROWSDOWN: u32 = 0x100;
/// mmap(MAP_NORESERVE): not counted in the commit charge (commit.rs).
pub const VM_NORESERVE: u32 = 0x0020_0000;

#[derive(Clone)]
pub struct Vma {
    pub end: usize,
    /// PTE permission bits: some of R, W, X, always U.
    pub perm: u64,
    pub kind: VmaKind,
    pub backing: Backing,
    /// Some of the VM_* flags above.
    pub flags: u32,
}

impl Vma {
    pub fn anon(end: usize, perm: u64, kind: VmaKind) -> Vma {
        Vma { end, perm, kind, backing: Backing::Anon, flags: VM_MAYWRITE }
    }

    /// A shared mapping of a file (MAP_SHARED).
    pub fn shared_file(&self) -> bool {
        self.flags & VM_SHARED != 0
    }

    /// Private and writable: its pages are copied on write after fork, and
    /// it counts towards the commit charge (commit.rs).
    pub fn private_writable(&self) -> bool {
        self.perm & crate::mm::vm::PTE_W != 0
            && !matches!(self.backing, Backing::Shm { .. })
            && !self.shared_file()
    }

    /// May this VMA be made writable (Linux's VM_MAYWRITE)? Not a shared
    /// mapping of a file opened read-only.
    pub fn may_write(&self) -> bool {
        self.flags & VM_MAYWRITE != 0
    }

    /// The same VMA seen from `new_start` on (a split keeps file offsets
    /// and shm page offsets lined up with addresses).
    pub fn tail_from(&self, start: usize, new_start: usize) -> Vma {
        let d = new_start - start;
        let backing = match &self.backing {
            Backing::Anon => Backing::Anon,
            Backing::File { node, path, offset, file_end } => Backing::File {
                node: *node,
                path: path.clone(),
                offset: offset + d,
                file_end: *file_end,
            },
            Backing::Shm { obj, pgoff } => {
                Backing::Shm { obj: obj.clone(), pgoff: pgoff + d / frame::PAGE_SIZE }
            }
        };
        Vma { backing, ..self.clone() }
    }

    /// Can `next`, starting at `next_start`, be merged into this VMA (Linux's
    /// vma_merge): adjacent, same kind and permissions, and backed by the
    /// same thing continuing where this one ends.
    pub fn can_merge(&self, start: usize, next_start: usize, next: &Vma) -> bool {
        if self.end != next_start
            || self.kind != next.kind
            || self.perm != next.perm
            || self.flags != next.flags
        {
            return false;
        }
        let len = self.end - start;
        match (&self.backing, &next.backing) {
            (Backing::Anon, Backing::Anon) => true,
            (
                Backing::File { node: a, offset: oa, file_end: ea, .. },
                Backing::File { node: b, offset: ob, file_end: eb, .. },
            ) => a == b && oa + len == *ob && ea == eb,
            (Backing::Shm { obj: a, pgoff: pa }, Backing::Shm { obj: b, pgoff: pb }) => {
                Rc::ptr_eq(a, b) && pa + len / frame::PAGE_SIZE == *pb
            }
            _ => false,
        }
    }

    /// The name /proc/PID/maps shows.
    pub fn name(&self) -> String {
        match (&self.backing, self.kind) {
            (Backing::File { path, .. }, _) => String::from(&**path),
            (_, VmaKind::Heap) => String::from("[heap]"),
            (_, VmaKind::Stack) => String::from("[stack]"),
            (Backing::Shm { .. }, _) => String::from("/dev/zero (deleted)"),
            (_, VmaKind::Mmap) if self.flags & VM_GROWSDOWN != 0 => String::new(),
            _ => String::new(),
        }
    }
}
