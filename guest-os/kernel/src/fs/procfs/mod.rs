//! /proc: files that show the kernel's state, made when they are opened.
//!
//! Nothing here is stored: a path under /proc names a `Node` (computed
//! from the path and the process table), and opening a file renders its
//! whole text at once into a snapshot that read/lseek then serve (what
//! Linux's seq_file does, page by page). Directories are listed at open
//! time too. The data comes from procinfo.rs and sysctl.rs; this module
//! only finds things and formats them, in Linux's formats:
//!   pid.rs      /proc/PID/{status,stat,statm,cmdline,environ,comm,maps},
//!               task/; exe and fd/N are links (magic_link follows them out)
//!   meminfo.rs  /proc/meminfo, /proc/vmstat
//!   system.rs   /proc/uptime, /proc/loadavg
//!   sys.rs      /proc/sys/... (sysctl.rs's tunables)
//! syscall/file.rs sends every path equal to "/proc" or below it here.

mod meminfo;
mod pid;
pub mod procinfo;
mod sched;
mod sys;
mod system;

use crate::syscall::errno::{EACCES, EINVAL, EISDIR, ENOENT, ENOTDIR, ENXIO};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Linux's file type bits and d_type values.
use crate::fs::{S_IFDIR, S_IFLNK, S_IFREG};
const DT_DIR: u8 = 4;
const DT_REG: u8 = 8;
const DT_LNK: u8 = 10;

/// The files of a /proc/PID (and /proc/PID/task/TID) directory.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PidFile {
    Status,
    Stat,
    Statm,
    Cmdline,
    Comm,
    Environ,
    Maps,
    Sched,
}

const PID_FILES: [(&str, PidFile); 8] = [
    ("cmdline", PidFile::Cmdline),
    ("comm", PidFile::Comm),
    ("environ", PidFile::Environ),
    ("maps", PidFile::Maps),
    ("sched", PidFile::Sched),
    ("stat", PidFile::Stat),
    ("statm", PidFile::Statm),
    ("status", PidFile::Status),
];

/// Files directly in /proc.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TopFile {
    Meminfo,
    Vmstat,
    Uptime,
    Loadavg,
    Stat,
    Mounts,
}

const TOP_FILES: [(&str, TopFile); 6] = [
    ("loadavg", TopFile::Loadavg),
    ("meminfo", TopFile::Meminfo),
    ("mounts", TopFile::Mounts),
    ("stat", TopFile::Stat),
    ("uptime", TopFile::Uptime),
    ("vmstat", TopFile::Vmstat),
];

/// Something under /proc.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Node {
    /// /proc
    Root,
    /// /proc/self, /proc/thread-self (symbolic links).
    SelfLink,
    ThreadSelfLink,
    Top(TopFile),
    /// /proc/PID
    PidDir(i32),
    /// /proc/PID/task
    TaskDir(i32),
    /// /proc/PID/task/TID
    TidDir(i32, i32),
    /// A file of /proc/PID (tid None) or /proc/PID/task/TID.
    Pid(i32, Option<i32>, PidFile),
    /// /proc/PID/exe: a link to the program's file.
    Exe(i32),
    /// /proc/PID/fd, and its links fd/N to what descriptor N refers to.
    FdDir(i32),
    Fd(i32, usize),
    /// /proc/sys and its subdirectories: the path below /proc/sys ("" for
    /// /proc/sys itself, "kernel", ...).
    SysDir(String),
    /// A tunable (index in sysctl::TABLE).
    Sysctl(usize),
}

/// Does absolute normalized `path` lie in /proc?
pub fn is_proc(path: &str) -> bool {
    path == "/proc" || path.starts_with("/proc/")
}

fn parse_pid(s: &str) -> Option<i32> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) || s.starts_with('0')
    {
        return None;
    }
    s.parse().ok()
}

impl Node {
    fn is_dir(&self) -> bool {
        matches!(
            self,
            Node::Root
                | Node::PidDir(_)
                | Node::TaskDir(_)
                | Node::TidDir(..)
                | Node::FdDir(_)
                | Node::SysDir(_)
        )
    }

    /// Where a symbolic link points (relative to /proc), as readlink says.
    pub fn link_target(&self) -> Option<String> {
        match self {
            Node::SelfLink => Some(procinfo::current_tgid().to_string()),
            Node::ThreadSelfLink => {
                Some(format!("{}/task/{}", procinfo::current_tgid(), procinfo::current_tid()))
            }
            Node::Exe(pid) => procinfo::task(*pid)?.exe,
            Node::Fd(pid, fd) => {
                procinfo::task(*pid)?.fds.into_iter().find(|&(n, _)| n == *fd).map(|(_, t)| t)
            }
            _ => None,
        }
    }

    /// What the link points to, resolved.
    fn follow(self) -> Node {
        match self {
            Node::SelfLink => Node::PidDir(procinfo::current_tgid()),
            Node::ThreadSelfLink => Node::TidDir(procinfo::current_tgid(), procinfo::current_tid()),
            n => n,
        }
    }

