//! `illegal`: executes an illegal instruction, so that the kernel must kill
//! it with SIGILL (a shell then reports "Illegal instruction", status 132).
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(_args: Args, _env: Env) -> i32 {
    // SAFETY: traps; the kernel ends the process with SIGILL.
    unsafe { core::arch::asm!("unimp", options(nostack)) };
    eprintln!("illegal: the illegal instruction did not trap");
    1
}
