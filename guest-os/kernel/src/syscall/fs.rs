//! The file-system calls (a family of syscall/) that the disk brought:
//! links, symlinks, rename, truncate, sync, statfs, mount; and the read,
//! write, truncate and stat of disk files for file.rs. A disk file's data
//! lives in the page cache (mm/pagecache.rs), its blocks and inode in
//! ext2 (fs/ext2/).

use super::file::{file, lookup_errno, parent_errno, stat_bytes, user_path};
use super::*;
use crate::fs::file::Object;
use crate::fs::procfs;
use crate::fs::{self, Data, Kind, Node, ext2};
use crate::mm::pagecache;

const AT_FDCWD: u64 = -100i64 as u64;
const AT_SYMLINK_FOLLOW: u64 = 0x400;
const AT_EMPTY_PATH: u64 = 0x1000;
const RENAME_NOREPLACE: u64 = 1;

/// Linux's device number of /dev/vda (major 254, minor 0), as stat's st_dev.
pub const VDA_DEV: u64 = 254 << 8;

/// The errno of a file-system error.
pub(super) fn errno(e: ext2::Error) -> i64 {
    match e {
        ext2::Error::Io | ext2::Error::Corrupt => EIO,
        ext2::Error::NoSpace => ENOSPC,
        ext2::Error::TooBig => EFBIG,
        ext2::Error::NameTooLong => ENAMETOOLONG,
        ext2::Error::NotFound => ENOENT,
        ext2::Error::ReadOnly => EROFS,
    }
}

fn size_of(n: usize) -> usize {
    match &fs::node(n).kind {
        Kind::File(d) => d.len(),
        _ => 0,
    }
}

fn set_size(n: usize, size: usize) {
    if let Kind::File(d) = &mut fs::node_mut(n).kind {
        *d = Data::Disk(size);
    }
}

/// Up to `max` bytes of disk file `n` from byte `at`, through the page cache.
pub(super) fn read_disk(n: usize, at: usize, max: usize) -> Result<Vec<u8>, i64> {
    let size = size_of(n);
    let end = size.min(at.saturating_add(max));
    let mut out = Vec::with_capacity(end.saturating_sub(at));
    let mut pos = at;
    while pos < end {
        let (pa, _) = pagecache::page(n, pos / PAGE_SIZE).ok_or(EIO)?;
        let off = pos % PAGE_SIZE;
        let len = (PAGE_SIZE - off).min(end - pos);
        out.extend_from_slice(unsafe { core::slice::from_raw_parts((pa + off) as *const u8, len) });
        pos += len;
    }
    Ok(out)
}

/// Write `data` at byte `at` of disk file `n`: blocks allocated now (so a
/// full disk says ENOSPC here), bytes into the cached pages, made dirty.
pub(super) fn write_disk(n: usize, at: usize, data: &[u8]) -> Result<(), i64> {
    if data.is_empty() {
        return Ok(());
    }
    let end = at.checked_add(data.len()).filter(|&e| e <= 1 << 40).ok_or(EFBIG)?;
    // The pages as they are (zeros past the old end), held while we work.
    let mut pages = Vec::new();
    for index in at / PAGE_SIZE..=(end - 1) / PAGE_SIZE {
        match pagecache::page(n, index) {
            Some((pa, _)) => {
                crate::mm::frame::get(pa);
                pages.push((index, pa));
            }
            None => {
                pages.iter().for_each(|&(_, pa)| crate::mm::frame::put(pa));
                return Err(EIO);
            }
        }
    }
    let r = ext2::prepare_write(fs::node(n).ino, at as u64, end as u64).map_err(errno);
    if r.is_ok() {
        for &(index, pa) in &pages {
            let (from, to) = ((index * PAGE_SIZE).max(at), ((index + 1) * PAGE_SIZE).min(end));
            let dst = pa + from - index * PAGE_SIZE;
            let src = &data[from - at..to - at];
            unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), dst as *mut u8, src.len()) };
            pagecache::mark_dirty(n, index);
        }
        if end > size_of(n) {
            set_size(n, end);
        }
    }
    pages.iter().for_each(|&(_, pa)| crate::mm::frame::put(pa));
    r
}

/// Set disk file `n`'s size (truncate, O_TRUNC).
pub(super) fn truncate_disk(n: usize, size: usize) -> Result<(), i64> {
    ext2::truncate(fs::node(n).ino, size as u64).map_err(errno)?;
    pagecache::truncate(n, size);
    set_size(n, size);
    Ok(())
}

/// struct stat of disk node `n`, from its inode.
pub(super) fn stat_disk(n: usize) -> [u8; 128] {
    let node = fs::node(n);
    let Ok(i) = ext2::stat(node.ino) else {
        return stat_bytes(node.ino as u64, node.mode, 0, 0, 0);
    };
    let size = match &node.kind {
        Kind::File(d) => d.len() as u64,
        _ => i.size(),
    };
    let mut b = stat_bytes(node.ino as u64, i.mode(), i.links() as u32, 0, size);
    b[0..8].copy_from_slice(&VDA_DEV.to_le_bytes());
    b[64..72].copy_from_slice(&(i.sectors() as u64).to_le_bytes());
    b
}

