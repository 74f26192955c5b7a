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
use crate::tasks::timeline::{CounterKind, Event, Instant, Ns, SliceKind, Timeline};
use crate::tasks::{syscalls, Mode, Subject, Tracker};
use serde_json::json;
use std::fmt::Write as _;
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

/// Writes the trace's events one after another, straight to the writer:
/// no JSON tree is built (a trace has tens of thousands of events, and
/// writing them is most of what `--trace` costs the host).
struct Events<'w, W: Write> {
    w: &'w mut W,
    first: bool,
}

/// A JSON string (quoted and escaped) on `w`. (Names and arguments are
/// nearly always plain: those are written as they are.)
fn string<W: Write>(w: &mut W, s: &str) -> std::io::Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        w.write_all(b"\"")?;
        w.write_all(s.as_bytes())?;
        return w.write_all(b"\"");
    }
    serde_json::to_writer(&mut *w, s).map_err(std::io::Error::other)
}

/// A number as `serde_json` writes an f64 (shortest round trip; `2048.0`
/// for a whole one). Counters are nearly always whole (vruntime in ns, RSS
/// in KiB): those are written as integers with `.0`.
fn float<W: Write>(w: &mut W, v: f64) -> std::io::Result<()> {
    if v.is_sign_positive() && v < 1e15 && v.fract() == 0.0 {
        int(w, v as u64)?;
        return w.write_all(b".0");
    }
    serde_json::to_writer(&mut *w, &v).map_err(std::io::Error::other)
}

/// An integer on `w`.
fn int<W: Write>(w: &mut W, v: impl itoa::Integer) -> std::io::Result<()> {
    w.write_all(itoa::Buffer::new().format(v).as_bytes())
}

/// Guest time in µs, exactly (ns digits; the shortest form, as a float
/// would print it).
fn micros<W: Write>(w: &mut W, ns: Ns) -> std::io::Result<()> {
    int(w, ns / 1000)?;
    let mut frac = *b".000";
    let mut f = ns % 1000;
    for d in frac[1..].iter_mut().rev() {
        *d = b'0' + (f % 10) as u8;
        f /= 10;
    }
    let mut len = 4;
    while len > 2 && frac[len - 1] == b'0' {
        len -= 1;
    }
    w.write_all(&frac[..len])
}

/// One argument of an event's `args`.
enum Arg<'a> {
    Str(&'a str),
    U64(u64),
    I64(i64),
    F64(f64),
    Bool(bool),
}

