//! Processes and threads (tasks): the task table below, and one file per
//! part of a task's life: fork.rs (clone: fork, vfork, threads), exec.rs
//! (loading an ELF program), exit.rs (exit, zombies, orphans and wait4),
//! pid.rs (pid numbers), shared.rs (what clone shares), futex.rs and
//! kthread.rs (kernel threads). When a task runs is sched/'s business.
//!
//! Owns: every task (`Proc`). Calls: mm/ (address spaces), fs/ (fd
//! tables), sched/ and signal/, dev/introspect (tasks created, exec'd and
//! exited, for the machine).
//!
//! Tasks (Linux's task_struct): the process table and what each task is.
//!
//! A task is a thread of execution with its own kernel stack, trap frame
//! and saved kernel registers (Context, switched by sched/mod.rs). What it may
//! share with other tasks is behind `Shared` pointers (shared.rs), exactly
//! the four things clone(2)'s flags choose between sharing and copying:
//!
//! ```text
//!   aspace   the address space (mm)       CLONE_VM
//!   fds      the file descriptor table    CLONE_FILES
//!   cwd      the current directory (fs)   CLONE_FS
//!   sighand  the signal dispositions      CLONE_SIGHAND
//! ```
//!
//! A process is a thread group: the tasks with the same `tgid` (the pid of
//! the first one, the group leader). getpid() returns the tgid, gettid()
//! the task's own pid. Creation is fork.rs; exit, zombies, orphans and
//! wait4 are exit.rs; pid numbers come from pid.rs.

pub mod exec;
pub mod exit;
pub mod fork;
pub mod futex;
pub mod kthread;
pub mod pid;
pub mod shared;

use crate::fs::fd::FdTable;
use crate::klib::global::Global;
use crate::mm::aspace::AddrSpace;
use crate::proc::shared::Shared;
use crate::sched::{self, Context};
use crate::signal::SigHand;
use crate::{mm::frame, mm::kstack};
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;

pub type Pid = i32;

/// The first process; orphans are given to it, and when it exits the
/// machine powers off with its exit code.
pub const INIT_PID: Pid = 1;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum State {
    Runnable,
    Running,
    /// Waiting for wakeup(chan), or until `wake_at` (mtime) if non-zero.
    Sleeping,
    /// Exited, waiting for its parent's wait4 (state Z).
    Zombie,
    /// An exited thread nobody waits for: the scheduler frees it.
    Dead,
    /// Stopped by a stop signal (job control) until SIGCONT (state T).
    Stopped,
    /// Sleeping, and signals do not wake it (state D).
    DiskSleep,
    /// A kernel thread waiting for work (state I).
    Idle,
}

impl State {
    /// The letter ps and /proc show.
    pub fn letter(self) -> char {
        match self {
            State::Runnable | State::Running => 'R',
            State::Sleeping => 'S',
            State::Zombie => 'Z',
            State::Dead => 'X',
            State::Stopped => 'T',
            State::DiskSleep => 'D',
            State::Idle => 'I',
        }
    }
}

/// User registers, saved by uservec (trap/mod.rs), with what uservec needs to
/// enter the kernel. The layout is fixed: trap/trampoline.rs's assembly uses offsets.
#[repr(C)]
pub struct TrapFrame {
    pub kernel_satp: u64, // 0
    pub kernel_sp: u64,   // 8
    pub kernel_trap: u64, // 16
    pub epc: u64,         // 24: user pc
    pub x: [u64; 32],     // 32: x0 (unused) .. x31
    pub f: [u64; 32],     // 288: f0 .. f31
    pub fcsr: u64,        // 544
    /// Non-zero: flush the TLB around satp switches (tlb.rs, flush mode).
    pub tlb_flush: u64, // 552
}

const _: () = assert!(core::mem::size_of::<TrapFrame>() == 560);

