//! Per-task accounting: the machine's counters charged to the guest's
//! tasks, and the timeline of what each task did (`--stats=task`,
//! `--trace`, `--stats-json`'s `tasks`).
//!
//! Who runs is learnt at the edges, never in the execute loop:
//! - a kernel that has the introspection device (`devices/introspect.rs`,
//!   the teaching kernel) announces its tasks and every switch; rows are
//!   tasks, named and numbered as the kernel does (pid 0 is the kernel's
//!   own context: boot, the scheduler loop, the idle hart);
//! - any other kernel (xv6, Linux) gets one row per address space: `satp`
//!   (its ASID and root page table) changes which row is charged.
//!
//! The machine calls [`Tracker::after_block`] when the execute loop
//! returns. Every event that matters ends a block (an MMIO store to the
//! device, a `satp` write, a trap, an `xRET`, `sfence.vma`), so the checks
//! there see each one at the instruction it happened, with the counters
//! exact. A switch charges the difference of the machine's counters since
//! the previous switch to the row that was running ([`counters`]): a
//! snapshot and a subtraction per switch, nothing per instruction.
//!
//! A debugger snapshots the tracker with the machine and puts it back
//! when it goes back ([`Tracker::snapshot`], [`Tracker::restore`]), and
//! reads its context switches ([`Tracker::take_switches`]) for `catch
//! switch`.
//!
//! Files: `counters.rs` (the counter block and its snapshot), `event.rs`
//! (decoding and checking what the guest sent), `timeline.rs` (the event
//! log for traces and plots), `report.rs` (the table and the JSON),
//! `syscalls.rs` (system call names for traces).

pub mod counters;
pub mod event;
pub mod report;
pub mod syscalls;
pub mod timeline;

use crate::clock::TIMEBASE_HZ;
use crate::cpu::{Cpu, Privilege, Watched};
use crate::devices::introspect::{FaultKind, RawEvent, Reason};
pub use counters::Counters;
use event::{GuestEvent, Pid};
use std::collections::HashMap;
use timeline::{CounterKind, Instant, Ns, SliceKind, Timeline};

/// `--stats` and `--stats=task`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsScope {
    /// The machine-wide table.
    Machine,
    /// The machine-wide table, then one row per guest task.
    Task,
}

/// Who a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A task the kernel announced; tid 0 is the kernel's own context.
    Task { tid: Pid },
    /// An address space, by `satp` (MODE, ASID, root PPN; 0 is Bare).
    AddressSpace { satp: u64 },
}

/// One row: a task (or address space) and what it was charged.
#[derive(Clone, Debug)]
pub struct TaskRow {
    pub subject: Subject,
    /// Thread group (process) and parent, as the kernel announced them.
    pub tgid: Pid,
    pub ppid: Pid,
    pub comm: String,
    /// The program of its last exec.
    pub path: Option<String>,
    pub kthread: bool,
    /// The machine's counters while this row was current.
    pub counters: Counters,
    /// Page faults as the kernel resolved them, by `FaultKind` (code - 1).
    pub faults: [u64; 7],
    /// System calls the kernel did not have (it returned ENOSYS).
    pub unknown_syscalls: u64,
    /// Context switches: to this task from another task or from idle; and
    /// away from it, voluntary (it slept, stopped or exited) or not.
    pub switches_in: u64,
    pub voluntary: u64,
    pub involuntary: u64,
    /// Guest time while current, ns.
    pub run_ns: u64,
    /// The state the kernel last said it is in (a `ps` letter): R when it
    /// got the CPU or was created, the state it left the CPU in since
    /// (a sleeper woken since still shows S until it runs: the kernel
    /// announces switches, not wakeups), Z once it exited.
    pub state: char,
    /// Why it last left the CPU.
    pub reason_out: Option<Reason>,
    pub created_ns: Ns,
    /// When it exited, with its wait status.
    pub exited: Option<(Ns, i64)>,
    /// How it last left the CPU (voluntary?), until the switch is counted.
    pending_out: Option<bool>,
    /// An open system call slice (number, start, resumed after a cut), or
    /// the number of one cut by a switch.
    syscall: Option<(u64, Ns, bool)>,
    syscall_cut: Option<u64>,
}

impl TaskRow {
    fn new(subject: Subject, comm: String, now: Ns) -> TaskRow {
        TaskRow {
            subject,
            tgid: 0,
            ppid: 0,
            comm,
            path: None,
            kthread: false,
            counters: Counters::default(),
            faults: [0; 7],
            unknown_syscalls: 0,
            switches_in: 0,
            voluntary: 0,
            involuntary: 0,
            run_ns: 0,
            state: 'R',
            reason_out: None,
            created_ns: now,
            exited: None,
            pending_out: None,
            syscall: None,
            syscall_cut: None,
        }
    }

