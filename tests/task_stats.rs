//! `--stats=task`: the machine's counters charged to the guest's tasks.
//! The per-task numbers must agree with the guest kernel's own accounting
//! (/proc/PID/stat and /proc/PID/sched) for the same pid, add up to the
//! machine-wide counters, and not change what the guest does.
//!
//! To compare with /proc at a moment when neither side can change any
//! more, each experiment runs in the background and is stopped
//! (SIGSTOP) while it is alive; a stopped task (or a zombie) runs no
//! more, so what /proc shows then is final, as are the machine's numbers
//! for it at power-off.

mod support;

use serde_json::Value;
use support::*;

/// One run of the built-in OS with `--stats=task --stats-json`: exit
/// status, console, stderr, and the JSON. (Reads no boot lines: the
/// console is all of stdout.)
struct Run {
    status: Option<i32>,
    console: String,
    stderr: String,
    stats: Value,
}

fn run(flags: &[&str], cmd: &str) -> Run {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let json = std::env::temp_dir().join(format!("vitrine-tasks-{}-{n}.json", std::process::id()));
    let json_s = json.to_str().unwrap().to_string();
    let mut args: Vec<&str> = flags.to_vec();
    args.extend(["--stats-json", &json_s, "-c", cmd]);
    let out = vitrine(&args);
    let stats = std::fs::read_to_string(&json)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    let _ = std::fs::remove_file(&json);
    Run {
        status: out.status.code(),
        console: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stats,
    }
}

/// The machine's row for task `tid`.
fn task<'a>(stats: &'a Value, tid: u64) -> &'a Value {
    stats["tasks"]
        .as_array()
        .expect("no tasks array in --stats-json")
        .iter()
        .rfind(|t| t["tid"].as_u64() == Some(tid))
        .unwrap_or_else(|| panic!("no row for tid {tid}: {:#}", stats["tasks"]))
}

/// What the guest kernel says about one task.
#[derive(Debug)]
struct Proc {
    state: char,
    min_flt: u64,
    maj_flt: u64,
    nvcsw: u64,
    nivcsw: u64,
    sum_exec_runtime_ns: u64,
}

/// /proc/PID/stat's and /proc/PID/sched's numbers from the console.
fn proc_of(console: &str, pid: u64) -> Proc {
    let prefix = format!("{pid} (");
    let stat = console
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no /proc/{pid}/stat line in:\n{console}"));
    // After "pid (comm) ": state ppid pgrp session tty tpgid flags
    // minflt cminflt majflt cmajflt ...
    let f: Vec<&str> = stat.rsplit_once(") ").unwrap().1.split(' ').collect();
    let sched = |name: &str| -> &str {
        console
            .lines()
            .find(|l| l.starts_with(name) && l[name.len()..].trim_start().starts_with(':'))
            .unwrap_or_else(|| panic!("no {name} in:\n{console}"))
            .split_once(':')
            .unwrap()
            .1
            .trim()
    };
    let ms = sched("se.sum_exec_runtime");
    let (int, frac) = ms.split_once('.').unwrap();
    Proc {
        state: f[0].chars().next().unwrap(),
        min_flt: f[7].parse().unwrap(),
        maj_flt: f[9].parse().unwrap(),
        nvcsw: sched("nr_voluntary_switches").parse().unwrap(),
        nivcsw: sched("nr_involuntary_switches").parse().unwrap(),
        sum_exec_runtime_ns: int.parse::<u64>().unwrap() * 1_000_000 + frac.parse::<u64>().unwrap(),
    }
}

/// One scheduler tick at the kernel's default 1000 Hz, ns.
const TICK_NS: u64 = 1_000_000;

