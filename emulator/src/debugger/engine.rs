//! Running forward: steps, continue, and runs to a temporary stop (next,
//! finish, until), with breakpoints, catchpoints and watchpoints, periodic
//! snapshots, and the console muted while re-executing what was shown.
//!
//! The machine runs its normal loop (`Machine::run_until`) in chunks that
//! end at the next snapshot position, the step count asked for, or (while
//! a watchpoint is set) after every instruction. Breakpoints are halt
//! points (`cpu/halt.rs`); catchpoints are checked after every block on
//! the events `events.rs` finds.

use super::breakpoints::Kind;
use super::events::Event;
use super::watch::{access_at, Access};
use super::Debugger;
use crate::cpu::Privilege;
use crate::machine::{ExitReason, RunEnd};

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The steps asked for are done.
    Steps,
    /// `next`, `finish` or `until` reached its target.
    Target,
    Breakpoint {
        id: u32,
        temporary: bool,
    },
    Catch {
        id: u32,
        what: String,
    },
    Watch {
        id: u32,
        access: Access,
        old: Vec<u8>,
        new: Vec<u8>,
    },
    /// A breakpoint's condition could not be evaluated.
    CondError {
        id: u32,
        msg: String,
    },
    /// The machine stopped for good.
    Exited(ExitReason),
    /// ^C (or the GDB client's interrupt).
    Interrupted,
    /// Reverse execution reached the oldest snapshot.
    HistoryStart,
}

/// A temporary stop of `next`, `finish` and `until`: at `pc`, when the
/// hart is in the same privilege and address space and the stack is back
/// to `min_sp` or above (so that recursion does not stop it early).
#[derive(Clone, Copy, Debug)]
pub struct TempStop {
    pub pc: u64,
    pub prv: Option<Privilege>,
    pub satp: Option<u64>,
    pub min_sp: Option<u64>,
}

/// What a forward run is for.
#[derive(Clone, Debug, Default)]
pub struct Goal {
    pub steps: Option<u64>,
    pub temp: Option<TempStop>,
}

/// What to do with breakpoint, catchpoint and watchpoint hits.
pub enum Mode {
    /// Stop and report (the user's runs).
    Stop,
    /// Note where they happen and go on (reverse-continue's scan).
    Record(Vec<(u64, Stop)>),
    /// Ignore them (re-executing to a position).
    Replay,
}

