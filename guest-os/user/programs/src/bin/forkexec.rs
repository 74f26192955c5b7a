//! `forkexec`: fork, then exec in the child. Prints
//!
//! ```text
//! forkexec: parent pid=P child=C
//! forkexec: child pid=C
//! getpid: pid=C ppid=P          (printed by the program the child exec'd)
//! ```
//!
//! (the order of the lines may vary). What it shows: execve replaces the
//! program but keeps the process: the pid after exec is the child's pid.
//! Exit status: the child's (0), 127 if `getpid` could not be exec'd.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};

ulib::main!(main);

/// Forks; the child execs `getpid` (PATH search); the parent waits.
/// Returns the child's exit status, or 1 if fork/wait failed.
fn main(_args: Args, env: Env) -> i32 {
    let parent = process::getpid();
    match process::fork() {
        Err(e) => {
            eprintln!("forkexec: fork: {}", e);
            1
        }
        Ok(Fork::Child) => {
            println!("forkexec: child pid={}", process::getpid());
            let e = process::execvp(b"getpid", &[b"getpid"], &env);
            eprintln!("forkexec: exec getpid: {}", e);
            process::exit(127)
        }
        Ok(Fork::Parent(child)) => {
            println!("forkexec: parent pid={} child={}", parent, child);
            match process::waitpid(child) {
                Ok((_, st)) => st.shell_status(),
                Err(e) => {
                    eprintln!("forkexec: wait: {}", e);
                    1
                }
            }
        }
    }
}
