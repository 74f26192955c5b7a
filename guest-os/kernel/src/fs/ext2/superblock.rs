//! The superblock: 1024 bytes at byte 1024 of the disk, whatever the
//! block size, describing the whole file system (sizes, counts, features).
//! Field offsets are those of Linux's struct ext2_super_block.

use crate::fs::buffer;

pub const MAGIC: u16 = 0xef53;
/// s_feature_incompat bits we understand: directory entries carry the
/// file type.
pub const INCOMPAT_FILETYPE: u32 = 0x2;
/// s_feature_ro_compat bits we understand: backups of the superblock only
/// in groups 0, 1 and powers of 3, 5, 7; files over 2 GiB.
pub const RO_COMPAT_SPARSE_SUPER: u32 = 0x1;
pub const RO_COMPAT_LARGE_FILE: u32 = 0x2;

pub struct Super {
    pub inodes_count: u32,
    pub blocks_count: u32,
    pub r_blocks_count: u32,
    pub free_blocks: u32,
    pub free_inodes: u32,
    pub first_data_block: u32,
    pub block_size: usize,
    pub blocks_per_group: u32,
    pub inodes_per_group: u32,
    pub first_ino: u32,
    pub inode_size: usize,
    pub incompat: u32,
    pub ro_compat: u32,
    /// The latest time the superblock records (last mount, last write,
    /// creation), in seconds since 1970: the machine has no clock of the
    /// date, so times written to inodes count from there (ext2.rs: now()).
    pub last_time: u32,
}

fn u16_at(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([b[off], b[off + 1]])
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

/// Parse the superblock's 1024 bytes; why not, if it is not an ext2 we can use.
pub fn parse(b: &[u8]) -> Result<Super, &'static str> {
    if u16_at(b, 56) != MAGIC {
        return Err("no ext2 file system (bad magic)");
    }
    let log = u32_at(b, 24);
    if log > 2 {
        return Err("block size over 4 KiB");
    }
    let rev_level = u32_at(b, 76);
    let (first_ino, inode_size) =
        if rev_level == 0 { (11, 128) } else { (u32_at(b, 84), u16_at(b, 88) as usize) };
    let s = Super {
        inodes_count: u32_at(b, 0),
        blocks_count: u32_at(b, 4),
        r_blocks_count: u32_at(b, 8),
        free_blocks: u32_at(b, 12),
        free_inodes: u32_at(b, 16),
        first_data_block: u32_at(b, 20),
        block_size: 1024 << log,
        blocks_per_group: u32_at(b, 32),
        inodes_per_group: u32_at(b, 40),

        first_ino,
        inode_size,
        incompat: if rev_level == 0 { 0 } else { u32_at(b, 96) },
        ro_compat: if rev_level == 0 { 0 } else { u32_at(b, 100) },
        last_time: u32_at(b, 44).max(u32_at(b, 48)).max(u32_at(b, 264)),
    };
    if s.incompat & !INCOMPAT_FILETYPE != 0 {
        return Err("unsupported incompatible features (ext3/ext4?)");
    }
    if s.ro_compat & !(RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE) != 0 {
        return Err("unsupported read-only-compatible features");
    }
    if s.inode_size < 128 || s.inode_size > s.block_size || !s.inode_size.is_power_of_two() {
        return Err("bad inode size");
    }
    if s.blocks_per_group == 0
        || s.inodes_per_group == 0
        || s.inodes_count == 0
        || s.first_data_block >= s.blocks_count
        || s.first_ino < 3
        || s.first_ino > s.inodes_count
    {
        return Err("bad group sizes");
    }
    if s.blocks_per_group as usize > 8 * s.block_size
        || s.inodes_per_group as usize > 8 * s.block_size
    {
        return Err("bad group sizes");
    }
    Ok(s)
}

/// The block holding the superblock, and its offset there.
pub fn location(block_size: usize) -> (u64, usize) {
    ((1024 / block_size) as u64, 1024 % block_size)
}

/// Write the free counts back into the cached superblock block.
pub fn write_counts(s: &Super) {
    let (blk, off) = location(s.block_size);
    let _ = buffer::modify(blk, |b| {
        b[off + 12..off + 16].copy_from_slice(&s.free_blocks.to_le_bytes());
        b[off + 16..off + 20].copy_from_slice(&s.free_inodes.to_le_bytes());
    });
}
