//! Compute-bound bare-metal programs on Vitrine and on
//! `qemu-system-riscv64` side by side in one run: riscv-tests' Dhrystone
//! (1,000,000 runs) and CoreMark (1000 iterations of the performance run),
//! the same ELF on both machines (see `tests/bench_programs`: HTIF console,
//! QEMU's `-machine spike`).
//!
//! Each row runs the `vitrine` binary (`vitrine run ARGS ELF`) with the
//! arguments of one entry of [`VITRINE_ROWS`]; add rows there to compare
//! configurations (e.g. engines). Times are wall times of whole runs, best
//! of [`REPEATS`], start-up included on both sides (as a user sees it);
//! MIPS = guest instructions (Vitrine's exact count, `--stats-json`) / time;
//! "x QEMU" = QEMU's time / the row's time (above 1: faster than QEMU).
//! The "net" figures subtract the time of the same program built for one
//! run (one iteration): the machine's start-up and the program's set-up
//! cancel out, leaving the steady-state speed.
//!
//! Builds into `target/bench-programs` from `../shared/thirdparty` (or
//! `$VITRINE_THIRDPARTY`); needs `riscv64-unknown-elf-gcc` and picolibc.
//!
//! `cargo bench --bench compute`

#[path = "../tests/bench_programs/mod.rs"]
mod bench_programs;
#[path = "../tests/official/mod.rs"]
mod official;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Vitrine configurations timed: (row label, extra `vitrine run` arguments).
/// Vitrine's rows: a label, its arguments and its translation store
/// (`VITRINE_JIT_CACHE`): "off" (every block compiled in the run: cold), or
/// a directory of this bench's, filled by an unmeasured run first (warm:
/// what a user's second run of the same program sees).
const VITRINE_ROWS: &[(&str, &[&str], &str)] = &[
    ("vitrine --engine interp", &["--engine", "interp"], "off"),
    ("vitrine --engine jit", &["--engine", "jit"], "off"),
    ("jit, warm store", &["--engine", "jit"], "warm"),
];

const DHRYSTONE_RUNS: u32 = 1_000_000;
const COREMARK_ITERATIONS: u32 = 1000;
/// Rounds of the side-by-side timing (best of, every side in turns).
const REPEATS: usize = 5;

/// Wall time of `cmd` run to completion (output discarded); None unless it
/// exits with status 0.
fn time(mut cmd: Command) -> Option<Duration> {
    let t = Instant::now();
    let ok = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?
        .success();
    ok.then(|| t.elapsed())
}

fn vitrine(args: &[&str], store: &str, elf: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    let store = match store {
        "off" => "off".into(),
        _ => support::root().join("target").join("bench-jit-store"),
    };
    c.env("VITRINE_JIT_CACHE", store)
        .arg("run")
        .args(args)
        .arg(elf);
    c
}

fn qemu(elf: &Path) -> Command {
    let mut c = Command::new(support::QEMU);
    c.args(["-machine", "spike", "-bios", "none", "-m", "256M"])
        .args(["-display", "none", "-monitor", "none", "-serial", "null"])
        .arg("-kernel")
        .arg(elf);
    c
}

/// The guest instructions of a run of `elf` (deterministic).
fn instructions(elf: &Path) -> u64 {
    let json = std::env::temp_dir().join(format!("vitrine-compute-{}.json", std::process::id()));
    time(vitrine(
        &["--stats-json", json.to_str().unwrap()],
        "off",
        elf,
    ))
    .expect("vitrine run failed");
    let text = std::fs::read_to_string(&json).unwrap();
    let _ = std::fs::remove_file(&json);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["instructions"]["total"]
        .as_u64()
        .expect("instructions.total in --stats-json")
}

/// A machine's times for the full program and the tiny one: whole-run and
/// net (start-up and the program's own set-up subtracted) figures.
#[derive(Clone)]
struct Timed {
    full: Duration,
    tiny: Duration,
}

