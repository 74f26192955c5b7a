//! Signals (signal(7)): numbers, dispositions, pending sets, delivery.
//!
//! Each task has a *blocked* mask and a set of *pending* signals sent to
//! it (tkill, tgkill, faults); signals sent to a process (kill) are
//! pending in the thread group's shared set, kept in the group leader
//! (`sig_shared`). The dispositions (SigHand, Linux's sighand_struct) are
//! shared by clone with CLONE_SIGHAND, set by rt_sigaction.
//!
//! A signal is *generated* by `send` (kill, the tty's ^C, a fault, a
//! child's exit...): one that would be ignored is dropped at once; SIGKILL
//! ends every thread; SIGCONT resumes a stopped group. Otherwise it is
//! marked pending and a thread that does not block it is woken
//! (sched::interrupt_sleep): its sleep ends with EINTR, or the system call
//! is restarted (ERESTARTSYS & co., as Linux).
//!
//! *Delivery* (`do_signal`) happens on every return to user mode (end of
//! trap/mod.rs's usertrap): the lowest pending unblocked signal is taken, and
//! its default action done (terminate, dump core = terminate with the
//! 0x80 bit in the wait status, stop, continue, ignore), or a handler is
//! run: an rt_sigframe (siginfo + ucontext, Linux's riscv64 layout) is
//! pushed on the user stack, pc = handler, a0 = signo, a1 = &siginfo,
//! a2 = &ucontext, ra = the sigreturn trampoline in the [vdso] page
//! (riscv64 has no SA_RESTORER). rt_sigreturn (`sigreturn`) reloads the
//! registers and the mask from the frame.
//!
//! Job control: a stop signal sets the group's `group_stop` (in the
//! leader); each thread stops itself (State::Stopped) when it next passes
//! here; SIGCONT clears it and resumes them (sched::resume).
//!
//! Owns: pending sets, masks and dispositions of every task. Calls: proc/
//! (tasks, exit), sched/ (wake, stop, resume), mm/vm (the signal frame on
//! the user stack). Its system calls are syscall/signal.rs.

use crate::proc::{self, Pid, Proc, State, TrapFrame};
use crate::sched;

pub const SIGINT: i32 = 2;
pub const SIGQUIT: i32 = 3;
pub const SIGILL: i32 = 4;
pub const SIGTRAP: i32 = 5;
pub const SIGBUS: i32 = 7;
pub const SIGKILL: i32 = 9;
pub const SIGSEGV: i32 = 11;
pub const SIGPIPE: i32 = 13;
pub const SIGCHLD: i32 = 17;
pub const SIGCONT: i32 = 18;
pub const SIGSTOP: i32 = 19;
pub const SIGTSTP: i32 = 20;
/// Highest signal number (Linux's _NSIG - 1).
pub const NSIG: usize = 64;

pub const SIG_DFL: u64 = 0;
pub const SIG_IGN: u64 = 1;

pub const SA_NOCLDSTOP: u64 = 1;
pub const SA_NOCLDWAIT: u64 = 2;
pub const SA_SIGINFO: u64 = 4;
pub const SA_RESTART: u64 = 0x1000_0000;
pub const SA_NODEFER: u64 = 0x4000_0000;
pub const SA_RESETHAND: u64 = 0x8000_0000;

/// Kernel-internal errnos (never seen by user programs): the system call
/// was interrupted; restart it, unless a handler runs (ERESTARTNOHAND),
/// or a handler without SA_RESTART runs (ERESTARTSYS): then EINTR.
pub const ERESTARTSYS: i64 = 512;
pub const ERESTARTNOHAND: i64 = 514;
/// Like ERESTARTNOHAND, but the restart goes through restart_syscall
/// (the task's `restart` block: a sleep goes on with the time left, not
/// the whole time again).
pub const ERESTART_RESTARTBLOCK: i64 = 516;

