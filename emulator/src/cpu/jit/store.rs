//! Translations kept by the guest instructions they translate, in memory
//! and on disk between runs (like `ccache`, for blocks).
//!
//! A region's machine code depends only on its instructions' bytes, where
//! they sit in their page and whether data accesses are translated
//! (`translate::emit`); the five host addresses it embeds are relocations
//! (`reloc`). So code compiled once serves:
//! - the same code in another physical page (a program `exec`'d again
//!   lands in fresh frames; the cache is keyed by physical page);
//! - later runs of the same build: every run boots the same kernel and
//!   runs the same programs, and the compiler thread, not the guest, is
//!   what limits a short kernel-heavy run (see README, "Speed").
//!
//! A block is looked up when the dispatcher first sees it, by its entry
//! block's bytes; every byte of every member of the stored region is
//! compared with the page before the code is used, so a hit is exactly the
//! code the compiler would produce now. Which engine runs a block never
//! changes a counter, so neither does this.
//!
//! The file is `$VITRINE_JIT_CACHE` (a directory; `off` disables it), else
//! `$XDG_CACHE_HOME/vitrine` or `~/.cache/vitrine`, one file per build of
//! the emulator and host CPU (`fingerprint`). It is read once at start and
//! written at exit (to a temporary file, then renamed, so concurrent runs
//! never see a torn file); a file that does not check out is ignored with
//! a one-line warning and replaced.

use super::reloc::{Base, Reloc};
use super::translate::Slot;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// The file's first bytes (the format's version is the last digit).
const MAGIC: &[u8; 8] = b"VTRJIT01";

/// Beyond this size the file keeps only what the last run used or made.
pub const FILE_LIMIT: usize = 8 << 20;

/// What the store holds in memory at most (what it read, and code
/// compiled since).
const MEMORY_LIMIT: usize = 2 * FILE_LIMIT;

/// Files of other builds kept in the directory (the most recent).
const KEEP_FILES: usize = 4;

/// Where a region's blocks are in their page, and their bytes: what its
/// code depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Whether data accesses are untranslated (`cache::Cache::key`).
    pub identity: bool,
    /// Each block's start and end (byte offsets in the page), the entry
    /// first.
    pub runs: Vec<(u16, u16)>,
    /// The blocks' bytes, one after the other.
    pub bytes: Vec<u8>,
}

impl Shape {
    /// The shape of the region `runs` in `page` (None for a region that
    /// straddles into the next page, whose bytes are not all in `page`).
    pub fn of(runs: &[Vec<Slot>], page: &[u8], identity: bool) -> Option<Shape> {
        let mut out = Shape {
            identity,
            runs: Vec::with_capacity(runs.len()),
            bytes: Vec::new(),
        };
        for r in runs {
            let (first, last) = (r.first()?, r.last()?);
            let (start, end) = (
                first.off as usize,
                last.off as usize + last.insn.len as usize,
            );
            if end > page.len() {
                return None;
            }
            out.runs.push((start as u16, end as u16));
            out.bytes.extend_from_slice(&page[start..end]);
        }
        Some(out)
    }

    /// Whether `page` holds these blocks' bytes where they were.
    fn matches(&self, page: &[u8]) -> bool {
        let mut at = 0;
        self.runs.iter().all(|&(s, e)| {
            let (s, e) = (s as usize, e as usize);
            let n = e - s;
            let ok = page.get(s..e) == self.bytes.get(at..at + n);
            at += n;
            ok
        })
    }

    fn key(&self) -> u64 {
        let (s, e) = self.runs[0];
        key(self.identity, s, &self.bytes[..(e - s) as usize])
    }
}

/// The lookup key of an entry block: where it starts and its bytes.
fn key(identity: bool, start: u16, bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (identity, start, bytes).hash(&mut h);
    h.finish()
}

