//! Helpers shared by the benchmarks that compare Vitrine with QEMU (each
//! bench uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
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

/// Boot the embedded teaching OS with kernel command line `bootargs` and
/// run it to power-off; panics unless it exits with status 0. The machine
/// is returned for its counters.
pub fn boot_embedded(bootargs: &str) -> vitrine_emulator::machine::Machine {
    boot_embedded_tracked(bootargs, Tracking::Off)
}

/// How much per-task accounting a run does (`--stats=task`, `--trace`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracking {
    Off,
    /// Per-task counters (`--stats=task`), rows built at the end.
    Tasks,
    /// Counters and the timeline, written as a trace (to nowhere).
    Trace,
}

/// `boot_embedded` with per-task accounting as `tracking` says, including
/// its work at the end (the rows; the trace's JSON, to a sink).
pub fn boot_embedded_tracked(
    bootargs: &str,
    tracking: Tracking,
) -> vitrine_emulator::machine::Machine {
    boot_embedded_with(bootargs, tracking, Engine::default())
}

pub use vitrine_emulator::cpu::jit::Engine;

/// Both engines, the reference first (for side-by-side columns).
pub const ENGINES: [Engine; 2] = [Engine::Interp, Engine::Jit];

/// The jit's translation store (`VITRINE_JIT_CACHE`, see
/// `emulator/src/cpu/jit/store.rs`) for the machines made from now on:
/// "off" (each run compiles its own blocks: cold), or a directory.
pub fn jit_store(dir: &std::ffi::OsStr) {
    // SAFETY: no run is in progress when a bench switches (each ends before
    // the next starts), and the emulator reads its environment only
    // through `std::env`, which serialises access.
    unsafe { std::env::set_var("VITRINE_JIT_CACHE", dir) };
}

/// A translation store of this bench's own, for its warm runs (remove it
/// before filling it, and at the end).
pub fn bench_store() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("vitrine-bench-store-{}", std::process::id()))
}

/// Fill a fresh translation store at `store` for the jit runs of each of
/// `bootargs` (as a user's later runs of the same experiments find it),
/// and leave it in use: rounds of those runs until one compiles nothing
/// (at most 8). Which blocks a run compiles depends on when the compiler
/// thread delivers, so one unmeasured run leaves blocks that became hot
/// late for the next run to compile, and the run after that measures
/// partly cold (seen: 269, 61, 14, 5, 1, 0 blocks compiled by
/// `benchfork exec 1001` in successive runs).
pub fn fill_store(store: &std::path::Path, bootargs: &[String]) {
    let _ = std::fs::remove_dir_all(store);
    jit_store(store.as_os_str());
    for _ in 0..8 {
        let compiled: u64 = bootargs
            .iter()
            .map(|a| {
                let m = boot_embedded_with(a, Tracking::Off, Engine::Jit);
                m.cpu.jit.counters().0
            })
            .sum();
        if compiled == 0 {
            break;
        }
    }
}

/// Benches measure the jit cold unless told otherwise: a store left in
/// `~/.cache/vitrine` by earlier runs would make some runs warm and others
/// not.
pub fn cold_unless_told() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("VITRINE_JIT_CACHE").is_none() {
            jit_store("off".as_ref());
        }
    });
}

/// `boot_embedded_tracked` on a given engine (`--engine`).
pub fn boot_embedded_with(
    bootargs: &str,
    tracking: Tracking,
    engine: Engine,
) -> vitrine_emulator::machine::Machine {
    cold_unless_told();
    use vitrine_emulator::cli::{EMBEDDED_INITRAMFS, EMBEDDED_KERNEL};
    use vitrine_emulator::machine::{ExitReason, Machine, MachineConfig};
    let image = vitrine_loader::parse(EMBEDDED_KERNEL).unwrap();
    let cfg = MachineConfig {
        bootargs: bootargs.into(),
        initrd: Some(EMBEDDED_INITRAMFS.to_vec()),
        engine,
        ..Default::default()
    };
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.load(&image).unwrap();
    if tracking != Tracking::Off {
        let trace = tracking == Tracking::Trace;
        let ipt = vitrine_emulator::clock::DEFAULT_INSNS_PER_TICK;
        m.tasks = Some(vitrine_emulator::tasks::Tracker::new(
            &mut m.cpu, trace, ipt,
        ));
    }
    assert_eq!(
        m.run(),
        ExitReason::Exit(0),
        "bootargs {bootargs:?}: the guest failed"
    );
    if let Some(t) = m.tasks.as_mut() {
        t.finish(&m.cpu);
        std::hint::black_box(t.json());
        if tracking == Tracking::Trace {
            vitrine_emulator::trace::write_trace(&mut std::io::sink(), t, "bench").unwrap();
        }
    }
    m
}

