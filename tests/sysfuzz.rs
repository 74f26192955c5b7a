//! `/bin/sysfuzz` (guest-os/user/programs/src/bin/sysfuzz.rs), the system
//! call fuzzer inside the guest: 50,000 random calls with typed random
//! arguments, from workers that fork, clone, start threads and signal each
//! other, must not bring the kernel down or hang the machine (the run is
//! bounded by --max-insns), and every frame comes back once all fuzzer
//! processes have exited. The same seed gives the same run.
//! A million calls: `benches/reliability.sh`.

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// At most this many instructions for 50,000 calls (about 30x what a run
/// takes): a hang ends the run with an error instead of hanging CI.
const MAX_INSNS: &str = "20000000000";

fn sysfuzz(calls: u32, seed: u32) -> (Option<i32>, String) {
    let cmd = format!("sysfuzz -n {calls} -s {seed}");
    let out = vitrine(&["--verbose", "--max-insns", MAX_INSNS, "-c", &cmd]);
    (out.status.code(), text(&out.stdout))
}

/// The count after `label` in sysfuzz's report ("... 50012 calls, ...").
fn count(out: &str, label: &str) -> u64 {
    let at = out
        .find(label)
        .unwrap_or_else(|| panic!("no {label:?} in:\n{out}"));
    let before = out[..at].trim_end();
    let n = before.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap();
    n.parse()
        .unwrap_or_else(|_| panic!("no number before {label:?} in:\n{out}"))
}

#[test]
fn fifty_thousand_random_calls_leave_the_kernel_up_and_every_frame_free() {
    let (code, out) = sysfuzz(50_000, 1);
    assert!(!out.contains("kernel panic"), "{out}");
    assert_eq!(
        code,
        Some(0),
        "sysfuzz failed or frames did not come back:\n{out}"
    );
    assert!(count(&out, " calls,") >= 50_000, "{out}");
    // Workers died and were restarted (fuzzed exits, signals, the
    // watchdog), children and threads were made, signals were handled.
    assert!(count(&out, " restarts") > 0, "{out}");
    assert!(count(&out, " forks") > 0, "{out}");
    assert!(count(&out, " threads") > 0, "{out}");
    assert!(count(&out, " signals handled") > 0, "{out}");
    assert!(
        count(&out, " errors") > 0 && count(&out, " successes") > 0,
        "{out}"
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("sysfuzz: free frames:"))
        .unwrap_or_else(|| panic!("{out}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(nums.len(), 2, "{line}");
    assert_eq!(nums[0], nums[1], "frames leaked: {line}");
}

#[test]
fn a_seed_gives_the_same_run() {
    let guest = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("sysfuzz: ") || l.starts_with("kernel: power off"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (_, a) = sysfuzz(5_000, 42);
    let (_, b) = sysfuzz(5_000, 42);
    assert_eq!(guest(&a), guest(&b));
    let (_, c) = sysfuzz(5_000, 43);
    assert_ne!(guest(&a), guest(&c), "another seed, another run");
}

#[test]
fn bad_usage_is_status_2() {
    let out = vitrine(&["-c", "sysfuzz -n many"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("usage: sysfuzz -n CALLS -s SEED [-w WORKERS]"));
}
