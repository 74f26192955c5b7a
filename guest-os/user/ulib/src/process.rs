//! Processes: fork (clone), execve with a PATH search, wait4 and the Linux
//! wait status, exit, getpid/getppid.

use crate::cstr::{CStringArray, with_cstr};
use crate::env::Env;
use crate::errno::Errno;
use crate::signal::SIGCHLD;
use crate::syscall::{check, nr, syscall0, syscall1_noreturn, syscall3, syscall4, syscall5};
use alloc_crate::vec::Vec;

/// Where `execvp` looks for a command when the environment has no PATH.
pub const DEFAULT_PATH: &[u8] = b"/bin";

/// `clone(flags, newsp, parent_tid, tls, child_tid)`. riscv64 selects
/// Linux's CLONE_BACKWARDS: `tls` is the 4th argument, `child_tid` the 5th
/// (x86-64's order differs). Returns the child's pid in the parent and 0 in
/// the child.
///
/// # Safety
/// With CLONE_VM or a new stack the child shares or switches memory under
/// the compiler's feet; only the fork-like use (`flags = SIGCHLD`, the rest
/// 0) is safe in Rust.
pub unsafe fn clone(
    flags: usize,
    newsp: usize,
    parent_tid: usize,
    tls: usize,
    child_tid: usize,
) -> Result<usize, Errno> {
    // SAFETY: the caller vouches for the flags.
    check(unsafe { syscall5(nr::CLONE, flags, newsp, parent_tid, tls, child_tid) })
}

/// Which side of a fork we are on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fork {
    Child,
    Parent(i32),
}

/// `fork()`, which riscv64 Linux spells `clone(SIGCHLD, 0, 0, 0, 0)`: a copy
/// of this process that will send SIGCHLD to us when it ends.
pub fn fork() -> Result<Fork, Errno> {
    // SAFETY: a plain fork: the child gets its own copy of everything.
    match unsafe { clone(SIGCHLD as usize, 0, 0, 0, 0) }? {
        0 => Ok(Fork::Child),
        pid => Ok(Fork::Parent(pid as i32)),
    }
}

/// `execve(path, argv, envp)` with raw pointers; only returns on failure.
///
/// # Safety
/// `path` is a NUL-terminated string; `argv` and `envp` are NULL-terminated
/// arrays of NUL-terminated strings.
pub unsafe fn execve_raw(path: *const u8, argv: *const *const u8, envp: *const *const u8) -> Errno {
    // SAFETY: the caller vouches for the pointers.
    match check(unsafe { syscall3(nr::EXECVE, path as usize, argv as usize, envp as usize) }) {
        Ok(_) => Errno::EINVAL, // execve does not return on success
        Err(e) => e,
    }
}

/// `execve(path, argv, envp)`: replaces this program with `path`, with
/// arguments `argv` (argv[0] first) and environment `envp` (a NULL-terminated
/// array, e.g. [`Env::as_ptr`]). Only returns on failure.
pub fn execve(path: &[u8], argv: &[&[u8]], envp: *const *const u8) -> Errno {
    let argv = match CStringArray::new(argv.iter().copied()) {
        Ok(a) => a,
        Err(e) => return e,
    };
    // SAFETY: path, argv and envp are NUL/NULL-terminated as execve needs.
    with_cstr(path, |p| unsafe { execve_raw(p, argv.as_ptr(), envp) }).unwrap_or_else(|e| e)
}

/// The directories to search for commands: `$PATH` if set, else "/bin".
pub fn search_path(env: &Env) -> &'static [u8] {
    env.get(b"PATH").unwrap_or(DEFAULT_PATH)
}

/// `execvp`: runs `name` with `argv` and this environment, looking it up
/// in `$PATH` (see [`execvpe`]). Only returns on failure.
pub fn execvp(name: &[u8], argv: &[&[u8]], env: &Env) -> Errno {
    execvpe(name, argv, search_path(env), env.as_ptr())
}

/// Runs `name` with `argv` and environment `envp`, looking it up in the
/// directories of `path` (colon-separated; an empty entry means ".") when
/// it contains no '/'. Returns the error of the most telling attempt:
/// EACCES if some file was there but not executable, else ENOENT; a
/// failure other than ENOENT/ENOTDIR/EACCES (ENOEXEC, ENOMEM, ...) stops
/// the search at once.
pub fn execvpe(name: &[u8], argv: &[&[u8]], path: &[u8], envp: *const *const u8) -> Errno {
    if name.contains(&b'/') {
        return execve(name, argv, envp);
    }
    if name.is_empty() {
        return Errno::ENOENT;
    }
    let mut seen_eacces = false;
    let mut candidate = Vec::new();
    for dir in path.split(|&c| c == b':') {
        candidate.clear();
        candidate.extend_from_slice(if dir.is_empty() { b"." } else { dir });
        candidate.push(b'/');
        candidate.extend_from_slice(name);
        match execve(&candidate, argv, envp) {
            Errno::ENOENT | Errno::ENOTDIR => {}
            Errno::EACCES => seen_eacces = true,
            e => return e,
        }
    }
    if seen_eacces { Errno::EACCES } else { Errno::ENOENT }
}