    /// The entry `name` of directory `self`.
    fn child(&self, name: &str) -> Option<Node> {
        match self {
            Node::Root => match name {
                "self" => Some(Node::SelfLink),
                "thread-self" => Some(Node::ThreadSelfLink),
                "sys" => Some(Node::SysDir(String::new())),
                _ => {
                    if let Some(&(_, f)) = TOP_FILES.iter().find(|(n, _)| *n == name) {
                        return Some(Node::Top(f));
                    }
                    let pid = parse_pid(name)?;
                    procinfo::task(pid).map(|_| Node::PidDir(pid))
                }
            },
            Node::PidDir(pid) => match name {
                "task" => Some(Node::TaskDir(*pid)),
                "exe" => Some(Node::Exe(*pid)),
                "fd" => Some(Node::FdDir(*pid)),
                _ => PID_FILES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|&(_, f)| Node::Pid(*pid, None, f)),
            },
            Node::TaskDir(pid) => {
                let tid = parse_pid(name)?;
                procinfo::task(*pid)?.tids.contains(&tid).then_some(Node::TidDir(*pid, tid))
            }
            Node::TidDir(pid, tid) => PID_FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, f)| Node::Pid(*pid, Some(*tid), f)),
            Node::FdDir(pid) => {
                let fd: usize =
                    name.parse().ok().filter(|_| parse_pid(name).is_some() || name == "0")?;
                procinfo::task(*pid)?
                    .fds
                    .iter()
                    .any(|&(n, _)| n == fd)
                    .then_some(Node::Fd(*pid, fd))
            }
            Node::SysDir(dir) => sys::child(dir, name),
            _ => None,
        }
    }

    /// The entries of directory `self` (without "." and ".."): name, node.
    fn children(&self) -> Vec<(String, Node)> {
        let files = |tid: Option<i32>, pid: i32| {
            PID_FILES.iter().map(move |&(n, f)| (n.to_string(), Node::Pid(pid, tid, f)))
        };
        match self {
            Node::Root => {
                let mut v: Vec<(String, Node)> =
                    TOP_FILES.iter().map(|&(n, f)| (n.to_string(), Node::Top(f))).collect();
                v.push(("self".to_string(), Node::SelfLink));
                v.push(("sys".to_string(), Node::SysDir(String::new())));
                v.push(("thread-self".to_string(), Node::ThreadSelfLink));
                v.extend(procinfo::pids().into_iter().map(|p| (p.to_string(), Node::PidDir(p))));
                v
            }
            Node::PidDir(pid) => {
                let mut v: Vec<(String, Node)> = files(None, *pid).collect();
                v.push(("exe".to_string(), Node::Exe(*pid)));
                v.push(("fd".to_string(), Node::FdDir(*pid)));
                v.push(("task".to_string(), Node::TaskDir(*pid)));
                v.sort_by(|a, b| a.0.cmp(&b.0));
                v
            }
            Node::TaskDir(pid) => procinfo::task(*pid)
                .map(|t| {
                    t.tids.iter().map(|&tid| (tid.to_string(), Node::TidDir(*pid, tid))).collect()
                })
                .unwrap_or_default(),
            Node::TidDir(pid, tid) => files(Some(*tid), *pid).collect(),
            Node::FdDir(pid) => procinfo::task(*pid)
                .map(|t| {
                    t.fds.iter().map(|&(fd, _)| (fd.to_string(), Node::Fd(*pid, fd))).collect()
                })
                .unwrap_or_default(),
            Node::SysDir(dir) => sys::children(dir),
            _ => Vec::new(),
        }
    }

    /// st_mode.
    pub fn mode(&self) -> u32 {
        match self {
            n if n.is_dir() => S_IFDIR | 0o555,
            Node::SelfLink | Node::ThreadSelfLink | Node::Exe(_) | Node::Fd(..) => S_IFLNK | 0o777,
            Node::Sysctl(_) => S_IFREG | 0o644,
            _ => S_IFREG | 0o444,
        }
    }

    fn dtype(&self) -> u8 {
        match self.mode() & crate::fs::S_IFMT {
            S_IFDIR => DT_DIR,
            S_IFLNK => DT_LNK,
            _ => DT_REG,
        }
    }

    /// An inode number: stable for a node, unlike the tree's.
    pub fn ino(&self) -> u64 {
        // FNV-1a of the node's description, above the tree's numbers.
        let text = format!("{self:?}");
        let mut h: u32 = 0x811c_9dc5;
        for b in text.bytes() {
            h = (h ^ b as u32).wrapping_mul(0x0100_0193);
        }
        0x1_0000_0000 | h as u64
    }

    /// The parent directory (for getdents64's "..").
    fn parent(&self) -> Option<Node> {
        match self {
            Node::Root => None,
            Node::TaskDir(pid) => Some(Node::PidDir(*pid)),
            Node::TidDir(pid, _) => Some(Node::TaskDir(*pid)),
            Node::FdDir(pid) => Some(Node::PidDir(*pid)),
            Node::SysDir(d) if d.is_empty() => Some(Node::Root),
            Node::SysDir(d) => {
                Some(Node::SysDir(d.rsplit_once('/').map_or("", |(p, _)| p).to_string()))
            }
            _ => Some(Node::Root),
        }
    }

    /// The file's text, rendered now.
    fn render(&self) -> Result<Vec<u8>, i64> {
        Ok(match self {
            Node::Top(TopFile::Meminfo) => meminfo::meminfo(),
            Node::Top(TopFile::Vmstat) => meminfo::vmstat(),
            Node::Top(TopFile::Uptime) => system::uptime(),
            Node::Top(TopFile::Loadavg) => system::loadavg(),
            Node::Top(TopFile::Stat) => system::stat(),
            Node::Top(TopFile::Mounts) => system::mounts(),
            Node::Pid(pid, tid, f) => {
                let t = procinfo::task(tid.unwrap_or(*pid)).ok_or(ENOENT)?;
                pid::render(&t, *f)
            }
            Node::Sysctl(i) => sys::render(*i),
            // A link to something without a path (a pipe): not reopened.
            Node::Exe(_) | Node::Fd(..) => return Err(ENXIO),
            _ => return Err(EISDIR),
        })
    }
}

