//! Process system calls: clone (fork and threads), execve, wait4,
//! getrusage and futex; proc/ does the work.

use super::*;

/// clone(flags, stack, ptid, tls, ctid): fork.rs.
pub(super) fn sys_clone(
    p: &mut Proc,
    flags: u64,
    stack: u64,
    ptid: u64,
    tls: u64,
    ctid: u64,
) -> SysResult {
    fork::clone(p, flags, stack, ptid, tls, ctid).map(|pid| pid as i64).map_err(|e| match e {
        CloneError::Invalid => EINVAL,
        CloneError::Again => EAGAIN,
        CloneError::NoMem => ENOMEM,
        CloneError::Fault => EFAULT,
    })
}

/// A NULL-terminated user array of string pointers (argv, envp).
fn user_strings(p: &Proc, mut va: u64) -> Result<Vec<Vec<u8>>, i64> {
    let mut out = Vec::new();
    if va == 0 {
        return Ok(out);
    }
    loop {
        let mut ptr = [0u8; 8];
        user_in(p, va, &mut ptr)?;
        let ptr = u64::from_le_bytes(ptr);
        if ptr == 0 {
            return Ok(out);
        }
        if out.len() >= ARG_MAX {
            return Err(E2BIG);
        }
        out.push(
            vm::copy_in_str(p.aspace.pagetable(), ptr as usize, PATH_MAX).map_err(|_| EFAULT)?,
        );
        va += 8;
    }
}

/// execve(path, argv, envp).
pub(super) fn sys_execve(p: &mut Proc, path: u64, argv: u64, envp: u64) -> SysResult {
    let path =
        vm::copy_in_str(p.aspace.pagetable(), path as usize, PATH_MAX).map_err(|_| EFAULT)?;
    let path = core::str::from_utf8(&path).map_err(|_| ENOENT)?;
    if path.len() >= PATH_MAX {
        return Err(ENAMETOOLONG);
    }
    if path.is_empty() {
        return Err(ENOENT);
    }
    let argv = user_strings(p, argv)?;
    let envp = user_strings(p, envp)?;
    let path = crate::fs::absolute(&p.cwd, path);
    exec::exec(p, &path, &argv, &envp).map_err(|e| match e {
        ExecError::NotFound => ENOENT,
        ExecError::NotDir => ENOTDIR,
        ExecError::NoExec => ENOEXEC,
        ExecError::Access => EACCES,
        ExecError::NoMem => ENOMEM,
        ExecError::TooBig => E2BIG,
        ExecError::LibBad => ELIBBAD,
    })?;
    Ok(0)
}

const WNOHANG: u64 = 1;
const WUNTRACED: u64 = 2;
const WCONTINUED: u64 = 8;
const WALL: u64 = 0x4000_0000;
const WCLONE: u64 = 0x8000_0000;

