//! /proc/PID/sched: the scheduler's view of a task, in the format of
//! Linux's proc_sched_show_task (kernel/sched/debug.c): times in ms with
//! six decimals (`%14Ld.%06ld`), counts as `%21Ld`, after a 45-column
//! name. se.load.weight is shown scaled by 1024, as 64-bit Linux does.

use crate::fs::procfs::procinfo::TaskInfo;
use alloc::string::String;
use core::fmt::Write;

fn ns_line(s: &mut String, name: &str, ns: u64) {
    let _ = writeln!(s, "{name:<45}:{:>14}.{:06}", ns / 1_000_000, ns % 1_000_000);
}

fn num_line(s: &mut String, name: &str, n: u64) {
    let _ = writeln!(s, "{name:<45}:{n:>21}");
}

pub fn sched(t: &TaskInfo) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({}, #threads: {})", t.comm, t.pid, t.threads);
    s.push_str(&"-".repeat(67));
    s.push('\n');
    let se = &t.sched;
    ns_line(&mut s, "se.exec_start", se.exec_start_ns);
    ns_line(&mut s, "se.vruntime", se.vruntime_ns);
    ns_line(&mut s, "se.sum_exec_runtime", se.sum_exec_runtime_ns);
    num_line(&mut s, "se.nr_migrations", 0);
    num_line(&mut s, "nr_switches", t.nvcsw + t.nivcsw);
    num_line(&mut s, "nr_voluntary_switches", t.nvcsw);
    num_line(&mut s, "nr_involuntary_switches", t.nivcsw);
    num_line(&mut s, "se.load.weight", (se.weight as u64) << 10);
    num_line(&mut s, "policy", 0); // SCHED_NORMAL
    num_line(&mut s, "prio", (120 + t.nice) as u64);
    s
}
