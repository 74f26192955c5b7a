//! The decode table: 32-bit encoding -> [`Insn`] (handler + operands).
//! Compressed instructions are first expanded by `rvc::expand`.
//! Each ISA extension file under `insns/` exposes `lookup(raw) -> Option<Op>`
//! for its own encodings (handler, name, operand form: see `op`); this
//! module routes by major opcode.

use super::insns;
use super::op::Op;
use super::{ExecFn, Insn, Trap};

/// Build an `Insn` for `raw` with the register fields taken from their
/// standard positions and `imm` as given; `len` is set by the caller.
#[inline]
pub fn insn(exec: ExecFn, raw: u32, imm: i32) -> Insn {
    Insn {
        exec,
        imm,
        raw,
        rd: ((raw >> 7) & 31) as u8,
        rs1: ((raw >> 15) & 31) as u8,
        rs2: ((raw >> 20) & 31) as u8,
        len: 4,
    }
}

/// I-type immediate: bits 31:20, sign-extended.
#[inline]
pub fn imm_i(raw: u32) -> i32 {
    (raw as i32) >> 20
}
/// S-type immediate.
#[inline]
pub fn imm_s(raw: u32) -> i32 {
    ((raw as i32) >> 25 << 5) | ((raw >> 7) & 0x1f) as i32
}
/// B-type immediate (branch offset).
#[inline]
pub fn imm_b(raw: u32) -> i32 {
    ((raw as i32) >> 31 << 12)
        | (((raw >> 7) & 1) << 11) as i32
        | (((raw >> 25) & 0x3f) << 5) as i32
        | (((raw >> 8) & 0xf) << 1) as i32
}
/// U-type immediate (already shifted left by 12).
#[inline]
pub fn imm_u(raw: u32) -> i32 {
    (raw & 0xffff_f000) as i32
}
/// J-type immediate (jump offset).
#[inline]
pub fn imm_j(raw: u32) -> i32 {
    ((raw as i32) >> 31 << 20)
        | (raw & 0x000f_f000) as i32
        | (((raw >> 20) & 1) << 11) as i32
        | (((raw >> 21) & 0x3ff) << 1) as i32
}

/// Handler for encodings no extension claims.
pub fn illegal(_cpu: &mut super::Cpu, insn: &Insn) -> Result<(), Trap> {
    Err(Trap::illegal(if insn.len == 2 {
        insn.imm as u32
    } else {
        insn.raw
    }))
}

/// Decode a 32-bit instruction.
pub fn decode32(raw: u32) -> Insn {
    try_decode32(raw).unwrap_or_else(|| insn(illegal, raw, 0))
}

/// Decode a 32-bit instruction; `None` if no extension claims it.
pub fn try_decode32(raw: u32) -> Option<Insn> {
    lookup32(raw).map(|o| o.insn(raw))
}

/// The decode table's entry for a 32-bit encoding (handler, name and
/// operand form; see `op`), routed by major opcode to the extension that
/// owns it; `None` if no extension claims it. The CPU and the disassembler
/// both decode through here.
pub fn lookup32(raw: u32) -> Option<Op> {
    match raw & 0x7f {
        0x03 | 0x17 | 0x23 | 0x37 | 0x63 | 0x67 | 0x6f => insns::rv64i::lookup(raw),
        0x0f => insns::rv64i::lookup(raw).or_else(|| insns::zicbo::lookup(raw)),
        0x13 | 0x1b => insns::rv64i::lookup(raw).or_else(|| bitmanip(raw)),
        0x33 | 0x3b => insns::rv64m::lookup(raw)
            .or_else(|| insns::rv64i::lookup(raw))
            .or_else(|| bitmanip(raw))
            .or_else(|| insns::zicond::lookup(raw)),
        0x2f => insns::rv64a::lookup(raw),
        0x73 => insns::zicsr::lookup(raw).or_else(|| insns::system::lookup(raw)),
        0x07 | 0x27 | 0x43 | 0x47 | 0x4b | 0x4f | 0x53 => {
            insns::rv64f::lookup(raw).or_else(|| insns::rv64d::lookup(raw))
        }
        _ => None,
    }
}

/// The bit-manipulation extensions (Zba, Zbb, Zbs, Zbc), which share the
/// OP, OP-32, OP-IMM and OP-IMM-32 opcodes with RV64I (encodings disjoint).
fn bitmanip(raw: u32) -> Option<Op> {
    insns::zba::lookup(raw)
        .or_else(|| insns::zbb::lookup(raw))
        .or_else(|| insns::zbs::lookup(raw))
        .or_else(|| insns::zbc::lookup(raw))
}

/// Decode the instruction whose low 16 bits are `lo` (and, for 32-bit
/// instructions, whose high 16 bits are `hi`).
pub fn decode(lo: u16, hi: u16) -> Insn {
    if lo & 3 != 3 {
        // An illegal compressed instruction reports its 16 bits in xtval.
        let mut i = super::rvc::expand(lo)
            .and_then(try_decode32)
            .unwrap_or_else(|| insn(illegal, 0, lo as i32));
        i.len = 2;
        i
    } else {
        decode32(lo as u32 | (hi as u32) << 16)
    }
}

#[cfg(test)]
mod tests {
    use super::insns::*;

    /// No encoding of OP, OP-32, OP-IMM, OP-IMM-32 or MISC-MEM is claimed by
    /// two extensions: the router's order does not decide what runs.
    #[test]
    fn extensions_claim_disjoint_encodings() {
        let claimants = |raw: u32| {
            [
                rv64i::lookup(raw).is_some(),
                rv64m::lookup(raw).is_some(),
                zba::lookup(raw).is_some(),
                zbb::lookup(raw).is_some(),
                zbs::lookup(raw).is_some(),
                zbc::lookup(raw).is_some(),
                zicond::lookup(raw).is_some(),
                zicbo::lookup(raw).is_some(),
            ]
            .iter()
            .filter(|&&c| c)
            .count()
        };
        let mut claimed = 0;
        for opcode in [0x13u32, 0x1b, 0x33, 0x3b, 0x0f] {
            // Every funct3 and every value of bits 31:20 (funct7 and rs2,
            // or the immediate), with rd = 3 and rs1 = 1 (or 0 for cbo's rd).
            for f3 in 0..8u32 {
                for top in 0..4096u32 {
                    for rd in [0u32, 3] {
                        let raw = top << 20 | 1 << 15 | f3 << 12 | rd << 7 | opcode;
                        let n = claimants(raw);
                        assert!(n <= 1, "{raw:#010x} is claimed {n} times");
                        claimed += n;
                    }
                }
            }
        }
        assert!(claimed > 0);
    }
}
