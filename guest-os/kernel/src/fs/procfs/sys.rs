//! /proc/sys: one directory level per "/" in sysctl.rs's paths, one file
//! per tunable, "N\n" to read and to write.

use super::Node;
use crate::klib::sysctl::{Invalid, TABLE};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// `dir` + "/" + `name` (dir "" is /proc/sys itself).
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") }
}

/// Is `path` a directory: a proper prefix of some tunable's path?
fn is_dir(path: &str) -> bool {
    TABLE.iter().any(|s| s.path.strip_prefix(path).is_some_and(|r| r.starts_with('/')))
}

pub fn child(dir: &str, name: &str) -> Option<Node> {
    let path = join(dir, name);
    if let Some(i) = TABLE.iter().position(|s| s.path == path) {
        return Some(Node::Sysctl(i));
    }
    is_dir(&path).then_some(Node::SysDir(path))
}

/// The entries of `dir`, in table order, each name once.
pub fn children(dir: &str) -> Vec<(String, Node)> {
    let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    let mut names: Vec<String> = Vec::new();
    for s in TABLE {
        if let Some(rest) = s.path.strip_prefix(prefix.as_str()) {
            let name = rest.split('/').next().unwrap_or(rest);
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    names.into_iter().filter_map(|n| child(dir, &n).map(|node| (n, node))).collect()
}

pub fn render(i: usize) -> Vec<u8> {
    format!("{}\n", TABLE[i].get()).into_bytes()
}

pub fn write(i: usize, bytes: &[u8]) -> Result<(), Invalid> {
    TABLE[i].write(bytes)
}
