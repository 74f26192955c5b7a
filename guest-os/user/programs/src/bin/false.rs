//! `false`: does nothing, unsuccessfully (exit status 1).
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(_args: Args, _env: Env) -> i32 {
    1
}