impl Debugger {
    /// Run forward (see the module documentation). `poll` is asked between
    /// chunks whether to stop (^C, a GDB interrupt).
    pub fn forward(
        &mut self,
        goal: &Goal,
        mode: &mut Mode,
        poll: &mut dyn FnMut() -> bool,
    ) -> Stop {
        if let Some(r) = self.exited {
            return Stop::Exited(r);
        }
        let start = self.pos();
        let target = goal.steps.map(|n| start.saturating_add(n));
        let events = !matches!(mode, Mode::Replay);
        let mut pcs = if events {
            self.points.halt_pcs()
        } else {
            Vec::new()
        };
        if let Some(t) = &goal.temp {
            pcs.push(t.pc);
        }
        self.m.cpu.set_halt_points(pcs);
        self.m.cpu.halt.hit = None;
        // Resuming from a stop at a breakpoint executes the instruction there.
        self.m.cpu.halt.skip = matches!(mode, Mode::Stop).then(|| (self.m.cpu.pc, start));
        let watching = events && self.points.has_watch();
        let mut chunks = 0u64;
        let stop = loop {
            let pos = self.pos();
            if target.is_some_and(|t| pos >= t) {
                break Stop::Steps;
            }
            // Ask rarely while single-stepping (a watchpoint): it may cost a syscall.
            if (!watching || chunks.is_multiple_of(4096)) && poll() {
                break Stop::Interrupted;
            }
            chunks += 1;
            if pos >= self.hist.next_due() {
                let obs = self.obs.clone();
                self.hist.take(&mut self.m.cpu, obs);
            }
            let mut stop_at = target.unwrap_or(u64::MAX).min(self.hist.next_due());
            let muted = pos < self.furthest;
            if muted {
                stop_at = stop_at.min(self.furthest);
            }
            self.set_mute(muted);
            let access = if watching {
                stop_at = stop_at.min(pos + 1);
                access_at(&self.m.cpu, self.m.cpu.pc)
                    .filter(|a| self.points.watches().any(|(_, w)| w.hit_by(a)))
            } else {
                None
            };
            let old = access.map(|a| self.peek_bytes(a.addr, a.len));
            let (instret, traps) = (self.m.cpu.instret, self.m.cpu.traps);
            let mut caught: Option<(u32, String)> = None;
            let (obs, points) = (&mut self.obs, &self.points);
            let mut evs = Vec::new();
            let end = self.m.run_until(stop_at, &mut |cpu| {
                evs.clear();
                obs.after_block(cpu, &mut evs);
                if events && caught.is_none() {
                    caught = first_catch(points, &evs, obs);
                }
                caught.is_some()
            });
            let now = self.pos();
            self.furthest = self.furthest.max(now);
            if let RunEnd::Exit(r) = end {
                self.m.cpu.bus.uart.flush();
                self.exited = Some(r);
                break Stop::Exited(r);
            }
            let mut hit: Option<Stop> = None;
            if let Some(pc) = self.m.cpu.halt.hit.take() {
                self.m.cpu.halt.skip = Some((pc, now));
                hit = self.halted_at(pc, goal);
            } else if let Some((id, what)) = caught.take() {
                hit = self.catch_hit(id, what);
            } else if let Some(a) = access {
                let retired = self.m.cpu.instret == instret + 1 && self.m.cpu.traps == traps;
                if retired {
                    let new = self.peek_bytes(a.addr, a.len);
                    let id = self
                        .points
                        .watches()
                        .find(|(_, w)| w.hit_by(&a))
                        .map(|(id, _)| id);
                    if let Some(id) = id {
                        hit = Some(Stop::Watch {
                            id,
                            access: a,
                            old: old.unwrap_or_default(),
                            new,
                        });
                    }
                }
            }
            if let Some(h) = hit {
                match mode {
                    Mode::Stop => break h,
                    Mode::Record(v) => {
                        if h != Stop::Target {
                            v.push((now, h));
                        }
                    }
                    Mode::Replay => {}
                }
            }
        };
        self.set_mute(false);
        self.m.cpu.set_halt_points([]);
        if matches!(mode, Mode::Stop) {
            self.count_hit(&stop);
        }
        stop
    }

    /// The bytes at `addr` (zeros where unmapped).
    fn peek_bytes(&self, addr: u64, len: u64) -> Vec<u8> {
        let mut b = vec![0u8; len as usize];
        let _ = self.m.cpu.peek_virt(addr, &mut b);
        b
    }

    /// The hart halted at `pc`: is it a stop? (The temporary stop of the
    /// goal, or a breakpoint whose program and condition hold.)
    fn halted_at(&mut self, pc: u64, goal: &Goal) -> Option<Stop> {
        if let Some(t) = &goal.temp {
            let cpu = &self.m.cpu;
            if t.pc == pc
                && t.prv.is_none_or(|p| p == cpu.prv)
                && t.satp.is_none_or(|s| s == cpu.csr.satp)
                && t.min_sp.is_none_or(|sp| cpu.x[2] >= sp)
            {
                return Some(Stop::Target);
            }
        }
        let program = self.current_program();
        for (id, loc) in self.points.at(pc) {
            if let Some(p) = &loc.program {
                if program.as_deref() != Some(p.as_str()) {
                    continue;
                }
            }
            match self.check_cond(id) {
                Ok(true) => {
                    let temporary = self.points.get(id).is_some_and(|p| p.temporary);
                    return Some(Stop::Breakpoint { id, temporary });
                }
                Ok(false) => {}
                Err(msg) => return Some(Stop::CondError { id, msg }),
            }
        }
        None
    }