/// siginfo si_code values.
pub const SI_USER: i32 = 0;
pub const SI_KERNEL: i32 = 0x80;
pub const SI_TKILL: i32 = -6;
pub const CLD_EXITED: i32 = 1;
pub const CLD_KILLED: i32 = 2;
pub const CLD_DUMPED: i32 = 3;
pub const CLD_STOPPED: i32 = 5;
pub const CLD_CONTINUED: i32 = 6;

/// Bit of signal `sig` in a sigset.
pub const fn bit(sig: i32) -> u64 {
    1 << (sig - 1)
}

/// What can never be blocked, caught or ignored.
pub const UNBLOCKABLE: u64 = bit(SIGKILL) | bit(SIGSTOP);
const STOP_SET: u64 = bit(SIGSTOP) | bit(SIGTSTP) | bit(21) | bit(22);
/// Default action "ignore": SIGCHLD, SIGCONT, SIGURG, SIGWINCH.
const IGNORE_SET: u64 = bit(SIGCHLD) | bit(SIGCONT) | bit(23) | bit(28);
/// Default action "core": QUIT ILL TRAP ABRT BUS FPE SEGV XCPU XFSZ SYS.
const CORE_SET: u64 =
    bit(3) | bit(4) | bit(5) | bit(6) | bit(7) | bit(8) | bit(11) | bit(24) | bit(25) | bit(31);

/// One rt_sigaction entry (struct sigaction for riscv64: handler, flags,
/// mask; no restorer field).
#[derive(Clone, Copy, Default)]
pub struct SigAction {
    pub handler: u64,
    pub flags: u64,
    pub mask: u64,
}

#[derive(Clone)]
pub struct SigHand {
    pub actions: [SigAction; NSIG],
}

impl SigHand {
    pub fn new() -> SigHand {
        SigHand { actions: [SigAction::default(); NSIG] }
    }

    /// exec: handled signals go back to SIG_DFL; ignored ones stay ignored.
    pub fn reset_for_exec(&mut self) {
        for a in self.actions.iter_mut() {
            if a.handler != SIG_IGN {
                *a = SigAction::default();
            }
        }
    }

    fn of(&self, sig: i32) -> &SigAction {
        &self.actions[sig as usize - 1]
    }
}

/// What siginfo tells about one pending signal.
#[derive(Clone, Copy, Default)]
pub struct SigInfo {
    pub code: i32,
    pub pid: i32,
    pub status: i32,
    pub addr: u64,
}

fn valid(sig: i32) -> bool {
    sig > 0 && sig as usize <= NSIG
}

/// Whether `sig` sent to `t` would be dropped at once (Linux's
/// sig_ignored): ignored and not blocked; init ignores what it does not
/// catch.
fn ignored(t: &Proc, sig: i32) -> bool {
    if t.sig_blocked & bit(sig) != 0 {
        return false;
    }
    let h = t.sighand.of(sig).handler;
    h == SIG_IGN || (h == SIG_DFL && (IGNORE_SET & bit(sig) != 0 || t.tgid == proc::INIT_PID))
}

/// The leader of p's thread group (where the shared pending set is).
fn leader_of(p: &Proc) -> &'static mut Proc {
    proc::get(p.tgid).expect("thread group without leader")
}

fn live(t: &Proc) -> bool {
    !matches!(t.state, State::Zombie | State::Dead)
}

/// Whether task `p` has something to do before returning to user mode:
/// a pending unblocked signal, a group stop, or being killed. Sleeps in
/// system calls end (EINTR or restart) when this becomes true.
pub fn signal_pending(p: &Proc) -> bool {
    if p.killed != 0 {
        return true;
    }
    let l = leader_of(p);
    (p.sig_pending | l.sig_shared) & !p.sig_blocked != 0 || l.group_stop != 0
}

