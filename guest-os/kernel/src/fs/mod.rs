//! Files: the tree of names below (filled from the initrd, cpio.rs, or
//! from the disk's ext2, ext2/), open files and pipes (file.rs),
//! per-process descriptor tables (fd.rs), the buffer cache of disk
//! metadata (buffer.rs) and /proc (procfs/). The file system calls are
//! syscall/file.rs and syscall/fs.rs.
//!
//! Owns: the tree and every open file. Calls: mm/ (the page cache keys
//! on the tree's nodes), proc/ and sched/ (pipe sleepers), dev/ (the disk).
//!
//! Nodes live in one Vec and refer to each other by index (node 0 is "/"),
//! which keeps the tree free of reference counting. Without a disk, file
//! contents are slices of the initrd, which stays in RAM: nothing is
//! copied. With `root=/dev/vda`, the tree is the disk's ext2 directory
//! tree, read whole at mount (a dentry cache that never misses): a node
//! remembers its inode number, file data comes from the disk through the
//! page cache, and every change of a name (create, unlink, link, rename)
//! is made in ext2 as well. /proc is an empty directory here: the system
//! calls (syscall/file.rs) send paths under it to procfs/; /dev's nodes
//! live in memory only, as on a devtmpfs.

pub mod buffer;
pub mod cpio;
pub mod ext2;
pub mod fd;
pub mod file;
pub mod procfs;

use crate::klib::global::Global;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

/// File type bits of st_mode.
pub const S_IFMT: u32 = 0o170000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFLNK: u32 = 0o120000;
pub const S_IFCHR: u32 = 0o020000;

/// A regular file's bytes: a slice of the initrd until first written, then
/// a private copy on the heap; or on the disk (ext2, the node's inode),
/// of the size given, read through the page cache.
pub enum Data {
    Static(&'static [u8]),
    Owned(Vec<u8>),
    Disk(usize),
}

impl Data {
    /// The bytes of an in-memory file (a disk file has none here).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Data::Static(b) => b,
            Data::Owned(v) => v,
            Data::Disk(_) => &[],
        }
    }

    /// The file's size in bytes.
    pub fn len(&self) -> usize {
        match self {
            Data::Disk(n) => *n,
            d => d.bytes().len(),
        }
    }

    /// The bytes, made writable (copied out of the initrd the first time),
    /// or NoMem when the heap cannot hold the copy.
    pub fn try_owned(&mut self) -> Result<&mut Vec<u8>, crate::mm::heap::NoMem> {
        if let Data::Static(b) = *self {
            let mut v = Vec::new();
            crate::mm::heap::try_reserve(&mut v, b.len())?;
            v.extend_from_slice(b);
            *self = Data::Owned(v);
        }
        Ok(self.owned())
    }

    /// The bytes, made writable (copied out of the initrd the first time).
    pub fn owned(&mut self) -> &mut Vec<u8> {
        if let Data::Static(b) = *self {
            *self = Data::Owned(b.to_vec());
        }
        match self {
            Data::Owned(v) => v,
            _ => unreachable!(),
        }
    }
}

/// Character devices.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dev {
    Console,
    Null,
    /// The host's standard error (dev/hvc.rs), on Vitrine only.
    Hvc,
}

impl Dev {
    /// Linux's device number (major << 8 | minor).
    pub fn rdev(self) -> u64 {
        match self {
            Dev::Console => (5 << 8) | 1,
            Dev::Null => (1 << 8) | 3,
            Dev::Hvc => 229 << 8, // Linux's hvc0: major 229, minor 0
        }
    }

    /// Where it is in /dev.
    pub fn path(self) -> &'static str {
        match self {
            Dev::Console => "/dev/console",
            Dev::Null => "/dev/null",
            Dev::Hvc => "/dev/hvc0",
        }
    }
}

