//! The global allocator: power-of-two size classes on top of `brk`.
//!
//! Every request is rounded up to a power of two (at least 16 bytes). Freed
//! blocks go on a free list for their size and are reused by the next request
//! of that size; blocks are never split or merged. New blocks come from the
//! end of the heap, which `brk` pushes forward 64 KiB at a time. Simple, and
//! enough for short-lived programs and for a shell that frees what each
//! command line allocated. A block of `2^k` bytes is aligned to
//! `min(2^k, 4096)`; larger alignments are refused (null).
//!
//! If `brk` cannot grow the heap (a kernel without brk, or a break that hit
//! something), new blocks come from anonymous `mmap` regions instead, so a
//! kernel needs only one of the two.
//!
//! Our programs are single-threaded; the lock only makes the allocator sound
//! as a `static` (it is never contended). After `fork` the child has its own
//! copy of the heap and of this state, which is exactly right.

use crate::mem;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr;
use core::sync::atomic::{AtomicBool, Ordering};

const MIN_SHIFT: u32 = 4; // 16-byte smallest block
const CLASSES: usize = 40; // up to 2^43 bytes: more than any heap we will see
const MAX_ALIGN: usize = 4096;
const GROW: usize = 64 * 1024; // brk increment

struct Heap {
    next: usize,            // first unused byte of the current region
    end: usize,             // end of the current region
    brk_ok: bool,           // the current region is the brk heap, which can grow
    started: bool,          // brk(0) has been asked
    free: [usize; CLASSES], // free-list heads; a free block's first word is the next one
}

/// True for a value a kernel could only mean as `-errno` (brk has no error
/// return in Linux, but a kernel without brk returns -ENOSYS).
fn is_error(v: usize) -> bool {
    v > usize::MAX - 4096
}

pub struct BrkAllocator {
    lock: AtomicBool,
    heap: UnsafeCell<Heap>,
}

// SAFETY: `heap` is only touched with `lock` held.
unsafe impl Sync for BrkAllocator {}

#[global_allocator]
static ALLOCATOR: BrkAllocator = BrkAllocator {
    lock: AtomicBool::new(false),
    heap: UnsafeCell::new(Heap {
        next: 0,
        end: 0,
        brk_ok: false,
        started: false,
        free: [0; CLASSES],
    }),
};

/// The size class of a layout: blocks of `16 << class` bytes.
fn class_of(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT).checked_next_power_of_two()?;
    let class = (size.trailing_zeros() - MIN_SHIFT) as usize;
    (layout.align() <= MAX_ALIGN && class < CLASSES).then_some(class)
}

impl BrkAllocator {
    fn with_heap<R>(&self, f: impl FnOnce(&mut Heap) -> R) -> R {
        while self.lock.swap(true, Ordering::Acquire) {
            core::hint::spin_loop();
        }
        // SAFETY: the lock gives us exclusive access.
        let r = f(unsafe { &mut *self.heap.get() });
        self.lock.store(false, Ordering::Release);
        r
    }
}

impl Heap {
    /// A fresh block of `size` bytes from the end of the heap.
    fn carve(&mut self, size: usize) -> *mut u8 {
        if !self.started {
            self.started = true;
            let b = mem::brk(0);
            if b != 0 && !is_error(b) {
                (self.next, self.end, self.brk_ok) = (b, b, true);
            }
        }
        let align = size.min(MAX_ALIGN);
        let fit = |next: usize| {
            let start = (next + align - 1) & !(align - 1);
            start.checked_add(size).map(|stop| (start, stop))
        };
        let Some((mut start, mut stop)) = fit(self.next) else { return ptr::null_mut() };
        if stop > self.end && self.brk_ok {
            let want = (stop + GROW - 1) & !(GROW - 1);
            let got = mem::brk(want);
            if got >= stop && !is_error(got) {
                self.end = got;
            } else {
                self.brk_ok = false; // from now on: mmap
            }
        }
        if stop > self.end {
            let len = (size + GROW - 1) & !(GROW - 1);
            let Ok(region) = mem::mmap_anonymous(len) else { return ptr::null_mut() };
            (self.next, self.end) = (region, region + len);
            (start, stop) = (region, region + size); // page-aligned: fits any class
        }
        self.next = stop;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for BrkAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(&layout) else { return ptr::null_mut() };
        self.with_heap(|heap| {
            let head = heap.free[class];
            if head != 0 {
                // SAFETY: free blocks hold the next free block's address.
                heap.free[class] = unsafe { *(head as *const usize) };
                head as *mut u8
            } else {
                heap.carve(16usize << class)
            }
        })
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        let Some(class) = class_of(&layout) else { return };
        self.with_heap(|heap| {
            // SAFETY: the block is ours again and at least 16 bytes long.
            unsafe { *(p as *mut usize) = heap.free[class] };
            heap.free[class] = p as usize;
        })
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (for from_size_align_unchecked): GlobalAlloc's contract.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class_of(&layout).is_some() && class_of(&layout) == class_of(&new_layout) {
            return p; // still fits its block
        }
        // SAFETY: GlobalAlloc's contract, passed on.
        unsafe {
            let q = self.alloc(new_layout);
            if !q.is_null() {
                ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                self.dealloc(p, layout);
            }
            q
        }
    }
}
