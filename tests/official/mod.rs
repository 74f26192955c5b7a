//! The official RISC-V ISA tests (riscv-tests, `isa/` with `env/p` and
//! `env/v`), built from the snapshot in `../shared/thirdparty/riscv-tests.tar.gz`
//! the way their Makefile builds the `-p` (physical memory) and `-v`
//! (virtual memory: `env/v`'s `entry.S`, `vm.c` and `string.c` compiled in,
//! with picolibc's headers) variants.
//!
//! One addition: GNU as 2.40 predates Zicond, so the `rv64uzicond` sources
//! are assembled with `zicond.h` (`czero.*` as `.insn` macros) included.
//!
//! Without the archive the caller is told why: in CI (`CI` set) that is a
//! failure, on a clone without `../shared` the test skips with a message.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const GCC: &str = "riscv64-unknown-elf-gcc";

/// The extracted `riscv-tests/` directory, or `None` (after saying why) if
/// the archive is not there and this is not CI.
pub fn dir() -> Option<PathBuf> {
    let tarball = crate::support::thirdparty("riscv-tests.tar.gz")?;
    assert!(
        crate::support::have(GCC),
        "{GCC} not found: apt-get install gcc-riscv64-unknown-elf"
    );
    Some(crate::support::extract(
        &tarball,
        &crate::support::root().join("target"),
        "riscv-tests",
    ))
}

/// The test names of suite `suite` (e.g. `rv64ui`) as its Makefrag lists them.
pub fn suite_tests(dir: &Path, suite: &str) -> Vec<String> {
    let frag = std::fs::read_to_string(dir.join(format!("isa/{suite}/Makefrag"))).unwrap();
    let key = format!("{suite}_sc_tests =");
    let start = frag.find(&key).expect("no _sc_tests list") + key.len();
    let mut names = Vec::new();
    for line in frag[start..].lines() {
        let line = line.trim().trim_end_matches('\\').trim();
        if line.is_empty() && !names.is_empty() {
            break;
        }
        names.extend(line.split_whitespace().map(str::to_string));
    }
    names
}

/// The test environments: `p` (physical memory, M-mode) and `v` (virtual
/// memory: the test runs in U-mode under `env/v`'s small supervisor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Env {
    P,
    V,
}

impl Env {
    pub fn name(self) -> &'static str {
        match self {
            Env::P => "p",
            Env::V => "v",
        }
    }
}

/// The RV64 suites Vitrine implements, with the `-march` the Makefile
/// builds each with.
pub const SUITES: &[(&str, &str)] = &[
    ("rv64ui", "rv64g"),
    ("rv64um", "rv64g"),
    ("rv64ua", "rv64g"),
    ("rv64uc", "rv64g"),
    ("rv64uf", "rv64g"),
    ("rv64ud", "rv64g"),
    ("rv64uzba", "rv64g_zba"),
    ("rv64uzbb", "rv64g_zbb"),
    ("rv64uzbc", "rv64g_zbc"),
    ("rv64uzbs", "rv64g_zbs"),
    ("rv64uzicond", "rv64g"),
    ("rv64mi", "rv64g"),
    ("rv64si", "rv64g"),
    ("rv64mzicbo", "rv64g_zicboz"),
];

/// Whether suite `suite`'s Makefrag has `-v` variants (the user-level
/// suites do; `rv64mi`, `rv64si`, `rv64mzicbo` are `-p` only).
pub fn has_v(dir: &Path, suite: &str) -> bool {
    std::fs::read_to_string(dir.join(format!("isa/{suite}/Makefrag")))
        .unwrap()
        .contains(&format!("{suite}_v_tests"))
}

/// The assembler shim a suite needs (see the module documentation).
fn shim(suite: &str) -> Option<PathBuf> {
    (suite == "rv64uzicond").then(|| crate::support::root().join("tests/official/zicond.h"))
}

/// A failed compiler run's message.
fn check(out: std::process::Output, what: &str) {
    assert!(
        out.status.success(),
        "building {what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds `isa/<suite>/<name>.S` as `<suite>-v-<name>` into `out_dir` as the
/// Makefile does: `env/v/entry.S`, `env/v/*.c` and the test, `-O2`,
/// `-DENTROPY=0x` and the first 7 hex digits of the md5 of the name and a
/// newline (`echo $@ | md5sum`).
pub fn build_v(dir: &Path, suite: &str, name: &str, march: &str, out_dir: &Path) -> PathBuf {
    let target = format!("{suite}-v-{name}");
    let elf = out_dir.join(&target);
    let md5 = {
        use std::io::Write;
        let mut child = Command::new("md5sum")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("md5sum");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{target}\n").as_bytes())
            .unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let gcc = || {
        let mut c = Command::new(GCC);
        c.arg(format!("-march={march}"))
            .args(["-mabi=lp64d", "--specs=picolibc.specs"])
            .args(["-static", "-mcmodel=medany", "-fvisibility=hidden"])
            .args(["-nostdlib", "-nostartfiles"])
            .arg(format!("-DENTROPY=0x{}", &md5[..7]))
            .args(["-std=gnu99", "-O2"])
            .arg("-I")
            .arg(dir.join("env/v"))
            .arg("-I")
            .arg(dir.join("isa/macros/scalar"));
        c
    };
    let mut test_src = dir.join(format!("isa/{suite}/{name}.S"));
    if let Some(shim) = shim(suite) {
        // The shim is assembler text: include it in the test alone.
        let obj = out_dir.join(format!("{target}.o"));
        let out = gcc()
            .arg("-include")
            .arg(shim)
            .arg("-c")
            .arg(&test_src)
            .arg("-o")
            .arg(&obj)
            .output()
            .unwrap();
        check(out, &target);
        test_src = obj;
    }
    let mut c = gcc();
    c.arg("-T").arg(dir.join("env/v/link.ld"));
    c.arg(dir.join("env/v/entry.S"));
    let mut cs: Vec<PathBuf> = std::fs::read_dir(dir.join("env/v"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    cs.sort();
    c.args(&cs).arg(&test_src).arg("-o").arg(&elf);
    check(c.output().unwrap(), &target);
    elf
}

/// Builds `isa/<suite>/<name>.S` as `<suite>-p-<name>` into `out_dir` with
/// `-march=<march>` (the Makefile uses `rv64g`).
pub fn build(dir: &Path, suite: &str, name: &str, march: &str, out_dir: &Path) -> PathBuf {
    let elf = out_dir.join(format!("{suite}-p-{name}"));
    let mut gcc = Command::new(GCC);
    if let Some(shim) = shim(suite) {
        gcc.arg("-include").arg(shim);
    }
    let out = gcc
        .arg(format!("-march={march}"))
        .args([
            "-mabi=lp64d",
            "-static",
            "-mcmodel=medany",
            "-fvisibility=hidden",
        ])
        .args(["-nostdlib", "-nostartfiles"])
        .arg("-I")
        .arg(dir.join("env/p"))
        .arg("-I")
        .arg(dir.join("isa/macros/scalar"))
        .arg("-T")
        .arg(dir.join("env/p/link.ld"))
        .arg(dir.join(format!("isa/{suite}/{name}.S")))
        .arg("-o")
        .arg(&elf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "building {suite}/{name}.S: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elf
}
