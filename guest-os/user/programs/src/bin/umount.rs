//! `umount DIR`: unmount (umount2(2)); the kernel says why not (the root
//! and /proc are busy). Exit status 0, 32 if it failed (util-linux's code).
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let Some(dir) = args.get(1) else {
        eprintln!("usage: umount DIR");
        return 1;
    };
    match ulib::disk::umount(dir) {
        Ok(()) => 0,
        Err(Errno::EBUSY) => {
            eprintln!("umount: {}: target is busy.", Bytes(dir));
            32
        }
        Err(Errno::EINVAL) => {
            eprintln!("umount: {}: not mounted.", Bytes(dir));
            32
        }
        Err(e) => {
            eprintln!("umount: {}: {}", Bytes(dir), e);
            32
        }
    }
}
