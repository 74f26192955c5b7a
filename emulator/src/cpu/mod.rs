//! The hart: architectural state, and the fetch-decode-execute loop.
//!
//! Instructions are decoded once into [`Insn`] records (a handler function
//! plus pre-extracted operands) and cached per physical page (`icache`);
//! the execute loop calls `insn.exec(cpu, &insn)`. Each handler lives in the
//! file of its ISA extension under `insns/`, and moves `pc` itself.

pub mod csr;
pub mod debug_access;
pub mod decode;
mod dma;
pub mod execute;
pub mod fpu;
pub mod halt;
pub mod icache;
pub mod insns;
pub mod interrupt;
pub mod jit;
pub mod mem_access;
pub mod op;
pub mod pmp;
pub mod rvc;
mod softfloat_ffi;
pub mod trap;
pub mod trigger;

use crate::bus::Bus;
use crate::clock::Clock;
use crate::stats::CpuStats;
pub use csr::Csrs;
use icache::ICache;
pub use trap::Trap;
pub use vitrine_mmu::Privilege;
use vitrine_mmu::{Mmu, TlbConfig};

/// An instruction handler: performs the instruction and updates `pc`,
/// or returns the exception it raised (with `pc` unchanged).
pub type ExecFn = fn(&mut Cpu, &Insn) -> Result<(), Trap>;

/// A decoded instruction. Compressed instructions are expanded to their
/// 32-bit equivalent in `raw`, with `len == 2`.
#[derive(Clone, Copy)]
pub struct Insn {
    pub exec: ExecFn,
    /// Sign-extended immediate of the instruction's format (CSR number for Zicsr).
    pub imm: i32,
    /// The 32-bit encoding (expanded, for compressed instructions).
    pub raw: u32,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    /// 2 or 4.
    pub len: u8,
}

impl Insn {
    #[inline(always)]
    pub fn rs3(&self) -> usize {
        (self.raw >> 27) as usize
    }
    /// The instruction's `rm`/`funct3` field.
    #[inline(always)]
    pub fn funct3(&self) -> u32 {
        (self.raw >> 12) & 7
    }
    #[inline(always)]
    pub fn rd(&self) -> usize {
        (self.rd & 31) as usize
    }
    #[inline(always)]
    pub fn rs1(&self) -> usize {
        (self.rs1 & 31) as usize
    }
    #[inline(always)]
    pub fn rs2(&self) -> usize {
        (self.rs2 & 31) as usize
    }
}

/// The canonical quiet NaNs RISC-V produces.
pub const CANONICAL_NAN_F32: u32 = 0x7fc0_0000;
pub const CANONICAL_NAN_F64: u64 = 0x7ff8_0000_0000_0000;

pub struct Cpu {
    pub x: [u64; 32],
    pub pc: u64,
    pub f: [u64; 32],
    pub prv: Privilege,
    pub csr: Csrs,
    /// Physical Memory Protection: pmpcfg/pmpaddr and their decoded form.
    pub pmp: pmp::Pmp,
    pub mmu: Mmu,
    pub bus: Bus,
    pub icache: ICache,
    /// LR/SC reservation: the reserved virtual address and the value LR loaded.
    pub reservation: Option<(u64, u64)>,
    pub clock: Clock,
    /// Instructions retired since reset.
    pub instret: u64,
    /// Traps taken since reset (an instruction that traps does not retire;
    /// `--max-insns` counts these too).
    pub traps: u64,
    /// Set when the hart is caught in a trap that leads back to itself
    /// forever (see `take_trap`); the machine stops.
    pub trap_loop: Option<trap::TrapLoop>,
    /// (pc, cause, instret) of the last exception whose handler is its own
    /// pc.
    pub(crate) last_self_trap: Option<(u64, u64, u64)>,
    pub stats: CpuStats,
    /// The execute loop runs while `instret < block_end`. Handlers that change
    /// state the loop depends on (privilege, translation, interrupt enables,
    /// MMIO) set it to 0 with `end_block` so the machine re-checks interrupts.
    pub(crate) block_end: u64,
    /// `run_block`'s limit: where the machine must look again (its next
    /// timer deadline, at the latest). Inner loops run to `block_end`,
    /// which may be nearer.
    pub(crate) limit: u64,
    /// Where the current fetch page is in the instruction cache.
    pub(crate) fetch: execute::FetchState,
    /// Set by `wfi`: the machine may skip time forward to the next event.
    pub(crate) waiting: bool,
    /// Set by `jump`: `pc` changed other than by falling through.
    pub(crate) jumped: bool,
    /// What someone who looks at the hart between blocks (per-task
    /// accounting, a trace, the debugger) needs to see at the instruction
    /// it happened: such a change then ends the block. Otherwise changes of
    /// translation and privilege end it only if an interrupt is due (see
    /// `Cpu::refetch`).
    pub watched: Watched,
    /// Sdtrig hardware triggers (see `trigger`).
    pub triggers: trigger::Triggers,
    /// Per privilege: data accesses take the slow path (PMP checks or an
    /// armed load/store trigger; see `Cpu::refresh_data_slow`).
    pub(crate) data_slow: [bool; 4],
    /// Debugger breakpoints, checked only when the fetch page changes.
    pub halt: halt::HaltPoints,
    /// The translating engine (`jit`): which engine runs, and its state.
    pub jit: jit::JitState,
}

