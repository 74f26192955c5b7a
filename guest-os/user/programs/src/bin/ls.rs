//! `ls [-l] [-a] [PATH]...`: lists directories (read with getdents64) and
//! files, one name per line, sorted bytewise (as GNU ls in the C locale when
//! output is not a terminal). `-a` includes names starting with '.';
//! `-l` prints `mode links uid gid size name` for each.
#![no_std]
#![no_main]
use ulib::dirent::read_dir;
use ulib::fs::{AT_FDCWD, AT_SYMLINK_NOFOLLOW};
use ulib::prelude::*;
use ulib::stat::{Stat, fstatat, lstat};

ulib::main!(main);

struct Options {
    long: bool,
    all: bool,
}

/// `path/name` (or just `name` for ".").
fn join(dir: &[u8], name: &[u8]) -> Vec<u8> {
    let mut p = dir.to_vec();
    if !p.ends_with(b"/") {
        p.push(b'/');
    }
    p.extend_from_slice(name);
    p
}

/// Prints one line per entry: names, or `-l` lines with aligned columns.
fn print_entries(entries: &[(Vec<u8>, Option<Stat>)], opts: &Options) {
    if !opts.long {
        for (name, _) in entries {
            println!("{}", Bytes(name));
        }
        return;
    }
    let digits = |n: u64| format!("{}", n).len();
    let (mut wl, mut ws) = (1, 1);
    for (_, st) in entries.iter() {
        if let Some(st) = st {
            wl = wl.max(digits(st.st_nlink as u64));
            ws = ws.max(digits(st.st_size as u64));
        }
    }
    for (name, st) in entries {
        match st {
            Some(st) => println!(
                "{} {:>wl$} {} {} {:>ws$} {}",
                Bytes(&st.mode_string()),
                st.st_nlink,
                st.st_uid,
                st.st_gid,
                st.st_size,
                Bytes(name),
            ),
            None => println!("?????????? ? ? ? ? {}", Bytes(name)),
        }
    }
}

/// Lists directory `path`; Err after printing the reason.
fn list_dir(path: &[u8], opts: &Options) -> Result<(), ()> {
    let mut names: Vec<Vec<u8>> = match read_dir(path) {
        Ok(entries) => entries.into_iter().map(|e| e.name).collect(),
        Err(e) => {
            eprintln!("ls: cannot open directory '{}': {}", Bytes(path), e);
            return Err(());
        }
    };
    names.retain(|n| opts.all || !n.starts_with(b"."));
    names.sort_unstable();
    let entries: Vec<(Vec<u8>, Option<Stat>)> = names
        .into_iter()
        .map(|name| {
            let st = if opts.long {
                fstatat(AT_FDCWD, &join(path, &name), AT_SYMLINK_NOFOLLOW).ok()
            } else {
                None
            };
            (name, st)
        })
        .collect();
    print_entries(&entries, opts);
    Ok(())
}

fn main(args: Args, _env: Env) -> i32 {
    let mut opts = Options { long: false, all: false };
    let mut paths: Vec<&[u8]> = Vec::new();
    for arg in args.iter().skip(1) {
        if arg.len() > 1 && arg[0] == b'-' {
            for &c in &arg[1..] {
                match c {
                    b'l' => opts.long = true,
                    b'a' => opts.all = true,
                    _ => {
                        eprintln!("ls: invalid option -- '{}'", c as char);
                        return 2;
                    }
                }
            }
        } else {
            paths.push(arg);
        }
    }
    if paths.is_empty() {
        paths.push(b".");
    }

    // Files first, then each directory, as GNU ls does. (Everything is
    // sorted as Vec<Vec<u8>>: one sort routine in the binary, not three.)
    let mut status = 0;
    let mut files: Vec<Vec<u8>> = Vec::new();
    let mut dirs: Vec<Vec<u8>> = Vec::new();
    for path in paths.iter().copied() {
        match lstat(path) {
            Ok(st) if st.is_dir() => dirs.push(path.to_vec()),
            Ok(_) => files.push(path.to_vec()),
            Err(e) => {
                eprintln!("ls: cannot access '{}': {}", Bytes(path), e);
                status = 2;
            }
        }
    }
    files.sort_unstable();
    dirs.sort_unstable();
    let files: Vec<(Vec<u8>, Option<Stat>)> = files
        .into_iter()
        .map(|f| {
            let st = if opts.long { lstat(&f).ok() } else { None };
            (f, st)
        })
        .collect();
    print_entries(&files, &opts);
    let headers = paths.len() > 1;
    for (i, dir) in dirs.iter().enumerate() {
        if headers {
            if i > 0 || !files.is_empty() {
                println!();
            }
            println!("{}:", Bytes(dir));
        }
        if list_dir(dir, &opts).is_err() {
            status = 2;
        }
    }
    status
}
