//! Control and status registers: storage, access predicates, and the
//! read/write side effects of each CSR (one table-like `match` per direction,
//! like QEMU's `csr.c`). Where the spec leaves a choice, we do what QEMU 7.2's
//! `virt` CPU does, and say so.

use super::trap::cause::*;
use super::{Cpu, Privilege, Trap};

// mstatus fields (RV64).
pub const MSTATUS_SIE: u64 = 1 << 1;
pub const MSTATUS_MIE: u64 = 1 << 3;
pub const MSTATUS_SPIE: u64 = 1 << 5;
pub const MSTATUS_MPIE: u64 = 1 << 7;
pub const MSTATUS_SPP: u64 = 1 << 8;
pub const MSTATUS_MPP_SHIFT: u64 = 11;
pub const MSTATUS_MPP: u64 = 3 << MSTATUS_MPP_SHIFT;
pub const MSTATUS_FS: u64 = 3 << 13;
pub const MSTATUS_MPRV: u64 = 1 << 17;
pub const MSTATUS_SUM: u64 = 1 << 18;
pub const MSTATUS_MXR: u64 = 1 << 19;
pub const MSTATUS_TVM: u64 = 1 << 20;
pub const MSTATUS_TW: u64 = 1 << 21;
pub const MSTATUS_TSR: u64 = 1 << 22;
/// UXL = SXL = 2 (64-bit), read-only.
pub const MSTATUS_UXL_SXL: u64 = (2 << 32) | (2 << 34);
pub const MSTATUS_SD: u64 = 1 << 63;

/// Bits of mstatus that M-mode software can write.
const MSTATUS_WRITABLE: u64 = MSTATUS_SIE
    | MSTATUS_MIE
    | MSTATUS_SPIE
    | MSTATUS_MPIE
    | MSTATUS_SPP
    | MSTATUS_MPP
    | MSTATUS_FS
    | MSTATUS_MPRV
    | MSTATUS_SUM
    | MSTATUS_MXR
    | MSTATUS_TVM
    | MSTATUS_TW
    | MSTATUS_TSR;
/// The view of mstatus that sstatus gives.
const SSTATUS_MASK: u64 = MSTATUS_SIE
    | MSTATUS_SPIE
    | MSTATUS_SPP
    | MSTATUS_FS
    | MSTATUS_SUM
    | MSTATUS_MXR
    | (3 << 32)
    | MSTATUS_SD;

// Interrupt bits in mip/mie.
pub const MIP_SSIP: u64 = 1 << IRQ_S_SOFT;
pub const MIP_MSIP: u64 = 1 << IRQ_M_SOFT;
pub const MIP_STIP: u64 = 1 << IRQ_S_TIMER;
pub const MIP_MTIP: u64 = 1 << IRQ_M_TIMER;
pub const MIP_SEIP: u64 = 1 << IRQ_S_EXT;
pub const MIP_MEIP: u64 = 1 << IRQ_M_EXT;
const S_INTERRUPTS: u64 = MIP_SSIP | MIP_STIP | MIP_SEIP;
const ALL_INTERRUPTS: u64 = S_INTERRUPTS | MIP_MSIP | MIP_MTIP | MIP_MEIP;
/// Exceptions that can be delegated to S-mode (all but ecall from M).
const DELEGABLE_EXCEPTIONS: u64 = 0xb3ff;

/// `misa`: RV64 with I, M, A, F, D, C, S, U.
pub const MISA_VALUE: u64 = (2 << 62)
    | (1 << 0) // A
    | (1 << 2) // C
    | (1 << 3) // D
    | (1 << 5) // F
    | (1 << 8) // I
    | (1 << 12) // M
    | (1 << 18) // S
    | (1 << 20); // U