impl<'w, W: Write> Events<'w, W> {
    /// One event: the fields Chrome's format defines that we use (`ts` and
    /// `dur` in µs; `s` the instant's scope), then its `args`.
    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        name: &str,
        cat: &str,
        ph: &str,
        ts: Ns,
        dur: Option<Ns>,
        (pid, tid): (u32, u32),
        s: Option<&str>,
        args: Option<&[(&str, Arg)]>,
    ) -> std::io::Result<()> {
        let w = &mut *self.w;
        w.write_all(if self.first {
            b"{\"name\":"
        } else {
            b",\n{\"name\":"
        })?;
        self.first = false;
        string(w, name)?;
        if !cat.is_empty() {
            w.write_all(b",\"cat\":\"")?;
            w.write_all(cat.as_bytes())?;
            w.write_all(b"\"")?;
        }
        w.write_all(b",\"ph\":\"")?;
        w.write_all(ph.as_bytes())?;
        w.write_all(b"\",\"ts\":")?;
        micros(w, ts)?;
        if let Some(d) = dur {
            w.write_all(b",\"dur\":")?;
            micros(w, d)?;
        }
        w.write_all(b",\"pid\":")?;
        int(w, pid)?;
        w.write_all(b",\"tid\":")?;
        int(w, tid)?;
        if let Some(s) = s {
            w.write_all(b",\"s\":\"")?;
            w.write_all(s.as_bytes())?;
            w.write_all(b"\"")?;
        }
        if let Some(args) = args {
            w.write_all(b",\"args\":{")?;
            for (i, (key, value)) in args.iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(b"\"")?;
                w.write_all(key.as_bytes())?;
                w.write_all(b"\":")?;
                match value {
                    Arg::Str(v) => string(w, v)?,
                    Arg::U64(v) => int(w, *v)?,
                    Arg::I64(v) => int(w, *v)?,
                    Arg::F64(v) => float(w, *v)?,
                    Arg::Bool(v) => write!(w, "{v}")?,
                }
            }
            w.write_all(b"}")?;
        }
        w.write_all(b"}")
    }
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
            "end_us": tl.end as f64 / 1000.0,
        })
    )?;
    let mut out = Events { w, first: true };
    // Names: processes (by their leader's or address space's row) and threads.
    let meta = |out: &mut Events<W>, name: &str, track, value: &str| {
        out.event(
            name,
            "",
            "M",
            0,
            None,
            track,
            None,
            Some(&[("name", Arg::Str(value))]),
        )
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
        meta(&mut out, "thread_name", (pid, tid), &comm)?;
    }
    for (pid, name) in processes {
        meta(&mut out, "process_name", (pid, pid), &name)?;
    }
    meta(
        &mut out,
        "process_name",
        (MACHINE_PID, 0),
        "machine (Vitrine)",
    )?;

    let order = in_order(tl);
    // Formatting is most of the cost: a second thread formats every other
    // chunk while this one formats the others and writes them all in
    // order (the bytes are those one thread would write).
    let (events, ids) = (&tl.events[..], &ids[..]);
    let chunks = order.chunks(CHUNK);
    std::thread::scope(|s| -> std::io::Result<()> {
        let (to_writer, formatted) = std::sync::mpsc::sync_channel(2);
        let (give_back, buffers) = std::sync::mpsc::channel::<Vec<u8>>();
        let helped = order.len() >= PARALLEL;
        if helped {
            let odd = chunks.clone().skip(1).step_by(2);
            s.spawn(move || {
                for chunk in odd {
                    let mut buf = buffers.try_recv().unwrap_or_default();
                    buf.clear();
                    let r = format_events(&mut buf, chunk, events, tracker, ids).map(|()| buf);
                    if to_writer.send(r).is_err() {
                        break; // the writer failed
                    }
                }
            });
        } else {
            drop(to_writer);
        }
        let mut own = Vec::new();
        for (n, chunk) in chunks.enumerate() {
            if helped && n % 2 == 1 {
                let buf = formatted
                    .recv()
                    .map_err(|_| std::io::Error::other("the formatting thread stopped"))??;
                out.w.write_all(&buf)?;
                let _ = give_back.send(buf);
            } else {
                own.clear();
                format_events(&mut own, chunk, events, tracker, ids)?;
                out.w.write_all(&own)?;
            }
        }
        Ok(())
    })?;
    let w = out.w;
    w.write_all(b"\n]}\n")
}

/// Events per chunk formatted before it is written.
const CHUNK: usize = 4096;
/// From this many events on, two threads format them.
const PARALLEL: usize = 8 * CHUNK;

