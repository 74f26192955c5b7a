//! ext2 (revision 1): the disk's file system, read and written.
//!
//! Owns: the mounted file system's in-memory state (superblock counts,
//! group descriptors, open counts of inodes) and the file-system lock.
//! Calls: fs/buffer.rs (metadata blocks), dev/virtio_blk.rs (file data,
//! for the page cache), sched/ (sleeping on the lock).
//!
//!   superblock.rs  the superblock: sizes, counts, features
//!   group.rs       block groups: descriptors, bitmaps, allocation
//!   inode.rs       inodes in the inode tables
//!   bmap.rs        file block -> disk block (direct, indirect, double)
//!   dir.rs         directory entries: list, add, remove, retarget
//!
//! fs/mod.rs keeps the tree of names (a dentry cache filled at mount) and
//! calls the functions below for every change, so the disk always says
//! what the tree says once the dirty blocks are written.
//!
//! One lock guards the whole file system: a task that holds it may sleep
//! for the disk (state D), and another that wants it sleeps in D too,
//! as on a Linux inode's i_rwsem.

pub mod bmap;
pub mod dir;
pub mod group;
pub mod inode;
pub mod superblock;

use crate::dev::virtio_blk::{self, IoError};
use crate::fs::buffer;
use crate::klib::global::Global;
use crate::mm::frame::PAGE_SIZE;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use inode::Inode;

/// What can go wrong; syscall/ turns it into an errno.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The disk failed (EIO).
    Io,
    /// The file system does not make sense (EIO, as Linux's ext2_error).
    Corrupt,
    /// No free block or inode (ENOSPC).
    NoSpace,
    /// Past what the block map can hold (EFBIG).
    TooBig,
    NameTooLong,
    NotFound,
    /// Read-only disk (EROFS).
    ReadOnly,
}

impl From<IoError> for Error {
    fn from(_: IoError) -> Error {
        Error::Io
    }
}

pub struct Fs {
    pub sb: superblock::Super,
    pub groups: Vec<group::Group>,
    pub read_only: bool,
    /// Open files per inode: an unlinked inode is freed at its last close.
    opens: BTreeMap<u32, usize>,
    /// Unlinked inodes still open.
    orphans: BTreeMap<u32, bool>,
}

static FS: Global<Option<Fs>> = Global::new(None);

/// The mounted file system (callers check `mounted` first).
pub(crate) fn fs() -> &'static mut Fs {
    FS.get().as_mut().expect("ext2 not mounted")
}

pub fn mounted() -> bool {
    FS.get().is_some()
}

static LOCKED: Global<bool> = Global::new(false);
const LOCK_CHAN: usize = 0x5_0000_0010;

/// Holding the file-system lock (released when dropped).
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        *LOCKED.get() = false;
        crate::sched::wakeup(LOCK_CHAN);
    }
}

/// Take the file-system lock, sleeping in D while another task has it.
pub fn lock() -> Guard {
    while *LOCKED.get() {
        crate::sched::sleep_uninterruptible(LOCK_CHAN);
    }
    *LOCKED.get() = true;
    Guard(())
}

/// The time of day in seconds since 1970, as well as the machine knows it:
/// the superblock's latest time plus the time since boot (there is no
/// clock of the date). e2fsck reads a deletion time below the inode count
/// as an orphan-list link, so a real-looking time matters.
fn now() -> u32 {
    let up = (crate::dev::timer::now_ns() / 1_000_000_000) as u32;
    fs().sb.last_time.saturating_add(up).max(fs().sb.inodes_count + 1)
}

/// Mount the disk's ext2: read the superblock and the group descriptors.
pub fn mount() -> Result<(), &'static str> {
    let mut raw = alloc::vec![0u8; 1024];
    virtio_blk::read(2, &mut raw).map_err(|_| "cannot read the superblock")?;
    let sb = superblock::parse(&raw)?;
    if (sb.blocks_count as u64) * (sb.block_size as u64 / 512) > virtio_blk::capacity() {
        return Err("file system larger than the disk");
    }
    buffer::init(sb.block_size);
    let groups = (sb.blocks_count - sb.first_data_block).div_ceil(sb.blocks_per_group) as usize;
    *FS.get() = Some(Fs {
        sb,
        groups: Vec::new(),
        read_only: virtio_blk::read_only(),
        opens: BTreeMap::new(),
        orphans: BTreeMap::new(),
    });
    match group::load(groups) {
        Ok(g) => fs().groups = g,
        Err(_) => {
            *FS.get() = None;
            return Err("cannot read the group descriptors");
        }
    }
    Ok(())
}

/// (block size, blocks, free blocks, reserved blocks, inodes, free inodes).
pub fn statfs() -> (usize, u64, u64, u64, u64, u64) {
    let sb = &fs().sb;
    (
        sb.block_size,
        sb.blocks_count as u64,
        sb.free_blocks as u64,
        sb.r_blocks_count as u64,
        sb.inodes_count as u64,
        sb.free_inodes as u64,
    )
}

