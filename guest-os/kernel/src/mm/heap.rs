//! The kernel heap: what Box, Vec and String allocate from.
//!
//! A first-fit free list, as in K&R's malloc: free blocks form a list
//! sorted by address; allocation takes the first block that fits (splitting
//! off the rest), freeing puts the block back and merges it with free
//! neighbours. Every block is a multiple of 16 bytes at a 16-byte aligned
//! address, so a free block always has room for its own list node.
//! The region is [_heap_start, _heap_end) from linker.ld (memlayout.rs).

use crate::boot::memlayout;
use crate::klib::spinlock::SpinLock;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr;

/// Allocation granule: size and alignment of every block.
const GRANULE: usize = 16;

/// The list node kept at the start of each free block.
struct FreeBlock {
    size: usize,
    next: *mut FreeBlock,
}

struct FreeList {
    head: *mut FreeBlock,
    /// Bytes handed out and not yet freed (in granules, times 16).
    in_use: usize,
    total: usize,
}

// The raw pointers only ever point into the heap region.
unsafe impl Send for FreeList {}

pub struct KernelHeap {
    list: SpinLock<FreeList>,
}

#[global_allocator]
static HEAP: KernelHeap =
    KernelHeap { list: SpinLock::new(FreeList { head: ptr::null_mut(), in_use: 0, total: 0 }) };

/// Round `x` up to a multiple of `align` (a power of two).
const fn align_up(x: usize, align: usize) -> usize {
    (x + align - 1) & !(align - 1)
}

/// Make the whole heap region one free block. Call once, before the
/// first allocation (an allocation before it fails and panics).
pub fn init() {
    let (start, end) = memlayout::heap();
    let start = align_up(start, GRANULE);
    let size = (end - start) & !(GRANULE - 1);
    let block = start as *mut FreeBlock;
    unsafe { block.write(FreeBlock { size, next: ptr::null_mut() }) };
    let mut list = HEAP.list.lock();
    list.head = block;
    list.total = size;
    list.in_use = 0;
}

/// Bytes allocated now and the heap's size.
pub fn usage() -> (usize, usize) {
    let list = HEAP.list.lock();
    (list.in_use, list.total)
}

/// The heap has no room (or fault injection said so, mm/fail.rs).
#[derive(Debug)]
pub struct NoMem;

/// Heap kept for the kernel's own small allocations, which cannot fail
/// gracefully (a Rust `Box` or `Vec` that gets no memory panics): what the
/// user makes the kernel allocate (I/O buffers, file contents, pipe
/// buffers, processes) may not dip into it, as Linux's min_free_kbytes
/// reserve keeps ordinary allocations away from the last pages.
const RESERVE: usize = 512 << 10;

/// May the user make the kernel allocate `bytes` more heap? NoMem when
/// that would reach into the reserve, or when fault injection says so.
pub fn room_for(bytes: usize) -> Result<(), NoMem> {
    if crate::mm::fail::should_fail() {
        return Err(NoMem);
    }
    let (in_use, total) = usage();
    if in_use.saturating_add(bytes).saturating_add(RESERVE) > total {
        return Err(NoMem);
    }
    Ok(())
}

/// Make room in `v` for `additional` more elements, failing instead of
/// panicking: for sizes the user chooses (`room_for`).
pub fn try_reserve<T>(v: &mut alloc::vec::Vec<T>, additional: usize) -> Result<(), NoMem> {
    if additional > v.capacity() - v.len() {
        room_for(additional.saturating_mul(core::mem::size_of::<T>()))?;
    }
    v.try_reserve_exact(additional).map_err(|_| NoMem)
}

/// `n` zero bytes on the heap, or NoMem (see `try_reserve`).
pub fn try_zeroed(n: usize) -> Result<alloc::vec::Vec<u8>, NoMem> {
    let mut v = alloc::vec::Vec::new();
    try_reserve(&mut v, n)?;
    v.resize(n, 0);
    Ok(v)
}

/// Size of the block that serves `layout`.
fn block_size(layout: Layout) -> usize {
    align_up(layout.size().max(1), GRANULE)
}

impl FreeList {
    /// First fit: find a free block holding `size` bytes at an address
    /// aligned to `align`, carve them out and return their address.
    unsafe fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        let mut link: *mut *mut FreeBlock = &mut self.head;
        unsafe {
            while !(*link).is_null() {
                let block = *link;
                let start = block as usize;
                let end = start + (*block).size;
                let at = align_up(start, align);
                if at + size <= end {
                    let next = (*block).next;
                    // Leftover after the allocation: a new free block.
                    let after = if at + size < end {
                        let tail = (at + size) as *mut FreeBlock;
                        tail.write(FreeBlock { size: end - (at + size), next });
                        tail
                    } else {
                        next
                    };
                    // Leftover before it (alignment > 16): keep that part.
                    if at > start {
                        (*block).size = at - start;
                        (*block).next = after;
                    } else {
                        *link = after;
                    }
                    self.in_use += size;
                    return at as *mut u8;
                }
                link = &mut (*block).next;
            }
        }
        ptr::null_mut()
    }

    /// Put `size` bytes at `p` back in the list, in address order,
    /// merging with the free blocks just before and just after it.
    unsafe fn free(&mut self, p: *mut u8, size: usize) {
        let addr = p as usize;
        let mut prev: *mut FreeBlock = ptr::null_mut();
        let mut next = self.head;
        unsafe {
            while !next.is_null() && (next as usize) < addr {
                prev = next;
                next = (*next).next;
            }
            let block = p as *mut FreeBlock;
            block.write(FreeBlock { size, next });
            if !next.is_null() && addr + size == next as usize {
                (*block).size += (*next).size;
                (*block).next = (*next).next;
            }
            if prev.is_null() {
                self.head = block;
            } else if prev as usize + (*prev).size == addr {
                (*prev).size += (*block).size;
                (*prev).next = (*block).next;
            } else {
                (*prev).next = block;
            }
        }
        self.in_use -= size;
    }
}

unsafe impl GlobalAlloc for KernelHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let align = layout.align().max(GRANULE);
        unsafe { self.list.lock().alloc(block_size(layout), align) }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { self.list.lock().free(p, block_size(layout)) }
    }
}