/// symlinkat(target, dirfd, path).
pub(super) fn sys_symlinkat(p: &mut Proc, target: u64, dirfd: u64, path: u64) -> SysResult {
    let raw =
        vm::copy_in_str(p.aspace.pagetable(), target as usize, PATH_MAX).map_err(|_| EFAULT)?;
    if raw.is_empty() {
        return Err(ENOENT);
    }
    let path = user_path(p, dirfd, path)?;
    if procfs::is_proc(&path) {
        return Err(EACCES);
    }
    if fs::lookup_nofollow(&path).is_some() {
        return Err(EEXIST);
    }
    let (dir, name) = fs::lookup_parent(&path).map_err(parent_errno)?;
    let node = Node { mode: fs::S_IFLNK | 0o777, kind: Kind::Symlink(fs::leak_str(&raw)), ino: 0 };
    fs::create(dir, &name, node).map_err(errno)?;
    Ok(0)
}

/// linkat(olddirfd, old, newdirfd, new, flags).
pub(super) fn sys_linkat(
    p: &mut Proc,
    odfd: u64,
    old: u64,
    ndfd: u64,
    new: u64,
    flags: u64,
) -> SysResult {
    if flags & !(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH) != 0 {
        return Err(EINVAL);
    }
    let old = user_path(p, odfd, old)?;
    let new = user_path(p, ndfd, new)?;
    if procfs::is_proc(&old) || procfs::is_proc(&new) {
        return Err(EXDEV);
    }
    let n = if flags & AT_SYMLINK_FOLLOW != 0 {
        fs::lookup(&old).map_err(lookup_errno)?
    } else {
        fs::lookup_nofollow(&old).ok_or(ENOENT)?
    };
    if fs::lookup_nofollow(&new).is_some() {
        return Err(EEXIST);
    }
    let (dir, name) = fs::lookup_parent(&new).map_err(parent_errno)?;
    fs::link(dir, &name, n).map_err(|e| match e {
        None if matches!(fs::node(n).kind, Kind::Dir(_)) => EPERM,
        None => EXDEV,
        Some(e) => errno(e),
    })?;
    Ok(0)
}

/// renameat2(olddirfd, old, newdirfd, new, flags): RENAME_NOREPLACE only.
pub(super) fn sys_renameat2(
    p: &mut Proc,
    odfd: u64,
    old: u64,
    ndfd: u64,
    new: u64,
    flags: u64,
) -> SysResult {
    if flags & !RENAME_NOREPLACE != 0 {
        return Err(EINVAL);
    }
    let old = user_path(p, odfd, old)?;
    let new = user_path(p, ndfd, new)?;
    if procfs::is_proc(&old) || procfs::is_proc(&new) {
        return Err(EXDEV);
    }
    let (odir, oname) = fs::lookup_parent(&old).map_err(|e| e.map_or(EBUSY, lookup_errno))?;
    let (ndir, nname) = fs::lookup_parent(&new).map_err(|e| e.map_or(EBUSY, lookup_errno))?;
    let n = fs::child_of(odir, &oname).ok_or(ENOENT)?;
    let is_dir = matches!(fs::node(n).kind, Kind::Dir(_));
    // A directory cannot move under itself.
    if is_dir && (new == old || new.starts_with(&alloc::format!("{old}/"))) {
        return if new == old { Ok(0) } else { Err(EINVAL) };
    }
    if let Some(v) = fs::child_of(ndir, &nname) {
        if flags & RENAME_NOREPLACE != 0 {
            return Err(EEXIST);
        }
        match (&fs::node(v).kind, is_dir) {
            (Kind::Dir(e), true) if !e.is_empty() => return Err(ENOTEMPTY),
            (Kind::Dir(_), true) => {}
            (Kind::Dir(_), false) => return Err(EISDIR),
            (_, true) => return Err(ENOTDIR),
            _ => {}
        }
    }
    fs::rename(odir, &oname, ndir, &nname).map_err(|e| e.map_or(EXDEV, errno))?;
    Ok(0)
}

fn truncate_node(n: usize, len: i64) -> SysResult {
    if len < 0 {
        return Err(EINVAL);
    }
    match &mut fs::node_mut(n).kind {
        Kind::Dir(_) => Err(EISDIR),
        Kind::File(Data::Disk(_)) => truncate_disk(n, len as usize).map(|_| 0),
        Kind::File(d) => {
            // Contents on the kernel heap (tmpfs): no room is ENOSPC, not a
            // heap panic.
            pagecache::invalidate(n);
            let bytes = d.try_owned().map_err(|_| ENOSPC)?;
            let len = len as usize;
            if len > bytes.len() {
                crate::mm::heap::try_reserve(bytes, len - bytes.len()).map_err(|_| ENOSPC)?;
            }
            bytes.resize(len, 0);
            Ok(0)
        }
        _ => Err(EINVAL),
    }
}

