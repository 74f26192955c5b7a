//! System calls: Linux's riscv64 ABI (asm-generic numbers).
//!
//! A user program puts the number in a7 and up to six arguments in a0..a5
//! and executes ecall; the result comes back in a0, -errno on failure.
//! Every user pointer is checked through the process's page table
//! (vm::copy_in / copy_out): a bad one gives -EFAULT, never a kernel fault.

use crate::exec::{self, ExecError};
use crate::fork::{self, CloneError};
use crate::proc::{self, Pid, Proc, reg};
use crate::{console, exec::STACK_TOP, frame::PAGE_SIZE, power, riscv, sched, timer, uart, vm};
use crate::{exit, futex, signal};
use alloc::vec::Vec;

/// errno values (asm-generic/errno-base.h).
#[allow(dead_code)] // the whole table, used or not yet
pub mod errno {
    pub const EPERM: i64 = 1;
    pub const ENOENT: i64 = 2;
    pub const ESRCH: i64 = 3;
    pub const E2BIG: i64 = 7;
    pub const EAGAIN: i64 = 11;
    pub const ETIMEDOUT: i64 = 110;
    pub const ENOEXEC: i64 = 8;
    pub const EBADF: i64 = 9;
    pub const ECHILD: i64 = 10;
    pub const ENOMEM: i64 = 12;
    pub const EACCES: i64 = 13;
    pub const EFAULT: i64 = 14;
    pub const EINTR: i64 = 4;
    pub const EBUSY: i64 = 16;
    pub const EEXIST: i64 = 17;
    pub const ENOTDIR: i64 = 20;
    pub const EISDIR: i64 = 21;
    pub const EINVAL: i64 = 22;
    pub const EMFILE: i64 = 24;
    pub const ESPIPE: i64 = 29;
    pub const EPIPE: i64 = 32;
    pub const ERANGE: i64 = 34;
    pub const ENAMETOOLONG: i64 = 36;
    pub const ENOSYS: i64 = 38;
    pub const ENOTEMPTY: i64 = 39;
    pub const ELOOP: i64 = 40;
}
use errno::*;

/// System call numbers (include/uapi/asm-generic/unistd.h).
pub mod nr {
    pub const GETCWD: u64 = 17;
    pub const DUP: u64 = 23;
    pub const DUP3: u64 = 24;
    pub const MKDIRAT: u64 = 34;
    pub const UNLINKAT: u64 = 35;
    pub const CHDIR: u64 = 49;
    pub const OPENAT: u64 = 56;
    pub const CLOSE: u64 = 57;
    pub const PIPE2: u64 = 59;
    pub const GETDENTS64: u64 = 61;
    pub const LSEEK: u64 = 62;
    pub const READLINKAT: u64 = 78;
    pub const NEWFSTATAT: u64 = 79;
    pub const FSTAT: u64 = 80;
    pub const KILL: u64 = 129;
    pub const GETUID: u64 = 174;
    pub const GETEUID: u64 = 175;
    pub const GETGID: u64 = 176;
    pub const GETEGID: u64 = 177;
    pub const READ: u64 = 63;
    pub const WRITE: u64 = 64;
    pub const READV: u64 = 65;
    pub const WRITEV: u64 = 66;
    pub const EXIT: u64 = 93;
    pub const EXIT_GROUP: u64 = 94;
    pub const SET_TID_ADDRESS: u64 = 96;
    pub const FUTEX: u64 = 98;
    pub const RT_SIGACTION: u64 = 134;
    pub const RT_SIGPROCMASK: u64 = 135;
    pub const GETRUSAGE: u64 = 165;
    pub const GETTID: u64 = 178;
    pub const SCHED_SETAFFINITY: u64 = 122;
    pub const SCHED_GETAFFINITY: u64 = 123;
    pub const SETPRIORITY: u64 = 140;
    pub const GETPRIORITY: u64 = 141;
    pub const MADVISE: u64 = 233;
    pub const NANOSLEEP: u64 = 101;
    pub const CLOCK_GETTIME: u64 = 113;
    pub const SCHED_YIELD: u64 = 124;
    pub const REBOOT: u64 = 142;
    pub const UNAME: u64 = 160;
    pub const GETPID: u64 = 172;
    pub const GETPPID: u64 = 173;
    pub const BRK: u64 = 214;
    pub const MUNMAP: u64 = 215;
    pub const CLONE: u64 = 220;
    pub const EXECVE: u64 = 221;
    pub const MMAP: u64 = 222;
    pub const WAIT4: u64 = 260;
    // Signals and job control: sigsys.rs.
    pub const IOCTL: u64 = 29;
    pub const TKILL: u64 = 130;
    pub const TGKILL: u64 = 131;
    pub const RT_SIGSUSPEND: u64 = 133;
    pub const RT_SIGPENDING: u64 = 136;
    pub const RT_SIGRETURN: u64 = 139;
    pub const SETPGID: u64 = 154;
    pub const GETPGID: u64 = 155;
    pub const GETSID: u64 = 156;
    pub const SETSID: u64 = 157;
}