/// Inode `ino` as it is now (stat).
pub fn stat(ino: u32) -> Result<Inode, Error> {
    let _g = lock();
    inode::read(ino)
}

/// The entries of directory `ino` (mount walks the tree with it).
pub fn read_dir(ino: u32) -> Result<Vec<(alloc::string::String, u32, u8)>, Error> {
    let _g = lock();
    dir::entries(ino)
}

/// The target of symbolic link `ino`.
pub fn read_link(ino: u32) -> Result<Vec<u8>, Error> {
    let _g = lock();
    let mut i = inode::read(ino)?;
    if let Some(t) = i.fast_symlink() {
        return Ok(t.to_vec());
    }
    let len = (i.size() as usize).min(fs().sb.block_size);
    let b = bmap::map(ino, &mut i, 0, false)?;
    if b == 0 {
        return Ok(Vec::new());
    }
    Ok(buffer::read(b as u64, |d| d[..len].to_vec())?)
}

/// Runs of consecutive disk blocks for page `index` of inode `ino` (within
/// the file): (offset in the page, first block, count); holes left out.
fn page_runs(ino: u32, i: &mut Inode, index: usize) -> Result<Vec<(usize, u32, usize)>, Error> {
    let bs = fs().sb.block_size;
    let per = PAGE_SIZE / bs;
    let first = (index * per) as u64;
    let last = i.size().div_ceil(bs as u64).min(first + per as u64);
    let mut runs: Vec<(usize, u32, usize)> = Vec::new();
    for n in first..last.max(first) {
        let b = bmap::map(ino, i, n, false)?;
        if b == 0 {
            continue;
        }
        let off = (n - first) as usize * bs;
        match runs.last_mut() {
            Some((o, s, c)) if *s + *c as u32 == b && *o + *c * bs == off => *c += 1,
            _ => runs.push((off, b, 1)),
        }
    }
    Ok(runs)
}

/// Fill `page` (PAGE_SIZE bytes) with page `index` of file `ino`: zeros
/// past the end and in holes. Returns whether the disk was read (a major
/// fault for the page cache).
pub fn read_page(ino: u32, index: usize, page: &mut [u8]) -> Result<bool, Error> {
    let _g = lock();
    let mut i = inode::read(ino)?;
    page.fill(0);
    let bs = fs().sb.block_size;
    let runs = page_runs(ino, &mut i, index)?;
    for &(off, blk, count) in &runs {
        buffer::read_raw(blk as u64, &mut page[off..off + count * bs])?;
    }
    // Bytes of the last block past the end of the file read as zeros.
    let size = i.size() as usize;
    let start = index * PAGE_SIZE;
    if size < start + PAGE_SIZE && size > start {
        page[size - start..].fill(0);
    }
    Ok(!runs.is_empty())
}

/// Write page `index` of file `ino` from `page` to the blocks it has.
pub fn write_page(ino: u32, index: usize, page: &[u8]) -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    let mut i = inode::read(ino)?;
    let bs = fs().sb.block_size;
    for (off, blk, count) in page_runs(ino, &mut i, index)? {
        buffer::write_raw(blk as u64, &page[off..off + count * bs])?;
    }
    Ok(())
}

/// Make room for bytes [from, to) of file `ino`: allocate their blocks
/// and grow the size to `to` if it is larger. The data goes to the page
/// cache (the caller marks its pages dirty).
pub fn prepare_write(ino: u32, from: u64, to: u64) -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    let mut i = inode::read(ino)?;
    let bs = fs().sb.block_size as u64;
    let mut r = Ok(());
    if to > from {
        for n in from / bs..to.div_ceil(bs) {
            if let Err(e) = bmap::map(ino, &mut i, n, true) {
                r = Err(e);
                break;
            }
        }
    }
    if r.is_ok() && to > i.size() {
        i.set_size(to);
    }
    inode::write(ino, &i)?;
    r
}

/// Set file `ino`'s size to `size`, freeing the blocks past it.
pub fn truncate(ino: u32, size: u64) -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    let mut i = inode::read(ino)?;
    let bs = fs().sb.block_size as u64;
    bmap::truncate(&mut i, size.div_ceil(bs))?;
    i.set_size(size);
    inode::write(ino, &i)
}

/// A new inode of `mode` named `name` in directory `dir` (a directory
/// gets "." and ".."; a symlink its `target`). Returns its number.
pub fn create(dir: u32, name: &str, mode: u32, target: &[u8]) -> Result<u32, Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    if name.len() > 255 {
        return Err(Error::NameTooLong);
    }
    let is_dir = mode & 0o170000 == 0o040000;
    let ino = group::alloc_inode(group::of_inode(dir), is_dir)?;
    let mut i = Inode::new(mode, now());
    let r = (|| {
        if is_dir {
            i.set_links(2);
            dir::init(ino, &mut i, dir)?;
        } else if mode & 0o170000 == 0o120000 {
            if target.len() < 60 {
                i.raw[40..40 + target.len()].copy_from_slice(target);
            } else {
                let b = bmap::map(ino, &mut i, 0, true)?;
                buffer::create(b as u64, |d| d[..target.len()].copy_from_slice(target))?;
            }
            i.set_size(target.len() as u64);
        }
        inode::write(ino, &i)?;
        dir::add(dir, name, ino, dir::ftype(mode))?;
        if is_dir {
            let mut p = inode::read(dir)?;
            p.set_links(p.links() + 1);
            inode::write(dir, &p)?;
        }
        Ok(())
    })();
    if let Err(e) = r {
        let _ = bmap::truncate(&mut i, 0);
        let _ = group::free_inode(ino, is_dir);
        return Err(e);
    }
    Ok(ino)
}

