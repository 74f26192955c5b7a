//! What watching the guest's tasks costs the host: the cow experiment and
//! the context-switch benchmark of the teaching OS, each run plain, with
//! per-task accounting (`--stats=task`) and with a trace (`--trace`, the
//! JSON written to nowhere). The guest does exactly the same in all three
//! (the introspection device is always there; only the machine listens).
//!
//! Criterion times each case; then the ratios to the plain run, from best
//! of 5 runs taken in turns in this same run.
//!
//! `cargo bench --bench tasks`

mod common;

use common::{boot_embedded_tracked, criterion, tracking_overhead, Tracking};

const CASES: [(&str, &str); 2] = [
    ("cow", "-- -c 'cow -m 16'"),
    ("ctxswitch", "-- -c 'ctxswitch -n 2000'"),
];

fn main() {
    let mut c = criterion();
    for (name, bootargs) in CASES {
        let mut g = c.benchmark_group(format!("tasks/{name}"));
        for mode in [Tracking::Off, Tracking::Tasks, Tracking::Trace] {
            g.bench_function(format!("{mode:?}").to_lowercase(), |b| {
                b.iter(|| boot_embedded_tracked(bootargs, mode).cpu.instret)
            });
        }
        g.finish();
    }
    c.final_summary();
    println!("host time vs the plain run (best of 5, in turns):");
    println!(
        "  {:10} {:>13} {:>10}",
        "experiment", "--stats=task", "--trace"
    );
    for (name, bootargs) in CASES {
        let (tasks, trace) = tracking_overhead(5, |t| {
            boot_embedded_tracked(bootargs, t);
        });
        println!("  {name:10} {tasks:>12.3}x {trace:>9.3}x");
    }
}