/// Best host time of each of `fs` over `n` rounds, run in turns (so that
/// load on the machine hits them alike).
pub fn best_in_turns(n: usize, fs: &mut [&mut dyn FnMut()]) -> Vec<Duration> {
    let mut best = vec![Duration::MAX; fs.len()];
    for _ in 0..n {
        for (b, f) in best.iter_mut().zip(fs.iter_mut()) {
            let t = Instant::now();
            f();
            *b = (*b).min(t.elapsed());
        }
    }
    best
}

/// Who runs a workload in the whole-OS benches' side-by-side tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Vitrine's interpreter.
    Interp,
    /// Vitrine's jit, every run compiling its own blocks.
    Cold,
    /// Vitrine's jit with the bench's translation store, filled beforehand
    /// (`fill_store`), as a user's later runs find it.
    Warm,
    /// `qemu-system-riscv64` with the same kernel and initramfs.
    Qemu,
}

pub const SIDES: [Side; 4] = [Side::Interp, Side::Cold, Side::Warm, Side::Qemu];

/// Best host time of each run of `runs` (who, kernel command line), over
/// `n` rounds taken in turns, so that load on this shared machine hits
/// every side alike (None for a side that cannot run, e.g. no QEMU).
/// Vitrine's runs are in-process, from `Machine::new` to its drop; the
/// warm ones use `store`. Leaves the jit cold for later runs.
pub fn side_by_side(n: usize, store: &Path, runs: &[(Side, String)]) -> Vec<Option<Duration>> {
    let (kernel, initramfs) = prebuilt();
    let mut best: Vec<Option<Duration>> = vec![None; runs.len()];
    for _ in 0..n {
        for (b, (side, args)) in best.iter_mut().zip(runs) {
            let vitrine = |engine| {
                let t = Instant::now();
                boot_embedded_with(args, Tracking::Off, engine);
                Some(t.elapsed())
            };
            let t = match side {
                Side::Interp => vitrine(Engine::Interp),
                Side::Cold => {
                    jit_store("off".as_ref());
                    vitrine(Engine::Jit)
                }
                Side::Warm => {
                    jit_store(store.as_os_str());
                    vitrine(Engine::Jit)
                }
                Side::Qemu => time_qemu(&kernel, &["-initrd", &initramfs, "-append", args]),
            };
            *b = match (*b, t) {
                (Some(b), Some(t)) => Some(b.min(t)),
                (b, t) => b.or(t),
            };
        }
    }
    jit_store("off".as_ref());
    best
}

/// Seconds per operation on each side of [`SIDES`], in its order: the
/// difference between runs with kernel command lines `large` and `small`
/// (`ops` operations apart, so boot and start-up cancel), both timed by
/// `side_by_side`; NaN for a side that cannot run.
pub fn per_op_side_by_side(n: usize, store: &Path, large: &str, small: &str, ops: f64) -> [f64; 4] {
    let runs: Vec<(Side, String)> = SIDES
        .iter()
        .flat_map(|&side| [(side, large.to_string()), (side, small.to_string())])
        .collect();
    let t = side_by_side(n, store, &runs);
    [0, 1, 2, 3].map(|i| match (t[2 * i], t[2 * i + 1]) {
        (Some(l), Some(s)) => (l.as_secs_f64() - s.as_secs_f64()) / ops,
        _ => f64::NAN,
    })
}

/// Host time of `f` with each tracking mode, best of `n` runs each, taken
/// in turns (so that load on the machine hits them alike); as ratios to
/// the run without accounting: (tasks / off, trace / off).
pub fn tracking_overhead(n: usize, f: impl Fn(Tracking)) -> (f64, f64) {
    let best = best_in_turns(
        n,
        &mut [
            &mut || f(Tracking::Off),
            &mut || f(Tracking::Tasks),
            &mut || f(Tracking::Trace),
        ],
    );
    let off = best[0].as_secs_f64();
    (best[1].as_secs_f64() / off, best[2].as_secs_f64() / off)
}

/// The committed guest images QEMU boots: (kernel ELF, initramfs path).
pub fn prebuilt() -> (PathBuf, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("guest-os/prebuilt");
    let initramfs = root.join("initramfs.cpio").to_str().unwrap().to_string();
    (root.join("kernel.elf"), initramfs)
}

/// Criterion as the whole-OS benches use it: 10 samples, 5 s.
pub fn criterion() -> criterion::Criterion {
    cold_unless_told();
    criterion::Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
}
