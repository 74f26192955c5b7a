//! `--trace FILE`: the run's timeline (`tasks/timeline.rs`) written as
//! Chrome trace-event JSON, which ui.perfetto.dev and chrome://tracing
//! open as they are.
//!
//! Why this format and not Perfetto's protobuf: it is a documented, stable
//! JSON shape both viewers read, `serde_json` (already a dependency) writes
//! it, and a student can read and `jq` the file; the protobuf would need a
//! generated-code crate and gives nothing a trace of one hart needs.
//!
//! What is in it (times are guest time, from reset, in µs with ns digits):
//! - one process per guest process (pid = tgid) and one thread per task
//!   (tid); pid 0 is the kernel: its scheduler loop and the idle hart
//!   (thread `swapper/0`). Without introspection, one process per address
//!   space (named by ASID and root page table).
//! - `X` slices, category `sched`: the task on the hart (args: how it got
//!   the CPU, why it left, the state it left in); `idle` on pid 0. At any
//!   moment exactly one such slice is open: they never overlap and cover
//!   the run.
//! - `X` slices, category `syscall`, nested in those: name and number
//!   (from `a7`); a call that sleeps is cut at the switch and resumes
//!   (`resumed: true`) when the task runs again.
//! - `i` instants: page faults (the kernel's kind, the address, the
//!   access), `sfence.vma` (its scope), exec and exit.
//! - `C` counters: vruntime and RSS per task (as the kernel reports them
//!   at each switch) and, on a "machine" process, the TLB miss rate.

use crate::devices::introspect::Reason;
use crate::tasks::timeline::{CounterKind, Event, Instant, Ns, SliceKind};
use crate::tasks::{syscalls, Mode, Subject, Tracker};
use serde::Serialize;
use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The pseudo-process that holds machine-wide counters.
pub const MACHINE_PID: u32 = 0x7fff_ffff;

/// A trace file opened before the run (so that a bad path is reported
/// before the guest starts) and written at the end.
pub struct TraceFile {
    path: PathBuf,
    file: BufWriter<File>,
}

impl TraceFile {
    /// Create (truncate) `path`; the error is one line naming it.
    pub fn create(path: &Path) -> Result<TraceFile, String> {
        let file = File::create(path)
            .map_err(|e| format!("--trace {}: cannot write: {e}", path.display()))?;
        Ok(TraceFile {
            path: path.to_path_buf(),
            file: BufWriter::with_capacity(1 << 16, file),
        })
    }

    /// Write the tracker's timeline.
    pub fn write(mut self, tracker: &Tracker, program: &str) -> Result<(), String> {
        write_trace(&mut self.file, tracker, program)
            .and_then(|_| self.file.flush())
            .map_err(|e| format!("--trace {}: {e}", self.path.display()))
    }
}

/// One trace event (the fields Chrome's format defines that we use).
#[derive(Serialize)]
struct TraceEvent<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    cat: &'a str,
    ph: &'a str,
    /// µs.
    ts: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<f64>,
    pid: u32,
    tid: u32,
    /// Instant scope: "t", the thread.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'a str>,
    #[serde(skip_serializing_if = "Value::is_null")]
    args: Value,
}

fn us(ns: Ns) -> f64 {
    ns as f64 / 1000.0
}

/// (pid, tid) of each row: tasks by their own numbers (a tid used again
/// by a later task is moved up by 10,000,000 per reuse, so that tracks do
/// not merge); address spaces numbered from 1.
fn tracks(tracker: &Tracker) -> Vec<(u32, u32)> {
    let mut seen = std::collections::HashMap::new();
    tracker
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| match r.subject {
            Subject::Task { tid } => {
                let n = seen.entry(tid).or_insert(0u32);
                let shift = *n * 10_000_000;
                *n += 1;
                (r.tgid + shift, tid + shift)
            }
            Subject::AddressSpace { .. } => (i as u32 + 1, i as u32 + 1),
        })
        .collect()
}

