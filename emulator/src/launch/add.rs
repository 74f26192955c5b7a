//! `--add HOST[:GUEST]`: host files and directories put into the guest's
//! root file system, on top of the built-in one (an archive appended to
//! the initrd: later entries replace earlier ones of the same path).
//!
//! - GUEST is where HOST appears in the guest: `--add prog.c:/root/prog.c`.
//!   A GUEST ending in "/" is a directory HOST goes into
//!   (`--add prog.c:/tmp/` gives /tmp/prog.c); a relative GUEST is taken
//!   from /root, the launched program's working directory.
//! - Without GUEST, HOST goes into /root under its own name: `--add
//!   data/` gives /root/data, `--add ../prog.c` gives /root/prog.c.
//! - A directory is added whole, recursively, in name order. Permission
//!   bits are kept (setuid/setgid/sticky too); owners and times are not
//!   (uid 0, gid 0, mtime 0: the same files give the same run). Symbolic
//!   links are added as links (their target unchanged, even if it points
//!   outside what was added); the HOST given on the command line is
//!   followed if it is a link itself, as `cp -r` does.
//! - A path that names both a file and HOST:GUEST is taken as a whole
//!   when it exists on the host (`--add a:b` adds the file "a:b" if there
//!   is one); otherwise it is split at its last ':'.
//! - A HOST that does not exist, or that holds something other than
//!   files, directories and links (a socket, a device), is refused with
//!   one line before the machine starts.

use super::newc::{Newc, S_IFDIR, S_IFLNK, S_IFREG};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Where `--add` puts what has no GUEST, and what relative GUESTs start from.
pub const DEFAULT_DIR: &str = "/root";

/// One `--add`: a host path and the guest path it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Add {
    pub host: PathBuf,
    pub guest: String,
}

/// Parse `--add`'s value (see the module documentation).
pub fn parse(spec: &str) -> Result<Add, String> {
    let (host, guest) = match spec.rsplit_once(':') {
        Some((h, g)) if !Path::new(spec).exists() && !h.is_empty() => (h, Some(g)),
        _ => (spec, None),
    };
    let host_path = PathBuf::from(host);
    if let Err(e) = std::fs::metadata(&host_path) {
        return Err(format!("--add {spec}: {e}"));
    }
    let name = std::path::absolute(&host_path)
        .ok()
        .and_then(|p| normalize_host(&p).file_name().map(|n| n.to_owned()))
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| String::from("root-dir"));
    let guest = match guest {
        None | Some("") => format!("{DEFAULT_DIR}/{name}"),
        Some(g) if g.ends_with('/') => absolute(&format!("{g}/{name}")),
        Some(g) => absolute(g),
    };
    if guest == "/" {
        return Err(format!(
            "--add {spec}: the guest path cannot be / (give a directory under it)"
        ));
    }
    Ok(Add {
        host: host_path,
        guest,
    })
}

/// "a/../b" -> "b" on the host side (for the name of "dir/.." and ".").
fn normalize_host(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// A guest path made absolute (relative ones start at /root) and
/// normalized ("." and ".." resolved lexically, no repeated "/").
pub fn absolute(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let full = if path.starts_with('/') {
        ["", path]
    } else {
        [DEFAULT_DIR, path]
    };
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
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Put `add` into `archive`: the file, link or whole directory tree.
pub fn append(archive: &mut Newc, add: &Add) -> Result<(), String> {
    // The path given is followed (as `cp -r` does); links inside are kept.
    let meta =
        std::fs::metadata(&add.host).map_err(|e| format!("--add {}: {e}", add.host.display()))?;
    put(archive, &add.host, &add.guest, meta)
}

fn put(
    archive: &mut Newc,
    host: &Path,
    guest: &str,
    meta: std::fs::Metadata,
) -> Result<(), String> {
    let err = |e: std::io::Error| format!("--add {}: {e}", host.display());
    let perm = meta.permissions().mode() & 0o7777;
    let ft = meta.file_type();
    if ft.is_symlink() {
        let target = std::fs::read_link(host).map_err(err)?;
        archive.push(guest, S_IFLNK | 0o777, target.as_os_str().as_bytes());
    } else if ft.is_file() {
        let data = std::fs::read(host).map_err(err)?;
        archive.push(guest, S_IFREG | perm, &data);
    } else if ft.is_dir() {
        archive.push(guest, S_IFDIR | perm, &[]);
        let mut entries: Vec<_> = std::fs::read_dir(host)
            .map_err(err)?
            .collect::<Result<_, _>>()
            .map_err(err)?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let Some(name) = name.to_str() else {
                return Err(format!(
                    "--add {}: {:?}: guest file names must be UTF-8",
                    host.display(),
                    name
                ));
            };
            let meta = e.metadata().map_err(err)?; // does not follow links
            put(archive, &e.path(), &format!("{guest}/{name}"), meta)?;
        }
    } else {
        return Err(format!(
            "--add {}: not a file, directory or symbolic link",
            host.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_paths_default_to_root_and_are_normalized() {
        assert_eq!(absolute("x/./y/../z"), "/root/x/z");
        assert_eq!(absolute("/tmp//a/"), "/tmp/a");
        assert_eq!(absolute("../etc/motd"), "/etc/motd");
        let dir = std::env::temp_dir().join(format!("vitrine-add-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("prog.c");
        std::fs::write(&file, "int main;").unwrap();
        let f = file.to_str().unwrap();
        assert_eq!(parse(f).unwrap().guest, "/root/prog.c");
        assert_eq!(parse(&format!("{f}:/src/p.c")).unwrap().guest, "/src/p.c");
        assert_eq!(parse(&format!("{f}:/tmp/")).unwrap().guest, "/tmp/prog.c");
        assert_eq!(parse(&format!("{f}:sub/x")).unwrap().guest, "/root/sub/x");
        let d = dir.to_str().unwrap();
        let name = dir.file_name().unwrap().to_str().unwrap();
        assert_eq!(parse(d).unwrap().guest, format!("/root/{name}"));
        assert_eq!(parse(&format!("{d}:/")).unwrap().guest, format!("/{name}"));
        assert!(parse(&format!("{d}:/.")).is_err(), "not the root itself");
        let missing = parse(&format!("{d}/nope:/x")).unwrap_err();
        assert!(missing.contains("No such file"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
