//! `oomtest [-m MAX_MB] [--touch]`: running out of memory.
//!
//! 1. mmaps private anonymous memory 1 MiB at a time until mmap fails
//!    (`oomtest: mmap failed after X MiB: ENOMEM`) or MAX_MB is reached
//!    (`oomtest: mmap stopped at the limit of X MiB`), then munmaps it all.
//!    A kernel that does not overcommit fails near its free memory; Linux
//!    (overcommit) lets a process map far more than RAM, hence -m.
//! 2. With --touch only: a child maps and writes 1 MiB after another
//!    until the kernel stops it; the parent prints how it ended
//!    (`oomtest: child killed by signal 9 (Killed)`, or `oomtest: child
//!    exited with status 3` if its mmap failed first). Never run --touch on
//!    a machine you care about: on Linux it wakes the OOM killer.
//!
//! Always ends with `oomtest: ok` (exit status 0); 2 for bad usage.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::{mem, signal};

ulib::main!(main);

const MIB: usize = 1 << 20;

/// Parses `-m MAX_MB` and `--touch`; None for bad usage.
fn parse(args: &Args) -> Option<(usize, bool)> {
    let (mut max, mut touch) = (usize::MAX, false);
    let mut i = 1;
    while let Some(a) = args.get(i) {
        match a {
            b"--touch" => touch = true,
            b"-m" => {
                i += 1;
                max = core::str::from_utf8(args.get(i)?).ok()?.parse().ok()?;
            }
            _ => return None,
        }
        i += 1;
    }
    Some((max, touch))
}

/// Step 1: map 1 MiB regions until failure or `max`; unmap them.
/// Keeps the addresses in a Vec reserved up front when `max` is small.
fn map_until_failure(max: usize) {
    let mut regions: Vec<usize> = Vec::new();
    let failure = loop {
        if regions.len() >= max {
            break None;
        }
        match mem::mmap_anonymous(MIB) {
            Ok(addr) => regions.push(addr),
            Err(e) => break Some(e),
        }
    };
    match failure {
        Some(e) => println!("oomtest: mmap failed after {} MiB: {}", regions.len(), e.name()),
        None => println!("oomtest: mmap stopped at the limit of {} MiB", regions.len()),
    }
    for &addr in &regions {
        // SAFETY: our own mapping, never used.
        let _ = unsafe { mem::munmap(addr, MIB) };
    }
    println!("oomtest: unmapped {} MiB", regions.len());
}

/// Step 2's child: map and write 1 MiB at a time, forever. Exits 3 if
/// mmap fails first (the kernel refused instead of killing).
fn touch_forever() -> ! {
    loop {
        let Ok(addr) = mem::mmap_anonymous(MIB) else { process::exit(3) };
        for off in (0..MIB).step_by(4096) {
            // SAFETY: our fresh read-write mapping.
            unsafe { ((addr + off) as *mut u8).write_volatile(1) };
        }
    }
}

/// Step 2: run [`touch_forever`] in a child and report how it ended.
fn touch_test() {
    match process::fork() {
        Err(e) => println!("oomtest: fork failed: {}", e.name()),
        Ok(Fork::Child) => touch_forever(),
        Ok(Fork::Parent(pid)) => match process::waitpid(pid) {
            Ok((_, st)) if st.signaled() => println!(
                "oomtest: child killed by signal {} ({})",
                st.term_signal(),
                signal::description(st.term_signal())
            ),
            Ok((_, st)) => println!("oomtest: child exited with status {}", st.exit_status()),
            Err(e) => println!("oomtest: wait failed: {}", e.name()),
        },
    }
}

/// Both steps; always "ok" at the end (the point is what happened before).
/// Exit status 0, 2 for bad usage.
fn main(args: Args, _env: Env) -> i32 {
    let Some((max, touch)) = parse(&args) else {
        eprintln!("usage: oomtest [-m MAX_MB] [--touch]");
        return 2;
    };
    map_until_failure(max);
    if touch {
        touch_test();
    } else {
        println!("oomtest: touch test skipped (use --touch)");
    }
    println!("oomtest: ok");
    0
}
