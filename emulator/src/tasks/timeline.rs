//! The timeline of a run: what each task did and when, in guest time, as
//! plain data. The tracker appends to it (only when a trace was asked
//! for); writers turn it into a file at the end (`trace.rs`: Chrome
//! trace-event JSON), and so can plots of vruntime, RSS or TLB miss rate.
//!
//! Tracks are the tracker's rows ([`super::TaskRow`], by index): a task,
//! or an address space when the guest kernel names no tasks.

use crate::devices::introspect::{FaultKind, Reason};

/// Guest time, nanoseconds since reset.
pub type Ns = u64;

/// What a slice of a track is.
#[derive(Clone, Debug, PartialEq)]
pub enum SliceKind {
    /// The track's context runs on the hart: `reason_in` is how it got the
    /// CPU, `reason_out` why it left (None: the run ended), `state_out` the
    /// state it left in (a `ps` letter; '-' when unknown).
    Running {
        reason_in: Option<Reason>,
        reason_out: Option<Reason>,
        state_out: char,
    },
    /// The hart idles in the kernel's scheduler (pid 0).
    Idle,
    /// A system call (number from `a7`); `resumed` when it continues a
    /// call that slept: a call is cut at every switch, so that its slices
    /// nest in the task's running slices.
    Syscall { nr: u64, resumed: bool },
}

/// An instant on a track.
#[derive(Clone, Debug, PartialEq)]
pub enum Instant {
    /// The kernel resolved a page fault (its classification).
    Fault {
        kind: FaultKind,
        addr: u64,
        access: u64,
    },
    /// A page-fault trap as the hardware saw it (cause 12, 13 or 15; used
    /// when the kernel does not classify its faults).
    PageFaultTrap {
        cause: u64,
        addr: u64,
    },
    /// `sfence.vma`: "all", "asid", "addr" or "addr+asid".
    TlbFlush {
        scope: &'static str,
    },
    /// (Boxed: an event is kept for every switch, and this variant would
    /// set the size of them all.)
    Exec(Box<ExecInfo>),
    Exit {
        status: i64,
    },
}

/// A successful exec: the task's new name and the program's path.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecInfo {
    pub comm: String,
    pub path: String,
}

/// A named value over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterKind {
    /// The task's CFS virtual runtime, ns, when it gets the CPU (as the
    /// kernel reports it).
    Vruntime,
    /// The task's resident set, KiB (as the kernel reports it).
    RssKb,
    /// Machine-wide: TLB misses per 100 lookups (both TLBs) since the
    /// previous sample.
    TlbMissRate,
    /// Machine-wide: TLB misses (both TLBs) per 1,000 instructions retired
    /// since the previous sample.
    TlbMissesPerKInsns,
}

impl CounterKind {
    pub fn name(self) -> &'static str {
        match self {
            CounterKind::Vruntime => "vruntime (ns)",
            CounterKind::RssKb => "RSS (KiB)",
            CounterKind::TlbMissRate => "TLB miss rate (%)",
            CounterKind::TlbMissesPerKInsns => "TLB misses per 1k instructions",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Slice {
        track: usize,
        start: Ns,
        end: Ns,
        kind: SliceKind,
    },
    Instant {
        track: usize,
        at: Ns,
        what: Instant,
    },
    /// `track` None: machine-wide.
    Counter {
        track: Option<usize>,
        at: Ns,
        kind: CounterKind,
        value: f64,
    },
}

// Tens of thousands of events are kept in a run of a second: each byte
// of an event is host memory touched.
const _: () = assert!(std::mem::size_of::<Event>() <= 48);

/// Events in the order they were closed (slices) or happened.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    /// When the run ended.
    pub end: Ns,
    /// The indices of `events` as three sequences, each in time order as
    /// recorded (see [`Timeline::sequences`]).
    seqs: [Vec<u32>; 3],
}

/// Which of [`Timeline::sequences`] holds an event.
const RUNNING: usize = 0;
const SYSCALLS: usize = 1;
const POINTS: usize = 2;

impl Timeline {
    fn push(&mut self, seq: usize, e: Event) {
        self.seqs[seq].push(self.events.len() as u32);
        self.events.push(e);
    }

    pub fn slice(&mut self, track: usize, start: Ns, end: Ns, kind: SliceKind) {
        let seq = match kind {
            SliceKind::Syscall { .. } => SYSCALLS,
            _ => RUNNING,
        };
        self.push(
            seq,
            Event::Slice {
                track,
                start,
                end,
                kind,
            },
        );
    }

    pub fn instant(&mut self, track: usize, at: Ns, what: Instant) {
        self.push(POINTS, Event::Instant { track, at, what });
    }

    pub fn counter(&mut self, track: Option<usize>, at: Ns, kind: CounterKind, value: f64) {
        self.push(
            POINTS,
            Event::Counter {
                track,
                at,
                kind,
                value,
            },
        );
    }

    /// Keep the first `n` events (going back to a snapshot).
    pub fn truncate(&mut self, n: usize) {
        self.events.truncate(n);
        for s in &mut self.seqs {
            s.truncate(s.partition_point(|&i| (i as usize) < n));
        }
    }

    /// The events' indices as the three sequences the recording
    /// interleaves, each in time order by construction: the running and
    /// idle slices (one open at a time, recorded when it ends), the
    /// system call slices (each inside a running slice, recorded when it
    /// ends or is cut at a switch), and the instants and counters
    /// (recorded as they happen). A writer that wants the events by time
    /// merges them (`trace::in_order`).
    pub fn sequences(&self) -> &[Vec<u32>; 3] {
        &self.seqs
    }
}
