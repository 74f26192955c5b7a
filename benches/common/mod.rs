//! Helpers shared by the benchmarks that compare Vitrine with QEMU.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall time of one `qemu-system-riscv64 -machine virt -bios none` run of
/// `kernel` with `extra` arguments, console discarded; None if QEMU is
/// missing or the guest did not exit with status 0.
pub fn time_qemu(kernel: &Path, extra: &[&str]) -> Option<Duration> {
    let t = Instant::now();
    let status = Command::new("qemu-system-riscv64")
        .args([
            "-machine", "virt", "-bios", "none", "-m", "512M", "-display", "none", "-monitor",
            "none",
        ])
        .args(["-serial", "null", "-kernel"])
        .arg(kernel)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| t.elapsed())
}

/// Best of `n` runs (the least disturbed by other load on the machine).
pub fn best_of(n: usize, mut f: impl FnMut() -> Option<Duration>) -> Option<Duration> {
    (0..n).filter_map(|_| f()).min()
}
