//! Snapshots of the whole machine, for reverse execution.
//!
//! A snapshot is everything the guest's future depends on: the hart (x, f,
//! pc, privilege, CSRs, PMP, LR/SC reservation, the TLBs with their LRU
//! state, counters, clock) and the devices (CLINT, PLIC, UART, test
//! finisher, HTIF), plus RAM. RAM is not copied: from a snapshot on, the
//! first write to each page saves that page as it was (the memory's
//! *journal*: `Memory::start_journal`, a copy-on-first-write of 4 KiB at
//! a time, found by the page-flag check stores already make). Each snapshot
//! keeps the pages the interval after it changed; restoring snapshot `k`
//! puts back, newest first, the pages of every interval since `k`.
//!
//! Cost (measured, see README "Debugging"): taking a snapshot is one pass
//! over the page flags (1 byte per 4 KiB page) plus 2.5 KiB of state and
//! the TLBs; the memory it costs is 4 KiB per page the guest writes before
//! the next one. Decoded instructions are not state: pages that a restore changes
//! lose theirs. Console input is not recorded: debugging sessions run the
//! guest without one (see `mod.rs`).
//!
//! Devices added to the bus must be added to [`MachineState`].

use crate::clock::Clock;
use crate::cpu::csr::Csrs;
use crate::cpu::pmp::Pmp;
use crate::cpu::trap::TrapLoop;
use crate::cpu::{Cpu, Privilege};
use crate::devices::clint::Clint;
use crate::devices::htif::Htif;
use crate::devices::plic::Plic;
use crate::devices::test_finisher::TestFinisher;
use crate::devices::uart::Uart16550;
use crate::memory::{PageJournal, PAGE_CODE};
use crate::stats::CpuStats;
use std::time::{Duration, Instant};
use vitrine_mmu::Mmu;

/// Everything but RAM contents (see the module documentation).
pub struct MachineState {
    x: [u64; 32],
    f: [u64; 32],
    pc: u64,
    prv: Privilege,
    csr: Csrs,
    pmp: Pmp,
    mmu: Mmu,
    reservation: Option<(u64, u64)>,
    clock: Clock,
    instret: u64,
    traps: u64,
    trap_loop: Option<TrapLoop>,
    last_self_trap: Option<(u64, u64, u64)>,
    stats: CpuStats,
    waiting: bool,
    triggers: crate::cpu::trigger::Triggers,
    data_slow: [bool; 4],
    clint: Clint,
    plic: Plic,
    uart: Uart16550,
    finisher: TestFinisher,
    htif: Option<Htif>,
    introspect: crate::devices::introspect::Introspect,
    /// The disk device with its queue state, requests in flight and the
    /// sectors written so far (the image file itself is never rewound).
    virtio: Option<crate::devices::virtio::mmio::VirtioMmio>,
    exit: Option<crate::bus::DeviceExit>,
}

impl MachineState {
    pub fn capture(cpu: &Cpu) -> MachineState {
        let b = &cpu.bus;
        MachineState {
            x: cpu.x,
            f: cpu.f,
            pc: cpu.pc,
            prv: cpu.prv,
            csr: cpu.csr.clone(),
            pmp: cpu.pmp.clone(),
            mmu: cpu.mmu.clone(),
            reservation: cpu.reservation,
            clock: cpu.clock.clone(),
            instret: cpu.instret,
            traps: cpu.traps,
            trap_loop: cpu.trap_loop,
            last_self_trap: cpu.last_self_trap,
            stats: cpu.stats.clone(),
            waiting: cpu.waiting,
            triggers: cpu.triggers.clone(),
            data_slow: cpu.data_slow,
            clint: b.clint.clone(),
            plic: b.plic.clone(),
            uart: b.uart.duplicate(Box::new(std::io::sink())),
            finisher: b.finisher.clone(),
            htif: b.htif.clone(),
            introspect: b.introspect.clone(),
            virtio: b.virtio.clone(),
            exit: b.exit,
        }
    }

