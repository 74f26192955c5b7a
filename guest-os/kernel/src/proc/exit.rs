//! The end of a task: exit, zombies, orphans, and wait4.
//!
//! exit frees the task's memory at once (its address space, if it was the
//! last user; its descriptors) but the task itself stays in the table as a
//! *zombie* (state Z) holding its wait status and resource usage, until
//! its parent collects them with wait4 (which *reaps* it). Children of an
//! exiting process are *orphans*: they are given to init (pid 1), which
//! reaps them when they exit. A thread (a task that is not its group's
//! leader) leaves no zombie: it is freed as soon as it is off the CPU; a
//! leader's zombie is reaped only once its whole group is gone.

use crate::proc::{self, INIT_PID, Pid, Proc, State};
use crate::{mm::aspace, mm::vm, proc::futex, sched, signal};

/// The channel a parent sleeps on in wait4.
pub fn wait_chan(pid: Pid) -> usize {
    0x1_0000_0000 + pid as usize
}

/// The channel a vfork parent sleeps on until child `pid` execs or exits.
pub fn vfork_chan(pid: Pid) -> usize {
    0x3_0000_0000 + pid as usize
}

/// A vfork child has exec'd or is exiting: its parent may go on.
pub fn release_vfork_parent(p: &mut Proc) {
    if p.vfork_parent != 0 {
        p.vfork_parent = 0;
        sched::wakeup(vfork_chan(p.pid));
    }
}

/// exit_group: end every task of p's group, then p with `status`.
pub fn exit_group(p: &mut Proc, status: i32) -> ! {
    for t in proc::threads_of(p.tgid) {
        if t.pid != p.pid && !matches!(t.state, State::Zombie | State::Dead) {
            t.killed = signal::SIGKILL;
            sched::resume(t);
            sched::interrupt_sleep(t);
        }
    }
    if let Some(l) = proc::get(p.tgid) {
        l.group_exit.get_or_insert(status); // what the other threads exit with
    }
    exit(p, status)
}

/// End task `p` with wait status `status` and never run again. When init
/// itself exits, the machine powers off with init's exit code.
pub fn exit(p: &mut Proc, status: i32) -> ! {
    if p.tgid == INIT_PID {
        let _ = crate::fs::sync(); // the disk gets what is dirty before power-off
    }
    crate::dev::introspect::exit(p.pid, status);
    if p.tgid == INIT_PID {
        let code = if status & 0x7f == 0 { (status >> 8) & 0xff } else { 128 + (status & 0x7f) };
        crate::pr_info!("kernel: init exited with status {code}, powering off");
        crate::dev::power::poweroff(code as u32);
    }
    // CLONE_CHILD_CLEARTID: tell a joining thread (futex on the tid word).
    if p.clear_child_tid != 0 && p.aspace.owners() > 1 {
        let root = p.aspace.pagetable();
        if vm::copy_out(root, p.clear_child_tid, &0u32.to_le_bytes()).is_ok() {
            futex::wake((p.aspace.id(), p.clear_child_tid), 1, futex::BITSET_MATCH_ANY);
            if let Some(pa) = vm::lookup(root, crate::mm::frame::page_down(p.clear_child_tid)) {
                let key = (0, vm::pte_pa(pa) + p.clear_child_tid % crate::mm::frame::PAGE_SIZE);
                futex::wake(key, 1, futex::BITSET_MATCH_ANY);
            }
        }
    }
    futex::forget(p.pid);
    release_vfork_parent(p);
    // Free the memory now (a zombie keeps none) and close the files.
    p.aspace.unmap_trapframe(p.tf_slot);
    p.tf_slot = aspace::NO_SLOT;
    p.aspace = aspace::empty();
    p.fds = crate::proc::shared::Shared::new(crate::fs::fd::FdTable::new()); // last close wakes pipe ends
    p.wait_status = status;
    let group_alive = proc::threads_of(p.tgid)
        .any(|t| t.pid != p.pid && !matches!(t.state, State::Zombie | State::Dead));
    if !group_alive {
        reparent_children(p.tgid);
    }
    if p.is_leader() {
        p.state = State::Zombie;
        if !group_alive && signal::notify_exit(p, status) {
            p.state = State::Dead; // SIGCHLD ignored: no zombie
        }
    } else {
        p.state = State::Dead;
        // The last thread out makes a waiting leader's zombie reapable.
        if let Some(leader) = proc::get(p.tgid) {
            if !group_alive && leader.state == State::Zombie {
                leader.wait_status = status;
                if signal::notify_exit(leader, status) {
                    proc::release(leader.pid);
                }
            }
        }
    }
    sched::sched();
    unreachable!("an exited task ran again");
}

