//! System calls: Linux's riscv64 ABI (asm-generic numbers).
//!
//! A user program puts the number in a7 and up to six arguments in a0..a5
//! and executes ecall; the result comes back in a0, -errno on failure.
//! Every user pointer is checked through the process's page table
//! (vm::copy_in / copy_out): a bad one gives -EFAULT, never a kernel fault.
//!
//! Owns: the system call table (`dispatch`, below) and errno/nr. Each
//! family is one file: process.rs (clone, execve, wait4, futex), memory.rs
//! (brk, mmap, munmap, mprotect, mremap, madvise), file.rs (descriptors,
//! files, pipes, fcntl, statx), fs.rs (links, rename, truncate, sync,
//! statfs, mount: what the disk brought), poll.rs (ppoll, pselect6), time.rs
//! (sleeps and clocks), signal.rs, sched.rs, system.rs (reboot, uname,
//! sysinfo, getrandom, rlimits, credentials); a number not in the table
//! is unknown.rs's (ENOSYS, logged once, with its name from names.rs).
//! Calls: every subsystem, only through its public functions.

use crate::arch::riscv;
use crate::dev::{console, power, timer, uart};
use crate::mm::frame::PAGE_SIZE;
use crate::mm::{heap, vm};
use crate::proc::exec::STACK_TOP;
use crate::proc::exec::{self, ExecError};
use crate::proc::fork::{self, CloneError};
use crate::proc::{self, Pid, Proc, reg};
use crate::proc::{exit, futex};
use alloc::vec::Vec;

pub mod errno;
use errno::*;

pub mod names;
pub mod nr;
mod unknown;

/// Longest path, and most argv/envp entries, execve accepts.
const PATH_MAX: usize = 4096;
const ARG_MAX: usize = 256;

