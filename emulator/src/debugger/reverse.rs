//! Reverse execution by deterministic re-execution: to go back to position
//! `p`, restore the newest snapshot at or before `p` and run forward to
//! `p` (the machine is deterministic in a debugging session: same state,
//! same instructions, same interrupts at the same positions).
//!
//! `reverse-continue` finds the previous stop by scanning back one
//! snapshot interval at a time: restore the interval's snapshot, run
//! forward to where the scan stands noting every breakpoint, catchpoint
//! and watchpoint hit, and go to the last one; if there is none, scan the
//! interval before.

use super::engine::{Goal, Mode, Stop};
use super::Debugger;

impl Debugger {
    /// Put the machine at position `target` (at or after the oldest
    /// snapshot), by restoring and re-executing.
    pub fn goto(&mut self, target: u64) -> Result<(), String> {
        let k = self
            .hist
            .index_at_or_before(target)
            .ok_or("no snapshot that far back")?;
        self.restore_snapshot(k);
        let steps = target - self.pos();
        if steps > 0 {
            let stop = self.forward(
                &Goal {
                    steps: Some(steps),
                    temp: None,
                },
                &mut Mode::Replay,
                &mut || false,
            );
            if let Stop::Exited(r) = stop {
                if self.pos() < target {
                    return Err(format!("re-execution ended early: {}", r.describe()));
                }
            }
        }
        Ok(())
    }

    /// `reverse-stepi N`.
    pub fn reverse_stepi(&mut self, n: u64) -> Stop {
        let pos = self.pos();
        let oldest = self.hist.oldest().unwrap_or(pos);
        if n > pos.saturating_sub(oldest) {
            let _ = self.goto(oldest);
            return Stop::HistoryStart;
        }
        let target = pos - n;
        match self.goto(target) {
            Ok(()) => Stop::Steps,
            Err(_) => Stop::HistoryStart,
        }
    }

