//! CFS, the Completely Fair Scheduler, as Linux's kernel/sched/fair.c has
//! it for one CPU: every runnable task should get a share of the CPU
//! proportional to its weight, and the scheduler always runs the task that
//! has had the least *virtual* runtime so far.
//!
//! - A task's weight comes from its nice value through Linux's
//!   `sched_prio_to_weight` table (nice 0 = 1024; each step is ~1.25x, so
//!   one nice level is ~10 % of CPU between two tasks).
//! - Running for delta_exec nanoseconds advances a task's vruntime by
//!   delta_exec x 1024 / weight: heavy tasks age slowly, light ones fast.
//! - The run queue is ordered by vruntime. Linux uses a red-black tree; we
//!   use `BTreeSet<(vruntime, pid)>`, a B-tree with the same ordering and
//!   the same O(log n) insert/remove and O(log n) leftmost lookup, because
//!   it is in `alloc` and needs no unsafe intrusive links. (The pid breaks
//!   ties, as insertion order does in Linux's tree.)
//! - `min_vruntime` only moves forward; it anchors where new and waking
//!   tasks are placed.
//! - The period is sched_latency (6 ms) for up to sched_nr_latency (8)
//!   tasks, nr_running x min_granularity (0.75 ms) beyond; a task's slice is
//!   its weighted part of the period. The tick preempts a task whose slice
//!   is used up; a waking task preempts the current one if its vruntime is
//!   smaller by more than the wakeup granularity (1 ms, scaled).
//! - Placement: a new task starts at min_vruntime plus one slice (START_DEBIT,
//!   so forking cannot be used to jump the queue); a waking sleeper at no
//!   less than min_vruntime - latency/2 (GENTLE_FAIR_SLEEPERS: a short
//!   sleeper keeps its place, a long one does not get unbounded credit).
//!
//! The running task (`curr`) is not in the tree, as in Linux.

use crate::klib::global::Global;
use crate::klib::sysctl;
use crate::proc::Pid;
use alloc::collections::BTreeSet;

/// Linux's sched_prio_to_weight[], nice -20 .. 19.
pub const PRIO_TO_WEIGHT: [u32; 40] = [
    88761, 71755, 56483, 46273, 36291, // -20 .. -16
    29154, 23254, 18705, 14949, 11916, // -15 .. -11
    9548, 7620, 6100, 4904, 3906, // -10 .. -6
    3121, 2501, 1991, 1586, 1277, // -5 .. -1
    1024, 820, 655, 526, 423, // 0 .. 4
    335, 272, 215, 172, 137, // 5 .. 9
    110, 87, 70, 56, 45, // 10 .. 14
    36, 29, 23, 18, 15, // 15 .. 19
];

/// The weight of nice 0.
pub const NICE_0_LOAD: u64 = 1024;

/// The weight of nice value `nice` (-20..=19).
pub fn weight_of(nice: i32) -> u32 {
    PRIO_TO_WEIGHT[(nice.clamp(-20, 19) + 20) as usize]
}

/// A task's scheduling state (Linux's sched_entity).
#[derive(Clone, Copy, Default)]
pub struct Entity {
    pub nice: i32,
    pub weight: u32,
    /// Virtual runtime, ns.
    pub vruntime: u64,
    /// CPU time so far, ns; and what it was when the task was last picked.
    pub sum_exec_runtime: u64,
    pub prev_sum_exec_runtime: u64,
    /// When the task last started running (ns), or last had its time counted.
    pub exec_start: u64,
    /// In the tree (runnable, not running).
    pub on_rq: bool,
    /// Times picked to run.
    pub nr_switches: u64,
}

impl Entity {
    pub fn new(nice: i32) -> Entity {
        Entity { nice, weight: weight_of(nice), ..Default::default() }
    }
}

struct RunQueue {
    tree: BTreeSet<(u64, Pid)>,
    min_vruntime: u64,
    /// Sum of the weights of the tasks in the tree.
    load: u64,
}

static RQ: Global<RunQueue> =
    Global::new(RunQueue { tree: BTreeSet::new(), min_vruntime: 0, load: 0 });

/// Tunables (ns), from /proc/sys/kernel.
fn latency() -> u64 {
    sysctl::SCHED_LATENCY_NS.get() as u64
}
fn min_granularity() -> u64 {
    sysctl::SCHED_MIN_GRANULARITY_NS.get() as u64
}
fn wakeup_granularity() -> u64 {
    sysctl::SCHED_WAKEUP_GRANULARITY_NS.get() as u64
}