/// `menvcfg.STCE`: enables Sstc's `stimecmp`.
pub const MENVCFG_STCE: u64 = 1 << 63;
/// `menvcfg`/`senvcfg.FIOM` (fence of I/O implies memory).
pub const ENVCFG_FIOM: u64 = 1;
/// `xenvcfg.CBIE` (bits 5:4): `cbo.inval` below this level is illegal (00),
/// runs as a flush (01) or as an invalidate (11); 10 is reserved.
pub const ENVCFG_CBIE: u64 = 3 << 4;
/// `xenvcfg.CBCFE`: `cbo.clean`/`cbo.flush` allowed below this level.
pub const ENVCFG_CBCFE: u64 = 1 << 6;
/// `xenvcfg.CBZE`: `cbo.zero` allowed below this level.
pub const ENVCFG_CBZE: u64 = 1 << 7;
/// The Zicbom/Zicboz fields of `menvcfg` and `senvcfg`.
const ENVCFG_CBO: u64 = ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE;

/// A write of `v` to an envcfg register whose writable bits are `mask`,
/// with the reserved CBIE value 10 leaving the field as it was (WARL).
fn write_envcfg(old: u64, v: u64, mask: u64) -> u64 {
    let mut new = v & mask;
    if new & ENVCFG_CBIE == 2 << 4 {
        new = (new & !ENVCFG_CBIE) | (old & ENVCFG_CBIE);
    }
    new
}

pub mod addr {
    pub const FFLAGS: u16 = 0x001;
    pub const FRM: u16 = 0x002;
    pub const FCSR: u16 = 0x003;
    pub const CYCLE: u16 = 0xc00;
    pub const TIME: u16 = 0xc01;
    pub const INSTRET: u16 = 0xc02;
    pub const SSTATUS: u16 = 0x100;
    pub const SIE: u16 = 0x104;
    pub const STVEC: u16 = 0x105;
    pub const SCOUNTEREN: u16 = 0x106;
    pub const SENVCFG: u16 = 0x10a;
    pub const SSCRATCH: u16 = 0x140;
    pub const SEPC: u16 = 0x141;
    pub const SCAUSE: u16 = 0x142;
    pub const STVAL: u16 = 0x143;
    pub const SIP: u16 = 0x144;
    pub const STIMECMP: u16 = 0x14d;
    pub const SATP: u16 = 0x180;
    pub const MSTATUS: u16 = 0x300;
    pub const MISA: u16 = 0x301;
    pub const MEDELEG: u16 = 0x302;
    pub const MIDELEG: u16 = 0x303;
    pub const MIE: u16 = 0x304;
    pub const MTVEC: u16 = 0x305;
    pub const MCOUNTEREN: u16 = 0x306;
    pub const MENVCFG: u16 = 0x30a;
    pub const MCOUNTINHIBIT: u16 = 0x320;
    pub const MSCRATCH: u16 = 0x340;
    pub const MEPC: u16 = 0x341;
    pub const MCAUSE: u16 = 0x342;
    pub const MTVAL: u16 = 0x343;
    pub const MIP: u16 = 0x344;
    pub const MCYCLE: u16 = 0xb00;
    pub const MINSTRET: u16 = 0xb02;
    pub const MVENDORID: u16 = 0xf11;
    pub const MARCHID: u16 = 0xf12;
    pub const MIMPID: u16 = 0xf13;
    pub const MHARTID: u16 = 0xf14;
    pub const MCONFIGPTR: u16 = 0xf15;
}

/// CSR storage. Interrupt-pending bits driven by devices (MTIP, MSIP, MEIP,
/// the PLIC's SEIP, and STIP under Sstc) are not stored here: `Cpu::mip()`
/// combines them with the software-writable bits in `mip`.
#[derive(Clone)]
pub struct Csrs {
    pub mstatus: u64,
    pub medeleg: u64,
    pub mideleg: u64,
    pub mie: u64,
    /// Software-writable pending bits (SSIP, STIP, SEIP).
    pub mip: u64,
    pub mtvec: u64,
    pub stvec: u64,
    pub mscratch: u64,
    pub sscratch: u64,
    pub mepc: u64,
    pub sepc: u64,
    pub mcause: u64,
    pub scause: u64,
    pub mtval: u64,
    pub stval: u64,
    pub satp: u64,
    pub mcounteren: u64,
    pub scounteren: u64,
    pub mcountinhibit: u64,
    pub menvcfg: u64,
    pub senvcfg: u64,
    pub stimecmp: u64,
    pub fflags: u8,
    pub frm: u8,
    /// Offsets so that writes to mcycle/minstret read back as written.
    pub mcycle_offset: u64,
    pub minstret_offset: u64,
}