/// Times `full` (and `tiny`, the same program with one run or iteration,
/// for the start-up) on every row of [`VITRINE_ROWS`] and on QEMU, every
/// side in turns, best of [`REPEATS`] (so that load on this shared
/// machine hits them alike), a warm row's store filled first.
fn report(name: &str, full: &Path, tiny: &Path) {
    let (insns, tiny_insns) = (instructions(full), instructions(tiny));
    println!("{name}: {insns} guest instructions ({tiny_insns} with one run: start-up and set-up)");
    for (_, args, store) in VITRINE_ROWS.iter().filter(|r| r.2 != "off") {
        let _ = std::fs::remove_dir_all(support::root().join("target/bench-jit-store"));
        for _ in 0..3 {
            for elf in [full, tiny] {
                time(vitrine(args, store, elf));
            }
        }
    }
    let has_qemu = support::have(support::QEMU);
    type Side<'a> = (&'a str, Box<dyn Fn(&Path) -> Command>);
    let mut sides: Vec<Side> = VITRINE_ROWS
        .iter()
        .map(|&(label, args, store)| {
            let run: Box<dyn Fn(&Path) -> Command> = Box::new(move |elf| vitrine(args, store, elf));
            (label, run)
        })
        .collect();
    if has_qemu {
        sides.push(("qemu (spike)", Box::new(qemu)));
    }
    let mut best = vec![[None::<Duration>; 2]; sides.len()];
    for _ in 0..REPEATS {
        for ((_, cmd), b) in sides.iter().zip(best.iter_mut()) {
            for (slot, elf) in b.iter_mut().zip([full, tiny]) {
                if let Some(t) = time(cmd(elf)) {
                    *slot = Some(slot.map_or(t, |s: Duration| s.min(t)));
                }
            }
        }
    }
    let timed: Vec<Option<Timed>> = best
        .iter()
        .map(|b| {
            Some(Timed {
                full: b[0]?,
                tiny: b[1]?,
            })
        })
        .collect();
    let qemu_t = if has_qemu {
        timed.last().cloned().flatten()
    } else {
        None
    };
    let net = |t: &Timed| t.full.saturating_sub(t.tiny).as_secs_f64().max(1e-9);
    let line = |label: &str, t: &Timed| {
        let whole_mips = insns as f64 / t.full.as_secs_f64() / 1e6;
        let net_mips = (insns - tiny_insns) as f64 / net(t) / 1e6;
        let ratio = match &qemu_t {
            Some(_) if label.starts_with("qemu") => String::new(),
            Some(q) => format!(
                "{:5.2} x QEMU ({:5.2} net)",
                q.full.as_secs_f64() / t.full.as_secs_f64(),
                net(q) / net(t)
            ),
            None => String::new(),
        };
        println!(
            "  {label:<24} {:7.3} s {:6.0} MIPS | net {:7.3} s {:6.0} MIPS | {ratio}",
            t.full.as_secs_f64(),
            whole_mips,
            net(t),
            net_mips
        );
    };
    for ((label, _), t) in sides.iter().zip(&timed) {
        match t {
            Some(t) => line(label, t),
            None => println!("  {label:<24} failed"),
        }
    }
    if !has_qemu {
        println!("  qemu: not available (apt-get install qemu-system-misc)");
    }
}

fn main() {
    // `cargo bench` passes --bench; a filter argument selects a workload.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let Some(riscv_tests) = official::dir() else {
        return;
    };
    let Some(coremark_tar) = support::thirdparty("coremark.tar.gz") else {
        return;
    };
    let target = support::root().join("target");
    let coremark = support::extract(&coremark_tar, &target, "coremark");
    let out = target.join("bench-programs");
    std::fs::create_dir_all(&out).unwrap();
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if wanted("dhrystone") {
        let elf = bench_programs::dhrystone(&riscv_tests, DHRYSTONE_RUNS, &out);
        let tiny = bench_programs::dhrystone(&riscv_tests, 1, &out);
        report(&format!("dhrystone ({DHRYSTONE_RUNS} runs)"), &elf, &tiny);
    }
    if wanted("coremark") {
        let elf = bench_programs::coremark(&riscv_tests, &coremark, COREMARK_ITERATIONS, &out);
        let tiny = bench_programs::coremark(&riscv_tests, &coremark, 1, &out);
        let name = format!("coremark ({COREMARK_ITERATIONS} iterations)");
        report(&name, &elf, &tiny);
    }
}