    /// The kernel's view: minor faults (all kinds but file_major) and major.
    pub fn minor_major(&self) -> (u64, u64) {
        let major = self.faults[FaultKind::FileMajor as usize - 1];
        (self.faults.iter().sum::<u64>() - major, major)
    }

    /// The task id (None for an address space).
    pub fn tid(&self) -> Option<Pid> {
        match self.subject {
            Subject::Task { tid } => Some(tid),
            Subject::AddressSpace { .. } => None,
        }
    }
}

/// Whose rows: address spaces until a kernel says hello, then tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    AddressSpaces,
    Tasks,
}

/// The slice open on the one current row.
#[derive(Clone, Copy, Debug)]
struct OpenSlice {
    start: Ns,
    reason_in: Option<Reason>,
    idle: bool,
}

/// Rows are never freed; a guest sending more task announcements than
/// this gets them dropped.
const MAX_ROWS: usize = 1 << 20;

/// The name of pid 0's row, as Linux names its idle task.
pub const KERNEL_COMM: &str = "swapper/0";

/// A context switch as Linux's `sched_switch` sees it: the CPU goes from
/// one task (or idle, pid 0) to another, with both tasks' switch counts
/// right after it (as the kernel counts them: `/proc/PID/sched`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwitchRecord {
    pub prev: SwitchSide,
    pub next: SwitchSide,
    /// The state prev left in and why (None when prev is idle).
    pub prev_state: Option<(char, Reason)>,
}

/// One side of a [`SwitchRecord`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwitchSide {
    pub pid: Pid,
    pub comm: String,
    /// Voluntary and involuntary switches so far.
    pub voluntary: u64,
    pub involuntary: u64,
}

/// What the tracker learnt from one run.
#[derive(Clone)]
pub struct Tracker {
    pub mode: Mode,
    /// The debugger watches every change between blocks
    /// (`Cpu::watched`), whatever the mode (`watch_everything`).
    watch_all: bool,
    pub rows: Vec<TaskRow>,
    by_subject: HashMap<Subject, usize>,
    /// The row being charged.
    current: usize,
    /// The machine's counters and guest time when `current` began.
    since: Counters,
    since_ns: Ns,
    open: OpenSlice,
    /// The task that ran last, and whether the hart idled since.
    last_task: Option<usize>,
    went_idle: bool,
    /// `satp` as last seen (address-space mode).
    satp: u64,
    /// Where the trace's per-block checks left off.
    watch: Watch,
    pub timeline: Option<Timeline>,
    /// TLB misses and lookups at the last miss-rate sample.
    miss_sample: (u64, u64, u64),
    insns_per_tick: u64,
    realtime: bool,
    /// Events taken from the device, and those refused.
    pub events: u64,
    pub dropped: u64,
    /// The row the CPU went to last (None: idle, or nothing yet), and the
    /// context switches between rows since `take_switches`, if kept
    /// (`keep_switches`: a debugger's `catch switch`).
    on_cpu: Option<usize>,
    switches: Option<Vec<SwitchRecord>>,
    /// The timeline's tracks as they were before the kernel's hello moved
    /// them all to pid 0's row (event index, track), for a debugger going
    /// back to before it.
    tracks_before_hello: Vec<(usize, Option<usize>)>,
}

/// The tracker at one moment, for a debugger's snapshots (see
/// [`Tracker::snapshot`]).
#[derive(Clone)]
pub struct TrackerSnapshot {
    tracker: Box<Tracker>,
    timeline: Option<TimelineAt>,
}

/// How long the timeline was (events are only appended; the kernel's
/// hello changes the tracks of those before it, which
/// `tracks_before_hello` keeps).
#[derive(Clone, Copy)]
struct TimelineAt(usize);

/// What the trace's per-block checks compare against.
#[derive(Clone, Copy, Debug, Default)]
struct Watch {
    user: bool,
    ecalls: u64,
    page_faults: [u64; 3],
    flushes: [u64; 4],
}

impl Watch {
    /// Whether `cpu`'s counters are still these (field by field, without
    /// building a copy: this runs after every block).
    #[inline]
    fn unchanged(&self, cpu: &Cpu) -> bool {
        let m = &cpu.mmu.counters;
        let e = &cpu.stats.exceptions;
        self.ecalls == e[8]
            && self.user == (cpu.prv == Privilege::User)
            && self.page_faults[0] == e[12]
            && self.page_faults[1] == e[13]
            && self.page_faults[2] == e[15]
            && self.flushes[0] == m.flush_all
            && self.flushes[1] == m.flush_asid
            && self.flushes[2] == m.flush_addr
            && self.flushes[3] == m.flush_addr_asid
    }

    fn of(cpu: &Cpu) -> Watch {
        let m = &cpu.mmu.counters;
        let e = &cpu.stats.exceptions;
        Watch {
            user: cpu.prv == Privilege::User,
            ecalls: e[8],
            page_faults: [e[12], e[13], e[15]],
            flushes: [m.flush_all, m.flush_asid, m.flush_addr, m.flush_addr_asid],
        }
    }
}

