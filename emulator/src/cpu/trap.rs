//! Exceptions and interrupts: cause numbers, `xtval`, and trap entry.

/// A synchronous exception raised by an instruction: the `mcause` code and
/// the value for `mtval`/`stval` (faulting address, instruction bits, or 0).
///
/// The cause is stored plus one in a `NonZeroU64` so that `Result<(), Trap>`
/// is 16 bytes and comes back from instruction handlers in two registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trap {
    cause_plus_one: core::num::NonZeroU64,
    pub tval: u64,
}

pub mod cause {
    pub const INSN_MISALIGNED: u64 = 0;
    pub const INSN_ACCESS_FAULT: u64 = 1;
    pub const ILLEGAL_INSN: u64 = 2;
    pub const BREAKPOINT: u64 = 3;
    pub const LOAD_MISALIGNED: u64 = 4;
    pub const LOAD_ACCESS_FAULT: u64 = 5;
    pub const STORE_MISALIGNED: u64 = 6;
    pub const STORE_ACCESS_FAULT: u64 = 7;
    pub const ECALL_FROM_U: u64 = 8;
    pub const ECALL_FROM_S: u64 = 9;
    pub const ECALL_FROM_M: u64 = 11;
    pub const INSN_PAGE_FAULT: u64 = 12;
    pub const LOAD_PAGE_FAULT: u64 = 13;
    pub const STORE_PAGE_FAULT: u64 = 15;

    /// Interrupt numbers (bit positions in `mip`/`mie`).
    pub const IRQ_S_SOFT: u64 = 1;
    pub const IRQ_M_SOFT: u64 = 3;
    pub const IRQ_S_TIMER: u64 = 5;
    pub const IRQ_M_TIMER: u64 = 7;
    pub const IRQ_S_EXT: u64 = 9;
    pub const IRQ_M_EXT: u64 = 11;
}

impl Trap {
    #[inline]
    pub const fn new(cause: u64, tval: u64) -> Self {
        match core::num::NonZeroU64::new(cause.wrapping_add(1)) {
            Some(c) => Trap {
                cause_plus_one: c,
                tval,
            },
            None => panic!("trap cause out of range"),
        }
    }
    /// Illegal instruction; `tval` holds the instruction bits as the spec allows
    /// (QEMU does this too).
    #[inline]
    pub const fn illegal(bits: u32) -> Self {
        Trap::new(cause::ILLEGAL_INSN, bits as u64)
    }
    /// The `mcause` exception code.
    #[inline]
    pub const fn cause(&self) -> u64 {
        self.cause_plus_one.get() - 1
    }
}

use super::csr::*;
use super::{Cpu, Privilege};

/// An exception whose handler is the faulting instruction itself, taken
/// twice in a row in the same mode with nothing retired in between and no
/// interrupt able to intervene: the hart can never leave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrapLoop {
    pub cause: u64,
    pub pc: u64,
}

/// Bit 63 of `xcause` marks an interrupt.
pub const INTERRUPT_BIT: u64 = 1 << 63;

impl Cpu {
    /// Switch privilege at a trap (the trapping instruction does not retire),
    /// keeping per-mode instruction counts exact. Ends the block (a trap
    /// always does: `--max-insns` counts traps between blocks).
    pub fn set_privilege(&mut self, p: Privilege) {
        self.switch_privilege(p, 0);
        self.end_block();
    }

    /// Switch privilege from an `xRET`, which retires in the mode it leaves.
    /// The machine takes interrupts between blocks: the block ends if one
    /// is due now (an `xRET` may enable them), or if someone watches the
    /// hart for it (`Cpu::watched`).
    pub fn return_to_privilege(&mut self, p: Privilege) {
        self.switch_privilege(p, 1);
        if self.watched.privilege || self.pending_interrupt().is_some() {
            self.end_block();
        }
    }

    fn switch_privilege(&mut self, p: Privilege, retiring: u64) {
        if p != self.prv {
            self.stats
                .close_mode_interval(self.prv, self.instret + retiring);
            self.prv = p;
            self.refetch(self.watched.privilege);
        }
    }

    /// Take an exception (cause < 64) or interrupt (`INTERRUPT_BIT | n`) at
    /// the current `pc`: choose M or S by delegation, save state into
    /// xepc/xcause/xtval/xstatus, and jump to the trap vector.
    pub fn take_trap(&mut self, cause: u64, tval: u64) {
        let interrupt = cause & INTERRUPT_BIT != 0;
        let code = cause & !INTERRUPT_BIT;
        log::trace!(
            "trap cause {cause:#x} tval {tval:#x} at pc {:#x} from {:?}",
            self.pc,
            self.prv
        );
        self.stats.count_trap(cause);
        self.clock.trap_cycle();
        self.traps += 1;
        let (pc, from) = (self.pc, self.prv);
        // A trap ends any LR/SC sequence (as QEMU does).
        self.reservation = None;
        let deleg = if interrupt {
            self.csr.mideleg
        } else {
            self.csr.medeleg
        };
        let to_s = self.prv != Privilege::Machine && code < 64 && (deleg >> code) & 1 != 0;
        let s = &mut self.csr;
        let vector = |tvec: u64| {
            if interrupt && tvec & 1 == 1 {
                (tvec & !3).wrapping_add(4 * code)
            } else {
                tvec & !3
            }
        };
        if to_s {
            s.sepc = self.pc;
            s.scause = cause;
            s.stval = tval;
            let sie = s.mstatus & MSTATUS_SIE != 0;
            s.mstatus &= !(MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SIE);
            if sie {
                s.mstatus |= MSTATUS_SPIE;
            }
            if self.prv == Privilege::Supervisor {
                s.mstatus |= MSTATUS_SPP;
            }
            let target = vector(s.stvec);
            self.jump(target);
            self.set_privilege(Privilege::Supervisor);
        } else {
            s.mepc = self.pc;
            s.mcause = cause;
            s.mtval = tval;
            let mie = s.mstatus & MSTATUS_MIE != 0;
            s.mstatus &= !(MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MIE);
            if mie {
                s.mstatus |= MSTATUS_MPIE;
            }
            s.mstatus |= (self.prv as u64) << MSTATUS_MPP_SHIFT;
            let target = vector(s.mtvec);
            self.triggers.enter_machine_trap();
            self.jump(target);
            self.set_privilege(Privilege::Machine);
        }
        if !interrupt && self.pc == pc {
            self.note_self_trap(code, pc, from);
        }
    }

    /// Exception `code` at `pc` (taken in mode `from`) went to a handler at
    /// `pc` itself. The second time in a row, with no instruction retired in
    /// between and in the mode the trap was taken to, the hart is in a fixed
    /// point: the same instruction traps the same way for ever, unless an
    /// interrupt can come in between. In M-mode none can (trap entry cleared
    /// mstatus.MIE); in S-mode only one handled in M (not delegated) can.
    fn note_self_trap(&mut self, code: u64, pc: u64, from: Privilege) {
        let key = (pc, code, self.instret);
        let interruptible = match self.prv {
            Privilege::Machine => false,
            _ => self.csr.mie & !self.csr.mideleg != 0,
        };
        if self.last_self_trap == Some(key) && from == self.prv && !interruptible {
            self.trap_loop = Some(TrapLoop { cause: code, pc });
        }
        self.last_self_trap = Some(key);
    }
}
