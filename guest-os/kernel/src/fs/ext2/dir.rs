//! Directories: a file whose blocks hold variable-length entries (Linux's
//! struct ext2_dir_entry_2): inode (u32, 0 = unused), rec_len (u16: bytes
//! to the next entry; the last one of a block reaches its end), name_len
//! (u8), file_type (u8, with the FILETYPE feature), then the name, padded
//! to 4 bytes. An entry is removed by merging it into the one before it
//! (or zeroing its inode if it is first); one is added in the slack of an
//! entry longer than it needs, or in a new block at the end.

use super::inode::{self, Inode};
use super::{Error, bmap, fs};
use crate::fs::buffer;
use alloc::string::String;
use alloc::vec::Vec;

pub const FT_REG: u8 = 1;
pub const FT_DIR: u8 = 2;
pub const FT_SYMLINK: u8 = 7;

/// The directory-entry file type of a mode.
pub fn ftype(mode: u32) -> u8 {
    match mode & 0o170000 {
        0o100000 => FT_REG,
        0o040000 => FT_DIR,
        0o020000 => 3,
        0o060000 => 4,
        0o010000 => 5,
        0o140000 => 6,
        0o120000 => FT_SYMLINK,
        _ => 0,
    }
}

fn rec_len_for(name_len: usize) -> usize {
    (8 + name_len + 3) & !3
}

struct Raw {
    ino: u32,
    rec_len: usize,
    name_len: usize,
}

/// Whether entry `r` at `off` fits in its block of `bs` bytes (a corrupt
/// directory is an error, never an out-of-bounds read).
fn fits(r: &Raw, off: usize, bs: usize) -> bool {
    r.rec_len >= 8 && off + r.rec_len <= bs && 8 + r.name_len <= r.rec_len
}

fn raw_at(b: &[u8], off: usize) -> Raw {
    Raw {
        ino: u32::from_le_bytes(b[off..off + 4].try_into().unwrap()),
        rec_len: u16::from_le_bytes([b[off + 4], b[off + 5]]) as usize,
        name_len: b[off + 6] as usize,
    }
}

fn put_entry(b: &mut [u8], off: usize, ino: u32, rec_len: usize, name: &[u8], ft: u8) {
    b[off..off + 4].copy_from_slice(&ino.to_le_bytes());
    b[off + 4..off + 6].copy_from_slice(&(rec_len as u16).to_le_bytes());
    b[off + 6] = name.len() as u8;
    b[off + 7] = ft;
    b[off + 8..off + 8 + name.len()].copy_from_slice(name);
}

/// The disk blocks of directory `ino`, in order (holes left out).
fn blocks(ino: u32, d: &mut Inode) -> Result<Vec<u32>, Error> {
    let bs = fs().sb.block_size as u64;
    let n_blocks = d.size().div_ceil(bs);
    if n_blocks > fs().sb.blocks_count as u64 {
        return Err(Error::Corrupt);
    }
    let mut out = Vec::new();
    for n in 0..n_blocks {
        let b = bmap::map(ino, d, n, false)?;
        if b != 0 {
            out.push(b);
        }
    }
    Ok(out)
}

/// Every entry of directory `ino` (with "." and ".."): (name, inode, type).
pub fn entries(ino: u32) -> Result<Vec<(String, u32, u8)>, Error> {
    let mut d = inode::read(ino)?;
    let bs = fs().sb.block_size;
    let mut out = Vec::new();
    for blk in blocks(ino, &mut d)? {
        let ok = buffer::read(blk as u64, |b| {
            let mut off = 0;
            while off + 8 <= bs {
                let r = raw_at(b, off);
                if !fits(&r, off, bs) {
                    return false;
                }
                if r.ino != 0 {
                    let name = String::from_utf8_lossy(&b[off + 8..off + 8 + r.name_len]);
                    out.push((String::from(name), r.ino, b[off + 7]));
                }
                off += r.rec_len;
            }
            true
        })?;
        if !ok {
            return Err(Error::Corrupt);
        }
    }
    Ok(out)
}

