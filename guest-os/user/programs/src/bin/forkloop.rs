//! `forkloop N`: forks N children one after the other; child i exits at
//! once with status i % 256 and the parent waits for it and checks the
//! status. Prints `forkloop: N children ok`; exit status 1 on any mismatch.
//! (A test of fork/exit/wait: the kernel must give every frame back.)
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let n: u32 = match args.get(1).and_then(|a| core::str::from_utf8(a).ok()?.parse().ok()) {
        Some(n) if args.len() == 2 => n,
        _ => {
            eprintln!("usage: forkloop N");
            return 2;
        }
    };
    for i in 0..n {
        let pid = match process::fork() {
            Ok(Fork::Child) => process::exit((i % 256) as i32),
            Ok(Fork::Parent(pid)) => pid,
            Err(e) => {
                eprintln!("forkloop: fork {}: {}", i, e);
                return 1;
            }
        };
        match process::waitpid(pid) {
            Ok((got, st)) if got == pid && st.exited() && st.exit_status() == (i % 256) as i32 => {}
            Ok((got, st)) => {
                eprintln!(
                    "forkloop: child {} (pid {}): got pid {}, status {:#x}",
                    i, pid, got, st.0
                );
                return 1;
            }
            Err(e) => {
                eprintln!("forkloop: wait for child {}: {}", i, e);
                return 1;
            }
        }
    }
    println!("forkloop: {} children ok", n);
    0
}
