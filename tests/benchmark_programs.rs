//! Dhrystone and CoreMark, bare metal (see `tests/bench_programs`): small
//! runs of the same ELF on Vitrine and on QEMU (`-machine spike`, the board
//! with HTIF) finish with the same output, and that output is correct:
//! Dhrystone's final values match its own "should be" lines, CoreMark's CRCs
//! match the known values of its performance run (seeds 0, 0, 0x66).
//! Lines that report time (cycles, ticks, rates) are left out of the
//! comparison: QEMU's clocks follow the host.
//!
//! The full-size runs are timed by `cargo bench --bench compute`.

mod bench_programs;
mod official;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

const DHRYSTONE_RUNS: u32 = 2000;
const COREMARK_ITERATIONS: u32 = 10;

/// The programs' build directory and the extracted sources (riscv-tests,
/// CoreMark); `None` (after saying why) without the archives outside CI.
fn sources() -> Option<(PathBuf, PathBuf, PathBuf)> {
    let riscv_tests = official::dir()?;
    let coremark_tar = support::thirdparty("coremark.tar.gz")?;
    let target = support::root().join("target");
    let coremark = support::extract(&coremark_tar, &target, "coremark");
    let out = target.join("bench-programs");
    std::fs::create_dir_all(&out).unwrap();
    Some((out, riscv_tests, coremark))
}

/// Console output and exit code of `elf` on Vitrine.
fn on_vitrine(elf: &Path) -> (String, Option<i32>) {
    let out = Command::new("timeout")
        .arg("120")
        .arg(env!("CARGO_BIN_EXE_vitrine"))
        .arg("run")
        .arg(elf)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

/// Console output and exit code of `elf` on QEMU's `spike` board (None if
/// QEMU is not installed).
fn on_qemu(elf: &Path) -> Option<(String, Option<i32>)> {
    if !support::have(support::QEMU) {
        eprintln!("skipping the QEMU half: {} is not installed", support::QEMU);
        return None;
    }
    let out = Command::new("timeout")
        .arg("120")
        .arg(support::QEMU)
        .args(["-machine", "spike", "-bios", "none", "-m", "256M"])
        .args(["-display", "none", "-monitor", "none", "-serial", "stdio"])
        .arg("-kernel")
        .arg(elf)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    ))
}

/// The output without the lines that report time.
fn untimed(out: &str) -> String {
    const TIMED: &[&str] = &[
        "Microseconds for one run",
        "Dhrystones per Second",
        "mcycle = ",
        "minstret = ",
        "Total ticks",
        "Total time (secs)",
        "Iterations/Sec",
    ];
    out.lines()
        .filter(|l| !TIMED.iter().any(|t| l.starts_with(t)))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Dhrystone's report: each value line is followed by a "should be:" line.
fn check_dhrystone(out: &str, runs: u32) {
    let lines: Vec<&str> = out.lines().collect();
    let mut checked = 0;
    let mut last_ptr = None;
    for pair in lines.windows(2) {
        let Some(want) = pair[1].trim().strip_prefix("should be:") else {
            continue;
        };
        let (name, got) = pair[0].split_once(':').expect("a value line");
        let (want, got) = (want.trim(), got.trim());
        match want {
            "(implementation-dependent)" => last_ptr = Some(got.to_string()),
            "(implementation-dependent), same as above" => {
                assert_eq!(Some(got.to_string()), last_ptr, "{name}")
            }
            "Number_Of_Runs + 10" => assert_eq!(got, (runs + 10).to_string(), "{name}"),
            _ => assert_eq!(got, want, "{}", name.trim()),
        }
        checked += 1;
    }
    assert_eq!(checked, 22, "Dhrystone's checks in:\n{out}");
    assert!(out.contains(&format!("Trying {runs} runs through Dhrystone")));
    assert!(out.contains("Dhrystones per Second:"), "{out}");
}

/// CoreMark's report for the performance run.
fn check_coremark(out: &str, iterations: u32) {
    for want in [
        "CoreMark Size    : 666",
        &format!("Iterations       : {iterations}"),
        "seedcrc          : 0xe9f5",
        "[0]crclist       : 0xe714",
        "[0]crcmatrix     : 0x1fd7",
        "[0]crcstate      : 0x8e3a",
    ] {
        assert!(out.lines().any(|l| l == want), "no {want:?} in:\n{out}");
    }
    // CoreMark's one complaint about a short run (it wants 10 s to report
    // a score); any other ERROR! is a wrong result.
    for l in out.lines().filter(|l| l.contains("ERROR")) {
        assert_eq!(
            l, "ERROR! Must execute for at least 10 secs for a valid result!",
            "in:\n{out}"
        );
    }
    assert!(out.lines().any(|l| l.starts_with("[0]crcfinal      : 0x")));
}

fn same_on_both(elf: &Path) -> String {
    let (ours, code) = on_vitrine(elf);
    assert_eq!(code, Some(0), "vitrine run {}:\n{ours}", elf.display());
    if let Some((theirs, code)) = on_qemu(elf) {
        assert_eq!(code, Some(0), "QEMU {}:\n{theirs}", elf.display());
        assert_eq!(
            untimed(&ours),
            untimed(&theirs),
            "{}: output differs from QEMU's",
            elf.display()
        );
    }
    ours
}

#[test]
fn dhrystone_runs_correctly_and_as_on_qemu() {
    let Some((out, riscv_tests, _)) = sources() else {
        return;
    };
    let elf = bench_programs::dhrystone(&riscv_tests, DHRYSTONE_RUNS, &out);
    check_dhrystone(&same_on_both(&elf), DHRYSTONE_RUNS);
}

#[test]
fn coremark_runs_correctly_and_as_on_qemu() {
    let Some((out, riscv_tests, coremark)) = sources() else {
        return;
    };
    let elf = bench_programs::coremark(&riscv_tests, &coremark, COREMARK_ITERATIONS, &out);
    check_coremark(&same_on_both(&elf), COREMARK_ITERATIONS);
}

/// The checks can fail: a wrong final value or CRC is caught.
#[test]
fn the_checks_reject_wrong_results() {
    let good_dhry = "Int_Glob:            5\n        should be:   5\n";
    let bad = good_dhry.replace("Int_Glob:            5", "Int_Glob:            6");
    assert!(std::panic::catch_unwind(|| check_dhrystone(&bad, 1)).is_err());
    let crc = "seedcrc          : 0xe9f5\n[0]crclist       : 0xe715\n";
    assert!(std::panic::catch_unwind(|| check_coremark(crc, 1)).is_err());
    assert_eq!(untimed("Total ticks      : 5\nkept\n"), "kept\n");
}