impl Default for Csrs {
    fn default() -> Self {
        Self::new()
    }
}

impl Csrs {
    pub fn new() -> Self {
        Csrs {
            mstatus: MSTATUS_UXL_SXL,
            medeleg: 0,
            mideleg: 0,
            mie: 0,
            mip: 0,
            mtvec: 0,
            stvec: 0,
            mscratch: 0,
            sscratch: 0,
            mepc: 0,
            sepc: 0,
            mcause: 0,
            scause: 0,
            mtval: 0,
            stval: 0,
            satp: 0,
            mcounteren: 0,
            scounteren: 0,
            mcountinhibit: 0,
            menvcfg: 0,
            senvcfg: 0,
            stimecmp: u64::MAX,
            fflags: 0,
            frm: 0,
            mcycle_offset: 0,
            minstret_offset: 0,
        }
    }
}

/// SD summarises FS (we have no vector or custom extension state).
fn with_sd(mstatus: u64) -> u64 {
    if mstatus & MSTATUS_FS == MSTATUS_FS {
        mstatus | MSTATUS_SD
    } else {
        mstatus & !MSTATUS_SD
    }
}

impl Cpu {
    /// Effective `mip`: software bits plus the lines devices drive now.
    pub fn mip(&self) -> u64 {
        let mut mip = self.csr.mip;
        let now = self.clock.mtime(self.instret);
        if self.bus.clint.msip {
            mip |= MIP_MSIP;
        }
        if now >= self.bus.clint.mtimecmp {
            mip |= MIP_MTIP;
        }
        if self.bus.plic.interrupt_pending(0) {
            mip |= MIP_MEIP;
        }
        if self.bus.plic.interrupt_pending(1) {
            mip |= MIP_SEIP;
        }
        if self.csr.menvcfg & MENVCFG_STCE != 0 {
            // Under Sstc, STIP is a read-only view of the stimecmp comparison.
            mip &= !MIP_STIP;
            if now >= self.csr.stimecmp {
                mip |= MIP_STIP;
            }
        }
        mip
    }

    /// Counter CSRs below M-mode obey mcounteren (and scounteren in U-mode).
    fn counter_allowed(&self, csr: u16) -> bool {
        let bit = 1u64 << (csr & 31);
        match self.prv {
            Privilege::Machine => true,
            Privilege::Supervisor => self.csr.mcounteren & bit != 0,
            Privilege::User => self.csr.mcounteren & bit != 0 && self.csr.scounteren & bit != 0,
        }
    }

    fn fs_off(&self) -> bool {
        self.csr.mstatus & MSTATUS_FS == 0
    }

