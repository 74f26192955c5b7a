//! Signals, as far as they go so far: the numbers, the default actions,
//! and each task's table of dispositions (Linux's sighand_struct, shared
//! by clone with CLONE_SIGHAND) set by rt_sigaction. A signal whose
//! disposition is SIG_IGN, or whose default action is to ignore, does
//! nothing; every other one ends the process (handlers run in user mode
//! once signal frames exist: the CFS/signals milestone).

pub const SIGILL: i32 = 4;
pub const SIGTRAP: i32 = 5;
pub const SIGBUS: i32 = 7;
pub const SIGKILL: i32 = 9;
pub const SIGSEGV: i32 = 11;
pub const SIGCHLD: i32 = 17;
pub const SIGSTOP: i32 = 19;
/// Highest signal number (Linux's _NSIG - 1).
pub const NSIG: usize = 64;

pub const SIG_DFL: u64 = 0;
pub const SIG_IGN: u64 = 1;

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
}

/// Whether the default action of `sig` is to ignore it (SIGCHLD, SIGCONT,
/// SIGURG, SIGWINCH) or to stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU:
/// stopping arrives with job control; until then, nothing happens).
pub fn default_is_harmless(sig: i32) -> bool {
    matches!(sig, 17..=23 | 28)
}

/// Whether `sig` would end a task with dispositions `h`.
pub fn kills(h: &SigHand, sig: i32) -> bool {
    if sig == SIGKILL {
        return true;
    }
    if sig == SIGSTOP || sig <= 0 || sig as usize > NSIG {
        return false;
    }
    match h.actions[sig as usize - 1].handler {
        SIG_IGN => false,
        SIG_DFL => !default_is_harmless(sig),
        _ => true, // no handler can run yet: the default of a caught signal
    }
}

/// Send signal `sig` to process `pid` (a tgid, or a tid): no handlers run
/// yet, so a signal that `kills` (see above) ends the whole process when
/// its tasks next leave the kernel (sleepers are woken); others do
/// nothing. Signal 0 only checks that the process exists. init is immune
/// to signals it has no handler for, as on Linux.
pub fn kill(pid: crate::proc::Pid, sig: i32) -> Result<(), ()> {
    use crate::proc::{self, State};
    let p = proc::get(pid).ok_or(())?;
    let tgid = p.tgid;
    if sig == 0 || tgid == proc::INIT_PID || p.state == State::Zombie || !kills(&p.sighand, sig) {
        return Ok(());
    }
    for t in proc::threads_of(tgid) {
        if matches!(t.state, State::Zombie | State::Dead) {
            continue;
        }
        if t.killed == 0 {
            t.killed = sig;
        }
        crate::sched::interrupt_sleep(t);
    }
    Ok(())
}