/// A region's code, with its relocations (see `reloc`).
pub struct Stored {
    pub shape: Shape,
    pub code: Vec<u8>,
    pub relocs: Vec<Reloc>,
    /// Installed in this run (such entries survive a full file).
    used: bool,
}

pub struct Store {
    map: HashMap<u64, Vec<Stored>>,
    /// The file (None: memory only).
    path: Option<PathBuf>,
    fingerprint: u64,
    /// Entries made in this run, not yet written.
    added: usize,
    /// Bytes held (code and guest bytes): the store takes no more beyond
    /// [`MEMORY_LIMIT`].
    held: usize,
    /// Entries read from the file.
    pub loaded: usize,
}

impl Store {
    /// The store for this build (`fingerprint`), with the file's entries.
    pub fn open(fingerprint: u64) -> Store {
        let mut s = Store {
            map: HashMap::new(),
            path: dir().map(|d| d.join(format!("jit-{fingerprint:016x}.bin"))),
            fingerprint,
            added: 0,
            held: 0,
            loaded: 0,
        };
        if let Some(path) = s.path.clone() {
            match std::fs::read(&path) {
                Ok(data) => {
                    if let Err(e) = s.parse(&data) {
                        log::warn!("jit cache {}: {e}; starting afresh", path.display());
                        s.map.clear();
                        s.loaded = 0;
                        s.held = 0;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => log::warn!("jit cache {}: {e}", path.display()),
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The stored region whose entry block is `entry` (as `translate::scan`
    /// found it at `page`'s byte `entry[0].off`) and whose every block is
    /// in `page` as stored.
    pub fn find(&mut self, identity: bool, page: &[u8], entry: &[Slot]) -> Option<&Stored> {
        let (first, last) = (entry.first()?, entry.last()?);
        let (start, end) = (first.off, last.off + last.insn.len as u16);
        let bytes = page.get(start as usize..end as usize)?;
        let candidates = self.map.get_mut(&key(identity, start, bytes))?;
        let s = candidates.iter_mut().find(|s| {
            s.shape.identity == identity && s.shape.runs[0] == (start, end) && s.shape.matches(page)
        })?;
        s.used = true;
        Some(s)
    }

    /// Keep `code` (relocations `relocs`) for the region `shape`.
    pub fn add(&mut self, shape: Shape, code: &[u8], relocs: Vec<Reloc>) {
        let list = self.map.entry(shape.key()).or_default();
        if list.iter().any(|s| s.shape == shape) {
            return;
        }
        let size = shape.bytes.len() + code.len();
        if self.held + size > MEMORY_LIMIT {
            return;
        }
        self.held += size;
        list.push(Stored {
            shape,
            code: code.to_vec(),
            relocs,
            used: true,
        });
        self.added += 1;
    }

    /// Write the file if this run added to it.
    pub fn save(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        if self.added == 0 {
            return;
        }
        let data = self.serialize();
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let r = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, &data))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = r {
            let _ = std::fs::remove_file(&tmp);
            log::warn!("jit cache {}: {e}", path.display());
        }
        self.added = 0;
        if let Some(dir) = path.parent() {
            forget_old_builds(dir);
        }
    }

    fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.fingerprint.to_le_bytes());
        // This run's entries first, then the rest while they fit.
        let all = || self.map.values().flatten();
        let mut n = 0u32;
        let count_at = out.len();
        out.extend_from_slice(&0u32.to_le_bytes());
        for used in [true, false] {
            for s in all().filter(|s| s.used == used) {
                let before = out.len();
                put(&mut out, s);
                if out.len() > FILE_LIMIT {
                    out.truncate(before);
                    break;
                }
                n += 1;
            }
        }
        out[count_at..count_at + 4].copy_from_slice(&n.to_le_bytes());
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    fn parse(&mut self, data: &[u8]) -> Result<(), &'static str> {
        if data.len() < 28 || &data[..8] != MAGIC {
            return Err("not a jit cache file");
        }
        let (body, sum) = data.split_at(data.len() - 8);
        if checksum(body).to_le_bytes() != sum {
            return Err("checksum mismatch (truncated or corrupt)");
        }
        let mut r = Reader { data: body, at: 8 };
        if r.u64()? != self.fingerprint {
            return Err("made by another build");
        }
        for _ in 0..r.u32()? {
            let s = get(&mut r)?;
            self.held += s.shape.bytes.len() + s.code.len();
            self.map.entry(s.shape.key()).or_default().push(s);
            self.loaded += 1;
        }
        if r.at != body.len() {
            return Err("trailing bytes");
        }
        Ok(())
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.save();
    }
}

/// The cache's directory (None: disabled).
fn dir() -> Option<PathBuf> {
    match std::env::var_os("VITRINE_JIT_CACHE") {
        Some(v) if v == "off" || v.is_empty() => None,
        Some(v) => Some(PathBuf::from(v)),
        None => std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|d| d.join("vitrine")),
    }
}

/// Keep the [`KEEP_FILES`] most recently written cache files of `dir` (each
/// build of the emulator writes its own).
fn forget_old_builds(dir: &std::path::Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = rd
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with("jit-") && n.ends_with(".bin")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, p) in files.iter().skip(KEEP_FILES) {
        let _ = std::fs::remove_file(p);
    }
}