pub enum Kind {
    Dir(BTreeMap<String, usize>),
    File(Data),
    Symlink(&'static str),
    Dev(Dev),
}

pub struct Node {
    pub mode: u32,
    pub kind: Kind,
    /// Its ext2 inode number; 0 for a node in memory only.
    pub ino: u32,
}

struct Tree {
    nodes: Vec<Node>,
}

static TREE: Global<Tree> = Global::new(Tree { nodes: Vec::new() });

/// Node index of "/".
pub const ROOT: usize = 0;

fn ensure_root(t: &mut Tree) {
    if t.nodes.is_empty() {
        t.nodes.push(Node { mode: S_IFDIR | 0o755, kind: Kind::Dir(BTreeMap::new()), ino: 0 });
    }
}

/// Build the tree from a newc cpio archive; returns (entries, files, bytes).
pub fn load_initrd(archive: &'static [u8]) -> Result<(usize, usize, usize), cpio::BadArchive> {
    let t = TREE.get();
    ensure_root(t);
    let (mut files, mut bytes) = (0, 0);
    let n = cpio::parse(archive, |e| {
        let kind = match e.mode & S_IFMT {
            S_IFDIR => Kind::Dir(BTreeMap::new()),
            S_IFREG => {
                files += 1;
                bytes += e.data.len();
                Kind::File(Data::Static(e.data))
            }
            S_IFLNK => Kind::Symlink(core::str::from_utf8(e.data).unwrap_or("")),
            _ => return, // devices, fifos: not yet
        };
        insert(t, e.path, Node { mode: e.mode, kind, ino: 0 });
    })?;
    Ok((n, files, bytes))
}

/// Put `node` at `path` ("a/b/c", "./a", "/a"), creating missing parent
/// directories; an existing directory keeps its children.
fn insert(t: &mut Tree, path: &str, node: Node) {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    let Some((last, dirs)) = parts.split_last() else { return };
    let mut dir = ROOT;
    for part in dirs {
        dir = match child(t, dir, part) {
            Some(i) => i,
            None => add(
                t,
                dir,
                part,
                Node { mode: S_IFDIR | 0o755, kind: Kind::Dir(BTreeMap::new()), ino: 0 },
            ),
        };
    }
    match child(t, dir, last) {
        Some(i) if matches!((&t.nodes[i].kind, &node.kind), (Kind::Dir(_), Kind::Dir(_))) => {
            t.nodes[i].mode = node.mode
        }
        Some(i) => t.nodes[i] = node,
        None => {
            add(t, dir, last, node);
        }
    }
}

fn child(t: &Tree, dir: usize, name: &str) -> Option<usize> {
    match &t.nodes[dir].kind {
        Kind::Dir(entries) => entries.get(name).copied(),
        _ => None,
    }
}

fn add(t: &mut Tree, dir: usize, name: &str, node: Node) -> usize {
    let i = t.nodes.len();
    t.nodes.push(node);
    if let Kind::Dir(entries) = &mut t.nodes[dir].kind {
        entries.insert(String::from(name), i);
    }
    i
}

/// Why a lookup failed (the errno it becomes).
#[derive(Debug, PartialEq, Eq)]
pub enum LookupError {
    NotFound,
    NotDir,
    Loop,
}

/// The node at absolute `path`, following symbolic links (at most 8).
pub fn lookup(path: &str) -> Result<usize, LookupError> {
    let t = TREE.get();
    ensure_root(t);
    walk(t, ROOT, path, 0)
}

fn walk(t: &Tree, start: usize, path: &str, depth: usize) -> Result<usize, LookupError> {
    if depth > 8 {
        return Err(LookupError::Loop);
    }
    // Directories we went through, for "..".
    let mut stack = alloc::vec![if path.starts_with('/') { ROOT } else { start }];
    for part in path.split('/').filter(|s| !s.is_empty() && *s != ".") {
        let dir = *stack.last().unwrap();
        if part == ".." {
            if stack.len() > 1 {
                stack.pop();
            }
            continue;
        }
        if !matches!(t.nodes[dir].kind, Kind::Dir(_)) {
            return Err(LookupError::NotDir);
        }
        let mut i = child(t, dir, part).ok_or(LookupError::NotFound)?;
        if let Kind::Symlink(target) = t.nodes[i].kind {
            i = walk(t, dir, target, depth + 1)?;
        }
        stack.push(i);
    }
    Ok(*stack.last().unwrap())
}

/// The node at absolute `path`, not following a last symbolic link (lstat).
pub fn lookup_nofollow(path: &str) -> Option<usize> {
    if path == "/" {
        return Some(ROOT);
    }
    let (dir, name) = lookup_parent(path).ok()?;
    child_of(dir, &name)
}

/// Node `i`.
pub fn node(i: usize) -> &'static Node {
    &TREE.get().nodes[i]
}

