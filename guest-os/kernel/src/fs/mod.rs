//! The file system: for now one in-memory tree, filled from the initrd
//! (cpio.rs) at boot and read-only afterwards.
//!
//! Nodes live in one Vec and refer to each other by index (node 0 is "/"),
//! which keeps the tree free of reference counting. File contents are
//! slices of the initrd, which stays in RAM: nothing is copied. Writable
//! files, a VFS layer and /proc come later.

use crate::cpio;
use crate::global::Global;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

/// File type bits of st_mode.
pub const S_IFMT: u32 = 0o170000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFLNK: u32 = 0o120000;

pub enum Kind {
    Dir(BTreeMap<String, usize>),
    File(&'static [u8]),
    Symlink(&'static str),
}

pub struct Node {
    pub mode: u32,
    pub kind: Kind,
}

struct Tree {
    nodes: Vec<Node>,
}

static TREE: Global<Tree> = Global::new(Tree { nodes: Vec::new() });

/// Node index of "/".
pub const ROOT: usize = 0;

fn ensure_root(t: &mut Tree) {
    if t.nodes.is_empty() {
        t.nodes.push(Node { mode: S_IFDIR | 0o755, kind: Kind::Dir(BTreeMap::new()) });
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
                Kind::File(e.data)
            }
            S_IFLNK => Kind::Symlink(core::str::from_utf8(e.data).unwrap_or("")),
            _ => return, // devices, fifos: not yet
        };
        insert(t, e.path, Node { mode: e.mode, kind });
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
            None => {
                add(t, dir, part, Node { mode: S_IFDIR | 0o755, kind: Kind::Dir(BTreeMap::new()) })
            }
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

/// Node `i`.
pub fn node(i: usize) -> &'static Node {
    &TREE.get().nodes[i]
}
