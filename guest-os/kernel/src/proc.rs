//! Processes: the process table, creation (fork), exit and reaping.
//!
//! A process is a user address space plus the kernel's view of it: its
//! pid and parent, its scheduling state, the trap frame that holds its
//! user registers while it is in the kernel, the kernel stack its system
//! calls and traps run on, and the saved kernel registers (Context) that
//! sched.rs switches between.

use crate::aspace::{AddrSpace, NoMem};
use crate::fd::FdTable;
use crate::frame;
use crate::global::Global;
use crate::sched::{self, Context};
use alloc::alloc::{Layout, alloc, dealloc};
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;

pub type Pid = i32;

/// The first process; orphans are given to it, and when it exits the
/// machine powers off with its exit code.
pub const INIT_PID: Pid = 1;

/// Kernel stack per process (from the kernel heap; no guard page yet).
const KSTACK_SIZE: usize = 16 * 1024;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum State {
    Runnable,
    Running,
    /// Waiting for wakeup(chan), or until `wake_at` (mtime) if non-zero.
    Sleeping,
    /// Exited, waiting for its parent's wait4.
    Zombie,
}

/// User registers, saved by uservec (trap.rs), with what uservec needs to
/// enter the kernel. The layout is fixed: trap.rs's assembly uses offsets.
#[repr(C)]
pub struct TrapFrame {
    pub kernel_satp: u64, // 0
    pub kernel_sp: u64,   // 8
    pub kernel_trap: u64, // 16
    pub epc: u64,         // 24: user pc
    pub x: [u64; 32],     // 32: x0 (unused) .. x31
    pub f: [u64; 32],     // 288: f0 .. f31
    pub fcsr: u64,        // 544
}

const _: () = assert!(core::mem::size_of::<TrapFrame>() == 552);

/// Register numbers in TrapFrame::x.
pub mod reg {
    pub const SP: usize = 2;
    pub const A0: usize = 10;
    pub const A7: usize = 17;
}

pub struct Proc {
    pub pid: Pid,
    /// 0 for init.
    pub parent: Pid,
    pub state: State,
    pub chan: usize,
    pub wake_at: u64,
    /// Wait status (Linux encoding) once a zombie.
    pub wait_status: i32,
    /// Physical address of the trap frame page.
    trapframe: usize,
    kstack: *mut u8,
    pub context: Context,
    pub aspace: AddrSpace,
    pub name: String,
    /// Open files (fd.rs): copied by fork, kept by exec.
    pub fds: FdTable,
    /// Current directory, an absolute normalized path.
    pub cwd: String,
    /// A signal that ends the process when it next leaves the kernel.
    pub killed: i32,
}

static PROCS: Global<BTreeMap<Pid, Box<Proc>>> = Global::new(BTreeMap::new());
static NEXT_PID: Global<Pid> = Global::new(1);

impl Proc {
    pub fn trapframe(&self) -> &'static mut TrapFrame {
        unsafe { &mut *(self.trapframe as *mut TrapFrame) }
    }

    pub fn kstack_top(&self) -> usize {
        self.kstack as usize + KSTACK_SIZE
    }
}

/// The process table (pid order; round robin walks it).
pub fn table() -> &'static mut BTreeMap<Pid, Box<Proc>> {
    PROCS.get()
}

/// The process running on this hart (panics if none: a kernel bug).
pub fn current() -> &'static mut Proc {
    let p = sched::current();
    assert!(!p.is_null(), "no current process");
    unsafe { &mut *p }
}

/// Process `pid`, if it exists.
pub fn get(pid: Pid) -> Option<&'static mut Proc> {
    let p: *mut Proc = &mut **table().get_mut(&pid)?;
    Some(unsafe { &mut *p })
}

fn kstack_layout() -> Layout {
    Layout::from_size_align(KSTACK_SIZE, 16).unwrap()
}