/// Generate signal `sig` for task `t` (thread-directed, `group` false) or
/// for its whole process (`group` true).
pub fn send(t: &mut Proc, sig: i32, info: SigInfo, group: bool) {
    // Kernel threads (kthread.rs) take no signals, as on Linux.
    if !valid(sig) || !live(t) || t.kthread {
        return;
    }
    let tgid = t.tgid;
    let l = leader_of(t);
    if sig == SIGKILL {
        if tgid == proc::INIT_PID {
            return;
        }
        l.group_stop = 0;
        for u in proc::threads_of(tgid) {
            if live(u) {
                if u.killed == 0 {
                    u.killed = SIGKILL;
                }
                wake(u);
            }
        }
        return;
    }
    if STOP_SET & bit(sig) != 0 {
        // A stop signal discards pending SIGCONT.
        l.sig_shared &= !bit(SIGCONT);
        for u in proc::threads_of(tgid) {
            u.sig_pending &= !bit(SIGCONT);
        }
    } else if sig == SIGCONT {
        // SIGCONT discards pending stops and resumes, caught or not.
        l.sig_shared &= !STOP_SET;
        let mut was_stopped = l.group_stop != 0;
        l.group_stop = 0;
        for u in proc::threads_of(tgid) {
            u.sig_pending &= !STOP_SET;
            if u.state == State::Stopped {
                was_stopped = true;
                sched::resume(u);
            }
        }
        if was_stopped && live(l) {
            l.stop_report = 0;
            l.cont_report = true;
            notify_parent(l, CLD_CONTINUED, SIGCONT);
        }
    }
    if ignored(t, sig) {
        return;
    }
    if group {
        l.sig_shared |= bit(sig);
        l.sig_info_shared[sig as usize - 1] = info;
        // Wake a thread that can take it (Linux's complete_signal).
        for u in proc::threads_of(tgid) {
            if live(u) && u.sig_blocked & bit(sig) == 0 {
                sched::interrupt_sleep(u);
                break;
            }
        }
    } else {
        t.sig_pending |= bit(sig);
        t.sig_info[sig as usize - 1] = info;
        if t.sig_blocked & bit(sig) == 0 {
            sched::interrupt_sleep(t);
        }
    }
}

fn wake(t: &mut Proc) {
    if t.state == State::Stopped {
        sched::resume(t);
    }
    sched::interrupt_sleep(t);
}

/// Info for a signal sent by process `from` with kill (SI_USER) or tkill.
pub fn user_info(from: Pid, code: i32) -> SigInfo {
    SigInfo { code, pid: from, ..SigInfo::default() }
}

/// Send signal `sig` to process `pid` (a tgid, or a tid: its process).
/// Signal 0 only checks that the process exists.
pub fn kill(pid: Pid, sig: i32) -> Result<(), ()> {
    let from = if sched::current().is_null() { 0 } else { proc::current().tgid };
    kill_info(pid, sig, user_info(from, SI_USER))
}

pub fn kill_info(pid: Pid, sig: i32, info: SigInfo) -> Result<(), ()> {
    let p = proc::get(pid).ok_or(())?;
    if p.state == State::Dead {
        return Err(());
    }
    if sig != 0 {
        let l = leader_of(p);
        send(l, sig, info, true);
    }
    Ok(())
}

/// Send `sig` to every process of process group `pgid`; Err if none.
pub fn kill_pgrp(pgid: Pid, sig: i32) -> Result<(), ()> {
    let from = if sched::current().is_null() { 0 } else { proc::current().tgid };
    let members: alloc::vec::Vec<Pid> = proc::table()
        .values()
        .filter(|t| t.is_leader() && t.pgid == pgid && t.state != State::Dead)
        .map(|t| t.pid)
        .collect();
    if members.is_empty() {
        return Err(());
    }
    for pid in members {
        let _ = kill_info(pid, sig, user_info(from, SI_USER));
    }
    Ok(())
}

