//! `childfirst [-n PAGES] [-v 0|1]`: who runs first after fork, and what it
//! costs in copy-on-write. For V = 0 and then 1 (or only `-v V`) it writes
//! V into /proc/sys/kernel/sched_child_runs_first (restoring the old value
//! at the end; if the file is missing or not writable it says so and runs
//! anyway), then: maps PAGES private pages (default 256) and touches them,
//! forks a child that at once execs `true`, and keeps writing to all the
//! pages; then reaps the child. It counts the parent's minor faults
//! (getrusage ru_minflt) over fork + writes, and Vitrine's copy-on-write
//! counters `cow_copy` and `cow_reuse` from /proc/vmstat (absent on Linux:
//! "n/a").
//!
//! Expected: with child_runs_first=1 the child execs before the parent
//! writes, dropping its share of the pages: each parent write still faults
//! (the page is read-only) but the page is reused, not copied (cow_reuse
//! about PAGES, cow_copy about 0). With 0 the parent writes while the child
//! still shares them: cow_copy about PAGES. parent_min_flt is about PAGES
//! both times. On Linux >= 6.6 (EEVDF) the sysctl no longer exists.
//!
//! Prints, per run:
//!
//! ```text
//! childfirst: child_runs_first=V parent_min_flt=X cow_copy=Y cow_reuse=Z
//! ```
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::{fs, io, mem, procfs, readfile, rusage};

ulib::main!(main);

const SYSCTL: &[u8] = b"/proc/sys/kernel/sched_child_runs_first";

fn vmstat(name: &[u8]) -> Option<i64> {
    let text = readfile::read_file(b"/proc/vmstat").ok()?;
    text.split(|&c| c == b'\n').find_map(|l| {
        let (k, v) = l.split_at(l.iter().position(|&c| c == b' ')?);
        (k == name).then(|| procfs::parse_num(procfs::trim(v))).flatten()
    })
}

fn write_sysctl(v: &[u8]) -> Result<(), Errno> {
    let fd = fs::openat(fs::AT_FDCWD, SYSCTL, fs::O_WRONLY, 0)?;
    let r = io::write_all(fd, v);
    let _ = fs::close(fd);
    r
}

fn delta(a: Option<i64>, b: Option<i64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{}", b - a),
        _ => "n/a".to_string(),
    }
}

fn run(v: u8, pages: usize, env: &Env) -> Result<(), Errno> {
    let label = match write_sysctl(&[b'0' + v, b'\n']) {
        Ok(()) => format!("{}", v),
        Err(e) => {
            println!("childfirst: cannot write {}: {}", Bytes(SYSCTL), e);
            format!("{}", v)
        }
    };
    let len = pages * 4096;
    let base = mem::mmap_anonymous(len)?;
    // SAFETY: our own fresh mapping of len bytes.
    let buf = unsafe { core::slice::from_raw_parts_mut(base as *mut u8, len) };
    for p in 0..pages {
        buf[p * 4096] = 1;
    }
    let (copy0, reuse0) = (vmstat(b"cow_copy"), vmstat(b"cow_reuse"));
    let flt0 = rusage::getrusage(rusage::RUSAGE_SELF)?.ru_minflt;
    let pid = match process::fork()? {
        Fork::Child => {
            let e = process::execvp(b"true", &[b"true"], env);
            eprintln!("childfirst: exec true: {}", e);
            process::exit(127)
        }
        Fork::Parent(pid) => pid,
    };
    for p in 0..pages {
        // SAFETY: in bounds; volatile so every page really is written.
        unsafe { core::ptr::write_volatile(&mut buf[p * 4096], 2) };
    }
    let flt1 = rusage::getrusage(rusage::RUSAGE_SELF)?.ru_minflt;
    let (copy1, reuse1) = (vmstat(b"cow_copy"), vmstat(b"cow_reuse"));
    let _ = process::waitpid(pid);
    // SAFETY: nothing uses the mapping any more.
    unsafe { mem::munmap(base, len)? };
    println!(
        "childfirst: child_runs_first={} parent_min_flt={} cow_copy={} cow_reuse={}",
        label, flt1 - flt0, delta(copy0, copy1), delta(reuse0, reuse1)
    );
    Ok(())
}

fn main(args: Args, env: Env) -> i32 {
    let mut pages = 256usize;
    let mut only: Option<u8> = None;
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    let mut i = 0;
    while i < a.len() {
        let v = a.get(i + 1).and_then(|v| procfs::parse_num(v));
        match (a[i], v) {
            (b"-n", Some(n)) if n > 0 => pages = n as usize,
            (b"-v", Some(n)) if n == 0 || n == 1 => only = Some(n as u8),
            _ => { eprintln!("usage: childfirst [-n PAGES] [-v 0|1]"); return 2 }
        }
        i += 2;
    }
    let old = readfile::read_file(SYSCTL).ok();
    if old.is_none() {
        println!("childfirst: no {} (n/a on this kernel)", Bytes(SYSCTL));
    }
    let runs: &[u8] = match only { Some(0) => &[0], Some(_) => &[1], None => &[0, 1] };
    let mut status = 0;
    for &v in runs {
        if let Err(e) = run(v, pages, &env) {
            eprintln!("childfirst: {}", e);
            status = 1;
        }
    }
    if let Some(old) = old {
        let _ = write_sysctl(&old);
    }
    status
}
