//! The cost of process creation in the teaching kernel, on Vitrine and on
//! `qemu-system-riscv64` with the same kernel and initramfs, in one run:
//!
//!   fork+exit+wait     `benchfork fork N`
//!   fork+exec+wait     `benchfork exec N` (the child execs /bin/true)
//!   one CoW fault      `benchfork cow N` minus `benchfork nocow N`: the
//!                      child writes N pages it shares with its parent
//!
//! Each cost is a difference between a large and a small N (or between cow
//! and nocow), so boot and start-up cancel: guest instructions from
//! Vitrine's counter (deterministic), host time as the best of 3 runs.
//!
//! `cargo bench --bench process`

mod common;

use common::{best_of, boot_embedded, criterion, prebuilt, time_qemu};
use std::time::{Duration, Instant};

fn bootargs(cmd: &str) -> String {
    format!("-- -c 'benchfork {cmd}'")
}

/// Run `benchfork CMD` in the built-in OS; the instructions retired.
fn run_vitrine(cmd: &str) -> u64 {
    boot_embedded(&bootargs(cmd)).cpu.instret
}

fn time_vitrine(cmd: &str) -> Option<Duration> {
    let t = Instant::now();
    run_vitrine(cmd);
    Some(t.elapsed())
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let (kernel, initramfs) = prebuilt();
    let initrd = initramfs.as_str();
    let mut c = criterion();
    c.bench_function("process/boot_and_100_forks", |b| {
        b.iter(|| run_vitrine("fork 100"))
    });
    c.final_summary();

    // (what, large run, small run, operations between them)
    let cases = [
        ("fork+exit+wait", "fork 2001", "fork 1", 2000.0),
        ("fork+exec+wait", "exec 1001", "exec 1", 1000.0),
        ("one CoW fault", "cow 16384", "nocow 16384", 16384.0),
    ];
    println!("\nprocess creation, side by side (host time: best of 3; per operation):");
    println!(
        "  {:16} {:>14} {:>14} {:>14} {:>8}",
        "", "guest insns", "vitrine", "qemu", "ratio"
    );
    for (what, large, small, ops) in cases {
        let insns = (run_vitrine(large) - run_vitrine(small)) as f64 / ops;
        let ours = us(best_of(3, || time_vitrine(large)).unwrap())
            - us(best_of(3, || time_vitrine(small)).unwrap());
        let ours = ours / ops;
        let q = |cmd: &str| {
            best_of(3, || {
                time_qemu(&kernel, &["-initrd", initrd, "-append", &bootargs(cmd)])
            })
        };
        let theirs = match (q(large), q(small)) {
            (Some(l), Some(s)) => Some((us(l) - us(s)) / ops),
            _ => None,
        };
        match theirs {
            Some(t) => println!(
                "  {what:16} {insns:>14.0} {:>11.2} us {:>11.2} us {:>8.2}",
                ours,
                t,
                ours / t
            ),
            None => println!("  {what:16} {insns:>14.0} {ours:>11.2} us   (qemu not available)"),
        }
    }
}