    /// Read CSR `csr` as instruction `raw` would; illegal-instruction trap if
    /// the CSR does not exist or the current privilege may not access it.
    pub fn csr_read(&mut self, csr: u16, raw: u32) -> Result<u64, Trap> {
        let illegal = Trap::illegal(raw);
        if (self.prv as u16) < (csr >> 8) & 3 {
            return Err(illegal);
        }
        use addr::*;
        let v = match csr {
            FFLAGS | FRM | FCSR if self.fs_off() => return Err(illegal),
            FFLAGS => self.csr.fflags as u64,
            FRM => self.csr.frm as u64,
            FCSR => (self.csr.frm as u64) << 5 | self.csr.fflags as u64,
            CYCLE..=0xc1f => {
                if !self.counter_allowed(csr) {
                    return Err(illegal);
                }
                match csr {
                    CYCLE => self
                        .clock
                        .cycles(self.instret)
                        .wrapping_add(self.csr.mcycle_offset),
                    TIME => self.clock.mtime(self.instret),
                    INSTRET => self.instret.wrapping_add(self.csr.minstret_offset),
                    _ => 0,
                }
            }
            SSTATUS => with_sd(self.csr.mstatus) & SSTATUS_MASK,
            SIE => self.csr.mie & self.csr.mideleg,
            STVEC => self.csr.stvec,
            SCOUNTEREN => self.csr.scounteren,
            SENVCFG => self.csr.senvcfg,
            SSCRATCH => self.csr.sscratch,
            SEPC => self.csr.sepc,
            SCAUSE => self.csr.scause,
            STVAL => self.csr.stval,
            SIP => self.mip() & self.csr.mideleg,
            STIMECMP => {
                self.stimecmp_allowed(raw)?;
                self.csr.stimecmp
            }
            SATP => {
                if self.prv == Privilege::Supervisor && self.csr.mstatus & MSTATUS_TVM != 0 {
                    return Err(illegal);
                }
                self.csr.satp
            }
            MSTATUS => with_sd(self.csr.mstatus),
            addr::MISA => MISA_VALUE,
            MEDELEG => self.csr.medeleg,
            MIDELEG => self.csr.mideleg,
            MIE => self.csr.mie,
            MTVEC => self.csr.mtvec,
            MCOUNTEREN => self.csr.mcounteren,
            MENVCFG => self.csr.menvcfg,
            MCOUNTINHIBIT => self.csr.mcountinhibit,
            0x323..=0x33f => 0, // mhpmevent3..31
            MSCRATCH => self.csr.mscratch,
            MEPC => self.csr.mepc,
            MCAUSE => self.csr.mcause,
            MTVAL => self.csr.mtval,
            MIP => self.mip(),
            // PMP (state in `Cpu::pmp`, see pmp.rs): as QEMU 7.2, only
            // pmpcfg0/pmpcfg2 and pmpaddr0..15 exist; pmpcfg1/3 (RV32-only),
            // pmpcfg4..15 and pmpaddr16..63 are illegal instructions.
            0x3a0 | 0x3a2 => self.pmp.read_cfg_csr((csr - 0x3a0) as usize),
            0x3b0..=0x3bf => self.pmp.addr((csr - 0x3b0) as usize),
            MCYCLE => self
                .clock
                .cycles(self.instret)
                .wrapping_add(self.csr.mcycle_offset),
            MINSTRET => self.instret.wrapping_add(self.csr.minstret_offset),
            0xb03..=0xb1f => 0, // mhpmcounter3..31
            MVENDORID | MARCHID | MIMPID | MHARTID | MCONFIGPTR => 0,
            super::trigger::TSELECT..=super::trigger::TCONTROL => self.trigger_csr_read(csr),
            _ => return Err(illegal),
        };
        Ok(v)
    }

    fn stimecmp_allowed(&self, raw: u32) -> Result<(), Trap> {
        // As QEMU: M-mode always; S-mode needs menvcfg.STCE and mcounteren.TM.
        if self.prv == Privilege::Supervisor
            && (self.csr.menvcfg & MENVCFG_STCE == 0 || self.csr.mcounteren & 2 == 0)
        {
            return Err(Trap::illegal(raw));
        }
        Ok(())
    }

