//! `renice [-n] PRIORITY [[-p] PID...] [-g PGRP...] [-u USER...]`, as
//! util-linux 2.38's renice: sets the nice value of processes (default: the
//! arguments are pids) to PRIORITY and prints, for each,
//!
//! ```text
//! PID (process ID) old priority OLD, new priority NEW
//! ```
//!
//! ("process group ID", "user ID" for -g/-u; users by number only). Errors:
//! "renice: failed to get priority for 123 (process ID): No such process",
//! "renice: failed to set priority for 1 (process ID): Permission denied";
//! exit status 1 if any failed.
//!
//! Kernel: getpriority/setpriority (141/140) with PRIO_PROCESS/PGRP/USER.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::{procfs, sched};

ulib::main!(main);

fn usage() -> i32 {
    eprintln!("usage: renice [-n] <priority> [-p|--pid] <pid>...");
    eprintln!("       renice [-n] <priority>  -g|--pgrp <pgid>...");
    eprintln!("       renice [-n] <priority>  -u|--user <user>...");
    1
}

fn main(args: Args, _env: Env) -> i32 {
    let mut argv: Vec<&[u8]> = args.iter().skip(1).collect();
    if argv.first().is_some_and(|a| *a == b"-n" || *a == b"--priority") {
        argv.remove(0);
    }
    let Some(prio_arg) = argv.first().copied() else { return usage() };
    argv.remove(0);
    let Some(prio) = procfs::parse_num(prio_arg.strip_prefix(b"+").unwrap_or(prio_arg)) else {
        eprintln!("renice: invalid priority '{}'", Bytes(prio_arg));
        return usage();
    };
    if argv.is_empty() {
        return usage();
    }
    let mut which = sched::PRIO_PROCESS;
    let mut status = 0;
    for a in argv {
        match a {
            b"-p" | b"--pid" => { which = sched::PRIO_PROCESS; continue }
            b"-g" | b"--pgrp" => { which = sched::PRIO_PGRP; continue }
            b"-u" | b"--user" => { which = sched::PRIO_USER; continue }
            _ => {}
        }
        let kind = match which {
            sched::PRIO_PROCESS => "process ID",
            sched::PRIO_PGRP => "process group ID",
            _ => "user ID",
        };
        let Some(who) = procfs::parse_num(a).filter(|&n| n >= 0) else {
            eprintln!("renice: invalid {} argument: '{}'", kind, Bytes(a));
            status = 1;
            continue;
        };
        let who = who as i32;
        let old = match sched::getpriority(which, who) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("renice: failed to get priority for {} ({}): {}", who, kind, e);
                status = 1;
                continue;
            }
        };
        if let Err(e) = sched::setpriority(which, who, prio as i32) {
            eprintln!("renice: failed to set priority for {} ({}): {}", who, kind, e);
            status = 1;
            continue;
        }
        let new = sched::getpriority(which, who).unwrap_or(prio as i32);
        println!("{} ({}) old priority {}, new priority {}", who, kind, old, new);
    }
    status
}