const FLUSH_SCOPES: [&str; 4] = ["all", "asid", "addr", "addr+asid"];

impl Tracker {
    /// A tracker for a machine that has not run yet (all counters 0);
    /// `trace`: also keep a timeline. Turns the introspection device on.
    pub fn new(cpu: &mut Cpu, trace: bool, insns_per_tick: u64) -> Tracker {
        cpu.bus.introspect.listening = true;
        // Rows by address space until the kernel says hello (`on_hello`);
        // a trace records user/kernel state and flushes as they happen.
        cpu.watched = Watched {
            satp: true,
            privilege: trace,
            flush: trace,
        };
        let satp = cpu.csr.satp;
        let mut t = Tracker {
            mode: Mode::AddressSpaces,
            watch_all: false,
            rows: Vec::new(),
            by_subject: HashMap::new(),
            current: 0,
            since: Counters::sample(cpu),
            since_ns: 0,
            open: OpenSlice {
                start: 0,
                reason_in: None,
                idle: false,
            },
            last_task: None,
            went_idle: false,
            satp,
            watch: Watch::of(cpu),
            timeline: trace.then(Timeline::default),
            miss_sample: (0, 0, 0),
            insns_per_tick: insns_per_tick.max(1),
            realtime: cpu.clock.is_realtime(),
            events: 0,
            dropped: 0,
            on_cpu: None,
            switches: None,
            tracks_before_hello: Vec::new(),
        };
        t.since_ns = t.now(cpu);
        t.open.start = t.since_ns;
        t.current = t.row(Subject::AddressSpace { satp }, t.since_ns);
        t
    }

    /// Keep the context switches for [`Tracker::take_switches`].
    /// Every change of translation, privilege and flush ends a block, so
    /// that a debugger sees it at its instruction (`Cpu::watched`).
    pub fn watch_everything(&mut self, cpu: &mut Cpu) {
        self.watch_all = true;
        cpu.watched = Watched::ALL;
    }

    pub fn keep_switches(&mut self) {
        self.switches.get_or_insert_with(Vec::new);
    }

