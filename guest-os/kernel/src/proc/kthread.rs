//! Kernel threads, and the deferred-work queue one of them serves.
//!
//! A kernel thread is a task that only ever runs kernel code: it has a
//! kernel stack and a context like any task, but no user address space of
//! its own (it borrows the empty one, as Linux's kthreads borrow init_mm),
//! no user registers to return to, and no signals. ps shows it with its
//! name in brackets, because it has no command line.
//!
//! `kworker/0:0` runs deferred work: things the scheduler must not do on
//! the spot. Today that is freeing exited threads (their kernel stack and
//! trap frame: the scheduler notices them right after switching away, and
//! hands them over), and, with a disk, the periodic write-back of dirty
//! pages and blocks. With nothing queued the worker sleeps in state I
//! ("idle": asleep, not woken by signals, not counted in the load), the
//! state Linux's idle kworkers show.

use crate::klib::global::Global;
use crate::proc::shared::Shared;
use crate::proc::{self, Pid, State};
use crate::sched;
use alloc::collections::VecDeque;

static QUEUE: Global<VecDeque<Pid>> = Global::new(VecDeque::new());
static WORKER: Global<Pid> = Global::new(0);

/// The channel the worker sleeps on.
const CHAN: usize = 0x4_0000_0000;

/// Start kernel thread `name` running `entry` (which never returns).
pub fn spawn(name: &str, entry: extern "C" fn() -> !) -> Pid {
    let p = proc::spawn(
        0,
        name,
        crate::mm::aspace::empty(),
        Shared::new(crate::fs::fd::FdTable::new()),
        Shared::new(alloc::string::String::from("/")),
        Shared::new(crate::signal::SigHand::new()),
    )
    .expect("no memory for a kernel thread");
    p.kthread = true;
    (p.pgid, p.sid) = (0, 0); // in no session, as Linux's kernel threads
    p.context.ra = entry as *const () as u64;
    crate::dev::introspect::task_new(p);
    sched::wake_up_new(p);
    p.pid
}

/// Start the deferred-work thread (at boot, after init).
pub fn init() {
    *WORKER.get() = spawn("kworker/0:0", worker);
}

/// Free exited thread `pid` later, from the worker (or now, before the
/// worker exists).
pub fn defer_release(pid: Pid) {
    if *WORKER.get() == 0 {
        proc::release(pid);
        return;
    }
    QUEUE.get().push_back(pid);
    sched::wakeup(CHAN);
}

/// How often the worker writes dirty file pages and metadata back to the
/// disk (Linux's vm.dirty_writeback_centisecs: 5 s).
const WRITEBACK_NS: u64 = 5_000_000_000;

/// The worker: run what is queued, then sleep in state I until more comes.
/// With a disk, it also wakes every WRITEBACK_NS to write back what is
/// dirty (it shows D while it waits for the disk).
extern "C" fn worker() -> ! {
    let period = crate::dev::timer::ns_to_ticks(WRITEBACK_NS);
    let mut next_flush = crate::arch::riscv::time() + period;
    loop {
        while let Some(pid) = QUEUE.get().pop_front() {
            if proc::get(pid).is_some_and(|t| t.state == State::Dead) {
                proc::release(pid);
            }
        }
        if !crate::fs::ext2::mounted() {
            sched::sleep_idle(CHAN);
            continue;
        }
        if crate::arch::riscv::time() >= next_flush {
            if crate::fs::dirty() {
                let _ = crate::fs::sync();
            }
            next_flush = crate::arch::riscv::time() + period;
        }
        sched::sleep_idle_until(CHAN, next_flush);
    }
}
