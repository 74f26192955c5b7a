//! `ln [-s] TARGET LINK`: a hard link (link(2)), or with -s a symbolic
//! link (symlink(2)). Exit status 0, 1 on failure.
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    let (soft, names) = match a.as_slice() {
        [b"-s", rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let [target, link] = names else {
        eprintln!("usage: ln [-s] TARGET LINK");
        return 1;
    };
    let r = if soft { ulib::disk::symlink(target, link) } else { ulib::disk::link(target, link) };
    match r {
        Ok(()) => 0,
        Err(e) => {
            let what = if soft { "symbolic link" } else { "hard link" };
            eprintln!("ln: failed to create {} '{}': {}", what, Bytes(link), e);
            1
        }
    }
}
