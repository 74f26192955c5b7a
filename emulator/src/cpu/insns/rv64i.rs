//! RV64I: integer computation, loads and stores, branches and jumps, fences.

use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

/// Register-register and register-immediate ALU operations: `rd = f(rs1, operand2)`.
macro_rules! alu {
    ($name:ident, $imm_name:ident, |$a:ident, $b:ident| $e:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $b = cpu.x[i.rs2()];
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
        pub fn $imm_name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $b = i.imm as i64 as u64;
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
    };
}

/// Sign-extend the low 32 bits.
#[inline(always)]
pub fn sext32(v: u64) -> u64 {
    v as i32 as i64 as u64
}

alu!(add, addi, |a, b| a.wrapping_add(b));
alu!(slt, slti, |a, b| ((a as i64) < (b as i64)) as u64);
alu!(sltu, sltiu, |a, b| (a < b) as u64);
alu!(xor, xori, |a, b| a ^ b);
alu!(or, ori, |a, b| a | b);
alu!(and, andi, |a, b| a & b);
alu!(sll, slli, |a, b| a << (b & 63));
alu!(srl, srli, |a, b| a >> (b & 63));
alu!(sra, srai, |a, b| ((a as i64) >> (b & 63)) as u64);
alu!(addw, addiw, |a, b| sext32(a.wrapping_add(b)));
alu!(sllw, slliw, |a, b| sext32(((a as u32) << (b & 31)) as u64));
alu!(srlw, srliw, |a, b| sext32(((a as u32) >> (b & 31)) as u64));
alu!(sraw, sraiw, |a, b| ((a as i32) >> (b & 31)) as i64 as u64);

pub fn sub(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = cpu.x[i.rs1()].wrapping_sub(cpu.x[i.rs2()]);
    cpu.advance(i);
    Ok(())
}
pub fn subw(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = sext32(cpu.x[i.rs1()].wrapping_sub(cpu.x[i.rs2()]));
    cpu.advance(i);
    Ok(())
}

pub fn lui(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = i.imm as i64 as u64;
    cpu.advance(i);
    Ok(())
}
pub fn auipc(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = cpu.pc.wrapping_add(i.imm as i64 as u64);
    cpu.advance(i);
    Ok(())
}

pub fn jal(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = cpu.pc.wrapping_add(i.len as u64);
    cpu.jump(cpu.pc.wrapping_add(i.imm as i64 as u64));
    Ok(())
}
pub fn jalr(cpu: &mut Cpu, i: &Insn) -> R {
    let target = cpu.x[i.rs1()].wrapping_add(i.imm as i64 as u64) & !1;
    cpu.x[i.rd()] = cpu.pc.wrapping_add(i.len as u64);
    cpu.jump(target);
    Ok(())
}

macro_rules! branch {
    ($name:ident, |$a:ident, $b:ident| $cond:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $b = cpu.x[i.rs2()];
            // With C, every target is 2-byte aligned: no misaligned-fetch trap.
            if $cond {
                cpu.jump(cpu.pc.wrapping_add(i.imm as i64 as u64));
            } else {
                cpu.advance(i);
            }
            Ok(())
        }
    };
}
branch!(beq, |a, b| a == b);
branch!(bne, |a, b| a != b);
branch!(blt, |a, b| (a as i64) < (b as i64));
branch!(bge, |a, b| (a as i64) >= (b as i64));
branch!(bltu, |a, b| a < b);
branch!(bgeu, |a, b| a >= b);

macro_rules! load {
    ($name:ident, $f:ident, |$v:ident| $ext:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let va = cpu.x[i.rs1()].wrapping_add(i.imm as i64 as u64);
            let $v = cpu.$f(va)?;
            cpu.x[i.rd()] = $ext;
            cpu.advance(i);
            Ok(())
        }
    };
}
load!(lb, load_u8, |v| v as i8 as i64 as u64);
load!(lh, load_u16, |v| v as i16 as i64 as u64);
load!(lw, load_u32, |v| v as i32 as i64 as u64);
load!(ld, load_u64, |v| v);
load!(lbu, load_u8, |v| v as u64);
load!(lhu, load_u16, |v| v as u64);
load!(lwu, load_u32, |v| v as u64);

