//! `getpid`: prints `getpid: pid=P ppid=Q`, its own process id and its
//! parent's. (forkexec execs it to show that execve keeps the pid.)
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process;

ulib::main!(main);

/// Prints the two ids; always succeeds.
/// (No arguments are looked at.)
fn main(_args: Args, _env: Env) -> i32 {
    println!("getpid: pid={} ppid={}", process::getpid(), process::getppid());
    0
}
