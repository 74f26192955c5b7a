//! The CFS scheduler, process states and the TLB modes of the teaching
//! kernel, through the guest programs that make them visible (cfsdemo,
//! sleeper, childfirst, states, ctxswitch) and /proc/PID/sched.

mod support;

use support::*;

/// A number after `key=` anywhere in `line` (e.g. `nice0=23.5`).
fn float(line: &str, key: &str) -> f64 {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| {
            v.trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no {key}= in {line:?}"))
}

/// cfsdemo: three CPU-bound tasks at nice 0, -5 and 10 get CPU in
/// proportion to their weights (1024, 3121, 110: 24.1 %, 73.3 %, 2.6 %)
/// within 2 percentage points, and their vruntimes end within one slice
/// of each other (a slice in virtual time is period x 1024 / total weight,
/// 6 ms x 1024 / 4255 = 1.44 ms).
#[test]
fn cfs_shares_follow_nice_weights() {
    let r = guest(&[], "cfsdemo");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let line = r
        .console
        .lines()
        .find(|l| l.starts_with("cfsdemo: shares"))
        .unwrap();
    for (key, want) in [("nice0", 24.1), ("nice-5", 73.3), ("nice10", 2.6)] {
        let got = float(line, key);
        assert!(
            (got - want).abs() <= 2.0,
            "{key}: {got} vs {want}\n{}",
            r.console
        );
    }
    let vruntimes: Vec<f64> = r
        .console
        .lines()
        .skip_while(|l| !l.starts_with("  nice  weight"))
        .skip(1)
        .take(3)
        .map(|l| l.split_whitespace().nth(5).unwrap().parse().unwrap())
        .collect();
    let spread = vruntimes.iter().cloned().fold(f64::MIN, f64::max)
        - vruntimes.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        spread <= 1.5,
        "vruntimes {vruntimes:?} spread {spread} ms\n{}",
        r.console
    );
}

/// A task that sleeps half the time gets the CPU back within one wakeup
/// granularity (1 ms) of waking, though a CPU hog is running.
#[test]
fn sleepers_run_soon_after_waking() {
    let r = guest(&[], "sleeper");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let line = r
        .console
        .lines()
        .find(|l| l.contains("max wakeup latency="))
        .unwrap();
    let max_us = float(line, "latency");
    assert!(max_us < 1000.0, "{line}");
}

/// With kernel.sched_child_runs_first = 1 the child execs before the
/// parent writes, so the parent's writes find its pages unshared and only
/// regain write access; with 0 they copy.
#[test]
fn child_runs_first_saves_copies() {
    let r = guest(&[], "childfirst");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let lines: Vec<&str> = r
        .console
        .lines()
        .filter(|l| l.starts_with("childfirst:"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", r.console);
    let (off, on) = (float(lines[0], "cow_copy"), float(lines[1], "cow_copy"));
    assert!(lines[0].contains("child_runs_first=0") && lines[1].contains("child_runs_first=1"));
    assert!(
        on * 10.0 < off,
        "copies with child first {on}, without {off}"
    );
}

/// One process in each of R, S, D, T and Z at once, as ps shows them.
#[test]
fn every_state_shows_in_ps() {
    let r = guest(&[], "states");
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(
        r.console.contains("states: seen R=R S=S D=D T=T Z=Z\n"),
        "{}",
        r.console
    );
}

/// /proc/PID/sched in Linux's format; nice changes the weight and prio.
#[test]
fn proc_sched_shows_weight_and_vruntime() {
    let r = guest(&[], "nice -n 5 cat /proc/self/sched");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let c = &r.console;
    assert!(c.starts_with("cat ("), "{c}");
    let field = |name: &str| {
        c.lines()
            .find(|l| l.starts_with(name) && l.as_bytes().get(45) == Some(&b':'))
            .unwrap_or_else(|| panic!("no {name}:\n{c}"))[46..]
            .trim()
            .to_string()
    };
    assert_eq!(field("se.load.weight"), (335u64 << 10).to_string());
    assert_eq!(field("prio"), "125");
    assert!(field("se.vruntime").contains('.'), "{c}");
}

/// renice changes a running process's nice value; ps shows NI and PRI.
#[test]
fn renice_and_ps_show_priorities() {
    let r = guest(&[], "renice -n 7 -p 3; ps -o pid,ni,pri,comm -p 3");
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(
        r.console
            .contains("3 (process ID) old priority 0, new priority 7"),
        "{}",
        r.console
    );
    let row = r
        .console
        .lines()
        .find(|l| l.trim_start().starts_with("3 ") && l.trim_end().ends_with(" sh"))
        .unwrap();
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cols[1..], ["7", "12", "sh"], "{row}");
}

/// Both TLB modes run the same programs; with ASIDs a context switch no
/// longer empties the TLB, so the pipe ping-pong misses far less.
#[test]
fn asids_keep_translations_across_switches() {
    let flush = guest(&["--append", "tlb=flush"], "ctxswitch -n 500");
    let asid = guest(&["--append", "tlb=asid"], "ctxswitch -n 500");
    for r in [&flush, &asid] {
        assert_eq!(r.status, Some(0), "{}", r.console);
        assert!(
            r.console.contains("ctxswitch: 500 round trips"),
            "{}",
            r.console
        );
    }
    let misses = |r: &GuestRun| {
        r.stats["tlb"]["itlb"]["misses"].as_u64().unwrap()
            + r.stats["tlb"]["dtlb"]["misses"].as_u64().unwrap()
    };
    assert!(
        misses(&asid) * 5 < misses(&flush),
        "asid {} vs flush {}",
        misses(&asid),
        misses(&flush)
    );
    let flushes = |r: &GuestRun| r.stats["tlb"]["flush_all"].as_u64().unwrap();
    assert!(
        flushes(&asid) * 100 < flushes(&flush),
        "full flushes: asid {} flush {}",
        flushes(&asid),
        flushes(&flush)
    );
}

/// The kernel's worker thread waits for deferred work in state I, shown by
/// ps in brackets (no command line), and takes no signals.
#[test]
fn kernel_worker_idles_in_state_i() {
    let r = guest(&[], "kill -9 2; ps aux");
    let row = r
        .console
        .lines()
        .find(|l| l.ends_with("[kworker/0:0]"))
        .unwrap_or_else(|| panic!("{}", r.console));
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        (cols[1], cols[4], cols[5], cols[7]),
        ("2", "0", "0", "I"),
        "{row}"
    );
}

/// top's summary comes from /proc/stat, /proc/loadavg and /proc/meminfo:
/// after 6 s of three busy tasks the 1-minute load is Linux's first
/// 5-second step, 3 x (1 - e^-5/60) = 0.24, and user time dominates.
#[test]
fn top_shows_load_and_cpu_time() {
    let r = guest(&[], "cfsdemo -t 6000 >/dev/null; top -b -n 1");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let head = r.console.lines().find(|l| l.starts_with("top - ")).unwrap();
    assert!(head.ends_with("load average: 0.24, 0.04, 0.01"), "{head}");
    let cpu = r
        .console
        .lines()
        .find(|l| l.starts_with("%Cpu(s):"))
        .unwrap();
    let us: f64 = cpu.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(us > 80.0, "{cpu}");
    assert!(r.console.contains(
        "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n"
    ));
}
