//! `fsops SEED COUNT DIR`: COUNT random file-system operations under DIR
//! (which it creates), from a seeded generator, so a run is reproducible:
//! create, append, overwrite, truncate, unlink, mkdir, rmdir, rename,
//! link, symlink. It keeps a model of what DIR should hold, reads every
//! file back at the end, and prints the model, one line per name, sorted:
//!
//! ```text
//! D /tmp/t/d3
//! F /tmp/t/f1 1234 5d41402abc4b2a76
//! L /tmp/t/l2 f1
//! ```
//!
//! (F: size and FNV-1a 64 hash of the contents; L: the link's target.) A
//! host can check a disk image against it (tests/ext2_*.rs). Exit status
//! 0, 1 if an operation failed or a file reads back differently.
#![no_std]
#![no_main]
use alloc::collections::BTreeMap;
use ulib::fs::{O_APPEND, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, OwnedFd};
use ulib::prelude::*;
extern crate alloc;

ulib::main!(main);

#[derive(Clone)]
enum Entry {
    /// A regular file: its contents are files[i] (hard links share i).
    File(usize),
    Dir,
    Link(Vec<u8>),
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn fnv(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &c in b {
        h ^= c as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Random bytes: mostly small, sometimes past the direct blocks (12 KiB
/// with 1 KiB blocks) and into the double-indirect ones (268 KiB).
fn data(r: &mut Rng) -> Vec<u8> {
    let len = match r.below(10) {
        0 => r.below(300_000),
        1..=3 => r.below(20_000),
        _ => r.below(2_000),
    } as usize;
    let seed = r.next();
    (0..len).map(|i| (seed.wrapping_add(i as u64 * 2654435761) >> 13) as u8).collect()
}

fn write_file(path: &[u8], flags: u32, bytes: &[u8]) -> Result<(), Errno> {
    let f = OwnedFd::open(path, O_WRONLY | flags, 0o644)?;
    write_all(f.fd(), bytes)
}

fn read_back(path: &[u8]) -> Result<Vec<u8>, Errno> {
    ulib::readfile::read_file(path).and_then(|v| {
        let _ = OwnedFd::open(path, O_RDONLY, 0)?;
        Ok(v)
    })
}

fn main(args: Args, _env: Env) -> i32 {
    let (Some(seed), Some(count), Some(dir)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: fsops SEED COUNT DIR");
        return 1;
    };
    let num = |s: &[u8]| core::str::from_utf8(s).ok().and_then(|s| s.parse::<u64>().ok());
    let (Some(seed), Some(count)) = (num(seed), num(count)) else {
        eprintln!("fsops: SEED and COUNT are numbers");
        return 1;
    };
    let mut r = Rng(seed.wrapping_mul(0x9e3779b97f4a7c15) | 1);
    let root = String::from_utf8_lossy(dir).into_owned();
    if let Err(e) = ulib::fs::mkdir(dir, 0o755) {
        eprintln!("fsops: mkdir {root}: {e}");
        return 1;
    }
    // Relative name -> entry.
    let mut model: BTreeMap<String, Entry> = BTreeMap::new();
    let mut files: Vec<Vec<u8>> = Vec::new();
    let mut failed = false;
    for n in 0..count {
        let dirs: Vec<String> = core::iter::once(String::new())
            .chain(model.iter().filter(|(_, e)| matches!(e, Entry::Dir)).map(|(k, _)| k.clone()))
            .collect();
        let parent = dirs[r.below(dirs.len() as u64) as usize].clone();
        let fresh = if parent.is_empty() { format!("n{n}") } else { format!("{parent}/n{n}") };
        let names: Vec<String> = model.keys().cloned().collect();
        let pick = |r: &mut Rng| names.get(r.below(names.len() as u64) as usize).cloned();
        let full = |rel: &str| format!("{root}/{rel}");
        let op = r.below(10);
        let res: Result<(), Errno> = match op {
            0 | 1 => {
                let d = data(&mut r);
                write_file(full(&fresh).as_bytes(), O_CREAT | O_TRUNC, &d).map(|_| {
                    files.push(d);
                    model.insert(fresh.clone(), Entry::File(files.len() - 1));
                })
            }
            2 => match pick(&mut r) {
                Some(k) if matches!(model.get(&k), Some(Entry::File(_))) => {
                    let d = data(&mut r);
                    let d = &d[..d.len().min(30_000)];
                    write_file(full(&k).as_bytes(), O_APPEND, d).map(|_| {
                        if let Some(&Entry::File(i)) = model.get(&k) {
                            files[i].extend_from_slice(d);
                        }
                    })
                }
                _ => Ok(()),
            },
            3 => match pick(&mut r) {
                Some(k) if matches!(model.get(&k), Some(Entry::File(_))) => {
                    let Some(&Entry::File(i)) = model.get(&k) else { unreachable!() };
                    let len = r.below(files[i].len() as u64 * 2 + 10);
                    ulib::disk::truncate(full(&k).as_bytes(), len).map(|_| {
                        files[i].resize(len as usize, 0);
                    })
                }
                _ => Ok(()),
            },
            4 => match pick(&mut r) {
                Some(k) if !matches!(model.get(&k), Some(Entry::Dir)) => {
                    ulib::fs::unlink(full(&k).as_bytes()).map(|_| {
                        model.remove(&k);
                    })
                }
                Some(k) if !model.keys().any(|o| o.starts_with(&format!("{k}/"))) => {
                    ulib::fs::rmdir(full(&k).as_bytes()).map(|_| {
                        model.remove(&k);
                    })
                }
                _ => Ok(()),
            },
            5 => ulib::fs::mkdir(full(&fresh).as_bytes(), 0o755).map(|_| {
                model.insert(fresh.clone(), Entry::Dir);
            }),
            6 => match pick(&mut r) {
                // Rename a file or link to a fresh name (directories stay put).
                Some(k) if !matches!(model.get(&k), Some(Entry::Dir)) => {
                    ulib::disk::rename(full(&k).as_bytes(), full(&fresh).as_bytes()).map(|_| {
                        let e = model.remove(&k).unwrap();
                        model.insert(fresh.clone(), e);
                    })
                }
                _ => Ok(()),
            },
            7 => match pick(&mut r) {
                Some(k) if matches!(model.get(&k), Some(Entry::File(_))) => {
                    ulib::disk::link(full(&k).as_bytes(), full(&fresh).as_bytes()).map(|_| {
                        let e = model.get(&k).unwrap().clone();
                        model.insert(fresh.clone(), e);
                    })
                }
                _ => Ok(()),
            },
            8 => {
                let target = format!("t{}", r.below(1000));
                ulib::disk::symlink(target.as_bytes(), full(&fresh).as_bytes()).map(|_| {
                    model.insert(fresh.clone(), Entry::Link(target.into_bytes()));
                })
            }
            _ => match pick(&mut r) {
                Some(k) if matches!(model.get(&k), Some(Entry::File(_))) => {
                    // Overwrite in the middle (no O_TRUNC).
                    let Some(&Entry::File(i)) = model.get(&k) else { unreachable!() };
                    let at = r.below(files[i].len() as u64 + 1) as usize;
                    let d = data(&mut r);
                    let d = &d[..d.len().min(5_000)];
                    let res = OwnedFd::open(full(&k).as_bytes(), O_WRONLY, 0).and_then(|f| {
                        ulib::io::lseek(f.fd(), at as i64, 0)?;
                        write_all(f.fd(), d)
                    });
                    res.map(|_| {
                        let v = &mut files[i];
                        if v.len() < at + d.len() {
                            v.resize(at + d.len(), 0);
                        }
                        v[at..at + d.len()].copy_from_slice(d);
                    })
                }
                _ => Ok(()),
            },
        };
        if let Err(e) = res {
            eprintln!("fsops: operation {n} (kind {op}) failed: {e}");
            failed = true;
        }
    }
    // Read every file back: it must say what the model says.
    for (k, e) in &model {
        let path = format!("{root}/{k}");
        match e {
            Entry::File(i) => match read_back(path.as_bytes()) {
                Ok(got) if got == files[*i] => println!("F {} {} {:016x}", path, got.len(), fnv(&got)),
                Ok(got) => {
                    println!("F {} {} {:016x}", path, got.len(), fnv(&got));
                    let want = files[*i].len();
                    eprintln!("fsops: {path} reads back {} bytes, the model has {want}", got.len());
                    failed = true;
                }
                Err(err) => {
                    eprintln!("fsops: {path}: {err}");
                    failed = true;
                }
            },
            Entry::Dir => println!("D {path}"),
            Entry::Link(t) => println!("L {} {}", path, Bytes(t)),
        }
    }
    if failed { 1 } else { 0 }
}