/// struct rusage (riscv64): ru_utime, ru_stime (timevals), then 14 longs,
/// of which we fill ru_maxrss (KiB), ru_minflt, ru_majflt, ru_nvcsw and
/// ru_nivcsw.
fn rusage_bytes(maxrss_kb: u64, min_flt: u64, maj_flt: u64, nvcsw: u64, nivcsw: u64) -> [u8; 144] {
    let mut words = [0u64; 18];
    words[4] = maxrss_kb;
    words[8] = min_flt;
    words[9] = maj_flt;
    words[16] = nvcsw;
    words[17] = nivcsw;
    let mut out = [0u8; 144];
    for (i, w) in words.iter().enumerate() {
        out[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// wait4(pid, wstatus, options, rusage): wait for a child (pid > 0: that
/// one; -1: any; 0: of our process group; < -1: of group -pid) to exit
/// (or, with WUNTRACED / WCONTINUED, to stop / continue: not reaped);
/// reap it, store its wait status and resource usage (its page faults,
/// and those of the children it reaped), return its pid.
pub(super) fn sys_wait4(
    p: &mut Proc,
    pid: Pid,
    wstatus: u64,
    options: u64,
    rusage: u64,
) -> SysResult {
    if options & !(WNOHANG | WUNTRACED | WCONTINUED | WALL | WCLONE) != 0 {
        return Err(EINVAL);
    }
    loop {
        match exit::try_reap(p, pid, options & WUNTRACED != 0, options & WCONTINUED != 0) {
            Err(()) => return Err(ECHILD),
            Ok(Some(r)) => {
                if wstatus != 0 {
                    user_out(p, wstatus, &r.status.to_le_bytes())?;
                }
                if rusage != 0 {
                    user_out(p, rusage, &rusage_bytes(0, r.min_flt, r.maj_flt, r.nvcsw, r.nivcsw))?;
                }
                return Ok(r.pid as i64);
            }
            Ok(None) => {}
        }
        if options & WNOHANG != 0 {
            return Ok(0);
        }
        if crate::signal::signal_pending(p) {
            return Err(crate::signal::ERESTARTSYS);
        }
        crate::sched::sleep(exit::wait_chan(p.tgid), 0);
    }
}

/// getrusage(who, usage): RUSAGE_SELF (0; the calling process: all its
/// threads), RUSAGE_CHILDREN (-1; reaped children), RUSAGE_THREAD (1).
pub(super) fn sys_getrusage(p: &mut Proc, who: i64, usage: u64) -> SysResult {
    let hwm_kb = (p.aspace.hiwater_rss * PAGE_SIZE / 1024) as u64;
    let bytes = match who {
        0 => {
            let (mut min, mut maj, mut nv, mut niv) = (0, 0, 0, 0);
            for t in proc::threads_of(p.tgid) {
                min += t.min_flt;
                maj += t.maj_flt;
                nv += t.nvcsw;
                niv += t.nivcsw;
            }
            rusage_bytes(hwm_kb, min, maj, nv, niv)
        }
        1 => rusage_bytes(hwm_kb, p.min_flt, p.maj_flt, p.nvcsw, p.nivcsw),
        -1 => rusage_bytes(0, p.cmin_flt, p.cmaj_flt, 0, 0),
        _ => return Err(EINVAL),
    };
    user_out(p, usage, &bytes)?;
    Ok(0)
}

/// futex(uaddr, op, val, timeout): FUTEX_WAIT and FUTEX_WAKE (futex.rs),
/// private or shared.
pub(super) fn sys_futex(p: &mut Proc, uaddr: u64, op: u64, val: u64, timeout: u64) -> SysResult {
    if uaddr % 4 != 0 {
        return Err(EINVAL);
    }
    let private = op & futex::FUTEX_PRIVATE_FLAG != 0;
    let mut word = [0u8; 4];
    user_in(p, uaddr, &mut word)?;
    let key = if private {
        (p.aspace.id(), uaddr as usize)
    } else {
        let e = vm::lookup(p.aspace.pagetable(), crate::mm::frame::page_down(uaddr as usize))
            .ok_or(EFAULT)?;
        (0, vm::pte_pa(e) + uaddr as usize % PAGE_SIZE)
    };
    match op & !futex::FUTEX_PRIVATE_FLAG & !256 {
        futex::FUTEX_WAIT => {
            if u32::from_le_bytes(word) != val as u32 {
                return Err(EAGAIN);
            }
            let until = if timeout != 0 {
                let mut ts = [0u8; 16];
                user_in(p, timeout, &mut ts)?;
                let sec = u64::from_le_bytes(ts[..8].try_into().unwrap());
                let nsec = u64::from_le_bytes(ts[8..].try_into().unwrap());
                let tb = timer::timebase();
                riscv::time()
                    .saturating_add(sec.saturating_mul(tb))
                    .saturating_add(nsec.min(999_999_999) * tb / 1_000_000_000)
                    .max(1)
            } else {
                0
            };
            match futex::wait(key, until) {
                Ok(()) => Ok(0),
                Err(()) if crate::signal::signal_pending(p) => Err(EINTR),
                Err(()) => Err(ETIMEDOUT),
            }
        }
        futex::FUTEX_WAKE => Ok(futex::wake(key, val.min(i32::MAX as u64) as usize) as i64),
        _ => Err(ENOSYS),
    }
}
