//! The ISA test suite: self-checking bare-metal programs in `tests/isa/`
//! (one per extension or concept; conventions in `tests/isa/test_macros.inc`).
//!
//! Each program runs in M-mode from 0x8000_0000 and exits through the SiFive
//! test finisher: exit code 0 on success, or the number of the failing check.
//! One `#[test]` per program runs it on vitrine (`cargo test isa_rv64m`);
//! `isa_programs_pass_on_qemu` runs them all on QEMU, the reference, so that
//! the expectations stay honest.
//!
//! Where QEMU 7.2 deviates from the ISA specification, a program accepts
//! QEMU's behaviour only when linked without `tests/isa/strict_spec.S`; the
//! vitrine runs link it in, so vitrine is held to the specification.

mod official;
mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a single program may run (they take milliseconds when correct;
/// a hang usually means a lost interrupt or a trap loop).
const TIMEOUT: Duration = Duration::from_secs(20);

/// Declares the programs: one vitrine test per program, and `PROGRAMS`.
macro_rules! isa_programs {
    ($($test:ident => $name:literal),* $(,)?) => {
        const PROGRAMS: &[&str] = &[$($name),*];
        $(
            #[test]
            fn $test() {
                run_on_vitrine($name);
            }
        )*
    };
}

isa_programs! {
    isa_rv64i_alu => "rv64i_alu",
    isa_rv64i_wform => "rv64i_wform",
    isa_rv64i_branch_jump => "rv64i_branch_jump",
    isa_rv64i_loadstore => "rv64i_loadstore",
    isa_zifencei => "zifencei",
    isa_rv64m => "rv64m",
    isa_rv64a => "rv64a",
    isa_rvc => "rvc",
    isa_rv64f => "rv64f",
    isa_rv64d => "rv64d",
    isa_zicsr => "zicsr",
    isa_traps => "traps",
    isa_interrupts => "interrupts",
    isa_vm => "vm",
    isa_pmp => "pmp",
}

fn isa_dir() -> PathBuf {
    support::root().join("tests/isa")
}

/// Assembles and links `tests/isa/<name>.S` (plus `strict_spec.S` if
/// `strict`) into a fresh scratch directory.
fn build(name: &str, strict: bool) -> PathBuf {
    let tag = if strict { "vitrine" } else { "qemu" };
    let dir = support::scratch_dir(&format!("isa-{tag}-{name}"));
    let src = isa_dir().join(format!("{name}.S"));
    let strict_src = isa_dir().join("strict_spec.S");
    let mut sources: Vec<&Path> = vec![&src];
    if strict {
        sources.push(&strict_src);
    }
    support::build_elf(name, &sources, &dir)
}

/// What a run produced.
struct Run {
    /// The exit code; None if killed by a signal or timed out.
    code: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

/// Runs `cmd` to completion or until `timeout`, capturing its output.
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawning {cmd:?}: {e}"));
    // Drain the pipes on threads so a chatty program cannot block.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: if timed_out { None } else { status.code() },
        timed_out,
        stdout: String::from_utf8_lossy(&out_thread.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned(),
    }
}

/// A one-paragraph account of a failed run, or None if it passed.
fn failure(machine: &str, name: &str, run: &Run) -> Option<String> {
    let verdict = match run.code {
        Some(0) => return None,
        Some(1) => "failed during set-up (exit code 1)".to_string(),
        Some(n) => format!("failed check {n} (the check numbered {n} in tests/isa/{name}.S)"),
        None if run.timed_out => format!("timed out after {}s", TIMEOUT.as_secs()),
        None => "was killed by a signal".to_string(),
    };
    Some(format!(
        "{name} on {machine}: {verdict}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        run.stdout.trim_end(),
        run.stderr.trim_end()
    ))
}

fn run_on_vitrine(name: &str) {
    let elf = build(name, true);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.arg("run").arg(&elf);
    let run = run_with_timeout(cmd, TIMEOUT);
    if let Some(report) = failure("vitrine", name, &run) {
        panic!("{report}");
    }
}

fn run_on_qemu(name: &str) -> Run {
    let elf = build(name, false);
    let mut cmd = Command::new(support::QEMU);
    cmd.args(["-machine", "virt", "-bios", "none", "-m", "512M"])
        .args(["-display", "none", "-monitor", "none", "-serial", "stdio"])
        .arg("-kernel")
        .arg(&elf);
    run_with_timeout(cmd, TIMEOUT)
}

/// Every program passes on QEMU (the reference machine), so a vitrine
/// failure is vitrine's. Skipped, with a message, if QEMU is not installed.
#[test]
fn isa_programs_pass_on_qemu() {
    if !support::have(support::QEMU) {
        eprintln!(
            "skipping isa_programs_pass_on_qemu: {} is not installed",
            support::QEMU
        );
        return;
    }
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = PROGRAMS
            .iter()
            .map(|&name| s.spawn(move || failure("qemu", name, &run_on_qemu(name))))
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} programs failed on QEMU:\n\n{}",
        failures.len(),
        PROGRAMS.len(),
        failures.join("\n\n")
    );
}

/// Every program in tests/isa/ is listed above (and so is run).
#[test]
fn isa_suite_lists_every_program() {
    let mut unlisted = Vec::new();
    for entry in std::fs::read_dir(isa_dir()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "S")
            && stem != "strict_spec"
            && !PROGRAMS.contains(&stem.as_str())
        {
            unlisted.push(stem);
        }
    }
    assert!(
        unlisted.is_empty(),
        "programs in tests/isa/ missing from tests/isa.rs: {unlisted:?}"
    );
}

/// Official riscv-tests run on vitrine, built from their sources (see
/// `tests/official`): `rv64mi-p-breakpoint` exercises the Sdtrig triggers
/// (execute, load and store breakpoints, two triggers). It passes through
/// HTIF `tohost` (exit code 0), and must have taken its five breakpoint
/// exceptions: a trigger the test cannot program would let it skip them.
#[test]
fn isa_official_rv64mi_breakpoint() {
    let Some(dir) = official::dir() else {
        return;
    };
    let out = support::scratch_dir("isa-official-breakpoint");
    let elf = official::build(&dir, "rv64mi", "breakpoint", "rv64g", &out);
    let json = out.join("stats.json");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.arg("run").arg("--stats-json").arg(&json).arg(&elf);
    let run = run_with_timeout(cmd, TIMEOUT);
    if let Some(report) = failure("vitrine", "rv64mi-p-breakpoint", &run) {
        panic!("{report}");
    }
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(
        stats["traps"]["exceptions"]["breakpoint"], 5,
        "breakpoint exceptions taken: {}",
        stats["traps"]
    );
}