/// The whole trace as JSON on `w`.
pub fn write_trace<W: Write>(w: &mut W, tracker: &Tracker, program: &str) -> std::io::Result<()> {
    let ids = tracks(tracker);
    let empty = Default::default();
    let tl = tracker.timeline.as_ref().unwrap_or(&empty);
    let mode = match tracker.mode {
        Mode::Tasks => "tasks",
        Mode::AddressSpaces => "address_spaces",
    };
    writeln!(
        w,
        "{{\"displayTimeUnit\":\"ns\",\"otherData\":{},\"traceEvents\":[",
        json!({
            "program": program,
            "emulator": "vitrine",
            "clock": "guest time since reset (mtime at 10 MHz plus the cycles into the tick)",
            "rows": mode,
            "end_us": us(tl.end),
        })
    )?;
    let mut first = true;
    let mut emit = |w: &mut W, e: &TraceEvent| -> std::io::Result<()> {
        if !first {
            w.write_all(b",\n")?;
        }
        first = false;
        serde_json::to_writer(&mut *w, e).map_err(std::io::Error::other)
    };
    // Names: processes (by their leader's or address space's row) and threads.
    let meta = |name: &'static str, pid, tid, value: String| TraceEvent {
        name,
        cat: "",
        ph: "M",
        ts: 0.0,
        dur: None,
        pid,
        tid,
        s: None,
        args: json!({ "name": value }),
    };
    // A process is named after its leader (the task whose tid is the pid),
    // or its first task if the leader was never announced.
    let mut processes = std::collections::BTreeMap::new();
    for (r, &(pid, tid)) in tracker.rows.iter().zip(&ids) {
        let comm = if r.kthread {
            format!("[{}]", r.comm)
        } else {
            r.comm.clone()
        };
        let process = match r.subject {
            Subject::Task { tid: 0 } => "kernel".to_string(),
            _ => comm.clone(),
        };
        if pid == tid || !processes.contains_key(&pid) {
            processes.insert(pid, process);
        }
        emit(w, &meta("thread_name", pid, tid, comm))?;
    }
    for (pid, name) in processes {
        emit(w, &meta("process_name", pid, pid, name))?;
    }
    emit(
        w,
        &meta("process_name", MACHINE_PID, 0, "machine (Vitrine)".into()),
    )?;

    let mut events: Vec<&Event> = tl.events.iter().collect();
    // By time; at the same time, longer slices first (parents before the
    // slices they contain).
    let key = |e: &Event| match e {
        Event::Slice { start, end, .. } => (*start, u64::MAX - (end - start)),
        Event::Instant { at, .. } | Event::Counter { at, .. } => (*at, 0),
    };
    events.sort_by_key(|e| key(e));
    for e in events {
        match e {
            Event::Slice {
                track,
                start,
                end,
                kind,
            } => {
                let (pid, tid) = ids[*track];
                let row = &tracker.rows[*track];
                let (name, cat, args): (String, &str, Value) = match kind {
                    SliceKind::Running {
                        reason_in,
                        reason_out,
                        state_out,
                    } => {
                        let name = match row.subject {
                            Subject::Task { tid: 0 } => "scheduler".to_string(),
                            _ => row.comm.clone(),
                        };
                        let mut args = serde_json::Map::new();
                        if let Some(r) = reason_in.filter(|r| *r != Reason::Pick) {
                            args.insert("in".into(), r.describe().into());
                        }
                        if let Some(r) = reason_out {
                            args.insert("out".into(), r.describe().into());
                        }
                        if *state_out != '-' {
                            args.insert("state".into(), state_out.to_string().into());
                        }
                        (name, "sched", Value::Object(args))
                    }
                    SliceKind::Idle => ("idle".to_string(), "sched", Value::Null),
                    SliceKind::Syscall { nr, resumed } => {
                        let name = match syscalls::name(*nr) {
                            Some(n) => n.to_string(),
                            None => format!("syscall {nr}"),
                        };
                        let mut args = json!({ "nr": nr });
                        if *resumed {
                            args["resumed"] = true.into();
                        }
                        (name, "syscall", args)
                    }
                };
                emit(
                    w,
                    &TraceEvent {
                        name: &name,
                        cat,
                        ph: "X",
                        ts: us(*start),
                        dur: Some(us(end - start)),
                        pid,
                        tid,
                        s: None,
                        args,
                    },
                )?;
            }
            Event::Instant { track, at, what } => {
                let (pid, tid) = ids[*track];
                let (name, cat, args): (String, &str, Value) = match what {
                    Instant::Fault { kind, addr, access } => {
                        let access = ["read", "write", "execute"][(*access).min(2) as usize];
                        (
                            format!("page fault: {}", kind.name()),
                            "mm",
                            json!({
                                "kind": kind.name(),
                                "address": format!("{addr:#x}"),
                                "access": access,
                            }),
                        )
                    }
                    Instant::PageFaultTrap { cause, addr } => (
                        "page fault".into(),
                        "mm",
                        json!({
                            "cause": crate::stats::exception_name(*cause as usize),
                            "address": format!("{addr:#x}"),
                        }),
                    ),
                    Instant::TlbFlush { scope } => {
                        ("sfence.vma".into(), "tlb", json!({ "scope": scope }))
                    }
                    Instant::Exec { comm, path } => {
                        ("exec".into(), "task", json!({ "comm": comm, "path": path }))
                    }
                    Instant::Exit { status } => {
                        ("exit".into(), "task", json!({ "status": status }))
                    }
                };
                emit(
                    w,
                    &TraceEvent {
                        name: &name,
                        cat,
                        ph: "i",
                        ts: us(*at),
                        dur: None,
                        pid,
                        tid,
                        s: Some("t"),
                        args,
                    },
                )?;
            }
            Event::Counter {
                track,
                at,
                kind,
                value,
            } => {
                let (pid, name) = match track {
                    Some(t) => {
                        let (pid, tid) = ids[*t];
                        let name = if pid == tid {
                            kind.name().to_string()
                        } else {
                            format!("{} tid {tid}", kind.name())
                        };
                        (pid, name)
                    }
                    None => (MACHINE_PID, kind.name().to_string()),
                };
                let series = match kind {
                    CounterKind::Vruntime => "vruntime",
                    CounterKind::RssKb => "rss_kb",
                    CounterKind::TlbMissRate => "miss_rate",
                    CounterKind::TlbMissesPerKInsns => "per_1k_instructions",
                };
                emit(
                    w,
                    &TraceEvent {
                        name: &name,
                        cat: "",
                        ph: "C",
                        ts: us(*at),
                        dur: None,
                        pid,
                        tid: 0,
                        s: None,
                        args: json!({ series: value }),
                    },
                )?;
            }
        }
    }
    w.write_all(b"\n]}\n")
}
