//! `forkbomb [N]`: forks children until fork fails (or N children, if N
//! is given). Each child only blocks reading a pipe; children never fork.
//! Then the pipe's write end is closed, so every child reads end of file
//! and exits, and all are reaped:
//!
//! ```text
//! forkbomb: fork failed after K children: EAGAIN
//! forkbomb: reaped K
//! ```
//!
//! (with N: `forkbomb: stopped after N children (limit)`). What it shows:
//! the kernel limits the number of processes (EAGAIN, or ENOMEM when memory
//! runs out first) and recovers all of them. Exit status 0 if every child
//! was reaped with status 0, else 1.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::{fs, io};

ulib::main!(main);

/// The child: closes its copy of the write end, waits for end of file on
/// the pipe, exits 0 (1 if the read failed).
fn child(r: i32, w: i32) -> ! {
    let _ = fs::close(w);
    let mut b = [0u8; 1];
    loop {
        match io::read(r, &mut b) {
            Ok(0) => process::exit(0),
            Ok(_) | Err(Errno::EINTR) => {}
            Err(_) => process::exit(1),
        }
    }
}

/// Forks up to the limit, releases and reaps the children.
/// Exit status 0 if all reaped cleanly, 1 otherwise, 2 for bad usage.
fn main(args: Args, _env: Env) -> i32 {
    let limit = match args.get(1) {
        None => usize::MAX,
        Some(a) => match core::str::from_utf8(a).ok().and_then(|s| s.parse().ok()) {
            Some(n) if args.len() == 2 => n,
            _ => {
                eprintln!("usage: forkbomb [N]");
                return 2;
            }
        },
    };
    let (r, w) = match fs::pipe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("forkbomb: pipe: {}", e);
            return 1;
        }
    };
    let mut pids = Vec::new();
    let mut failure = None;
    while pids.len() < limit {
        match process::fork() {
            Ok(Fork::Child) => child(r, w),
            Ok(Fork::Parent(pid)) => pids.push(pid),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    match failure {
        Some(e) => println!("forkbomb: fork failed after {} children: {}", pids.len(), e.name()),
        None => println!("forkbomb: stopped after {} children (limit)", pids.len()),
    }
    let _ = fs::close(w);
    let _ = fs::close(r);
    let mut clean = true;
    for &pid in &pids {
        match process::waitpid(pid) {
            Ok((_, st)) if st.exited() && st.exit_status() == 0 => {}
            _ => clean = false,
        }
    }
    println!("forkbomb: reaped {}", pids.len());
    if clean { 0 } else { 1 }
}