/// Register numbers in TrapFrame::x.
pub mod reg {
    pub const SP: usize = 2;
    pub const TP: usize = 4;
    pub const A0: usize = 10;
    pub const A7: usize = 17;
}

pub struct Proc {
    /// The task's own id (gettid), and its thread group's (getpid).
    pub pid: Pid,
    pub tgid: Pid,
    /// The parent process (a tgid; 0 for init).
    pub parent: Pid,
    pub state: State,
    pub chan: usize,
    pub wake_at: u64,
    /// Wait status (Linux encoding) once exited.
    pub wait_status: i32,
    /// The signal the parent gets when this task exits (clone's low byte;
    /// SIGCHLD for fork, 0 for threads).
    pub exit_signal: i32,
    /// Physical address of the trap frame page, and its slot in the
    /// address space (aspace.rs: slot i is mapped at trapframe_va(i)).
    trapframe: usize,
    pub tf_slot: usize,
    kstack_slot: usize,
    pub context: Context,
    pub aspace: Shared<AddrSpace>,
    /// The command name (comm): the program's file name, at most 15 bytes.
    pub name: String,
    pub fds: Shared<FdTable>,
    /// Current directory, an absolute normalized path.
    pub cwd: Shared<String>,
    pub sighand: Shared<SigHand>,
    /// A signal that ends the task when it next leaves the kernel.
    pub killed: i32,
    /// Page faults (minor: no file read; major: read into the page cache),
    /// and those of waited-for children (rusage, /proc/PID/stat).
    pub min_flt: u64,
    pub maj_flt: u64,
    pub cmin_flt: u64,
    pub cmaj_flt: u64,
    /// Context switches: voluntary (slept), involuntary (preempted).
    pub nvcsw: u64,
    pub nivcsw: u64,
    /// How the task last left the CPU (counted once another task runs).
    pub switch_pending: Option<bool>,
    /// mtime at creation.
    pub start_time: u64,
    /// CLONE_CHILD_CLEARTID: zero this user word and futex-wake it at exit.
    pub clear_child_tid: usize,
    /// CLONE_VFORK: the parent sleeps until this task execs or exits.
    pub vfork_parent: Pid,
    /// A kernel thread (kthread.rs): no user part, no signals.
    pub kthread: bool,
    /// CFS state (sched/cfs.rs): nice, weight, vruntime, runtime.
    pub se: crate::sched::cfs::Entity,
    /// CPU time in user mode (ns), and when the task last entered it;
    /// system time is sum_exec_runtime minus this.
    pub utime_ns: u64,
    pub user_since: u64,
    /// Children's CPU time, once reaped (ns).
    pub cutime_ns: u64,
    pub cstime_ns: u64,
    /// Signals (signal/): pending for this task, and (in the group
    /// leader) for the whole process, with their siginfo; blocked; the
    /// mask rt_sigsuspend replaced, to restore.
    pub sig_pending: u64,
    pub sig_shared: u64,
    pub sig_blocked: u64,
    pub sig_info: [crate::signal::SigInfo; crate::signal::NSIG],
    pub sig_info_shared: [crate::signal::SigInfo; crate::signal::NSIG],
    pub saved_mask: Option<u64>,
    /// Job control, in the group leader: the stop signal of a group stop
    /// in progress (0: none); a stop or a continue wait4 has not reported.
    pub group_stop: i32,
    pub stop_report: i32,
    pub cont_report: bool,
    /// Process group and session.
    pub pgid: Pid,
    pub sid: Pid,
    /// In the group leader: the status of the group's exit_group, if any.
    pub group_exit: Option<i32>,
    /// How restart_syscall goes on with an interrupted sleep
    /// (ERESTART_RESTARTBLOCK): syscall/ fills and reads it.
    pub restart: Restart,
    /// set_robust_list: the user's list head and its length (recorded;
    /// glibc registers one per thread).
    pub robust_list: (u64, u64),
    /// The file mode creation mask (umask(2)); Linux keeps it with the
    /// current directory (CLONE_FS), we copy it at every clone.
    pub umask: u32,
    /// Resource limits (getrlimit/setrlimit/prlimit64): [soft, hard] per
    /// RLIMIT_*, the same in every thread of a process.
    pub rlim: [[u64; 2]; RLIM_NLIMITS],
}

