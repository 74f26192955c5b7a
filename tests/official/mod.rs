//! The official RISC-V ISA tests (riscv-tests, `isa/` with `env/p`), built
//! from the snapshot in `../shared/thirdparty/riscv-tests.tar.gz` the way
//! their Makefile builds the `-p` (physical memory) variants.
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
    let target = crate::support::root().join("target");
    let dest = target.join("riscv-tests");
    if !dest.join("isa/Makefile").exists() {
        // Extract beside, then rename: test binaries may race to do this.
        let tmp = target.join(format!("riscv-tests.tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        let out = Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&tmp)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "extracting {}: {}",
            tarball.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        if std::fs::rename(tmp.join("riscv-tests"), &dest).is_err() {
            assert!(
                dest.join("isa/Makefile").exists(),
                "could not extract riscv-tests"
            );
        }
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Some(dest)
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

/// Builds `isa/<suite>/<name>.S` as `<suite>-p-<name>` into `out_dir` with
/// `-march=<march>` (the Makefile uses `rv64g`).
pub fn build(dir: &Path, suite: &str, name: &str, march: &str, out_dir: &Path) -> PathBuf {
    let elf = out_dir.join(format!("{suite}-p-{name}"));
    let out = Command::new(GCC)
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
