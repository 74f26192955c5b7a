//! `cfsdemo [-t MS]`: CFS shares CPU time in proportion to the nice
//! weights. Three CPU-bound children at nice 0, -5 and 10, all pinned to
//! CPU 0 (sched_setaffinity, so it also works on a multi-core Linux), spin
//! for MS milliseconds (default 300) of the parent's CLOCK_MONOTONIC time.
//!
//! How: the children set their nice value, then wait for a start flag in a
//! MAP_SHARED page; the parent sets it, sleeps MS ms, sets a stop flag. Each
//! child counts its own CPU time over the window
//! (clock_gettime(CLOCK_PROCESS_CPUTIME_ID) at start and at stop) into the
//! shared page, then idles (sleeping) until released, so that the parent can
//! read /proc/PID/sched (se.sum_exec_runtime, se.vruntime, se.load.weight)
//! and /proc/PID/stat (utime+stime) while the child is still alive. Then
//! the children are released and reaped.
//!
//! Expected: shares close to weight / sum of weights, with Linux's
//! sched_prio_to_weight: nice 0 = 1024, -5 = 3121, 10 = 110, so 24.1 %,
//! 73.3 % and 2.6 %; vruntimes of the three close to each other (CFS keeps
//! them level: vruntime advances by runtime * 1024 / weight).
//!
//! Output: a table (nice, weight, expected %, measured %, runtime in the
//! window, vruntime and sum_exec_runtime from /proc/PID/sched or "-",
//! utime+stime ticks from /proc/PID/stat), then
//!
//! ```text
//! cfsdemo: shares nice0=24.1 nice-5=73.3 nice10=2.6
//! ```
//!
//! A negative nice needs privilege (CAP_SYS_NICE) on Linux: without it the
//! child stays at its old value, a line `cfsdemo: nice -5: EACCES ...`
//! says so and the table shows the nice value really in effect.
#![no_std]
#![no_main]
use core::sync::atomic::{AtomicI64, Ordering::SeqCst};
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::time::{self, Timespec, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID};
use ulib::{mem, procfs, readfile, sched, signal};

ulib::main!(main);

const NICES: [i32; 3] = [0, -5, 10];

