//! A task's block of counters, and how it is filled without touching the
//! execute loop: the machine's own counters (the CPU's, the MMU's) stay as
//! they are; at every switch the tracker takes a [`Counters`] snapshot of
//! them and adds the difference from the previous snapshot to the task
//! that was running. One snapshot and one subtraction per switch, nothing
//! per instruction, and the tasks' rows add up to the machine's totals.

use crate::cpu::Cpu;
use vitrine_mmu::{MmuCounters, TlbCounters};

/// Everything the machine counts that is charged to tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub instret: u64,
    /// Instructions retired in U, S, (reserved), M mode.
    pub by_mode: [u64; 4],
    pub exceptions: [u64; 16],
    pub interrupts: [u64; 16],
    pub mmu: MmuCounters,
    pub satp_writes: u64,
    /// Disk requests submitted (virtio-blk's QueueNotify), sectors read
    /// and written by them: charged to the task that was running when the
    /// driver notified the queue, i.e. the one that asked.
    pub disk: [u64; 3],
}

impl Counters {
    /// The machine's counters now (at the end of a block: the execute loop
    /// has folded its pending iTLB hits in).
    pub fn sample(cpu: &Cpu) -> Counters {
        let mut by_mode = cpu.stats.instret_by_mode;
        // The current mode's interval is closed only when the mode changes.
        by_mode[cpu.prv as usize] += cpu.instret - cpu.stats.mode_start;
        Counters {
            instret: cpu.instret,
            by_mode,
            exceptions: cpu.stats.exceptions,
            interrupts: cpu.stats.interrupts,
            mmu: cpu.mmu.counters,
            satp_writes: cpu.stats.satp_writes,
            disk: cpu.bus.virtio.as_ref().map_or([0; 3], |v| {
                let s = &v.blk.submitted;
                [s.requests, s.sectors_read, s.sectors_written]
            }),
        }
    }

    /// `self += now - before`, field by field.
    pub fn add_delta(&mut self, now: &Counters, before: &Counters) {
        fn d(acc: &mut u64, now: u64, before: u64) {
            *acc += now.wrapping_sub(before);
        }
        fn tlb(acc: &mut TlbCounters, now: &TlbCounters, before: &TlbCounters) {
            d(&mut acc.hits, now.hits, before.hits);
            d(&mut acc.misses, now.misses, before.misses);
            d(&mut acc.walks, now.walks, before.walks);
        }
        d(&mut self.instret, now.instret, before.instret);
        for i in 0..4 {
            d(&mut self.by_mode[i], now.by_mode[i], before.by_mode[i]);
        }
        for i in 0..16 {
            d(
                &mut self.exceptions[i],
                now.exceptions[i],
                before.exceptions[i],
            );
            d(
                &mut self.interrupts[i],
                now.interrupts[i],
                before.interrupts[i],
            );
        }
        tlb(&mut self.mmu.itlb, &now.mmu.itlb, &before.mmu.itlb);
        tlb(&mut self.mmu.dtlb, &now.mmu.dtlb, &before.mmu.dtlb);
        let (a, n, b) = (&mut self.mmu, &now.mmu, &before.mmu);
        d(&mut a.flush_all, n.flush_all, b.flush_all);
        d(&mut a.flush_asid, n.flush_asid, b.flush_asid);
        d(&mut a.flush_addr, n.flush_addr, b.flush_addr);
        d(&mut a.flush_addr_asid, n.flush_addr_asid, b.flush_addr_asid);
        d(&mut self.satp_writes, now.satp_writes, before.satp_writes);
        for i in 0..3 {
            d(&mut self.disk[i], now.disk[i], before.disk[i]);
        }
    }

    /// `self += other`.
    pub fn add(&mut self, other: &Counters) {
        self.add_delta(other, &Counters::default());
    }

    /// Page-fault traps: instruction, load, store.
    pub fn page_faults(&self) -> [u64; 3] {
        [
            self.exceptions[12],
            self.exceptions[13],
            self.exceptions[15],
        ]
    }

    /// System calls: `ecall`s from U-mode.
    pub fn syscalls(&self) -> u64 {
        self.exceptions[8]
    }

    /// TLB misses and lookups, both TLBs.
    pub fn tlb_misses(&self) -> (u64, u64) {
        let (i, d) = (&self.mmu.itlb, &self.mmu.dtlb);
        (i.misses + d.misses, i.lookups() + d.lookups())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_add_up_to_the_total() {
        let mut a = Counters::default();
        let mut b = Counters::default();
        let s0 = Counters::default();
        let mut s1 = s0;
        s1.instret = 10;
        s1.by_mode[0] = 7;
        s1.exceptions[8] = 2;
        s1.mmu.dtlb.misses = 3;
        s1.mmu.flush_asid = 1;
        let mut s2 = s1;
        s2.instret = 25;
        s2.by_mode[1] = 15;
        s2.mmu.dtlb.misses = 4;
        a.add_delta(&s1, &s0);
        b.add_delta(&s2, &s1);
        let mut total = a;
        total.add(&b);
        assert_eq!(total, s2);
        assert_eq!(a.syscalls(), 2);
        assert_eq!(b.syscalls(), 0);
        assert_eq!(b.tlb_misses(), (1, 1));
    }
}
