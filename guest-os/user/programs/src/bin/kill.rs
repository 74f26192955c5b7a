//! `kill [-SIGNAL | -s SIGNAL] PID...`: sends a signal (default TERM) to
//! processes. SIGNAL is a number or a name, with or without "SIG".
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::signal::{self, SIGTERM};

ulib::main!(main);

fn parse_pid(s: &[u8]) -> Option<i32> {
    core::str::from_utf8(s).ok()?.parse().ok()
}

fn main(args: Args, _env: Env) -> i32 {
    let mut sig = SIGTERM;
    let mut rest: Vec<&[u8]> = args.iter().skip(1).collect();
    if let Some(first) = rest.first().copied() {
        let spec = if first == b"-s" {
            rest.remove(0);
            if rest.is_empty() {
                eprintln!("kill: -s needs a signal");
                return 1;
            }
            Some(rest.remove(0))
        } else if first.len() > 1 && first[0] == b'-' {
            rest.remove(0);
            Some(&first[1..])
        } else {
            None
        };
        if let Some(spec) = spec {
            match signal::parse(spec) {
                Some(s) => sig = s,
                None => {
                    eprintln!("kill: {}: invalid signal specification", Bytes(spec));
                    return 1;
                }
            }
        }
    }
    if rest.is_empty() {
        eprintln!("usage: kill [-SIGNAL | -s SIGNAL] PID...");
        return 1;
    }
    let mut status = 0;
    for arg in rest {
        let Some(pid) = parse_pid(arg) else {
            eprintln!("kill: {}: arguments must be process IDs", Bytes(arg));
            status = 1;
            continue;
        };
        if let Err(e) = signal::kill(pid, sig) {
            eprintln!("kill: ({}) - {}", pid, e);
            status = 1;
        }
    }
    status
}
