//! The file system calls (a family of syscall/): descriptors, files,
//! directories, pipes, and kill.

use super::*;
use crate::dev::hvc;
use crate::fs::file::{File, Object, PIPE_SIZE};
use crate::fs::procfs;
use crate::fs::{self, Data, Dev, Kind, LookupError, Node};
use alloc::rc::Rc;
use alloc::string::String;

const AT_FDCWD: i64 = -100;
const AT_SYMLINK_NOFOLLOW: u64 = 0x100;
const AT_REMOVEDIR: u64 = 0x200;
const AT_EMPTY_PATH: u64 = 0x1000;
const O_ACCMODE: u64 = 3;
const O_WRONLY: u64 = 1;
const O_CREAT: u64 = 0o100;
const O_EXCL: u64 = 0o200;
const O_TRUNC: u64 = 0o1000;
const O_APPEND: u64 = 0o2000;
const O_DIRECTORY: u64 = 0o200000;
const O_CLOEXEC: u64 = 0o2000000;
const S_IFIFO: u32 = 0o010000;
const O_NONBLOCK: u64 = 0o4000;
const O_LARGEFILE: u64 = 0o100000;

pub(super) fn lookup_errno(e: LookupError) -> i64 {
    match e {
        LookupError::NotFound => ENOENT,
        LookupError::NotDir => ENOTDIR,
        LookupError::Loop => ELOOP,
    }
}

pub(super) fn parent_errno(e: Option<LookupError>) -> i64 {
    e.map_or(EEXIST, lookup_errno)
}

/// The open file behind `fd`.
pub(super) fn file(p: &Proc, fd: u64) -> Result<Rc<File>, i64> {
    p.fds.get(fd).cloned().ok_or(EBADF)
}

/// A user path, made absolute from `dirfd` (only AT_FDCWD for relative ones).
pub(super) fn user_path(p: &Proc, dirfd: u64, va: u64) -> Result<String, i64> {
    let raw = vm::copy_in_str(p.aspace.pagetable(), va as usize, PATH_MAX).map_err(|_| EFAULT)?;
    let path = core::str::from_utf8(&raw).map_err(|_| ENOENT)?;
    if path.len() >= PATH_MAX {
        return Err(ENAMETOOLONG);
    }
    if path.is_empty() {
        return Err(ENOENT);
    }
    if !path.starts_with('/') && dirfd as i64 as i32 as i64 != AT_FDCWD {
        // Relative to a directory descriptor: from that directory's path.
        let f = file(p, dirfd)?;
        let dir = match &f.object {
            Object::Node(n) if matches!(fs::node(*n).kind, Kind::Dir(_)) => {
                fs::path_of(*n).ok_or(ENOENT)?
            }
            Object::ProcDir(pd) => pd.path.clone(),
            _ => return Err(ENOTDIR),
        };
        return Ok(fs::absolute(&dir, path));
    }
    Ok(fs::absolute(&p.cwd, path))
}