/// Add entry `name` -> `target` (of type `ft`) to directory `dir`.
pub fn add(dir: u32, name: &str, target: u32, ft: u8) -> Result<(), Error> {
    let name = name.as_bytes();
    if name.len() > 255 {
        return Err(Error::NameTooLong);
    }
    let need = rec_len_for(name.len());
    let mut d = inode::read(dir)?;
    let bs = fs().sb.block_size;
    for blk in blocks(dir, &mut d)? {
        let done = buffer::modify(blk as u64, |b| {
            let mut off = 0;
            while off + 8 <= bs {
                let r = raw_at(b, off);
                if !fits(&r, off, bs) {
                    return false;
                }
                let used = if r.ino == 0 { 0 } else { rec_len_for(r.name_len) };
                if r.rec_len.saturating_sub(used) >= need {
                    if used == 0 {
                        put_entry(b, off, target, r.rec_len, name, ft);
                    } else {
                        b[off + 4..off + 6].copy_from_slice(&(used as u16).to_le_bytes());
                        put_entry(b, off + used, target, r.rec_len - used, name, ft);
                    }
                    return true;
                }
                off += r.rec_len;
            }
            false
        })?;
        if done {
            return Ok(());
        }
    }
    // No room: a new block at the end.
    let n = d.size() / bs as u64;
    let blk = bmap::map(dir, &mut d, n, true)?;
    buffer::create(blk as u64, |b| put_entry(b, 0, target, bs, name, ft))?;
    d.set_size((n + 1) * bs as u64);
    inode::write(dir, &d)
}

/// Remove entry `name` from directory `dir`; the inode it named.
pub fn remove(dir: u32, name: &str) -> Result<u32, Error> {
    let mut d = inode::read(dir)?;
    let bs = fs().sb.block_size;
    for blk in blocks(dir, &mut d)? {
        let found = buffer::modify(blk as u64, |b| {
            let (mut off, mut prev) = (0, None);
            while off + 8 <= bs {
                let r = raw_at(b, off);
                if !fits(&r, off, bs) {
                    return None;
                }
                if r.ino != 0 && &b[off + 8..off + 8 + r.name_len] == name.as_bytes() {
                    match prev {
                        Some(p) => {
                            let pr = raw_at(b, p).rec_len + r.rec_len;
                            b[p + 4..p + 6].copy_from_slice(&(pr as u16).to_le_bytes());
                        }
                        None => b[off..off + 4].copy_from_slice(&0u32.to_le_bytes()),
                    }
                    return Some(r.ino);
                }
                prev = Some(off);
                off += r.rec_len;
            }
            None
        })?;
        if let Some(ino) = found {
            return Ok(ino);
        }
    }
    Err(Error::NotFound)
}

/// Point existing entry `name` of `dir` at `target` (rename over a name,
/// a moved directory's "..").
pub fn retarget(dir: u32, name: &str, target: u32, ft: u8) -> Result<(), Error> {
    let mut d = inode::read(dir)?;
    let bs = fs().sb.block_size;
    for blk in blocks(dir, &mut d)? {
        let found = buffer::modify(blk as u64, |b| {
            let mut off = 0;
            while off + 8 <= bs {
                let r = raw_at(b, off);
                if !fits(&r, off, bs) {
                    return false;
                }
                if r.ino != 0 && &b[off + 8..off + 8 + r.name_len] == name.as_bytes() {
                    b[off..off + 4].copy_from_slice(&target.to_le_bytes());
                    b[off + 7] = ft;
                    return true;
                }
                off += r.rec_len;
            }
            false
        })?;
        if found {
            return Ok(());
        }
    }
    Err(Error::NotFound)
}

/// Give new directory `ino` (inode `d`) its first block: "." and "..".
pub fn init(ino: u32, d: &mut Inode, parent: u32) -> Result<(), Error> {
    let bs = fs().sb.block_size;
    let blk = bmap::map(ino, d, 0, true)?;
    buffer::create(blk as u64, |b| {
        put_entry(b, 0, ino, 12, b".", FT_DIR);
        put_entry(b, 12, parent, bs - 12, b"..", FT_DIR);
    })?;
    d.set_size(bs as u64);
    Ok(())
}
