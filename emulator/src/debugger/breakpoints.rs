//! Breakpoints, catchpoints and watchpoints: one numbered list, as GDB's.
//!
//! A breakpoint is a set of virtual addresses (a symbol may name several),
//! each optionally tied to a user program (a user symbol means something
//! only in the address spaces running that program). The hart halts at
//! them through `cpu::halt` (no instruction is patched, nothing is checked
//! per instruction); the debugger then checks the program and the
//! condition, and resumes silently when they do not hold.

use super::catch::CatchSpec;
use super::watch::WatchSpec;

/// One address of a breakpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub addr: u64,
    /// `symbol+offset`, or empty.
    pub name: String,
    /// Only in address spaces running this program (exec path).
    pub program: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Break(Vec<Location>),
    Catch(CatchSpec),
    Watch(WatchSpec),
}

/// Who set a point: the REPL's user, or a GDB client (whose breakpoints
/// it removes itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    User,
    Gdb,
}

#[derive(Clone, Debug)]
pub struct Point {
    pub id: u32,
    pub kind: Kind,
    /// Deleted at its first stop (`tbreak`).
    pub temporary: bool,
    pub cond: Option<String>,
    pub hits: u64,
    pub owner: Owner,
    /// A hardware breakpoint (GDB's `hbreak`): an Sdtrig execute trigger
    /// while one is free, else a halt point like the others.
    pub hw: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Points {
    pub list: Vec<Point>,
    next: u32,
}

impl Points {
    pub fn add(&mut self, kind: Kind, temporary: bool, cond: Option<String>, owner: Owner) -> u32 {
        self.next += 1;
        self.list.push(Point {
            id: self.next,
            kind,
            temporary,
            cond,
            hits: 0,
            owner,
            hw: false,
        });
        self.next
    }

    pub fn get(&self, id: u32) -> Option<&Point> {
        self.list.iter().find(|p| p.id == id)
    }

    pub fn get_mut(&mut self, id: u32) -> Option<&mut Point> {
        self.list.iter_mut().find(|p| p.id == id)
    }

    pub fn remove(&mut self, id: u32) -> bool {
        let n = self.list.len();
        self.list.retain(|p| p.id != id);
        self.list.len() != n
    }

    /// Every address a breakpoint is set at.
    pub fn halt_pcs(&self) -> Vec<u64> {
        self.list
            .iter()
            .filter_map(|p| match &p.kind {
                Kind::Break(locs) => Some(locs.iter().map(|l| l.addr)),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Breakpoints with a location at `pc`: (id, location).
    pub fn at(&self, pc: u64) -> Vec<(u32, Location)> {
        let mut out = Vec::new();
        for p in &self.list {
            if let Kind::Break(locs) = &p.kind {
                for l in locs.iter().filter(|l| l.addr == pc) {
                    out.push((p.id, l.clone()));
                }
            }
        }
        out
    }

    pub fn catches(&self) -> impl Iterator<Item = (u32, &CatchSpec)> {
        self.list.iter().filter_map(|p| match &p.kind {
            Kind::Catch(c) => Some((p.id, c)),
            _ => None,
        })
    }

    pub fn watches(&self) -> impl Iterator<Item = (u32, &WatchSpec)> {
        self.list.iter().filter_map(|p| match &p.kind {
            Kind::Watch(w) => Some((p.id, w)),
            _ => None,
        })
    }

    pub fn has_watch(&self) -> bool {
        self.watches().next().is_some()
    }

    pub fn has_catch(&self) -> bool {
        self.catches().next().is_some()
    }
}