/// Append the events at `order` (each after a comma: they follow the name
/// events) to `buf`.
fn format_events(
    buf: &mut Vec<u8>,
    order: &[u32],
    events: &[Event],
    tracker: &Tracker,
    ids: &[(u32, u32)],
) -> std::io::Result<()> {
    let mut out = Events {
        w: buf,
        first: false,
    };
    let mut name = String::new();
    for &i in order {
        let e = &events[i as usize];
        name.clear();
        match e {
            Event::Slice {
                track,
                start,
                end,
                kind,
            } => {
                let row = &tracker.rows[*track];
                let dur = Some(end - start);
                let (track, start) = (ids[*track], *start);
                match kind {
                    SliceKind::Running {
                        reason_in,
                        reason_out,
                        state_out,
                    } => {
                        let name = match row.subject {
                            Subject::Task { tid: 0 } => "scheduler",
                            _ => &row.comm,
                        };
                        let mut state = [0u8; 4];
                        let mut args = Vec::with_capacity(3);
                        if let Some(r) = reason_in.filter(|r| *r != Reason::Pick) {
                            args.push(("in", Arg::Str(r.describe())));
                        }
                        if let Some(r) = reason_out {
                            args.push(("out", Arg::Str(r.describe())));
                        }
                        if *state_out != '-' {
                            args.push(("state", Arg::Str(state_out.encode_utf8(&mut state))));
                        }
                        out.event(name, "sched", "X", start, dur, track, None, Some(&args))?;
                    }
                    SliceKind::Idle => {
                        out.event("idle", "sched", "X", start, dur, track, None, None)?;
                    }
                    SliceKind::Syscall { nr, resumed } => {
                        let name = match syscalls::name(*nr) {
                            Some(n) => n,
                            None => {
                                write!(name, "syscall {nr}").unwrap();
                                &name
                            }
                        };
                        let nr = ("nr", Arg::U64(*nr));
                        let args = if *resumed {
                            &[nr, ("resumed", Arg::Bool(true))][..]
                        } else {
                            &[nr][..]
                        };
                        out.event(name, "syscall", "X", start, dur, track, None, Some(args))?;
                    }
                }
            }
            Event::Instant { track, at, what } => {
                let track = ids[*track];
                let mut address = String::new();
                let instant = |out: &mut Events<Vec<u8>>, name: &str, cat, args: &[(&str, Arg)]| {
                    out.event(name, cat, "i", *at, None, track, Some("t"), Some(args))
                };
                match what {
                    Instant::Fault { kind, addr, access } => {
                        let access = ["read", "write", "execute"][(*access).min(2) as usize];
                        write!(name, "page fault: {}", kind.name()).unwrap();
                        write!(address, "{addr:#x}").unwrap();
                        let args = [
                            ("access", Arg::Str(access)),
                            ("address", Arg::Str(&address)),
                            ("kind", Arg::Str(kind.name())),
                        ];
                        instant(&mut out, &name, "mm", &args)?;
                    }
                    Instant::PageFaultTrap { cause, addr } => {
                        write!(address, "{addr:#x}").unwrap();
                        let cause = crate::stats::exception_name(*cause as usize);
                        let args = [("address", Arg::Str(&address)), ("cause", Arg::Str(cause))];
                        instant(&mut out, "page fault", "mm", &args)?;
                    }
                    Instant::TlbFlush { scope } => {
                        instant(&mut out, "sfence.vma", "tlb", &[("scope", Arg::Str(scope))])?;
                    }
                    Instant::Exec(exec) => {
                        let args = [
                            ("comm", Arg::Str(&exec.comm)),
                            ("path", Arg::Str(&exec.path)),
                        ];
                        instant(&mut out, "exec", "task", &args)?;
                    }
                    Instant::Exit { status } => {
                        instant(&mut out, "exit", "task", &[("status", Arg::I64(*status))])?;
                    }
                }
            }
            Event::Counter {
                track,
                at,
                kind,
                value,
            } => {
                let pid = match track {
                    Some(t) => {
                        let (pid, tid) = ids[*t];
                        name.push_str(kind.name());
                        if pid != tid {
                            write!(name, " tid {tid}").unwrap();
                        }
                        pid
                    }
                    None => {
                        name.push_str(kind.name());
                        MACHINE_PID
                    }
                };
                let series = match kind {
                    CounterKind::Vruntime => "vruntime",
                    CounterKind::RssKb => "rss_kb",
                    CounterKind::TlbMissRate => "miss_rate",
                    CounterKind::TlbMissesPerKInsns => "per_1k_instructions",
                };
                let args = [(series, Arg::F64(*value))];
                out.event(&name, "", "C", *at, None, (pid, 0), None, Some(&args))?;
            }
        }
    }
    Ok(())
}

/// Where an event goes in the file: by time; at the same time, longer
/// slices first (parents before the slices they contain).
fn key(e: &Event) -> (Ns, u64) {
    match e {
        Event::Slice { start, end, .. } => (*start, u64::MAX - (end - start)),
        Event::Instant { at, .. } | Event::Counter { at, .. } => (*at, 0),
    }
}