/// Longest path, and most argv/envp entries, execve accepts.
const PATH_MAX: usize = 4096;
const ARG_MAX: usize = 256;

/// How far brk may grow: well below the stack.
const BRK_LIMIT: usize = STACK_TOP - crate::fault::STACK_MAX - crate::fault::STACK_GUARD_GAP;

type SysResult = Result<i64, i64>;

/// Run the system call in p's trap frame; put the result in a0.
pub fn dispatch(p: &mut Proc) {
    let tf = p.trapframe();
    let a = [tf.x[10], tf.x[11], tf.x[12], tf.x[13], tf.x[14], tf.x[15]];
    let result = match tf.x[reg::A7] {
        nr::GETCWD => sys_getcwd(p, a[0], a[1]),
        nr::DUP => sys_dup(p, a[0]),
        nr::DUP3 => sys_dup3(p, a[0], a[1], a[2]),
        nr::MKDIRAT => sys_mkdirat(p, a[0], a[1], a[2]),
        nr::UNLINKAT => sys_unlinkat(p, a[0], a[1], a[2]),
        nr::CHDIR => sys_chdir(p, a[0]),
        nr::OPENAT => sys_openat(p, a[0], a[1], a[2], a[3]),
        nr::CLOSE => p.fds.close(a[0]).map(|_| 0).ok_or(EBADF),
        nr::PIPE2 => sys_pipe2(p, a[0], a[1]),
        nr::GETDENTS64 => sys_getdents64(p, a[0], a[1], a[2]),
        nr::LSEEK => sys_lseek(p, a[0], a[1] as i64, a[2]),
        nr::NEWFSTATAT => sys_newfstatat(p, a[0], a[1], a[2], a[3]),
        nr::READLINKAT => sys_readlinkat(p, a[0], a[1], a[2], a[3]),
        nr::FSTAT => sys_fstat(p, a[0], a[1]),
        nr::KILL => sys_kill(p, a[0] as i64, a[1] as i64),
        nr::GETUID | nr::GETEUID | nr::GETGID | nr::GETEGID => Ok(0),
        nr::READ => sys_read(p, a[0], a[1], a[2]),
        nr::WRITE => sys_write(p, a[0], a[1], a[2]),
        nr::READV => sys_readv(p, a[0], a[1], a[2], false),
        nr::WRITEV => sys_readv(p, a[0], a[1], a[2], true),
        nr::EXIT => exit::exit(p, ((a[0] & 0xff) << 8) as i32),
        nr::EXIT_GROUP => exit::exit_group(p, ((a[0] & 0xff) << 8) as i32),
        nr::SET_TID_ADDRESS => {
            p.clear_child_tid = a[0] as usize;
            Ok(p.pid as i64)
        }
        nr::FUTEX => sys_futex(p, a[0], a[1], a[2], a[3]),
        nr::RT_SIGACTION => sys_rt_sigaction(p, a[0], a[1], a[2], a[3]),
        nr::RT_SIGPROCMASK => sys_rt_sigprocmask(p, a[0], a[1], a[2], a[3]),
        nr::GETRUSAGE => sys_getrusage(p, a[0] as i64, a[1]),
        nr::GETTID => Ok(p.pid as i64),
        nr::SETPRIORITY => sys_setpriority(p, a[0], a[1] as i64 as i32, a[2] as i64 as i32),
        nr::GETPRIORITY => sys_getpriority(p, a[0], a[1] as i64 as i32),
        nr::SCHED_SETAFFINITY => sys_sched_affinity(p, a[0] as i64 as i32, a[1], a[2], true),
        nr::SCHED_GETAFFINITY => sys_sched_affinity(p, a[0] as i64 as i32, a[1], a[2], false),
        nr::MADVISE => Ok(0), // advice only
        nr::NANOSLEEP => sys_nanosleep(p, a[0], a[1]),
        nr::CLOCK_GETTIME => sys_clock_gettime(p, a[0], a[1]),
        nr::SCHED_YIELD => {
            sched::yield_now();
            Ok(0)
        }
        nr::REBOOT => sys_reboot(a[0], a[1], a[2], a[3]),
        nr::UNAME => sys_uname(p, a[0]),
        nr::GETPID => Ok(p.tgid as i64),
        nr::GETPPID => Ok(p.parent as i64),
        nr::BRK => Ok(sys_brk(p, a[0] as usize) as i64),
        nr::MMAP => sys_mmap(p, a[1], a[2], a[3], a[5]),
        nr::MUNMAP => sys_munmap(p, a[0], a[1]),
        nr::CLONE => sys_clone(p, a[0], a[1], a[2], a[3], a[4]),
        nr::EXECVE => sys_execve(p, a[0], a[1], a[2]),
        nr::WAIT4 => sys_wait4(p, a[0] as i64 as i32, a[1], a[2], a[3]),
        nr::IOCTL => sys_ioctl(p, a[0], a[1], a[2]),
        nr::TKILL => sys_tgkill(p, -1, a[0] as i64, a[1] as i64),
        nr::TGKILL => sys_tgkill(p, a[0] as i64, a[1] as i64, a[2] as i64),
        nr::RT_SIGSUSPEND => sys_rt_sigsuspend(p, a[0], a[1]),
        nr::RT_SIGPENDING => sys_rt_sigpending(p, a[0], a[1]),
        nr::RT_SIGRETURN => Ok(signal::sigreturn(p) as i64),
        nr::SETPGID => sys_setpgid(p, a[0] as i64 as i32, a[1] as i64 as i32),
        nr::GETPGID => sys_getpgid(p, a[0] as i64 as i32, false),
        nr::GETSID => sys_getpgid(p, a[0] as i64 as i32, true),
        nr::SETSID => sys_setsid(p),
        _ => Err(ENOSYS),
    };
    p.trapframe().x[reg::A0] = match result {
        Ok(v) => v as u64,
        Err(e) => (-e) as u64,
    };
}

