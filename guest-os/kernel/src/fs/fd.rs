//! Per-process file descriptor tables: small integers naming open files.

use crate::fs::file::File;
use alloc::rc::Rc;
use alloc::vec::Vec;

/// Most descriptors a process may have open.
pub const MAX_FDS: usize = 64;

#[derive(Clone)]
pub struct FdTable {
    fds: Vec<Option<Rc<File>>>,
    /// RLIMIT_NOFILE's soft limit (at most MAX_FDS): no descriptor at or
    /// above it is handed out (setrlimit sets it).
    limit: usize,
    /// FD_CLOEXEC per descriptor: closed by execve (O_CLOEXEC, pipe2's
    /// and dup3's flag).
    cloexec: Vec<bool>,
}

impl Default for FdTable {
    fn default() -> FdTable {
        FdTable::new()
    }
}

impl FdTable {
    pub const fn new() -> FdTable {
        FdTable { fds: Vec::new(), cloexec: Vec::new(), limit: MAX_FDS }
    }

    /// The first descriptor number not allowed (RLIMIT_NOFILE).
    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn set_limit(&mut self, n: usize) {
        self.limit = n.min(MAX_FDS);
    }

    pub fn get(&self, fd: u64) -> Option<&Rc<File>> {
        self.fds.get(fd as usize)?.as_ref()
    }

    /// Put `f` at the lowest free descriptor (at least `min`); None if full.
    pub fn alloc(&mut self, f: Rc<File>, min: usize) -> Option<usize> {
        let fd = (min..self.limit).find(|&i| self.fds.get(i).is_none_or(|s| s.is_none()))?;
        self.set(fd, f);
        Some(fd)
    }

    /// Put `f` at `fd`, closing what was there.
    pub fn set(&mut self, fd: usize, f: Rc<File>) {
        if self.fds.len() <= fd {
            self.fds.resize(fd + 1, None);
            self.cloexec.resize(fd + 1, false);
        }
        self.fds[fd] = Some(f);
        self.cloexec[fd] = false;
    }

    /// Set or clear FD_CLOEXEC on `fd` (which must be open).
    pub fn set_cloexec(&mut self, fd: usize, on: bool) {
        if let Some(flag) = self.cloexec.get_mut(fd) {
            *flag = on;
        }
    }

    /// Whether `fd` is marked close-on-exec (F_GETFD).
    pub fn cloexec(&self, fd: usize) -> bool {
        self.cloexec.get(fd).copied().unwrap_or(false)
    }

    /// execve: close every descriptor marked close-on-exec.
    pub fn close_on_exec(&mut self) {
        for (fd, flag) in self.cloexec.iter_mut().enumerate() {
            if core::mem::take(flag) {
                self.fds[fd] = None;
            }
        }
    }

    /// Close `fd`: the open file it names, if any.
    pub fn close(&mut self, fd: u64) -> Option<Rc<File>> {
        self.fds.get_mut(fd as usize)?.take()
    }
}
