//! RV64I: integer computation, loads and stores, branches and jumps, fences.

use crate::cpu::decode::{imm_b, imm_i, imm_j, imm_s, imm_u, insn};
use crate::cpu::{Cpu, ExecFn, Insn, Trap};

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

pub fn decode(raw: u32) -> Option<Insn> {
    let f3 = (raw >> 12) & 7;
    let f7 = raw >> 25;
    let r = |f: ExecFn| Some(insn(f, raw, 0));
    let i = |f: ExecFn| Some(insn(f, raw, imm_i(raw)));
    // Shift-immediates: the shift amount is the immediate (6 bits, 5 for W forms).
    let shamt = |f: ExecFn, bits: u32| Some(insn(f, raw, ((raw >> 20) & ((1 << bits) - 1)) as i32));
    match raw & 0x7f {
        0x37 => Some(insn(lui, raw, imm_u(raw))),
        0x17 => Some(insn(auipc, raw, imm_u(raw))),
        0x6f => Some(insn(jal, raw, imm_j(raw))),
        0x67 if f3 == 0 => i(jalr),
        0x63 => {
            let f: ExecFn = match f3 {
                0 => beq,
                1 => bne,
                4 => blt,
                5 => bge,
                6 => bltu,
                7 => bgeu,
                _ => return None,
            };
            Some(insn(f, raw, imm_b(raw)))
        }
        0x03 => i(match f3 {
            0 => lb,
            1 => lh,
            2 => lw,
            3 => ld,
            4 => lbu,
            5 => lhu,
            6 => lwu,
            _ => return None,
        }),
        0x23 => {
            let f: ExecFn = match f3 {
                0 => sb,
                1 => sh,
                2 => sw,
                3 => sd,
                _ => return None,
            };
            Some(insn(f, raw, imm_s(raw)))
        }
        0x13 => match f3 {
            0 => i(addi),
            2 => i(slti),
            3 => i(sltiu),
            4 => i(xori),
            6 => i(ori),
            7 => i(andi),
            1 if raw >> 26 == 0 => shamt(slli, 6),
            5 if raw >> 26 == 0 => shamt(srli, 6),
            5 if raw >> 26 == 0x10 => shamt(srai, 6),
            _ => None,
        },
        0x1b => match (f3, f7) {
            (0, _) => i(addiw),
            (1, 0) => shamt(slliw, 5),
            (5, 0) => shamt(srliw, 5),
            (5, 0x20) => shamt(sraiw, 5),
            _ => None,
        },
        0x33 => match (f7, f3) {
            (0, 0) => r(add),
            (0x20, 0) => r(sub),
            (0, 1) => r(sll),
            (0, 2) => r(slt),
            (0, 3) => r(sltu),
            (0, 4) => r(xor),
            (0, 5) => r(srl),
            (0x20, 5) => r(sra),
            (0, 6) => r(or),
            (0, 7) => r(and),
            _ => None,
        },
        0x3b => match (f7, f3) {
            (0, 0) => r(addw),
            (0x20, 0) => r(subw),
            (0, 1) => r(sllw),
            (0, 5) => r(srlw),
            (0x20, 5) => r(sraw),
            _ => None,
        },
        // fence (any pred/succ/fm, as QEMU accepts) and fence.i
        0x0f => match f3 {
            0 => r(fence),
            1 => r(fence_i),
            _ => None,
        },
        _ => None,
    }
}
