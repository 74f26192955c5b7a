//! `rm [-f] [-r] FILE...`: removes files; with -r, directories and what they
//! hold; with -f, missing files are not an error.
#![no_std]
#![no_main]
use ulib::dirent::read_dir;
use ulib::fs::{rmdir, unlink};
use ulib::prelude::*;
use ulib::stat::lstat;

ulib::main!(main);

struct Options {
    force: bool,
    recursive: bool,
}

/// Removes `path` (recursively with -r); prints the reason on failure.
fn remove(path: &[u8], opts: &Options) -> bool {
    let st = match lstat(path) {
        Ok(st) => st,
        Err(Errno::ENOENT) if opts.force => return true,
        Err(e) => {
            eprintln!("rm: cannot remove '{}': {}", Bytes(path), e);
            return false;
        }
    };
    if st.is_dir() {
        if !opts.recursive {
            eprintln!("rm: cannot remove '{}': Is a directory", Bytes(path));
            return false;
        }
        let entries = match read_dir(path) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("rm: cannot remove '{}': {}", Bytes(path), e);
                return false;
            }
        };
        let mut ok = true;
        for e in entries {
            if e.name == b"." || e.name == b".." {
                continue;
            }
            let mut child = path.to_vec();
            if !child.ends_with(b"/") {
                child.push(b'/');
            }
            child.extend_from_slice(&e.name);
            ok &= remove(&child, opts);
        }
        if !ok {
            return false;
        }
        if let Err(e) = rmdir(path) {
            eprintln!("rm: cannot remove '{}': {}", Bytes(path), e);
            return false;
        }
        return true;
    }
    match unlink(path) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("rm: cannot remove '{}': {}", Bytes(path), e);
            false
        }
    }
}

fn main(args: Args, _env: Env) -> i32 {
    let mut opts = Options { force: false, recursive: false };
    let mut files = Vec::new();
    for arg in args.iter().skip(1) {
        if arg.len() > 1 && arg[0] == b'-' {
            for &c in &arg[1..] {
                match c {
                    b'f' => opts.force = true,
                    b'r' | b'R' => opts.recursive = true,
                    _ => {
                        eprintln!("rm: invalid option -- '{}'", c as char);
                        return 1;
                    }
                }
            }
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() && !opts.force {
        eprintln!("rm: missing operand");
        return 1;
    }
    let mut status = 0;
    for f in files {
        if !remove(f, &opts) {
            status = 1;
        }
    }
    status
}
