//! The block map: which disk block holds block `n` of a file. i_block[0..12]
//! name the first twelve directly; i_block[12] names a block of pointers
//! (single indirect: bsize/4 more), i_block[13] a block of such blocks
//! (double indirect), i_block[14] one more level (triple: read and freed,
//! never allocated here). A zero pointer is a hole: reads give zeros.
//!
//! Allocating fills holes (and the indirect blocks on the way, zeroed)
//! from the inode's own group on; every block counts bsize/512 in
//! i_sectors. Truncating frees every block from a given one on, and the
//! indirect blocks left empty.

use super::inode::{Inode, N_DIRECT};
use super::{Error, fs, group};
use crate::fs::buffer;

fn ptrs() -> u64 {
    (fs().sb.block_size / 4) as u64
}

fn sectors_per_block() -> u32 {
    (fs().sb.block_size / 512) as u32
}

fn entry(blk: u32, i: usize) -> Result<u32, Error> {
    Ok(buffer::read(blk as u64, |b| u32::from_le_bytes(b[4 * i..4 * i + 4].try_into().unwrap()))?)
}

fn set_entry(blk: u32, i: usize, v: u32) -> Result<(), Error> {
    Ok(buffer::modify(blk as u64, |b| b[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes()))?)
}

/// The i_block slot and the indices through the indirect blocks for file
/// block `n`.
fn path(n: u64) -> Result<(usize, [usize; 3], usize), Error> {
    let p = ptrs();
    if n < N_DIRECT as u64 {
        return Ok((n as usize, [0; 3], 0));
    }
    let n = n - N_DIRECT as u64;
    if n < p {
        return Ok((12, [n as usize, 0, 0], 1));
    }
    let n = n - p;
    if n < p * p {
        return Ok((13, [(n / p) as usize, (n % p) as usize, 0], 2));
    }
    let n = n - p * p;
    if n < p * p * p {
        return Ok((14, [(n / (p * p)) as usize, ((n / p) % p) as usize, (n % p) as usize], 3));
    }
    Err(Error::TooBig)
}

/// A new block for inode `ino` (zeroed in the cache if `zero`).
fn new_block(ino: u32, inode: &mut Inode, zero: bool) -> Result<u32, Error> {
    let b = group::alloc_block(group::of_inode(ino))?;
    inode.set_sectors(inode.sectors() + sectors_per_block());
    if zero {
        buffer::create(b as u64, |_| ())?;
    }
    Ok(b)
}

/// The disk block of file block `n` of inode `ino`; 0 for a hole unless
/// `create`, which allocates it (the caller writes the inode back).
pub fn map(ino: u32, inode: &mut Inode, n: u64, create: bool) -> Result<u32, Error> {
    let (slot, idx, depth) = path(n)?;
    if create && depth == 3 {
        return Err(Error::TooBig);
    }
    let mut blk = inode.block(slot);
    if blk == 0 {
        if !create {
            return Ok(0);
        }
        blk = new_block(ino, inode, depth > 0)?;
        inode.set_block(slot, blk);
    }
    for d in 0..depth {
        let mut next = entry(blk, idx[d])?;
        if next == 0 {
            if !create {
                return Ok(0);
            }
            next = new_block(ino, inode, d + 1 < depth)?;
            set_entry(blk, idx[d], next)?;
        }
        if next >= fs().sb.blocks_count {
            return Err(Error::Corrupt);
        }
        blk = next;
    }
    Ok(blk)
}

/// Free the tree under pointer block `blk` (level 1: it points at data
/// blocks) covering file blocks [base, base + p^level), keeping those
/// below `keep`. Returns whether `blk` itself is now unused (freed).
fn free_tree(inode: &mut Inode, blk: u32, level: u32, base: u64, keep: u64) -> Result<bool, Error> {
    let p = ptrs();
    let span = p.pow(level - 1);
    for i in 0..p as usize {
        let child_base = base + i as u64 * span;
        if child_base + span <= keep {
            continue;
        }
        let e = entry(blk, i)?;
        if e == 0 {
            continue;
        }
        let gone =
            if level == 1 { true } else { free_tree(inode, e, level - 1, child_base, keep)? };
        if gone {
            group::free_block(e)?;
            inode.set_sectors(inode.sectors().saturating_sub(sectors_per_block()));
            set_entry(blk, i, 0)?;
        }
    }
    Ok(base >= keep)
}

/// Free every block of the file from file block `keep` on.
pub fn truncate(inode: &mut Inode, keep: u64) -> Result<(), Error> {
    for i in (keep.min(N_DIRECT as u64) as usize)..N_DIRECT {
        let b = inode.block(i);
        if b != 0 {
            group::free_block(b)?;
            inode.set_sectors(inode.sectors().saturating_sub(sectors_per_block()));
            inode.set_block(i, 0);
        }
    }
    let p = ptrs();
    let mut base = N_DIRECT as u64;
    for (slot, level) in [(12, 1u32), (13, 2), (14, 3)] {
        let b = inode.block(slot);
        let span = p.pow(level);
        if b != 0 && keep < base + span && free_tree(inode, b, level, base, keep)? {
            group::free_block(b)?;
            inode.set_sectors(inode.sectors().saturating_sub(sectors_per_block()));
            inode.set_block(slot, 0);
        }
        base += span;
    }
    Ok(())
}
