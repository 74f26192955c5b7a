//! `truncate -s SIZE FILE...`: set each file's size to SIZE bytes
//! (truncate(2); a missing file is created empty first, as coreutils
//! does). Exit status 0, 1 if a file could not be truncated.
#![no_std]
#![no_main]
use ulib::fs::{O_CREAT, O_WRONLY, OwnedFd};
use ulib::prelude::*;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    let [b"-s", size, files @ ..] = a.as_slice() else {
        eprintln!("usage: truncate -s SIZE FILE...");
        return 1;
    };
    let Some(size) = core::str::from_utf8(size).ok().and_then(|s| s.parse::<u64>().ok()) else {
        eprintln!("truncate: invalid number: '{}'", Bytes(size));
        return 1;
    };
    let mut status = 0;
    for f in files {
        let r = OwnedFd::open(f, O_WRONLY | O_CREAT, 0o644).and_then(|fd| ulib::disk::ftruncate(fd.fd(), size));
        if let Err(e) = r {
            eprintln!("truncate: cannot truncate '{}': {}", Bytes(f), e);
            status = 1;
        }
    }
    status
}