/// write(fd, buf, count).
pub(super) fn sys_write(p: &mut Proc, fd: u64, buf: u64, count: u64) -> SysResult {
    let f = file(p, fd)?;
    if !f.writable {
        return Err(EBADF);
    }
    match &f.object {
        Object::Dev(dev @ (Dev::Console | Dev::Hvc)) => {
            let out = if *dev == Dev::Hvc { hvc::write_bytes } else { uart::write_bytes };
            let mut chunk = [0u8; 256];
            let mut done = 0;
            while done < count {
                let n = (count - done).min(chunk.len() as u64) as usize;
                if let Err(e) = user_in(p, buf + done, &mut chunk[..n]) {
                    // Linux returns what was written before the fault, if anything.
                    return if done > 0 { Ok(done as i64) } else { Err(e) };
                }
                out(&chunk[..n]);
                done += n as u64;
            }
            Ok(done as i64)
        }
        Object::Dev(Dev::Null) => Ok(count as i64),
        Object::Node(n) => {
            // File contents live on the kernel heap (a tmpfs without
            // swap): what does not fit is ENOSPC, as on a full tmpfs, and
            // the I/O buffer that does not is ENOMEM.
            // The room in the file first (so that a write that cannot fit
            // is ENOSPC whatever its size), then the bytes from the user.
            let len = count.min(1 << 24) as usize;
            // (A file on the disk has its room checked by the file system.)
            let Kind::File(contents) = &mut fs::node_mut(*n).kind else { return Err(EISDIR) };
            let (at, end) = if let Data::Disk(_) = contents {
                (0, 0)
            } else {
                let bytes = contents.try_owned().map_err(|_| ENOSPC)?;
                let at = if f.append() { bytes.len() } else { f.offset.get() };
                let end = at.checked_add(len).ok_or(EFBIG)?;
                if bytes.len() < end {
                    heap::try_reserve(bytes, end - bytes.len()).map_err(|_| ENOSPC)?;
                }
                (at, end)
            };
            let mut data = heap::try_zeroed(len).map_err(|_| ENOMEM)?;
            user_in(p, buf, &mut data)?;
            let Kind::File(contents) = &mut fs::node_mut(*n).kind else { return Err(EISDIR) };
            if let Data::Disk(size) = *contents {
                let at = if f.append() { size } else { f.offset.get() };
                super::fs::write_disk(*n, at, &data)?;
                f.offset.set(at + data.len());
                return Ok(data.len() as i64);
            }
            crate::mm::pagecache::invalidate(*n); // mapped pages keep the old bytes
            let bytes = contents.owned();
            if bytes.len() < end {
                bytes.resize(end, 0);
            }
            bytes[at..at + data.len()].copy_from_slice(&data);
            f.offset.set(at + data.len());
            Ok(data.len() as i64)
        }
        Object::PipeWrite(pipe) => {
            // Check the whole buffer first (nothing is written from a bad
            // one), then copy it in pieces of at most a pipe's size: the
            // heap never holds more than that for one writer.
            let total = count.min(1 << 24) as usize;
            if !vm::user_range_ok(p.aspace.pagetable(), buf as usize, total) {
                return Err(EFAULT);
            }
            let mut chunk = heap::try_zeroed(total.min(PIPE_SIZE)).map_err(|_| ENOMEM)?;
            let mut done = 0;
            loop {
                if pipe.readers.get() == 0 {
                    if done > 0 {
                        return Ok(done as i64);
                    }
                    let info = crate::signal::user_info(p.tgid, crate::signal::SI_USER);
                    crate::signal::send(p, crate::signal::SIGPIPE, info, false);
                    return Err(EPIPE);
                }
                {
                    let mut b = pipe.buf.borrow_mut();
                    let n = (PIPE_SIZE - b.len()).min(total - done);
                    let piece = &mut chunk[..n];
                    if let Err(e) = user_in(p, buf + done as u64, piece) {
                        // Unmapped since the check (another thread).
                        return if done > 0 { Ok(done as i64) } else { Err(e) };
                    }
                    // The pipe's buffer grows on the kernel heap (up to
                    // PIPE_SIZE): ENOMEM when it cannot, as Linux's
                    // pipe_write when alloc_page fails.
                    if n > b.capacity() - b.len()
                        && (heap::room_for(n).is_err() || b.try_reserve_exact(n).is_err())
                    {
                        return if done > 0 { Ok(done as i64) } else { Err(ENOMEM) };
                    }
                    b.extend(piece.iter());
                    done += n;
                }
                crate::fs::file::wake_pipe(pipe);
                if done == total {
                    return Ok(done as i64);
                }
                if f.nonblock() {
                    // O_NONBLOCK: what fitted, or EAGAIN if nothing did.
                    return if done > 0 { Ok(done as i64) } else { Err(EAGAIN) };
                }
                if crate::signal::signal_pending(p) {
                    return if done > 0 {
                        Ok(done as i64)
                    } else {
                        Err(crate::signal::ERESTARTSYS)
                    };
                }
                crate::sched::sleep(pipe.chan(), 0);
            }
        }
        Object::ProcFile(pf) => {
            let mut data = alloc::vec![0u8; count.min(PAGE_SIZE as u64) as usize];
            user_in(p, buf, &mut data)?;
            Ok(procfs::write(pf, &data)? as i64)
        }
        Object::PipeRead(_) | Object::ProcDir(_) => Err(EBADF),
    }
}

/// read(fd, buf, count). The console (console.rs) blocks until a whole
/// line has been typed; a pipe until there is data or no writer.
pub(super) fn sys_read(p: &mut Proc, fd: u64, buf: u64, count: u64) -> SysResult {
    let f = file(p, fd)?;
    if !f.readable {
        return Err(EBADF);
    }
    if count == 0 {
        return Ok(0);
    }
    // Check the buffer first, so that no input is lost to a bad pointer.
    let max = count.min(65536) as usize;
    let mut probe = heap::try_zeroed(max).map_err(|_| ENOMEM)?;
    user_in(p, buf, &mut probe)?;
    match &f.object {
        Object::Dev(Dev::Console) => loop {
            if let Some(bytes) = console::read(max) {
                user_out(p, buf, &bytes)?;
                return Ok(bytes.len() as i64);
            }
            if f.nonblock() {
                return Err(EAGAIN);
            }
            if crate::signal::signal_pending(p) {
                return Err(crate::signal::ERESTARTSYS);
            }
            // Woken by the console's interrupt handler when a line
            // (or ^D) is ready, or by kill(2).
            crate::sched::sleep(CONSOLE_CHAN, 0);
        },
        // hvc0 is output only here: reading it is reading an empty line.
        Object::Dev(Dev::Null | Dev::Hvc) => Ok(0),
        Object::Node(n) if matches!(fs::node(*n).kind, Kind::File(Data::Disk(_))) => {
            let at = f.offset.get();
            let bytes = super::fs::read_disk(*n, at, max)?;
            user_out(p, buf, &bytes)?;
            f.offset.set(at + bytes.len());
            Ok(bytes.len() as i64)
        }
        Object::Node(_) | Object::ProcFile(_) => {
            let bytes = match &f.object {
                Object::Node(n) => match &fs::node(*n).kind {
                    Kind::File(contents) => contents.bytes(),
                    _ => return Err(EISDIR),
                },
                Object::ProcFile(pf) => &pf.data[..],
                _ => unreachable!(),
            };
            let at = f.offset.get().min(bytes.len());
            let n = max.min(bytes.len() - at);
            user_out(p, buf, &bytes[at..at + n])?;
            f.offset.set(at + n);
            Ok(n as i64)
        }
        Object::PipeRead(pipe) => loop {
            let taken: Vec<u8> = {
                let mut b = pipe.buf.borrow_mut();
                let n = max.min(b.len());
                b.drain(..n).collect()
            };
            if !taken.is_empty() {
                crate::fs::file::wake_pipe(pipe);
                user_out(p, buf, &taken)?;
                return Ok(taken.len() as i64);
            }
            if pipe.writers.get() == 0 {
                return Ok(0);
            }
            if f.nonblock() {
                return Err(EAGAIN);
            }
            if crate::signal::signal_pending(p) {
                return Err(crate::signal::ERESTARTSYS);
            }
            crate::sched::sleep(pipe.chan(), 0);
        },
        Object::PipeWrite(_) => Err(EBADF),
        Object::ProcDir(_) => Err(EISDIR),
    }
}

