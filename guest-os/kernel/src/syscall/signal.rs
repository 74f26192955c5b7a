//! System calls of signals and job control (signal/ does the work):
//! masks, pending sets, sigsuspend, tkill/tgkill, process groups and
//! sessions, and the console's terminal ioctls (foreground group).

use super::*;
use crate::fs::Dev;
use crate::fs::file::Object;
use crate::signal::{self as sig, UNBLOCKABLE};

fn read_set(p: &Proc, va: u64) -> Result<u64, i64> {
    let mut b = [0u8; 8];
    user_in(p, va, &mut b)?;
    Ok(u64::from_le_bytes(b))
}

/// rt_sigprocmask(how, set, oldset, 8): SIG_BLOCK 0, SIG_UNBLOCK 1,
/// SIG_SETMASK 2. SIGKILL and SIGSTOP stay unblocked.
pub(super) fn sys_rt_sigprocmask(
    p: &mut Proc,
    how: u64,
    set: u64,
    old: u64,
    size: u64,
) -> SysResult {
    if size != 8 {
        return Err(EINVAL);
    }
    let prev = p.sig_blocked;
    if set != 0 {
        let s = read_set(p, set)?;
        p.sig_blocked = match how {
            0 => prev | s,
            1 => prev & !s,
            2 => s,
            _ => return Err(EINVAL),
        } & !UNBLOCKABLE;
    }
    if old != 0 {
        user_out(p, old, &prev.to_le_bytes())?;
    }
    Ok(0)
}

/// rt_sigpending(set, 8): pending signals that are blocked.
pub(super) fn sys_rt_sigpending(p: &mut Proc, set: u64, size: u64) -> SysResult {
    if size != 8 {
        return Err(EINVAL);
    }
    let shared = proc::get(p.tgid).map_or(0, |l| l.sig_shared);
    user_out(p, set, &((p.sig_pending | shared) & p.sig_blocked).to_le_bytes())?;
    Ok(0)
}

/// rt_sigsuspend(mask, 8): wait for a signal with `mask` blocked; the old
/// mask comes back when the handler returns. Always EINTR.
pub(super) fn sys_rt_sigsuspend(p: &mut Proc, mask: u64, size: u64) -> SysResult {
    if size != 8 {
        return Err(EINVAL);
    }
    let m = read_set(p, mask)?;
    p.saved_mask = Some(p.sig_blocked);
    p.sig_blocked = m & !UNBLOCKABLE;
    while !sig::signal_pending(p) {
        crate::sched::sleep(0x4_0000_0000 + p.pid as usize, 0);
    }
    Err(sig::ERESTARTNOHAND)
}

/// tgkill(tgid, tid, sig) (tgid -1: tkill): a signal for one thread.
pub(super) fn sys_tgkill(p: &mut Proc, tgid: i64, tid: i64, signo: i64) -> SysResult {
    if !(0..=64).contains(&signo) || tid <= 0 || (tgid != -1 && tgid <= 0) {
        return Err(EINVAL);
    }
    let t = proc::get(tid as Pid).ok_or(ESRCH)?;
    if (tgid != -1 && t.tgid != tgid as Pid)
        || matches!(t.state, proc::State::Zombie | proc::State::Dead)
    {
        return Err(ESRCH);
    }
    if signo != 0 {
        sig::send(t, signo as i32, sig::user_info(p.tgid, sig::SI_TKILL), false);
    }
    Ok(0)
}

/// The process `pid` (0: the caller's), if it is alive or a zombie.
fn process(p: &Proc, pid: Pid) -> Result<&'static mut Proc, i64> {
    let pid = if pid == 0 { p.tgid } else { pid };
    let t = proc::get(pid).filter(|t| t.state != proc::State::Dead).ok_or(ESRCH)?;
    proc::get(t.tgid).ok_or(ESRCH)
}

/// getpgid(pid) / getsid(pid) (`sid`); getpgrp() is getpgid(0).
pub(super) fn sys_getpgid(p: &mut Proc, pid: Pid, sid: bool) -> SysResult {
    if pid < 0 {
        return Err(ESRCH);
    }
    let t = process(p, pid)?;
    Ok(if sid { t.sid } else { t.pgid } as i64)
}

/// setpgid(pid, pgid): put process pid (0: us; else one of our children)
/// in group pgid (0: its own pid), an existing group of the same session
/// or a new one. Session leaders cannot move.
pub(super) fn sys_setpgid(p: &mut Proc, pid: Pid, pgid: Pid) -> SysResult {
    if pid < 0 || pgid < 0 {
        return Err(EINVAL);
    }
    let t = process(p, pid)?;
    if t.tgid != p.tgid && t.parent != p.tgid {
        return Err(ESRCH);
    }
    if t.sid != p.sid || t.sid == t.tgid {
        return Err(EPERM);
    }
    let pgid = if pgid == 0 { t.tgid } else { pgid };
    if pgid != t.tgid
        && !proc::table()
            .values()
            .any(|q| q.pgid == pgid && q.sid == p.sid && q.state != proc::State::Dead)
    {
        return Err(EPERM);
    }
    let tgid = t.tgid;
    for u in proc::threads_of(tgid) {
        u.pgid = pgid;
    }
    Ok(0)
}