    /// Write CSR `csr` (the caller has already read it, so existence and
    /// privilege are checked); read-only CSRs trap.
    pub fn csr_write(&mut self, csr: u16, v: u64, raw: u32) -> Result<(), Trap> {
        let illegal = Trap::illegal(raw);
        if csr >> 10 == 3 {
            return Err(illegal);
        }
        use addr::*;
        // A write may change interrupt state, translation or the timer's
        // deadline: the block ends, so that the machine checks them before
        // the next instruction. Trap set-up and scratch registers and the
        // FP status change none of these (a kernel writes `stvec`,
        // `sscratch` and `sepc` on every trap), so the block goes on; so
        // does an `sstatus` write that changes only what data accesses may
        // touch (`SUM`, `MXR`: the kernel's user-copy brackets) or the FP
        // state, which every access and FP instruction checks itself (the
        // translating engine switches its mirror of the data TLB at such a
        // write, `jit::helpers::exec`), or that enables no interrupt which
        // is due. `satp` makes the next fetch go through the MMU
        // (`Cpu::refetch`), and `stimecmp` moves the block's end to where
        // it fires (`timer_moved`).
        let before = self.csr.mstatus;
        if !matches!(
            csr,
            FFLAGS
                | FRM
                | FCSR
                | STVEC
                | SSCRATCH
                | SEPC
                | SCAUSE
                | STVAL
                | MTVEC
                | MSCRATCH
                | MEPC
                | MCAUSE
                | MTVAL
                | SSTATUS
                | STIMECMP
                | SATP
        ) {
            self.end_block();
        }
        match csr {
            FFLAGS => {
                self.csr.fflags = (v & 0x1f) as u8;
                self.set_fs_dirty();
            }
            FRM => {
                self.csr.frm = (v & 7) as u8;
                self.set_fs_dirty();
            }
            FCSR => {
                self.csr.fflags = (v & 0x1f) as u8;
                self.csr.frm = ((v >> 5) & 7) as u8;
                self.set_fs_dirty();
            }
            SSTATUS => {
                let mask = SSTATUS_MASK & MSTATUS_WRITABLE;
                self.csr.mstatus = with_sd((self.csr.mstatus & !mask) | (v & mask));
                let quiet = MSTATUS_SUM | MSTATUS_MXR | MSTATUS_FS | MSTATUS_SD;
                if (before ^ self.csr.mstatus) & !quiet != 0 && self.pending_interrupt().is_some() {
                    self.end_block();
                }
            }
            SIE => {
                let m = self.csr.mideleg;
                self.csr.mie = (self.csr.mie & !m) | (v & m);
            }
            STVEC => self.write_tvec(false, v),
            SCOUNTEREN => self.csr.scounteren = v & 0xffff_ffff,
            SENVCFG => {
                self.csr.senvcfg = write_envcfg(self.csr.senvcfg, v, ENVCFG_FIOM | ENVCFG_CBO)
            }
            SSCRATCH => self.csr.sscratch = v,
            SEPC => self.csr.sepc = v & !1,
            SCAUSE => self.csr.scause = v,
            STVAL => self.csr.stval = v,
            SIP => {
                // Only SSIP is writable through sip, and only if delegated.
                let m = self.csr.mideleg & MIP_SSIP;
                self.csr.mip = (self.csr.mip & !m) | (v & m);
            }
            STIMECMP => {
                self.stimecmp_allowed(raw)?;
                self.csr.stimecmp = v;
                if self.csr.menvcfg & MENVCFG_STCE != 0 {
                    self.timer_moved(v);
                }
            }
            SATP => {
                if self.prv == Privilege::Supervisor && self.csr.mstatus & MSTATUS_TVM != 0 {
                    return Err(illegal);
                }
                // WARL: an unsupported MODE makes the whole write have no
                // effect. ASIDLEN is 16. A satp write alone flushes nothing.
                let mode = v >> 60;
                if mode == 0 || mode == 8 {
                    self.csr.satp = if mode == 0 {
                        0
                    } else {
                        v & 0xf000_ffff_ffff_ffff
                    };
                    self.stats.satp_writes += 1;
                    self.refetch(self.watched.satp);
                }
            }
            MSTATUS => {
                let mut v = v;
                // MPP = 2 is reserved: keep the previous value (WARL).
                if (v >> MSTATUS_MPP_SHIFT) & 3 == 2 {
                    v = (v & !MSTATUS_MPP) | (self.csr.mstatus & MSTATUS_MPP);
                }
                self.csr.mstatus =
                    with_sd((self.csr.mstatus & !MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE));
            }
            addr::MISA => {} // WARL: extensions cannot be switched off.
            MEDELEG => self.csr.medeleg = v & DELEGABLE_EXCEPTIONS,
            MIDELEG => self.csr.mideleg = v & S_INTERRUPTS,
            MIE => self.csr.mie = v & ALL_INTERRUPTS,
            MTVEC => self.write_tvec(true, v),
            MCOUNTEREN => self.csr.mcounteren = v & 0xffff_ffff,
            MENVCFG => {
                self.csr.menvcfg =
                    write_envcfg(self.csr.menvcfg, v, MENVCFG_STCE | ENVCFG_FIOM | ENVCFG_CBO)
            }
            MCOUNTINHIBIT => self.csr.mcountinhibit = v & 0xffff_fffd,
            0x323..=0x33f => {}
            MSCRATCH => self.csr.mscratch = v,
            MEPC => self.csr.mepc = v & !1,
            MCAUSE => self.csr.mcause = v,
            MTVAL => self.csr.mtval = v,
            MIP => {
                // SSIP, STIP (unless Sstc drives it) and SEIP are writable.
                let mut m = S_INTERRUPTS;
                if self.csr.menvcfg & MENVCFG_STCE != 0 {
                    m &= !MIP_STIP;
                }
                self.csr.mip = (self.csr.mip & !m) | (v & m);
            }
            0x3a0 | 0x3a2 => {
                self.pmp.write_cfg_csr((csr - 0x3a0) as usize, v);
                self.pmp_changed();
            }
            0x3b0..=0x3bf => {
                self.pmp.write_addr((csr - 0x3b0) as usize, v);
                self.pmp_changed();
            }
            MCYCLE => self.csr.mcycle_offset = v.wrapping_sub(self.clock.cycles(self.instret)),
            // The csr instruction itself retires after this write: compensate.
            MINSTRET => self.csr.minstret_offset = v.wrapping_sub(self.instret + 1),
            0xb03..=0xb1f => {}
            super::trigger::TSELECT..=super::trigger::TCONTROL => self.trigger_csr_write(csr, v),
            _ => return Err(illegal),
        }
        Ok(())
    }

