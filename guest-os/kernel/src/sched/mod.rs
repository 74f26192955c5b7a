//! The scheduler, one hart: the policy is CFS (sched/cfs.rs); this file
//! is the mechanism: the scheduler loop, context switches, sleep/wakeup,
//! the tick and preemption.
//!
//! The scheduler loop runs on the boot stack with its own Context. To run
//! a process it switches to the process's kernel context (swtch); the
//! process comes back with sched() when it yields, sleeps or exits. The
//! timer tick (HZ a second, timer.rs) makes a running user process yield.
//! With nothing to run, the hart waits for an interrupt (wfi) and takes it
//! (interrupts on for that moment only): the clock wakes nanosleep's
//! sleepers, the console's receive interrupt wakes its readers.
//!
//! Every switch is also announced to the machine (dev/introspect.rs: a
//! task to the scheduler loop with the reason, the loop to the next task,
//! or to idle), which is how Vitrine charges its counters to tasks.
//!
//! Owns: the run queue (sched/cfs.rs picks the next task: `pick_next`),
//! the CPU and its statistics (sched/stats.rs). Calls: proc/ (task states),
//! dev/timer (the tick), dev/introspect (switch announcements), arch/ (wfi).

pub mod cfs;
pub mod stats;

use crate::dev::introspect::{self, Reason};
use crate::klib::global::Global;
use crate::proc::{self, Pid, Proc, State};
use crate::{arch::riscv, dev::timer};
use core::arch::global_asm;

/// Callee-saved registers of a kernel thread: what swtch saves.
#[repr(C)]
#[derive(Default)]
pub struct Context {
    pub ra: u64,
    pub sp: u64,
    pub s: [u64; 12],
}

struct Cpu {
    /// The scheduler loop's own context.
    context: Context,
    /// The process running now (null in the scheduler).
    current: *mut Proc,
    /// The running task should give up the CPU at its next chance (the
    /// tick found its slice used, or a woken task should run first).
    need_resched: bool,
    /// Who asked for it last: the tick (Tick) or a wakeup (Wakeup).
    resched_reason: Reason,
    /// The task that called sched_yield: not picked next if another can be.
    yielded: Option<Pid>,
}

static CPU: Global<Cpu> = Global::new(Cpu {
    context: Context { ra: 0, sp: 0, s: [0; 12] },
    current: core::ptr::null_mut(),
    need_resched: false,
    resched_reason: Reason::Tick,
    yielded: None,
});

unsafe extern "C" {
    /// Save the callee-saved registers in `old`, load them from `new`,
    /// and return on `new`'s stack to `new`'s ra.
    fn swtch(old: *mut Context, new: *const Context);
}

global_asm!(
    r#"
    .pushsection .text.swtch, "ax", @progbits
    .globl swtch
swtch:
    sd ra, 0(a0)
    sd sp, 8(a0)
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11
    sd s\i, (16 + 8 * \i)(a0)
    .endr
    ld ra, 0(a1)
    ld sp, 8(a1)
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11
    ld s\i, (16 + 8 * \i)(a1)
    .endr
    ret
    .popsection
"#
);

/// The running process, or null.
pub fn current() -> *mut Proc {
    CPU.get().current
}