/// What the code depends on besides the guest's bytes: this executable
/// (function addresses relative to `reloc::anchor`, the `Cpu`'s layout,
/// the translator itself) and `host`, the host ISA Cranelift compiles for.
pub fn fingerprint(host: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    host.hash(&mut h);
    if let Some(m) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        m.len().hash(&mut h);
        m.modified().ok().hash(&mut h);
        #[cfg(unix)]
        std::os::unix::fs::MetadataExt::ino(&m).hash(&mut h);
    } else {
        // Nothing to tell builds apart by: a run of its own.
        std::process::id().hash(&mut h);
    }
    h.finish()
}

fn checksum(data: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    data.hash(&mut h);
    h.finish()
}

fn put(out: &mut Vec<u8>, s: &Stored) {
    out.push(s.shape.identity as u8);
    out.extend_from_slice(&(s.shape.runs.len() as u16).to_le_bytes());
    for &(a, b) in &s.shape.runs {
        out.extend_from_slice(&a.to_le_bytes());
        out.extend_from_slice(&b.to_le_bytes());
    }
    for v in [&s.shape.bytes, &s.code] {
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        out.extend_from_slice(v);
    }
    out.extend_from_slice(&(s.relocs.len() as u32).to_le_bytes());
    for r in &s.relocs {
        out.extend_from_slice(&r.at.to_le_bytes());
        out.push(r.base as u8);
        out.extend_from_slice(&r.addend.to_le_bytes());
    }
}