/// truncate(path, length).
pub(super) fn sys_truncate(p: &mut Proc, path: u64, len: i64) -> SysResult {
    let path = user_path(p, AT_FDCWD, path)?;
    if procfs::is_proc(&path) {
        return Err(EACCES);
    }
    truncate_node(fs::lookup(&path).map_err(lookup_errno)?, len)
}

/// ftruncate(fd, length): the file must be open for writing.
pub(super) fn sys_ftruncate(p: &mut Proc, fd: u64, len: i64) -> SysResult {
    let f = file(p, fd)?;
    match f.node() {
        Some(n) if f.writable => truncate_node(n, len),
        Some(_) => Err(EINVAL),
        None => Err(EINVAL),
    }
}

/// sync(): write every dirty page and block to the disk, and wait.
pub(super) fn sys_sync() -> SysResult {
    let _ = fs::sync();
    Ok(0)
}

/// fsync(fd), fdatasync(fd): the file's dirty pages, then the metadata
/// (all of it: one buffer cache), then a device flush.
pub(super) fn sys_fsync(p: &mut Proc, fd: u64) -> SysResult {
    let f = file(p, fd)?;
    match &f.object {
        Object::Node(n) if fs::node(*n).ino != 0 => {
            pagecache::sync(Some(*n)).map_err(errno)?;
            ext2::sync_metadata().map_err(errno)?;
            Ok(0)
        }
        Object::PipeRead(_) | Object::PipeWrite(_) => Err(EINVAL),
        _ => Ok(0),
    }
}

const EXT2_SUPER_MAGIC: u64 = 0xef53;
const RAMFS_MAGIC: u64 = 0x8584_58f6;
const PROC_SUPER_MAGIC: u64 = 0x9fa0;

/// struct statfs (asm-generic, 64-bit words: 120 bytes) of the file
/// system holding `path`.
fn statfs_of(path: &str) -> [u8; 120] {
    let mut w = [0u64; 15];
    if procfs::is_proc(path) {
        w[0] = PROC_SUPER_MAGIC;
        w[1] = 4096;
        w[9] = 255;
        w[10] = 4096;
    } else if ext2::mounted() {
        let (bsize, blocks, free, reserved, inodes, ifree) = ext2::statfs();
        w[0] = EXT2_SUPER_MAGIC;
        w[1] = bsize as u64;
        w[2] = blocks;
        w[3] = free;
        w[4] = free.saturating_sub(reserved);
        w[5] = inodes;
        w[6] = ifree;
        w[7] = 0xfe00; // f_fsid: the device
        w[9] = 255;
        w[10] = bsize as u64;
    } else {
        w[0] = RAMFS_MAGIC;
        w[1] = 4096;
        w[9] = 255;
        w[10] = 4096;
    }
    let mut b = [0u8; 120];
    for (i, v) in w.iter().enumerate() {
        b[8 * i..8 * i + 8].copy_from_slice(&v.to_le_bytes());
    }
    b
}

/// statfs(path, buf).
pub(super) fn sys_statfs(p: &mut Proc, path: u64, buf: u64) -> SysResult {
    let path = user_path(p, AT_FDCWD, path)?;
    if procfs::is_proc(&path) {
        procfs::lookup(&path, false)?;
    } else {
        fs::lookup(&path).map_err(lookup_errno)?;
    }
    user_out(p, buf, &statfs_of(&path))?;
    Ok(0)
}

/// fstatfs(fd, buf).
pub(super) fn sys_fstatfs(p: &mut Proc, fd: u64, buf: u64) -> SysResult {
    let f = file(p, fd)?;
    let path = match &f.object {
        Object::ProcFile(_) | Object::ProcDir(_) => "/proc",
        _ => "/",
    };
    user_out(p, buf, &statfs_of(path))?;
    Ok(0)
}

/// mount(source, target, type, flags, data): the file systems are mounted
/// at boot (the root, /proc); mounting them again is EBUSY, another type
/// ENODEV.
pub(super) fn sys_mount(p: &mut Proc, _src: u64, target: u64, fstype: u64) -> SysResult {
    let target = user_path(p, AT_FDCWD, target)?;
    let ty = vm::copy_in_str(p.aspace.pagetable(), fstype as usize, 64).map_err(|_| EFAULT)?;
    match &ty[..] {
        b"ext2" | b"proc" => {
            if !procfs::is_proc(&target) {
                fs::lookup(&target).map_err(lookup_errno)?;
            }
            Err(EBUSY)
        }
        _ => Err(ENODEV),
    }
}

/// umount2(target, flags): the root and /proc are busy (in use by every
/// process); anything else is not a mount point (EINVAL).
pub(super) fn sys_umount2(p: &mut Proc, target: u64) -> SysResult {
    let target = user_path(p, AT_FDCWD, target)?;
    match target.as_str() {
        "/" | "/proc" => Err(EBUSY),
        t => {
            fs::lookup(t).map_err(lookup_errno)?;
            Err(EINVAL)
        }
    }
}