/// The scheduler loop: never returns. Wakes sleepers whose time has come,
/// then runs the task CFS picks (the leftmost in virtual runtime) until it
/// gives the CPU back; a task still runnable then goes back in the tree.
pub fn scheduler() -> ! {
    let mut last: Pid = 0;
    let mut idle = false;
    loop {
        wake_sleepers();
        let next = cfs::pick_next(CPU.get().yielded.take());
        // The task that ran last switched out if another one runs now
        // (or nobody does): count that switch, voluntary or not.
        if next != Some(last) {
            if next.is_some() {
                stats::get().ctxt += 1;
            }
            if let Some(prev) = proc::get(last) {
                match prev.switch_pending.take() {
                    Some(true) => prev.nvcsw += 1,
                    Some(false) => prev.nivcsw += 1,
                    None => {}
                }
            }
        }
        match next {
            Some(pid) => {
                last = pid;
                let p = proc::get(pid).unwrap();
                cfs::dequeue(pid, &mut p.se);
                p.se.prev_sum_exec_runtime = p.se.sum_exec_runtime;
                // The clock read and the announcement, back to back as in
                // sched(): the run time the machine measures between them
                // is the sum_exec_runtime the kernel counts.
                let (vruntime, rss) = (p.se.vruntime, rss(p));
                let now = timer::now_ns();
                introspect::switch(0, pid, 'R', Reason::Pick, vruntime, rss);
                p.se.exec_start = now;
                idle = false;
                p.se.nr_switches += 1;
                p.switch_pending = None;
                p.state = State::Running;
                // HRTICK: a timer interrupt when its slice ends.
                let slice = timer::ns_to_ticks(cfs::slice(p.se.weight));
                timer::set_preempt_at(riscv::time() + slice.max(1));
                let cpu = CPU.get();
                cpu.current = p;
                cpu.need_resched = false;
                unsafe { swtch(&mut cpu.context, &p.context) };
                CPU.get().current = core::ptr::null_mut();
                match p.state {
                    State::Runnable => cfs::enqueue(pid, &mut p.se),
                    // An exited thread is off its kernel stack now: free it.
                    State::Dead => crate::proc::kthread::defer_release(pid),
                    _ => {}
                }
            }
            None => {
                if !idle {
                    introspect::switch(0, 0, 'R', Reason::Idle, 0, 0);
                    idle = true;
                }
                timer::set_preempt_at(u64::MAX);
                // Sleep with interrupts off, so that one arriving between
                // the scan above and wfi stays pending and ends the wfi at
                // once; then turn them on for a moment to take it (trap/mod.rs:
                // a tick, or a device interrupt that may wake a sleeper).
                let io = crate::dev::virtio_blk::in_flight().then(timer::now_ns);
                riscv::wfi();
                riscv::intr_on();
                riscv::intr_off();
                if let Some(t0) = io {
                    stats::get().iowait_ns += timer::now_ns().saturating_sub(t0);
                }
            }
        }
    }
}

/// Wake the timed sleepers whose time has come, and set the timer for the
/// earliest of the others.
fn wake_sleepers() {
    let now = riscv::time();
    let mut earliest = u64::MAX;
    for (_, p) in proc::table().iter_mut() {
        if matches!(p.state, State::Sleeping | State::DiskSleep | State::Idle) && p.wake_at != 0 {
            if now >= p.wake_at {
                wake(p);
            } else {
                earliest = earliest.min(p.wake_at);
            }
        }
    }
    timer::set_wake_at(earliest);
}

/// Task `p` becomes runnable: placed in virtual time (a sleeper gets
/// limited credit) and queued; if it should run before the current task
/// (wakeup preemption), the current task is asked to reschedule.
fn wake(p: &mut Proc) {
    p.state = State::Runnable;
    p.wake_at = 0;
    if p.se.on_rq || core::ptr::eq(p, current()) {
        return;
    }
    cfs::place(&mut p.se, false);
    cfs::enqueue(p.pid, &mut p.se);
    let cur = current();
    if !cur.is_null() {
        let cur = unsafe { &mut *cur };
        cfs::update_curr(&mut cur.se, timer::now_ns());
        if cfs::check_preempt_wakeup(&cur.se, &p.se) {
            request_resched(Reason::Wakeup);
        }
    }
}

/// A new task (fork/clone, or init) is ready: it starts a slice after
/// min_vruntime, so that forking does not jump the queue; with
/// kernel.sched_child_runs_first the parent swaps places with it if the
/// parent was ahead, and yields at once.
pub fn wake_up_new(p: &mut Proc) {
    cfs::place(&mut p.se, true);
    let cur = current();
    if !cur.is_null() {
        let parent = unsafe { &mut *cur };
        cfs::update_curr(&mut parent.se, timer::now_ns());
        if crate::klib::sysctl::SCHED_CHILD_RUNS_FIRST.get() != 0 {
            if parent.se.vruntime < p.se.vruntime {
                core::mem::swap(&mut parent.se.vruntime, &mut p.se.vruntime);
            }
            request_resched(Reason::Wakeup);
        }
    }
    p.state = State::Runnable;
    cfs::enqueue(p.pid, &mut p.se);
}

/// The timer tick (from trap/mod.rs): charge the running task; preempt it at
/// the next return to user mode if its slice is used up.
pub fn tick() {
    timer::tick();
    wake_sleepers();
    let active = cfs::nr_running(!current().is_null())
        + proc::table().values().filter(|p| p.state == State::DiskSleep).count();
    stats::update_load(timer::now_ns(), active);
    let cur = current();
    if cur.is_null() {
        return;
    }
    let p = unsafe { &mut *cur };
    cfs::update_curr(&mut p.se, timer::now_ns());
    if cfs::check_preempt_tick(&p.se) {
        request_resched(Reason::Tick);
    }
}