/// How far brk may grow: well below the stack.
const BRK_LIMIT: usize =
    STACK_TOP - crate::mm::fault::STACK_MAX - crate::mm::fault::STACK_GUARD_GAP;

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
        nr::GETRESUID | nr::GETRESGID => sys_getres_ids(p, a[0], a[1], a[2]),
        nr::GETGROUPS => sys_getgroups(p, a[0]),
        nr::FCNTL => sys_fcntl(p, a[0], a[1], a[2]),
        nr::FACCESSAT => sys_faccessat(p, a[0], a[1], a[2], 0),
        nr::FACCESSAT2 => sys_faccessat(p, a[0], a[1], a[2], a[3]),
        nr::STATX => sys_statx(p, a[0], a[1], a[2], a[3], a[4]),
        nr::UMASK => sys_umask(p, a[0]),
        nr::PPOLL => sys_ppoll(p, a[0], a[1], a[2], a[3], a[4]),
        nr::PSELECT6 => sys_pselect6(p, a),
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
        nr::FUTEX => sys_futex(p, a),
        nr::SET_ROBUST_LIST => sys_set_robust_list(p, a[0], a[1]),
        nr::GET_ROBUST_LIST => sys_get_robust_list(p, a[0] as i64 as i32, a[1], a[2]),
        // Restartable sequences: not implemented; glibc then goes without.
        nr::RSEQ => Err(ENOSYS),
        nr::PRCTL => sys_prctl(p, a[0], a[1]),
        nr::RT_SIGACTION => sys_rt_sigaction(p, a[0], a[1], a[2], a[3]),
        nr::RT_SIGPROCMASK => sys_rt_sigprocmask(p, a[0], a[1], a[2], a[3]),
        nr::GETRUSAGE => sys_getrusage(p, a[0] as i64, a[1]),
        nr::GETTID => Ok(p.pid as i64),
        nr::SETPRIORITY => sys_setpriority(p, a[0], a[1] as i64 as i32, a[2] as i64 as i32),
        nr::GETPRIORITY => sys_getpriority(p, a[0], a[1] as i64 as i32),
        nr::SCHED_SETAFFINITY => sys_sched_affinity(p, a[0] as i64 as i32, a[1], a[2], true),
        nr::SCHED_GETAFFINITY => sys_sched_affinity(p, a[0] as i64 as i32, a[1], a[2], false),
        nr::MADVISE => sys_madvise(p, a[0], a[1], a[2]),
        nr::NANOSLEEP => sys_nanosleep(p, a[0], a[1]),
        nr::CLOCK_GETTIME => sys_clock_gettime(p, a[0], a[1]),
        nr::CLOCK_GETRES => sys_clock_getres(p, a[0], a[1]),
        nr::CLOCK_NANOSLEEP => sys_clock_nanosleep(p, a[0], a[1], a[2], a[3]),
        nr::RESTART_SYSCALL => sys_restart_syscall(p),
        nr::GETTIMEOFDAY => sys_gettimeofday(p, a[0], a[1]),
        nr::TIMES => sys_times(p, a[0]),
        nr::SCHED_YIELD => {
            crate::sched::yield_now();
            Ok(0)
        }
        nr::REBOOT => sys_reboot(a[0], a[1], a[2], a[3]),
        nr::UNAME => sys_uname(p, a[0]),
        nr::SYSINFO => sys_sysinfo(p, a[0]),
        nr::GETRANDOM => sys_getrandom(p, a[0], a[1], a[2]),
        nr::PRLIMIT64 => sys_prlimit64(p, a[0] as i64 as i32, a[1], a[2], a[3]),
        nr::GETRLIMIT => sys_getrlimit(p, a[0], a[1]),
        nr::SETRLIMIT => sys_setrlimit(p, a[0], a[1]),
        nr::GETPID => Ok(p.tgid as i64),
        nr::GETPPID => Ok(p.parent as i64),
        nr::BRK => Ok(sys_brk(p, a[0] as usize) as i64),
        nr::MMAP => sys_mmap(p, a[0], a[1], a[2], a[3], a[4], a[5]),
        nr::MUNMAP => sys_munmap(p, a[0], a[1]),
        nr::MPROTECT => sys_mprotect(p, a[0], a[1], a[2]),
        nr::MREMAP => sys_mremap(p, a[0], a[1], a[2], a[3], a[4]),
        nr::MSYNC => sys_msync(p, a[0], a[1], a[2]),
        nr::RISCV_FLUSH_ICACHE => sys_riscv_flush_icache(a[0], a[1], a[2]),
        nr::CLONE => sys_clone(p, a[0], a[1], a[2], a[3], a[4]),
        nr::CLONE3 => sys_clone3(p, a[0], a[1]),
        nr::EXECVE => sys_execve(p, a[0], a[1], a[2]),
        nr::WAIT4 => sys_wait4(p, a[0] as i64 as i32, a[1], a[2], a[3]),
        nr::IOCTL => sys_ioctl(p, a[0], a[1], a[2]),
        nr::TKILL => sys_tgkill(p, -1, a[0] as i64, a[1] as i64),
        nr::TGKILL => sys_tgkill(p, a[0] as i64, a[1] as i64, a[2] as i64),
        nr::RT_SIGSUSPEND => sys_rt_sigsuspend(p, a[0], a[1]),
        nr::RT_SIGPENDING => sys_rt_sigpending(p, a[0], a[1]),
        nr::RT_SIGRETURN => Ok(crate::signal::sigreturn(p) as i64),
        nr::SETPGID => sys_setpgid(p, a[0] as i64 as i32, a[1] as i64 as i32),
        nr::GETPGID => sys_getpgid(p, a[0] as i64 as i32, false),
        nr::GETSID => sys_getpgid(p, a[0] as i64 as i32, true),
        nr::SETSID => sys_setsid(p),
        nr::SYMLINKAT => sys_symlinkat(p, a[0], a[1], a[2]),
        nr::LINKAT => sys_linkat(p, a[0], a[1], a[2], a[3], a[4]),
        nr::RENAMEAT2 => sys_renameat2(p, a[0], a[1], a[2], a[3], a[4]),
        nr::TRUNCATE => sys_truncate(p, a[0], a[1] as i64),
        nr::FTRUNCATE => sys_ftruncate(p, a[0], a[1] as i64),
        nr::SYNC | nr::SYNCFS => sys_sync(),
        nr::FSYNC | nr::FDATASYNC => sys_fsync(p, a[0]),
        nr::STATFS => sys_statfs(p, a[0], a[1]),
        nr::FSTATFS => sys_fstatfs(p, a[0], a[1]),
        nr::MOUNT => sys_mount(p, a[0], a[1], a[2]),
        nr::UMOUNT2 => sys_umount2(p, a[0]),
        other => unknown::sys_unknown(p, other),
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

// One file per family; the dispatch table above calls into them.
mod file;
mod fs;
mod memory;
mod poll;
mod process;
mod sched;
mod signal;
mod system;
mod time;
use file::*;
use fs::*;
use memory::*;
use poll::*;
use process::*;
use sched::*;
use signal::*;
use system::*;
use time::*;

/// Where console readers sleep (console.rs wakes them).
const CONSOLE_CHAN: usize = crate::dev::console::CHAN;