/// openat(dirfd, path, flags, mode).
pub(super) fn sys_openat(p: &mut Proc, dirfd: u64, path: u64, flags: u64, mode: u64) -> SysResult {
    let path = user_path(p, dirfd, path)?;
    let acc = flags & O_ACCMODE;
    if acc == O_ACCMODE {
        return Err(EINVAL);
    }
    let (readable, writable) = (acc != O_WRONLY, acc != 0);
    let path = procfs::magic_link(&path).unwrap_or(path);
    if procfs::is_proc(&path) {
        if flags & O_CREAT != 0 && flags & O_EXCL != 0 && procfs::lookup(&path, true).is_ok() {
            return Err(EEXIST);
        }
        let object = match procfs::open(&path, writable, flags & O_DIRECTORY != 0)? {
            procfs::Opened::File(pf) => Object::ProcFile(pf),
            procfs::Opened::Dir(pd) => Object::ProcDir(pd),
        };
        let f = File::new(object, readable, writable);
        f.flags.set(status_flags(flags));
        let fd = p.fds.alloc(f, 0).ok_or(EMFILE)?;
        p.fds.set_cloexec(fd, flags & O_CLOEXEC != 0);
        return Ok(fd as i64);
    }
    let node = match fs::lookup(&path) {
        Ok(_) if flags & O_CREAT != 0 && flags & O_EXCL != 0 => return Err(EEXIST),
        Ok(n) => n,
        Err(LookupError::NotFound) if flags & O_CREAT != 0 => {
            let (dir, name) = fs::lookup_parent(&path).map_err(parent_errno)?;
            let perm = mode as u32 & 0o777 & !p.umask;
            let node = Node {
                mode: fs::S_IFREG | perm,
                kind: Kind::File(Data::Owned(Vec::new())),
                ino: 0,
            };
            fs::create(dir, &name, node).map_err(super::fs::errno)?
        }
        Err(e) => return Err(lookup_errno(e)),
    };
    let object = match &mut fs::node_mut(node).kind {
        Kind::Dir(_) if writable => return Err(EISDIR),
        Kind::Dir(_) => Object::Node(node),
        _ if flags & O_DIRECTORY != 0 => return Err(ENOTDIR),
        Kind::File(Data::Disk(size)) => {
            if flags & O_TRUNC != 0 && writable && *size != 0 {
                super::fs::truncate_disk(node, 0)?;
            }
            Object::Node(node)
        }
        Kind::File(contents) => {
            if flags & O_TRUNC != 0 && writable {
                crate::mm::pagecache::invalidate(node);
                contents.owned().clear();
            }
            Object::Node(node)
        }
        Kind::Dev(d) => Object::Dev(*d),
        Kind::Symlink(_) => return Err(ELOOP),
    };
    let f = File::new(object, readable, writable);
    f.flags.set(status_flags(flags));
    let fd = p.fds.alloc(f, 0).ok_or(EMFILE)?;
    p.fds.set_cloexec(fd, flags & O_CLOEXEC != 0);
    Ok(fd as i64)
}

/// lseek(fd, offset, whence).
pub(super) fn sys_lseek(p: &mut Proc, fd: u64, off: i64, whence: u64) -> SysResult {
    let f = file(p, fd)?;
    let size = match &f.object {
        Object::Node(n) => match &fs::node(*n).kind {
            Kind::File(c) => c.len() as i64,
            _ if whence == 0 && off == 0 => 0, // rewinding a directory
            _ => return Err(EINVAL),
        },
        Object::ProcFile(pf) => pf.data.len() as i64,
        Object::ProcDir(_) if whence == 0 && off == 0 => 0,
        Object::ProcDir(_) => return Err(EINVAL),
        Object::Dev(Dev::Null) => return Ok(0),
        _ => return Err(ESPIPE),
    };
    let base = match whence {
        0 => 0,
        1 => f.offset.get() as i64,
        2 => size,
        _ => return Err(EINVAL),
    };
    let new = base.checked_add(off).filter(|&n| n >= 0).ok_or(EINVAL)?;
    f.offset.set(new as usize);
    Ok(new)
}