/// wait4 options.
pub const WNOHANG: u32 = 1;
pub const WUNTRACED: u32 = 2;
/// Also report a stopped child that was continued by SIGCONT.
pub const WCONTINUED: u32 = 8;

/// The status word wait4 reports, decoded as `<sys/wait.h>`'s macros do:
///
/// ```text
/// bits 15..8  bits 7  bits 6..0
/// exit code   0       0          exited normally   (WIFEXITED, WEXITSTATUS)
/// 0           core    signal     killed by signal  (WIFSIGNALED, WTERMSIG, WCOREDUMP)
/// signal      0       0x7f       stopped           (WIFSTOPPED, WSTOPSIG)
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WaitStatus(pub i32);

impl WaitStatus {
    /// WIFEXITED.
    pub fn exited(self) -> bool {
        self.0 & 0x7f == 0
    }
    /// WEXITSTATUS: the low 8 bits of what the child passed to exit.
    pub fn exit_status(self) -> i32 {
        (self.0 >> 8) & 0xff
    }
    /// WIFSIGNALED.
    pub fn signaled(self) -> bool {
        let low = self.0 & 0x7f;
        low != 0 && low != 0x7f
    }
    /// WTERMSIG.
    pub fn term_signal(self) -> i32 {
        self.0 & 0x7f
    }
    /// WCOREDUMP.
    pub fn core_dumped(self) -> bool {
        self.signaled() && self.0 & 0x80 != 0
    }
    /// WIFSTOPPED.
    pub fn stopped(self) -> bool {
        self.0 & 0xff == 0x7f
    }
    /// WSTOPSIG: the signal that stopped the child.
    pub fn stop_signal(self) -> i32 {
        (self.0 >> 8) & 0xff
    }
    /// WIFCONTINUED: resumed by SIGCONT (status 0xffff; needs WCONTINUED).
    pub fn continued(self) -> bool {
        self.0 == 0xffff
    }
    /// The shell's `$?` for this status: the exit code, or 128 + the signal.
    pub fn shell_status(self) -> i32 {
        if self.signaled() { 128 + self.term_signal() } else { self.exit_status() }
    }
}

/// `wait4(pid, &status, options, NULL)`: waits for child `pid` (-1: any
/// child) to end. Returns its pid and status; with WNOHANG, pid 0 means no
/// child has ended yet. ECHILD if there is no such child.
pub fn wait4(pid: i32, options: u32) -> Result<(i32, WaitStatus), Errno> {
    let mut status: i32 = 0;
    // SAFETY: the kernel writes one int into status; no rusage (NULL).
    let pid = check(unsafe {
        syscall4(
            nr::WAIT4,
            pid as isize as usize,
            &mut status as *mut i32 as usize,
            options as usize,
            0,
        )
    })?;
    Ok((pid as i32, WaitStatus(status)))
}

/// `waitpid(pid)`: wait4 without options, retried after EINTR.
pub fn waitpid(pid: i32) -> Result<(i32, WaitStatus), Errno> {
    loop {
        match wait4(pid, 0) {
            Err(Errno::EINTR) => {}
            r => return r,
        }
    }
}

/// `exit_group(status)`: ends the process (all its threads).
pub fn exit(status: i32) -> ! {
    // SAFETY: does not return.
    unsafe { syscall1_noreturn(nr::EXIT_GROUP, status as usize) }
}

/// `exit(status)`: ends the calling thread only (for a single-threaded
/// program the same as [`exit`]).
pub fn exit_thread(status: i32) -> ! {
    // SAFETY: does not return.
    unsafe { syscall1_noreturn(nr::EXIT, status as usize) }
}

/// `getpid()`.
pub fn getpid() -> i32 {
    // SAFETY: no arguments.
    unsafe { syscall0(nr::GETPID) as i32 }
}

/// `getppid()`.
pub fn getppid() -> i32 {
    // SAFETY: no arguments.
    unsafe { syscall0(nr::GETPPID) as i32 }
}
