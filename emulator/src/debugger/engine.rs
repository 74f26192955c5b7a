//! Running forward: steps, continue, and runs to a temporary stop (next,
//! finish, until), with breakpoints, catchpoints and watchpoints, periodic
//! snapshots, and the console muted while re-executing what was shown.
//!
//! The machine runs its normal loop (`Machine::run_until`) in chunks that
//! end at the next snapshot position or the step count asked for.
//! Breakpoints are halt points (`cpu/halt.rs`); catchpoints are checked
//! after every block on the events `events.rs` finds. Hardware breakpoints
//! (GDB's `hbreak`) and watchpoints take the hart's Sdtrig triggers
//! (`cpu/trigger.rs`) while enough are free: the hart stops by itself
//! before the instruction or access, and a watched access is then run as
//! one step and reported after it retires. Without a free trigger for
//! every watchpoint, the engine single-steps instead and decodes each
//! instruction's access (`watch.rs`).

use super::breakpoints::Kind;
use super::events::Event;
use super::watch::{access_at, Access};
use super::Debugger;
use crate::cpu::trigger::{self, TriggerSpec};
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
        let armed = if events {
            self.arm_triggers()
        } else {
            self.release_triggers();
            Armed::default()
        };
        let mut pcs = if events {
            let mut pcs = self.points.halt_pcs();
            pcs.retain(|pc| !armed.hw_pcs.contains(pc));
            pcs
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
        // Single-step (no trigger for every watchpoint).
        let watching = events && self.points.has_watch() && !armed.watches;
        // A watched access a trigger stopped the hart before: the next
        // chunk is that one instruction.
        let mut pending: Option<Access> = None;
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
                self.snapshot_now();
            }
            let mut stop_at = target.unwrap_or(u64::MAX).min(self.hist.next_due());
            let muted = pos < self.furthest;
            if muted {
                stop_at = stop_at.min(self.furthest);
            }
            self.set_mute(muted);
            let access = if let Some(a) = pending.take() {
                stop_at = stop_at.min(pos + 1);
                Some(a)
            } else if watching {
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
            let end = self.m.run_until(stop_at, &mut |cpu, tasks| {
                evs.clear();
                obs.after_block(cpu, &mut evs);
                if let Some(t) = tasks.filter(|t| t.mode == crate::tasks::Mode::Tasks) {
                    // The kernel's own switches, not address spaces'.
                    evs.retain(|e| !matches!(e, Event::Switch { .. }));
                    evs.extend(t.take_switches().into_iter().map(Event::TaskSwitch));
                }
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
            if let Some(t) = self.m.cpu.take_trigger_hit() {
                // The hart stopped before the instruction at t.pc; it runs
                // next without trigger checks, and not halting there again.
                self.m.cpu.halt.skip = Some((t.pc, now));
                if t.access == trigger::Access::Execute {
                    hit = self.halted_at(t.pc, goal);
                } else {
                    // A trigger covers a whole aligned range: keep the
                    // accesses that touch a watched one.
                    pending = access_at(&self.m.cpu, t.pc)
                        .filter(|a| self.points.watches().any(|(_, w)| w.hit_by(a)));
                }
            } else if let Some(pc) = self.m.cpu.halt.hit.take() {
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
        self.release_triggers();
        if matches!(mode, Mode::Stop) {
            self.count_hit(&stop);
        }
        stop
    }

    /// Give hardware breakpoints, then watchpoints, Sdtrig triggers the
    /// guest is not using (each watchpoint gets the smallest aligned
    /// power-of-two range that covers it). Watchpoints take triggers only
    /// if every one gets one (else the engine single-steps for them all).
    fn arm_triggers(&mut self) -> Armed {
        self.release_triggers();
        let mut armed = Armed {
            hw_pcs: Vec::new(),
            watches: self.use_triggers,
        };
        if !self.use_triggers {
            return armed;
        }
        let hw: Vec<u64> = self
            .points
            .list
            .iter()
            .filter(|p| p.hw)
            .filter_map(|p| match &p.kind {
                Kind::Break(locs) => Some(locs.iter().map(|l| l.addr)),
                _ => None,
            })
            .flatten()
            .collect();
        let cpu = &mut self.m.cpu;
        for addr in hw {
            let Some(i) = cpu.free_trigger() else { break };
            if cpu
                .debugger_set_trigger(i, Some(TriggerSpec::breakpoint(addr)))
                .is_ok()
            {
                armed.hw_pcs.push(addr);
            }
        }
        let mut used = Vec::new();
        for (_, w) in self.points.watches() {
            let (base, len) = napot_cover(w.addr, w.len);
            let spec = TriggerSpec::watchpoint(base, len, w.read, w.write);
            match cpu.free_trigger() {
                Some(i) if cpu.debugger_set_trigger(i, Some(spec)).is_ok() => used.push(i),
                _ => {
                    armed.watches = false;
                    break;
                }
            }
        }
        if !armed.watches {
            for i in used {
                let _ = cpu.debugger_set_trigger(i, None);
            }
        }
        armed
    }

    /// Give back the triggers the debugger took (also those a snapshot
    /// brought back).
    pub(crate) fn release_triggers(&mut self) {
        for i in 0..trigger::TRIGGERS {
            if self.m.cpu.trigger_owned_by_debugger(i) {
                let _ = self.m.cpu.debugger_set_trigger(i, None);
            }
        }
    }

    /// How many triggers the debugger may use now (free, or its own).
    pub fn usable_triggers(&self) -> usize {
        (0..trigger::TRIGGERS)
            .filter(|&i| self.m.cpu.trigger_is_free(i) || self.m.cpu.trigger_owned_by_debugger(i))
            .count()
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

/// What `arm_triggers` armed: the hardware breakpoints' pcs, and whether
/// every watchpoint has a trigger.
#[derive(Default)]
struct Armed {
    hw_pcs: Vec<u64>,
    watches: bool,
}

/// The smallest naturally aligned power-of-two range `(base, len)` that
/// covers `[addr, addr + len)`: what one trigger can watch.
pub fn napot_cover(addr: u64, len: u64) -> (u64, u64) {
    let end = addr.saturating_add(len.max(1));
    // (A length above 2^62, e.g. from a GDB watch packet, is capped: found
    // by fuzz/gdb, next_power_of_two overflowed and, in a release build,
    // the loop below never ended.)
    let mut size = len.max(1).min(1 << 62).next_power_of_two();
    loop {
        let base = addr & !(size - 1);
        if base.saturating_add(size) >= end || size >= 1 << 62 {
            return (base, size);
        }
        size <<= 1;
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

#[cfg(test)]
mod tests {
    use super::napot_cover;

    #[test]
    fn a_watched_range_is_covered_by_one_aligned_power_of_two() {
        assert_eq!(napot_cover(0x1000, 8), (0x1000, 8));
        assert_eq!(napot_cover(0x1004, 4), (0x1004, 4));
        assert_eq!(napot_cover(0x1006, 4), (0x1000, 16));
        assert_eq!(napot_cover(0x1001, 3), (0x1000, 4));
        assert_eq!(napot_cover(0x1ffc, 8), (0x0, 0x4000));
        assert_eq!(napot_cover(0x2000, 1), (0x2000, 1));
    }

    #[test]
    fn a_huge_watch_length_is_capped_not_an_overflow() {
        assert_eq!(napot_cover(0x8000_0000, u64::MAX), (0, 1 << 62));
        assert_eq!(napot_cover(0x8000_0000, (1 << 63) + 1), (0, 1 << 62));
    }
}