pub(super) fn sys_dup(p: &mut Proc, fd: u64) -> SysResult {
    let f = file(p, fd)?;
    p.fds.alloc(f, 0).map(|fd| fd as i64).ok_or(EMFILE)
}

pub(super) fn sys_dup3(p: &mut Proc, old: u64, new: u64, flags: u64) -> SysResult {
    if flags & !O_CLOEXEC != 0 {
        return Err(EINVAL);
    }
    let f = file(p, old)?;
    if new >= p.fds.limit() as u64 {
        return Err(EBADF);
    }
    if old == new {
        return Err(EINVAL);
    }
    p.fds.set(new as usize, f);
    p.fds.set_cloexec(new as usize, flags & O_CLOEXEC != 0);
    Ok(new as i64)
}

/// pipe2(fds, flags): fds[0] reads what fds[1] writes; O_CLOEXEC and
/// O_NONBLOCK apply to both.
pub(super) fn sys_pipe2(p: &mut Proc, fds: u64, flags: u64) -> SysResult {
    if flags & !(O_CLOEXEC | O_NONBLOCK) != 0 {
        return Err(EINVAL);
    }
    user_in(p, fds, &mut [0u8; 8])?;
    let (r, w) = File::pipe();
    r.flags.set((flags & O_NONBLOCK) as u32);
    w.flags.set((flags & O_NONBLOCK) as u32);
    let rfd = p.fds.alloc(r, 0).ok_or(EMFILE)?;
    let Some(wfd) = p.fds.alloc(w, 0) else {
        p.fds.close(rfd as u64);
        return Err(EMFILE);
    };
    p.fds.set_cloexec(rfd, flags & O_CLOEXEC != 0);
    p.fds.set_cloexec(wfd, flags & O_CLOEXEC != 0);
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&(rfd as i32).to_le_bytes());
    out[4..].copy_from_slice(&(wfd as i32).to_le_bytes());
    if let Err(e) = user_out(p, fds, &out) {
        p.fds.close(rfd as u64);
        p.fds.close(wfd as u64);
        return Err(e);
    }
    Ok(0)
}

/// Linux riscv64's struct stat (asm-generic/stat.h), 128 bytes.
pub(super) fn stat_bytes(ino: u64, mode: u32, nlink: u32, rdev: u64, size: u64) -> [u8; 128] {
    let mut b = [0u8; 128];
    b[0..8].copy_from_slice(&1u64.to_le_bytes()); // st_dev
    b[8..16].copy_from_slice(&ino.to_le_bytes());
    b[16..20].copy_from_slice(&mode.to_le_bytes());
    b[20..24].copy_from_slice(&nlink.to_le_bytes());
    b[32..40].copy_from_slice(&rdev.to_le_bytes());
    b[48..56].copy_from_slice(&size.to_le_bytes());
    b[56..60].copy_from_slice(&4096u32.to_le_bytes()); // st_blksize
    b[64..72].copy_from_slice(&size.div_ceil(512).to_le_bytes()); // st_blocks
    b
}

fn stat_node(n: usize) -> [u8; 128] {
    let node = fs::node(n);
    if node.ino != 0 {
        return super::fs::stat_disk(n);
    }
    let ino = n as u64 + 1;
    match &node.kind {
        Kind::Dir(entries) => stat_bytes(ino, node.mode, 2 + entries.len() as u32, 0, 4096),
        Kind::File(c) => stat_bytes(ino, node.mode, 1, 0, c.len() as u64),
        Kind::Dev(d) => stat_bytes(ino, node.mode, 1, d.rdev(), 0),
        Kind::Symlink(t) => stat_bytes(ino, node.mode, 1, 0, t.len() as u64),
    }
}

/// A /proc node: size 0, like Linux.
fn stat_proc(node: &procfs::Node) -> [u8; 128] {
    let (ino, mode, nlink) = procfs::stat(node);
    stat_bytes(ino, mode, nlink, 0, 0)
}

fn stat_file(f: &File) -> [u8; 128] {
    match &f.object {
        Object::ProcFile(pf) => stat_proc(&pf.node),
        Object::ProcDir(pd) => stat_proc(&pd.node),
        Object::Node(n) => stat_node(*n),
        Object::Dev(d) => match fs::lookup(d.path()) {
            Ok(n) => stat_node(n),
            Err(_) => stat_bytes(0, fs::S_IFCHR | 0o666, 1, d.rdev(), 0),
        },
        Object::PipeRead(_) | Object::PipeWrite(_) => stat_bytes(0, S_IFIFO | 0o600, 1, 0, 0),
    }
}

pub(super) fn sys_fstat(p: &mut Proc, fd: u64, buf: u64) -> SysResult {
    let st = stat_file(&*file(p, fd)?);
    user_out(p, buf, &st)?;
    Ok(0)
}