fn user_out(p: &Proc, va: u64, bytes: &[u8]) -> Result<(), i64> {
    vm::copy_out(p.aspace.pagetable(), va as usize, bytes).map_err(|_| EFAULT)
}

fn user_in(p: &Proc, va: u64, bytes: &mut [u8]) -> Result<(), i64> {
    vm::copy_in(p.aspace.pagetable(), va as usize, bytes).map_err(|_| EFAULT)
}

#[path = "fsys.rs"]
mod fsys;
use fsys::*;
#[path = "sigsys.rs"]
mod sigsys;
use sigsys::*;

/// Where console readers sleep (console.rs wakes them).
const CONSOLE_CHAN: usize = crate::console::CHAN;

/// nanosleep(req, rem): sleep at least req (rounded up to the next tick).
fn sys_nanosleep(p: &mut Proc, req: u64, rem: u64) -> SysResult {
    let mut ts = [0u8; 16];
    user_in(p, req, &mut ts)?;
    let sec = i64::from_le_bytes(ts[..8].try_into().unwrap());
    let nsec = i64::from_le_bytes(ts[8..].try_into().unwrap());
    if sec < 0 || !(0..1_000_000_000).contains(&nsec) {
        return Err(EINVAL);
    }
    let tb = timer::timebase();
    let ticks = (sec as u64).saturating_mul(tb).saturating_add(nsec as u64 * tb / 1_000_000_000);
    let until = riscv::time().saturating_add(ticks.max(1));
    while riscv::time() < until {
        if signal::signal_pending(p) {
            // EINTR if a handler runs (with the time left), else restart.
            if rem != 0 {
                let left = (until - riscv::time()) * 1_000_000_000 / tb;
                let mut out = [0u8; 16];
                out[..8].copy_from_slice(&(left / 1_000_000_000).to_le_bytes());
                out[8..].copy_from_slice(&(left % 1_000_000_000).to_le_bytes());
                user_out(p, rem, &out)?;
            }
            return Err(signal::ERESTARTNOHAND);
        }
        sched::sleep(0, until);
    }
    if rem != 0 {
        user_out(p, rem, &[0u8; 16])?;
    }
    Ok(0)
}

