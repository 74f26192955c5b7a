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