/// Ask the running task to give up the CPU at its next return to user
/// mode, because of `reason` (Tick or Wakeup).
fn request_resched(reason: Reason) {
    let cpu = CPU.get();
    cpu.need_resched = true;
    cpu.resched_reason = reason;
}

/// A task's resident pages (for the machine's timeline).
fn rss(p: &Proc) -> usize {
    p.aspace.rss_total()
}

/// Change task `p`'s nice value, and so its weight (re-queued if queued,
/// as Linux's reweight_entity does).
pub fn set_nice(p: &mut Proc, nice: i32) {
    let queued = p.se.on_rq;
    if queued {
        cfs::dequeue(p.pid, &mut p.se);
    }
    p.se.nice = nice;
    p.se.weight = cfs::weight_of(nice);
    if queued {
        cfs::enqueue(p.pid, &mut p.se);
    }
}

/// Whether the running task should yield now (and clear the request).
pub fn take_resched() -> bool {
    core::mem::take(&mut CPU.get().need_resched)
}

/// Preempt the running task: it goes back in the tree (involuntary).
pub fn preempt() {
    proc::current().state = State::Runnable;
    sched();
}

/// Give the hart back to the scheduler (the caller set its state).
pub fn sched() {
    let p = proc::current();
    p.switch_pending = Some(p.state != State::Runnable);
    let cpu = CPU.get();
    let reason = match p.state {
        State::Runnable if cpu.yielded == Some(p.pid) => Reason::Yield,
        State::Runnable => cpu.resched_reason,
        State::Zombie | State::Dead => Reason::Exit,
        State::Stopped => Reason::Stop,
        _ => Reason::Sleep,
    };
    // (vruntime as of the last update: the machine plots it at switch-in.)
    let (state, vruntime, rss) = (p.state.letter(), p.se.vruntime, rss(p));
    let now = timer::now_ns();
    introspect::switch(p.pid, 0, state, reason, vruntime, rss);
    cfs::update_curr(&mut p.se, now);
    unsafe { swtch(&mut p.context, &cpu.context) };
}

/// sched_yield: let others run first; come back when it is our turn again.
/// (CFS: the task keeps its vruntime but is skipped by the next pick if
/// anyone else is runnable, Linux's "skip buddy".)
pub fn yield_now() {
    let p = proc::current();
    CPU.get().yielded = Some(p.pid);
    p.state = State::Runnable;
    sched();
}

/// Sleep until wakeup(chan), or until mtime `wake_at` if non-zero.
pub fn sleep(chan: usize, wake_at: u64) {
    sleep_as(State::Sleeping, chan, wake_at);
}

/// Sleep until wakeup(chan), not interruptible by signals (state D, "disk
/// sleep"): for kernel paths that must finish first, such as a vfork
/// parent waiting for its child, or (later) waiting for the disk.
pub fn sleep_uninterruptible(chan: usize) {
    sleep_as(State::DiskSleep, chan, 0);
}

/// Sleep until wakeup(chan) with nothing to do (state I): a kernel
/// thread waiting for work.
pub fn sleep_idle(chan: usize) {
    sleep_as(State::Idle, chan, 0);
}

/// Sleep in state I until wakeup(chan) or mtime `wake_at`: a kernel
/// thread with periodic work (the kworker's write-back).
pub fn sleep_idle_until(chan: usize, wake_at: u64) {
    sleep_as(State::Idle, chan, wake_at);
}

fn sleep_as(state: State, chan: usize, wake_at: u64) {
    let p = proc::current();
    p.state = state;
    p.chan = chan;
    p.wake_at = wake_at;
    if wake_at != 0 {
        wake_sleepers(); // sets the timer for it if it is the earliest
    }
    sched();
    p.chan = 0;
}

/// Whether some process sleeps on `chan`.
pub fn sleeping_on(chan: usize) -> bool {
    proc::table().iter().any(|(_, p)| p.state == State::Sleeping && p.chan == chan)
}

/// Wake task `p` if it sleeps (interruptibly): a signal arrived for it.
/// Its sleep returns and the caller sees the pending signal (EINTR).
pub fn interrupt_sleep(p: &mut Proc) {
    if p.state == State::Sleeping {
        wake(p);
    }
}

/// Make every process sleeping on `chan` Runnable.
pub fn wakeup(chan: usize) {
    for (_, p) in proc::table().iter_mut() {
        if matches!(p.state, State::Sleeping | State::DiskSleep | State::Idle) && p.chan == chan {
            wake(p);
        }
    }
}

/// Make stopped task `p` runnable again (SIGCONT, SIGKILL: signal/).
pub fn resume(p: &mut Proc) {
    if p.state == State::Stopped {
        wake(p);
    }
}