/// Give the children of process `tgid` to init; wake init if any of them
/// is already a zombie.
fn reparent_children(tgid: Pid) {
    let mut zombie = false;
    for c in proc::table().values_mut() {
        if c.parent == tgid && c.tgid != tgid {
            c.parent = INIT_PID;
            zombie |= c.state == State::Zombie;
        }
    }
    if zombie {
        sched::wakeup(wait_chan(INIT_PID));
    }
}

/// What wait4 tells about a reaped child.
pub struct Reaped {
    pub pid: Pid,
    pub status: i32,
    pub min_flt: u64,
    pub maj_flt: u64,
    pub nvcsw: u64,
    pub nivcsw: u64,
}

/// Whether leader `c` is a zombie whose whole thread group has exited.
fn reapable(c: &Proc) -> bool {
    c.state == State::Zombie
        && !proc::table()
            .values()
            .any(|t| t.tgid == c.tgid && t.pid != c.pid && t.state != State::Dead)
}

/// One step of wait4 for parent `parent`: Ok(Some) reaped a child
/// matching `pid` (> 0: that one; -1: any; 0: of the parent's process
/// group; < -1: of group -pid), or found one stopped (`stopped`:
/// WUNTRACED) or continued (`continued`: WCONTINUED) that wait4 has not
/// reported yet (status 0x7f | sig << 8, or 0xffff; not reaped);
/// Ok(None): matching children exist but none has changed state; Err: no
/// matching child (ECHILD).
pub fn try_reap(
    parent: &mut Proc,
    pid: Pid,
    stopped: bool,
    continued: bool,
) -> Result<Option<Reaped>, ()> {
    let mut any = false;
    let mut found = None;
    let want = |c: &Proc| match pid {
        -1 => true,
        0 => c.pgid == parent.pgid,
        _ if pid < 0 => c.pgid == -pid,
        _ => c.pid == pid,
    };
    for (&cpid, c) in proc::table().iter_mut() {
        if c.parent == parent.tgid && c.is_leader() && want(c) {
            any = true;
            if reapable(c) {
                found = Some(cpid);
                break;
            }
            let report = if stopped && c.stop_report != 0 && c.group_stop != 0 {
                0x7f | (core::mem::take(&mut c.stop_report) << 8)
            } else if continued && c.cont_report {
                c.cont_report = false;
                0xffff
            } else {
                continue;
            };
            let r =
                Reaped { pid: cpid, status: report, min_flt: 0, maj_flt: 0, nvcsw: 0, nivcsw: 0 };
            return Ok(Some(r));
        }
    }
    let Some(cpid) = found else { return if any { Ok(None) } else { Err(()) } };
    let c = proc::get(cpid).unwrap();
    // The child's faults, and its own waited-for children's, count as the
    // parent's children's (getrusage(RUSAGE_CHILDREN), /proc stat cminflt).
    let r = Reaped {
        pid: cpid,
        status: c.wait_status,
        min_flt: c.min_flt + c.cmin_flt,
        maj_flt: c.maj_flt + c.cmaj_flt,
        nvcsw: c.nvcsw,
        nivcsw: c.nivcsw,
    };
    parent.cmin_flt += r.min_flt;
    parent.cmaj_flt += r.maj_flt;
    parent.cutime_ns += c.utime_ns + c.cutime_ns;
    parent.cstime_ns += c.stime_ns() + c.cstime_ns;
    proc::release(cpid);
    Ok(Some(r))
}