/// clock_gettime(clock, ts): REALTIME (0, which starts at boot for now),
/// MONOTONIC (1), MONOTONIC_RAW (4), BOOTTIME (7); and CPU time used:
/// PROCESS_CPUTIME_ID (2: all threads) and THREAD_CPUTIME_ID (3), from
/// the scheduler's sum_exec_runtime (ns, the deterministic clock).
fn sys_clock_gettime(p: &mut Proc, clock: u64, ts: u64) -> SysResult {
    let ns = match clock {
        0 | 1 | 4 | 7 => timer::now_ns(),
        2 | 3 => {
            crate::sched::cfs::update_curr(&mut p.se, timer::now_ns());
            if clock == 3 {
                p.se.sum_exec_runtime
            } else {
                proc::threads_of(p.tgid).map(|t| t.se.sum_exec_runtime).sum()
            }
        }
        _ => return Err(EINVAL),
    };
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&(ns / 1_000_000_000).to_le_bytes());
    out[8..].copy_from_slice(&(ns % 1_000_000_000).to_le_bytes());
    user_out(p, ts, &out)?;
    Ok(0)
}

const LINUX_REBOOT_MAGIC1: u64 = 0xfee1_dead;
const LINUX_REBOOT_MAGIC2: u64 = 672_274_793;
const LINUX_REBOOT_CMD_RESTART: u64 = 0x0123_4567;
const LINUX_REBOOT_CMD_HALT: u64 = 0xcdef_0123;
const LINUX_REBOOT_CMD_POWER_OFF: u64 = 0x4321_fedc;

/// reboot(magic1, magic2, cmd, arg). Our convention: POWER_OFF powers off
/// with exit status `arg` (Linux ignores arg for this command).
fn sys_reboot(magic1: u64, magic2: u64, cmd: u64, arg: u64) -> SysResult {
    if magic1 as u32 as u64 != LINUX_REBOOT_MAGIC1 || magic2 as u32 as u64 != LINUX_REBOOT_MAGIC2 {
        return Err(EINVAL);
    }
    match cmd as u32 as u64 {
        LINUX_REBOOT_CMD_POWER_OFF => {
            let code = (arg as u32) & power::MAX_EXIT_CODE;
            let (free, _) = crate::frame::stats();
            let cached = crate::pagecache::pages();
            crate::println!(
                "kernel: power off, exit status {code} ({free} frames free, {cached} in the page cache)"
            );
            power::poweroff(code)
        }
        LINUX_REBOOT_CMD_HALT => {
            crate::println!("kernel: halt");
            power::poweroff(0)
        }
        LINUX_REBOOT_CMD_RESTART => {
            crate::println!("kernel: restart");
            power::reboot()
        }
        _ => Err(EINVAL),
    }
}