/// newfstatat(dirfd, path, buf, flags): AT_SYMLINK_NOFOLLOW is accepted
/// but links are followed (except in /proc); AT_EMPTY_PATH with "" is
/// fstat(dirfd).
pub(super) fn sys_newfstatat(
    p: &mut Proc,
    dirfd: u64,
    path: u64,
    buf: u64,
    flags: u64,
) -> SysResult {
    let raw = vm::copy_in_str(p.aspace.pagetable(), path as usize, PATH_MAX).map_err(|_| EFAULT)?;
    if flags & AT_EMPTY_PATH != 0 && raw.is_empty() {
        return sys_fstat(p, dirfd, buf);
    }
    let path = user_path(p, dirfd, path)?;
    let nofollow = flags & AT_SYMLINK_NOFOLLOW != 0 && !raw.ends_with(b"/");
    let path = if nofollow { path } else { procfs::magic_link(&path).unwrap_or(path) };
    if procfs::is_proc(&path) {
        // A trailing "/" follows a last link, as on Linux ("/proc/self/").
        let node = procfs::lookup(&path, nofollow)?;
        user_out(p, buf, &stat_proc(&node))?;
        return Ok(0);
    }
    let n = if nofollow && path != "/" {
        // lstat: a last component that is a symbolic link is the link.
        let (dir, name) = fs::lookup_parent(&path).map_err(parent_errno)?;
        fs::child_of(dir, &name).ok_or(ENOENT)?
    } else {
        fs::lookup(&path).map_err(lookup_errno)?
    };
    user_out(p, buf, &stat_node(n))?;
    Ok(0)
}

/// getdents64(fd, dirp, count): linux_dirent64 records from the file's
/// offset (an entry index: ".", "..", then the names in order).
pub(super) fn sys_getdents64(p: &mut Proc, fd: u64, dirp: u64, count: u64) -> SysResult {
    let f = file(p, fd)?;
    if let Object::ProcDir(pd) = &f.object {
        let all = pd.entries.iter().map(|e| (e.name.as_str(), e.ino, e.dtype));
        return put_dirents(p, &f, all, dirp, count);
    }
    let Some(dir) = f.node() else { return Err(ENOTDIR) };
    let Kind::Dir(entries) = &fs::node(dir).kind else { return Err(ENOTDIR) };
    let dot = [(".", dir), ("..", fs::parent_of(dir))];
    let all = dot.iter().map(|&(n, i)| (n, i)).chain(entries.iter().map(|(n, &i)| (n.as_str(), i)));
    let all = all.map(|(name, i)| {
        let dtype: u8 = match fs::node(i).kind {
            Kind::Dir(_) => 4,
            Kind::File(_) => 8,
            Kind::Dev(_) => 2,
            Kind::Symlink(_) => 10,
        };
        let ino = match fs::node(i).ino {
            0 => i as u64 + 1,
            ino => ino as u64,
        };
        (name, ino, dtype)
    });
    put_dirents(p, &f, all, dirp, count)
}

/// Copy out the entries (name, inode, d_type) from the file's offset that
/// fit in `count` bytes; advance the offset past them.
fn put_dirents<'a>(
    p: &mut Proc,
    f: &File,
    all: impl Iterator<Item = (&'a str, u64, u8)>,
    dirp: u64,
    count: u64,
) -> SysResult {
    let mut out = Vec::new();
    let mut index = f.offset.get();
    for (name, ino, dtype) in all.skip(index) {
        let reclen = (19 + name.len() + 1).next_multiple_of(8);
        if out.len() + reclen > count as usize {
            if out.is_empty() {
                return Err(EINVAL);
            }
            break;
        }
        index += 1;
        let start = out.len();
        out.extend_from_slice(&ino.to_le_bytes());
        out.extend_from_slice(&(index as i64).to_le_bytes());
        out.extend_from_slice(&(reclen as u16).to_le_bytes());
        out.push(dtype);
        out.extend_from_slice(name.as_bytes());
        out.resize(start + reclen, 0);
    }
    user_out(p, dirp, &out)?;
    f.offset.set(index);
    Ok(out.len() as i64)
}

/// getcwd(buf, size): the length including the NUL, as the system call does.
pub(super) fn sys_getcwd(p: &mut Proc, buf: u64, size: u64) -> SysResult {
    let mut s = p.cwd.clone().into_bytes();
    s.push(0);
    if (size as usize) < s.len() {
        return Err(ERANGE);
    }
    user_out(p, buf, &s)?;
    Ok(s.len() as i64)
}

pub(super) fn sys_chdir(p: &mut Proc, path: u64) -> SysResult {
    let path = user_path(p, AT_FDCWD as u64, path)?;
    if procfs::is_proc(&path) {
        let node = procfs::lookup(&path, false)?;
        if node.mode() & fs::S_IFMT != fs::S_IFDIR {
            return Err(ENOTDIR);
        }
        *p.cwd = path;
        return Ok(0);
    }
    let n = fs::lookup(&path).map_err(lookup_errno)?;
    if !matches!(fs::node(n).kind, Kind::Dir(_)) {
        return Err(ENOTDIR);
    }
    *p.cwd = path;
    Ok(0)
}

