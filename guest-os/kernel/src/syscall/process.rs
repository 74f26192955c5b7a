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

/// clone3(args, size): clone with its arguments in a struct clone_args
/// (flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
/// tls, set_tid, set_tid_size, cgroup; 64 bytes in its first version, 88
/// now). The stack is given as base and size. Larger structs are fine if
/// the part we do not know is zero (else E2BIG), as Linux checks them.
/// set_tid and cgroups are not supported (EINVAL).
pub(super) fn sys_clone3(p: &mut Proc, args: u64, size: u64) -> SysResult {
    const VER0: u64 = 64;
    const LATEST: usize = 88;
    if size < VER0 || size > PAGE_SIZE as u64 {
        return Err(if size < VER0 { EINVAL } else { E2BIG });
    }
    let mut raw = alloc::vec![0u8; size as usize];
    user_in(p, args, &mut raw)?;
    if raw.len() > LATEST && raw[LATEST..].iter().any(|&b| b != 0) {
        return Err(E2BIG);
    }
    raw.resize(raw.len().max(LATEST), 0);
    let w = |i: usize| u64::from_le_bytes(raw[i * 8..i * 8 + 8].try_into().unwrap());
    let [flags, _pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls] =
        core::array::from_fn(w);
    let (set_tid, set_tid_size) = (w(8), w(9));
    // exit_signal is the low byte of clone's flags; clone3 wants it apart.
    if flags & 0xff != 0 || exit_signal > crate::signal::NSIG as u64 {
        return Err(EINVAL);
    }
    if (stack == 0) != (stack_size == 0) || set_tid != 0 || set_tid_size != 0 {
        return Err(EINVAL);
    }
    let top = if stack == 0 { 0 } else { stack.checked_add(stack_size).ok_or(EINVAL)? };
    sys_clone(p, flags | exit_signal, top, parent_tid, tls, child_tid)
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
        ExecError::Io => EIO,
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
/// ru_nivcsw (the times with `with_times`).
fn rusage_bytes(maxrss_kb: u64, min_flt: u64, maj_flt: u64, nvcsw: u64, nivcsw: u64) -> [u8; 144] {
    rusage_with_times(0, 0, maxrss_kb, min_flt, maj_flt, nvcsw, nivcsw)
}

fn rusage_with_times(
    utime_ns: u64,
    stime_ns: u64,
    maxrss_kb: u64,
    min_flt: u64,
    maj_flt: u64,
    nvcsw: u64,
    nivcsw: u64,
) -> [u8; 144] {
    let mut words = [0u64; 18];
    words[0] = utime_ns / 1_000_000_000;
    words[1] = utime_ns % 1_000_000_000 / 1000;
    words[2] = stime_ns / 1_000_000_000;
    words[3] = stime_ns % 1_000_000_000 / 1000;
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
    crate::sched::cfs::update_curr(&mut p.se, timer::now_ns());
    let bytes = match who {
        0 => {
            let (mut ut, mut st, mut min, mut maj, mut nv, mut niv) = (0, 0, 0, 0, 0, 0);
            for t in proc::threads_of(p.tgid) {
                ut += t.utime_ns;
                st += t.stime_ns();
                min += t.min_flt;
                maj += t.maj_flt;
                nv += t.nvcsw;
                niv += t.nivcsw;
            }
            rusage_with_times(ut, st, hwm_kb, min, maj, nv, niv)
        }
        1 => rusage_with_times(
            p.utime_ns,
            p.stime_ns(),
            hwm_kb,
            p.min_flt,
            p.maj_flt,
            p.nvcsw,
            p.nivcsw,
        ),
        -1 => {
            let l = proc::get(p.tgid).unwrap();
            let (cmin, cmaj) = (l.cmin_flt, l.cmaj_flt);
            rusage_with_times(l.cutime_ns, l.cstime_ns, 0, cmin, cmaj, 0, 0)
        }
        _ => return Err(EINVAL),
    };
    user_out(p, usage, &bytes)?;
    Ok(0)
}

/// futex(uaddr, op, val, timeout, uaddr2, val3) (futex.rs):
///
/// ```text
///   WAIT(val, timeout)          sleep if *uaddr == val; timeout relative
///   WAIT_BITSET(val, ts, bits)  the same with a mask; timeout absolute,
///                               on CLOCK_MONOTONIC, or CLOCK_REALTIME
///                               with FUTEX_CLOCK_REALTIME
///   WAKE(n) / WAKE_BITSET(n, bits)   wake up to n waiters (matching bits)
///   REQUEUE(n, m, uaddr2)       wake n, move up to m to uaddr2
///   CMP_REQUEUE(n, m, uaddr2, val3)  the same if *uaddr == val3
/// ```
/// private (FUTEX_PRIVATE_FLAG: keyed by address space and address) or
/// shared (keyed by physical address). Errors as Linux: EINVAL for a
/// misaligned word, a zero bitset or a bad timeout, EAGAIN when the word
/// differs, ETIMEDOUT, EINTR when a handler runs (an untimed wait is
/// restarted otherwise), ENOSYS for the operations we lack (PI, WAKE_OP)
/// and for CLOCK_REALTIME with anything but WAIT_BITSET.
pub(super) fn sys_futex(p: &mut Proc, a: [u64; 6]) -> SysResult {
    let [uaddr, op, val, timeout, uaddr2, val3] = a;
    let cmd = op & !(futex::FUTEX_PRIVATE_FLAG | futex::FUTEX_CLOCK_REALTIME);
    if op & futex::FUTEX_CLOCK_REALTIME != 0 && cmd != futex::FUTEX_WAIT_BITSET {
        return Err(ENOSYS);
    }
    match cmd {
        futex::FUTEX_WAIT | futex::FUTEX_WAIT_BITSET => {
            let bitset =
                if cmd == futex::FUTEX_WAIT { futex::BITSET_MATCH_ANY } else { val3 as u32 };
            let until = if timeout != 0 {
                let (sec, nsec) = read_timespec(p, timeout)?;
                let t = ticks_of(sec, nsec);
                if cmd == futex::FUTEX_WAIT {
                    riscv::time().saturating_add(t).max(1)
                } else {
                    t.max(1) // absolute: our clocks count from boot (mtime 0)
                }
            } else {
                0
            };
            if bitset == 0 {
                return Err(EINVAL);
            }
            futex_wait(p, uaddr, op, val as u32, bitset, until, cmd == futex::FUTEX_WAIT)
        }
        futex::FUTEX_WAKE | futex::FUTEX_WAKE_BITSET => {
            let bitset =
                if cmd == futex::FUTEX_WAKE { futex::BITSET_MATCH_ANY } else { val3 as u32 };
            if bitset == 0 {
                return Err(EINVAL);
            }
            let key = futex_key(p, uaddr, op)?;
            Ok(futex::wake(key, count(val), bitset) as i64)
        }
        futex::FUTEX_REQUEUE | futex::FUTEX_CMP_REQUEUE => {
            // val2 (the number to requeue) comes in the timeout argument.
            if (val as i32) < 0 || (timeout as i32) < 0 {
                return Err(EINVAL);
            }
            let from = futex_key(p, uaddr, op)?;
            let to = futex_key(p, uaddr2, op)?;
            if cmd == futex::FUTEX_CMP_REQUEUE && futex_word(p, uaddr)? != val3 as u32 {
                return Err(EAGAIN);
            }
            Ok(futex::requeue(from, to, count(val), count(timeout)) as i64)
        }
        _ => Err(ENOSYS),
    }
}

/// A waiter count argument (an int; negative is "all" for wake, as the
/// kernel's unsigned conversion makes it).
fn count(v: u64) -> usize {
    let v = v as u32 as i32;
    if v < 0 { usize::MAX } else { v as usize }
}

/// The 32-bit futex word at uaddr.
fn futex_word(p: &Proc, uaddr: u64) -> Result<u32, i64> {
    let mut word = [0u8; 4];
    user_in(p, uaddr, &mut word)?;
    Ok(u32::from_le_bytes(word))
}

/// Which queue the word at `uaddr` names: EINVAL if misaligned, EFAULT if
/// unmapped.
fn futex_key(p: &Proc, uaddr: u64, op: u64) -> Result<futex::Key, i64> {
    if uaddr % 4 != 0 {
        return Err(EINVAL);
    }
    futex_word(p, uaddr)?; // faults the page in
    if op & futex::FUTEX_PRIVATE_FLAG != 0 {
        Ok((p.aspace.id(), uaddr as usize))
    } else {
        let e = vm::lookup(p.aspace.pagetable(), crate::mm::frame::page_down(uaddr as usize))
            .ok_or(EFAULT)?;
        Ok((0, vm::pte_pa(e) + uaddr as usize % PAGE_SIZE))
    }
}

/// Wait on the word at `uaddr` while it holds `val`, until mtime `until`
/// (0: forever). `relative`: the timeout was relative (FUTEX_WAIT), so an
/// interrupted wait goes on through restart_syscall with the same
/// deadline, as Linux's futex_wait_restart.
fn futex_wait(
    p: &mut Proc,
    uaddr: u64,
    op: u64,
    val: u32,
    bitset: u32,
    until: u64,
    relative: bool,
) -> SysResult {
    let key = futex_key(p, uaddr, op)?;
    if futex_word(p, uaddr)? != val {
        return Err(EAGAIN);
    }
    if until != 0 && riscv::time() >= until {
        return Err(ETIMEDOUT);
    }
    match futex::wait(key, bitset, until) {
        Ok(()) => Ok(0),
        Err(()) if crate::signal::signal_pending(p) => {
            if until == 0 {
                Err(crate::signal::ERESTARTSYS)
            } else if relative {
                p.restart = crate::proc::Restart::FutexWait { uaddr, op, val, until };
                Err(crate::signal::ERESTART_RESTARTBLOCK)
            } else {
                Err(crate::signal::ERESTARTNOHAND) // same arguments, same deadline
            }
        }
        Err(()) => Err(ETIMEDOUT),
    }
}

/// restart_syscall for an interrupted FUTEX_WAIT with a timeout.
pub(super) fn futex_wait_restart(
    p: &mut Proc,
    uaddr: u64,
    op: u64,
    val: u32,
    until: u64,
) -> SysResult {
    futex_wait(p, uaddr, op, val, futex::BITSET_MATCH_ANY, until, true)
}

/// set_robust_list(head, len): record the thread's robust futex list
/// (len must be the size of struct robust_list_head, 24). The kernel
/// would mark the locks of a thread that dies holding them; our record
/// is what get_robust_list reports.
pub(super) fn sys_set_robust_list(p: &mut Proc, head: u64, len: u64) -> SysResult {
    if len != 24 {
        return Err(EINVAL);
    }
    p.robust_list = (head, len);
    Ok(0)
}

/// get_robust_list(pid, head_ptr, len_ptr): task pid's (0: ours).
pub(super) fn sys_get_robust_list(p: &mut Proc, pid: i32, head: u64, len: u64) -> SysResult {
    let (h, l) = if pid == 0 { p.robust_list } else { proc::get(pid).ok_or(ESRCH)?.robust_list };
    user_out(p, head, &h.to_le_bytes())?;
    user_out(p, len, &l.to_le_bytes())?;
    Ok(0)
}

const PR_GET_DUMPABLE: u64 = 3;
const PR_SET_DUMPABLE: u64 = 4;
const PR_SET_NAME: u64 = 15;
const PR_GET_NAME: u64 = 16;
/// The size of comm with its NUL (Linux's TASK_COMM_LEN).
const TASK_COMM_LEN: usize = 16;

/// prctl(option, arg2, ...): the thread's name (PR_SET_NAME: at most 15
/// bytes are kept; PR_GET_NAME: 16 bytes, NUL-padded), which ps and
/// /proc/PID/comm show; the dumpable flag (always 1: we write no core
/// files, so setting it is accepted for 0 and 1 only). Every other
/// option is EINVAL: what Linux says for one it does not know (here also
/// for the many we do not have, such as PR_SET_PDEATHSIG).
pub(super) fn sys_prctl(p: &mut Proc, option: u64, arg2: u64) -> SysResult {
    match option {
        PR_SET_NAME => {
            // Up to 15 bytes, stopping at a NUL (strncpy_from_user).
            let mut name = Vec::new();
            for i in 0..TASK_COMM_LEN as u64 - 1 {
                let mut b = [0u8];
                user_in(p, arg2 + i, &mut b)?;
                if b[0] == 0 {
                    break;
                }
                name.push(b[0]);
            }
            p.name = alloc::string::String::from_utf8_lossy(&name).into_owned();
            Ok(0)
        }
        PR_GET_NAME => {
            let mut raw = [0u8; TASK_COMM_LEN];
            let n = p.name.len().min(TASK_COMM_LEN - 1);
            raw[..n].copy_from_slice(&p.name.as_bytes()[..n]);
            user_out(p, arg2, &raw)?;
            Ok(0)
        }
        PR_GET_DUMPABLE => Ok(1),
        PR_SET_DUMPABLE if arg2 <= 1 => Ok(0),
        _ => Err(EINVAL),
    }
}