/// Run `prog` in the background, stop it after `delay` seconds, show its
/// /proc/PID/stat and /proc/PID/sched, and check the machine's row for
/// that pid against them: minor and major faults, voluntary and
/// involuntary switches exactly, run time within one tick.
fn agrees_with_proc(prog: &str, delay: &str) -> (Run, u64) {
    let cmd = format!(
        "{prog} > /dev/null & sleep {delay}; kill -STOP $!; echo subject=$!; \
         cat /proc/$!/stat /proc/$!/sched"
    );
    let r = run(&["--stats=task"], &cmd);
    assert_eq!(r.status, Some(0), "{}\n{}", r.console, r.stderr);
    let pid: u64 = r
        .console
        .lines()
        .find_map(|l| l.strip_prefix("subject="))
        .unwrap_or_else(|| panic!("no subject= line:\n{}", r.console))
        .trim()
        .parse()
        .unwrap();
    let p = proc_of(&r.console, pid);
    assert!(
        p.state == 'T' || p.state == 'Z',
        "{prog} should be stopped or a zombie when /proc is read: {p:?}\n{}",
        r.console
    );
    let t = task(&r.stats, pid);
    let kf = &t["kernel_faults"];
    let cs = &t["context_switches"];
    assert_eq!(
        kf["minor"].as_u64(),
        Some(p.min_flt),
        "{prog} min_flt: {t:#}\n{p:?}"
    );
    assert_eq!(
        kf["major"].as_u64(),
        Some(p.maj_flt),
        "{prog} maj_flt: {t:#}\n{p:?}"
    );
    assert_eq!(
        cs["voluntary"].as_u64(),
        Some(p.nvcsw),
        "{prog} nvcsw: {t:#}\n{p:?}"
    );
    assert_eq!(
        cs["involuntary"].as_u64(),
        Some(p.nivcsw),
        "{prog} nivcsw: {t:#}\n{p:?}"
    );
    let run_ns = t["run_ns"].as_u64().unwrap();
    assert!(
        run_ns.abs_diff(p.sum_exec_runtime_ns) <= TICK_NS,
        "{prog}: machine run time {run_ns} ns, kernel sum_exec_runtime {} ns",
        p.sum_exec_runtime_ns
    );
    (r, pid)
}

/// cow: the parent's minor faults (its 4 MiB written page by page) are
/// the kernel's demand-zero and copy-on-write faults, as /proc counts them.
#[test]
fn cow_agrees_with_proc() {
    let (r, pid) = agrees_with_proc("cow -m 4", "1.5");
    let t = task(&r.stats, pid);
    assert_eq!(t["comm"], "cow");
    assert_eq!(t["path"], "/bin/cow");
    assert!(
        t["kernel_faults"]["zero"].as_u64().unwrap() >= 1024,
        "4 MiB is 1024 zero-filled pages: {t:#}"
    );
    // The hardware saw a store page fault for each of them.
    assert!(t["page_faults"]["store"].as_u64().unwrap() >= 1024, "{t:#}");
}

#[test]
fn forkexec_agrees_with_proc() {
    agrees_with_proc("forkexec", "0.002");
}

/// ctxswitch: stopped in the middle of its pipe ping-pong, thousands of
/// voluntary switches (each read of an empty pipe sleeps).
#[test]
fn ctxswitch_agrees_with_proc() {
    let (r, pid) = agrees_with_proc("ctxswitch -n 20000", "0.2");
    let t = task(&r.stats, pid);
    assert!(
        t["context_switches"]["voluntary"].as_u64().unwrap() > 1000,
        "{t:#}"
    );
    assert!(t["syscalls"].as_u64().unwrap() > 2000, "{t:#}");
}

/// cfsdemo: the parent sleeps while its three children spin; stopped in
/// that window.
#[test]
fn cfsdemo_agrees_with_proc() {
    agrees_with_proc("cfsdemo -t 500", "0.2");
}

/// The rows add up to the machine-wide counters exactly; exited tasks
/// keep their rows; the table is printed.
#[test]
fn task_rows_add_up_to_the_machine() {
    let r = run(&["--stats=task"], "cow -m 1 > /dev/null");
    assert_eq!(r.status, Some(0), "{}\n{}", r.console, r.stderr);
    let s = &r.stats;
    assert_eq!(s["task_accounting"]["mode"], "tasks");
    assert_eq!(s["task_accounting"]["dropped"], 0);
    let tasks = s["tasks"].as_array().unwrap();
    let sum = |path: &[&str]| -> u64 {
        tasks
            .iter()
            .map(|t| path.iter().fold(t, |v, k| &v[*k]).as_u64().unwrap())
            .sum()
    };
    let machine = |path: &[&str]| path.iter().fold(s, |v, k| &v[*k]).as_u64().unwrap();
    for (task_path, machine_path) in [
        (
            &["instructions", "total"][..],
            &["instructions", "total"][..],
        ),
        (&["instructions", "user"], &["instructions", "user"]),
        (
            &["instructions", "supervisor"],
            &["instructions", "supervisor"],
        ),
        (&["tlb", "itlb", "hits"], &["tlb", "itlb", "hits"]),
        (&["tlb", "itlb", "misses"], &["tlb", "itlb", "misses"]),
        (&["tlb", "dtlb", "hits"], &["tlb", "dtlb", "hits"]),
        (&["tlb", "dtlb", "misses"], &["tlb", "dtlb", "misses"]),
        (&["tlb", "dtlb", "walks"], &["tlb", "dtlb", "walks"]),
        (&["tlb", "flush_addr"], &["tlb", "flush_addr"]),
        (&["tlb", "flush_all"], &["tlb", "flush_all"]),
        (&["page_faults", "store"], &["page_faults", "store"]),
        (&["exceptions"], &["traps", "exceptions_total"]),
        (&["interrupts"], &["traps", "interrupts_total"]),
        (&["satp_writes"], &["satp_writes"]),
    ] {
        assert_eq!(sum(task_path), machine(machine_path), "{task_path:?}");
    }
    assert_eq!(
        sum(&["syscalls"]),
        s["traps"]["exceptions"]["ecall_from_u"].as_u64().unwrap()
    );
    // pid 0 is the kernel; init, the shell and cow (with its child, free
    // and ps) are there, exited or not.
    assert_eq!(task(s, 0)["comm"], "swapper/0");
    assert_eq!(task(s, 1)["comm"], "init");
    let cows: Vec<&Value> = tasks.iter().filter(|t| t["comm"] == "cow").collect();
    assert_eq!(cows.len(), 2, "cow and its child: {tasks:#?}");
    assert!(cows
        .iter()
        .all(|t| t["exited"] == true && t["exit_status"] == 0));
    assert!(r.stderr.contains("Per-task counters"), "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.contains(" cow ")),
        "no cow row in the table:\n{}",
        r.stderr
    );
}

