//! Waiting for several files at once: ppoll and pselect6 (glibc's poll,
//! select and their p- variants all come here).
//!
//! Each open file says what it is ready for (`poll_mask`, Linux's
//! f_op->poll): a pipe's read end has data (POLLIN) or no writer left
//! (POLLHUP), its write end has room (POLLOUT) or no reader (POLLERR); the
//! console has a line (POLLIN); regular files, /dev/null and /proc are
//! always ready (DEFAULT_POLLMASK). Nothing ready: the caller sleeps on
//! fs::file::POLL_CHAN, which every pipe and console event wakes, until
//! something is, the timeout passes, or a signal comes (then the call is
//! restarted, with the time left written back, or EINTR if a handler
//! runs). Both take a signal mask to hold during the wait, as
//! rt_sigsuspend does.

use super::*;
use crate::fs::Dev;
use crate::fs::file::{File, Object, PIPE_SIZE, POLL_CHAN};

const POLLIN: u16 = 0x1;
const POLLPRI: u16 = 0x2;
const POLLOUT: u16 = 0x4;
const POLLERR: u16 = 0x8;
const POLLHUP: u16 = 0x10;
const POLLNVAL: u16 = 0x20;
const POLLRDNORM: u16 = 0x40;
const POLLWRNORM: u16 = 0x100;
const DEFAULT_POLLMASK: u16 = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

/// What `f` is ready for now.
fn poll_mask(f: &File) -> u16 {
    match &f.object {
        Object::PipeRead(pipe) => {
            let mut m = 0;
            if !pipe.buf.borrow().is_empty() {
                m |= POLLIN | POLLRDNORM;
            }
            if pipe.writers.get() == 0 {
                m |= POLLHUP;
            }
            m
        }
        Object::PipeWrite(pipe) => {
            let mut m = 0;
            if pipe.buf.borrow().len() < PIPE_SIZE {
                m |= POLLOUT | POLLWRNORM;
            }
            if pipe.readers.get() == 0 {
                m |= POLLERR;
            }
            m
        }
        Object::Dev(Dev::Console) => {
            let mut m = POLLOUT | POLLWRNORM;
            if f.readable && console::readable() {
                m |= POLLIN | POLLRDNORM;
            }
            m
        }
        _ => DEFAULT_POLLMASK,
    }
}

/// The deadline of a user timeout (mtime; None: wait forever).
fn deadline(p: &Proc, tsp: u64) -> Result<Option<u64>, i64> {
    if tsp == 0 {
        return Ok(None);
    }
    let (sec, nsec) = read_timespec(p, tsp)?;
    Ok(Some(riscv::time().saturating_add(ticks_of(sec, nsec))))
}

/// Write the time left back to the user's timespec, as Linux does for
/// ppoll and pselect6 (a restarted call then waits only for the rest).
fn time_left(p: &Proc, tsp: u64, until: Option<u64>) {
    if let (true, Some(until)) = (tsp != 0, until) {
        let left = ns_of(until.saturating_sub(riscv::time()));
        let _ = user_out(p, tsp, &timespec_bytes(left));
    }
}

/// Hold signal mask `mask` (sigsetsize must be 8) until the call returns
/// to user mode; do_signal puts the old one back (or the handler's frame
/// keeps it, as for rt_sigsuspend).
fn hold_mask(p: &mut Proc, mask: u64, size: u64) -> Result<(), i64> {
    if mask == 0 {
        return Ok(());
    }
    if size != 8 {
        return Err(EINVAL);
    }
    let mut b = [0u8; 8];
    user_in(p, mask, &mut b)?;
    p.saved_mask = Some(p.sig_blocked);
    p.sig_blocked = u64::from_le_bytes(b) & !crate::signal::UNBLOCKABLE;
    Ok(())
}

/// Run `scan` until it finds something ready (its count), the deadline
/// passes (0), or a signal comes (ERESTARTNOHAND).
fn wait_ready(
    p: &mut Proc,
    until: Option<u64>,
    mut scan: impl FnMut(&mut Proc) -> Result<i64, i64>,
) -> SysResult {
    loop {
        let n = scan(p)?;
        if n > 0 {
            return Ok(n);
        }
        if until.is_some_and(|u| riscv::time() >= u) {
            return Ok(0);
        }
        if crate::signal::signal_pending(p) {
            return Err(crate::signal::ERESTARTNOHAND);
        }
        crate::sched::sleep(POLL_CHAN, until.unwrap_or(0));
    }
}

