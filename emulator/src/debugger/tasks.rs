//! Tasks as the debugger sees them.
//!
//! Any kernel: address spaces keyed by `satp`, learnt by watching the hart
//! (`events.rs`): a space is a `satp` value the hart returned to U-mode
//! with. For a kernel with Linux system calls (the teaching kernel), the
//! system calls fill in more: `execve` names the program (and so where the
//! debugger finds user symbols), `clone`'s return value gives a child's pid
//! (the first space is init, pid 1), `exit_group` ends a space.
//!
//! [`TaskSource`] is the hook for a better source. [`Announced`] is the
//! teaching kernel's: the tasks its introspection device announced
//! (`devices/introspect.rs`), as the machine's per-task tracker
//! (`tasks/`) keeps them: every task (threads and kernel threads too),
//! its parent, the state it last left the CPU in, its context switches,
//! and the real current one. Other kernels never say hello to the device,
//! and get address spaces.

use crate::machine::Machine;

/// One task (or address space), as `tasks` prints it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskInfo {
    pub pid: Option<u32>,
    pub ppid: Option<u32>,
    /// Command name (an address space: its program).
    pub comm: Option<String>,
    /// The program it exec'ed last (its path), where user symbols come from.
    pub path: Option<String>,
    /// State letter (R, S, D, T, Z...), if the source knows it.
    pub state: Option<String>,
    /// The address space (address spaces only).
    pub satp: Option<u64>,
    pub kthread: bool,
    /// Context switches so far: voluntary, involuntary (as the kernel
    /// counts them for /proc/PID/sched).
    pub switches: Option<(u64, u64)>,
    pub current: bool,
}

/// A source of task information better than address spaces (see the
/// module documentation). `Debugger::task_source` takes one.
pub trait TaskSource {
    /// Whether it knows the tasks (else the debugger uses address spaces).
    fn available(&self, m: &Machine) -> bool;
    /// Every task, in the order to show them.
    fn tasks(&self, m: &Machine) -> Vec<TaskInfo>;
    /// The task the hart runs (or the kernel runs on behalf of), if known.
    fn current(&self, m: &Machine) -> Option<TaskInfo> {
        self.tasks(m).into_iter().find(|t| t.current)
    }
}

/// The tasks the kernel announced through the introspection device (see
/// the module documentation). Tasks that exited are left out (the device
/// says when a task exits, not when its parent reaps it); pid 0 is the
/// kernel's own context (its scheduler loop and the idle hart, Linux's
/// `swapper/0`).
pub struct Announced;

impl TaskSource for Announced {
    fn available(&self, m: &Machine) -> bool {
        m.tasks
            .as_ref()
            .is_some_and(|t| t.mode == crate::tasks::Mode::Tasks)
    }

    fn tasks(&self, m: &Machine) -> Vec<TaskInfo> {
        let Some(t) = m.tasks.as_ref().filter(|_| self.available(m)) else {
            return Vec::new();
        };
        let current = t.current_index();
        t.live_rows()
            .into_iter()
            .filter(|(_, r)| r.exited.is_none())
            .map(|(i, r)| {
                let pid = r.tid().unwrap_or(0);
                TaskInfo {
                    pid: Some(pid),
                    ppid: (pid != 0).then_some(r.ppid),
                    comm: Some(r.comm.clone()),
                    path: r.path.clone(),
                    state: Some(if i == current {
                        "R".into()
                    } else if pid == 0 {
                        "-".into()
                    } else {
                        r.state.to_string()
                    }),
                    satp: None,
                    kthread: r.kthread,
                    switches: (pid != 0).then_some((r.voluntary, r.involuntary)),
                    current: i == current,
                }
            })
            .collect()
    }

    fn current(&self, m: &Machine) -> Option<TaskInfo> {
        let t = m.tasks.as_ref().filter(|_| self.available(m))?;
        let r = t.current_row()?;
        let pid = r.tid().unwrap_or(0);
        Some(TaskInfo {
            pid: Some(pid),
            ppid: Some(r.ppid),
            comm: Some(r.comm.clone()),
            path: r.path.clone(),
            state: Some("R".into()),
            satp: None,
            kthread: r.kthread,
            switches: Some((r.voluntary, r.involuntary)),
            current: true,
        })
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
                path: s.comm.clone(),
                satp: Some(s.satp),
                current: Some(s.satp) == self.current,
                ..TaskInfo::default()
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