/// The node at absolute normalized `path` (in /proc); links are followed,
/// except a last component when `nofollow` (lstat). ENOENT, ENOTDIR.
pub fn lookup(path: &str, nofollow: bool) -> Result<Node, i64> {
    let rest = path.strip_prefix("/proc").ok_or(ENOENT)?;
    let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let mut node = Node::Root;
    for (i, part) in parts.iter().enumerate() {
        if !node.is_dir() {
            return Err(ENOTDIR);
        }
        node = node.child(part).ok_or(ENOENT)?;
        if !(nofollow && i + 1 == parts.len()) {
            node = node.follow();
        }
    }
    Ok(node)
}

/// Where `path` leads when it names one of the links that point out of
/// /proc (Linux's "magic links": /proc/PID/exe, /proc/PID/fd/N): the file's
/// own path, which open and stat then use. None for every other path.
pub fn magic_link(path: &str) -> Option<String> {
    match lookup(path, true).ok()? {
        n @ (Node::Exe(_) | Node::Fd(..)) => {
            n.link_target().filter(|t| t.starts_with('/') && !is_proc(t))
        }
        _ => None,
    }
}

/// st_ino, st_mode, st_nlink of `node` (size is 0, as on Linux).
pub fn stat(node: &Node) -> (u64, u32, u32) {
    let nlink = if node.is_dir() {
        2 + node.children().iter().filter(|(_, n)| n.is_dir()).count() as u32
    } else {
        1
    };
    (node.ino(), node.mode(), nlink)
}

/// An open /proc file: its text as of the open.
pub struct ProcFile {
    pub node: Node,
    pub data: Vec<u8>,
}

/// One directory entry: name, inode number, d_type.
pub struct DirEntry {
    pub name: String,
    pub ino: u64,
    pub dtype: u8,
}

/// An open /proc directory: its entries as of the open, "." and ".." first.
pub struct ProcDir {
    pub node: Node,
    pub entries: Vec<DirEntry>,
    /// The path it was opened by (for *at() calls relative to it).
    pub path: String,
}

pub enum Opened {
    File(ProcFile),
    Dir(ProcDir),
}

/// open(2) of `path`: EACCES when writing a read-only file, EISDIR when
/// writing a directory, ENOTDIR for O_DIRECTORY on a file.
pub fn open(path: &str, writable: bool, directory: bool) -> Result<Opened, i64> {
    let node = lookup(path, false)?;
    if node.is_dir() {
        if writable {
            return Err(EISDIR);
        }
        let mut entries = Vec::new();
        let dot =
            |name: &str, n: &Node| DirEntry { name: name.to_string(), ino: n.ino(), dtype: DT_DIR };
        entries.push(dot(".", &node));
        match node.parent() {
            Some(p) => entries.push(dot("..", &p)),
            None => entries.push(DirEntry { name: "..".to_string(), ino: 1, dtype: DT_DIR }),
        }
        for (name, n) in node.children() {
            entries.push(DirEntry { name, ino: n.ino(), dtype: n.dtype() });
        }
        return Ok(Opened::Dir(ProcDir { node, entries, path: path.to_string() }));
    }
    if directory {
        return Err(ENOTDIR);
    }
    if writable && node.mode() & 0o200 == 0 {
        return Err(EACCES);
    }
    let data = node.render()?;
    Ok(Opened::File(ProcFile { node, data }))
}

/// write(2) to an open /proc file (only tunables take writes): the value
/// is applied at once. EINVAL on garbage or a value out of range.
pub fn write(f: &ProcFile, bytes: &[u8]) -> Result<usize, i64> {
    match f.node {
        Node::Sysctl(i) => {
            sys::write(i, bytes).map_err(|_| EINVAL)?;
            Ok(bytes.len())
        }
        _ => Err(EACCES),
    }
}
