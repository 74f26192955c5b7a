//! `sleeper [-t MS] [-s US]`: CFS favours a task that sleeps. Two children
//! pinned to CPU 0: a CPU hog that never sleeps, and a "sleeper" that
//! loops: spin for S microseconds of its own CPU time (default 5000), then
//! nanosleep S microseconds. For each nanosleep the sleeper measures the
//! wake-up latency: CLOCK_MONOTONIC after - before - the requested time,
//! i.e. how long after its timer expired it was running again. The run
//! lasts MS ms (default 300) of the parent's time (start/stop flags in a
//! MAP_SHARED page, as cfsdemo).
//!
//! Expected on CFS: the woken sleeper is placed at most a little behind
//! min_vruntime (a sleeper credit) so it preempts the hog at once or
//! within the wakeup granularity: latencies of at most a few ms
//! (sched_wakeup_granularity_ns), and the sleeper gets the CPU time it asks
//! for (about half of its wall time) while the hog gets the rest.
//!
//! Output:
//!
//! ```text
//! sleeper: wakeups=N requested=5000 us
//! sleeper: max wakeup latency=L us, mean=M us
//! sleeper: shares hog=X sleeper=Y        (percent of the CPU time the two used)
//! ```
#![no_std]
#![no_main]
use core::sync::atomic::{AtomicI64, Ordering::SeqCst};
use ulib::prelude::*;
use ulib::process::{self, Fork};
use ulib::time::{self, Timespec, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID};
use ulib::{mem, procfs, sched};

ulib::main!(main);

#[repr(C)]
struct Shared {
    start: AtomicI64,
    stop: AtomicI64,
    ready: AtomicI64,
    cpu_ns: [AtomicI64; 2],
    wakeups: AtomicI64,
    lat_sum_ns: AtomicI64,
    lat_max_ns: AtomicI64,
}

fn ms_sleep(ms: i64) {
    let _ = time::sleep(Timespec::from_nanos(ms * 1_000_000));
}

/// Our CPU time in ns: CLOCK_PROCESS_CPUTIME_ID, or if the kernel lacks
/// it, CLOCK_MONOTONIC (then the spin is by wall time).
fn cpu_now() -> i64 {
    match time::clock_gettime(CLOCK_PROCESS_CPUTIME_ID) {
        Ok(t) => t.as_nanos(),
        Err(_) => time::now_ns(CLOCK_MONOTONIC),
    }
}

fn spin_cpu(ns: i64) {
    let end = cpu_now() + ns;
    let mut x: u64 = 1;
    while cpu_now() < end {
        for _ in 0..200 {
            x = core::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
    }
}

fn child(sh: &Shared, which: usize, slice_ns: i64) -> ! {
    let _ = sched::sched_setaffinity(0, &sched::CpuSet::single(0));
    sh.ready.fetch_add(1, SeqCst);
    while sh.start.load(SeqCst) == 0 {
        ms_sleep(1);
    }
    let t0 = cpu_now();
    if which == 0 {
        let mut x: u64 = 1;
        while sh.stop.load(SeqCst) == 0 {
            for _ in 0..1000 {
                x = core::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
        }
    } else {
        while sh.stop.load(SeqCst) == 0 {
            spin_cpu(slice_ns);
            let before = time::now_ns(CLOCK_MONOTONIC);
            let _ = time::nanosleep(&Timespec::from_nanos(slice_ns));
            let lat = (time::now_ns(CLOCK_MONOTONIC) - before - slice_ns).max(0);
            sh.wakeups.fetch_add(1, SeqCst);
            sh.lat_sum_ns.fetch_add(lat, SeqCst);
            sh.lat_max_ns.fetch_max(lat, SeqCst);
        }
    }
    sh.cpu_ns[which].store(cpu_now() - t0, SeqCst);
    process::exit(0)
}

fn pct(v: i64, total: i64) -> String {
    let t = if total > 0 { (v * 1000 + total / 2) / total } else { 0 };
    format!("{}.{}", t / 10, t % 10)
}

fn main(args: Args, _env: Env) -> i32 {
    let mut ms: i64 = 300;
    let mut slice_us: i64 = 5000;
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    let mut i = 0;
    while i < a.len() {
        let v = a.get(i + 1).and_then(|v| procfs::parse_num(v)).filter(|&v| v > 0);
        match (a[i], v) {
            (b"-t", Some(v)) => ms = v,
            (b"-s", Some(v)) => slice_us = v,
            _ => { eprintln!("usage: sleeper [-t MS] [-s US]"); return 2 }
        }
        i += 2;
    }
    let page = match mem::mmap_shared_anonymous(4096) {
        Ok(p) => p,
        Err(e) => { eprintln!("sleeper: mmap: {}", e); return 1 }
    };
    // SAFETY: a fresh zeroed shared page; atomics only.
    let sh: &Shared = unsafe { &*(page as *const Shared) };
    let mut pids = [0; 2];
    for w in 0..2 {
        match process::fork() {
            Err(e) => { eprintln!("sleeper: fork: {}", e); return 1 }
            Ok(Fork::Child) => child(sh, w, slice_us * 1000),
            Ok(Fork::Parent(p)) => pids[w] = p,
        }
    }
    while sh.ready.load(SeqCst) < 2 {
        ms_sleep(1);
    }
    sh.start.store(1, SeqCst);
    ms_sleep(ms);
    sh.stop.store(1, SeqCst);
    for p in pids {
        let _ = process::waitpid(p);
    }
    let n = sh.wakeups.load(SeqCst);
    let (hog, sl) = (sh.cpu_ns[0].load(SeqCst), sh.cpu_ns[1].load(SeqCst));
    println!("sleeper: wakeups={} requested={} us", n, slice_us);
    println!(
        "sleeper: max wakeup latency={} us, mean={} us",
        sh.lat_max_ns.load(SeqCst) / 1000,
        if n > 0 { sh.lat_sum_ns.load(SeqCst) / n / 1000 } else { 0 }
    );
    println!("sleeper: cpu hog={} ms sleeper={} ms", hog / 1_000_000, sl / 1_000_000);
    println!("sleeper: shares hog={} sleeper={}", pct(hog, hog + sl), pct(sl, hog + sl));
    0
}
