//! `ctxswitch [-n N] [--no-pin]`: lmbench lat_ctx style context-switch
//! cost. Parent and child, both pinned to CPU 0 (unless --no-pin), pass one
//! byte back and forth over two pipes N times (default 10000): every round
//! trip is two switches (parent -> child -> parent). Timed with
//! CLOCK_MONOTONIC in the parent; on Vitrine the benchmark harness counts
//! instructions instead. Prints
//!
//! ```text
//! ctxswitch: N round trips
//! ctxswitch: T us in all, P ns per round trip, S ns per switch
//! ```
//!
//! (the per-switch time includes the pipe read and write system calls, as
//! lat_ctx's does with a zero-sized working set).
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::time::{self, CLOCK_MONOTONIC};
use ulib::{fs, io, procfs, sched};

ulib::main!(main);

fn one(fd_in: i32, fd_out: i32, first_write: bool, n: i64) -> Result<(), Errno> {
    let mut b = [0u8; 1];
    for _ in 0..n {
        if first_write {
            io::write_all(fd_out, &b)?;
            if io::read(fd_in, &mut b)? != 1 { return Err(Errno::EPIPE) }
        } else {
            if io::read(fd_in, &mut b)? != 1 { return Err(Errno::EPIPE) }
            io::write_all(fd_out, &b)?;
        }
    }
    Ok(())
}

fn main(args: Args, _env: Env) -> i32 {
    let mut n: i64 = 10000;
    let mut pin = true;
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    let mut i = 0;
    while i < a.len() {
        match a[i] {
            b"--no-pin" => pin = false,
            b"-n" => match a.get(i + 1).and_then(|v| procfs::parse_num(v)) {
                Some(v) if v > 0 => { n = v; i += 1 }
                _ => { eprintln!("ctxswitch: bad -n"); return 2 }
            },
            _ => { eprintln!("usage: ctxswitch [-n N] [--no-pin]"); return 2 }
        }
        i += 1;
    }
    if pin {
        if let Err(e) = sched::sched_setaffinity(0, &sched::CpuSet::single(0)) {
            println!("ctxswitch: sched_setaffinity: {} (not pinned)", e);
        }
    }
    let (Ok((r1, w1)), Ok((r2, w2))) = (fs::pipe2(0), fs::pipe2(0)) else {
        eprintln!("ctxswitch: pipe2 failed");
        return 1;
    };
    let t0 = time::now_ns(CLOCK_MONOTONIC);
    match process::fork() {
        Err(e) => { eprintln!("ctxswitch: fork: {}", e); return 1 }
        Ok(Fork::Child) => {
            let _ = (fs::close(w1), fs::close(r2));
            process::exit(if one(r1, w2, false, n).is_ok() { 0 } else { 1 })
        }
        Ok(Fork::Parent(pid)) => {
            let _ = (fs::close(r1), fs::close(w2));
            let r = one(r2, w1, true, n);
            let t = time::now_ns(CLOCK_MONOTONIC) - t0;
            let st = process::waitpid(pid).map(|x| x.1.shell_status()).unwrap_or(-1);
            if let Err(e) = r { eprintln!("ctxswitch: pipe: {}", e); return 1 }
            if st != 0 { eprintln!("ctxswitch: child status {}", st); return 1 }
            println!("ctxswitch: {} round trips", n);
            println!("ctxswitch: {} us in all, {} ns per round trip, {} ns per switch", t / 1000, t / n, t / n / 2);
        }
    }
    0
}