/// Another name for inode `ino` (link(2)).
pub fn link(dir: u32, name: &str, ino: u32) -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    let mut i = inode::read(ino)?;
    dir::add(dir, name, ino, dir::ftype(i.mode()))?;
    i.set_links(i.links() + 1);
    inode::write(ino, &i)
}

/// Drop one link of `ino`; free it if that was the last and nobody has it
/// open (else at the last close).
fn drop_link(ino: u32, is_dir: bool) -> Result<(), Error> {
    let mut i = inode::read(ino)?;
    let links = if is_dir { 0 } else { i.links().saturating_sub(1) };
    i.set_links(links);
    inode::write(ino, &i)?;
    if links == 0 {
        if fs().opens.get(&ino).copied().unwrap_or(0) > 0 {
            fs().orphans.insert(ino, is_dir);
        } else {
            free(ino, is_dir)?;
        }
    }
    Ok(())
}

/// Free inode `ino` and its blocks.
fn free(ino: u32, is_dir: bool) -> Result<(), Error> {
    let mut i = inode::read(ino)?;
    if i.fast_symlink().is_none() {
        bmap::truncate(&mut i, 0)?;
    }
    i.set_links(0);
    i.set_size(0);
    i.set_dtime(now());
    inode::write(ino, &i)?;
    group::free_inode(ino, is_dir)
}

/// Remove entry `name` (inode `ino`) from directory `dir`: unlink(2), or
/// rmdir(2) if `is_dir` (the caller checked it is empty).
pub fn unlink(dir: u32, name: &str, ino: u32, is_dir: bool) -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    dir::remove(dir, name)?;
    if is_dir {
        let mut p = inode::read(dir)?;
        p.set_links(p.links().saturating_sub(1));
        inode::write(dir, &p)?;
    }
    drop_link(ino, is_dir)
}

/// Move entry `old` of `odir` (inode `ino`) to `new` in `ndir`, replacing
/// what was there (`replaced`: its inode and whether it is a directory).
pub fn rename(
    odir: u32,
    old: &str,
    ndir: u32,
    new: &str,
    ino: u32,
    replaced: Option<(u32, bool)>,
) -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Err(Error::ReadOnly);
    }
    let i = inode::read(ino)?;
    let is_dir = i.mode() & 0o170000 == 0o040000;
    let ft = dir::ftype(i.mode());
    match replaced {
        Some(_) => dir::retarget(ndir, new, ino, ft)?,
        None => dir::add(ndir, new, ino, ft)?,
    }
    dir::remove(odir, old)?;
    if is_dir && odir != ndir {
        dir::retarget(ino, "..", ndir, dir::FT_DIR)?;
        let mut o = inode::read(odir)?;
        o.set_links(o.links().saturating_sub(1));
        inode::write(odir, &o)?;
        if !matches!(replaced, Some((_, true))) {
            let mut n = inode::read(ndir)?;
            n.set_links(n.links() + 1);
            inode::write(ndir, &n)?;
        }
    }
    if let Some((victim, victim_dir)) = replaced {
        if victim_dir {
            if odir == ndir || !is_dir {
                let mut n = inode::read(ndir)?;
                n.set_links(n.links().saturating_sub(1));
                inode::write(ndir, &n)?;
            }
        }
        drop_link(victim, victim_dir)?;
    }
    Ok(())
}

/// A file of inode `ino` was opened.
pub fn iget(ino: u32) {
    *fs().opens.entry(ino).or_insert(0) += 1;
}

/// A file of inode `ino` was closed: free it if it was the last open of
/// an unlinked inode (returns true then: its cached pages must go).
pub fn iput(ino: u32) -> bool {
    let f = fs();
    let Some(n) = f.opens.get_mut(&ino) else { return false };
    *n -= 1;
    if *n > 0 {
        return false;
    }
    f.opens.remove(&ino);
    match f.orphans.remove(&ino) {
        Some(is_dir) => {
            let _g = lock();
            let _ = free(ino, is_dir);
            true
        }
        None => false,
    }
}

/// Whether some file of inode `ino` is open.
pub fn is_open(ino: u32) -> bool {
    FS.get().as_ref().is_some_and(|f| f.opens.contains_key(&ino))
}

/// Write the dirty metadata blocks, then ask the disk to make it durable.
pub fn sync_metadata() -> Result<(), Error> {
    let _g = lock();
    if fs().read_only {
        return Ok(());
    }
    buffer::sync()?;
    virtio_blk::flush()?;
    Ok(())
}