pub(super) fn sys_mkdirat(p: &mut Proc, dirfd: u64, path: u64, mode: u64) -> SysResult {
    let path = user_path(p, dirfd, path)?;
    if procfs::is_proc(&path) {
        return Err(if procfs::lookup(&path, true).is_ok() { EEXIST } else { EACCES });
    }
    if fs::lookup(&path).is_ok() {
        return Err(EEXIST);
    }
    let (dir, name) = fs::lookup_parent(&path).map_err(parent_errno)?;
    let perm = mode as u32 & 0o777 & !p.umask;
    let node = Node { mode: fs::S_IFDIR | perm, kind: Kind::Dir(Default::default()), ino: 0 };
    fs::create(dir, &name, node).map_err(super::fs::errno)?;
    Ok(0)
}

pub(super) fn sys_unlinkat(p: &mut Proc, dirfd: u64, path: u64, flags: u64) -> SysResult {
    if flags & !AT_REMOVEDIR != 0 {
        return Err(EINVAL);
    }
    let path = user_path(p, dirfd, path)?;
    if procfs::is_proc(&path) {
        procfs::lookup(&path, true)?;
        return Err(if path == "/proc" { EBUSY } else { EACCES });
    }
    let (dir, name) = fs::lookup_parent(&path).map_err(|e| e.map_or(EBUSY, lookup_errno))?;
    let n = fs::child_of(dir, &name).ok_or(ENOENT)?;
    match &fs::node(n).kind {
        Kind::Dir(entries) if flags & AT_REMOVEDIR != 0 => {
            if !entries.is_empty() {
                return Err(ENOTEMPTY);
            }
        }
        Kind::Dir(_) => return Err(EISDIR),
        _ if flags & AT_REMOVEDIR != 0 => return Err(ENOTDIR),
        _ => {}
    }
    if fs::node(n).ino == 0 {
        crate::mm::pagecache::invalidate(n);
    }
    fs::remove(dir, &name).map_err(super::fs::errno)?;
    Ok(0)
}

/// kill(pid, sig): see proc::kill.
pub(super) fn sys_kill(p: &mut Proc, pid: i64, sig: i64) -> SysResult {
    if !(0..=64).contains(&sig) {
        return Err(EINVAL);
    }
    let sig = sig as i32;
    match pid {
        0 => crate::signal::kill_pgrp(p.pgid, sig),
        -1 => {
            // Every process but init and ourselves.
            let all: Vec<Pid> = proc::table()
                .values()
                .filter(|t| t.is_leader() && t.tgid > 1 && t.tgid != p.tgid)
                .map(|t| t.pid)
                .collect();
            for &t in &all {
                let _ = proc::kill(t, sig);
            }
            if all.is_empty() { Err(()) } else { Ok(()) }
        }
        _ if pid < 0 => crate::signal::kill_pgrp(-pid as Pid, sig),
        _ => proc::kill(pid as Pid, sig),
    }
    .map_err(|_| ESRCH)?;
    Ok(0)
}

/// readlinkat(dirfd, path, buf, size): the target of a symbolic link, not
/// NUL-terminated, cut to `size`. (Not in syscall/mod.rs's table yet: add
/// `nr::READLINKAT (78) => sys_readlinkat(p, a[0], a[1], a[2], a[3])`.)
#[allow(dead_code)]
pub(super) fn sys_readlinkat(
    p: &mut Proc,
    dirfd: u64,
    path: u64,
    buf: u64,
    size: u64,
) -> SysResult {
    if size as i64 <= 0 {
        return Err(EINVAL);
    }
    let path = user_path(p, dirfd, path)?;
    let target: String = if procfs::is_proc(&path) {
        procfs::lookup(&path, true)?.link_target().ok_or(EINVAL)?
    } else {
        let (dir, name) = fs::lookup_parent(&path).map_err(parent_errno)?;
        let n = fs::child_of(dir, &name).ok_or(ENOENT)?;
        match fs::node(n).kind {
            Kind::Symlink(t) => String::from(t),
            _ => return Err(EINVAL),
        }
    };
    let n = target.len().min(size as usize);
    user_out(p, buf, &target.as_bytes()[..n])?;
    Ok(n as i64)
}

/// Most iovecs readv/writev take (Linux's UIO_MAXIOV) and most bytes one
/// call moves (Linux's MAX_RW_COUNT: INT_MAX rounded down to a page).
const IOV_MAX: u64 = 1024;
const MAX_RW_COUNT: u64 = (i32::MAX as u64) & !(PAGE_SIZE as u64 - 1);