    /// The context switches since the last call (kept only after
    /// `keep_switches`).
    pub fn take_switches(&mut self) -> Vec<SwitchRecord> {
        self.switches
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The row being charged now (the task on the CPU, or pid 0's).
    pub fn current_row(&self) -> Option<&TaskRow> {
        self.rows.get(self.current)
    }

    /// The newest row of each task, in the order the kernel announced them
    /// (a pid used again shows its new task).
    pub fn live_rows(&self) -> Vec<(usize, &TaskRow)> {
        let mut rows: Vec<(usize, &TaskRow)> = self
            .by_subject
            .values()
            .map(|&i| (i, &self.rows[i]))
            .collect();
        rows.sort_by_key(|&(i, _)| i);
        rows
    }

    /// The index of the row being charged.
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The tracker as it is now, to put back with [`Tracker::restore`]
    /// (a debugger's snapshot). The timeline is not copied: only its
    /// length is kept (see [`TimelineAt`]).
    pub fn snapshot(&mut self) -> TrackerSnapshot {
        let tl = self.timeline.take();
        let tracks = std::mem::take(&mut self.tracks_before_hello);
        let tracker = Box::new(self.clone());
        self.tracks_before_hello = tracks;
        let timeline = tl.as_ref().map(|t| TimelineAt(t.events.len()));
        self.timeline = tl;
        TrackerSnapshot { tracker, timeline }
    }

    /// Put back the tracker of `snap` (taken earlier in this run: the
    /// timeline now extends the one it had).
    pub fn restore(&mut self, snap: &TrackerSnapshot) {
        let live = self.timeline.take();
        let mut t = (*snap.tracker).clone();
        let hello_undone = self.mode == Mode::Tasks && t.mode == Mode::AddressSpaces;
        t.tracks_before_hello = if hello_undone {
            Vec::new()
        } else {
            std::mem::take(&mut self.tracks_before_hello)
        };
        t.timeline = match (snap.timeline, live) {
            (Some(TimelineAt(n)), Some(mut l)) => {
                l.truncate(n);
                if hello_undone {
                    for &(i, track) in &self.tracks_before_hello {
                        if let Some(e) = l.events.get_mut(i) {
                            set_track(e, track);
                        }
                    }
                }
                Some(l)
            }
            _ => None,
        };
        // Switches not taken yet belong to the future that is undone.
        if t.switches.is_some() {
            t.switches = Some(Vec::new());
        }
        *self = t;
    }

    /// Guest time in ns: `mtime` (100 ns) plus the cycles into the tick.
    pub fn now(&self, cpu: &Cpu) -> Ns {
        let ns_per_tick = 1_000_000_000 / TIMEBASE_HZ;
        let base = cpu.clock.mtime(cpu.instret).wrapping_mul(ns_per_tick);
        if self.realtime {
            return base;
        }
        let into = cpu.clock.cycles(cpu.instret) % self.insns_per_tick;
        base + into * ns_per_tick / self.insns_per_tick
    }

    /// The row of `subject`, created if new.
    fn row(&mut self, subject: Subject, now: Ns) -> usize {
        if let Some(&i) = self.by_subject.get(&subject) {
            return i;
        }
        let comm = match subject {
            Subject::Task { tid: 0 } => KERNEL_COMM.to_string(),
            Subject::Task { tid } => format!("<pid {tid}>"),
            Subject::AddressSpace { satp } => address_space_name(satp),
        };
        self.rows.push(TaskRow::new(subject, comm, now));
        let i = self.rows.len() - 1;
        if let Subject::Task { tid } = subject {
            self.rows[i].tgid = tid;
        }
        self.by_subject.insert(subject, i);
        i
    }

    fn task(&mut self, tid: Pid, now: Ns) -> usize {
        self.row(Subject::Task { tid }, now)
    }

    /// Charge the machine's counters since the last charge to the current
    /// row, and make `next` current.
    fn charge_and_switch(&mut self, now_c: &Counters, now: Ns, next: usize) {
        let r = &mut self.rows[self.current];
        r.counters.add_delta(now_c, &self.since);
        r.run_ns += now.saturating_sub(self.since_ns);
        self.since = *now_c;
        self.since_ns = now;
        if next != self.current {
            self.end_syscall(self.current, now);
            self.current = next;
            self.resume_syscall(next, now);
        }
    }

    /// End the current row's slice at `now` (`out`: why and in which state
    /// it leaves) and open the next one at `now`: callers then make its row
    /// current. Exactly one slice is open at any time, so the slices never
    /// overlap and cover the run.
    fn next_slice(&mut self, now: Ns, out: Option<(Reason, char)>, reason_in: Option<Reason>) {
        let track = self.current;
        if let Some(tl) = self.timeline.as_mut().filter(|_| now > self.open.start) {
            let kind = if self.open.idle {
                SliceKind::Idle
            } else {
                SliceKind::Running {
                    reason_in: self.open.reason_in,
                    reason_out: out.map(|(r, _)| r),
                    state_out: out.map_or('-', |(_, s)| s),
                }
            };
            tl.slice(track, self.open.start, now, kind);
        }
        self.open = OpenSlice {
            start: now,
            reason_in,
            idle: false,
        };
    }

    /// Close row `row`'s open system call slice (if any) at `now`. It
    /// resumes when the row is current again, unless the caller says it
    /// returned (clears `syscall_cut`).
    fn end_syscall(&mut self, row: usize, now: Ns) {
        let r = &mut self.rows[row];
        if let Some((nr, start, resumed)) = r.syscall.take() {
            r.syscall_cut = Some(nr);
            if let Some(tl) = self.timeline.as_mut() {
                tl.slice(row, start, now, SliceKind::Syscall { nr, resumed });
            }
        }
    }

    fn resume_syscall(&mut self, row: usize, now: Ns) {
        let r = &mut self.rows[row];
        if let Some(nr) = r.syscall_cut.take() {
            r.syscall = Some((nr, now, true));
        }
    }

    /// After every block of the execute loop (and before the first).
    #[inline]
    pub fn after_block(&mut self, cpu: &mut Cpu) {
        if cpu.bus.introspect.has_pending() {
            for raw in cpu.bus.introspect.take() {
                self.on_raw(&raw, cpu);
            }
        }
        if self.mode == Mode::AddressSpaces && cpu.csr.satp != self.satp {
            self.on_satp(cpu);
        }
        // (Most blocks end with nothing for the trace to record.)
        if self.timeline.is_some() && !self.watch.unchanged(cpu) {
            self.watch(cpu);
        }
    }

    fn on_raw(&mut self, raw: &RawEvent, cpu: &mut Cpu) {
        match event::decode(raw, &cpu.bus.mem) {
            Ok(ev) if self.rows.len() < MAX_ROWS => {
                self.events += 1;
                self.on_event(ev, cpu);
                if self.mode == Mode::Tasks && !self.watch_all {
                    // Rows are tasks now: a `satp` write changes none.
                    cpu.watched.satp = false;
                }
            }
            Ok(_) => self.refuse(cpu, "too many tasks"),
            Err(e) => self.refuse(cpu, &format!("{e:?}")),
        }
    }

    fn refuse(&mut self, cpu: &mut Cpu, why: &str) {
        log::debug!("introspection event dropped: {why}");
        self.dropped += 1;
        cpu.bus.introspect.dropped += 1;
    }

    fn on_satp(&mut self, cpu: &Cpu) {
        let satp = cpu.csr.satp;
        self.satp = satp;
        let now = self.now(cpu);
        let c = Counters::sample(cpu);
        let next = self.row(Subject::AddressSpace { satp }, now);
        if next == self.current {
            return;
        }
        self.next_slice(now, None, None);
        self.charge_and_switch(&c, now, next);
        self.sample_miss_rate(&c, now);
    }

    fn on_event(&mut self, ev: GuestEvent, cpu: &mut Cpu) {
        let now = self.now(cpu);
        if self.mode == Mode::AddressSpaces {
            // A kernel that names tasks without saying hello first.
            self.on_hello(cpu, now);
        }
        match ev {
            GuestEvent::Hello { .. } => self.on_hello(cpu, now),
            GuestEvent::TaskNew {
                pid,
                tgid,
                ppid,
                comm,
                kthread,
            } => {
                let subject = Subject::Task { tid: pid };
                // A pid used again starts a new row (the old one stays).
                if self
                    .by_subject
                    .get(&subject)
                    .is_some_and(|&i| self.rows[i].exited.is_some())
                {
                    self.by_subject.remove(&subject);
                }
                let i = self.row(subject, now);
                let r = &mut self.rows[i];
                (r.tgid, r.ppid, r.comm, r.kthread) = (tgid, ppid, comm, kthread);
                r.state = 'R';
            }
            GuestEvent::Exec { pid, comm, path } => {
                let i = self.task(pid, now);
                let r = &mut self.rows[i];
                r.comm = comm.clone();
                r.path = Some(path.clone());
                if let Some(tl) = self.timeline.as_mut() {
                    let exec = timeline::ExecInfo { comm, path };
                    tl.instant(i, now, Instant::Exec(Box::new(exec)));
                }
            }
            GuestEvent::Exit { pid, status } => {
                let i = self.task(pid, now);
                self.rows[i].exited = Some((now, status));
                self.rows[i].state = 'Z';
                if let Some(tl) = self.timeline.as_mut() {
                    tl.instant(i, now, Instant::Exit { status });
                }
            }
            GuestEvent::Switch {
                prev,
                next,
                state,
                reason,
                vruntime,
                rss_pages,
            } => self.on_switch(cpu, now, prev, next, state, reason, vruntime, rss_pages),
            GuestEvent::UnknownSyscall { pid, nr: _ } => {
                let i = self.task(pid, now);
                self.rows[i].unknown_syscalls += 1;
            }
            GuestEvent::Fault { kind, addr, access } => {
                self.rows[self.current].faults[kind as usize - 1] += 1;
                if let Some(tl) = self.timeline.as_mut() {
                    tl.instant(self.current, now, Instant::Fault { kind, addr, access });
                }
            }
        }
    }

    /// A kernel with the device: from now on rows are tasks. What ran
    /// before (address spaces: boot) becomes pid 0's.
    fn on_hello(&mut self, cpu: &Cpu, now: Ns) {
        if self.mode == Mode::Tasks {
            return;
        }
        let c = Counters::sample(cpu);
        self.charge_and_switch(&c, now, self.current);
        self.next_slice(now, None, None);
        let mut kernel = TaskRow::new(Subject::Task { tid: 0 }, KERNEL_COMM.to_string(), 0);
        for r in &self.rows {
            kernel.counters.add(&r.counters);
            kernel.run_ns += r.run_ns;
            for (k, n) in kernel.faults.iter_mut().zip(r.faults) {
                *k += n;
            }
        }
        self.rows = vec![kernel];
        self.by_subject.clear();
        self.by_subject.insert(Subject::Task { tid: 0 }, 0);
        self.current = 0;
        self.mode = Mode::Tasks;
        if let Some(tl) = self.timeline.as_mut() {
            self.tracks_before_hello.clear();
            for (i, e) in tl.events.iter_mut().enumerate() {
                match e {
                    timeline::Event::Slice { track, .. }
                    | timeline::Event::Instant { track, .. }
                    | timeline::Event::Counter {
                        track: Some(track), ..
                    } => {
                        self.tracks_before_hello.push((i, Some(*track)));
                        *track = 0;
                    }
                    _ => {}
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn on_switch(
        &mut self,
        cpu: &Cpu,
        now: Ns,
        prev: Pid,
        next: Pid,
        state: char,
        reason: Reason,
        vruntime: u64,
        rss_pages: u64,
    ) {
        let c = Counters::sample(cpu);
        let kernel = self.task(0, now);
        if prev != 0 {
            // A task leaves the CPU (for the scheduler, or for `next`).
            let p = self.task(prev, now);
            self.rows[p].pending_out = Some(state != 'R');
            self.rows[p].state = state;
            self.rows[p].reason_out = Some(reason);
            self.task_counters(p, now, None, rss_pages);
            self.next_slice(now, Some((reason, state)), None);
            self.charge_and_switch(&c, now, kernel);
        }
        if prev == 0 || next != 0 {
            // The scheduler moves on: to `next`, or to idle (next 0).
            let n = self.task(next, now);
            let different = next != 0 && (Some(n) != self.last_task || self.went_idle);
            let moved_on = next == 0 || Some(n) != self.last_task;
            if let Some(l) = self.last_task.filter(|_| moved_on) {
                match self.rows[l].pending_out.take() {
                    Some(true) => self.rows[l].voluntary += 1,
                    Some(false) => self.rows[l].involuntary += 1,
                    None => {}
                }
            }
            if different {
                self.rows[n].switches_in += 1;
            }
            if next != 0 {
                self.rows[n].pending_out = None;
                self.rows[n].state = 'R';
            }
            let to = (next != 0).then_some(n);
            if to != self.on_cpu {
                self.record_switch(self.on_cpu, to);
                self.on_cpu = to;
            }
            let in_reason = if next == 0 { None } else { Some(reason) };
            if !(next == 0 && self.open.idle) {
                self.next_slice(now, None, in_reason);
            }
            if next == 0 {
                self.open.idle = true;
                self.went_idle = true;
            } else {
                self.last_task = Some(n);
                self.went_idle = false;
                self.task_counters(n, now, Some(vruntime), rss_pages);
            }
            self.charge_and_switch(&c, now, n);
        }
        self.sample_miss_rate(&c, now);
    }

    /// Note a context switch from row `from` to row `to` (None: idle).
    fn record_switch(&mut self, from: Option<usize>, to: Option<usize>) {
        if self.switches.is_none() {
            return;
        }
        let side = |i: Option<usize>| match i.map(|i| &self.rows[i]) {
            Some(r) => SwitchSide {
                pid: r.tid().unwrap_or(0),
                comm: r.comm.clone(),
                voluntary: r.voluntary,
                involuntary: r.involuntary,
            },
            None => SwitchSide {
                pid: 0,
                comm: KERNEL_COMM.to_string(),
                voluntary: 0,
                involuntary: 0,
            },
        };
        let prev_state = from
            .map(|i| &self.rows[i])
            .and_then(|r| r.reason_out.map(|why| (r.state, why)));
        let rec = SwitchRecord {
            prev: side(from),
            next: side(to),
            prev_state,
        };
        if let Some(v) = self.switches.as_mut() {
            v.push(rec);
        }
    }

    /// The kernel's numbers for task row `i` as counter tracks: RSS at
    /// every switch, vruntime when the task gets the CPU (the kernel sends
    /// it as of its last update: exact at switch-in, since it only grows
    /// while the task runs).
    fn task_counters(&mut self, i: usize, now: Ns, vruntime: Option<u64>, rss_pages: u64) {
        if let Some(tl) = self.timeline.as_mut() {
            if let Some(v) = vruntime {
                tl.counter(Some(i), now, CounterKind::Vruntime, v as f64);
            }
            tl.counter(Some(i), now, CounterKind::RssKb, (rss_pages * 4) as f64);
        }
    }

    /// The machine's TLB miss rate since the previous sample.
    fn sample_miss_rate(&mut self, c: &Counters, now: Ns) {
        let Some(tl) = self.timeline.as_mut() else {
            return;
        };
        let (misses, lookups) = c.tlb_misses();
        let (m0, l0, i0) = self.miss_sample;
        if lookups > l0 {
            let rate = 100.0 * (misses - m0) as f64 / (lookups - l0) as f64;
            tl.counter(None, now, CounterKind::TlbMissRate, rate);
            if c.instret > i0 {
                let per_k = 1000.0 * (misses - m0) as f64 / (c.instret - i0) as f64;
                tl.counter(None, now, CounterKind::TlbMissesPerKInsns, per_k);
            }
            self.miss_sample = (misses, lookups, c.instret);
        }
    }

    /// Trace only: system calls, page-fault traps and TLB flushes, seen
    /// as changes of the machine's counters since the previous block.
    #[cold]
    fn watch(&mut self, cpu: &Cpu) {
        let w = Watch::of(cpu);
        let before = self.watch;
        self.watch = w;
        let now = self.now(cpu);
        let cur = self.current;
        if w.ecalls != before.ecalls {
            // The ecall's trap ended the block: a7 is still the user's.
            let nr = cpu.x[17];
            self.end_syscall(cur, now);
            self.rows[cur].syscall_cut = None;
            self.rows[cur].syscall = Some((nr, now, false));
        }
        if w.user && !before.user {
            // Back in user mode: the open system call (if any) returned.
            self.end_syscall(cur, now);
            self.rows[cur].syscall_cut = None;
        }
        let tl = self.timeline.as_mut().unwrap();
        if self.mode == Mode::AddressSpaces {
            for (i, cause) in [12u64, 13, 15].into_iter().enumerate() {
                if w.page_faults[i] != before.page_faults[i] {
                    let addr = if cpu.prv == Privilege::Machine {
                        cpu.csr.mtval
                    } else {
                        cpu.csr.stval
                    };
                    tl.instant(cur, now, Instant::PageFaultTrap { cause, addr });
                }
            }
        }
        for (i, scope) in FLUSH_SCOPES.into_iter().enumerate() {
            if w.flushes[i] != before.flushes[i] {
                tl.instant(cur, now, Instant::TlbFlush { scope });
            }
        }
    }

    /// The run ended: charge the rest, close what is open.
    pub fn finish(&mut self, cpu: &Cpu) {
        let now = self.now(cpu);
        let c = Counters::sample(cpu);
        // (Most blocks end with nothing for the trace to record.)
        if self.timeline.is_some() && !self.watch.unchanged(cpu) {
            self.watch(cpu);
        }
        self.charge_and_switch(&c, now, self.current);
        self.end_syscall(self.current, now);
        self.next_slice(now, None, None);
        if let Some(tl) = self.timeline.as_mut() {
            tl.end = now;
        }
    }

    /// The sum of every row (equal to the machine's counters).
    pub fn total(&self) -> Counters {
        let mut t = Counters::default();
        for r in &self.rows {
            t.add(&r.counters);
        }
        t
    }
}

/// Put an event back on `track` (see `Tracker::tracks_before_hello`).
fn set_track(e: &mut timeline::Event, to: Option<usize>) {
    match (e, to) {
        (timeline::Event::Slice { track, .. }, Some(t))
        | (timeline::Event::Instant { track, .. }, Some(t)) => *track = t,
        (timeline::Event::Counter { track, .. }, t) => *track = t,
        _ => {}
    }
}

/// "satp 0 (bare)", "asid 3 root 0x80123000".
pub fn address_space_name(satp: u64) -> String {
    let s = vitrine_mmu::Satp(satp);
    if !s.is_sv39() {
        return format!("satp {satp:#x} (bare)");
    }
    format!(
        "asid {} root {:#x}",
        s.asid(),
        (satp & ((1 << 44) - 1)) << 12
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::{Bus, Device};
    use crate::clock::Clock;
    use crate::devices::introspect::*;
    use crate::devices::uart::Uart16550;
    use crate::memory::{Memory, RAM_BASE};

    fn cpu() -> Cpu {
        let bus = Bus::new(
            Memory::new(1 << 20),
            Uart16550::new(Box::new(std::io::sink())),
        );
        let tlb = vitrine_mmu::TlbConfig {
            entries: 16,
            ways: 4,
        };
        Cpu::new(bus, tlb, Clock::deterministic(10))
    }

    /// The guest sends event `code` after running `insns` instructions.
    fn send(t: &mut Tracker, cpu: &mut Cpu, insns: u64, code: u64, args: &[u64]) {
        cpu.instret += insns;
        for (i, &a) in args.iter().enumerate() {
            cpu.bus
                .introspect
                .write(REG_ARG0 + 8 * i as u64, 8, a)
                .unwrap();
        }
        cpu.bus.introspect.write(REG_EVENT, 8, code).unwrap();
        t.after_block(cpu);
    }

    fn task_new(t: &mut Tracker, cpu: &mut Cpu, pid: u64, name: &str) {
        let at = RAM_BASE + 0x100 * pid;
        cpu.bus.mem.write_bytes(at, name.as_bytes()).unwrap();
        send(
            t,
            cpu,
            1,
            EV_TASK_NEW,
            &[pid, pid, 1, at, name.len() as u64, 0],
        );
    }

    fn switch(
        t: &mut Tracker,
        cpu: &mut Cpu,
        insns: u64,
        prev: u64,
        next: u64,
        state: u8,
        r: Reason,
    ) {
        send(
            t,
            cpu,
            insns,
            EV_SWITCH,
            &[prev, next, state as u64, r as u64, 0, 0],
        );
    }

    fn row(t: &Tracker, tid: Pid) -> &TaskRow {
        t.rows.iter().rfind(|r| r.tid() == Some(tid)).unwrap()
    }

    /// Context switches are counted as the kernel counts them: when the
    /// hart goes to a different task or to idle; a task picked again
    /// after it yielded with nobody else to run did not switch.
    #[test]
    fn switches_counted_like_the_kernel_and_time_charged_to_the_runner() {
        let mut c = cpu();
        let mut t = Tracker::new(&mut c, true, 10);
        send(&mut t, &mut c, 50, EV_HELLO, &[1]);
        task_new(&mut t, &mut c, 1, "init");
        task_new(&mut t, &mut c, 2, "sh");
        switch(&mut t, &mut c, 10, 0, 1, b'R', Reason::Pick);
        switch(&mut t, &mut c, 100, 1, 0, b'R', Reason::Yield); // alone: picked again
        switch(&mut t, &mut c, 10, 0, 1, b'R', Reason::Pick);
        switch(&mut t, &mut c, 200, 1, 0, b'S', Reason::Sleep);
        switch(&mut t, &mut c, 10, 0, 0, b'R', Reason::Idle);
        switch(&mut t, &mut c, 1000, 0, 1, b'R', Reason::Pick); // woken: no switch
        switch(&mut t, &mut c, 300, 1, 0, b'R', Reason::Tick);
        switch(&mut t, &mut c, 10, 0, 2, b'R', Reason::Pick);
        switch(&mut t, &mut c, 400, 2, 0, b'Z', Reason::Exit);
        switch(&mut t, &mut c, 10, 0, 1, b'R', Reason::Pick);
        c.instret += 5;
        t.finish(&c);
        let (init, sh) = (row(&t, 1), row(&t, 2));
        assert_eq!(
            (init.voluntary, init.involuntary, init.switches_in),
            (1, 1, 3)
        );
        assert_eq!((sh.voluntary, sh.involuntary, sh.switches_in), (1, 0, 1));
        // Instructions between a task's SWITCH in and out are its own.
        assert_eq!(init.counters.instret, 100 + 200 + 300 + 5);
        assert_eq!(sh.counters.instret, 400);
        assert_eq!(init.run_ns, (100 + 200 + 300 + 5) * 10);
        assert_eq!(t.total().instret, c.instret);
        assert_eq!(t.dropped, 0);
        // The running slices tile the run.
        let tl = t.timeline.as_ref().unwrap();
        let mut slices: Vec<(Ns, Ns)> = tl
            .events
            .iter()
            .filter_map(|e| match e {
                timeline::Event::Slice {
                    start,
                    end,
                    kind: SliceKind::Running { .. } | SliceKind::Idle,
                    ..
                } => Some((*start, *end)),
                _ => None,
            })
            .collect();
        slices.sort();
        assert_eq!(slices[0].0, 0);
        assert!(slices.windows(2).all(|w| w[0].1 == w[1].0), "{slices:?}");
        assert_eq!(slices.last().unwrap().1, tl.end);
    }

    /// What a debugger compares: the rows and the timeline.
    fn state(t: &Tracker) -> String {
        format!(
            "{:?} {:?} {:?}",
            t.mode,
            t.rows,
            t.timeline.as_ref().unwrap().events
        )
    }

    /// Going back to a snapshot (after the kernel's hello, or before it)
    /// gives the tracker exactly as it was, and running the same events
    /// again gives the same result as running them once.
    #[test]
    fn a_snapshot_puts_the_tracker_back_before_and_after_hello() {
        let mut c = cpu();
        let mut t = Tracker::new(&mut c, true, 10);
        t.keep_switches();
        c.instret += 20;
        c.csr.satp = 8 << 60 | 1 << 44 | 0x80123;
        t.after_block(&mut c);
        c.instret += 20;
        c.csr.satp = 0;
        t.after_block(&mut c);
        let before_hello = (t.snapshot(), state(&t));
        let run = |t: &mut Tracker, c: &mut Cpu| {
            send(t, c, 50, EV_HELLO, &[1]);
            task_new(t, c, 1, "init");
            task_new(t, c, 2, "sh");
            switch(t, c, 10, 0, 1, b'R', Reason::Pick);
        };
        let more = |t: &mut Tracker, c: &mut Cpu| {
            switch(t, c, 300, 1, 0, b'R', Reason::Tick);
            switch(t, c, 10, 0, 2, b'R', Reason::Pick);
            switch(t, c, 400, 2, 0, b'S', Reason::Sleep);
        };
        run(&mut t, &mut c);
        let after_hello = (t.snapshot(), state(&t), c.instret);
        more(&mut t, &mut c);
        let end = state(&t);
        let switches = t.take_switches();
        // (sh's sleep is a switch once the scheduler moves on: not yet.)
        assert_eq!(switches.len(), 2, "{switches:?}");
        assert_eq!(switches[0].prev.pid, 0);
        assert_eq!(switches[1].prev.pid, 1);
        assert_eq!(switches[1].prev.involuntary, 1);
        assert_eq!(switches[1].next.pid, 2);
        // Back to after the hello, and the same events again.
        t.restore(&after_hello.0);
        assert_eq!(state(&t), after_hello.1);
        c.instret = after_hello.2;
        more(&mut t, &mut c);
        assert_eq!(state(&t), end);
        // Back to before it: the tracks the hello moved come back.
        t.restore(&before_hello.0);
        assert_eq!(state(&t), before_hello.1);
    }

    #[test]
    fn a_reused_pid_gets_a_new_row() {
        let mut c = cpu();
        let mut t = Tracker::new(&mut c, false, 10);
        task_new(&mut t, &mut c, 7, "a");
        send(&mut t, &mut c, 1, EV_EXIT, &[7, 0]);
        task_new(&mut t, &mut c, 7, "b");
        let sevens: Vec<&str> = t
            .rows
            .iter()
            .filter(|r| r.tid() == Some(7))
            .map(|r| r.comm.as_str())
            .collect();
        assert_eq!(sevens, ["a", "b"]);
        assert_eq!(t.mode, Mode::Tasks, "a task announcement says hello");
    }
}
