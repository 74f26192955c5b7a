//! `threads [N [M]]`: starts N threads (default 4) that each add 1 to a
//! shared counter M times (default 10000) under a futex-based mutex, joins
//! them and prints
//!
//! ```text
//! threads: thread 0 tid=T0 pid=P      (one line per thread, any order)
//! ...
//! threads: main tid=P pid=P
//! threads: 4 threads x 10000 = 40000
//! ```
//!
//! What it shows: threads share memory (one counter) and the process id
//! (getpid is the same everywhere) but each has its own tid; the mutex
//! makes the increments add up. Exit status 1 if the total is wrong.
#![no_std]
#![no_main]
use ulib::futex::Mutex;
use ulib::prelude::*;
use ulib::{process, thread};

ulib::main!(main);

static COUNTER: Mutex<u64> = Mutex::new(0);

/// Argument `i` as a positive number, or `default` if absent.
/// None if present but not a number > 0.
fn arg(args: &Args, i: usize, default: u64) -> Option<u64> {
    match args.get(i) {
        None => Some(default),
        Some(a) => core::str::from_utf8(a).ok()?.parse().ok().filter(|&n| n > 0),
    }
}

/// Spawns, joins, checks the total.
/// Exit status 0 if it is N x M, 1 if not or a thread failed, 2 for bad usage.
fn main(args: Args, _env: Env) -> i32 {
    let (Some(n), Some(m)) = (arg(&args, 1, 4), arg(&args, 2, 10000)) else {
        eprintln!("usage: threads [N [M]]");
        return 2;
    };
    if args.len() > 3 || n > 1000 {
        eprintln!("usage: threads [N [M]] (N at most 1000)");
        return 2;
    }
    let mut handles = Vec::new();
    for i in 0..n {
        let work = move || {
            for _ in 0..m {
                *COUNTER.lock() += 1;
            }
            println!("threads: thread {} tid={} pid={}", i, thread::gettid(), process::getpid());
            0
        };
        match thread::spawn(work) {
            Ok(h) => handles.push(h),
            Err(e) => {
                eprintln!("threads: cannot start thread {}: {}", i, e);
                return 1;
            }
        }
    }
    for h in handles {
        h.join();
    }
    println!("threads: main tid={} pid={}", thread::gettid(), process::getpid());
    let total = *COUNTER.lock();
    println!("threads: {} threads x {} = {}", n, m, total);
    if total == n * m { 0 } else { 1 }
}