/// Tell p's parent that p (a group leader) stopped, continued or exited:
/// SIGCHLD (unless SA_NOCLDSTOP for stop/continue) and wake its wait4.
pub fn notify_parent(p: &Proc, code: i32, status: i32) {
    let Some(parent) = proc::get(p.parent) else { return };
    let sig = if matches!(code, CLD_STOPPED | CLD_CONTINUED) { SIGCHLD } else { p.exit_signal };
    crate::sched::wakeup(crate::proc::exit::wait_chan(p.parent));
    if !valid(sig) {
        return;
    }
    if matches!(code, CLD_STOPPED | CLD_CONTINUED)
        && parent.sighand.of(SIGCHLD).flags & SA_NOCLDSTOP != 0
    {
        return;
    }
    let info = SigInfo { code, pid: p.tgid, status, addr: 0 };
    send(parent, sig, info, true);
}

/// A child exited with wait status `status`: SIGCHLD to its parent.
/// True if the parent ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT): then
/// the child leaves no zombie (the caller frees it).
pub fn notify_exit(p: &Proc, status: i32) -> bool {
    let (code, st) = match status & 0x7f {
        0 => (CLD_EXITED, (status >> 8) & 0xff),
        s if status & 0x80 != 0 => (CLD_DUMPED, s),
        s => (CLD_KILLED, s),
    };
    notify_parent(p, code, st);
    proc::get(p.parent).is_some_and(|q| {
        let a = q.sighand.of(SIGCHLD);
        p.exit_signal == SIGCHLD && (a.handler == SIG_IGN || a.flags & SA_NOCLDWAIT != 0)
    })
}

/// A fault (trap/mod.rs) raised `sig` in task `p` at address `addr`. If p
/// catches it, the handler runs; else the default action ends the
/// process. Returns whether it is caught (the caller reports otherwise).
pub fn force_fault(p: &mut Proc, sig: i32, code: i32, addr: u64) -> bool {
    let a = *p.sighand.of(sig);
    let caught = a.handler > SIG_IGN && p.sig_blocked & bit(sig) == 0;
    if !caught {
        // Linux's force_sig_info: blocked or ignored faults kill.
        p.sighand.actions[sig as usize - 1].handler = SIG_DFL;
        p.sig_blocked &= !bit(sig);
    }
    p.sig_pending |= bit(sig);
    p.sig_info[sig as usize - 1] = SigInfo { code, pid: 0, status: 0, addr };
    caught
}

/// Take the next signal to deliver to p: thread-directed ones first.
fn dequeue(p: &mut Proc) -> Option<(i32, SigInfo)> {
    let mine = p.sig_pending & !p.sig_blocked;
    if mine != 0 {
        let sig = mine.trailing_zeros() as i32 + 1;
        p.sig_pending &= !bit(sig);
        return Some((sig, p.sig_info[sig as usize - 1]));
    }
    let l = leader_of(p);
    let shared = l.sig_shared & !p.sig_blocked;
    if shared != 0 {
        let sig = shared.trailing_zeros() as i32 + 1;
        l.sig_shared &= !bit(sig);
        return Some((sig, l.sig_info_shared[sig as usize - 1]));
    }
    None
}

/// Stop p's whole thread group with `sig`; tell the parent.
fn group_stop(p: &mut Proc, sig: i32) {
    let l = leader_of(p);
    if l.group_stop == 0 {
        l.group_stop = sig;
        for u in proc::threads_of(p.tgid) {
            if u.pid != p.pid && live(u) {
                sched::interrupt_sleep(u);
            }
        }
        l.stop_report = sig;
        l.cont_report = false;
        notify_parent(l, CLD_STOPPED, sig);
    }
}

