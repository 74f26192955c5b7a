//! clone(2): creating tasks. Without flags (plus SIGCHLD) it is fork: a
//! new process with a copy of everything, where "copy" of memory means
//! copy-on-write (cow.rs): only page tables are copied. Each CLONE_* flag
//! shares one thing instead of copying it:
//!
//! ```text
//!   CLONE_VM       the address space: the child writes the parent's memory
//!   CLONE_FS       the current directory: a chdir in one moves both
//!   CLONE_FILES    the descriptor table: an open/close in one shows in both
//!   CLONE_SIGHAND  signal dispositions (needs CLONE_VM)
//!   CLONE_THREAD   the thread group: same pid (tgid) and parent, no SIGCHLD
//!                  (needs CLONE_SIGHAND)
//!   CLONE_VFORK    the parent sleeps until the child execs or exits
//!   CLONE_PARENT   the child's parent is the caller's parent
//!   CLONE_SETTLS   the child's tp register is set to `tls`
//!   CLONE_PARENT_SETTID / CLONE_CHILD_SETTID   store the child's tid at
//!                  ptid (parent's memory) / ctid (child's memory)
//!   CLONE_CHILD_CLEARTID   at the child's exit, zero ctid and futex-wake it
//! ```
//! A thread is clone with VM|FS|FILES|SIGHAND|THREAD (and usually the TID
//! flags); vfork is clone(VM|VFORK|SIGCHLD).

use crate::mm::aspace::AddrSpace;
use crate::mm::cow;
use crate::proc::exit::vfork_chan;
use crate::proc::shared::Shared;
use crate::proc::{self, Pid, Proc, SpawnError, reg};
use crate::sched;

pub const CLONE_VM: u64 = 0x100;
pub const CLONE_FS: u64 = 0x200;
pub const CLONE_FILES: u64 = 0x400;
pub const CLONE_SIGHAND: u64 = 0x800;
pub const CLONE_VFORK: u64 = 0x4000;
pub const CLONE_PARENT: u64 = 0x8000;
pub const CLONE_THREAD: u64 = 0x10000;
pub const CLONE_SYSVSEM: u64 = 0x40000;
pub const CLONE_SETTLS: u64 = 0x80000;
pub const CLONE_PARENT_SETTID: u64 = 0x100000;
pub const CLONE_CHILD_CLEARTID: u64 = 0x200000;
pub const CLONE_DETACHED: u64 = 0x400000;
pub const CLONE_CHILD_SETTID: u64 = 0x1000000;

/// Every flag we implement (and the exit signal in the low byte).
const SUPPORTED: u64 = 0xff
    | CLONE_VM
    | CLONE_FS
    | CLONE_FILES
    | CLONE_SIGHAND
    | CLONE_VFORK
    | CLONE_PARENT
    | CLONE_THREAD
    | CLONE_SYSVSEM
    | CLONE_SETTLS
    | CLONE_PARENT_SETTID
    | CLONE_CHILD_CLEARTID
    | CLONE_DETACHED
    | CLONE_CHILD_SETTID;

/// Why clone failed (each becomes an errno).
#[derive(Debug, PartialEq, Eq)]
pub enum CloneError {
    /// Bad flag combination (EINVAL).
    Invalid,
    /// Task limit or pid space (EAGAIN).
    Again,
    /// Out of memory (ENOMEM).
    NoMem,
    /// A tid pointer was bad (EFAULT).
    Fault,
}

/// clone(flags, stack, ptid, tls, ctid) for task `p`; the child's tid.
/// Heap a new task takes, about (its Proc, fd table, signal state; a
/// generous bound, checked before a clone).
const FORK_HEAP: usize = 8 << 10;

