//! The translating engine is exact: every workload the other tests run is
//! run under `--engine interp` (the reference) and `--engine jit`, and the
//! two runs must agree byte for byte on the exit status, the guest's output
//! (stdout and stderr), and the complete `--stats-json` (every counter:
//! instructions per privilege, cycles, mtime, traps by cause, page faults,
//! each TLB's hits/misses/walks, flushes, satp writes, syscalls), less the
//! two host-time fields (`host_seconds`, `mips`). Kernel experiments are
//! also compared on their per-task `--stats=task` tables.
//!
//! The lists are meant to grow: a new `tests/isa/*.S` program is picked up
//! by itself, the official riscv-tests suites run when
//! `../shared/thirdparty/riscv-tests.tar.gz` is there (every suite of
//! `official::SUITES`, `-p` programs), kernel commands go in `KERNEL_COMMANDS`, Linux
//! programs in `LINUX_PROGRAMS`.
//!
//! Each test runs its cases two at a time and reports every mismatch at
//! once, naming the first differing line or counter.

mod official;
mod support;

#[path = "difftest/randgen.rs"]
#[allow(dead_code)]
mod randgen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One workload: vitrine's arguments (besides the engine and the stats
/// file) and the console input.
struct Case {
    name: String,
    args: Vec<String>,
}

fn case(name: impl Into<String>, args: &[&str]) -> Case {
    Case {
        name: name.into(),
        args: args.iter().map(|s| s.to_string()).collect(),
    }
}

/// What a run shows a user, and its counters.
#[derive(Debug)]
struct Seen {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    stats: serde_json::Value,
}

static RUN: AtomicUsize = AtomicUsize::new(0);

/// `hot`: the jit's `VITRINE_JIT_HOT` (None: its default); `store`: its
/// translation store's directory (`VITRINE_JIT_CACHE`).
fn run(engine: &str, hot: Option<u32>, store: &Path, c: &Case) -> Seen {
    let n = RUN.fetch_add(1, Ordering::Relaxed);
    let json = std::env::temp_dir().join(format!(
        "vitrine-equiv-{}-{n}-{engine}.json",
        std::process::id()
    ));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.arg("--engine")
        .arg(engine)
        .arg("--stats-json")
        .arg(&json)
        .args(&c.args);
    if let Some(h) = hot {
        cmd.env("VITRINE_JIT_HOT", h.to_string());
    }
    cmd.env("VITRINE_JIT_CACHE", store);
    let out = run_open_stdin(cmd);
    let mut stats = std::fs::read_to_string(&json)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null);
    let _ = std::fs::remove_file(&json);
    strip_host_time(&mut stats);
    Seen {
        status: out.status.code(),
        stdout: out.stdout,
        stderr: drop_log_times(&out.stderr),
        stats,
    }
}

