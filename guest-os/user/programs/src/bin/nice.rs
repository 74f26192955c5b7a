//! `nice [-n N | -N] [COMMAND [ARG]...]`, as GNU coreutils' nice: runs
//! COMMAND with its nice value raised by N (default 10); without a command
//! prints the current nice value. A failure to change the value (EPERM:
//! lowering needs privilege) is a warning, the command still runs. Exit
//! status: the command's (exec replaces us); 125 for nice's own errors, 126
//! if COMMAND cannot be run, 127 if it is not found.
//!
//! Kernel: getpriority/setpriority (141/140, PRIO_PROCESS, who = 0),
//! execve with a PATH search.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::{process, procfs, sched};

ulib::main!(main);

fn parse_adj(s: &[u8]) -> Option<i32> {
    let s = s.strip_prefix(b"+").unwrap_or(s);
    procfs::parse_num(s).map(|v| v.clamp(-1000, 1000) as i32)
}

fn main(args: Args, env: Env) -> i32 {
    let argv: Vec<&[u8]> = args.iter().skip(1).collect();
    let mut adj: Option<i32> = None;
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i];
        if a == b"--" {
            i += 1;
            break;
        } else if a == b"-n" || a == b"--adjustment" {
            let Some(v) = argv.get(i + 1) else {
                eprintln!("nice: option requires an argument -- 'n'");
                return 125;
            };
            match parse_adj(v) {
                Some(n) => adj = Some(n),
                None => {
                    eprintln!("nice: invalid adjustment '{}'", Bytes(v));
                    return 125;
                }
            }
            i += 2;
        } else if let Some(v) = a.strip_prefix(b"--adjustment=").or_else(|| {
            a.strip_prefix(b"-n").filter(|r| !r.is_empty())
        }) {
            match parse_adj(v) {
                Some(n) => adj = Some(n),
                None => {
                    eprintln!("nice: invalid adjustment '{}'", Bytes(v));
                    return 125;
                }
            }
            i += 1;
        } else if a.len() > 1 && a[0] == b'-' && parse_adj(&a[1..]).is_some() {
            // Obsolete "-N" (and "--N" for a negative N).
            adj = parse_adj(&a[1..]);
            i += 1;
        } else if a.len() > 1 && a[0] == b'-' {
            eprintln!("nice: invalid option -- '{}'", Bytes(&a[1..]));
            return 125;
        } else {
            break;
        }
    }
    let cmd = &argv[i..];
    if cmd.is_empty() {
        if adj.is_some() {
            eprintln!("nice: a command must be given with an adjustment");
            return 125;
        }
        return match sched::getpriority(sched::PRIO_PROCESS, 0) {
            Ok(n) => {
                println!("{}", n);
                0
            }
            Err(e) => {
                eprintln!("nice: cannot get niceness: {}", e);
                125
            }
        };
    }
    if let Err(e) = sched::nice(adj.unwrap_or(10)) {
        // coreutils: only a warning when we may not change it.
        eprintln!("nice: cannot set niceness: {}", e);
        if e != Errno::EPERM && e != Errno::EACCES {
            return 125;
        }
    }
    let e = process::execvp(cmd[0], cmd, &env);
    eprintln!("nice: '{}': {}", Bytes(cmd[0]), e);
    if e == Errno::ENOENT { 127 } else { 126 }
}
