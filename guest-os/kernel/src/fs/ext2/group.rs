//! Block groups: the disk is cut into groups of s_blocks_per_group blocks,
//! each with a descriptor (in the table right after the superblock) that
//! says where its block bitmap, inode bitmap and inode table are, and how
//! many blocks and inodes are free. Allocation is a search of the bitmaps
//! for a zero bit, starting in a goal group (the inode's own, so that a
//! file's blocks stay near its inode); freeing clears the bit. Every change
//! updates the group's counts and the superblock's.

use super::{Error, fs};
use crate::fs::buffer;

pub struct Group {
    pub block_bitmap: u32,
    pub inode_bitmap: u32,
    pub inode_table: u32,
    pub free_blocks: u16,
    pub free_inodes: u16,
    pub used_dirs: u16,
}

const DESC_SIZE: usize = 32;

/// Where group `g`'s descriptor is: (block, offset).
fn desc_location(g: usize) -> (u64, usize) {
    let f = fs();
    let per_block = f.sb.block_size / DESC_SIZE;
    ((f.sb.first_data_block as usize + 1 + g / per_block) as u64, (g % per_block) * DESC_SIZE)
}

/// Read every group descriptor.
pub fn load(groups: usize) -> Result<alloc::vec::Vec<Group>, Error> {
    let mut out = alloc::vec::Vec::with_capacity(groups);
    for g in 0..groups {
        let (blk, off) = desc_location(g);
        let d = buffer::read(blk, |b| {
            let w = |o: usize| u32::from_le_bytes(b[off + o..off + o + 4].try_into().unwrap());
            let h = |o: usize| u16::from_le_bytes([b[off + o], b[off + o + 1]]);
            Group {
                block_bitmap: w(0),
                inode_bitmap: w(4),
                inode_table: w(8),
                free_blocks: h(12),
                free_inodes: h(14),
                used_dirs: h(16),
            }
        })?;
        out.push(d);
    }
    Ok(out)
}

/// Write group `g`'s counts back to its descriptor, and the superblock's.
fn store(g: usize) {
    let (blk, off) = desc_location(g);
    let d = &fs().groups[g];
    let (fb, fi, ud) = (d.free_blocks, d.free_inodes, d.used_dirs);
    let _ = buffer::modify(blk, |b| {
        b[off + 12..off + 14].copy_from_slice(&fb.to_le_bytes());
        b[off + 14..off + 16].copy_from_slice(&fi.to_le_bytes());
        b[off + 16..off + 18].copy_from_slice(&ud.to_le_bytes());
    });
    super::superblock::write_counts(&fs().sb);
}

/// Blocks in group `g` (the last one may be short).
fn blocks_in(g: usize) -> usize {
    let sb = &fs().sb;
    let start = sb.first_data_block as usize + g * sb.blocks_per_group as usize;
    (sb.blocks_count as usize - start).min(sb.blocks_per_group as usize)
}

/// The first zero bit below `n` in bitmap block `blk`, now set.
fn take_bit(blk: u64, n: usize) -> Result<Option<usize>, Error> {
    Ok(buffer::modify(blk, |b| {
        for i in 0..n {
            if b[i / 8] & (1 << (i % 8)) == 0 {
                b[i / 8] |= 1 << (i % 8);
                return Some(i);
            }
        }
        None
    })?)
}

/// Clear bit `i` of bitmap block `blk`; whether it was set.
fn clear_bit(blk: u64, i: usize) -> Result<bool, Error> {
    Ok(buffer::modify(blk, |b| {
        let was = b[i / 8] & (1 << (i % 8)) != 0;
        b[i / 8] &= !(1 << (i % 8));
        was
    })?)
}

/// A free block, now in use, searching from group `goal`.
pub fn alloc_block(goal: usize) -> Result<u32, Error> {
    let n = fs().groups.len();
    for k in 0..n {
        let g = (goal + k) % n;
        if fs().groups[g].free_blocks == 0 {
            continue;
        }
        let bitmap = fs().groups[g].block_bitmap as u64;
        if let Some(i) = take_bit(bitmap, blocks_in(g))? {
            let f = fs();
            f.groups[g].free_blocks -= 1;
            f.sb.free_blocks -= 1;
            store(g);
            return Ok(f.sb.first_data_block + (g as u32) * f.sb.blocks_per_group + i as u32);
        }
    }
    Err(Error::NoSpace)
}

/// Give block `blk` back.
pub fn free_block(blk: u32) -> Result<(), Error> {
    let f = fs();
    if blk < f.sb.first_data_block || blk >= f.sb.blocks_count {
        return Err(Error::Corrupt);
    }
    let rel = (blk - f.sb.first_data_block) as usize;
    let (g, i) = (rel / f.sb.blocks_per_group as usize, rel % f.sb.blocks_per_group as usize);
    buffer::forget(blk as u64);
    if clear_bit(f.groups[g].block_bitmap as u64, i)? {
        let f = fs();
        f.groups[g].free_blocks += 1;
        f.sb.free_blocks += 1;
        store(g);
    }
    Ok(())
}

/// A free inode, now in use, searching from group `goal`.
pub fn alloc_inode(goal: usize, dir: bool) -> Result<u32, Error> {
    let n = fs().groups.len();
    let ipg = fs().sb.inodes_per_group as usize;
    for k in 0..n {
        let g = (goal + k) % n;
        if fs().groups[g].free_inodes == 0 {
            continue;
        }
        let bitmap = fs().groups[g].inode_bitmap as u64;
        if let Some(i) = take_bit(bitmap, ipg)? {
            let ino = (g * ipg + i + 1) as u32;
            if ino < fs().sb.first_ino {
                continue; // a reserved inode marked free: leave it set
            }
            let f = fs();
            f.groups[g].free_inodes -= 1;
            f.groups[g].used_dirs += dir as u16;
            f.sb.free_inodes -= 1;
            store(g);
            return Ok(ino);
        }
    }
    Err(Error::NoSpace)
}

/// Give inode `ino` back.
pub fn free_inode(ino: u32, dir: bool) -> Result<(), Error> {
    if ino == 0 || ino > fs().sb.inodes_count {
        return Err(Error::Corrupt);
    }
    let ipg = fs().sb.inodes_per_group;
    let (g, i) = (((ino - 1) / ipg) as usize, ((ino - 1) % ipg) as usize);
    if clear_bit(fs().groups[g].inode_bitmap as u64, i)? {
        let f = fs();
        f.groups[g].free_inodes += 1;
        if dir {
            f.groups[g].used_dirs = f.groups[g].used_dirs.saturating_sub(1);
        }
        f.sb.free_inodes += 1;
        store(g);
    }
    Ok(())
}

/// The group inode `ino` is in.
pub fn of_inode(ino: u32) -> usize {
    ((ino - 1) / fs().sb.inodes_per_group) as usize
}