/// Linux's restart_block: what an interrupted system call needs to go on
/// where it stopped when restart_syscall(2) runs it again.
#[derive(Clone, Copy, Debug, Default)]
pub enum Restart {
    #[default]
    None,
    /// A relative nanosleep/clock_nanosleep: until mtime `until`, the
    /// time left written to `rem` if interrupted again.
    Sleep { until: u64, rem: u64 },
    /// A FUTEX_WAIT with a relative timeout.
    FutexWait { uaddr: u64, op: u64, val: u32, until: u64 },
}

/// How many resource limits there are (RLIM_NLIMITS) and their
/// defaults, those of Linux's INIT_RLIMITS (our fd table and task limits
/// for NOFILE and NPROC).
pub const RLIM_NLIMITS: usize = 16;
pub const RLIM_INFINITY: u64 = u64::MAX;
pub fn default_rlimits() -> [[u64; 2]; RLIM_NLIMITS] {
    const INF: [u64; 2] = [RLIM_INFINITY, RLIM_INFINITY];
    let nproc = crate::klib::sysctl::threads_max() as u64 / 2;
    let fds = crate::fs::fd::MAX_FDS as u64;
    [
        INF,                      // CPU
        INF,                      // FSIZE
        INF,                      // DATA
        [8 << 20, RLIM_INFINITY], // STACK
        [0, RLIM_INFINITY],       // CORE
        INF,                      // RSS
        [nproc, nproc],           // NPROC
        [fds, fds],               // NOFILE
        [8 << 20, 8 << 20],       // MEMLOCK
        INF,                      // AS
        INF,                      // LOCKS
        [nproc, nproc],           // SIGPENDING
        [819_200, 819_200],       // MSGQUEUE
        [0, 0],                   // NICE
        [0, 0],                   // RTPRIO
        INF,                      // RTTIME
    ]
}

static PROCS: Global<BTreeMap<Pid, Box<Proc>>> = Global::new(BTreeMap::new());

impl Proc {
    pub fn trapframe(&self) -> &'static mut TrapFrame {
        unsafe { &mut *(self.trapframe as *mut TrapFrame) }
    }

    pub fn kstack_top(&self) -> usize {
        kstack::top(self.kstack_slot)
    }

    /// Whether this task leads its thread group (its pid is the process's).
    pub fn is_leader(&self) -> bool {
        self.pid == self.tgid
    }

    /// CPU time in kernel mode (ns).
    pub fn stime_ns(&self) -> u64 {
        self.se.sum_exec_runtime.saturating_sub(self.utime_ns)
    }
}

/// The task table, by pid.
pub fn table() -> &'static mut BTreeMap<Pid, Box<Proc>> {
    PROCS.get()
}

/// The task running on this hart (panics if none: a kernel bug).
pub fn current() -> &'static mut Proc {
    let p = sched::current();
    assert!(!p.is_null(), "no current process");
    unsafe { &mut *p }
}

/// Task `pid`, if it exists.
pub fn get(pid: Pid) -> Option<&'static mut Proc> {
    let p: *mut Proc = &mut **table().get_mut(&pid)?;
    Some(unsafe { &mut *p })
}

/// Why a task could not be created.
#[derive(Debug, PartialEq, Eq)]
pub enum SpawnError {
    /// The task limit (kernel.threads-max) or the pid space is exhausted.
    Again,
    NoMem,
}

