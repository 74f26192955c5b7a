//! `mv OLD NEW`: rename (renameat2(2)); NEW is replaced if it exists.
//! Exit status 0, 1 on failure.
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let (Some(old), Some(new)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: mv OLD NEW");
        return 1;
    };
    match ulib::disk::rename(old, new) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("mv: cannot move '{}' to '{}': {}", Bytes(old), Bytes(new), e);
            1
        }
    }
}