/// readv/writev(fd, iov, iovcnt): one read or write per buffer, in order,
/// stopping at the first short transfer; an error after some bytes moved
/// returns the bytes (Linux's loop for files without read_iter). The
/// array is checked first: EFAULT if unreadable, EINVAL if iovcnt is over
/// IOV_MAX or the lengths add up past SSIZE_MAX. The total is clamped to
/// MAX_RW_COUNT, as Linux does.
pub(super) fn sys_readv(p: &mut Proc, fd: u64, iov: u64, iovcnt: u64, write: bool) -> SysResult {
    let f = p.fds.get(fd).cloned().ok_or(EBADF)?;
    if !(if write { f.writable } else { f.readable }) {
        return Err(EBADF);
    }
    if iovcnt as i32 as i64 as u64 != iovcnt || iovcnt > IOV_MAX {
        return Err(EINVAL);
    }
    let mut raw = alloc::vec![0u8; iovcnt as usize * 16];
    user_in(p, iov, &mut raw)?;
    let mut segs = Vec::with_capacity(iovcnt as usize);
    let mut total: u64 = 0;
    for v in raw.chunks_exact(16) {
        let base = u64::from_le_bytes(v[..8].try_into().unwrap());
        let len = u64::from_le_bytes(v[8..].try_into().unwrap());
        if len > i64::MAX as u64 - total {
            return Err(EINVAL);
        }
        total += len;
        segs.push((base, len));
    }
    let mut left = total.min(MAX_RW_COUNT);
    let mut done: u64 = 0;
    for (base, len) in segs {
        let len = len.min(left);
        if len == 0 {
            continue;
        }
        let r = if write { sys_write(p, fd, base, len) } else { sys_read(p, fd, base, len) };
        match r {
            Ok(n) => {
                done += n as u64;
                left -= n as u64;
                if (n as u64) < len {
                    break;
                }
            }
            Err(e) => return if done > 0 { Ok(done as i64) } else { Err(e) },
        }
    }
    Ok(done as i64)
}

/// The status flags an open keeps (F_GETFL shows them): O_APPEND and
/// O_NONBLOCK from open's flags, and O_LARGEFILE, which a 64-bit kernel
/// adds to every open(2).
fn status_flags(open_flags: u64) -> u32 {
    ((open_flags & (O_APPEND | O_NONBLOCK)) | O_LARGEFILE) as u32
}

const F_DUPFD: u64 = 0;
const F_GETFD: u64 = 1;
const F_SETFD: u64 = 2;
const F_GETFL: u64 = 3;
const F_SETFL: u64 = 4;
const F_DUPFD_CLOEXEC: u64 = 1030;
const FD_CLOEXEC: u64 = 1;
/// What F_SETFL may change (Linux's SETFL_MASK less O_ASYNC, O_DIRECT
/// and O_NOATIME, which mean nothing here and are kept as given).
const SETFL_MASK: u64 = O_APPEND | O_NONBLOCK | 0o20000 | 0o40000 | 0o1000000;

/// fcntl(fd, cmd, arg): F_DUPFD and F_DUPFD_CLOEXEC (the lowest free
/// descriptor >= arg; EINVAL at or past RLIMIT_NOFILE), F_GETFD/F_SETFD (the
/// descriptor's FD_CLOEXEC, which execve honours), F_GETFL (access mode
/// and status flags) and F_SETFL (O_APPEND, O_NONBLOCK: shared by every
/// descriptor of the open). Other commands (locks, leases, pipe sizes):
/// EINVAL, as Linux says for a command it does not know.
pub(super) fn sys_fcntl(p: &mut Proc, fd: u64, cmd: u64, arg: u64) -> SysResult {
    let f = file(p, fd)?;
    match cmd as u32 as u64 {
        F_DUPFD | F_DUPFD_CLOEXEC => {
            if arg as u32 as usize >= p.fds.limit() {
                return Err(EINVAL);
            }
            let new = p.fds.alloc(f, arg as u32 as usize).ok_or(EMFILE)?;
            p.fds.set_cloexec(new, cmd == F_DUPFD_CLOEXEC);
            Ok(new as i64)
        }
        F_GETFD => Ok(if p.fds.cloexec(fd as usize) { FD_CLOEXEC as i64 } else { 0 }),
        F_SETFD => {
            p.fds.set_cloexec(fd as usize, arg & FD_CLOEXEC != 0);
            Ok(0)
        }
        F_GETFL => {
            let acc = match (f.readable, f.writable) {
                (true, true) => 2,
                (false, true) => 1,
                _ => 0,
            };
            Ok(acc | f.flags.get() as i64)
        }
        F_SETFL => {
            let keep = f.flags.get() as u64 & !SETFL_MASK;
            f.flags.set((keep | (arg & SETFL_MASK)) as u32);
            Ok(0)
        }
        _ => Err(EINVAL),
    }
}

/// umask(mask): set the file mode creation mask; the old one.
pub(super) fn sys_umask(p: &mut Proc, mask: u64) -> SysResult {
    let old = p.umask;
    p.umask = mask as u32 & 0o777;
    Ok(old as i64)
}

const F_OK: u64 = 0;
const X_OK: u64 = 1;
const W_OK: u64 = 2;
const AT_EACCESS: u64 = 0x200;

