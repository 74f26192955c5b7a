//! Scheduling and process relations: nice values (setpriority,
//! getpriority, nice), CPU affinity, `times`, process groups and sessions
//! (setpgid, getpgid, setsid, getsid), and tgkill.
//!
//! The raw `getpriority` returns `20 - nice` (1..=40) so that no valid
//! result looks like `-errno`; [`getpriority`] turns it back into the nice
//! value (-20..=19), as glibc does. riscv64 has no `nice` system call:
//! [`nice`] is getpriority + setpriority, as glibc's.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall0, syscall1, syscall2, syscall3};

/// `which` for get/setpriority.
pub const PRIO_PROCESS: i32 = 0;
pub const PRIO_PGRP: i32 = 1;
pub const PRIO_USER: i32 = 2;

/// `getpriority(which, who)`: the nice value (-20..=19); `who` 0 = self.
/// For a group or user, the best (lowest) nice of its processes.
pub fn getpriority(which: i32, who: i32) -> Result<i32, Errno> {
    // SAFETY: no pointers.
    let raw = check(unsafe { syscall2(nr::GETPRIORITY, which as usize, who as isize as usize) })?;
    Ok(20 - raw as i32)
}

/// `setpriority(which, who, nice)`: sets the nice value (the kernel clamps
/// it to -20..=19). Lowering it needs privilege (EACCES/EPERM otherwise).
pub fn setpriority(which: i32, who: i32, nice: i32) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe {
        syscall3(nr::SETPRIORITY, which as usize, who as isize as usize, nice as isize as usize)
    })
    .map(|_| ())
}

/// `nice(inc)`: adds `inc` to our nice value (clamped to -20..=19) and
/// returns the new one. EPERM where glibc's would (lowering without privilege).
pub fn nice(inc: i32) -> Result<i32, Errno> {
    let cur = getpriority(PRIO_PROCESS, 0)?;
    let new = (cur + inc).clamp(-20, 19);
    match setpriority(PRIO_PROCESS, 0, new) {
        Err(Errno::EACCES) => return Err(Errno::EPERM),
        r => r?,
    }
    getpriority(PRIO_PROCESS, 0)
}

/// A CPU set of 1024 CPUs (`cpu_set_t`).
#[derive(Clone, Copy)]
pub struct CpuSet(pub [u64; 16]);

impl CpuSet {
    /// No CPU.
    pub fn empty() -> CpuSet {
        CpuSet([0; 16])
    }
    /// Only `cpu`.
    pub fn single(cpu: usize) -> CpuSet {
        let mut s = CpuSet::empty();
        s.set(cpu);
        s
    }
    /// CPU_SET.
    pub fn set(&mut self, cpu: usize) {
        self.0[cpu / 64] |= 1 << (cpu % 64);
    }
    /// CPU_ISSET.
    pub fn is_set(&self, cpu: usize) -> bool {
        self.0[cpu / 64] & (1 << (cpu % 64)) != 0
    }
    /// CPU_COUNT.
    pub fn count(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

/// `sched_setaffinity(pid, sizeof(cpu_set_t), &set)`: `pid` 0 = self.
pub fn sched_setaffinity(pid: i32, set: &CpuSet) -> Result<(), Errno> {
    // SAFETY: the kernel reads 128 bytes of set.
    check(unsafe {
        syscall3(nr::SCHED_SETAFFINITY, pid as isize as usize, 128, set as *const CpuSet as usize)
    })
    .map(|_| ())
}

/// `sched_getaffinity(pid, sizeof(cpu_set_t), &set)`.
pub fn sched_getaffinity(pid: i32) -> Result<CpuSet, Errno> {
    let mut set = CpuSet::empty();
    // SAFETY: the kernel writes at most 128 bytes into set.
    check(unsafe {
        syscall3(nr::SCHED_GETAFFINITY, pid as isize as usize, 128, &mut set as *mut CpuSet as usize)
    })?;
    Ok(set)
}

/// `struct tms`: CPU times in clock ticks (USER_HZ, 100 on Linux).
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct Tms {
    pub tms_utime: i64,
    pub tms_stime: i64,
    pub tms_cutime: i64, // of waited-for children
    pub tms_cstime: i64,
}

/// `times(&tms)`: our CPU times, and the elapsed ticks since an arbitrary
/// point (Linux: since boot, offset).
pub fn times() -> Result<(Tms, i64), Errno> {
    let mut t = Tms::default();
    // SAFETY: the kernel writes one struct tms.
    let r = unsafe { syscall1(nr::TIMES, &mut t as *mut Tms as usize) };
    Ok((t, check(r)? as i64))
}

/// `setpgid(pid, pgid)`: 0 for either means "the caller" / "pid itself".
pub fn setpgid(pid: i32, pgid: i32) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall2(nr::SETPGID, pid as isize as usize, pgid as isize as usize) }).map(|_| ())
}

/// `getpgid(pid)` (0 = self).
pub fn getpgid(pid: i32) -> Result<i32, Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall1(nr::GETPGID, pid as isize as usize) }).map(|v| v as i32)
}

/// `setsid()`: a new session and process group led by the caller; its id.
pub fn setsid() -> Result<i32, Errno> {
    // SAFETY: no arguments.
    check(unsafe { syscall0(nr::SETSID) }).map(|v| v as i32)
}

/// `getsid(pid)` (0 = self).
pub fn getsid(pid: i32) -> Result<i32, Errno> {
    // SAFETY: no pointers.
    check(unsafe { syscall1(nr::GETSID, pid as isize as usize) }).map(|v| v as i32)
}

/// `tgkill(tgid, tid, sig)`: a signal to one thread of a process.
pub fn tgkill(tgid: i32, tid: i32, sig: i32) -> Result<(), Errno> {
    // SAFETY: no pointers.
    check(unsafe {
        syscall3(nr::TGKILL, tgid as isize as usize, tid as isize as usize, sig as usize)
    })
    .map(|_| ())
}
