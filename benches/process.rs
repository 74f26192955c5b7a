//! The cost of process creation in the teaching kernel, on Vitrine and on
//! `qemu-system-riscv64` with the same kernel and initramfs, in one run:
//!
//!   fork+exit+wait     `benchfork fork N`
//!   fork+exec+wait     `benchfork exec N` (the child execs /bin/true)
//!   one CoW fault      `benchfork cow N` minus `benchfork nocow N`: the
//!                      child writes N pages it shares with its parent
//!
//! Each cost is a difference between a large and a small N (or between cow
//! and nocow), so boot and start-up cancel: guest instructions from
//! Vitrine's counter (deterministic), host time as the best of 5 runs,
//! taken in turns with every other side of the row (`side_by_side`), so
//! that load on this shared machine hits them alike.
//!
//! Both of Vitrine's engines are measured (`interp`, `jit`: the same
//! guest instructions, identical counters), then the kernel-heavy
//! experiments' throughput (cow, forkloop 1000) in guest MIPS.
//!
//! `cargo bench --bench process`

mod common;

use common::{bench_store, boot_embedded_with, criterion, fill_store, jit_store};
use common::{per_op_side_by_side, side_by_side, Engine, Tracking, SIDES};
use std::time::Duration;

/// Rounds of each side-by-side table (best of, taken in turns).
const ROUNDS: usize = 5;

fn bootargs(cmd: &str) -> String {
    format!("-- -c 'benchfork {cmd}'")
}

/// Run `benchfork CMD` in the built-in OS; the instructions retired.
fn run_vitrine(cmd: &str) -> u64 {
    run_on(Engine::default(), &bootargs(cmd))
}

fn run_on(engine: Engine, bootargs: &str) -> u64 {
    boot_embedded_with(bootargs, Tracking::Off, engine)
        .cpu
        .instret
}

fn main() {
    // Cold: every jit run compiles its own blocks (a warm store is
    // measured separately, for the whole runs below).
    jit_store("off".as_ref());
    let mut c = criterion();
    c.bench_function("process/boot_and_100_forks", |b| {
        b.iter(|| run_vitrine("fork 100"))
    });
    c.final_summary();

    // (what, large run, small run, operations between them)
    let cases = [
        ("fork+exit+wait", "fork 2001", "fork 1", 2000.0),
        ("fork+exec+wait", "exec 1001", "exec 1", 1000.0),
        ("one CoW fault", "cow 16384", "nocow 16384", 16384.0),
    ];
    // Every side of a row in turns (`side_by_side`): the interpreter, the
    // jit cold (every run compiles its own blocks) and warm (with a store
    // filled by unmeasured runs of both sizes, `fill_store`, as a user's
    // later runs find it: the steady state of the path, without the
    // warm-up the larger cold run still holds), and QEMU.
    println!(
        "\nprocess creation, side by side (host time: best of {ROUNDS} in turns; per operation):"
    );
    println!(
        "  {:16} {:>12} {:>12} {:>12} {:>12} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "",
        "guest insns",
        "interp",
        "jit",
        "jit warm",
        "qemu",
        "jit/qemu",
        "warm/qemu",
        "jit/interp",
        "jit MIPS",
        "warm MIPS"
    );
    let store = bench_store();
    for (what, large, small, ops) in cases {
        let insns = (run_vitrine(large) - run_vitrine(small)) as f64 / ops;
        fill_store(&store, &[bootargs(large), bootargs(small)]);
        let [interp, jit, warm, theirs] =
            per_op_side_by_side(ROUNDS, &store, &bootargs(large), &bootargs(small), ops)
                .map(|secs| secs * 1e6);
        println!(
            "  {what:16} {insns:>12.0} {interp:>9.2} us {jit:>9.2} us {warm:>9.2} us {theirs:>9.2} us {:>10.2} {:>10.2} {:>10.2} {:>10.0} {:>10.0}",
            jit / theirs,
            warm / theirs,
            jit / interp,
            insns / jit,
            insns / warm
        );
    }

    // Kernel-heavy work as a whole (boot included): guest MIPS, every side
    // in turns as above.
    println!("\nkernel-heavy experiments, whole run (host time: best of {ROUNDS} in turns):");
    println!(
        "  {:16} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "",
        "guest insns",
        "interp",
        "jit",
        "jit warm",
        "qemu",
        "jit MIPS",
        "warm MIPS",
        "warm/qemu"
    );
    for cmd in ["cow", "forkloop 1000"] {
        let args = format!("-- -c '{cmd}'");
        let insns = run_on(Engine::Jit, &args) as f64;
        fill_store(&store, std::slice::from_ref(&args));
        let runs = SIDES.map(|side| (side, args.clone()));
        let [interp, jit, warm, q] = side_by_side(ROUNDS, &store, &runs)
            .try_into()
            .map(|t: [Option<Duration>; 4]| t.map(|d| d.map_or(f64::NAN, |d| d.as_secs_f64())))
            .expect("one time per side");
        println!(
            "  {cmd:16} {insns:>12.0} {interp:>9.3}s {jit:>9.3}s {warm:>9.3}s {q:>9.3}s {:>10.0} {:>10.0} {:>10.2}",
            insns / jit / 1e6,
            insns / warm / 1e6,
            warm / q
        );
    }
    let _ = std::fs::remove_dir_all(&store);
}
