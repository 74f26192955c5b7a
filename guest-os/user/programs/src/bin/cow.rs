//! `cow [-m MB] [--no-write]`: copy-on-write after fork, the classic
//! experiment. Maps MB MiB (default 100) private anonymous memory, writes
//! every page, shows `free` and `ps -o rss,maj_flt,min_flt PID` (both run
//! with posix_spawn, whose CLONE_VM|CLONE_VFORK child copies nothing, so
//! showing adds no copy-on-write faults), forks; the child shows the same
//! right after the fork and again after writing every page (unless
//! --no-write, the control run), then prints two summary lines:
//!
//! ```text
//! cow: child min_flt before=X after=Y delta=Z rss_before_kb=A rss_after_kb=B
//! cow: used_kb before_fork=U1 after_fork=U2 after_child_writes=U3
//! ```
//!
//! Expected: the fork itself costs little memory (U2 ~ U1); the child's
//! writes fault once per page (delta ~ MB * 256) and "used" grows by about
//! MB MiB (U3 - U2), while the child's RSS barely changes (its pages were
//! already mapped, shared; a copy replaces them). With --no-write:
//! delta ~ 0 and U3 ~ U2. Fault counts are getrusage(RUSAGE_SELF)'s
//! ru_minflt (Linux's /proc/self/stat minflt counts the same faults); RSS
//! is VmRSS of /proc/self/status; used = MemTotal - MemAvailable, as free,
//! each read after a 1 s pause (Linux updates meminfo about once a second).
//! Exit status: the child's (0), 1 on failure, 2 for bad usage.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::rusage::{self, RUSAGE_SELF};
use ulib::{mem, procfs, spawn};

ulib::main!(main);

const PAGE: usize = 4096;

/// Writes one byte in every page of the region, so each page is backed
/// (and, after fork, copied) by the kernel.
fn touch(base: usize, len: usize) {
    for off in (0..len).step_by(PAGE) {
        // SAFETY: [base, base + len) is our private read-write mapping.
        unsafe { ((base + off) as *mut u8).write_volatile(1) };
    }
}

/// MemTotal - MemAvailable from /proc/meminfo, in KiB (free's "used"),
/// after a 1 s pause: Linux folds its per-CPU counters into meminfo's
/// numbers about once a second, so a read right after a change may miss it.
fn used_kb() -> i64 {
    let _ = ulib::time::sleep(ulib::time::Timespec { tv_sec: 1, tv_nsec: 0 });
    let m = procfs::meminfo().unwrap_or_default();
    procfs::field_num(&m, b"MemTotal").unwrap_or(0) - procfs::field_num(&m, b"MemAvailable").unwrap_or(0)
}

/// Our VmRSS in KiB (/proc/self/status).
fn rss_kb() -> i64 {
    procfs::status(b"self").ok().and_then(|s| procfs::field_num(&s, b"VmRSS")).unwrap_or(0)
}

/// Our minor faults so far (getrusage).
fn min_flt() -> i64 {
    rusage::getrusage(RUSAGE_SELF).map_or(0, |r| r.ru_minflt)
}

/// Prints a title, then runs `free` and `ps -o rss,maj_flt,min_flt PID`.
/// Failures to start them are reported on stderr only.
fn show(title: &str, who: &str, env: &Env) {
    println!("*** {} ***", title);
    println!("free:");
    if let Err(e) = spawn::run(&[b"free"], env) {
        eprintln!("cow: cannot run free: {}", e);
    }
    println!("{} (ps -o rss,maj_flt,min_flt):", who);
    let pid = format!("{}", process::getpid());
    if let Err(e) = spawn::run(&[b"ps", b"-o", b"rss,maj_flt,min_flt", pid.as_bytes()], env) {
        eprintln!("cow: cannot run ps: {}", e);
    }
    println!();
}

/// Parses `-m MB` and `--no-write`; None for bad usage.
fn parse(args: &Args) -> Option<(usize, bool)> {
    let (mut mb, mut write) = (100usize, true);
    let mut i = 1;
    while let Some(a) = args.get(i) {
        match a {
            b"--no-write" => write = false,
            b"-m" => {
                i += 1;
                mb = core::str::from_utf8(args.get(i)?).ok()?.parse().ok().filter(|&m| m > 0)?;
            }
            _ => return None,
        }
        i += 1;
    }
    Some((mb, write))
}

/// The experiment. Exit status: the child's, 1 on failure, 2 for bad usage.
fn main(args: Args, env: Env) -> i32 {
    let Some((mb, write)) = parse(&args) else {
        eprintln!("usage: cow [-m MB] [--no-write]");
        return 2;
    };
    let len = mb << 20;
    let base = match mem::mmap_anonymous(len) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cow: mmap {} MiB: {}", mb, e);
            return 1;
        }
    };
    touch(base, len);
    show("before fork", "parent", &env);
    let used_before = used_kb();
    match process::fork() {
        Err(e) => {
            eprintln!("cow: fork: {}", e);
            1
        }
        Ok(Fork::Child) => {
            let (flt0, rss0, used_after_fork) = (min_flt(), rss_kb(), used_kb());
            show("child, right after fork", "child", &env);
            let flt_start = min_flt(); // showing may fault a little: not counted
            if write {
                touch(base, len);
            }
            let (flt1, rss1, used_after_writes) = (min_flt(), rss_kb(), used_kb());
            let after = flt0 + (flt1 - flt_start);
            show(if write { "child, after writing every page" } else { "child, no writes (--no-write)" }, "child", &env);
            println!(
                "cow: child min_flt before={} after={} delta={} rss_before_kb={} rss_after_kb={}",
                flt0,
                after,
                after - flt0,
                rss0,
                rss1
            );
            println!(
                "cow: used_kb before_fork={} after_fork={} after_child_writes={}",
                used_before, used_after_fork, used_after_writes
            );
            process::exit(0)
        }
        Ok(Fork::Parent(pid)) => match process::waitpid(pid) {
            Ok((_, st)) => st.shell_status(),
            Err(e) => {
                eprintln!("cow: wait: {}", e);
                1
            }
        },
    }
}