fn get(r: &mut Reader) -> Result<Stored, &'static str> {
    let identity = match r.take(1)?[0] {
        0 => false,
        1 => true,
        _ => return Err("bad entry"),
    };
    let nruns = r.u16()? as usize;
    let mut runs = Vec::with_capacity(nruns.min(64));
    let mut total = 0;
    for _ in 0..nruns {
        let (a, b) = (r.u16()?, r.u16()?);
        if a >= b || b > 0x1000 {
            return Err("bad entry");
        }
        total += (b - a) as usize;
        runs.push((a, b));
    }
    let n = r.u32()? as usize;
    let bytes = r.take(n)?.to_vec();
    let n = r.u32()? as usize;
    let code = r.take(n)?.to_vec();
    if runs.is_empty() || bytes.len() != total || code.is_empty() {
        return Err("bad entry");
    }
    let mut relocs = Vec::new();
    for _ in 0..r.u32()? {
        let at = r.u32()?;
        let base = *Base::ALL
            .get(r.take(1)?[0] as usize)
            .ok_or("bad relocation")?;
        let addend = r.u64()? as i64;
        if at as usize + base.width() > code.len() {
            return Err("bad relocation");
        }
        relocs.push(Reloc { at, base, addend });
    }
    Ok(Stored {
        shape: Shape {
            identity,
            runs,
            bytes,
        },
        code,
        relocs,
        used: false,
    })
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], &'static str> {
        let s = self
            .data
            .get(self.at..self.at.checked_add(n).ok_or("truncated")?)
            .ok_or("truncated")?;
        self.at += n;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16, &'static str> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, &'static str> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64, &'static str> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(fingerprint: u64) -> Store {
        Store {
            map: HashMap::new(),
            path: None,
            fingerprint,
            added: 0,
            held: 0,
            loaded: 0,
        }
    }

    fn shape(start: u16, bytes: &[u8]) -> Shape {
        Shape {
            identity: false,
            runs: vec![(start, start + bytes.len() as u16)],
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn entries_survive_the_file_format() {
        let mut s = store(7);
        // A jump's 4-byte displacement may end the code (a block's last
        // instruction is often its jump to the cross-page stub).
        let relocs = vec![
            Reloc {
                at: 2,
                base: Base::Table,
                addend: -16,
            },
            Reloc {
                at: 8,
                base: Base::Near,
                addend: 0x40,
            },
        ];
        s.add(shape(0x10, &[0x13, 0, 0, 0]), &[0x90; 12], relocs.clone());
        s.add(shape(0x20, &[0x01, 0x00]), &[0xc3; 9], Vec::new());
        // The same shape again is not a second entry.
        s.add(shape(0x20, &[0x01, 0x00]), &[0xc3; 9], Vec::new());
        assert_eq!(s.added, 2);
        let data = s.serialize();
        let mut t = store(7);
        t.parse(&data).expect("its own file");
        assert_eq!(t.loaded, 2);
        let mut page = vec![0u8; 0x1000];
        page[0x10] = 0x13;
        let entry = crate::cpu::jit::translate::scan(&page, 0x10, None);
        assert_eq!(entry[0].insn.len, 4, "the addi");
        let e = t
            .find(false, &page, &entry[..1])
            .expect("found by its bytes");
        assert_eq!(e.code, vec![0x90; 12]);
        assert_eq!(e.relocs, relocs);
        // Other bytes in the page, or the other set of translations: no.
        assert!(t.find(true, &page, &entry[..1]).is_none());
        page[0x11] = 0x05;
        let other = crate::cpu::jit::translate::scan(&page, 0x10, None);
        assert!(t.find(false, &page, &other[..1]).is_none());
    }

    #[test]
    fn every_block_of_a_region_must_still_be_there() {
        let mut s = store(7);
        let region = Shape {
            identity: false,
            runs: vec![(0x10, 0x14), (0x40, 0x42)],
            bytes: vec![0x13, 0, 0, 0, 0x01, 0x00],
        };
        s.add(region, &[0x90; 8], Vec::new());
        let mut page = vec![0u8; 0x1000];
        page[0x10] = 0x13;
        let entry = crate::cpu::jit::translate::scan(&page, 0x10, None);
        assert!(
            s.find(false, &page, &entry[..1]).is_none(),
            "second block differs"
        );
        page[0x40] = 0x01;
        assert!(s.find(false, &page, &entry[..1]).is_some());
    }

    #[test]
    fn a_damaged_or_foreign_file_is_refused() {
        let mut s = store(7);
        s.add(shape(0, &[0x13, 0, 0, 0]), &[0x90; 16], Vec::new());
        let data = s.serialize();
        assert_eq!(store(8).parse(&data), Err("made by another build"));
        for i in 0..data.len() {
            let mut d = data.clone();
            d[i] ^= 1;
            assert!(store(7).parse(&d).is_err(), "byte {i} flipped");
        }
        for n in 0..data.len() {
            assert!(store(7).parse(&data[..n]).is_err(), "cut at {n}");
        }
    }
}