/// Node `i`, to change it.
pub fn node_mut(i: usize) -> &'static mut Node {
    &mut TREE.get().nodes[i]
}

/// Add /dev/console and /dev/null (and /dev) unless the initrd has them,
/// /dev/hvc0 when the machine has a host stderr (`hvc`), and /proc (where
/// procfs/ is mounted, so that `ls /` shows it).
pub fn add_devices(hvc: bool) {
    let t = TREE.get();
    ensure_root(t);
    if walk(t, ROOT, "proc", 0).is_err() {
        insert(t, "proc", Node { mode: S_IFDIR | 0o555, kind: Kind::Dir(BTreeMap::new()), ino: 0 });
    }
    let devs: &[Dev] =
        if hvc { &[Dev::Console, Dev::Null, Dev::Hvc] } else { &[Dev::Console, Dev::Null] };
    for &dev in devs {
        let path = &dev.path()[1..];
        if walk(t, ROOT, path, 0).is_err() {
            let mode = if dev == Dev::Hvc { 0o620 } else { 0o666 };
            insert(t, path, Node { mode: S_IFCHR | mode, kind: Kind::Dev(dev), ino: 0 });
        }
    }
}

/// `path` made absolute (relative paths start at `cwd`) and normalized:
/// no ".", "..", or repeated "/" (lexically, as symlinks are rare here).
pub fn absolute(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let full = if path.starts_with('/') { [path, ""] } else { [cwd, path] };
    for piece in full {
        for part in piece.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
    }
    let mut out = String::new();
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Split absolute normalized `path` into (parent directory node, last name).
/// "/" has no parent: Err(None).
pub fn lookup_parent(path: &str) -> Result<(usize, String), Option<LookupError>> {
    let (dir, name) = path.rsplit_once('/').ok_or(None)?;
    if name.is_empty() {
        return Err(None);
    }
    let d = lookup(if dir.is_empty() { "/" } else { dir }).map_err(Some)?;
    if !matches!(node(d).kind, Kind::Dir(_)) {
        return Err(Some(LookupError::NotDir));
    }
    Ok((d, String::from(name)))
}

/// Entry `name` of directory `dir`.
pub fn child_of(dir: usize, name: &str) -> Option<usize> {
    child(TREE.get(), dir, name)
}

/// A new node `name` in directory `dir` (on the disk too if `dir` is).
pub fn create(dir: usize, name: &str, mut node: Node) -> Result<usize, ext2::Error> {
    let dir_ino = TREE.get().nodes[dir].ino;
    if dir_ino != 0 && !matches!(node.kind, Kind::Dev(_)) {
        let target = match &node.kind {
            Kind::Symlink(t) => t.as_bytes(),
            _ => &[],
        };
        node.ino = ext2::create(dir_ino, name, node.mode, target)?;
        if let Kind::File(_) = node.kind {
            node.kind = Kind::File(Data::Disk(0));
        }
    }
    Ok(add(TREE.get(), dir, name, node))
}

/// Remove entry `name` from directory `dir` (the node itself stays, for
/// files still open; on the disk, the inode goes at its last close).
pub fn remove(dir: usize, name: &str) -> Result<(), ext2::Error> {
    let t = TREE.get();
    if let Some(n) = child(t, dir, name) {
        let (dir_ino, ino) = (t.nodes[dir].ino, t.nodes[n].ino);
        if dir_ino != 0 && ino != 0 {
            let is_dir = matches!(t.nodes[n].kind, Kind::Dir(_));
            ext2::unlink(dir_ino, name, ino, is_dir)?;
            if let Kind::Dir(entries) = &mut TREE.get().nodes[dir].kind {
                entries.remove(name);
            }
            if !ext2::is_open(ino) && !is_hard_linked(n) {
                crate::mm::pagecache::invalidate(n);
            }
            return Ok(());
        }
    }
    if let Kind::Dir(entries) = &mut TREE.get().nodes[dir].kind {
        entries.remove(name);
    }
    Ok(())
}

/// Whether node `n` has a name left in the tree (another hard link).
fn is_hard_linked(n: usize) -> bool {
    TREE.get().nodes.iter().any(|d| match &d.kind {
        Kind::Dir(entries) => entries.values().any(|&c| c == n),
        _ => false,
    })
}

/// A new name `name` in `dir` for node `n` (link(2)). Err(None): a
/// directory, or a node of another file system (EXDEV, EPERM).
pub fn link(dir: usize, name: &str, n: usize) -> Result<(), Option<ext2::Error>> {
    let t = TREE.get();
    let (dir_ino, ino) = (t.nodes[dir].ino, t.nodes[n].ino);
    if matches!(t.nodes[n].kind, Kind::Dir(_)) || (dir_ino == 0) != (ino == 0) {
        return Err(None);
    }
    if ino != 0 {
        ext2::link(dir_ino, name, ino).map_err(Some)?;
    }
    if let Kind::Dir(entries) = &mut TREE.get().nodes[dir].kind {
        entries.insert(String::from(name), n);
    }
    Ok(())
}

/// Move entry `old` of `odir` to `new` in `ndir`, replacing what is there
/// (the caller checked the types). Err(None): across file systems (EXDEV).
pub fn rename(odir: usize, old: &str, ndir: usize, new: &str) -> Result<(), Option<ext2::Error>> {
    let t = TREE.get();
    let n = child(t, odir, old).ok_or(Some(ext2::Error::NotFound))?;
    let victim = child(t, ndir, new);
    let (odi, ndi, ino) = (t.nodes[odir].ino, t.nodes[ndir].ino, t.nodes[n].ino);
    if (odi == 0) != (ndi == 0) || (ino == 0) != (odi == 0) {
        return Err(None);
    }
    if victim == Some(n) {
        return Ok(()); // two names of one file: nothing to do (POSIX)
    }
    if ino != 0 {
        let replaced = victim.map(|v| (t.nodes[v].ino, matches!(t.nodes[v].kind, Kind::Dir(_))));
        ext2::rename(odi, old, ndi, new, ino, replaced).map_err(Some)?;
    }
    let t = TREE.get();
    if let Kind::Dir(entries) = &mut t.nodes[odir].kind {
        entries.remove(old);
    }
    if let Kind::Dir(entries) = &mut t.nodes[ndir].kind {
        entries.insert(String::from(new), n);
    }
    if let Some(v) = victim {
        if t.nodes[v].ino != 0 && !ext2::is_open(t.nodes[v].ino) && !is_hard_linked(v) {
            crate::mm::pagecache::invalidate(v);
        }
    }
    Ok(())
}

/// An open file of node `n` was made (`open`) or closed: an unlinked
/// disk file is freed at its last close.
pub fn opened(n: usize, open: bool) {
    let ino = TREE.get().nodes[n].ino;
    if ino == 0 || !ext2::mounted() {
        return;
    }
    if open {
        ext2::iget(ino);
    } else if ext2::iput(ino) {
        crate::mm::pagecache::invalidate(n);
    }
}

/// Mount the disk's ext2 as the root: the tree becomes its directory tree.
/// Returns (directories, files) read.
pub fn mount_root() -> Result<(usize, usize), &'static str> {
    ext2::mount()?;
    let t = TREE.get();
    t.nodes.clear();
    let root = ext2::stat(ext2::inode::ROOT_INO).map_err(|_| "cannot read the root inode")?;
    if root.mode() & S_IFMT != S_IFDIR {
        return Err("the root inode is not a directory");
    }
    let root_ino = ext2::inode::ROOT_INO;
    t.nodes.push(Node { mode: root.mode(), kind: Kind::Dir(BTreeMap::new()), ino: root_ino });
    let (mut dirs, mut files) = (1, 0);
    // Inode -> node, so that hard links share their node; directories
    // already walked (a corrupt disk may link one into itself).
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    let mut walked = alloc::collections::BTreeSet::from([root_ino]);
    let mut todo = alloc::vec![(ROOT, root_ino)];
    while let Some((at, ino)) = todo.pop() {
        let entries = ext2::read_dir(ino).map_err(|_| "cannot read a directory")?;
        for (name, cino, _) in entries {
            if name == "." || name == ".." || name.contains('/') {
                continue;
            }
            if let Some(&n) = seen.get(&cino) {
                if let Kind::Dir(e) = &mut TREE.get().nodes[at].kind {
                    e.insert(name, n);
                }
                continue;
            }
            let i = ext2::stat(cino).map_err(|_| "cannot read an inode")?;
            let kind = match i.mode() & S_IFMT {
                S_IFDIR => Kind::Dir(BTreeMap::new()),
                S_IFREG => Kind::File(Data::Disk(i.size() as usize)),
                S_IFLNK => {
                    let target = ext2::read_link(cino).map_err(|_| "cannot read a symlink")?;
                    Kind::Symlink(leak_str(&target))
                }
                _ => continue, // devices, fifos, sockets: not here
            };
            let is_dir = matches!(kind, Kind::Dir(_));
            if is_dir && !walked.insert(cino) {
                continue;
            }
            let n = add(TREE.get(), at, &name, Node { mode: i.mode(), kind, ino: cino });
            if is_dir {
                dirs += 1;
                todo.push((n, cino));
            } else {
                files += 1;
                seen.insert(cino, n);
            }
        }
    }
    Ok((dirs, files))
}