    /// A timer compare register (`stimecmp`) now holds `at`. The machine
    /// ends each block where the earliest timer fires (`Cpu::limit`); the
    /// block goes on if no interrupt is due now and `at` fires no earlier
    /// than that (the kernel sets the next tick, far beyond). Else, and
    /// with time from the host clock (`--realtime`), the block ends and
    /// the machine looks again.
    fn timer_moved(&mut self, at: u64) {
        // (None from a deterministic clock: it never fires.)
        let before_limit = self.clock.is_realtime()
            || self
                .clock
                .instret_at_mtime(at, self.instret)
                .is_some_and(|fires| fires.max(self.instret + 1) < self.limit);
        if before_limit || self.pending_interrupt().is_some() {
            self.end_block();
        }
    }

    /// A PMP CSR was written: cached permission decisions are stale. The
    /// fetch page is re-checked, and the TLBs are emptied (as QEMU does on a
    /// pmpcfg write) so that page walks, whose PTE reads PMP checks, happen
    /// again. Not an `sfence.vma`: not counted as one.
    fn pmp_changed(&mut self) {
        self.mmu.flush_silently();
        self.flush_fetch();
        self.refresh_data_slow();
    }

    /// `mtvec`/`stvec`: modes 0 (direct) and 1 (vectored); reserved modes are
    /// ignored as QEMU does.
    fn write_tvec(&mut self, machine: bool, v: u64) {
        if v & 3 >= 2 {
            return;
        }
        let v = v & !2;
        if machine {
            self.csr.mtvec = v;
        } else {
            self.csr.stvec = v;
        }
    }
}
