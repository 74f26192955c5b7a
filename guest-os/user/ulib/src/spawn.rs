//! `posix_spawn` and `posix_spawnp`, done as musl does them.
//!
//! The child is created with `clone(CLONE_VM | CLONE_VFORK | SIGCHLD)`:
//! it shares our memory (no page tables to copy, no copy-on-write faults in
//! the parent afterwards) and we are suspended until it has called `execve`
//! or exited. It runs [`child`] on a small stack of its own, applies the
//! file actions (dup2/close/open), and execs. If that fails it writes the
//! errno into a pipe whose ends are close-on-exec, then `_exit(127)`s; the
//! parent reads the pipe: end of file means the exec happened (the write end
//! closed on exec), 4 bytes are the error. (musl uses this pipe too; it
//! also works when `CLONE_VFORK` is only a fork, as under qemu-user.)
//!
//! Everything the child needs (C strings, the candidate paths of a PATH
//! search) is prepared by the parent: the child does not allocate.

use crate::clone::{self, CLONE_VFORK, CLONE_VM, Stack};
use crate::cstr::{CString, CStringArray};
use crate::errno::Errno;
use crate::fs::{self, O_CLOEXEC};
use crate::io;
use crate::process::{self, execve_raw};
use crate::signal::SIGCHLD;
use alloc_crate::vec::Vec;

/// One thing the child does before exec, in order.
pub enum FileAction {
    /// `close(fd)` (an already closed fd is not an error, as in glibc).
    Close(i32),
    /// `dup2(old, new)`.
    Dup2(i32, i32),
    /// `fd = open(path, flags, mode)`, moved to `fd` if it got another number.
    Open(i32, CString, u32, u32),
}

/// posix_spawn_file_actions_t: a list of [`FileAction`]s.
#[derive(Default)]
pub struct FileActions(pub Vec<FileAction>);

impl FileActions {
    /// No actions: the child inherits our descriptors as they are.
    pub fn new() -> FileActions {
        FileActions(Vec::new())
    }
    /// Adds a close(fd).
    pub fn add_close(&mut self, fd: i32) {
        self.0.push(FileAction::Close(fd));
    }
    /// Adds a dup2(old, new).
    pub fn add_dup2(&mut self, old: i32, new: i32) {
        self.0.push(FileAction::Dup2(old, new));
    }
    /// Adds an open of `path` onto `fd`; EINVAL if the path contains a NUL.
    pub fn add_open(&mut self, fd: i32, path: &[u8], flags: u32, mode: u32) -> Result<(), Errno> {
        self.0.push(FileAction::Open(fd, CString::new(path)?, flags, mode));
        Ok(())
    }
}

/// What the child reads (in our memory, which it shares).
struct Job<'a> {
    paths: Vec<CString>, // execve candidates, in order
    argv: CStringArray,
    envp: *const *const u8,
    actions: &'a FileActions,
    err_read: i32,
    err_write: i32,
}

/// The child's stack: a few KiB would do; this leaves room.
const CHILD_STACK: usize = 64 * 1024;

/// Applies one file action in the child.
fn apply(action: &FileAction) -> Result<(), Errno> {
    match action {
        FileAction::Close(fd) => match fs::close(*fd) {
            Err(Errno::EBADF) => Ok(()),
            r => r,
        },
        FileAction::Dup2(old, new) => fs::dup2(*old, *new).map(|_| ()),
        FileAction::Open(fd, path, flags, mode) => {
            let got = fs::openat(fs::AT_FDCWD, path.as_bytes(), *flags, *mode)?;
            if got != *fd {
                fs::dup2(got, *fd)?;
                fs::close(got)?;
            }
            Ok(())
        }
    }
}