/// Linux's sched_prio_to_weight (kernel/sched/core.c), nice -20..=19.
const WEIGHTS: [i64; 40] = [
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100,
    4904, 3906, 3121, 2501, 1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
    110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

fn weight(nice: i32) -> i64 {
    WEIGHTS[(nice.clamp(-20, 19) + 20) as usize]
}

/// The shared page.
#[repr(C)]
struct Shared {
    start: AtomicI64,
    stop: AtomicI64,
    release: AtomicI64,
    ready: AtomicI64,
    cpu_ns: [AtomicI64; 3], // CPU time in the window
    nice: [AtomicI64; 3],   // nice value in effect
    err: [AtomicI64; 3],    // errno of setpriority, 0 if fine
    done: AtomicI64,        // children that have stored cpu_ns
}

/// Our CPU time in ns: CLOCK_PROCESS_CPUTIME_ID, or if the kernel lacks
/// it, utime + stime from /proc/self/stat (10 ms ticks).
fn cpu_now() -> i64 {
    match time::clock_gettime(CLOCK_PROCESS_CPUTIME_ID) {
        Ok(t) => t.as_nanos(),
        Err(_) => procfs::stat(b"self").map_or(0, |s| (s.utime + s.stime) as i64 * 10_000_000),
    }
}

fn ms_sleep(ms: i64) {
    let _ = time::sleep(Timespec::from_nanos(ms * 1_000_000));
}

fn child(sh: &Shared, i: usize) -> ! {
    let _ = sched::sched_setaffinity(0, &sched::CpuSet::single(0));
    if let Err(e) = sched::setpriority(sched::PRIO_PROCESS, 0, NICES[i]) {
        sh.err[i].store(e.0 as i64, SeqCst);
    }
    sh.nice[i].store(sched::getpriority(sched::PRIO_PROCESS, 0).unwrap_or(99) as i64, SeqCst);
    sh.ready.fetch_add(1, SeqCst);
    while sh.start.load(SeqCst) == 0 {
        ms_sleep(1);
    }
    let t0 = cpu_now();
    let mut x: u64 = 1;
    while sh.stop.load(SeqCst) == 0 {
        for _ in 0..1000 {
            x = core::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }
    sh.cpu_ns[i].store(cpu_now() - t0, SeqCst);
    sh.done.fetch_add(1, SeqCst);
    while sh.release.load(SeqCst) == 0 {
        ms_sleep(2);
    }
    process::exit(0)
}

/// "se.vruntime  :  123.456789" -> the number in ms, as text.
fn sched_field(text: &[u8], name: &[u8]) -> Option<String> {
    text.split(|&c| c == b'\n').find_map(|l| {
        let colon = l.iter().position(|&c| c == b':')?;
        (procfs::trim(&l[..colon]) == name).then(|| format!("{}", Bytes(procfs::trim(&l[colon + 1..]))))
    })
}

/// A "123.456789" text with one decimal ("123.4"); "-" stays.
fn one_decimal(s: &str) -> String {
    match s.find('.') {
        Some(d) if d + 2 <= s.len() => s[..d + 2].to_string(),
        _ => s.to_string(),
    }
}

fn pct(v: i64, total: i64) -> String {
    let t = if total > 0 { (v * 1000 + total / 2) / total } else { 0 };
    format!("{}.{}", t / 10, t % 10)
}

fn main(args: Args, _env: Env) -> i32 {
    let mut ms: i64 = 300;
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    match a.as_slice() {
        [] => {}
        [b"-t", v] => match procfs::parse_num(v) {
            Some(v) if v > 0 => ms = v,
            _ => { eprintln!("cfsdemo: bad -t value"); return 2 }
        },
        _ => { eprintln!("usage: cfsdemo [-t MS]"); return 2 }
    }
    let page = match mem::mmap_shared_anonymous(4096) {
        Ok(p) => p,
        Err(e) => { eprintln!("cfsdemo: mmap: {}", e); return 1 }
    };
    // SAFETY: a fresh zeroed shared page, big enough, atomics only.
    let sh: &Shared = unsafe { &*(page as *const Shared) };
    if let Err(e) = sched::sched_getaffinity(0) {
        println!("cfsdemo: sched_getaffinity: {} (no pinning)", e);
    }
    let mut pids = [0i32; 3];
    for i in 0..3 {
        match process::fork() {
            Err(e) => { eprintln!("cfsdemo: fork: {}", e); return 1 }
            Ok(Fork::Child) => child(sh, i),
            Ok(Fork::Parent(p)) => pids[i] = p,
        }
    }
    while sh.ready.load(SeqCst) < 3 {
        ms_sleep(1);
    }
    for i in 0..3 {
        let e = sh.err[i].load(SeqCst);
        if e != 0 {
            println!("cfsdemo: nice {}: {} (needs CAP_SYS_NICE); child runs at nice {}", NICES[i], Errno(e as i32).name(), sh.nice[i].load(SeqCst));
        }
    }
    println!("cfsdemo: 3 CPU-bound children pinned to CPU 0 for {} ms", ms);
    let t0 = time::now_ns(CLOCK_MONOTONIC);
    sh.start.store(1, SeqCst);
    ms_sleep(ms);
    sh.stop.store(1, SeqCst);
    let wall = time::now_ns(CLOCK_MONOTONIC) - t0;
    // Wait until every child has written its CPU time.
    for _ in 0..5000 {
        if sh.done.load(SeqCst) == 3 { break }
        ms_sleep(1);
    }
    let mut sched_text = Vec::new();
    let mut ticks = Vec::new();
    for &pid in &pids {
        let id = format!("{}", pid);
        sched_text.push(readfile::read_file(&procfs::proc_path(id.as_bytes(), b"sched")).unwrap_or_default());
        ticks.push(procfs::stat(id.as_bytes()).map_or(-1, |s| (s.utime + s.stime) as i64));
    }
    sh.release.store(1, SeqCst);
    for &pid in &pids {
        let _ = process::waitpid(pid);
    }
    let nices: Vec<i32> = (0..3).map(|i| sh.nice[i].load(SeqCst) as i32).collect();
    let wsum: i64 = nices.iter().map(|&n| weight(n)).sum();
    let cpu: Vec<i64> = (0..3).map(|i| sh.cpu_ns[i].load(SeqCst)).collect();
    let csum: i64 = cpu.iter().sum();
    println!("cfsdemo: window {} ms wall, {} ms CPU in all", wall / 1_000_000, csum / 1_000_000);
    // CFS's slice for each: the period (sched_latency_ns for up to 8
    // runnable tasks) shared in proportion to the weights.
    let latency = readfile::read_file(b"/proc/sys/kernel/sched_latency_ns")
        .ok()
        .and_then(|t| procfs::parse_num(t.trim_ascii()))
        .unwrap_or(6_000_000);
    println!("cfsdemo: period {}.{:03} ms (kernel.sched_latency_ns)", latency / 1_000_000, latency / 1000 % 1000);
    println!("  nice  weight  expected  measured  runtime_ms  vruntime_ms  sum_exec_ms  ticks  proc_weight  slice_ms");
    let mut shares = Vec::new();
    for i in 0..3 {
        let t = &sched_text[i];
        let vr = sched_field(t, b"se.vruntime").map_or("-".to_string(), |s| one_decimal(&s));
        let se = sched_field(t, b"se.sum_exec_runtime").map_or("-".to_string(), |s| one_decimal(&s));
        let pw = sched_field(t, b"se.load.weight")
            .and_then(|s| procfs::parse_num(s.as_bytes()))
            .map_or("-".to_string(), |w| format!("{}", if w > 88761 { w / 1024 } else { w }));
        let share = pct(cpu[i], csum);
        println!(
            "  {:>4}  {:>6}  {:>7}%  {:>7}%  {:>10}  {:>11}  {:>11}  {:>5}  {:>11}  {:>8}",
            nices[i], weight(nices[i]), pct(weight(nices[i]), wsum), share,
            format!("{}.{}", cpu[i] / 1_000_000, cpu[i] / 100_000 % 10), vr, se, ticks[i], pw,
            {
                let us = latency * weight(nices[i]) / wsum / 1000;
                format!("{}.{:03}", us / 1000, us % 1000)
            }
        );
        shares.push(share);
    }
    println!("cfsdemo: shares nice0={} nice-5={} nice10={}", shares[0], shares[1], shares[2]);
    let _ = signal::SIGKILL;
    0
}
