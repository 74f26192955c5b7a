//! Shared helpers for end-to-end tests: the RISC-V GNU toolchain, the
//! `vitrine` binary, and `qemu-system-riscv64` as the reference machine.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

pub const AS: &str = "riscv64-unknown-elf-as";
pub const LD: &str = "riscv64-unknown-elf-ld";
pub const QEMU: &str = "qemu-system-riscv64";

/// The repository root (where Cargo.toml of the root package lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True if `prog` runs (`prog --version` succeeds).
pub fn have(prog: &str) -> bool {
    Command::new(prog).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Panics with a clear message if the GNU RISC-V toolchain is missing:
/// CI installs it, so a missing tool is a setup error, not a skip.
pub fn require_toolchain() {
    assert!(have(AS) && have(LD), "{AS}/{LD} not found: apt-get install binutils-riscv64-unknown-elf");
}

/// A fresh scratch directory under target/ for build products of one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = root().join("target").join("e2e-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Assemble `sources` (paths to .S files, preprocessed by `as` includes
/// relative to tests/) and link them at 0x8000_0000 into `out_dir/name.elf`.
pub fn build_elf(name: &str, sources: &[&Path], out_dir: &Path) -> PathBuf {
    require_toolchain();
    let mut objs = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let obj = out_dir.join(format!("{name}.{i}.o"));
        let out = Command::new(AS)
            .args(["-march=rv64gc", "-mabi=lp64d", "-I"])
            .arg(root().join("tests"))
            .arg("-o")
            .arg(&obj)
            .arg(src)
            .output()
            .unwrap();
        assert!(out.status.success(), "assembling {}: {}", src.display(), String::from_utf8_lossy(&out.stderr));
        objs.push(obj);
    }
    let elf = out_dir.join(format!("{name}.elf"));
    let out = Command::new(LD)
        .arg("-T")
        .arg(root().join("tests/support/link.ld"))
        .arg("-o")
        .arg(&elf)
        .args(&objs)
        .output()
        .unwrap();
    assert!(out.status.success(), "linking {name}: {}", String::from_utf8_lossy(&out.stderr));
    elf
}

/// Assemble one source given as text.
pub fn build_elf_from_text(name: &str, asm: &str, out_dir: &Path) -> PathBuf {
    let src = out_dir.join(format!("{name}.S"));
    std::fs::write(&src, asm).unwrap();
    build_elf(name, &[&src], out_dir)
}

/// Run `vitrine` with `args`; stdin is empty.
pub fn vitrine(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine")).args(args).stdin(Stdio::null()).output().unwrap()
}

/// Run a bare-metal ELF on QEMU's `virt` board (M-mode at 0x8000_0000),
/// killing it after `timeout`. Returns None if QEMU is not installed.
pub fn qemu(elf: &Path, timeout: Duration) -> Option<Output> {
    if !have(QEMU) {
        return None;
    }
    let out = Command::new("timeout")
        .arg(format!("{}", timeout.as_secs().max(1)))
        .args([QEMU, "-machine", "virt", "-bios", "none", "-m", "512M", "-display", "none", "-monitor", "none", "-serial", "stdio", "-kernel"])
        .arg(elf)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(out)
}
