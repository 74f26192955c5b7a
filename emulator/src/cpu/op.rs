//! What the decode table says about one encoding: the handler that executes
//! it, the instruction's name as the ISA manual writes it, and the shape of
//! its operands.
//!
//! Each extension's `lookup(raw) -> Option<Op>` (under `insns/`) is the one
//! place an encoding is recognised. The CPU turns the [`Op`] into an
//! [`Insn`] (`Op::insn`, which takes the immediate the [`Form`] implies);
//! the disassembler (`crate::disasm`) prints `name` with the operands the
//! form lists. Both therefore see the same routing: an encoding the CPU
//! executes is one the disassembler names, and one it rejects prints as
//! data.

use super::decode::{imm_b, imm_i, imm_j, imm_s, imm_u, insn};
use super::{ExecFn, Insn};

/// Operand shapes. `x` registers unless the name says `F` (an `f`
/// register); `rm` is the rounding-mode field (bits 14:12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// No operands (`ecall`, `mret`, `fence.i`, ...).
    Bare,
    /// `rd, rs1, rs2`.
    R,
    /// `rd, rs1` (Zbb's counts, extensions and byte operations; the
    /// immediate field is part of the opcode).
    Unary,
    /// `(rs1)` (Zicbom/Zicboz cache-block operations).
    Cbo,
    /// `rd, rs1, imm` (I-type immediate).
    I,
    /// `rd, rs1, shamt` (6-bit shift amount).
    Shift,
    /// `rd, rs1, shamt` (5-bit shift amount, the `*w` forms).
    ShiftW,
    /// `rd, imm(rs1)` (integer loads).
    Load,
    /// `rs2, imm(rs1)` (integer stores).
    Store,
    /// `rs1, rs2, pc + imm`.
    Branch,
    /// `rd, imm[31:12]` (`lui`, `auipc`).
    Upper,
    /// `rd, pc + imm`.
    Jal,
    /// `rd, imm(rs1)`.
    Jalr,
    /// `pred, succ` (bits 27:24 and 23:20).
    Fence,
    /// `rs1, rs2` (`sfence.vma`).
    SfenceVma,
    /// `rd, (rs1)` with `aq`/`rl` (bits 26, 25).
    Lr,
    /// `rd, rs2, (rs1)` with `aq`/`rl` (store-conditional and AMOs).
    Amo,
    /// `rd, csr, rs1`; the immediate is the CSR number.
    Csr,
    /// `rd, csr, uimm` (the rs1 field as a 5-bit immediate).
    CsrImm,
    /// `fd, imm(rs1)`.
    FLoad,
    /// `fs2, imm(rs1)`.
    FStore,
    /// `fd, fs1, fs2, fs3, rm` (fused multiply-add).
    FR4,
    /// `fd, fs1, fs2, rm`.
    FRRm,
    /// `fd, fs1, fs2` (sign injection, min/max).
    FRR,
    /// `fd, fs1, rm` (square root, precision conversions).
    FRm,
    /// `rd, fs1, fs2` (comparisons).
    FCmp,
    /// `rd, fs1, rm` (float to integer).
    FToX,
    /// `fd, rs1, rm` (integer to float).
    XToF,
    /// `rd, fs1` (`fmv.x.*`, `fclass.*`).
    FMvToX,
    /// `fd, rs1` (`fmv.*.x`).
    FMvFromX,
}

impl Form {
    /// The immediate the handler finds in `Insn::imm` (0 where the form
    /// has none).
    #[inline]
    pub fn imm(self, raw: u32) -> i32 {
        match self {
            Form::I | Form::Load | Form::Jalr | Form::FLoad => imm_i(raw),
            Form::Store | Form::FStore => imm_s(raw),
            Form::Branch => imm_b(raw),
            Form::Upper => imm_u(raw),
            Form::Jal => imm_j(raw),
            Form::Shift => ((raw >> 20) & 63) as i32,
            Form::ShiftW => ((raw >> 20) & 31) as i32,
            Form::Csr | Form::CsrImm => (raw >> 20) as i32,
            _ => 0,
        }
    }
}

/// One entry of the decode table (see the module documentation).
#[derive(Clone, Copy)]
pub struct Op {
    pub exec: ExecFn,
    /// The mnemonic as in the ISA manual (`"fcvt.w.s"`, `"amoadd.d"`).
    pub name: &'static str,
    pub form: Form,
}

impl Op {
    /// The decoded instruction for encoding `raw` (`len` 4).
    #[inline]
    pub fn insn(self, raw: u32) -> Insn {
        insn(self.exec, raw, self.form.imm(raw))
    }
}

/// Shorthand for the decode tables.
#[inline(always)]
pub const fn op(exec: ExecFn, name: &'static str, form: Form) -> Op {
    Op { exec, name, form }
}
