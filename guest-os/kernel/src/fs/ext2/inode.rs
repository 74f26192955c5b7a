//! Inodes: the 128 first bytes of each slot of a group's inode table
//! (Linux's struct ext2_inode): type and permissions, size, link count,
//! 512-byte sectors used, and the block map (i_block: 12 direct blocks,
//! then one single-, one double- and one triple-indirect block; see
//! bmap.rs). A symbolic link of under 60 bytes keeps its target in
//! i_block itself (a "fast" symlink).

use super::{Error, fs};
use crate::fs::buffer;

pub const ROOT_INO: u32 = 2;
pub const N_DIRECT: usize = 12;

#[derive(Clone)]
pub struct Inode {
    pub raw: [u8; 128],
}

impl Inode {
    fn u16(&self, off: usize) -> u16 {
        u16::from_le_bytes([self.raw[off], self.raw[off + 1]])
    }
    fn u32(&self, off: usize) -> u32 {
        u32::from_le_bytes(self.raw[off..off + 4].try_into().unwrap())
    }
    fn set16(&mut self, off: usize, v: u16) {
        self.raw[off..off + 2].copy_from_slice(&v.to_le_bytes());
    }
    fn set32(&mut self, off: usize, v: u32) {
        self.raw[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }

    pub fn mode(&self) -> u32 {
        self.u16(0) as u32
    }
    pub fn set_mode(&mut self, m: u32) {
        self.set16(0, m as u16);
    }
    /// i_size, with i_size_high for regular files (LARGE_FILE).
    pub fn size(&self) -> u64 {
        let high = if self.mode() & 0o170000 == 0o100000 { self.u32(108) as u64 } else { 0 };
        self.u32(4) as u64 | high << 32
    }
    pub fn set_size(&mut self, s: u64) {
        self.set32(4, s as u32);
        if self.mode() & 0o170000 == 0o100000 {
            self.set32(108, (s >> 32) as u32);
        }
    }
    pub fn links(&self) -> u16 {
        self.u16(26)
    }
    pub fn set_links(&mut self, n: u16) {
        self.set16(26, n);
    }
    /// 512-byte sectors used, indirect blocks included.
    pub fn sectors(&self) -> u32 {
        self.u32(28)
    }
    pub fn set_sectors(&mut self, n: u32) {
        self.set32(28, n);
    }
    pub fn block(&self, i: usize) -> u32 {
        self.u32(40 + 4 * i)
    }
    pub fn set_block(&mut self, i: usize, b: u32) {
        self.set32(40 + 4 * i, b);
    }
    pub fn set_dtime(&mut self, t: u32) {
        self.set32(20, t);
    }
    /// The target of a fast symlink (kept in i_block), if this is one.
    pub fn fast_symlink(&self) -> Option<&[u8]> {
        let is_link = self.mode() & 0o170000 == 0o120000;
        let acl = self.u32(104);
        let data_sectors =
            self.sectors() - if acl != 0 { (fs().sb.block_size / 512) as u32 } else { 0 };
        (is_link && data_sectors == 0).then(|| &self.raw[40..40 + (self.size() as usize).min(60)])
    }
    /// A new inode: mode, one link, its times `now`.
    pub fn new(mode: u32, now: u32) -> Inode {
        let mut i = Inode { raw: [0; 128] };
        i.set_mode(mode);
        i.set_links(1);
        for off in [8, 12, 16] {
            i.set32(off, now); // atime, ctime, mtime
        }
        i
    }
}

/// (block, offset) of inode `ino` in its group's inode table.
fn location(ino: u32) -> Result<(u64, usize), Error> {
    let f = fs();
    if ino == 0 || ino > f.sb.inodes_count {
        return Err(Error::Corrupt);
    }
    let ipg = f.sb.inodes_per_group;
    let (g, i) = (((ino - 1) / ipg) as usize, ((ino - 1) % ipg) as usize);
    let byte = i * f.sb.inode_size;
    let table = f.groups[g].inode_table as usize;
    Ok(((table + byte / f.sb.block_size) as u64, byte % f.sb.block_size))
}

pub fn read(ino: u32) -> Result<Inode, Error> {
    let (blk, off) = location(ino)?;
    Ok(buffer::read(blk, |b| Inode { raw: b[off..off + 128].try_into().unwrap() })?)
}

pub fn write(ino: u32, inode: &Inode) -> Result<(), Error> {
    let (blk, off) = location(ino)?;
    Ok(buffer::modify(blk, |b| b[off..off + 128].copy_from_slice(&inode.raw))?)
}