/// delta x NICE_0_LOAD / weight: real time to virtual time.
pub fn calc_delta_fair(delta: u64, weight: u32) -> u64 {
    if weight as u64 == NICE_0_LOAD {
        return delta;
    }
    (delta as u128 * NICE_0_LOAD as u128 / weight.max(1) as u128) as u64
}

/// Runnable tasks: those in the tree plus the running one if `curr`.
pub fn nr_running(curr: bool) -> usize {
    RQ.get().tree.len() + curr as usize
}

/// The scheduling period for `nr` runnable tasks.
pub fn period(nr: usize) -> u64 {
    let nr_latency = (latency() / min_granularity().max(1)).max(1) as usize;
    if nr > nr_latency { nr as u64 * min_granularity() } else { latency() }
}

/// The slice of a task of weight `weight` (running or about to run, not
/// in the tree): its weighted part of the period.
pub fn slice(weight: u32) -> u64 {
    let rq = RQ.get();
    let load = rq.load + weight as u64;
    period(rq.tree.len() + 1) * weight as u64 / load.max(1)
}

/// Charge the running task for the time since its exec_start.
pub fn update_curr(se: &mut Entity, now: u64) {
    let delta = now.saturating_sub(se.exec_start);
    se.exec_start = now;
    se.sum_exec_runtime += delta;
    super::stats::get().exec_ns += delta;
    se.vruntime += calc_delta_fair(delta, se.weight);
    update_min_vruntime(Some(se.vruntime));
}

/// min_vruntime = max(itself, min(curr, leftmost)): never backwards.
fn update_min_vruntime(curr: Option<u64>) {
    let rq = RQ.get();
    let leftmost = rq.tree.first().map(|&(v, _)| v);
    let candidate = match (curr, leftmost) {
        (Some(c), Some(l)) => c.min(l),
        (Some(c), None) => c,
        (None, Some(l)) => l,
        (None, None) => return,
    };
    rq.min_vruntime = rq.min_vruntime.max(candidate);
}

/// Put task `pid` in the tree.
pub fn enqueue(pid: Pid, se: &mut Entity) {
    if se.on_rq {
        return;
    }
    let rq = RQ.get();
    rq.tree.insert((se.vruntime, pid));
    rq.load += se.weight as u64;
    se.on_rq = true;
}

/// Take task `pid` out of the tree (it is picked, or leaves).
pub fn dequeue(pid: Pid, se: &mut Entity) {
    if !se.on_rq {
        return;
    }
    let rq = RQ.get();
    rq.tree.remove(&(se.vruntime, pid));
    rq.load -= se.weight as u64;
    se.on_rq = false;
}

/// The task to run next (leftmost), skipping `skip` (a task that called
/// sched_yield) if another one is runnable.
pub fn pick_next(skip: Option<Pid>) -> Option<Pid> {
    let rq = RQ.get();
    let mut it = rq.tree.iter();
    let first = it.next()?.1;
    if Some(first) == skip {
        if let Some(&(_, second)) = it.next() {
            return Some(second);
        }
    }
    Some(first)
}

/// Where a task that becomes runnable goes in virtual time: a new task
/// (`initial`) one slice after min_vruntime; a sleeper no earlier than
/// half a latency before it.
pub fn place(se: &mut Entity, initial: bool) {
    let min = RQ.get().min_vruntime;
    if initial {
        se.vruntime = min + calc_delta_fair(slice(se.weight), se.weight);
    } else {
        se.vruntime = se.vruntime.max(min.saturating_sub(latency() / 2));
    }
}

/// The tick: should the running task `se` give up the CPU? (Its slice is
/// used up, or it is a slice ahead of the leftmost task.)
pub fn check_preempt_tick(se: &Entity) -> bool {
    let ideal = slice(se.weight);
    let ran = se.sum_exec_runtime - se.prev_sum_exec_runtime;
    if ran > ideal {
        return true;
    }
    if ran < min_granularity() {
        return false;
    }
    match RQ.get().tree.first() {
        Some(&(left, _)) => se.vruntime > left && se.vruntime - left > ideal,
        None => false,
    }
}

/// A task woke: does it preempt the running one? (Its vruntime is behind
/// by more than the wakeup granularity, converted to the waker's virtual
/// time.)
pub fn check_preempt_wakeup(curr: &Entity, woken: &Entity) -> bool {
    let gran = calc_delta_fair(wakeup_granularity(), woken.weight);
    curr.vruntime > woken.vruntime && curr.vruntime - woken.vruntime > gran
}
