//! The Vitrine introspection device (`compatible = "vitrine,introspect"`):
//! a paravirtual device through which the kernel tells the machine what it
//! is doing, so that the emulator can charge the events only it sees
//! exactly (instructions, TLB hits and misses, traps) to the task that was
//! running, and draw a timeline of the tasks. The kernel announces:
//!
//! ```text
//!   HELLO     the driver found the device (from here on, tasks are named)
//!   TASK_NEW  a task exists: pid, tgid, parent, comm, kernel thread or not
//!   EXEC      a task runs a new program: new comm, the path
//!   EXIT      a task ended, with its wait status
//!   SWITCH    the CPU goes from one context to another: prev, next, the
//!             state prev leaves in and why; vruntime and RSS of the task
//!   FAULT     how the fault handler resolved a page fault (mm/fault.rs)
//!   UNKNOWN_SYSCALL  a task called a number the kernel does not have
//! ```
//!
//! The scheduler loop (sched/mod.rs) is its own context, pid 0: a task
//! switches to it in sched() (`SWITCH task -> 0`, with the reason) and it
//! switches to the next task (`SWITCH 0 -> task`), or idles (`SWITCH 0 -> 0`,
//! reason Idle). The kernel counts a context switch when the CPU goes to a
//! different task than the one that ran last (as Linux does); the emulator
//! counts the same way from these events.
//!
//! Registers (64-bit; the protocol, shared with the emulator, is
//! emulator/src/devices/introspect_abi.rs):
//!
//! ```text
//!   0x00  MAGIC    (32-bit, read) 0x5254_4956, "VITR" in memory
//!   0x04  VERSION  (32-bit, read) 1
//!   0x08  DROPPED  (read) events the machine refused (bad code or pointer)
//!   0x10  ARG0 .. 0x38 ARG5   (write) the event's arguments
//!   0x40  EVENT    (write) the event code: sends ARG0..ARG5
//!   0x48  STDERR   (write) a byte for the host's stderr (hvc.rs)
//! ```
//!
//! Strings go by physical address and length (the kernel's memory is
//! identity-mapped). An event costs a few MMIO stores; without the device
//! (QEMU) each call is one test of a zero base, and the kernel behaves and
//! prints exactly the same.

use crate::proc::{Pid, Proc};
use core::sync::atomic::{AtomicUsize, Ordering};

// The protocol, shared with the emulator's device: the same source file.
#[allow(dead_code)] // the emulator's side uses the rest
#[rustfmt::skip] // formatted with the host workspace's settings
#[path = "../../../../emulator/src/devices/introspect_abi.rs"]
mod abi;
use abi::{
    EV_EXEC, EV_EXIT, EV_FAULT, EV_HELLO, EV_SWITCH, EV_TASK_NEW, EV_UNKNOWN_SYSCALL, MAGIC,
    REG_ARG0, REG_EVENT, REG_MAGIC, REG_VERSION, TASK_KTHREAD, VERSION,
};
pub use abi::{FaultKind, REG_STDERR, Reason};

/// The device's base address, 0 when there is none.
static BASE: AtomicUsize = AtomicUsize::new(0);

fn read32(base: usize, offset: usize) -> u32 {
    unsafe { ((base + offset) as *const u32).read_volatile() }
}

/// Send event `code` with `args` (at most six), if the device is there:
/// N + 1 stores.
#[inline(always)]
fn send<const N: usize>(code: u64, args: [u64; N]) {
    let base = BASE.load(Ordering::Relaxed);
    if base == 0 {
        return;
    }
    let regs = base as *mut u64;
    for (i, a) in args.into_iter().enumerate() {
        unsafe { regs.add(REG_ARG0 as usize / 8 + i).write_volatile(a) };
    }
    unsafe { regs.add(REG_EVENT as usize / 8).write_volatile(code) };
}

/// Use the device at `base` (from the device tree) if it answers with the
/// magic number and a version we speak, and say hello.
pub fn init(base: usize) {
    if read32(base, REG_MAGIC as usize) != MAGIC || read32(base, REG_VERSION as usize) != VERSION {
        return;
    }
    BASE.store(base, Ordering::Relaxed);
    send(EV_HELLO, [VERSION as u64]);
}

/// The device's base address, if the kernel uses one (vm.rs maps it).
pub fn base() -> Option<usize> {
    match BASE.load(Ordering::Relaxed) {
        0 => None,
        b => Some(b),
    }
}

fn str_args(s: &str) -> [u64; 2] {
    [s.as_ptr() as u64, s.len() as u64]
}

/// Task `p` exists (created by clone, or init, or a kernel thread).
pub fn task_new(p: &Proc) {
    let [comm, len] = str_args(&p.name);
    let flags = if p.kthread { TASK_KTHREAD } else { 0 };
    send(EV_TASK_NEW, [p.pid as u64, p.tgid as u64, p.parent as u64, comm, len, flags]);
}

/// Task `p` now runs program `path` (its comm is already the new one).
pub fn exec(p: &Proc, path: &str) {
    let [comm, len] = str_args(&p.name);
    let [path, path_len] = str_args(path);
    send(EV_EXEC, [p.pid as u64, comm, len, path, path_len]);
}

/// Task `pid` exits with wait status `status`.
pub fn exit(pid: Pid, status: i32) {
    send(EV_EXIT, [pid as u64, status as u32 as u64]);
}

/// The CPU goes from `prev` to `next` (0: the scheduler loop); `prev`
/// leaves in state `state` (a ps letter) because of `reason`. `vruntime`
/// (ns, as of its last update) and `rss` (pages) are those of the task
/// (prev, or next when prev is the scheduler). The machine measures run
/// time between these stores: callers read the clock just before.
pub fn switch(prev: Pid, next: Pid, state: char, reason: Reason, vruntime: u64, rss: usize) {
    send(EV_SWITCH, [prev as u64, next as u64, state as u64, reason as u64, vruntime, rss as u64]);
}

/// The running task's page fault at `va` was resolved as `kind`;
/// `access` is 0 read, 1 write, 2 execute.
pub fn fault(kind: FaultKind, va: usize, access: u64) {
    send(EV_FAULT, [kind as u64, va as u64, access]);
}

/// Task `pid` made system call `nr`, which the kernel does not have
/// (syscall/unknown.rs).
pub fn unknown_syscall(pid: Pid, nr: u64) {
    send(EV_UNKNOWN_SYSCALL, [pid as u64, nr]);
}
