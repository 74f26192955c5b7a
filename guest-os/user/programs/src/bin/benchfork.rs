//! `benchfork MODE N`: the process-creation micro-benchmarks, repeated N
//! times so that a benchmark can take the cost of one from the difference
//! between two values of N (start-up costs cancel):
//!
//!   fork N      fork; the child exits at once; the parent waits
//!   exec N      fork; the child execs /bin/true; the parent waits
//!   cow N       map N pages private, write each, fork; the child writes
//!               every page again (N copy-on-write faults) and exits
//!   nocow N     the same, but the child does not write: the difference
//!               from `cow N` is N copy-on-write faults and nothing else
//!
//! Prints `benchfork: MODE N done`; exit status 1 on any failure.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};

ulib::main!(main);

const PAGE: usize = 4096;

fn main(args: Args, env: Env) -> i32 {
    let mode = args.get(1).unwrap_or(b"");
    let n: usize = match args.get(2).and_then(|a| core::str::from_utf8(a).ok()?.parse().ok()) {
        Some(n) if args.len() == 3 => n,
        _ => {
            eprintln!("usage: benchfork fork|exec|cow|nocow N");
            return 2;
        }
    };
    let result = match mode {
        b"fork" => repeat(n, || {}),
        b"exec" => repeat(n, || {
            let e = process::execve(b"/bin/true", &[b"true"], env.as_ptr());
            eprintln!("benchfork: exec /bin/true: {}", e);
            process::exit(127);
        }),
        b"cow" => cow(n, true),
        b"nocow" => cow(n, false),
        _ => {
            eprintln!("benchfork: unknown mode {}", Bytes(mode));
            return 2;
        }
    };
    match result {
        Ok(()) => {
            println!("benchfork: {} {} done", Bytes(mode), n);
            0
        }
        Err(msg) => {
            eprintln!("benchfork: {}", msg);
            1
        }
    }
}

/// Fork `n` children one after the other, each running `child`, and wait
/// for each; every one must exit with status 0.
fn repeat(n: usize, child: impl Fn()) -> Result<(), String> {
    for i in 0..n {
        match process::fork() {
            Ok(Fork::Child) => {
                child();
                process::exit(0)
            }
            Ok(Fork::Parent(pid)) => match process::waitpid(pid) {
                Ok((_, st)) if st.exited() && st.exit_status() == 0 => {}
                Ok((_, st)) => return Err(format!("child {} ended with status {:#x}", i, st.0)),
                Err(e) => return Err(format!("wait: {}", e)),
            },
            Err(e) => return Err(format!("fork {}: {}", i, e)),
        }
    }
    Ok(())
}

/// Map `n` pages, write each, fork; the child writes each page again if
/// `write` (one copy-on-write fault per page), then exits.
fn cow(n: usize, write: bool) -> Result<(), String> {
    let len = (n * PAGE).max(PAGE);
    let base = ulib::mem::mmap_anonymous(len).map_err(|e| format!("mmap: {}", e))?;
    let touch = |v: u8| {
        for i in 0..n {
            // SAFETY: page i of the mapping we own.
            unsafe { core::ptr::write_volatile((base + i * PAGE) as *mut u8, v) };
        }
    };
    touch(1);
    repeat(1, || {
        if write {
            touch(2);
        }
    })
}