/// A new process in the table, Runnable, that will start by returning to
/// user mode through usertrapret with the registers in its trap frame.
/// `make_aspace` builds its address space around its trap frame page.
pub fn spawn(
    parent: Pid,
    name: &str,
    make_aspace: impl FnOnce(usize) -> Result<AddrSpace, NoMem>,
) -> Result<&'static mut Proc, NoMem> {
    let trapframe = frame::alloc().ok_or(NoMem)?;
    let aspace = match make_aspace(trapframe) {
        Ok(a) => a,
        Err(e) => {
            frame::put(trapframe);
            return Err(e);
        }
    };
    let kstack = unsafe { alloc(kstack_layout()) };
    assert!(!kstack.is_null(), "kernel heap full: no kernel stack");
    let pid = *NEXT_PID.get();
    *NEXT_PID.get() += 1;
    let mut p = Box::new(Proc {
        pid,
        parent,
        state: State::Runnable,
        chan: 0,
        wake_at: 0,
        wait_status: 0,
        trapframe,
        kstack,
        context: Context::default(),
        aspace,
        name: String::from(name),
        fds: FdTable::new(),
        cwd: String::from("/"),
        killed: 0,
    });
    p.context.ra = forkret as *const () as u64;
    p.context.sp = p.kstack_top() as u64;
    table().insert(pid, p);
    Ok(get(pid).unwrap())
}

/// A new process's first instructions in the kernel (swtch "returns" here).
extern "C" fn forkret() -> ! {
    crate::trap::usertrapret()
}

/// fork: a copy of `parent` whose clone() returns 0, on stack `sp` if
/// non-zero. Returns the child's pid.
pub fn fork(parent: &mut Proc, sp: u64) -> Result<Pid, NoMem> {
    let child = spawn(parent.pid, &parent.name.clone(), |tf| parent.aspace.duplicate(tf))?;
    let ctf = child.trapframe();
    let ptf = parent.trapframe();
    ctf.epc = ptf.epc;
    ctf.x = ptf.x;
    ctf.f = ptf.f;
    ctf.fcsr = ptf.fcsr;
    ctf.x[reg::A0] = 0;
    child.fds = parent.fds.clone();
    child.cwd = parent.cwd.clone();
    if sp != 0 {
        ctf.x[reg::SP] = sp;
    }
    Ok(child.pid)
}

/// End process `p` with wait status `status`: free its memory, give its
/// children to init, wake its parent, and never run again. When init
/// itself exits the machine powers off with init's exit code.
pub fn exit(p: &mut Proc, status: i32) -> ! {
    if p.pid == INIT_PID {
        let code = if status & 0x7f == 0 { (status >> 8) & 0xff } else { 128 + (status & 0x7f) };
        crate::println!("kernel: init exited with status {code}, powering off");
        crate::power::poweroff(code as u32);
    }
    p.aspace.destroy();
    p.fds.clear(); // the last close of a pipe end wakes the other side
    let mut orphan_zombie = false;
    for (_, c) in table().iter_mut() {
        if c.parent == p.pid {
            c.parent = INIT_PID;
            orphan_zombie |= c.state == State::Zombie;
        }
    }
    if orphan_zombie {
        sched::wakeup(wait_chan(INIT_PID));
    }
    p.wait_status = status;
    p.state = State::Zombie;
    sched::wakeup(wait_chan(p.parent));
    sched::sched();
    unreachable!("a zombie ran again");
}

/// The channel a parent sleeps on in wait4.
pub fn wait_chan(pid: Pid) -> usize {
    0x1_0000_0000 + pid as usize
}

/// Remove zombie `pid` from the table and free what it still held.
pub fn reap(pid: Pid) {
    let p = table().remove(&pid).expect("reap: no such process");
    frame::put(p.trapframe);
    unsafe { dealloc(p.kstack, kstack_layout()) };
}

/// Send signal `sig` to process `pid`: no handlers exist, so signals whose
/// default action is to terminate end it (when it next leaves the kernel;
/// a sleeping target is woken), the others are ignored. Signal 0 only
/// checks that the process exists. init ignores signals, as on Linux.
pub fn kill(pid: Pid, sig: i32) -> Result<(), ()> {
    let p = get(pid).ok_or(())?;
    // SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH.
    if sig == 0 || pid == INIT_PID || matches!(sig, 17..=22 | 23 | 28) || p.state == State::Zombie {
        return Ok(());
    }
    if p.killed == 0 {
        p.killed = sig;
    }
    if p.state == State::Sleeping {
        p.state = State::Runnable;
        p.wake_at = 0;
    }
    Ok(())
}