/// Per-task accounting watches; it does not touch the guest: the same
/// run with and without it executes the same instructions and prints the
/// same, and two runs give the same rows.
#[test]
fn accounting_does_not_change_the_run() {
    let cmd = "cow -m 1; ctxswitch -n 100";
    let plain = run(&[], cmd);
    let a = run(&["--stats=task"], cmd);
    let b = run(&["--stats=task"], cmd);
    assert_eq!(plain.status, Some(0), "{}", plain.console);
    assert_eq!(plain.console, a.console);
    assert_eq!(
        plain.stats["instructions"], a.stats["instructions"],
        "--stats=task changed the guest"
    );
    assert!(plain.stats.get("tasks").is_none());
    assert_eq!(a.stats["tasks"], b.stats["tasks"], "not deterministic");
}

/// A kernel without the introspection device: one row per address space
/// (satp), each charged exactly its own loads.
#[test]
fn without_introspection_rows_are_address_spaces() {
    let dir = scratch_dir("tasks-two-spaces");
    let elf = build_elf(
        "two_address_spaces",
        &[&root().join("tests/programs/two_address_spaces.S")],
        &dir,
    );
    let json = dir.join("stats.json");
    let out = vitrine(&[
        "--stats=task",
        "--stats-json",
        json.to_str().unwrap(),
        elf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(s["task_accounting"]["mode"], "address_spaces");
    let rows = s["tasks"].as_array().unwrap();
    let asid = |n: u64| {
        rows.iter()
            .find(|t| t["asid"].as_u64() == Some(n))
            .unwrap_or_else(|| panic!("no ASID {n} row: {rows:#?}"))
    };
    assert_eq!(asid(1)["kind"], "address_space");
    assert_eq!(asid(1)["tlb"]["dtlb"]["accesses"], 100);
    assert_eq!(asid(2)["tlb"]["dtlb"]["accesses"], 300);
    assert!(asid(1)["pid"].is_null());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Per-address-space counters"), "{stderr}");
    assert!(stderr.contains("asid 2 root 0x"), "{stderr}");
}

/// Garbage written to the introspection device is dropped and counted
/// (the guest reads the count back), never a crash; with nobody
/// listening, the device ignores everything.
#[test]
fn garbage_events_are_dropped_and_counted() {
    let dir = scratch_dir("tasks-garbage");
    let elf = build_elf(
        "introspect_garbage",
        &[&root().join("tests/programs/introspect_garbage.S")],
        &dir,
    );
    let json = dir.join("stats.json");
    let out = vitrine(&[
        "--stats=task",
        "--stats-json",
        json.to_str().unwrap(),
        elf.to_str().unwrap(),
    ]);
    // The program exits with the DROPPED register's value.
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(s["task_accounting"]["dropped"], 4);
    assert_eq!(s["task_accounting"]["events"], 3);
    let worker = task(&s, 5);
    assert_eq!(worker["comm"], "worker");
    assert!(worker["instructions"]["total"].as_u64().unwrap() >= 2000);
    let plain = vitrine(&[elf.to_str().unwrap()]);
    assert_eq!(plain.status.code(), Some(0));
}

#[test]
fn stats_scope_is_checked() {
    let out = vitrine(&["--stats=tasks", "-c", "true"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--stats"), "{err}");
}