/// faccessat(dirfd, path, mode) and faccessat2(..., flags): whether the
/// file exists (F_OK) and may be read, written, executed (R_OK, W_OK,
/// X_OK) by the caller, who is root: reading and writing are allowed
/// (except writing read-only /proc files: EACCES), executing needs an x
/// bit somewhere in the mode (or a directory). EINVAL for unknown mode
/// bits or flags.
pub(super) fn sys_faccessat(
    p: &mut Proc,
    dirfd: u64,
    path: u64,
    mode: u64,
    flags: u64,
) -> SysResult {
    if mode & !(X_OK | W_OK | 4) != 0
        || flags & !(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0
    {
        return Err(EINVAL);
    }
    let raw = vm::copy_in_str(p.aspace.pagetable(), path as usize, PATH_MAX).map_err(|_| EFAULT)?;
    let st = if flags & AT_EMPTY_PATH != 0 && raw.is_empty() {
        stat_file(&*file(p, dirfd)?)
    } else {
        stat_path(p, dirfd, path, flags & AT_SYMLINK_NOFOLLOW != 0)?
    };
    let st_mode = u32::from_le_bytes(st[16..20].try_into().unwrap());
    if mode == F_OK {
        return Ok(0);
    }
    if mode & X_OK != 0 && st_mode & fs::S_IFMT != fs::S_IFDIR && st_mode & 0o111 == 0 {
        return Err(EACCES);
    }
    if mode & W_OK != 0 && st_mode & 0o222 == 0 && path_is_proc(p, dirfd, path) {
        return Err(EACCES);
    }
    Ok(0)
}

fn path_is_proc(p: &Proc, dirfd: u64, path: u64) -> bool {
    user_path(p, dirfd, path).is_ok_and(|path| procfs::is_proc(&path))
}

/// struct stat of a path (newfstatat's lookup).
fn stat_path(p: &Proc, dirfd: u64, path: u64, nofollow: bool) -> Result<[u8; 128], i64> {
    let raw = vm::copy_in_str(p.aspace.pagetable(), path as usize, PATH_MAX).map_err(|_| EFAULT)?;
    let path = user_path(p, dirfd, path)?;
    let nofollow = nofollow && !raw.ends_with(b"/");
    let path = if nofollow { path } else { procfs::magic_link(&path).unwrap_or(path) };
    if procfs::is_proc(&path) {
        return Ok(stat_proc(&procfs::lookup(&path, nofollow)?));
    }
    Ok(stat_node(fs::lookup(&path).map_err(lookup_errno)?))
}

const AT_STATX_SYNC_TYPE: u64 = 0x6000;
const AT_NO_AUTOMOUNT: u64 = 0x800;
const STATX_RESERVED: u64 = 0x8000_0000;
/// What our struct stat holds: STATX_BASIC_STATS (type, mode, nlink,
/// uid, gid, times, ino, size, blocks).
const STATX_BASIC_STATS: u32 = 0x7ff;

/// statx(dirfd, path, flags, mask, buf): struct statx (256 bytes, Linux's
/// layout) from what stat knows; stx_mask says STATX_BASIC_STATS
/// whatever was asked, as Linux fills what it has. Flags: AT_EMPTY_PATH,
/// AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT and the sync types; EINVAL for
/// others or for the reserved mask bit.
pub(super) fn sys_statx(
    p: &mut Proc,
    dirfd: u64,
    path: u64,
    flags: u64,
    mask: u64,
    buf: u64,
) -> SysResult {
    let known = AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE;
    if flags & !known != 0 || flags & AT_STATX_SYNC_TYPE == AT_STATX_SYNC_TYPE {
        return Err(EINVAL);
    }
    if mask & STATX_RESERVED != 0 {
        return Err(EINVAL);
    }
    let raw = vm::copy_in_str(p.aspace.pagetable(), path as usize, PATH_MAX).map_err(|_| EFAULT)?;
    let st = if flags & AT_EMPTY_PATH != 0 && raw.is_empty() {
        stat_file(&*file(p, dirfd)?)
    } else {
        stat_path(p, dirfd, path, flags & AT_SYMLINK_NOFOLLOW != 0)?
    };
    let word = |off: usize| u64::from_le_bytes(st[off..off + 8].try_into().unwrap());
    let half = |off: usize| u32::from_le_bytes(st[off..off + 4].try_into().unwrap());
    let (dev, ino, mode, nlink, uid, gid, rdev) =
        (word(0), word(8), half(16), half(20), half(24), half(28), word(32));
    let (size, blksize, blocks) = (word(48), half(56), word(64));
    let mut x = [0u8; 256];
    x[0..4].copy_from_slice(&STATX_BASIC_STATS.to_le_bytes());
    x[4..8].copy_from_slice(&blksize.to_le_bytes());
    x[16..20].copy_from_slice(&nlink.to_le_bytes());
    x[20..24].copy_from_slice(&uid.to_le_bytes());
    x[24..28].copy_from_slice(&gid.to_le_bytes());
    x[28..30].copy_from_slice(&(mode as u16).to_le_bytes());
    x[32..40].copy_from_slice(&ino.to_le_bytes());
    x[40..48].copy_from_slice(&size.to_le_bytes());
    x[48..56].copy_from_slice(&blocks.to_le_bytes());
    // Times (atime 64, btime 80, ctime 96, mtime 112) are 0, as stat's.
    let (rmaj, rmin) = ((rdev >> 8) & 0xfff, (rdev & 0xff) | ((rdev >> 12) & !0xff));
    let (dmaj, dmin) = ((dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & !0xff));
    x[128..132].copy_from_slice(&(rmaj as u32).to_le_bytes());
    x[132..136].copy_from_slice(&(rmin as u32).to_le_bytes());
    x[136..140].copy_from_slice(&(dmaj as u32).to_le_bytes());
    x[140..144].copy_from_slice(&(dmin as u32).to_le_bytes());
    user_out(p, buf, &x)?;
    Ok(0)
}