/// A symlink target kept for the kernel's lifetime.
pub fn leak_str(bytes: &[u8]) -> &'static str {
    let s = String::from_utf8_lossy(bytes);
    alloc::boxed::Box::leak(String::from(s).into_boxed_str())
}

/// Whether file pages or metadata blocks wait to be written back.
pub fn dirty() -> bool {
    crate::mm::pagecache::dirty() > 0 || buffer::counts().1 > 0
}

/// Write everything dirty to the disk: file pages, then metadata, then a
/// device flush (sync(2), the kworker's flush, power-off).
pub fn sync() -> Result<(), ext2::Error> {
    if !ext2::mounted() {
        return Ok(());
    }
    crate::mm::pagecache::sync(None)?;
    ext2::sync_metadata()
}

/// The absolute path of node `n`, found by searching the tree upward;
/// None once it has been unlinked (Linux then says "PATH (deleted)").
pub fn path_of(n: usize) -> Option<String> {
    let t = TREE.get();
    let mut parts = Vec::new();
    let mut at = n;
    while at != ROOT {
        let (dir, name) = t.nodes.iter().enumerate().find_map(|(i, d)| match &d.kind {
            Kind::Dir(entries) => {
                entries.iter().find(|&(_, &c)| c == at).map(|(name, _)| (i, name))
            }
            _ => None,
        })?;
        parts.push(name.as_str());
        at = dir;
    }
    let mut path = String::new();
    for part in parts.iter().rev() {
        path.push('/');
        path.push_str(part);
    }
    Some(if path.is_empty() { String::from("/") } else { path })
}

/// The parent of directory `dir` (ROOT for ROOT), found by searching.
pub fn parent_of(dir: usize) -> usize {
    let t = TREE.get();
    for (i, n) in t.nodes.iter().enumerate() {
        if let Kind::Dir(entries) = &n.kind {
            if entries.values().any(|&c| c == dir) {
                return i;
            }
        }
    }
    ROOT
}
