//! Context-switch cost in the teaching kernel, measured the lmbench way
//! (lat_ctx): two processes pass one byte back and forth over two pipes
//! (`ctxswitch -n N`, 2N switches), on Vitrine and on qemu-system-riscv64
//! with the same kernel, with the kernel flushing the whole TLB around
//! every satp switch (tlb=flush) and with it using ASIDs (tlb=asid).
//!
//! Per switch: guest instructions and TLB misses (Vitrine's counters, exact
//! and deterministic) and host time (best of 5, every side of a row taken
//! in turns so that load on this shared machine hits them alike: the
//! interpreter, the jit cold and warm, QEMU), all as the difference
//! between N = 3000 and N = 300 round trips, so boot and start-up cancel.
//! The jit twice: cold (each run compiles its own blocks, so the difference
//! still holds the warm-up the larger run finishes) and with a warm
//! translation store (filled by unmeasured runs, as a user's later runs
//! find it): the steady state of a switch.
//!
//! Then the cost of watching: the same run (tlb=asid, N = 3000) with
//! per-task accounting (`--stats=task`) and with a trace (`--trace`), as
//! ratios of host time to the plain run, measured in turns in this run.
//!
//! `cargo bench --bench ctxswitch`

mod common;

use common::{bench_store, boot_embedded_with, fill_store, per_op_side_by_side};
use common::{tracking_overhead, Engine, Tracking};

const LARGE: u64 = 3000;
const SMALL: u64 = 300;
/// Rounds of the side-by-side table (best of, taken in turns).
const ROUNDS: usize = 5;

fn bootargs(mode: &str, n: u64) -> String {
    format!("tlb={mode} -- -c 'ctxswitch -n {n}'")
}

/// (instructions, TLB misses) of one run on Vitrine.
fn run_vitrine(mode: &str, n: u64) -> (u64, u64) {
    run_tracked(mode, n, Tracking::Off)
}

fn run_tracked(mode: &str, n: u64, tracking: Tracking) -> (u64, u64) {
    run_engine(mode, n, tracking, Engine::default())
}

fn run_engine(mode: &str, n: u64, tracking: Tracking, engine: Engine) -> (u64, u64) {
    let m = boot_embedded_with(&bootargs(mode, n), tracking, engine);
    let c = &m.cpu.mmu.counters;
    (m.cpu.instret, c.itlb.misses + c.dtlb.misses)
}

fn main() {
    let switches = (2 * (LARGE - SMALL)) as f64;
    println!("context switch (lmbench lat_ctx, 2 processes, 1-byte pipe ping-pong), per switch:");
    println!(
        "  {:6} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>9} {:>10} {:>10}",
        "mode",
        "guest insns",
        "TLB misses",
        "interp",
        "jit",
        "jit warm",
        "qemu",
        "jit/qemu",
        "warm/qemu",
        "warm MIPS"
    );
    let store = bench_store();
    for mode in ["flush", "asid"] {
        let (i1, m1) = run_vitrine(mode, LARGE);
        let (i0, m0) = run_vitrine(mode, SMALL);
        fill_store(&store, &[bootargs(mode, SMALL), bootargs(mode, LARGE)]);
        let [interp, jit, warm, theirs] = per_op_side_by_side(
            ROUNDS,
            &store,
            &bootargs(mode, LARGE),
            &bootargs(mode, SMALL),
            switches,
        )
        .map(|secs| secs * 1e9);
        let insns = (i1 - i0) as f64 / switches;
        let misses = (m1 - m0) as f64 / switches;
        println!(
            "  {mode:6} {insns:>12.0} {misses:>12.1} {interp:>9.0} ns {jit:>9.0} ns {warm:>9.0} ns \
             {theirs:>9.0} ns {:>9.2} {:>10.2} {:>10.0}",
            jit / theirs,
            warm / theirs,
            insns / warm * 1e3
        );
    }
    let _ = std::fs::remove_dir_all(&store);
    let (tasks, trace) = tracking_overhead(3, |t| {
        run_tracked("asid", LARGE, t);
    });
    println!(
        "per-task accounting, host time vs the plain run (asid, {LARGE} round trips): \
         --stats=task {tasks:.3}x, --trace {trace:.3}x"
    );
}