/// Deliver signals before p returns to user mode. `syscall`: p's trap
/// was a system call (not rt_sigreturn) with first argument `orig_a0`:
/// its result may ask for a restart.
pub fn do_signal(p: &mut Proc, syscall: bool, orig_a0: u64) {
    loop {
        if p.killed != 0 {
            // Another thread's exit_group (its status), or SIGKILL.
            let status = proc::get(p.tgid).and_then(|l| l.group_exit).unwrap_or(p.killed);
            crate::proc::exit::exit_group(p, status);
        }
        let l = leader_of(p);
        if l.group_stop != 0 {
            p.state = State::Stopped;
            sched::sched();
            continue;
        }
        let Some((sig, info)) = dequeue(p) else { break };
        let act = *p.sighand.of(sig);
        if sig == SIGKILL {
            crate::proc::exit::exit_group(p, SIGKILL);
        }
        match act.handler {
            SIG_IGN => continue,
            SIG_DFL => {
                let b = bit(sig);
                if IGNORE_SET & b != 0 {
                    continue;
                }
                if STOP_SET & b != 0 {
                    if p.tgid != proc::INIT_PID {
                        group_stop(p, sig);
                    }
                    continue;
                }
                let status = if CORE_SET & b != 0 { sig | 0x80 } else { sig };
                crate::proc::exit::exit_group(p, status);
            }
            _ => {
                let tf = p.trapframe();
                if syscall {
                    let r = tf.x[10] as i64;
                    if r == -ERESTARTNOHAND
                        || r == -ERESTART_RESTARTBLOCK
                        || (r == -ERESTARTSYS && act.flags & SA_RESTART == 0)
                    {
                        tf.x[10] = (-crate::syscall::errno::EINTR) as u64;
                    } else if r == -ERESTARTSYS {
                        tf.epc -= 4;
                        tf.x[10] = orig_a0;
                    }
                }
                let mask = p.saved_mask.take().unwrap_or(p.sig_blocked);
                if setup_frame(p, sig, &info, &act, mask).is_err() {
                    force_segv(p);
                    continue;
                }
                p.sig_blocked |= act.mask & !UNBLOCKABLE;
                if act.flags & SA_NODEFER == 0 {
                    p.sig_blocked |= bit(sig);
                }
                if act.flags & SA_RESETHAND != 0 {
                    p.sighand.actions[sig as usize - 1] = SigAction::default();
                }
                return;
            }
        }
    }
    // No handler runs: an interrupted system call starts again.
    if syscall {
        let tf = p.trapframe();
        let r = tf.x[10] as i64;
        if r == -ERESTARTSYS || r == -ERESTARTNOHAND {
            tf.epc -= 4;
            tf.x[10] = orig_a0;
        } else if r == -ERESTART_RESTARTBLOCK {
            tf.epc -= 4;
            tf.x[17] = crate::syscall::nr::RESTART_SYSCALL;
        }
    }
    if let Some(m) = p.saved_mask.take() {
        p.sig_blocked = m;
    }
}

/// A signal frame could not be written or read: SIGSEGV, uncatchable.
fn force_segv(p: &mut Proc) {
    crate::pr_info!("kernel: pid {} ({}) bad signal frame: killed by signal 11", p.pid, p.name);
    force_fault(p, SIGSEGV, SI_KERNEL, 0);
    p.sighand.actions[SIGSEGV as usize - 1] = SigAction::default();
}

/// The sigreturn trampoline's page ([vdso]): `li a7, 139; ecall`.
pub const VDSO: usize = crate::mm::aspace::USER_TOP;
const VDSO_CODE: [u32; 2] = [0x08b0_0893, 0x0000_0073];

static VDSO_PAGE: crate::klib::global::Global<usize> = crate::klib::global::Global::new(0);