/// Run `cmd` with its stdin an open pipe that never ends: a closed stdin
/// hangs up the console at a host-dependent moment (the machine polls its
/// input between blocks), which would make two runs of the same engine
/// differ.
fn run_open_stdin(mut cmd: Command) -> std::process::Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning vitrine");
    let stdin = child.stdin.take();
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        out_pipe.read_to_end(&mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        err_pipe.read_to_end(&mut v).ok();
        v
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("vitrine still running after 300 s: {cmd:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    drop(stdin);
    std::process::Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// `--verbose` log lines start with the host's wall-clock time: dropped.
fn drop_log_times(b: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(b);
    let mut out = String::new();
    for line in s.split_inclusive('\n') {
        // `--stats`: host time and speed.
        if line.contains(" seconds host time ") {
            continue;
        }
        // "N instructions  # 18.0 MIPS".
        if let Some((head, _)) = line
            .split_once("# ")
            .filter(|(_, t)| t.trim_end().ends_with(" MIPS"))
        {
            out.push_str(head);
            out.push_str("# MIPS\n");
            continue;
        }
        // "[2026-12-06T09:01:29Z INFO ..." -> "[INFO ..."
        match line.strip_prefix('[').and_then(|r| r.split_once("Z ")) {
            Some((t, rest)) if t.len() == 19 && t.as_bytes()[10] == b'T' => {
                out.push('[');
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
    }
    out.into_bytes()
}

/// Host time is not the guest's: the one thing allowed to differ.
fn strip_host_time(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("host_seconds");
            m.remove("mips");
            for x in m.values_mut() {
                strip_host_time(x);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_host_time),
        _ => {}
    }
}

/// The first difference between two byte streams, as line number and lines.
fn first_line_diff(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: interp {x:?} / jit {y:?}", i + 1);
        }
    }
    format!(
        "interp has {} lines, jit {}",
        a.lines().count(),
        b.lines().count()
    )
}

/// The paths and values of counters that differ.
fn json_diff(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            let mut keys: Vec<&str> = x.keys().chain(y.keys()).map(|k| k.as_str()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let null = Null;
                json_diff(
                    x.get(k).unwrap_or(&null),
                    y.get(k).unwrap_or(&null),
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_diff(u, v, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: interp {a} / jit {b}")),
        _ => {}
    }
}

/// None if both engines agree on `c`, else what differs. The jit runs
/// with every block compiled on first sight (so code that runs once is
/// translated too), and, if `default_too`, also with its default
/// threshold (interpreter and translated blocks interleaved as in use).
fn compare(c: &Case, default_too: bool) -> Option<String> {
    // A store of translations of the case's own: the first jit run starts
    // with it empty and fills it; the second installs from it what it
    // can on first sight (`jit/store.rs`) and compiles the rest.
    let store = std::env::temp_dir().join(format!(
        "vitrine-equiv-store-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let i = run("interp", None, &store, c);
    let mut why = Vec::new();
    for hot in [Some(1), None] {
        if hot.is_none() && !default_too {
            break;
        }
        let j = run("jit", hot, &store, c);
        let tag = match hot {
            Some(h) => format!("VITRINE_JIT_HOT={h}"),
            None => "default threshold, translations from the first run's store".to_string(),
        };
        for w in differences(&i, &j) {
            why.push(format!("[{tag}] {w}"));
        }
    }
    let _ = std::fs::remove_dir_all(&store);
    if why.is_empty() {
        None
    } else {
        Some(format!(
            "{} (vitrine --engine interp|jit {}):\n  {}",
            c.name,
            c.args.join(" "),
            why.join("\n  ")
        ))
    }
}

fn differences(i: &Seen, j: &Seen) -> Vec<String> {
    let mut why = Vec::new();
    if i.status != j.status {
        why.push(format!(
            "exit status: interp {:?} / jit {:?}",
            i.status, j.status
        ));
    }
    if i.stdout != j.stdout {
        why.push(format!("stdout {}", first_line_diff(&i.stdout, &j.stdout)));
    }
    if i.stderr != j.stderr {
        why.push(format!("stderr {}", first_line_diff(&i.stderr, &j.stderr)));
    }
    if i.stats.is_null() {
        why.push("no --stats-json written".into());
    }
    let mut d = Vec::new();
    json_diff(&i.stats, &j.stats, "", &mut d);
    d.truncate(12);
    why.extend(d);
    why
}

/// Compare every case (two at a time); panic with every mismatch.
fn check_all(cases: Vec<Case>, default_too: bool) {
    assert!(!cases.is_empty(), "no cases to compare");
    let next = AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(c) = cases.get(k) else { break };
                if let Some(f) = compare(c, default_too) {
                    failures.lock().unwrap().push(f);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} workloads differ between the engines:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{} workloads identical under both engines", cases.len());
}

fn path_arg(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

/// Every program in `tests/isa/` (built as `tests/isa.rs` builds it for
/// vitrine, with `strict_spec.S`).
#[test]
fn isa_programs_agree() {
    support::require_toolchain();
    let dir = support::root().join("tests/isa");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            let stem = p.file_stem()?.to_str()?.to_string();
            (p.extension()? == "S" && stem != "strict_spec").then_some(stem)
        })
        .collect();
    names.sort();
    let out = support::scratch_dir("equiv-isa");
    let strict = dir.join("strict_spec.S");
    let cases = names
        .iter()
        .map(|n| {
            let src = dir.join(format!("{n}.S"));
            let elf = support::build_elf(n, &[&src, &strict], &out);
            case(format!("isa/{n}"), &[&path_arg(&elf)])
        })
        .collect();
    check_all(cases, false);
}

#[test]
fn official_isa_tests_agree() {
    let Some(dir) = official::dir() else { return };
    let out = support::scratch_dir("equiv-official");
    let mut cases = Vec::new();
    for &(suite, march) in official::SUITES {
        for name in official::suite_tests(&dir, suite) {
            let elf = official::build(&dir, suite, &name, march, &out);
            cases.push(case(format!("{suite}-p-{name}"), &[&path_arg(&elf)]));
        }
    }
    check_all(cases, false);
}

/// Random programs of the differential tests (`tests/difftest.rs`), a few
/// seeds of each instruction class: these also exercise self-modifying code
/// (`smc`), misaligned accesses and every FP corner the generator knows.
#[test]
fn difftest_programs_agree() {
    support::require_toolchain();
    let out = support::scratch_dir("equiv-difftest");
    let classes: &[(&str, randgen::Weights, u64)] = &[
        ("random", randgen::Weights::all(), 0),
        ("int", randgen::Weights::int_only(), 1000),
        ("mem", randgen::Weights::mem_only(), 2000),
        ("fp", randgen::Weights::fp_only(), 3000),
        ("compressed", randgen::Weights::compressed_only(), 4000),
        ("amo", randgen::Weights::amo_only(), 5000),
        ("control", randgen::Weights::control_only(), 6000),
        ("smc", randgen::Weights::smc_only(), 7000),
    ];
    let mut cases = Vec::new();
    for &(class, w, base) in classes {
        for seed in base..base + 3 {
            let prog = randgen::generate(seed, 3000, w);
            let name = format!("{class}-seed{seed}");
            let elf = support::build_elf_from_text(&name, &prog.text(prog.items.len()), &out);
            cases.push(case(format!("difftest/{name}"), &[&path_arg(&elf)]));
        }
    }
    check_all(cases, false);
}

/// The kernel experiments the other tests run (boot log included).
const KERNEL_COMMANDS: &[&str] = &[
    "true",
    "ls /bin",
    "cow",
    "cow -m 16 --no-write",
    "forkexec",
    "forkloop 1000",
    "ctxswitch -n 500",
    "threads",
    "cfsdemo",
    "cfsdemo -t 6000 >/dev/null; top -b -n 1",
    "demand; demand",
    "clonedemo",
    "oomtest",
    "childfirst",
    "nonshared; nonshared --shared",
    "orphan; sleep 1",
    "sigdemo",
    "states",
    "zombie",
    "sleep 1 & echo started",
    "kill -9 2; ps aux",
    "nice -n 5 cat /proc/self/sched",
    "echo one two three | cat | wc",
    "ls /bin | sort -r | head -5; ls /bin | grep o | wc -l",
    "cat /proc/meminfo /proc/self/maps /proc/self/stat",
];

#[test]
fn kernel_experiments_agree() {
    let mut cases: Vec<Case> = KERNEL_COMMANDS
        .iter()
        .map(|c| case(*c, &["--verbose", "-c", c]))
        .collect();
    // Other TLB policies of the kernel, and another TLB geometry.
    cases.push(case(
        "tlb=flush",
        &["--append", "tlb=flush", "-c", "ctxswitch -n 500"],
    ));
    cases.push(case(
        "tlb=asid",
        &["--append", "tlb=asid", "-c", "ctxswitch -n 500"],
    ));
    cases.push(case("tlb 8x1", &["--tlb", "8x1", "-c", "cow -m 16"]));
    // A small associative iTLB: which entry a miss replaces depends on
    // every hit's LRU stamp, the cross-page stub's (`jit/far.rs`) included.
    cases.push(case("tlb 16x4", &["--tlb", "16x4", "-c", "forkloop 200"]));
    // A run cut short by --max-insns stops on the same instruction.
    cases.push(case(
        "max-insns",
        &["--max-insns", "3000017", "-c", "forkloop 100"],
    ));
    check_all(cases, true);
}

/// The per-task tables (`--stats=task`) of a few experiments.
#[test]
fn task_tables_agree() {
    let cases = ["forkloop 20", "cow -m 16", "ctxswitch -n 200", "threads"]
        .iter()
        .map(|c| case(format!("{c} --stats=task"), &["--stats=task", "-c", c]))
        .collect();
    check_all(cases, true);
}

/// Linux programs built with glibc (`tests/linux/`), static and dynamic.
const LINUX_PROGRAMS: &[(&str, &[&str])] = &[
    ("hello", &[]),
    ("args", &["a", "b c"]),
    ("files", &[]),
    ("mmap", &[]),
    ("time", &[]),
    ("misc", &[]),
];

#[test]
fn linux_programs_agree() {
    support::require_linux_cc();
    let mut cases = Vec::new();
    for &(name, args) in LINUX_PROGRAMS {
        for link in [support::Link::Static, support::Link::Dynamic] {
            let prog: PathBuf = support::linux_program(name, link);
            let mut a = vec![path_arg(&prog)];
            a.extend(args.iter().map(|s| s.to_string()));
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            cases.push(case(format!("linux/{name} ({link:?})"), &a));
        }
    }
    let threads = support::linux_program_with("threads", support::Link::Static, &["-pthread"]);
    cases.push(case("linux/threads", &[&path_arg(&threads)]));
    check_all(cases, true);
}
