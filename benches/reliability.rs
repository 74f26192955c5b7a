//! Reliability at length: `cargo bench --bench reliability`.
//!
//! 1. `/bin/sysfuzz` for a million system calls (VITRINE_SYSFUZZ_CALLS to
//!    change it, VITRINE_SYSFUZZ_SEED for the seed, default 1): no kernel
//!    panic, no hang (bounded by --max-insns), every frame back.
//! 2. The experiments under fault injection, one allocation in N failing
//!    for N from 17 to 997 (and pseudo-random 1 in N): no panic, frames at
//!    power-off as after `true`; how many allocations were failed in all.
//!
//! Prints one line per run and a summary; exits non-zero on a failure.

use std::process::Command;
use std::time::Instant;

fn vitrine(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .output()
        .expect("run vitrine");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn frames_free(console: &str) -> Option<u64> {
    let line = console
        .lines()
        .rfind(|l| l.starts_with("kernel: power off, exit status "))?;
    let n = line
        .rsplit_once('(')?
        .1
        .strip_suffix(" in the page cache)")?;
    let (free, cached) = n.split_once(" frames free, ")?;
    Some(free.parse::<u64>().ok()? + cached.parse::<u64>().ok()?)
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("reliability: bench");
        return;
    }
    let mut failed = false;
    let calls = env("VITRINE_SYSFUZZ_CALLS", 1_000_000);
    let seed = env("VITRINE_SYSFUZZ_SEED", 1);
    let t = Instant::now();
    let cmd = format!("sysfuzz -n {calls} -s {seed}");
    // About 400,000 instructions a call at most (a run takes ~150,000).
    let max = (calls * 400_000).max(1_000_000_000).to_string();
    let (code, out) = vitrine(&["--verbose", "--max-insns", &max, "-c", &cmd]);
    let secs = t.elapsed().as_secs_f64();
    for l in out.lines().filter(|l| l.starts_with("sysfuzz: ")) {
        println!("{l}");
    }
    let panic = out.contains("kernel panic");
    println!(
        "sysfuzz: {calls} calls in {secs:.1} s host time ({:.0} calls/s), exit status {code:?}{}",
        calls as f64 / secs,
        if panic { ", KERNEL PANIC" } else { "" }
    );
    failed |= code != Some(0) || panic;

    let (_, base) = vitrine(&["--verbose", "-c", "true"]);
    let base = frames_free(&base).expect("power-off line");
    let mut injected_total = 0;
    let mut runs = 0;
    for random in [false, true] {
        for n in [17, 29, 61, 101, 199, 307, 499, 997] {
            let script = format!(
                "echo {} > /proc/sys/debug/fail_random; echo {n} > /proc/sys/debug/fail_page_alloc; \
                 cow; forkexec; threads; clonedemo; oomtest; {}echo injected; cat /proc/sys/debug/fail_injected",
                random as u8,
                "echo 0 > /proc/sys/debug/fail_page_alloc; ".repeat(3)
            );
            let (code, out) = vitrine(&["--verbose", "-c", &script]);
            let injected: u64 = out
                .lines()
                .skip_while(|l| *l != "injected")
                .nth(1)
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(0);
            let free = frames_free(&out);
            let panic = out.contains("kernel panic") || code == Some(101);
            let ok = !panic && free == Some(base);
            println!(
                "fault injection: {} 1 in {n:<4} {injected:>3} failed, frames {} ({})",
                if random { "random" } else { "every " },
                free.map_or("?".into(), |f| f.to_string()),
                if ok {
                    "ok"
                } else if panic {
                    "KERNEL PANIC"
                } else {
                    "LEAK"
                }
            );
            failed |= !ok;
            injected_total += injected;
            runs += 1;
        }
    }
    println!("fault injection: {runs} runs, {injected_total} allocations failed, baseline {base} frames free");
    if failed {
        std::process::exit(1);
    }
}