macro_rules! store {
    ($name:ident, $f:ident, $t:ty) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let va = cpu.x[i.rs1()].wrapping_add(i.imm as i64 as u64);
            cpu.$f(va, cpu.x[i.rs2()] as $t)?;
            cpu.advance(i);
            Ok(())
        }
    };
}
store!(sb, store_u8, u8);
store!(sh, store_u16, u16);
store!(sw, store_u32, u32);
store!(sd, store_u64, u64);

/// `fence`: one hart with in-order memory: nothing to order.
pub fn fence(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.advance(i);
    Ok(())
}

/// `fence.i`: stores already invalidate decoded instructions precisely
/// (see `icache`), so there is nothing stale to drop; counted for `--stats`.
pub fn fence_i(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.stats.fence_i += 1;
    cpu.advance(i);
    Ok(())
}

/// The RV64I encodings (and `fence.i`): see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::*;
    let f3 = (raw >> 12) & 7;
    let f7 = raw >> 25;
    Some(match raw & 0x7f {
        0x37 => op(lui, "lui", Upper),
        0x17 => op(auipc, "auipc", Upper),
        0x6f => op(jal, "jal", Jal),
        0x67 if f3 == 0 => op(jalr, "jalr", Jalr),
        0x63 => match f3 {
            0 => op(beq, "beq", Branch),
            1 => op(bne, "bne", Branch),
            4 => op(blt, "blt", Branch),
            5 => op(bge, "bge", Branch),
            6 => op(bltu, "bltu", Branch),
            7 => op(bgeu, "bgeu", Branch),
            _ => return None,
        },
        0x03 => match f3 {
            0 => op(lb, "lb", Load),
            1 => op(lh, "lh", Load),
            2 => op(lw, "lw", Load),
            3 => op(ld, "ld", Load),
            4 => op(lbu, "lbu", Load),
            5 => op(lhu, "lhu", Load),
            6 => op(lwu, "lwu", Load),
            _ => return None,
        },
        0x23 => match f3 {
            0 => op(sb, "sb", Store),
            1 => op(sh, "sh", Store),
            2 => op(sw, "sw", Store),
            3 => op(sd, "sd", Store),
            _ => return None,
        },
        0x13 => match f3 {
            0 => op(addi, "addi", I),
            2 => op(slti, "slti", I),
            3 => op(sltiu, "sltiu", I),
            4 => op(xori, "xori", I),
            6 => op(ori, "ori", I),
            7 => op(andi, "andi", I),
            // Shift-immediates: the shift amount is the immediate.
            1 if raw >> 26 == 0 => op(slli, "slli", Shift),
            5 if raw >> 26 == 0 => op(srli, "srli", Shift),
            5 if raw >> 26 == 0x10 => op(srai, "srai", Shift),
            _ => return None,
        },
        0x1b => match (f3, f7) {
            (0, _) => op(addiw, "addiw", I),
            (1, 0) => op(slliw, "slliw", ShiftW),
            (5, 0) => op(srliw, "srliw", ShiftW),
            (5, 0x20) => op(sraiw, "sraiw", ShiftW),
            _ => return None,
        },
        0x33 => match (f7, f3) {
            (0, 0) => op(add, "add", R),
            (0x20, 0) => op(sub, "sub", R),
            (0, 1) => op(sll, "sll", R),
            (0, 2) => op(slt, "slt", R),
            (0, 3) => op(sltu, "sltu", R),
            (0, 4) => op(xor, "xor", R),
            (0, 5) => op(srl, "srl", R),
            (0x20, 5) => op(sra, "sra", R),
            (0, 6) => op(or, "or", R),
            (0, 7) => op(and, "and", R),
            _ => return None,
        },
        0x3b => match (f7, f3) {
            (0, 0) => op(addw, "addw", R),
            (0x20, 0) => op(subw, "subw", R),
            (0, 1) => op(sllw, "sllw", R),
            (0, 5) => op(srlw, "srlw", R),
            (0x20, 5) => op(sraw, "sraw", R),
            _ => return None,
        },
        // fence (any pred/succ/fm, as QEMU accepts) and fence.i
        0x0f => match f3 {
            0 => op(fence, "fence", Fence),
            1 => op(fence_i, "fence.i", Bare),
            _ => return None,
        },
        _ => return None,
    })
}

pub fn decode(raw: u32) -> Option<Insn> {
    lookup(raw).map(|o| o.insn(raw))
}
