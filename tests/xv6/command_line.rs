//! xv6's QEMU command line (`make qemu` in its Makefile, with `-smp 1`),
//! for `program` (vitrine or qemu-system-riscv64): the kernel of `tree`
//! and `disk` on the virtio block device. Shared by tests/xv6_riscv.rs and
//! benches/xv6.rs.

use std::path::Path;
use std::process::{Command, Stdio};

pub fn xv6_command(program: &str, tree: &Path, disk: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(["-machine", "virt", "-bios", "none", "-kernel"])
        .arg(tree.join("kernel/kernel"))
        .args(["-m", "128M", "-smp", "1", "-nographic"])
        .args(["-global", "virtio-mmio.force-legacy=false", "-drive"])
        .arg(format!("file={},if=none,format=raw,id=x0", disk.display()))
        .args([
            "-device",
            "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    cmd
}
