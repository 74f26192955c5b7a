//! The page cache: file pages kept in frames, keyed by (file node, page
//! index), so that every process running /bin/sh maps the *same* frames
//! for sh's text instead of twenty private copies.
//!
//! The cache holds one reference on each frame it keeps (frame.rs); each
//! page-table entry mapping it holds another. A fault that finds its page
//! here is a minor fault; one that must first read the file into a new
//! frame is a major fault, as on Linux. For a file on the disk (ext2)
//! that means a disk read the task slept for, in state D; one of the
//! initrd is a copy from its bytes in RAM.
//! Writing an initrd file with write(2) drops its cached pages (mappings
//! keep their frames: a private mapping keeps the bytes it saw; a
//! MAP_SHARED one is written back over the file when unmapped, see
//! writeback). A disk file's pages *are* its data until written back:
//! write(2) changes them and marks them dirty; sync (and the kworker's
//! periodic flush, and power-off) writes dirty pages to their blocks.

use crate::fs::{self, Data, Kind};
use crate::klib::global::Global;
use crate::mm::frame::{self, PAGE_SIZE};
use alloc::collections::{BTreeMap, BTreeSet};

static CACHE: Global<BTreeMap<(usize, usize), usize>> = Global::new(BTreeMap::new());
/// Pages of disk files changed since they were last written back.
static DIRTY: Global<BTreeSet<(usize, usize)>> = Global::new(BTreeSet::new());

/// The frame holding page `index` of file `node`, and whether it was
/// already cached (false: read now, a major fault). None: out of memory
/// or not a regular file. The caller takes its own reference (frame::get).
pub fn page(node: usize, index: usize) -> Option<(usize, bool)> {
    if let Some(&pa) = CACHE.get().get(&(node, index)) {
        return Some((pa, true));
    }
    let Kind::File(data) = &fs::node(node).kind else { return None };
    if let Data::Disk(_) = data {
        let pa = frame::alloc()?;
        let page = unsafe { core::slice::from_raw_parts_mut(pa as *mut u8, PAGE_SIZE) };
        let Ok(read) = fs::ext2::read_page(fs::node(node).ino, index, page) else {
            frame::put(pa);
            return None;
        };
        // Another task may have read it while we slept for the disk.
        if let Some(&other) = CACHE.get().get(&(node, index)) {
            frame::put(pa);
            return Some((other, !read));
        }
        CACHE.get().insert((node, index), pa);
        // Minor if nothing had to be read (a hole, or past the end).
        return Some((pa, !read));
    }
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
    if let Data::Disk(size) = data {
        // The frame is the cached page: it only needs writing to the disk.
        if index * PAGE_SIZE < *size {
            mark_dirty(node, index);
        }
        return;
    }
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
        DIRTY.get().remove(&k);
        if let Some(pa) = cache.remove(&k) {
            frame::put(pa);
        }
    }
}

/// Page `index` of disk file `node` (cached) was changed.
pub fn mark_dirty(node: usize, index: usize) {
    DIRTY.get().insert((node, index));
}

/// Disk file `node` is now `size` bytes: forget its pages past the end,
/// zero the tail of the last one.
pub fn truncate(node: usize, size: usize) {
    let cache = CACHE.get();
    let first = size.div_ceil(PAGE_SIZE);
    let keys: alloc::vec::Vec<_> =
        cache.range((node, first)..(node + 1, 0)).map(|(&k, _)| k).collect();
    for k in keys {
        DIRTY.get().remove(&k);
        if let Some(pa) = cache.remove(&k) {
            frame::put(pa);
        }
    }
    if size % PAGE_SIZE != 0 {
        if let Some(&pa) = cache.get(&(node, size / PAGE_SIZE)) {
            let tail = size % PAGE_SIZE;
            unsafe { core::ptr::write_bytes((pa + tail) as *mut u8, 0, PAGE_SIZE - tail) };
        }
    }
}

/// Write the dirty pages (of `only` node, or all) to the disk.
pub fn sync(only: Option<usize>) -> Result<(), fs::ext2::Error> {
    let dirty: alloc::vec::Vec<(usize, usize)> =
        DIRTY.get().iter().filter(|k| only.is_none_or(|n| k.0 == n)).copied().collect();
    for k in dirty {
        let Some(&pa) = CACHE.get().get(&k) else {
            DIRTY.get().remove(&k);
            continue;
        };
        // Clean before writing: a write(2) while we sleep makes it dirty again.
        DIRTY.get().remove(&k);
        frame::get(pa); // kept while we sleep, even if the page is dropped
        let page = unsafe { core::slice::from_raw_parts(pa as *const u8, PAGE_SIZE) };
        let r = fs::ext2::write_page(fs::node(k.0).ino, k.1, page);
        frame::put(pa);
        if let Err(e) = r {
            DIRTY.get().insert(k);
            return Err(e);
        }
    }
    Ok(())
}

/// Dirty pages (/proc/meminfo's Dirty).
pub fn dirty() -> usize {
    DIRTY.get().len()
}

/// Frames the cache holds (/proc/meminfo's Cached).
pub fn pages() -> usize {
    CACHE.get().len()
}

/// Drop clean cached pages no process maps any more, to give memory back
/// when RAM runs out (Linux's reclaim, crudely) or for drop_caches.
/// Returns how many were freed.
pub fn shrink() -> usize {
    let cache = CACHE.get();
    let dirty = DIRTY.get();
    let unused: alloc::vec::Vec<_> = cache
        .iter()
        .filter(|&(k, &pa)| frame::refcount(pa) == 1 && !dirty.contains(k))
        .map(|(&k, _)| k)
        .collect();
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