/// A new task in the table, Runnable, that will start by returning to user
/// mode through usertrapret with the registers in its trap frame, running
/// in address space `aspace` (its trap frame gets a slot there). The
/// shared parts start as given; the caller adjusts the rest.
pub fn spawn(
    parent: Pid,
    name: &str,
    mut aspace: Shared<AddrSpace>,
    fds: Shared<FdTable>,
    cwd: Shared<String>,
    sighand: Shared<SigHand>,
) -> Result<&'static mut Proc, SpawnError> {
    if table().len() >= crate::klib::sysctl::threads_max() {
        return Err(SpawnError::Again);
    }
    let pid = crate::proc::pid::alloc().ok_or(SpawnError::Again)?;
    let trapframe = frame::alloc().ok_or(SpawnError::NoMem)?;
    let tf_slot = match aspace.map_trapframe(trapframe) {
        Ok(s) => s,
        Err(_) => {
            frame::put(trapframe);
            return Err(SpawnError::NoMem);
        }
    };
    let Some((kstack_slot, _)) = kstack::alloc() else {
        aspace.unmap_trapframe(tf_slot);
        frame::put(trapframe);
        return Err(SpawnError::NoMem);
    };
    let mut p = Box::new(Proc {
        pid,
        tgid: pid,
        parent,
        state: State::Runnable,
        chan: 0,
        wake_at: 0,
        wait_status: 0,
        exit_signal: crate::signal::SIGCHLD,
        trapframe,
        tf_slot,
        kstack_slot,
        context: Context::default(),
        aspace,
        name: String::from(name),
        fds,
        cwd,
        sighand,
        killed: 0,
        min_flt: 0,
        maj_flt: 0,
        cmin_flt: 0,
        cmaj_flt: 0,
        nvcsw: 0,
        nivcsw: 0,
        switch_pending: None,
        start_time: crate::arch::riscv::time(),
        clear_child_tid: 0,
        vfork_parent: 0,
        kthread: false,
        se: crate::sched::cfs::Entity::new(0),
        utime_ns: 0,
        user_since: 0,
        cutime_ns: 0,
        cstime_ns: 0,
        sig_pending: 0,
        sig_shared: 0,
        sig_blocked: 0,
        sig_info: [Default::default(); crate::signal::NSIG],
        sig_info_shared: [Default::default(); crate::signal::NSIG],
        saved_mask: None,
        group_stop: 0,
        stop_report: 0,
        cont_report: false,
        pgid: pid,
        sid: pid,
        group_exit: None,
        restart: Restart::None,
        robust_list: (0, 0),
        umask: 0o022,
        rlim: default_rlimits(),
    });
    crate::sched::stats::get().forks += 1;
    p.context.ra = forkret as *const () as u64;
    p.context.sp = p.kstack_top() as u64;
    table().insert(pid, p);
    Ok(get(pid).unwrap())
}

/// A new task's first instructions in the kernel (swtch "returns" here).
extern "C" fn forkret() -> ! {
    crate::signal::do_signal(current(), false, 0);
    crate::trap::usertrapret()
}

/// Move task `p` to a new address space (exec): its trap frame moves too.
pub fn switch_aspace(p: &mut Proc, mut new: Shared<AddrSpace>) -> Result<(), ()> {
    let slot = new.map_trapframe(p.trapframe).map_err(|_| ())?;
    p.aspace.unmap_trapframe(p.tf_slot);
    p.tf_slot = slot;
    p.aspace = new; // the old one is freed with its last user
    Ok(())
}

/// Free what task `pid` still holds and remove it from the table (a reaped
/// zombie or a dead thread; never the running task).
pub fn release(pid: Pid) {
    let mut p = table().remove(&pid).expect("release: no such task");
    p.aspace.unmap_trapframe(p.tf_slot);
    frame::put(p.trapframe);
    kstack::free(p.kstack_slot);
}

/// The tasks of thread group `tgid`.
pub fn threads_of(tgid: Pid) -> impl Iterator<Item = &'static mut Box<Proc>> {
    table().values_mut().filter(move |p| p.tgid == tgid)
}

pub use crate::signal::kill;