    /// Put this state back (RAM is the journal's business).
    pub fn restore(&self, cpu: &mut Cpu) {
        cpu.x = self.x;
        cpu.f = self.f;
        cpu.pc = self.pc;
        cpu.prv = self.prv;
        cpu.csr = self.csr.clone();
        cpu.pmp = self.pmp.clone();
        cpu.mmu = self.mmu.clone();
        // The TLB's slots went back in time with their versions: the
        // translating engine's copies of them are not to be trusted.
        cpu.jit.mirror.clear();
        cpu.reservation = self.reservation;
        cpu.clock = self.clock.clone();
        cpu.instret = self.instret;
        cpu.traps = self.traps;
        cpu.trap_loop = self.trap_loop;
        cpu.last_self_trap = self.last_self_trap;
        cpu.stats = self.stats.clone();
        cpu.waiting = self.waiting;
        cpu.triggers = self.triggers.clone();
        cpu.data_slow = self.data_slow;
        let b = &mut cpu.bus;
        b.clint = self.clint.clone();
        b.plic = self.plic.clone();
        b.uart.restore(&self.uart);
        b.finisher = self.finisher.clone();
        b.htif = self.htif.clone();
        b.introspect = self.introspect.clone();
        b.virtio = self.virtio.clone();
        b.exit = self.exit;
        cpu.halt.hit = None;
        cpu.halt.skip = None;
        cpu.flush_fetch();
    }
}

/// What a snapshot keeps besides the machine: the debugger's view of the
/// address spaces (`events.rs`) and the per-task tracker (`tasks/`, the
/// machine's, which `--stats=task`, `--trace` and the debugger's `tasks`
/// and `catch switch` read), so that going back puts them back too.
#[derive(Clone)]
pub struct Views {
    pub obs: super::events::Observer,
    pub tasks: Option<crate::tasks::TrackerSnapshot>,
}

/// One snapshot: the machine at `pos`, the debugger's own view of it
/// (`T`: what it inferred about tasks so far), and the RAM pages the
/// interval after it changed.
pub struct Snapshot<T> {
    pub pos: u64,
    state: MachineState,
    pub extra: T,
    /// Pages as they were at `pos`, saved by their first write before the
    /// next snapshot. Empty for the newest one (its interval is open: the
    /// pages are in the memory's live journal).
    journal: PageJournal,
    /// How many of them were copied (not zero).
    copied: usize,
}

/// The snapshots of one session's history, oldest first.
pub struct History<T> {
    snaps: Vec<Snapshot<T>>,
    /// Instructions (positions) between snapshots.
    pub interval: u64,
    /// How far back the history reaches at least (older snapshots are
    /// dropped).
    pub window: u64,
    /// Time spent taking snapshots, and how many were taken.
    pub taken: u32,
    pub time_taking: Duration,
    pub time_restoring: Duration,
}

/// Snapshot every million instructions, keep ten million.
pub const DEFAULT_INTERVAL: u64 = 1_000_000;
pub const DEFAULT_WINDOW: u64 = 10_000_000;
/// Host memory the saved pages may take before the oldest snapshots go,
/// however far back the window reaches then.
pub const MAX_SAVED_BYTES: usize = 1 << 30;

impl<T: Clone> History<T> {
    pub fn new() -> History<T> {
        History {
            snaps: Vec::new(),
            interval: DEFAULT_INTERVAL,
            window: DEFAULT_WINDOW,
            taken: 0,
            time_taking: Duration::ZERO,
            time_restoring: Duration::ZERO,
        }
    }

    /// Position of the oldest snapshot.
    pub fn oldest(&self) -> Option<u64> {
        self.snaps.first().map(|s| s.pos)
    }

    /// Position at which the next periodic snapshot is due.
    pub fn next_due(&self) -> u64 {
        self.snaps
            .last()
            .map_or(0, |s| s.pos.saturating_add(self.interval))
    }

    pub fn len(&self) -> usize {
        self.snaps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.snaps.is_empty()
    }

