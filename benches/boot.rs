//! Boot cost of the teaching OS: from reset to init running `/bin/sh -c true`
//! and powering off (`vitrine -c true`), on Vitrine (criterion, plus the
//! guest instructions it took) and side by side on `qemu-system-riscv64` with
//! the same kernel and initramfs, in the same run.
//!
//! QEMU's wall time includes its own start-up; `poweroff=0` (the kernel stops
//! before starting init) is measured on both machines too, so the difference
//! isolates starting init and the shell.
//!
//! `cargo bench --bench boot`

use criterion::Criterion;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vitrine_emulator::cli::{EMBEDDED_INITRAMFS, EMBEDDED_KERNEL};
use vitrine_emulator::machine::{ExitReason, Machine, MachineConfig};

const SHELL: &str = "-- -c 'true'";
const EARLY: &str = "poweroff=0";

/// Boot the embedded OS with `bootargs`; returns the instructions retired.
fn boot_vitrine(bootargs: &str) -> u64 {
    let image = vitrine_loader::parse(EMBEDDED_KERNEL).unwrap();
    let cfg = MachineConfig {
        bootargs: bootargs.into(),
        initrd: Some(EMBEDDED_INITRAMFS.to_vec()),
        ..Default::default()
    };
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.load(&image).unwrap();
    assert_eq!(m.run(), ExitReason::Exit(0));
    m.cpu.instret
}

fn time_vitrine(bootargs: &str) -> Duration {
    let t = Instant::now();
    boot_vitrine(bootargs);
    t.elapsed()
}

fn time_qemu(root: &Path, bootargs: &str) -> Option<Duration> {
    let t = Instant::now();
    let status = Command::new("qemu-system-riscv64")
        .args([
            "-machine", "virt", "-bios", "none", "-m", "512M", "-display", "none", "-monitor",
            "none", "-serial", "null",
        ])
        .arg("-kernel")
        .arg(root.join("guest-os/prebuilt/kernel.elf"))
        .arg("-initrd")
        .arg(root.join("guest-os/prebuilt/initramfs.cpio"))
        .args(["-append", bootargs])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| t.elapsed())
}

fn best_of(n: usize, mut f: impl FnMut() -> Option<Duration>) -> Option<Duration> {
    (0..n).filter_map(|_| f()).min()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    c.bench_function("boot/to_shell_and_poweroff", |b| {
        b.iter(|| boot_vitrine(SHELL))
    });
    c.final_summary();

    let insns_shell = boot_vitrine(SHELL);
    let insns_early = boot_vitrine(EARLY);
    let ours_shell = best_of(5, || Some(time_vitrine(SHELL))).unwrap();
    let ours_early = best_of(5, || Some(time_vitrine(EARLY))).unwrap();
    println!("\nboot, side by side (best of 5):");
    println!(
        "  vitrine: to shell + poweroff {:7.1} ms ({} guest instructions); kernel only {:6.1} ms ({} instructions)",
        ms(ours_shell),
        insns_shell,
        ms(ours_early),
        insns_early
    );
    match (
        best_of(5, || time_qemu(root, SHELL)),
        best_of(5, || time_qemu(root, EARLY)),
    ) {
        (Some(qs), Some(qe)) => {
            println!("  qemu:    to shell + poweroff {:7.1} ms; kernel only {:6.1} ms (both include QEMU start-up)", ms(qs), ms(qe));
            let (d_ours, d_qemu) = (ms(ours_shell) - ms(ours_early), ms(qs).max(ms(qe)) - ms(qe));
            println!("  init + shell alone: vitrine {d_ours:.1} ms, qemu {d_qemu:.1} ms");
            println!(
                "  whole boot, vitrine / qemu = {:.2}",
                ms(ours_shell) / ms(qs)
            );
        }
        _ => println!("  qemu: not available (apt-get install qemu-system-misc)"),
    }
}
