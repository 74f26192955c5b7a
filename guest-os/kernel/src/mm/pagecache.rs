//! The page cache: file pages kept in frames, keyed by (file node, page
//! index), so that every process running /bin/sh maps the *same* frames
//! for sh's text instead of twenty private copies.
//!
//! The cache holds one reference on each frame it keeps (frame.rs); each
//! page-table entry mapping it holds another. A fault that finds its page
//! here is a minor fault; one that must first read the file into a new
//! frame is a major fault, as on Linux (here "reading" is a copy from the
//! file's bytes in RAM; with a disk it will be real I/O).
//! Writing a file with write(2) drops its cached pages (mappings keep
//! their frames: a private mapping keeps the bytes it saw; a MAP_SHARED
//! one is written back over the file when unmapped, see writeback).

use crate::fs::{self, Kind};
use crate::klib::global::Global;
use crate::mm::frame::{self, PAGE_SIZE};
use alloc::collections::BTreeMap;

static CACHE: Global<BTreeMap<(usize, usize), usize>> = Global::new(BTreeMap::new());

/// The frame holding page `index` of file `node`, and whether it was
/// already cached (false: read now, a major fault). None: out of memory
/// or not a regular file. The caller takes its own reference (frame::get).
pub fn page(node: usize, index: usize) -> Option<(usize, bool)> {
    if let Some(&pa) = CACHE.get().get(&(node, index)) {
        return Some((pa, true));
    }
    let Kind::File(data) = &fs::node(node).kind else { return None };
    let pa = frame::alloc()?;
    let bytes = data.bytes();
    let from = (index * PAGE_SIZE).min(bytes.len());
    let to = (from + PAGE_SIZE).min(bytes.len());
    unsafe { core::ptr::copy_nonoverlapping(bytes[from..].as_ptr(), pa as *mut u8, to - from) };
    CACHE.get().insert((node, index), pa);
    Some((pa, false))
}

/// Write frame `pa`, page `index` of file `node` as a MAP_SHARED mapping
/// left it, back to the file's bytes (within the file's size: a shared
/// mapping does not extend the file). Done when the page is unmapped
/// (munmap, exit, msync); the cache keeps the frame, so it stays current.
pub fn writeback(node: usize, index: usize, pa: usize) {
    let Kind::File(data) = &mut fs::node_mut(node).kind else { return };
    let len = data.bytes().len();
    let from = index * PAGE_SIZE;
    if from >= len {
        return;
    }
    let n = (len - from).min(PAGE_SIZE);
    let page = unsafe { core::slice::from_raw_parts(pa as *const u8, n) };
    if data.bytes()[from..from + n] != *page {
        data.owned()[from..from + n].copy_from_slice(page);
    }
}

/// Forget every cached page of `node` (it was written or removed).
pub fn invalidate(node: usize) {
    let cache = CACHE.get();
    let keys: alloc::vec::Vec<_> = cache.range((node, 0)..(node + 1, 0)).map(|(&k, _)| k).collect();
    for k in keys {
        if let Some(pa) = cache.remove(&k) {
            frame::put(pa);
        }
    }
}

/// Frames the cache holds (/proc/meminfo's Cached).
pub fn pages() -> usize {
    CACHE.get().len()
}

/// Drop cached pages no process maps any more, to give memory back when
/// RAM runs out (Linux's reclaim, crudely). Returns how many were freed.
pub fn shrink() -> usize {
    let cache = CACHE.get();
    let unused: alloc::vec::Vec<_> =
        cache.iter().filter(|&(_, &pa)| frame::refcount(pa) == 1).map(|(&k, _)| k).collect();
    for k in &unused {
        if let Some(pa) = cache.remove(k) {
            frame::put(pa);
        }
    }
    unused.len()
}

/// Cached pages some process maps (/proc/meminfo's Mapped).
pub fn mapped() -> usize {
    CACHE.get().values().filter(|&&pa| frame::refcount(pa) > 1).count()
}

/// Cached pages nobody maps: what shrink could free at once.
pub fn unmapped() -> usize {
    pages() - mapped()
}