/// The changes that end the block for someone watching (`Cpu::watched`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Watched {
    /// `satp` writes (address-space rows, the debugger's `catch switch`).
    pub satp: bool,
    /// Changes of privilege by `xRET` (a trace's user/kernel state, the
    /// debugger's).
    pub privilege: bool,
    /// `sfence.vma` (a trace's flush events).
    pub flush: bool,
}

impl Watched {
    pub const ALL: Watched = Watched {
        satp: true,
        privilege: true,
        flush: true,
    };
}

impl Cpu {
    pub fn new(bus: Bus, tlb: TlbConfig, clock: Clock) -> Self {
        let ram_pages = (bus.mem.size() >> 12) as usize;
        let mut cpu = Cpu {
            x: [0; 32],
            pc: 0,
            f: [0; 32],
            prv: Privilege::Machine,
            csr: Csrs::new(),
            pmp: pmp::Pmp::new(crate::memory::RAM_BASE + bus.mem.size()),
            mmu: Mmu::new(tlb),
            bus,
            icache: ICache::new(ram_pages),
            reservation: None,
            clock,
            instret: 0,
            traps: 0,
            trap_loop: None,
            last_self_trap: None,
            stats: CpuStats::default(),
            block_end: 0,
            limit: 0,
            fetch: execute::FetchState::INVALID,
            waiting: false,
            jumped: false,
            watched: Watched::default(),
            triggers: trigger::Triggers::default(),
            data_slow: [false; 4],
            halt: halt::HaltPoints::default(),
            jit: jit::JitState::default(),
        };
        cpu.refresh_data_slow();
        cpu
    }

    /// Make the execute loop return after the current instruction.
    #[inline]
    pub fn end_block(&mut self) {
        self.block_end = 0;
    }

    /// Transfer control to `target` (jumps, taken branches, xRET, trap
    /// entry). Every change of `pc` other than `advance` must come here: the
    /// execute loop keeps its own copy of `pc` and re-reads it only then.
    #[inline(always)]
    pub fn jump(&mut self, target: u64) {
        self.pc = target;
        self.jumped = true;
    }

    /// Move past the current instruction.
    #[inline(always)]
    pub fn advance(&mut self, insn: &Insn) {
        self.pc = self.pc.wrapping_add(insn.len as u64);
    }

    /// Illegal-instruction trap unless the FPU is on (`mstatus.FS != Off`).
    #[inline]
    pub fn require_fp(&self, insn: &Insn) -> Result<(), Trap> {
        if self.csr.mstatus & csr::MSTATUS_FS == 0 {
            Err(Trap::illegal(insn.raw))
        } else {
            Ok(())
        }
    }

    /// An FP register or fcsr changed: `mstatus.FS = Dirty` (and SD).
    #[inline]
    pub fn set_fs_dirty(&mut self) {
        self.csr.mstatus |= csr::MSTATUS_FS | csr::MSTATUS_SD;
    }

    /// The rounding mode for this instruction: its `rm` field, or `frm` when
    /// `rm` is 7 (dynamic). Reserved modes (5, 6, or frm >= 5) are illegal.
    #[inline]
    pub fn rounding_mode(&self, insn: &Insn) -> Result<u8, Trap> {
        let rm = insn.funct3() as u8;
        let rm = if rm == 7 { self.csr.frm } else { rm };
        if rm >= 5 {
            Err(Trap::illegal(insn.raw))
        } else {
            Ok(rm)
        }
    }

    /// OR exception flags into `fflags` (NV=16, DZ=8, OF=4, UF=2, NX=1).
    #[inline]
    pub fn accrue_fflags(&mut self, flags: u8) {
        if flags != 0 {
            self.csr.fflags |= flags & 0x1f;
            self.set_fs_dirty();
        }
    }

    /// Single-precision view of `f[r]`: an improperly NaN-boxed value reads as the canonical NaN.
    #[inline]
    pub fn read_f32(&self, r: usize) -> u32 {
        let v = self.f[r];
        if v >> 32 == 0xffff_ffff {
            v as u32
        } else {
            CANONICAL_NAN_F32
        }
    }

    /// Write a single-precision value, NaN-boxed; marks FS dirty.
    #[inline]
    pub fn write_f32(&mut self, r: usize, v: u32) {
        self.f[r] = 0xffff_ffff_0000_0000 | v as u64;
        self.set_fs_dirty();
    }

    #[inline]
    pub fn read_f64(&self, r: usize) -> u64 {
        self.f[r]
    }

    #[inline]
    pub fn write_f64(&mut self, r: usize, v: u64) {
        self.f[r] = v;
        self.set_fs_dirty();
    }
}
