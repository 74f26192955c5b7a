//! `orphan`: the parent prints its pid, forks and exits at once; the
//! child polls getppid() (every 10 ms, at most 10 s) until its parent is
//! gone, then prints who adopted it:
//!
//! ```text
//! orphan: parent pid=P child=C, parent exits
//! orphan: child pid=C new ppid=1
//! ```
//!
//! What it shows: an orphan is re-parented (to init, pid 1, on Vitrine; to
//! the nearest "child subreaper" on some Linux systems, so the number may
//! differ there). The child's line comes after the parent has exited.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::time::{self, Timespec};

ulib::main!(main);

/// Forks; the parent returns 0 at once, the child waits to be re-parented.
/// Exit status 1 if fork failed (the child's own status: 1 on time-out).
fn main(_args: Args, _env: Env) -> i32 {
    let parent = process::getpid();
    match process::fork() {
        Err(e) => {
            eprintln!("orphan: fork: {}", e);
            1
        }
        Ok(Fork::Parent(child)) => {
            println!("orphan: parent pid={} child={}, parent exits", parent, child);
            0
        }
        Ok(Fork::Child) => {
            for _ in 0..1000 {
                let ppid = process::getppid();
                if ppid != parent {
                    println!("orphan: child pid={} new ppid={}", process::getpid(), ppid);
                    return 0;
                }
                let _ = time::sleep(Timespec { tv_sec: 0, tv_nsec: 10_000_000 });
            }
            eprintln!("orphan: parent {} still alive after 10 s", parent);
            1
        }
    }
}