/// setsid(): a new session and process group, led by the caller (EPERM
/// if it already leads a process group).
pub(super) fn sys_setsid(p: &mut Proc) -> SysResult {
    let tgid = p.tgid;
    if proc::table().values().any(|q| q.pgid == tgid && q.state != proc::State::Dead) {
        return Err(EPERM);
    }
    for u in proc::threads_of(tgid) {
        u.pgid = tgid;
        u.sid = tgid;
    }
    Ok(tgid as i64)
}

const TCGETS: u64 = 0x5401;
const TCSETS: u64 = 0x5402;
const TCSETSF: u64 = 0x5404;
const TIOCGPGRP: u64 = 0x540f;
const TIOCSPGRP: u64 = 0x5410;
const TIOCGWINSZ: u64 = 0x5413;
const TIOCGSID: u64 = 0x5429;

/// ioctl(fd, request, arg): the console is a terminal (TCGETS says so;
/// TCSETS* switch its line discipline off when they clear ISIG, ICANON
/// and ECHO, as cfmakeraw does, and on again when they set any of them;
/// other changes are accepted and change nothing), the controlling terminal of
/// init's session, with a foreground process group (TIOCGPGRP,
/// TIOCSPGRP) that gets ^C, ^Z and ^\ (console.rs).
pub(super) fn sys_ioctl(p: &mut Proc, fd: u64, req: u64, arg: u64) -> SysResult {
    let f = p.fds.get(fd).cloned().ok_or(EBADF)?;
    if !matches!(f.object, Object::Dev(Dev::Console)) {
        return Err(ENOTTY);
    }
    match req & 0xffff_ffff {
        TCGETS => {
            let raw = console::is_raw();
            let mut t = [0u8; 36];
            let iflag: u32 = if raw { 0 } else { 0x500 }; // ICRNL IXON
            t[0..4].copy_from_slice(&iflag.to_le_bytes());
            t[4..8].copy_from_slice(&0x5u32.to_le_bytes()); // OPOST ONLCR
            t[8..12].copy_from_slice(&0xbfu32.to_le_bytes()); // B38400 CS8 CREAD
            let lflag: u32 = if raw { 0 } else { 0x8a3b }; // ISIG ICANON ECHO...
            t[12..16].copy_from_slice(&lflag.to_le_bytes());
            let cc = [3u8, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a];
            t[17..17 + cc.len()].copy_from_slice(&cc);
            user_out(p, arg, &t)?;
            Ok(0)
        }
        TCSETS..=TCSETSF => {
            let mut t = [0u8; 36];
            user_in(p, arg, &mut t)?;
            let lflag = u32::from_le_bytes([t[12], t[13], t[14], t[15]]);
            const ISIG_ICANON_ECHO: u32 = 0x1 | 0x2 | 0x8;
            console::set_raw(lflag & ISIG_ICANON_ECHO == 0);
            Ok(0)
        }
        TIOCGWINSZ => {
            let ws: [u16; 4] = [24, 80, 0, 0];
            let mut b = [0u8; 8];
            for (i, w) in ws.iter().enumerate() {
                b[i * 2..i * 2 + 2].copy_from_slice(&w.to_le_bytes());
            }
            user_out(p, arg, &b)?;
            Ok(0)
        }
        TIOCGPGRP => {
            user_out(p, arg, &console::fg_pgrp().to_le_bytes())?;
            Ok(0)
        }
        TIOCGSID => {
            user_out(p, arg, &proc::INIT_PID.to_le_bytes())?;
            Ok(0)
        }
        TIOCSPGRP => {
            let mut b = [0u8; 4];
            user_in(p, arg, &mut b)?;
            let pgid = i32::from_le_bytes(b);
            if pgid < 0 {
                return Err(EINVAL);
            }
            if p.sid != proc::INIT_PID {
                return Err(ENOTTY);
            }
            if !proc::table()
                .values()
                .any(|q| q.pgid == pgid && q.sid == p.sid && q.state != proc::State::Dead)
            {
                return Err(EPERM);
            }
            console::set_fg_pgrp(pgid);
            Ok(0)
        }
        _ => Err(ENOTTY),
    }
}

/// rt_sigaction(sig, act, oldact, sigsetsize): read and set a signal's
/// disposition (signal/). SIGKILL and SIGSTOP cannot be changed.
pub(super) fn sys_rt_sigaction(
    p: &mut Proc,
    sig: u64,
    act: u64,
    oldact: u64,
    size: u64,
) -> SysResult {
    if size != 8 || sig == 0 || sig as usize > crate::signal::NSIG {
        return Err(EINVAL);
    }
    let i = sig as usize - 1;
    let old = p.sighand.actions[i];
    if act != 0 {
        if sig as i32 == crate::signal::SIGKILL || sig as i32 == crate::signal::SIGSTOP {
            return Err(EINVAL);
        }
        let mut raw = [0u8; 24];
        user_in(p, act, &mut raw)?;
        let w = |k: usize| u64::from_le_bytes(raw[k * 8..k * 8 + 8].try_into().unwrap());
        p.sighand.actions[i] = crate::signal::SigAction { handler: w(0), flags: w(1), mask: w(2) };
    }
    if oldact != 0 {
        let mut raw = [0u8; 24];
        raw[..8].copy_from_slice(&old.handler.to_le_bytes());
        raw[8..16].copy_from_slice(&old.flags.to_le_bytes());
        raw[16..].copy_from_slice(&old.mask.to_le_bytes());
        user_out(p, oldact, &raw)?;
    }
    Ok(0)
}