    fn catch_hit(&mut self, id: u32, what: String) -> Option<Stop> {
        match self.check_cond(id) {
            Ok(true) => Some(Stop::Catch { id, what }),
            Ok(false) => None,
            Err(msg) => Some(Stop::CondError { id, msg }),
        }
    }

    fn check_cond(&mut self, id: u32) -> Result<bool, String> {
        match self.points.get(id).and_then(|p| p.cond.clone()) {
            Some(c) => self.eval_cond(&c),
            None => Ok(true),
        }
    }

    /// A stop was reported: count the hit, delete a temporary breakpoint.
    fn count_hit(&mut self, stop: &Stop) {
        let id = match stop {
            Stop::Breakpoint { id, .. } | Stop::Catch { id, .. } | Stop::Watch { id, .. } => *id,
            _ => return,
        };
        if let Some(p) = self.points.get_mut(id) {
            p.hits += 1;
            if p.temporary {
                self.points.remove(id);
            }
        }
    }

    /// Run `n` steps (instructions or traps).
    pub fn stepi(&mut self, n: u64, poll: &mut dyn FnMut() -> bool) -> Stop {
        self.forward(
            &Goal {
                steps: Some(n),
                temp: None,
            },
            &mut Mode::Stop,
            poll,
        )
    }

    pub fn cont(&mut self, poll: &mut dyn FnMut() -> bool) -> Stop {
        self.forward(&Goal::default(), &mut Mode::Stop, poll)
    }

    /// Run until `pc` is reached under `temp`'s conditions.
    pub fn run_to(&mut self, temp: TempStop, poll: &mut dyn FnMut() -> bool) -> Stop {
        self.forward(
            &Goal {
                steps: None,
                temp: Some(temp),
            },
            &mut Mode::Stop,
            poll,
        )
    }

    /// `next`: over a call (jal/jalr linking ra or t0) or a system call
    /// (ecall), to the instruction after it in the same privilege and
    /// address space; else one step.
    pub fn next(&mut self, poll: &mut dyn FnMut() -> bool) -> Stop {
        let cpu = &self.m.cpu;
        let pc = cpu.pc;
        let Some((raw, len)) = super::watch::fetch(cpu, pc) else {
            return self.stepi(1, poll);
        };
        let insn = crate::cpu::decode::decode(raw as u16, (raw >> 16) as u16);
        let r = insn.raw;
        let rd = (r >> 7) & 31;
        let call = matches!(r & 0x7f, 0x6f | 0x67) && (rd == 1 || rd == 5);
        let ecall = r == 0x0000_0073;
        if !call && !ecall {
            return self.stepi(1, poll);
        }
        let temp = TempStop {
            pc: pc.wrapping_add(len as u64),
            prv: Some(cpu.prv),
            satp: Some(cpu.csr.satp),
            min_sp: call.then_some(cpu.x[2]),
        };
        self.run_to(temp, poll)
    }

    /// `finish`: to the return address in `ra` (valid at a function's
    /// entry, before its prologue saves it), with the stack back to where
    /// it is now or above.
    pub fn finish(&mut self, poll: &mut dyn FnMut() -> bool) -> Stop {
        let cpu = &self.m.cpu;
        let temp = TempStop {
            pc: cpu.x[1],
            prv: Some(cpu.prv),
            satp: Some(cpu.csr.satp),
            min_sp: Some(cpu.x[2]),
        };
        self.run_to(temp, poll)
    }
}

/// The first catchpoint that catches one of `evs`.
fn first_catch(
    points: &super::breakpoints::Points,
    evs: &[Event],
    obs: &super::events::Observer,
) -> Option<(u32, String)> {
    for ev in evs {
        for p in &points.list {
            if let Kind::Catch(c) = &p.kind {
                if let Some(what) = c.check(ev, &obs.spaces) {
                    return Some((p.id, what));
                }
            }
        }
    }
    None
}
