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
const VITRINE_ROWS: &[(&str, &[&str])] = &[("vitrine", &[])];

const DHRYSTONE_RUNS: u32 = 1_000_000;
const COREMARK_ITERATIONS: u32 = 1000;
const REPEATS: usize = 3;

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

fn best(cmd: impl Fn() -> Command) -> Option<Duration> {
    (0..REPEATS).filter_map(|_| time(cmd())).min()
}

fn vitrine(args: &[&str], elf: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    c.arg("run").args(args).arg(elf);
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
    time(vitrine(&["--stats-json", json.to_str().unwrap()], elf)).expect("vitrine run failed");
    let text = std::fs::read_to_string(&json).unwrap();
    let _ = std::fs::remove_file(&json);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["instructions"]["total"]
        .as_u64()
        .expect("instructions.total in --stats-json")
}

fn report(name: &str, elf: &Path) {
    let insns = instructions(elf);
    println!("{name}: {insns} guest instructions");
    let qemu_time = if support::have(support::QEMU) {
        best(|| qemu(elf))
    } else {
        None
    };
    let mips = |d: Duration| insns as f64 / d.as_secs_f64() / 1e6;
    for (label, args) in VITRINE_ROWS {
        match best(|| vitrine(args, elf)) {
            Some(d) => {
                let ratio = qemu_time
                    .map(|q| format!("{:5.2} x QEMU", q.as_secs_f64() / d.as_secs_f64()))
                    .unwrap_or_default();
                println!(
                    "  {label:<16} {:8.3} s  {:7.0} MIPS  {ratio}",
                    d.as_secs_f64(),
                    mips(d)
                );
            }
            None => println!("  {label:<16} failed"),
        }
    }
    match qemu_time {
        Some(q) => println!(
            "  {:<16} {:8.3} s  {:7.0} MIPS  (start-up included)",
            "qemu (spike)",
            q.as_secs_f64(),
            mips(q)
        ),
        None => println!("  qemu: not available (apt-get install qemu-system-misc)"),
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
    let coremark = bench_programs::extract(&coremark_tar, &target, "coremark");
    let out = target.join("bench-programs");
    std::fs::create_dir_all(&out).unwrap();
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if wanted("dhrystone") {
        let elf = bench_programs::dhrystone(&riscv_tests, DHRYSTONE_RUNS, &out);
        report(&format!("dhrystone ({DHRYSTONE_RUNS} runs)"), &elf);
    }
    if wanted("coremark") {
        let elf = bench_programs::coremark(&riscv_tests, &coremark, COREMARK_ITERATIONS, &out);
        report(
            &format!("coremark ({COREMARK_ITERATIONS} iterations)"),
            &elf,
        );
    }
}
