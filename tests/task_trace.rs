//! `--trace FILE`: a Chrome trace-event JSON timeline of the guest's
//! tasks. The file must be well formed, the running slices of the tasks
//! must never overlap and must cover the run, system calls must nest in
//! them, and the events the issue promises must be there.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use support::*;

/// Run `vitrine --trace FILE ARGS` and parse the trace.
fn traced(name: &str, args: &[&str]) -> (std::process::Output, Value) {
    let dir = scratch_dir(&format!("trace-{name}"));
    let path = dir.join("trace.json");
    let mut all = vec!["--trace", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = vitrine(&all);
    let text = std::fs::read_to_string(&path).expect("no trace written");
    let v: Value = serde_json::from_str(&text).expect("the trace is not JSON");
    (out, v)
}

/// ns from a trace timestamp in µs (written with ns digits).
fn ns(us: &Value) -> i64 {
    (us.as_f64().expect("a number") * 1000.0).round() as i64
}

/// Checks the format and the slice invariants; returns the events.
fn check_well_formed(trace: &Value) -> Vec<Value> {
    assert_eq!(trace["displayTimeUnit"], "ns");
    let events = trace["traceEvents"]
        .as_array()
        .expect("traceEvents array")
        .clone();
    let end = ns(&trace["otherData"]["end_us"]);
    assert!(end > 0);
    let mut named = std::collections::HashSet::new();
    for e in &events {
        let ph = e["ph"].as_str().expect("ph");
        assert!(["M", "X", "i", "C"].contains(&ph), "{e}");
        assert!(
            e["name"].is_string() && e["pid"].is_u64() && e["tid"].is_u64(),
            "{e}"
        );
        let ts = ns(&e["ts"]);
        assert!((0..=end).contains(&ts), "{e}");
        if ph == "M" {
            if e["name"] == "thread_name" {
                named.insert((e["pid"].as_u64(), e["tid"].as_u64()));
            }
            continue;
        }
        if ph == "X" {
            let dur = ns(&e["dur"]);
            assert!(dur >= 0 && ts + dur <= end, "{e}");
        }
        if ph == "X" || ph == "i" {
            assert!(
                named.contains(&(e["pid"].as_u64(), e["tid"].as_u64())),
                "track without a name: {e}"
            );
        }
    }
    // Running slices (all tracks together) tile [0, end]: one context on
    // the hart at a time, and always one.
    let mut sched: Vec<(i64, i64, &Value)> = events
        .iter()
        .filter(|e| e["cat"] == "sched")
        .map(|e| (ns(&e["ts"]), ns(&e["ts"]) + ns(&e["dur"]), e))
        .collect();
    sched.sort_by_key(|s| s.0);
    assert!(!sched.is_empty());
    let mut at = 0;
    for (start, end_, e) in &sched {
        assert!((start - at).abs() <= 1, "gap or overlap at {at} ns: {e}");
        at = *end_;
    }
    assert!(
        (at - end).abs() <= 1,
        "slices end at {at}, the run at {end}"
    );
    // Per task, slices never overlap (implied above, checked on its own).
    let mut by_task: BTreeMap<(u64, u64), Vec<(i64, i64)>> = BTreeMap::new();
    for (s, e, ev) in &sched {
        let key = (ev["pid"].as_u64().unwrap(), ev["tid"].as_u64().unwrap());
        by_task.entry(key).or_default().push((*s, *e));
    }
    for (task, slices) in &by_task {
        for w in slices.windows(2) {
            assert!(w[0].1 <= w[1].0 + 1, "task {task:?} overlaps itself: {w:?}");
        }
    }
    // System calls nest in a running slice of their own task.
    for e in events.iter().filter(|e| e["cat"] == "syscall") {
        let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        let (s, d) = (ns(&e["ts"]), ns(&e["dur"]));
        let inside = by_task
            .get(&key)
            .is_some_and(|v| v.iter().any(|&(a, b)| a - 1 <= s && s + d <= b + 1));
        assert!(inside, "syscall outside its task's running slices: {e}");
        assert!(e["args"]["nr"].is_u64(), "{e}");
    }
    events
}

fn names(events: &[Value], cat: &str) -> std::collections::BTreeSet<String> {
    events
        .iter()
        .filter(|e| e["cat"] == cat)
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

/// cfsdemo (preemption by the tick) and cow (copy-on-write faults, TLB
/// shootdowns) in one trace of the teaching OS.
#[test]
fn trace_of_the_teaching_os_is_well_formed_and_complete() {
    let (out, trace) = traced(
        "os",
        &["-c", "cfsdemo -t 50 > /dev/null; cow -m 1 > /dev/null"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(trace["otherData"]["rows"], "tasks");
    let events = check_well_formed(&trace);
    // Tasks are named.
    let threads: Vec<&str> = events
        .iter()
        .filter(|e| e["name"] == "thread_name")
        .map(|e| e["args"]["name"].as_str().unwrap())
        .collect();
    for want in ["swapper/0", "init", "sh", "cfsdemo", "cow"] {
        assert!(threads.contains(&want), "no thread {want}: {threads:?}");
    }
    // Switch reasons on the running slices.
    let outs: std::collections::BTreeSet<&str> = events
        .iter()
        .filter(|e| e["cat"] == "sched")
        .filter_map(|e| e["args"]["out"].as_str())
        .collect();
    for want in ["preempted by tick", "sleep", "exit"] {
        assert!(outs.contains(want), "no slice ended by {want}: {outs:?}");
    }
    // System calls by name, page faults by kind, TLB flushes, exec.
    let syscalls = names(&events, "syscall");
    for want in ["clone", "execve", "wait4", "write", "exit_group"] {
        assert!(syscalls.contains(want), "no {want} slice: {syscalls:?}");
    }
    let mm = names(&events, "mm");
    assert!(mm.contains("page fault: cow_copy"), "{mm:?}");
    assert!(mm.contains("page fault: zero"), "{mm:?}");
    assert!(names(&events, "tlb").contains("sfence.vma"));
    assert!(names(&events, "task").contains("exec"));
    // Counter tracks: vruntime and RSS per task, the machine's miss rate.
    let counters: std::collections::BTreeSet<&str> = events
        .iter()
        .filter(|e| e["ph"] == "C")
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for want in ["vruntime (ns)", "RSS (KiB)", "TLB miss rate (%)"] {
        assert!(counters.contains(want), "no counter {want}: {counters:?}");
    }
}

/// Without introspection the tracks are address spaces.
#[test]
fn trace_without_introspection_has_address_space_tracks() {
    let dir = scratch_dir("trace-spaces-build");
    let elf = build_elf(
        "two_address_spaces",
        &[&root().join("tests/programs/two_address_spaces.S")],
        &dir,
    );
    let (out, trace) = traced("spaces", &[elf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(trace["otherData"]["rows"], "address_spaces");
    let events = check_well_formed(&trace);
    let processes: Vec<&str> = events
        .iter()
        .filter(|e| e["name"] == "process_name")
        .map(|e| e["args"]["name"].as_str().unwrap())
        .collect();
    assert!(
        processes.iter().any(|p| p.starts_with("asid 1 root")),
        "{processes:?}"
    );
    assert!(
        processes.iter().any(|p| p.starts_with("asid 2 root")),
        "{processes:?}"
    );
}

/// A trace path that cannot be written: one line, status 2, and the guest
/// never starts.
#[test]
fn unwritable_trace_path_is_an_error_before_the_guest_starts() {
    let out = vitrine(&["--trace", "/nonexistent-dir/trace.json", "-c", "echo ran"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "the guest ran");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--trace /nonexistent-dir/trace.json"), "{err}");
}
