//! `zombie`: the parent forks a child that exits at once, waits (polling
//! /proc/CHILD/stat every millisecond, at most 5 s) until the child's state
//! is Z, shows it with `ps -o pid,ppid,stat,comm CHILD`, reaps it with
//! wait4, and runs the same `ps` again (which then finds nothing: header
//! only, exit status 1). Prints
//!
//! ```text
//! zombie: child pid=C
//!   PID  PPID STAT COMMAND        (ps's output)
//!     C     P Z    zombie
//! zombie: before wait state=Z
//! zombie: reaped pid=C status=0
//!   PID  PPID STAT COMMAND
//! zombie: after wait gone
//! ```
//!
//! What it shows: a process that has exited stays a zombie (its pid and
//! exit status kept) until its parent waits for it.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::time::{self, Timespec};
use ulib::{procfs, spawn};

ulib::main!(main);

/// The state letter of process `pid` (from /proc/PID/stat), if it exists.
/// Used to see the child turn into a zombie, and to see it gone.
fn state(pid: i32) -> Option<u8> {
    procfs::stat(format!("{}", pid).as_bytes()).ok().map(|s| s.state)
}

/// Runs `ps -o pid,ppid,stat,comm PID`; its output goes to our stdout.
/// A failure to start ps is reported but not fatal.
fn show(pid: i32, env: &Env) {
    let p = format!("{}", pid);
    if let Err(e) = spawn::run(&[b"ps", b"-o", b"pid,ppid,stat,comm", p.as_bytes()], env) {
        eprintln!("zombie: cannot run ps: {}", e);
    }
}

/// Fork, watch the zombie, reap it, check it is gone.
/// Exit status 0 if the child was seen as Z and then gone, else 1.
fn main(_args: Args, env: Env) -> i32 {
    let child = match process::fork() {
        Err(e) => {
            eprintln!("zombie: fork: {}", e);
            return 1;
        }
        Ok(Fork::Child) => process::exit(0),
        Ok(Fork::Parent(pid)) => pid,
    };
    println!("zombie: child pid={}", child);
    let mut seen = None;
    for _ in 0..5000 {
        seen = state(child);
        if seen == Some(b'Z') {
            break;
        }
        let _ = time::sleep(Timespec { tv_sec: 0, tv_nsec: 1_000_000 });
    }
    show(child, &env);
    let before = seen.map_or('?', |c| c as char);
    println!("zombie: before wait state={}", before);
    match process::waitpid(child) {
        Ok((pid, st)) => println!("zombie: reaped pid={} status={}", pid, st.shell_status()),
        Err(e) => {
            eprintln!("zombie: wait4: {}", e);
            return 1;
        }
    }
    show(child, &env);
    let gone = state(child).is_none();
    println!("zombie: after wait {}", if gone { "gone" } else { "still there" });
    if before == 'Z' && gone { 0 } else { 1 }
}
