//! `sleep SECONDS`: waits (nanosleep). SECONDS may have a fraction: "0.25".
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::time::{Timespec, sleep};

ulib::main!(main);

/// "N" or "N.FFF" seconds; None if malformed.
fn parse(s: &[u8]) -> Option<Timespec> {
    let (int, frac) = match s.iter().position(|&c| c == b'.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, &b""[..]),
    };
    if (int.is_empty() && frac.is_empty()) || !int.iter().chain(frac.iter()).all(u8::is_ascii_digit)
    {
        return None;
    }
    let mut sec: i64 = 0;
    for &d in int {
        sec = sec.checked_mul(10)?.checked_add((d - b'0') as i64)?;
    }
    let mut nsec: i64 = 0;
    let mut scale = 100_000_000;
    for &d in frac.iter().take(9) {
        nsec += (d - b'0') as i64 * scale;
        scale /= 10;
    }
    Some(Timespec { tv_sec: sec, tv_nsec: nsec })
}

fn main(args: Args, _env: Env) -> i32 {
    let Some(arg) = args.get(1) else {
        eprintln!("sleep: missing operand");
        return 1;
    };
    let Some(t) = parse(arg) else {
        eprintln!("sleep: invalid time interval '{}'", Bytes(arg));
        return 1;
    };
    match sleep(t) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("sleep: {}", e);
            1
        }
    }
}
