//! `kill [-SIGNAL | -s SIGNAL] PID...`: sends a signal (default TERM) to
//! processes. SIGNAL is a number or a name, with or without "SIG" (`-9`,
//! `-KILL`, `-SIGKILL`, `-s TERM`). A negative PID is a process group
//! (after `--` or a signal option, as procps).
//!
//! `kill -l` lists the names as procps-ng's kill does (two lines, 29 is
//! POLL); `kill -l N` names one signal (N may be a wait status 128+N);
//! `kill -L` prints the numbered table.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::signal::{self, SIGTERM};

ulib::main!(main);

fn parse_pid(s: &[u8]) -> Option<i32> {
    core::str::from_utf8(s).ok()?.parse().ok()
}

/// The name procps prints for `sig` (29 is POLL there, IO in ulib's table).
fn sig_name(sig: i32) -> Option<&'static str> {
    if sig == 29 { Some("POLL") } else { signal::name(sig) }
}

/// `kill -l [SIG]` and `kill -L`.
fn list(rest: &[&[u8]], table: bool) -> i32 {
    if let Some(a) = rest.first() {
        if a.iter().all(u8::is_ascii_digit) {
            let n = core::str::from_utf8(a).ok().and_then(|s| s.parse::<i32>().ok()).unwrap_or(-1);
            let n = if n > 128 { n - 128 } else { n };
            match sig_name(n) {
                Some(name) => { println!("{}", name); return 0 }
                None => { eprintln!("kill: unknown signal: {}", Bytes(a)); return 1 }
            }
        }
        let spec = if *a == b"POLL" || *a == b"SIGPOLL" { Some(29) } else { signal::parse(a) };
        match spec {
            Some(n) => { println!("{}", n); return 0 }
            None => { eprintln!("kill: unknown signal: {}", Bytes(a)); return 1 }
        }
    }
    let mut line = String::new();
    for sig in 1..=31 {
        let name = sig_name(sig).unwrap_or("?");
        if table {
            line.push_str(&format!("{:>2} {:<8}", sig, name));
            if sig % 7 == 0 || sig == 31 {
                println!("{}", line.trim_end());
                line.clear();
            }
        } else {
            line.push_str(name);
            if sig == 16 || sig == 31 {
                println!("{}", line);
                line.clear();
            } else {
                line.push(' ');
            }
        }
    }
    0
}

fn main(args: Args, _env: Env) -> i32 {
    let mut sig = SIGTERM;
    let mut rest: Vec<&[u8]> = args.iter().skip(1).collect();
    match rest.first().copied() {
        Some(b"-l") | Some(b"--list") => return list(&rest[1..], false),
        Some(b"-L") | Some(b"--table") => return list(&rest[1..], true),
        _ => {}
    }
    if let Some(first) = rest.first().copied() {
        let spec = if first == b"-s" {
            rest.remove(0);
            if rest.is_empty() {
                eprintln!("kill: -s needs a signal");
                return 1;
            }
            Some(rest.remove(0))
        } else if first == b"--" {
            rest.remove(0);
            None
        } else if first.len() > 1 && first[0] == b'-' && !first[1].is_ascii_digit() || first.len() > 1 && first[0] == b'-' && rest.len() > 1 {
            rest.remove(0);
            Some(&first[1..])
        } else {
            None
        };
        if let Some(spec) = spec {
            let parsed = if spec == b"POLL" || spec == b"SIGPOLL" { Some(29) } else { signal::parse(spec) };
            match parsed {
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
