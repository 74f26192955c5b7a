//! `sync`: write everything the kernel holds dirty (file pages, disk
//! metadata blocks) to the disk, and wait for it (sync(2)).
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(_args: Args, _env: Env) -> i32 {
    ulib::disk::sync();
    0
}