/// The indices of the timeline's events in the file's order: by [`key`],
/// then in the order recorded. The timeline's three sequences are each in
/// that order (`Timeline::sequences`): one merge makes the whole, checking
/// as it goes. A sort of every event is the fallback should a sequence not
/// be in order, or not every event be in one (`events` is public: one
/// pushed there directly is still written).
fn in_order(tl: &Timeline) -> Vec<u32> {
    let (events, seqs) = (&tl.events, tl.sequences());
    let at = |i: u32| (key(&events[i as usize]), i);
    let sorted = || {
        let mut all: Vec<u32> = (0..events.len() as u32).collect();
        all.sort_by_key(|&i| at(i));
        all
    };
    if seqs.iter().map(Vec::len).sum::<usize>() != events.len() {
        return sorted();
    }
    let mut order = Vec::with_capacity(events.len());
    let mut pos = [0usize; 3];
    let head = |k: usize, pos: &[usize; 3]| seqs[k].get(pos[k]).map(|&i| at(i));
    let mut heads = [head(0, &pos), head(1, &pos), head(2, &pos)];
    while let Some((h, k)) = (0..3).filter_map(|k| heads[k].map(|h| (h, k))).min() {
        order.push(h.1);
        pos[k] += 1;
        heads[k] = head(k, &pos);
        if heads[k].is_some_and(|next| next < h) {
            return sorted();
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the file's order is defined as: a stable sort by `key`.
    fn sorted(tl: &Timeline) -> Vec<u32> {
        let mut all: Vec<u32> = (0..tl.events.len() as u32).collect();
        all.sort_by_key(|&i| key(&tl.events[i as usize]));
        all
    }

    fn running() -> SliceKind {
        SliceKind::Running {
            reason_in: None,
            reason_out: None,
            state_out: '-',
        }
    }

    /// Two tasks switching, each running slice with a system call cut at
    /// the switch and resumed, counters at each switch: recorded as the
    /// tracker records them (a slice when it ends), with ties in time.
    fn recorded() -> Timeline {
        let mut tl = Timeline::default();
        let syscall = |resumed| SliceKind::Syscall { nr: 63, resumed };
        for n in 0..50u64 {
            let (t, track) = (n * 100, (n % 2) as usize);
            tl.counter(Some(track), t, CounterKind::Vruntime, n as f64);
            tl.instant(track, t + 10, Instant::TlbFlush { scope: "all" });
            // A call from the switch-in to the switch-out: same span as
            // its running slice, recorded before it.
            tl.slice(track, t, t + 100, syscall(n > 1));
            tl.slice(track, t, t + 100, running());
            tl.counter(None, t + 100, CounterKind::TlbMissRate, 1.0);
        }
        tl
    }

    #[test]
    fn merging_the_recorded_sequences_is_the_stable_sort_by_time() {
        let tl = recorded();
        let order = in_order(&tl);
        assert_eq!(order, sorted(&tl));
        // Parents first at the same start: the longer slice, then (same
        // span) the one recorded first.
        assert!(matches!(
            tl.events[order[1] as usize],
            Event::Slice {
                kind: SliceKind::Syscall { .. },
                ..
            }
        ));
    }

    #[test]
    fn a_sequence_out_of_order_falls_back_to_a_sort() {
        let mut tl = recorded();
        // A running slice recorded after a later one.
        tl.slice(0, 50, 60, running());
        let order = in_order(&tl);
        assert_eq!(order, sorted(&tl));
        assert_eq!(order.len(), tl.events.len());
    }

    #[test]
    fn strings_and_numbers_are_written_as_serde_json_writes_them() {
        for s in [
            "write",
            "TLB miss rate (%)",
            "a\"b",
            "back\\slash",
            "tab\there",
            "é",
            "",
        ] {
            let mut ours = Vec::new();
            string(&mut ours, s).unwrap();
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        let floats = [
            0.0,
            -0.0,
            1.0,
            2048.0,
            0.5,
            12.345,
            1e14,
            999_999_999_999_999.0,
            1e15,
            1e16,
            1e300,
            -3.0,
            f64::MIN_POSITIVE,
        ];
        for v in floats {
            let mut ours = Vec::new();
            float(&mut ours, v).unwrap();
            assert_eq!(ours, serde_json::to_vec(&v).unwrap(), "{v:?}");
        }
    }

    #[test]
    fn an_event_pushed_around_the_sequences_is_still_written() {
        let mut tl = recorded();
        tl.events.push(Event::Instant {
            track: 0,
            at: 150,
            what: Instant::Exit { status: 0 },
        });
        let order = in_order(&tl);
        assert_eq!(order, sorted(&tl));
        assert_eq!(order.len(), tl.events.len());
    }

    #[test]
    fn a_truncated_timeline_keeps_its_sequences() {
        let mut tl = recorded();
        tl.truncate(77);
        assert_eq!(in_order(&tl), sorted(&tl));
        let kept: usize = tl.sequences().iter().map(Vec::len).sum();
        assert_eq!(kept, 77);
    }
}
