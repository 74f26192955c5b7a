//! Which interrupt, if any, the hart takes now: pending & enabled bits,
//! delegation, and the architectural priority order.

use super::csr::{MSTATUS_MIE, MSTATUS_SIE};
use super::trap::INTERRUPT_BIT;
use super::{Cpu, Privilege};

/// Priority order from the privileged spec: MEI, MSI, MTI, SEI, SSI, STI.
const PRIORITY: [u64; 6] = [11, 3, 7, 9, 1, 5];

impl Cpu {
    /// The interrupt to take now (its `xcause` value), honouring `mie`,
    /// `mideleg`, the global enables and the current privilege.
    pub fn pending_interrupt(&self) -> Option<u64> {
        let pending = self.mip() & self.csr.mie;
        if pending == 0 {
            return None;
        }
        let m_enabled = self.prv != Privilege::Machine || self.csr.mstatus & MSTATUS_MIE != 0;
        let s_enabled = match self.prv {
            Privilege::User => true,
            Privilege::Supervisor => self.csr.mstatus & MSTATUS_SIE != 0,
            Privilege::Machine => false,
        };
        let m_pending = if m_enabled {
            pending & !self.csr.mideleg
        } else {
            0
        };
        let s_pending = if s_enabled {
            pending & self.csr.mideleg
        } else {
            0
        };
        // Interrupts for M-mode take precedence over those for S-mode.
        for set in [m_pending, s_pending] {
            if let Some(&irq) = PRIORITY.iter().find(|&&i| set & (1 << i) != 0) {
                return Some(INTERRUPT_BIT | irq);
            }
        }
        None
    }

    /// True if some interrupt is pending and enabled in `mie`, whatever the
    /// global enables: this is what wakes `wfi`.
    pub fn wfi_should_wake(&self) -> bool {
        self.mip() & self.csr.mie != 0
    }

    /// Take a pending interrupt if there is one. Returns true if taken.
    pub fn check_interrupts(&mut self) -> bool {
        match self.pending_interrupt() {
            Some(cause) => {
                self.take_trap(cause, 0);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::csr::{MENVCFG_STCE, MIP_STIP, MSTATUS_MIE};
    use crate::machine::{Machine, RunEnd};
    use crate::memory::RAM_BASE;

    /// An M-mode program that sets the supervisor timer (`stimecmp`, not
    /// delegated, so it interrupts M-mode) to `ticks` from now and counts
    /// in a loop; the handler reads `minstret` into a2 and spins.
    fn timer_program(ticks: u64) -> Machine {
        let mut m = Machine::with_code(&[
            // csrw stimecmp, a0; 1: addi a1, a1, 1; j 1b
            (RAM_BASE, &[0x14d5_1073, 0x0015_8593, 0xffdf_f06f]),
            // csrr a2, minstret; j .
            (RAM_BASE + 0x100, &[0xb020_2673, 0x0000_006f]),
        ]);
        let c = &mut m.cpu;
        c.csr.menvcfg |= MENVCFG_STCE;
        c.csr.mie = MIP_STIP;
        c.csr.mstatus |= MSTATUS_MIE;
        c.csr.mtvec = RAM_BASE + 0x100;
        c.x[10] = c.clock.mtime(0) + ticks;
        m
    }

    /// A `stimecmp` write does not end the block when its deadline lies
    /// beyond where the machine looks again anyway; one that fires sooner
    /// is taken at the first instruction at which `mtime` reaches it, not
    /// where the block would have ended (2^16 instructions on).
    #[test]
    fn a_timer_set_within_the_block_fires_on_its_instruction() {
        for ticks in [1, 3, 7, 100] {
            let mut m = timer_program(ticks);
            let due = m.cpu.x[10];
            let expect = m.cpu.clock.instret_at_mtime(due, 0).unwrap();
            let end = m.run_until(20_000, &mut |_, _| false);
            assert_eq!(end, RunEnd::Reached);
            let c = &m.cpu;
            assert_eq!(c.csr.mcause, super::INTERRUPT_BIT | 5, "{ticks} ticks");
            assert_eq!(c.x[12], expect, "{ticks} ticks: taken at this instret");
        }
    }
}