/// The child: file actions, then execve of each candidate path; on failure
/// the errno goes into the pipe and the child exits with status 127.
extern "C" fn child(arg: usize) -> i32 {
    // SAFETY: arg is the parent's Job, alive while we run (vfork semantics).
    let job = unsafe { &*(arg as *const Job) };
    let _ = fs::close(job.err_read);
    let mut err = Errno::ENOENT;
    if let Some(e) = job.actions.0.iter().find_map(|a| apply(a).err()) {
        err = e;
    } else {
        let mut seen_eacces = false;
        for path in &job.paths {
            // SAFETY: NUL-terminated path, NULL-terminated argv/envp.
            match unsafe { execve_raw(path.as_ptr(), job.argv.as_ptr(), job.envp) } {
                Errno::ENOENT | Errno::ENOTDIR => {}
                Errno::EACCES => seen_eacces = true,
                e => {
                    err = e;
                    seen_eacces = false;
                    break;
                }
            }
        }
        if seen_eacces {
            err = Errno::EACCES;
        }
    }
    let _ = io::write_all(job.err_write, &err.0.to_ne_bytes());
    process::exit(127)
}

/// Runs the child for `job` and returns its pid, or the error the child
/// reported (after reaping it).
fn spawn_job(job: &Job) -> Result<i32, Errno> {
    let stack = Stack::new(CHILD_STACK)?;
    // SAFETY: the child runs on its own stack and only reads `job`; with
    // CLONE_VFORK we do not return from clone before it has exec'd or exited.
    let r = unsafe {
        clone::clone(
            child,
            stack.top(),
            CLONE_VM | CLONE_VFORK | SIGCHLD as usize,
            job as *const Job as usize,
            0,
            0,
            0,
        )
    };
    let _ = fs::close(job.err_write);
    let result = match r {
        Err(e) => Err(e),
        Ok(pid) => {
            let mut buf = [0u8; 4];
            let mut got = 0;
            while got < 4 {
                match io::read(job.err_read, &mut buf[got..]) {
                    Ok(0) => break,
                    Ok(n) => got += n,
                    Err(Errno::EINTR) => {}
                    Err(_) => break,
                }
            }
            if got == 4 {
                let _ = process::waitpid(pid);
                Err(Errno(i32::from_ne_bytes(buf)))
            } else {
                Ok(pid)
            }
        }
    };
    let _ = fs::close(job.err_read);
    drop(stack);
    result
}

/// Builds a job for the given candidate paths and runs it.
fn spawn_paths(
    paths: Vec<CString>,
    argv: &[&[u8]],
    envp: *const *const u8,
    actions: &FileActions,
) -> Result<i32, Errno> {
    let argv = CStringArray::new(argv.iter().copied())?;
    let (err_read, err_write) = fs::pipe2(O_CLOEXEC)?;
    let job = Job { paths, argv, envp, actions, err_read, err_write };
    spawn_job(&job)
}

/// `posix_spawn(path, argv, envp, actions)`: starts `path` in a new child
/// process; the child's pid, or why it could not exec (ENOENT, EACCES...).
pub fn posix_spawn(
    path: &[u8],
    argv: &[&[u8]],
    envp: *const *const u8,
    actions: &FileActions,
) -> Result<i32, Errno> {
    spawn_paths(alloc_crate::vec![CString::new(path)?], argv, envp, actions)
}

/// `posix_spawnp`: like [`posix_spawn`], but a `file` without '/' is looked
/// up in the colon-separated directories of `search` (e.g. `$PATH`).
pub fn posix_spawnp(
    file: &[u8],
    argv: &[&[u8]],
    envp: *const *const u8,
    search: &[u8],
    actions: &FileActions,
) -> Result<i32, Errno> {
    if file.is_empty() {
        return Err(Errno::ENOENT);
    }
    let mut paths = Vec::new();
    if file.contains(&b'/') {
        paths.push(CString::new(file)?);
    } else {
        for dir in search.split(|&c| c == b':') {
            let mut p = Vec::from(if dir.is_empty() { &b"."[..] } else { dir });
            p.push(b'/');
            p.extend_from_slice(file);
            paths.push(CString::new(&p)?);
        }
    }
    spawn_paths(paths, argv, envp, actions)
}

/// Runs a command found in `env`'s PATH (posix_spawnp, no file actions)
/// and waits for it: its wait status. Used by experiments that show the
/// output of `free` or `ps` without forking themselves.
pub fn run(argv: &[&[u8]], env: &crate::env::Env) -> Result<process::WaitStatus, Errno> {
    let name = argv.first().ok_or(Errno::EINVAL)?;
    let pid = posix_spawnp(name, argv, env.as_ptr(), process::search_path(env), &FileActions::new())?;
    process::waitpid(pid).map(|(_, st)| st)
}
