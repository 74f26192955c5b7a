//! The scheduler: round robin over the process table, one hart.
//!
//! The scheduler loop runs on the boot stack with its own Context. To run
//! a process it switches to the process's kernel context (swtch); the
//! process comes back with sched() when it yields, sleeps or exits. The
//! timer tick (HZ a second, timer.rs) makes a running user process yield.
//! With nothing to run, the hart waits for an interrupt (wfi) and takes it
//! (interrupts on for that moment only): the clock wakes nanosleep's
//! sleepers, the console's receive interrupt wakes its readers.

use crate::global::Global;
use crate::proc::{self, Proc, State};
use crate::riscv;
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
}

static CPU: Global<Cpu> = Global::new(Cpu {
    context: Context { ra: 0, sp: 0, s: [0; 12] },
    current: core::ptr::null_mut(),
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

/// The scheduler loop: never returns. Picks the next Runnable process
/// after the last one run (in pid order, wrapping around).
pub fn scheduler() -> ! {
    let mut last = 0;
    loop {
        let now = riscv::time();
        let mut next = None;
        let table = proc::table();
        for (_, p) in table.iter_mut() {
            if p.state == State::Sleeping && p.wake_at != 0 && now >= p.wake_at {
                p.state = State::Runnable;
                p.wake_at = 0;
            }
        }
        let after = table.range(last + 1..).chain(table.range(..=last));
        for (&pid, p) in after {
            if p.state == State::Runnable {
                next = Some(pid);
                break;
            }
        }
        // The task that ran last switched out if another one runs now
        // (or nobody does): count that switch, voluntary or not.
        if next != Some(last) {
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
                p.switch_pending = None;
                p.state = State::Running;
                let cpu = CPU.get();
                cpu.current = p;
                unsafe { swtch(&mut cpu.context, &p.context) };
                CPU.get().current = core::ptr::null_mut();
                // An exited thread is off its kernel stack now: free it.
                if proc::get(pid).is_some_and(|p| p.state == State::Dead) {
                    proc::release(pid);
                }
            }
            None => {
                // Sleep with interrupts off, so that one arriving between
                // the scan above and wfi stays pending and ends the wfi at
                // once; then turn them on for a moment to take it (trap.rs:
                // a tick, or a device interrupt that may wake a sleeper).
                riscv::wfi();
                riscv::intr_on();
                riscv::intr_off();
            }
        }
    }
}

/// Give the hart back to the scheduler (the caller set its state).
pub fn sched() {
    let p = proc::current();
    p.switch_pending = Some(p.state != State::Runnable);
    let cpu = CPU.get();
    unsafe { swtch(&mut p.context, &cpu.context) };
}

/// Let others run; come back when it is our turn again.
pub fn yield_now() {
    proc::current().state = State::Runnable;
    sched();
}

/// Sleep until wakeup(chan), or until mtime `wake_at` if non-zero.
pub fn sleep(chan: usize, wake_at: u64) {
    let p = proc::current();
    p.state = State::Sleeping;
    p.chan = chan;
    p.wake_at = wake_at;
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
        p.state = State::Runnable;
        p.wake_at = 0;
    }
}

/// Make every process sleeping on `chan` Runnable.
pub fn wakeup(chan: usize) {
    for (_, p) in proc::table().iter_mut() {
        if p.state == State::Sleeping && p.chan == chan {
            p.state = State::Runnable;
            p.wake_at = 0;
        }
    }
}

/// Make stopped task `p` runnable again (SIGCONT, SIGKILL: signal.rs).
pub fn resume(p: &mut Proc) {
    if p.state == State::Stopped {
        p.state = State::Runnable;
    }
}