/// uname(buf): struct utsname, six 65-byte NUL-terminated fields.
fn sys_uname(p: &mut Proc, buf: u64) -> SysResult {
    let fields = ["Vitrine", "vitrine", crate::VERSION, "teaching kernel", "riscv64", "(none)"];
    let mut out = [0u8; 6 * 65];
    for (i, f) in fields.iter().enumerate() {
        out[i * 65..i * 65 + f.len()].copy_from_slice(f.as_bytes());
    }
    user_out(p, buf, &out)?;
    Ok(0)
}

/// brk(addr): move the break if possible; always return the break.
fn sys_brk(p: &mut Proc, addr: usize) -> usize {
    if addr != 0 {
        p.aspace.set_brk(addr, BRK_LIMIT);
    }
    p.aspace.brk
}

const PROT_READ: u64 = 1;
const PROT_WRITE: u64 = 2;
const PROT_EXEC: u64 = 4;
const MAP_SHARED: u64 = 0x01;
const MAP_PRIVATE: u64 = 0x02;
const MAP_ANONYMOUS: u64 = 0x20;
const MAP_NORESERVE: u64 = 0x4000;

/// mmap(addr, len, prot, flags, fd, offset): anonymous mappings, private
/// (MAP_PRIVATE: copy-on-write across fork) or shared (MAP_SHARED: parent
/// and children see each other's writes). fd is ignored as Linux does for
/// anonymous maps. The address is only a hint and we ignore it: the region
/// goes in the highest free range below the stack. Nothing is allocated
/// until the pages are touched (demand paging); the commit charge
/// (commit.rs) decides whether the promise can be made at all.
fn sys_mmap(p: &mut Proc, len: u64, prot: u64, flags: u64, offset: u64) -> SysResult {
    if len == 0 || offset % PAGE_SIZE as u64 != 0 {
        return Err(EINVAL);
    }
    let kind = flags & (MAP_SHARED | MAP_PRIVATE);
    if flags & MAP_ANONYMOUS == 0 || !(kind == MAP_SHARED || kind == MAP_PRIVATE) {
        return Err(EINVAL);
    }
    if flags & !(MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE) != 0
        || prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0
    {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(ENOMEM)? & !(PAGE_SIZE - 1);
    let mut perm = vm::PTE_U;
    if prot & PROT_READ != 0 {
        perm |= vm::PTE_R;
    }
    if prot & PROT_WRITE != 0 {
        perm |= vm::PTE_W | vm::PTE_R; // RISC-V has no write-only pages
    }
    if prot & PROT_EXEC != 0 {
        perm |= vm::PTE_X;
    }
    let bottom = crate::frame::page_up(p.aspace.brk).max(MMAP_MIN);
    p.aspace
        .map_anon(len, perm, kind == MAP_SHARED, bottom, BRK_LIMIT)
        .map(|va| va as i64)
        .map_err(|_| ENOMEM)
}

/// The lowest address mmap hands out (Linux's default mmap_min_addr).
pub const MMAP_MIN: usize = 0x10000;

/// munmap(addr, len): addr page-aligned, len > 0 (rounded up to pages).
/// Whole regions, their heads, tails or middles; pages without a mapping
/// are fine. Only mmap regions: a range that meets the program, the heap
/// or the stack gives EINVAL (Linux would unmap those too).
fn sys_munmap(p: &mut Proc, addr: u64, len: u64) -> SysResult {
    let addr = addr as usize;
    if addr % PAGE_SIZE != 0 || len == 0 {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(EINVAL)? & !(PAGE_SIZE - 1);
    let end = addr.checked_add(len).ok_or(EINVAL)?;
    if end > vm::MAXVA {
        return Err(EINVAL);
    }
    if p.aspace.meets_non_mmap(addr, end) {
        return Err(EINVAL);
    }
    p.aspace.unmap_vmas(addr, end);
    Ok(0)
}

/// Most iovecs readv/writev take (Linux's UIO_MAXIOV) and most bytes one
/// call moves (Linux's MAX_RW_COUNT: INT_MAX rounded down to a page).
const IOV_MAX: u64 = 1024;
const MAX_RW_COUNT: u64 = (i32::MAX as u64) & !(PAGE_SIZE as u64 - 1);

/// readv/writev(fd, iov, iovcnt): one read or write per buffer, in order,
/// stopping at the first short transfer; an error after some bytes moved
/// returns the bytes (Linux's loop for files without read_iter). The
/// array is checked first: EFAULT if unreadable, EINVAL if iovcnt is over
/// IOV_MAX or the lengths add up past SSIZE_MAX. The total is clamped to
/// MAX_RW_COUNT, as Linux does.
fn sys_readv(p: &mut Proc, fd: u64, iov: u64, iovcnt: u64, write: bool) -> SysResult {
    let f = p.fds.get(fd).cloned().ok_or(EBADF)?;
    if !(if write { f.writable } else { f.readable }) {
        return Err(EBADF);
    }
    if iovcnt as i32 as i64 as u64 != iovcnt || iovcnt > IOV_MAX {
        return Err(EINVAL);
    }
    let mut raw = alloc::vec![0u8; iovcnt as usize * 16];
    user_in(p, iov, &mut raw)?;
    let mut segs = Vec::with_capacity(iovcnt as usize);
    let mut total: u64 = 0;
    for v in raw.chunks_exact(16) {
        let base = u64::from_le_bytes(v[..8].try_into().unwrap());
        let len = u64::from_le_bytes(v[8..].try_into().unwrap());
        if len > i64::MAX as u64 - total {
            return Err(EINVAL);
        }
        total += len;
        segs.push((base, len));
    }
    let mut left = total.min(MAX_RW_COUNT);
    let mut done: u64 = 0;
    for (base, len) in segs {
        let len = len.min(left);
        if len == 0 {
            continue;
        }
        let r = if write { sys_write(p, fd, base, len) } else { sys_read(p, fd, base, len) };
        match r {
            Ok(n) => {
                done += n as u64;
                left -= n as u64;
                if (n as u64) < len {
                    break;
                }
            }
            Err(e) => return if done > 0 { Ok(done as i64) } else { Err(e) },
        }
    }
    Ok(done as i64)
}

/// clone(flags, stack, ptid, tls, ctid): fork.rs.
fn sys_clone(p: &mut Proc, flags: u64, stack: u64, ptid: u64, tls: u64, ctid: u64) -> SysResult {
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
fn sys_execve(p: &mut Proc, path: u64, argv: u64, envp: u64) -> SysResult {
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
fn sys_wait4(p: &mut Proc, pid: Pid, wstatus: u64, options: u64, rusage: u64) -> SysResult {
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
        if signal::signal_pending(p) {
            return Err(signal::ERESTARTSYS);
        }
        sched::sleep(exit::wait_chan(p.tgid), 0);
    }
}

/// getrusage(who, usage): RUSAGE_SELF (0; the calling process: all its
/// threads), RUSAGE_CHILDREN (-1; reaped children), RUSAGE_THREAD (1).
fn sys_getrusage(p: &mut Proc, who: i64, usage: u64) -> SysResult {
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
fn sys_futex(p: &mut Proc, uaddr: u64, op: u64, val: u64, timeout: u64) -> SysResult {
    if uaddr % 4 != 0 {
        return Err(EINVAL);
    }
    let private = op & futex::FUTEX_PRIVATE_FLAG != 0;
    let mut word = [0u8; 4];
    user_in(p, uaddr, &mut word)?;
    let key = if private {
        (p.aspace.id(), uaddr as usize)
    } else {
        let e = vm::lookup(p.aspace.pagetable(), crate::frame::page_down(uaddr as usize))
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
                Err(()) if signal::signal_pending(p) => Err(EINTR),
                Err(()) => Err(ETIMEDOUT),
            }
        }
        futex::FUTEX_WAKE => Ok(futex::wake(key, val.min(i32::MAX as u64) as usize) as i64),
        _ => Err(ENOSYS),
    }
}

/// rt_sigaction(sig, act, oldact, sigsetsize): read and set a signal's
/// disposition (signal.rs). SIGKILL and SIGSTOP cannot be changed.
fn sys_rt_sigaction(p: &mut Proc, sig: u64, act: u64, oldact: u64, size: u64) -> SysResult {
    if size != 8 || sig == 0 || sig as usize > signal::NSIG {
        return Err(EINVAL);
    }
    let i = sig as usize - 1;
    let old = p.sighand.actions[i];
    if act != 0 {
        if sig as i32 == signal::SIGKILL || sig as i32 == signal::SIGSTOP {
            return Err(EINVAL);
        }
        let mut raw = [0u8; 24];
        user_in(p, act, &mut raw)?;
        let w = |k: usize| u64::from_le_bytes(raw[k * 8..k * 8 + 8].try_into().unwrap());
        p.sighand.actions[i] = signal::SigAction { handler: w(0), flags: w(1), mask: w(2) };
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

const PRIO_PROCESS: u64 = 0;
const PRIO_PGRP: u64 = 1;
const PRIO_USER: u64 = 2;

/// The tasks setpriority/getpriority(which, who) mean: a process (all
/// its threads; who 0 = the caller), a process group (we have one per
/// process for now: the process), or a user (everyone: all run as root).
fn prio_targets(p: &Proc, which: u64, who: i32) -> Result<alloc::vec::Vec<Pid>, i64> {
    let table = proc::table();
    let pids: alloc::vec::Vec<Pid> = match which {
        PRIO_PROCESS | PRIO_PGRP => {
            let tgid = if who == 0 { p.tgid } else { table.get(&who).ok_or(ESRCH)?.tgid };
            table.values().filter(|t| t.tgid == tgid).map(|t| t.pid).collect()
        }
        PRIO_USER => table.values().filter(|t| t.state != proc::State::Zombie).map(|t| t.pid).collect(),
        _ => return Err(EINVAL),
    };
    if pids.is_empty() { Err(ESRCH) } else { Ok(pids) }
}

/// setpriority(which, who, nice): set the nice value (clamped to -20..19,
/// as Linux does), which sets the CFS weight. Every caller is root, so
/// lowering nice is allowed.
fn sys_setpriority(p: &mut Proc, which: u64, who: i32, nice: i32) -> SysResult {
    let nice = nice.clamp(-20, 19);
    for pid in prio_targets(p, which, who)? {
        crate::sched::set_nice(proc::get(pid).unwrap(), nice);
    }
    Ok(0)
}

/// getpriority(which, who): 20 - nice of the highest-priority target (the
/// raw system call avoids negative returns; libc turns it back into nice).
fn sys_getpriority(p: &mut Proc, which: u64, who: i32) -> SysResult {
    let best = prio_targets(p, which, who)?.iter().map(|&pid| proc::get(pid).unwrap().se.nice).min();
    Ok(20 - best.unwrap_or(0) as i64)
}

/// sched_setaffinity/sched_getaffinity(pid, len, mask): one CPU, so the
/// mask must include CPU 0; get returns the mask {0} (8 bytes, as Linux
/// returns the size of its cpumask).
fn sys_sched_affinity(p: &mut Proc, pid: i32, len: u64, mask: u64, set: bool) -> SysResult {
    if pid != 0 && proc::get(pid).is_none() {
        return Err(ESRCH);
    }
    if len < 8 {
        return Err(EINVAL);
    }
    if set {
        let mut m = [0u8; 8];
        user_in(p, mask, &mut m)?;
        if m[0] & 1 == 0 {
            return Err(EINVAL);
        }
        Ok(0)
    } else {
        user_out(p, mask, &1u64.to_le_bytes())?;
        Ok(8)
    }
}