/// ppoll(fds, nfds, timeout, sigmask, sigsetsize): struct pollfd {int fd;
/// short events, revents}. A negative fd is skipped (revents 0), a closed
/// one gets POLLNVAL; POLLERR and POLLHUP are reported whether asked or
/// not. Returns how many entries have revents; EINVAL if nfds is over
/// RLIMIT_NOFILE.
pub(super) fn sys_ppoll(
    p: &mut Proc,
    fds: u64,
    nfds: u64,
    tsp: u64,
    sigmask: u64,
    sigsetsize: u64,
) -> SysResult {
    if nfds > p.fds.limit() as u64 {
        return Err(EINVAL);
    }
    let mut raw = alloc::vec![0u8; nfds as usize * 8];
    user_in(p, fds, &mut raw)?;
    let until = deadline(p, tsp)?;
    hold_mask(p, sigmask, sigsetsize)?;
    let r = wait_ready(p, until, |p| {
        let mut n = 0;
        for e in raw.chunks_exact_mut(8) {
            let fd = i32::from_le_bytes(e[..4].try_into().unwrap());
            let events = u16::from_le_bytes(e[4..6].try_into().unwrap());
            let revents = if fd < 0 {
                0
            } else {
                match p.fds.get(fd as u64) {
                    None => POLLNVAL,
                    Some(f) => poll_mask(f) & (events | POLLERR | POLLHUP),
                }
            };
            e[6..8].copy_from_slice(&revents.to_le_bytes());
            n += (revents != 0) as i64;
        }
        Ok(n)
    });
    time_left(p, tsp, until);
    let n = r?;
    user_out(p, fds, &raw)?;
    Ok(n)
}

/// pselect6(nfds, readfds, writefds, exceptfds, timeout, sig): fd_sets of
/// nfds bits (unsigned longs); sig points to {sigset pointer, size}. A
/// descriptor in a set that is not open is EBADF. The sets come back
/// holding the ready descriptors; returns how many bits are set.
pub(super) fn sys_pselect6(p: &mut Proc, a: [u64; 6]) -> SysResult {
    let [nfds, rfds, wfds, efds, tsp, sig] = a;
    let nfds = nfds as i32;
    if nfds < 0 {
        return Err(EINVAL);
    }
    let nfds = (nfds as usize).min(p.fds.limit());
    let words = nfds.div_ceil(64);
    let mut sets = [alloc::vec![0u64; words], alloc::vec![0u64; words], alloc::vec![0u64; words]];
    for (set, va) in sets.iter_mut().zip([rfds, wfds, efds]) {
        if va != 0 {
            let mut b = alloc::vec![0u8; words * 8];
            user_in(p, va, &mut b)?;
            for (w, c) in set.iter_mut().zip(b.chunks_exact(8)) {
                *w = u64::from_le_bytes(c.try_into().unwrap());
            }
        }
    }
    for fd in 0..nfds {
        let asked = sets.iter().any(|s| s[fd / 64] >> (fd % 64) & 1 != 0);
        if asked && p.fds.get(fd as u64).is_none() {
            return Err(EBADF);
        }
    }
    let until = deadline(p, tsp)?;
    if sig != 0 {
        let mut b = [0u8; 16];
        user_in(p, sig, &mut b)?;
        let mask = u64::from_le_bytes(b[..8].try_into().unwrap());
        let size = u64::from_le_bytes(b[8..].try_into().unwrap());
        hold_mask(p, mask, size)?;
    }
    let asked = sets.clone();
    let r = wait_ready(p, until, |p| {
        let mut n = 0;
        for fd in 0..nfds {
            let (w, bit) = (fd / 64, 1u64 << (fd % 64));
            if asked.iter().all(|s| s[w] & bit == 0) {
                continue;
            }
            let m = poll_mask(p.fds.get(fd as u64).ok_or(EBADF)?);
            let ready = [
                m & (POLLIN | POLLRDNORM | POLLHUP | POLLERR) != 0,
                m & (POLLOUT | POLLWRNORM | POLLERR) != 0,
                m & POLLPRI != 0,
            ];
            for k in 0..3 {
                if asked[k][w] & bit != 0 && ready[k] {
                    sets[k][w] |= bit;
                    n += 1;
                } else {
                    sets[k][w] &= !bit;
                }
            }
        }
        Ok(n)
    });
    time_left(p, tsp, until);
    let n = r?;
    for (set, va) in sets.iter().zip([rfds, wfds, efds]) {
        if va != 0 {
            let b: Vec<u8> = set.iter().flat_map(|w| w.to_le_bytes()).collect();
            user_out(p, va, &b)?;
        }
    }
    Ok(n)
}
