//! The buffer cache: file-system *metadata* blocks (superblock, group
//! descriptors, bitmaps, inode tables, directories, indirect blocks) kept
//! in memory, one frame per block, as Linux's buffer heads. File *data*
//! goes through the page cache instead (mm/pagecache.rs).
//!
//! A block is read from the disk the first time it is asked for; a change
//! marks it dirty, and dirty blocks go back to the disk at `sync` (sync,
//! fsync, the kworker's periodic flush, power-off) or when the cache is
//! full and the block is the least recently used (LRU). /proc/meminfo
//! shows the cache as Buffers; `echo 3 > /proc/sys/vm/drop_caches`
//! empties it of clean blocks.
//!
//! Callers hold the file-system lock (fs/ext2/mod.rs), so two tasks
//! never fill the same block: a task may sleep in a disk read here.

use crate::dev::virtio_blk::{self, IoError, SECTOR};
use crate::klib::global::Global;
use crate::mm::frame;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Most blocks kept (one frame each: 2 MiB).
const MAX_BUFS: usize = 512;

struct Buf {
    frame: usize,
    dirty: bool,
    /// Last use, for LRU eviction.
    used: u64,
}

struct Cache {
    bufs: BTreeMap<u64, Buf>,
    clock: u64,
    /// Bytes per block (the file system's block size).
    bsize: usize,
    /// Block reads and writes done (for the curious: /proc/vmstat).
    reads: u64,
    writes: u64,
}

static CACHE: Global<Cache> =
    Global::new(Cache { bufs: BTreeMap::new(), clock: 0, bsize: 1024, reads: 0, writes: 0 });

/// Use blocks of `bsize` bytes (at mount).
pub fn init(bsize: usize) {
    CACHE.get().bsize = bsize;
}

/// Bytes per block.
pub fn block_size() -> usize {
    CACHE.get().bsize
}

/// Read block `blk` from the disk into `dst` (block-sized), bypassing the
/// cache (the page cache's file data reads).
pub fn read_raw(blk: u64, dst: &mut [u8]) -> Result<(), IoError> {
    let c = CACHE.get();
    c.reads += 1;
    virtio_blk::read(blk * (c.bsize / SECTOR) as u64, dst)
}

/// Write `src` (block-sized) to block `blk`, bypassing the cache.
pub fn write_raw(blk: u64, src: &[u8]) -> Result<(), IoError> {
    let c = CACHE.get();
    c.writes += 1;
    virtio_blk::write(blk * (c.bsize / SECTOR) as u64, src)
}

fn slice(frame: usize, len: usize) -> &'static mut [u8] {
    unsafe { core::slice::from_raw_parts_mut(frame as *mut u8, len) }
}

/// The frame holding block `blk`, read now if it is not cached (unless
/// `fill` is false: the caller overwrites the whole block).
fn get(blk: u64, fill: bool) -> Result<usize, IoError> {
    let c = CACHE.get();
    c.clock += 1;
    let now = c.clock;
    if let Some(b) = c.bufs.get_mut(&blk) {
        b.used = now;
        return Ok(b.frame);
    }
    if c.bufs.len() >= MAX_BUFS {
        evict()?;
    }
    let f = frame::alloc().ok_or(IoError::NoDevice)?;
    let bsize = CACHE.get().bsize;
    if fill {
        if let Err(e) = read_raw(blk, slice(f, bsize)) {
            frame::put(f);
            return Err(e);
        }
    }
    CACHE.get().bufs.insert(blk, Buf { frame: f, dirty: false, used: now });
    Ok(f)
}

/// Make room: write back and drop the least recently used block.
fn evict() -> Result<(), IoError> {
    let c = CACHE.get();
    let Some((&blk, _)) = c.bufs.iter().min_by_key(|(_, b)| b.used) else { return Ok(()) };
    let b = c.bufs.remove(&blk).unwrap();
    let bsize = c.bsize;
    let r = if b.dirty { write_raw(blk, slice(b.frame, bsize)) } else { Ok(()) };
    frame::put(b.frame);
    r
}

/// Call `f` with block `blk`'s bytes.
pub fn read<R>(blk: u64, f: impl FnOnce(&[u8]) -> R) -> Result<R, IoError> {
    let frame = get(blk, true)?;
    Ok(f(slice(frame, block_size())))
}

/// Call `f` to change block `blk`; the block is then dirty.
pub fn modify<R>(blk: u64, f: impl FnOnce(&mut [u8]) -> R) -> Result<R, IoError> {
    let frame = get(blk, true)?;
    let r = f(slice(frame, block_size()));
    if let Some(b) = CACHE.get().bufs.get_mut(&blk) {
        b.dirty = true;
    }
    Ok(r)
}

/// Block `blk` is new (just allocated): zero it without reading the disk,
/// then let `f` fill it; it is dirty.
pub fn create<R>(blk: u64, f: impl FnOnce(&mut [u8]) -> R) -> Result<R, IoError> {
    let frame = get(blk, false)?;
    let data = slice(frame, block_size());
    data.fill(0);
    let r = f(data);
    if let Some(b) = CACHE.get().bufs.get_mut(&blk) {
        b.dirty = true;
    }
    Ok(r)
}

/// Block `blk` was freed: drop it without writing it (a stale metadata
/// block must not later land on top of file data).
pub fn forget(blk: u64) {
    if let Some(b) = CACHE.get().bufs.remove(&blk) {
        frame::put(b.frame);
    }
}

/// Write every dirty block back, in block order.
pub fn sync() -> Result<(), IoError> {
    let dirty: Vec<u64> =
        CACHE.get().bufs.iter().filter(|(_, b)| b.dirty).map(|(&blk, _)| blk).collect();
    for blk in dirty {
        let c = CACHE.get();
        let Some(b) = c.bufs.get_mut(&blk) else { continue };
        b.dirty = false;
        let (frame, bsize) = (b.frame, c.bsize);
        if let Err(e) = write_raw(blk, slice(frame, bsize)) {
            if let Some(b) = CACHE.get().bufs.get_mut(&blk) {
                b.dirty = true;
            }
            return Err(e);
        }
    }
    Ok(())
}

/// Drop every clean block (drop_caches); returns how many.
pub fn drop_clean() -> usize {
    let c = CACHE.get();
    let clean: Vec<u64> = c.bufs.iter().filter(|(_, b)| !b.dirty).map(|(&k, _)| k).collect();
    for blk in &clean {
        forget(*blk);
    }
    clean.len()
}

/// Blocks cached (frames used: /proc/meminfo's Buffers), and dirty ones.
pub fn counts() -> (usize, usize) {
    let c = CACHE.get();
    (c.bufs.len(), c.bufs.values().filter(|b| b.dirty).count())
}