    /// `reverse-continue`: back to the previous breakpoint, catchpoint or
    /// watchpoint hit, or to the start of the history.
    pub fn reverse_continue(&mut self, poll: &mut dyn FnMut() -> bool) -> Stop {
        let mut end = self.pos();
        loop {
            let Some(k) = end
                .checked_sub(1)
                .and_then(|e| self.hist.index_at_or_before(e))
            else {
                let oldest = self.hist.oldest().unwrap_or(end);
                let _ = self.goto(oldest);
                return Stop::HistoryStart;
            };
            self.restore_snapshot(k);
            let start = self.pos();
            let mut rec = Mode::Record(Vec::new());
            let stop = self.forward(
                &Goal {
                    steps: Some(end - start),
                    temp: None,
                },
                &mut rec,
                poll,
            );
            if stop == Stop::Interrupted {
                return stop;
            }
            let Mode::Record(hits) = rec else {
                unreachable!()
            };
            if let Some((at, hit)) = hits.into_iter().rfind(|(at, _)| *at < end) {
                if let Err(e) = self.goto(at) {
                    return Stop::CondError { id: 0, msg: e };
                }
                if let Stop::Breakpoint { id, .. }
                | Stop::Catch { id, .. }
                | Stop::Watch { id, .. } = hit
                {
                    if let Some(p) = self.points.get_mut(id) {
                        p.hits += 1;
                    }
                }
                return hit;
            }
            if start == 0 || k == 0 {
                let _ = self.goto(start);
                return Stop::HistoryStart;
            }
            end = start;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{Debugger, Frontend, SessionOptions};
    use crate::cli::{EMBEDDED_INITRAMFS, EMBEDDED_KERNEL};
    use crate::cpu::Cpu;
    use crate::machine::{Machine, MachineConfig};
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    /// The built-in OS running `cmd`, in a debugger session.
    pub fn session(cmd: &str) -> Debugger {
        let bootargs = format!("quiet -- -c '{cmd}'");
        let cfg = MachineConfig {
            ram_size: 64 << 20,
            bootargs: bootargs.clone(),
            initrd: Some(EMBEDDED_INITRAMFS.to_vec()),
            ..Default::default()
        };
        let (console, mute) = super::super::Console::new();
        let _ = console;
        let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
        m.load(&vitrine_loader::parse(EMBEDDED_KERNEL).unwrap())
            .unwrap();
        let opts = SessionOptions {
            frontend: Frontend::Repl,
            elf: EMBEDDED_KERNEL.to_vec(),
            initrd: Some(EMBEDDED_INITRAMFS.to_vec()),
            name: cmd.into(),
            bootargs,
        };
        Debugger::new(m, &opts, mute)
    }

    /// Everything the guest can see, and the counters, as one number;
    /// RAM separately.
    pub fn digest(cpu: &Cpu) -> (u64, Vec<u8>) {
        let mut h = DefaultHasher::new();
        (cpu.x, cpu.f, cpu.pc, cpu.prv as u8, cpu.instret, cpu.traps).hash(&mut h);
        let c = &cpu.csr;
        (
            c.mstatus, c.satp, c.sepc, c.scause, c.stval, c.mepc, c.mcause, c.mtval, c.mip, c.mie,
            c.stimecmp, c.sscratch,
        )
            .hash(&mut h);
        // (Per-mode counts as `run` leaves them when it returns.)
        let mut stats = cpu.stats.clone();
        stats.close_mode_interval(cpu.prv, cpu.instret);
        format!("{:?} {:?}", cpu.mmu.counters, stats).hash(&mut h);
        (cpu.clock.cycles(cpu.instret), cpu.clock.mtime(cpu.instret)).hash(&mut h);
        cpu.mmu.itlb().iter().collect::<Vec<_>>().hash(&mut h);
        cpu.mmu.dtlb().iter().collect::<Vec<_>>().hash(&mut h);
        (cpu.waiting, cpu.reservation).hash(&mut h);
        (h.finish(), cpu.bus.mem.as_slice().to_vec())
    }

    #[test]
    fn going_back_gives_exactly_the_state_that_was_there() {
        let mut d = session("cow -m 1");
        let mut never = || false;
        assert_eq!(d.stepi(2_500_000, &mut never), super::Stop::Steps);
        let (there, ram) = digest(&d.m.cpu);
        assert_eq!(d.stepi(700_001, &mut never), super::Stop::Steps);
        d.goto(2_500_000).unwrap();
        let (back, ram_back) = digest(&d.m.cpu);
        assert_eq!(there, back);
        assert!(ram == ram_back, "RAM differs after going back");
        // One step back from a position, then the step again.
        d.stepi(12_345, &mut never);
        let before = digest(&d.m.cpu);
        d.stepi(1, &mut never);
        assert_eq!(d.reverse_stepi(1), super::Stop::Steps);
        assert!(digest(&d.m.cpu) == before, "reverse-stepi");
    }

    #[test]
    fn a_session_runs_the_guest_exactly_as_the_machine_does() {
        let mut plain = session("true").m;
        plain.run();
        let mut d = session("true");
        let mut never = || false;
        let stop = d.cont(&mut never);
        assert!(matches!(stop, super::Stop::Exited(_)), "{stop:?}");
        let a = digest(&plain.cpu);
        let b = digest(&d.m.cpu);
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1);
        // With a breakpoint hit at every page fault (its condition false)
        // and one in a page of hot code: same instructions, same counters,
        // same TLB contents.
        let mut d = session("true");
        for cmd in [
            "break fault::resolve if asid == 999",
            "break kmain+4",
            "catch satp if asid == 999",
        ] {
            d.execute(
                cmd,
                &mut super::super::commands::Ctx {
                    poll: &mut never,
                    may_run: true,
                },
            );
        }
        let stop = d.cont(&mut never);
        assert!(matches!(stop, super::Stop::Breakpoint { .. }), "{stop:?}");
        let stop = d.cont(&mut never);
        assert!(matches!(stop, super::Stop::Exited(_)), "{stop:?}");
        let c = digest(&d.m.cpu);
        assert_eq!(a.0, c.0);
        assert!(a.1 == c.1);
    }
}