    /// Positions of the snapshots, oldest first.
    pub fn positions(&self) -> impl DoubleEndedIterator<Item = u64> + '_ {
        self.snaps.iter().map(|s| s.pos)
    }

    /// Pages saved (all, and those copied: not zero), the live interval's
    /// included. Copied pages take 4 KiB of host memory each.
    pub fn saved_pages(&self, cpu: &Cpu) -> (usize, usize) {
        let (mut all, mut copied) = cpu.bus.mem.journal_len();
        for s in &self.snaps {
            all += s.journal.len();
            copied += s.copied;
        }
        (all, copied)
    }

    /// Take a snapshot of the machine now (at `cpu.position()`).
    pub fn take(&mut self, cpu: &mut Cpu, extra: T) {
        let t = Instant::now();
        let pos = cpu.position();
        let closed = cpu.bus.mem.start_journal();
        match self.snaps.last_mut() {
            Some(last) if last.pos == pos => {
                // Nothing ran since: keep one snapshot. Pages written since
                // (by hand) are what RAM holds at `pos` now.
                last.extra = extra;
                last.state = MachineState::capture(cpu);
                cpu.bus.mem.release(closed);
                self.time_taking += t.elapsed();
                return;
            }
            Some(last) => {
                last.copied = closed.iter().filter(|(_, d)| d.is_some()).count();
                last.journal = closed;
            }
            None => {}
        }
        self.snaps.push(Snapshot {
            pos,
            state: MachineState::capture(cpu),
            extra,
            journal: Vec::new(),
            copied: 0,
        });
        // Drop snapshots no longer needed to reach `window` back, and the
        // oldest while the saved pages take too much memory.
        while self.snaps.len() > 2 && self.snaps[1].pos + self.window <= pos {
            cpu.bus.mem.release(self.snaps.remove(0).journal);
        }
        while self.snaps.len() > 2 && self.saved_pages(cpu).1 * 0x1000 > MAX_SAVED_BYTES {
            cpu.bus.mem.release(self.snaps.remove(0).journal);
        }
        self.taken += 1;
        self.time_taking += t.elapsed();
    }

    /// The newest snapshot at or before `pos`.
    pub fn index_at_or_before(&self, pos: u64) -> Option<usize> {
        let i = self.snaps.partition_point(|s| s.pos <= pos);
        i.checked_sub(1)
    }

    /// Put the machine back to snapshot `k` (dropping the newer ones) and
    /// return the debugger's view saved with it.
    pub fn restore(&mut self, k: usize, cpu: &mut Cpu) -> T {
        let t = Instant::now();
        let live = cpu.bus.mem.stop_journal();
        let mut touched = Vec::new();
        put_back(cpu, live, &mut touched);
        while self.snaps.len() > k + 1 {
            let s = self.snaps.pop().expect("len > k + 1");
            put_back(cpu, s.journal, &mut touched);
        }
        let snap = &mut self.snaps[k];
        put_back(cpu, std::mem::take(&mut snap.journal), &mut touched);
        snap.copied = 0;
        for page in touched {
            if cpu.bus.mem.page_flags[page] & PAGE_CODE != 0 {
                cpu.icache.invalidate_page(page);
                cpu.bus.mem.page_flags[page] &= !PAGE_CODE;
            }
        }
        cpu.icache.reclaim();
        snap.state.restore(cpu);
        let _ = cpu.bus.mem.start_journal();
        self.time_restoring += t.elapsed();
        snap.extra.clone()
    }

    /// Forget everything (after the user changed the machine by hand: the
    /// past no longer leads to the present).
    pub fn clear(&mut self, cpu: &mut Cpu) {
        for s in self.snaps.drain(..) {
            cpu.bus.mem.release(s.journal);
        }
        let live = cpu.bus.mem.stop_journal();
        cpu.bus.mem.release(live);
    }
}

impl<T: Clone> Default for History<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Put the pages of `journal` back into RAM (noting them in `touched`), and
/// give its saved pages back to the memory's arena.
fn put_back(cpu: &mut Cpu, journal: PageJournal, touched: &mut Vec<usize>) {
    // Within one interval a page is saved once; across intervals, older
    // intervals are applied later, so the oldest copy wins.
    for (page, data) in journal.iter().rev() {
        cpu.bus.mem.restore_page(*page, data.as_ref());
        touched.push(*page);
    }
    cpu.bus.mem.release(journal);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::Machine;
    use crate::memory::RAM_BASE;

    /// Snapshots dropped from the window give their saved pages back, and
    /// later snapshots save into them: every snapshot still kept restores
    /// RAM exactly as it was.
    #[test]
    fn pages_saved_into_slots_given_back_restore_exactly() {
        let mut m = Machine::with_code(&[]);
        let mut h: History<()> = History::new();
        h.window = 3;
        let mut ram_at = Vec::new();
        for round in 0..8u8 {
            h.take(&mut m.cpu, ());
            ram_at.push((m.cpu.position(), m.cpu.bus.mem.as_slice().to_vec()));
            // Pages written in every interval, and one new in each.
            for page in [1u64, 2, 3, 10 + round as u64] {
                let fill = vec![round * 16 + page as u8 + 1; 0x1000];
                m.cpu.bus.mem.write_bytes(RAM_BASE + (page << 12), &fill);
            }
            m.cpu.instret += 1;
        }
        assert!(h.len() < 8, "the window dropped the oldest snapshots");
        let kept: Vec<u64> = h.positions().collect();
        for k in (0..kept.len()).rev() {
            h.restore(k, &mut m.cpu);
            let (_, ram) = ram_at.iter().find(|(p, _)| *p == kept[k]).unwrap();
            assert!(
                m.cpu.bus.mem.as_slice() == ram.as_slice(),
                "RAM at position {} differs after the restore",
                kept[k]
            );
        }
    }
}