pub fn clone(
    p: &mut Proc,
    flags: u64,
    stack: u64,
    ptid: u64,
    tls: u64,
    ctid: u64,
) -> Result<Pid, CloneError> {
    if flags & !SUPPORTED != 0
        || (flags & CLONE_SIGHAND != 0 && flags & CLONE_VM == 0)
        || (flags & CLONE_THREAD != 0 && flags & CLONE_SIGHAND == 0)
    {
        return Err(CloneError::Invalid);
    }
    // A task's kernel structures live on the heap: none when the heap is
    // down to the kernel's reserve (mm/heap.rs), ENOMEM instead of a panic.
    crate::mm::heap::room_for(FORK_HEAP).map_err(|_| CloneError::NoMem)?;
    let aspace = if flags & CLONE_VM != 0 {
        p.aspace.share()
    } else {
        let mut child = AddrSpace::new().map_err(|_| CloneError::NoMem)?;
        copy_layout(&p.aspace, &mut child);
        cow::share_for_fork(&mut p.aspace, &mut child).map_err(|_| CloneError::NoMem)?;
        Shared::new(child)
    };
    let fds = if flags & CLONE_FILES != 0 { p.fds.share() } else { p.fds.copy() };
    let cwd = if flags & CLONE_FS != 0 { p.cwd.share() } else { p.cwd.copy() };
    let sighand = if flags & CLONE_SIGHAND != 0 { p.sighand.share() } else { p.sighand.copy() };
    let thread = flags & CLONE_THREAD != 0;
    let parent = if thread || flags & CLONE_PARENT != 0 { p.parent } else { p.tgid };
    let child =
        proc::spawn(parent, &p.name.clone(), aspace, fds, cwd, sighand).map_err(|e| match e {
            SpawnError::Again => CloneError::Again,
            SpawnError::NoMem => CloneError::NoMem,
        })?;
    if thread {
        child.tgid = p.tgid;
        child.exit_signal = 0;
    } else {
        child.exit_signal = (flags & 0xff) as i32;
    }
    (child.sig_blocked, child.pgid, child.sid) = (p.sig_blocked, p.pgid, p.sid);
    (child.umask, child.rlim) = (p.umask, p.rlim);
    let ctf = child.trapframe();
    let ptf = p.trapframe();
    ctf.epc = ptf.epc;
    ctf.x = ptf.x;
    ctf.f = ptf.f;
    ctf.fcsr = ptf.fcsr;
    ctf.x[reg::A0] = 0;
    if stack != 0 {
        ctf.x[reg::SP] = stack;
    }
    if flags & CLONE_SETTLS != 0 {
        ctf.x[reg::TP] = tls;
    }
    let tid = child.pid;
    let tid_bytes = (tid as u32).to_le_bytes();
    let mut fault = false;
    if flags & CLONE_PARENT_SETTID != 0 {
        fault |= crate::mm::vm::copy_out(p.aspace.pagetable(), ptid as usize, &tid_bytes).is_err();
    }
    if flags & CLONE_CHILD_SETTID != 0 {
        // In the child's memory: a copy-on-write page is broken for it.
        fault |= child.aspace.write(ctid as usize, &tid_bytes).is_err();
    }
    if flags & CLONE_CHILD_CLEARTID != 0 {
        child.clear_child_tid = ctid as usize;
    }
    if fault {
        // Linux checks the pointers before creating the child; undo.
        proc::release(tid);
        return Err(CloneError::Fault);
    }
    child.se = crate::sched::cfs::Entity::new(p.se.nice);
    crate::dev::introspect::task_new(child);
    sched::wake_up_new(child);
    if flags & CLONE_VFORK != 0 {
        child.vfork_parent = p.pid;
        while proc::get(tid).is_some_and(|c| c.vfork_parent == p.pid) {
            sched::sleep_uninterruptible(vfork_chan(tid)); // state D, as on Linux
        }
    }
    Ok(tid)
}

/// The child of a fork starts with the parent's layout facts.
fn copy_layout(from: &AddrSpace, to: &mut AddrSpace) {
    to.brk_start = from.brk_start;
    to.brk = from.brk;
    to.start_code = from.start_code;
    to.end_code = from.end_code;
    to.start_data = from.start_data;
    to.end_data = from.end_data;
    to.start_stack = from.start_stack;
    to.arg_start = from.arg_start;
    to.arg_end = from.arg_end;
    to.env_start = from.env_start;
    to.env_end = from.env_end;
    to.exe = from.exe.clone();
}