/// The physical page holding the trampoline (made on first use).
pub fn vdso_page() -> Option<usize> {
    let v = VDSO_PAGE.get();
    if *v == 0 {
        let pa = crate::mm::frame::alloc()?;
        let page =
            unsafe { core::slice::from_raw_parts_mut(pa as *mut u8, crate::mm::frame::PAGE_SIZE) };
        page.fill(0);
        for (i, w) in VDSO_CODE.iter().enumerate() {
            page[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
        }
        *v = pa;
    }
    Some(*v)
}

// struct rt_sigframe { siginfo_t info (128); struct ucontext uc; } with
// uc: flags 0, link 8, stack 16 (24), sigmask 40, pad to 168, then
// uc_mcontext at 176 (16-aligned): sc_regs[32] (pc, x1..x31), then the
// D-extension state f[32], fcsr (u32), and room for the Q union (528).
const UC: usize = 128;
const UC_SIGMASK: usize = UC + 40;
const MC_REGS: usize = UC + 176;
const MC_FP: usize = MC_REGS + 256;
const FRAME_SIZE: usize = MC_FP + 528;

/// Push the rt_sigframe for `sig` on p's user stack and point the
/// registers at the handler.
fn setup_frame(
    p: &mut Proc,
    sig: i32,
    info: &SigInfo,
    act: &SigAction,
    mask: u64,
) -> Result<(), ()> {
    let tf: &mut TrapFrame = p.trapframe();
    let sp = (tf.x[2] as usize).checked_sub(FRAME_SIZE).ok_or(())? & !15;
    let mut f = alloc::vec![0u8; FRAME_SIZE];
    let put32 = |f: &mut [u8], at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let put64 = |f: &mut [u8], at: usize, v: u64| f[at..at + 8].copy_from_slice(&v.to_le_bytes());
    put32(&mut f, 0, sig as u32);
    put32(&mut f, 8, info.code as u32);
    if info.addr != 0 || matches!(sig, SIGSEGV | SIGBUS | SIGILL | SIGTRAP) && info.code > 0 {
        put64(&mut f, 16, info.addr);
    } else {
        put32(&mut f, 16, info.pid as u32);
        put32(&mut f, 24, info.status as u32);
    }
    put64(&mut f, UC_SIGMASK, mask);
    put64(&mut f, MC_REGS, tf.epc);
    for i in 1..32 {
        put64(&mut f, MC_REGS + 8 * i, tf.x[i]);
    }
    for i in 0..32 {
        put64(&mut f, MC_FP + 8 * i, tf.f[i]);
    }
    put32(&mut f, MC_FP + 256, tf.fcsr as u32);
    crate::mm::vm::copy_out(p.aspace.pagetable(), sp, &f).map_err(|_| ())?;
    let _ = act.flags & SA_SIGINFO; // a1/a2 are set either way, as Linux does
    tf.epc = act.handler;
    tf.x[1] = VDSO as u64;
    tf.x[2] = sp as u64;
    tf.x[10] = sig as u64;
    tf.x[11] = sp as u64;
    tf.x[12] = (sp + UC) as u64;
    Ok(())
}

/// rt_sigreturn: reload what setup_frame saved (the frame is at sp).
/// Returns the restored a0 (dispatch stores it back).
pub fn sigreturn(p: &mut Proc) -> u64 {
    // A handler ran: what was interrupted is not restarted any more.
    p.restart = crate::proc::Restart::None;
    let tf: &mut TrapFrame = p.trapframe();
    let sp = tf.x[2] as usize;
    let mut f = alloc::vec![0u8; FRAME_SIZE];
    if sp % 16 != 0 || crate::mm::vm::copy_in(p.aspace.pagetable(), sp, &mut f).is_err() {
        force_segv(p);
        return tf.x[10];
    }
    let get = |at: usize| u64::from_le_bytes(f[at..at + 8].try_into().unwrap());
    tf.epc = get(MC_REGS);
    for i in 1..32 {
        tf.x[i] = get(MC_REGS + 8 * i);
    }
    for i in 0..32 {
        tf.f[i] = get(MC_FP + 8 * i);
    }
    tf.fcsr = get(MC_FP + 256) & 0xffff_ffff;
    p.sig_blocked = get(UC_SIGMASK) & !UNBLOCKABLE;
    tf.x[10]
}
