//! `mkdir [-p] DIR...`: creates directories (mode 0777, less the umask).
//! With -p, also the missing parents, and an existing directory is fine.
#![no_std]
#![no_main]
use ulib::fs::mkdir;
use ulib::prelude::*;
use ulib::stat::stat;

ulib::main!(main);

/// mkdir -p: every prefix of `path` that ends before a '/', then `path`.
fn make_parents(path: &[u8]) -> Result<(), Errno> {
    for (i, &c) in path.iter().enumerate() {
        if c == b'/' && i > 0 && path[i - 1] != b'/' {
            make_one_existing_ok(&path[..i])?;
        }
    }
    make_one_existing_ok(path)
}

fn make_one_existing_ok(path: &[u8]) -> Result<(), Errno> {
    match mkdir(path, 0o777) {
        Err(Errno::EEXIST) => match stat(path) {
            Ok(st) if st.is_dir() => Ok(()),
            _ => Err(Errno::EEXIST),
        },
        r => r,
    }
}

fn main(args: Args, _env: Env) -> i32 {
    let mut parents = false;
    let mut dirs = Vec::new();
    for arg in args.iter().skip(1) {
        match arg {
            b"-p" => parents = true,
            _ if arg.len() > 1 && arg[0] == b'-' => {
                eprintln!("mkdir: invalid option -- '{}'", Bytes(&arg[1..]));
                return 1;
            }
            _ => dirs.push(arg),
        }
    }
    if dirs.is_empty() {
        eprintln!("mkdir: missing operand");
        return 1;
    }
    let mut status = 0;
    for dir in dirs {
        let r = if parents { make_parents(dir) } else { mkdir(dir, 0o777) };
        if let Err(e) = r {
            eprintln!("mkdir: cannot create directory '{}': {}", Bytes(dir), e);
            status = 1;
        }
    }
    status
}
