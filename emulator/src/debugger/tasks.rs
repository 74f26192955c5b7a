//! Tasks as the debugger sees them.
//!
//! Any kernel: address spaces keyed by `satp`, learnt by watching the hart
//! (`events.rs`): a space is a `satp` value the hart returned to U-mode
//! with. For a kernel with Linux system calls (the teaching kernel), the
//! system calls fill in more: `execve` names the program (and so where the
//! debugger finds user symbols), `clone`'s return value gives a child's pid
//! (the first space is init, pid 1), `exit_group` ends a space.
//!
//! [`TaskSource`] is the hook for a better source: the teaching kernel's
//! task table, read through its introspection device, knows every task
//! (threads and kernel threads too), their states and the real current one.

use crate::machine::Machine;

/// One task (or address space), as `tasks` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskInfo {
    pub pid: Option<u32>,
    /// Program (exec path) or command name.
    pub comm: Option<String>,
    /// State letter or word (R, S, Z, ...), if the source knows it.
    pub state: Option<String>,
    pub satp: u64,
    pub current: bool,
}

/// A source of task information better than address spaces (see the
/// module documentation). `Debugger::task_source` takes one.
pub trait TaskSource {
    /// Every task, in the order to show them.
    fn tasks(&self, m: &Machine) -> Vec<TaskInfo>;
    /// The task the hart runs (or the kernel runs on behalf of), if known.
    fn current(&self, m: &Machine) -> Option<TaskInfo> {
        self.tasks(m).into_iter().find(|t| t.current)
    }
}

/// One address space seen so far.
#[derive(Clone, Debug)]
pub struct Space {
    pub satp: u64,
    pub pid: Option<u32>,
    pub comm: Option<String>,
    /// Position at which it was first entered.
    pub first_pos: u64,
    pub alive: bool,
    /// A child of this space's clone whose pid the parent has not learnt yet.
    pub parent: Option<u64>,
}

/// The address spaces seen so far.
#[derive(Clone, Debug, Default)]
pub struct Spaces {
    pub list: Vec<Space>,
    /// The space U-mode runs in (or ran in last: the kernel works for it).
    pub current: Option<u64>,
    /// (parent satp, child pid, CLONE_VM) from a clone whose child has not
    /// shown up in a space of its own.
    unclaimed: Vec<(u64, u32, bool)>,
    /// The program of the first space (init), which no execve names.
    pub first_program: Option<String>,
}

impl Spaces {
    pub fn get(&self, satp: u64) -> Option<&Space> {
        self.list.iter().rev().find(|s| s.satp == satp && s.alive)
    }

    fn get_mut(&mut self, satp: u64) -> Option<&mut Space> {
        self.list
            .iter_mut()
            .rev()
            .find(|s| s.satp == satp && s.alive)
    }

    /// The current space.
    pub fn current_space(&self) -> Option<&Space> {
        self.get(self.current?)
    }

    /// U-mode was entered with `satp` at `pos`; `clone_parent` is the
    /// space whose pending non-VM clone may have made it. Returns true if
    /// the space is new.
    pub fn enter(&mut self, satp: u64, pos: u64, clone_parent: Option<u64>) -> bool {
        self.current = Some(satp);
        if self.get(satp).is_some() {
            return false;
        }
        let first = self.list.is_empty();
        let mut space = Space {
            satp,
            pid: first.then_some(1),
            comm: if first {
                self.first_program.clone()
            } else {
                None
            },
            first_pos: pos,
            alive: true,
            parent: None,
        };
        match clone_parent {
            Some(p) => {
                space.comm = self.get(p).and_then(|s| s.comm.clone());
                match self.unclaimed.iter().position(|&(s, _, vm)| s == p && !vm) {
                    Some(i) => space.pid = Some(self.unclaimed.remove(i).1),
                    None => space.parent = Some(p),
                }
            }
            // A fork child whose parent already returned from clone.
            None if !first => {
                if let Some(i) = self.unclaimed.iter().position(|&(_, _, vm)| !vm) {
                    let (p, pid, _) = self.unclaimed.remove(i);
                    space.comm = self.get(p).and_then(|s| s.comm.clone());
                    space.pid = Some(pid);
                }
            }
            None => {}
        }
        self.list.push(space);
        true
    }

    /// True if `parent` has a CLONE_VM child (vfork, posix_spawn) that has
    /// not exec'ed yet.
    pub fn has_vm_child(&self, parent: u64) -> bool {
        self.unclaimed.iter().any(|&(p, _, vm)| p == parent && vm)
    }

    /// `parent` learnt that its clone made `pid`.
    pub fn child_pid(&mut self, parent: u64, pid: u32, vm: bool) {
        match self
            .list
            .iter_mut()
            .rev()
            .find(|s| s.alive && s.parent == Some(parent) && s.pid.is_none())
        {
            Some(s) => {
                s.pid = Some(pid);
                s.parent = None;
            }
            None => self.unclaimed.push((parent, pid, vm)),
        }
    }

    /// `old` exec'ed `path` and now runs in `new`. `vfork_child`: the exec
    /// came from a child sharing `old` (vfork, posix_spawn), which keeps
    /// running for the parent.
    pub fn exec(&mut self, old: u64, new: u64, path: &str, pos: u64, vfork_child: bool) {
        // A vfork child's pid comes with its parent's clone return; an
        // exec in place keeps the pid, or the wait for it.
        let (pid, parent) = if vfork_child {
            match self.unclaimed.iter().position(|&(s, _, vm)| s == old && vm) {
                Some(i) => (Some(self.unclaimed.remove(i).1), None),
                None => (None, Some(old)),
            }
        } else {
            let s = self.get(old);
            (s.and_then(|s| s.pid), s.and_then(|s| s.parent))
        };
        if new != old {
            if !vfork_child {
                if let Some(s) = self.get_mut(old) {
                    s.alive = false;
                }
            }
            if self.get(new).is_none() {
                self.list.push(Space {
                    satp: new,
                    pid,
                    comm: None,
                    first_pos: pos,
                    alive: true,
                    parent,
                });
            }
        }
        if let Some(s) = self.get_mut(new) {
            s.comm = Some(path.to_string());
            if s.pid.is_none() {
                s.pid = pid;
            }
        }
        self.current = Some(new);
    }

    /// The space `satp` exited.
    pub fn exit(&mut self, satp: u64) {
        if let Some(s) = self.get_mut(satp) {
            s.alive = false;
        }
    }

    /// The spaces alive, as tasks.
    pub fn tasks(&self) -> Vec<TaskInfo> {
        self.list
            .iter()
            .filter(|s| s.alive)
            .map(|s| TaskInfo {
                pid: s.pid,
                comm: s.comm.clone(),
                state: None,
                satp: s.satp,
                current: Some(s.satp) == self.current,
            })
            .collect()
    }
}

/// "pid 3 (/bin/cow)", "space 0x8000..." when nothing else is known.
pub fn describe(t: Option<&Space>, satp: u64) -> String {
    match t {
        Some(s) => {
            let who = match s.pid {
                Some(p) => format!("pid {p}"),
                None => format!("satp {satp:#x}"),
            };
            match &s.comm {
                Some(c) => format!("{who} ({c})"),
                None => who,
            }
        }
        None => format!("satp {satp:#x}"),
    }
}
