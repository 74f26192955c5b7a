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
    Exec {
        comm: String,
        path: String,
    },
    Exit {
        status: i64,
    },
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

/// Events in the order they were closed (slices) or happened.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    /// When the run ended.
    pub end: Ns,
}

impl Timeline {
    pub fn slice(&mut self, track: usize, start: Ns, end: Ns, kind: SliceKind) {
        self.events.push(Event::Slice {
            track,
            start,
            end,
            kind,
        });
    }

    pub fn instant(&mut self, track: usize, at: Ns, what: Instant) {
        self.events.push(Event::Instant { track, at, what });
    }

    pub fn counter(&mut self, track: Option<usize>, at: Ns, kind: CounterKind, value: f64) {
        self.events.push(Event::Counter {
            track,
            at,
            kind,
            value,
        });
    }
}
