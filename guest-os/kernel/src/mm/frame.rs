//! Physical memory: 4 KiB frames, with a reference count each.
//!
//! Free RAM is what the device tree reports minus the kernel (image,
//! stacks, heap), the initrd and our own table of reference counts. (The
//! device tree blob is free RAM too: dtb.rs copied what it needs from it.)
//!
//! Frames that have been freed form a singly linked list threaded through
//! the frames themselves (the first word of a free frame is the address of
//! the next one), as in xv6's kalloc.c. Frames never handed out yet are not
//! on it: they are taken in address order from a frontier that moves up the
//! table of counts. So boot touches only that table (2 bytes a frame), not
//! every frame of RAM as xv6's `freerange` does, and a machine that never
//! uses most of its RAM never touches it (on Vitrine the host memory behind
//! it is never allocated). The order of allocation is the same as with one
//! list built at boot from the top down: freed frames first, most recent
//! first, then the lowest never-used one.
//!
//! Every frame of the managed range has a 16-bit reference count: 0 =
//! free, RESERVED = never allocatable, otherwise the number of page-table
//! entries (or kernel owners) that use it. Copy-on-write will share a
//! frame between address spaces by raising its count; `put` frees it only
//! when the last user lets go.

use crate::boot::dtb::BootInfo;
use crate::boot::memlayout;
use crate::klib::global::Global;

pub const PAGE_SIZE: usize = 4096;
const RESERVED: u16 = u16::MAX;

/// Round down / up to a page boundary.
pub const fn page_down(x: usize) -> usize {
    x & !(PAGE_SIZE - 1)
}
pub const fn page_up(x: usize) -> usize {
    (x + PAGE_SIZE - 1) & !(PAGE_SIZE - 1)
}

struct Frames {
    /// Managed physical range [base, base + count * PAGE_SIZE).
    base: usize,
    count: usize,
    /// One reference count per frame (lives in RAM right after the kernel).
    refs: &'static mut [u16],
    /// Head of the list of freed frames (0: empty).
    free_head: usize,
    /// Frames below this index have been handed out at least once (or are
    /// reserved); the others with count 0 are free and untouched.
    frontier: usize,
    /// Free frames: on the list plus untouched above the frontier.
    free: usize,
    /// Frames that can ever be handed out (free + in use).
    usable: usize,
}

static FRAMES: Global<Frames> = Global::new(Frames {
    base: 0,
    count: 0,
    refs: &mut [],
    free_head: 0,
    frontier: 0,
    free: 0,
    usable: 0,
});

/// Take over the first RAM region: every frame not used by the kernel,
/// the device tree or the initrd is free (above the frontier, untouched).
pub fn init(boot: &BootInfo) {
    let f = FRAMES.get();
    let (ram_start, ram_size) = boot.ram;
    f.base = page_up(ram_start);
    f.count = (page_down(ram_start + ram_size) - f.base) / PAGE_SIZE;
    // The reference counts go in the first pages after the kernel, or
    // after the initrd when the board put it right there.
    let (_, kernel_end) = memlayout::kernel();
    let table = page_up(f.count * 2);
    let mut refs_at = page_up(kernel_end);
    if let Some((start, end)) = boot.initrd {
        if refs_at < end && start < refs_at + table {
            refs_at = page_up(end);
        }
    }
    let refs_end = refs_at + table;
    assert!(
        refs_end <= f.base + f.count * PAGE_SIZE,
        "no room in RAM for the frame table ({} KiB) after the kernel and the initrd",
        table >> 10
    );
    f.refs = unsafe { core::slice::from_raw_parts_mut(refs_at as *mut u16, f.count) };
    f.refs.fill(0);
    let (kernel_start, _) = memlayout::kernel();
    let reserved =
        [(kernel_start, page_up(kernel_end)), (refs_at, refs_end), boot.initrd.unwrap_or((0, 0))];
    for (start, end) in reserved {
        if start < end {
            let first = page_down(start.max(f.base));
            let last = page_up(end).min(f.base + f.count * PAGE_SIZE);
            let mut pa = first;
            while pa < last {
                f.refs[(pa - f.base) / PAGE_SIZE] = RESERVED;
                pa += PAGE_SIZE;
            }
        }
    }
    f.free = f.refs.iter().filter(|&&r| r == 0).count();
    f.frontier = 0;
    f.usable = f.free;
}

/// A zeroed frame with reference count 1, or None when RAM is full (even
/// after dropping page-cache pages nobody maps).
pub fn alloc() -> Option<usize> {
    let pa = alloc_dirty()?;
    unsafe { core::ptr::write_bytes(pa as *mut u8, 0, PAGE_SIZE) };
    Some(pa)
}

/// A frame with reference count 1 and old contents, for a caller that
/// overwrites all of it at once (a copy-on-write copy): zeroing it first
/// would double the cost of the copy.
pub fn alloc_dirty() -> Option<usize> {
    if crate::mm::fail::should_fail() {
        return None;
    }
    let f = FRAMES.get();
    let pa = if f.free_head != 0 {
        pop(f)
    } else if let Some(i) = (f.frontier..f.count).find(|&i| f.refs[i] == 0) {
        f.frontier = i + 1;
        f.base + i * PAGE_SIZE
    } else if crate::mm::pagecache::shrink() > 0 {
        pop(FRAMES.get())
    } else {
        return None;
    };
    let f = FRAMES.get();
    f.free -= 1;
    f.refs[(pa - f.base) / PAGE_SIZE] = 1;
    Some(pa)
}

/// Take the head of the list of freed frames (not empty).
fn pop(f: &mut Frames) -> usize {
    let pa = f.free_head;
    f.free_head = unsafe { (pa as *const usize).read() };
    pa
}

/// The index of an allocated frame; panics on an address we do not own.
fn index(f: &Frames, pa: usize) -> usize {
    let i = pa.wrapping_sub(f.base) / PAGE_SIZE;
    if pa % PAGE_SIZE != 0 || i >= f.count || f.refs[i] == 0 || f.refs[i] == RESERVED {
        panic!("frame {pa:#x} is not an allocated frame");
    }
    i
}

/// One more user of frame `pa` (copy-on-write sharing).
pub fn get(pa: usize) {
    let f = FRAMES.get();
    let i = index(f, pa);
    f.refs[i] += 1;
}

/// One user fewer; the frame is freed when it was the last.
pub fn put(pa: usize) {
    let f = FRAMES.get();
    let i = index(f, pa);
    f.refs[i] -= 1;
    if f.refs[i] == 0 {
        unsafe { (pa as *mut usize).write(f.free_head) };
        f.free_head = pa;
        f.free += 1;
    }
}

/// How many users frame `pa` has.
pub fn refcount(pa: usize) -> u16 {
    let f = FRAMES.get();
    f.refs[index(f, pa)]
}

/// Frames free now, and frames that could ever be allocated.
pub fn stats() -> (usize, usize) {
    let f = FRAMES.get();
    (f.free, f.usable)
}
