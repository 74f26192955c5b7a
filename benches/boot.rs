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

mod common;

use common::{best_of, boot_embedded, criterion, prebuilt, time_qemu};
use std::time::{Duration, Instant};

const SHELL: &str = "-- -c 'true'";
const EARLY: &str = "poweroff=0";

/// Boot the embedded OS with `bootargs`; returns the instructions retired.
fn boot_vitrine(bootargs: &str) -> u64 {
    boot_embedded(bootargs).cpu.instret
}

fn time_vitrine(bootargs: &str) -> Duration {
    let t = Instant::now();
    boot_vitrine(bootargs);
    t.elapsed()
}
fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let (kernel, initramfs) = prebuilt();
    let initrd = initramfs.as_str();
    let mut c = criterion();
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
        best_of(5, || {
            time_qemu(&kernel, &["-initrd", initrd, "-append", SHELL])
        }),
        best_of(5, || {
            time_qemu(&kernel, &["-initrd", initrd, "-append", EARLY])
        }),
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
