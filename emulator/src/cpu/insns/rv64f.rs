//! RV64F: single-precision floating point (fmt = 00, width W), plus
//! FCVT.S.D. The arithmetic is in [`crate::cpu::fpu`]; these handlers only
//! move operands: NaN-unboxing on reads (`Cpu::read_f32`), NaN-boxing on
//! writes, `fflags` accrual and the dynamic rounding mode.

use super::fp_shapes::*;
use crate::cpu::fpu;
use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

/// `x[rs1] + imm` for loads and stores.
#[inline(always)]
fn addr(cpu: &Cpu, i: &Insn) -> u64 {
    cpu.x[i.rs1()].wrapping_add(i.imm as i64 as u64)
}

pub fn flw(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let v = cpu.load_u32(addr(cpu, i))?;
    cpu.write_f32(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

/// Stores the low 32 bits of `f[rs2]` as they are (no unboxing check).
pub fn fsw(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.store_u32(addr(cpu, i), cpu.f[i.rs2()] as u32)?;
    cpu.advance(i);
    Ok(())
}

fused! {
    read_f32, write_f32;
    fmadd_s => fpu::f32_madd;
    fmsub_s => fpu::f32_msub;
    fnmsub_s => fpu::f32_nmsub;
    fnmadd_s => fpu::f32_nmadd;
}

rounded2! {
    read_f32, write_f32;
    fadd_s => fpu::f32_add;
    fsub_s => fpu::f32_sub;
    fmul_s => fpu::f32_mul;
    fdiv_s => fpu::f32_div;
}

pub fn fsqrt_s(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let rm = cpu.rounding_mode(i)?;
    let (v, fl) = fpu::f32_sqrt(cpu.read_f32(i.rs1()), rm);
    cpu.accrue_fflags(fl);
    cpu.write_f32(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

sign_inject! {
    read_f32, write_f32;
    fsgnj_s => fpu::f32_sgnj;
    fsgnjn_s => fpu::f32_sgnjn;
    fsgnjx_s => fpu::f32_sgnjx;
}

min_max! {
    read_f32, write_f32;
    fmin_s => fpu::f32_min;
    fmax_s => fpu::f32_max;
}

compare! {
    read_f32, write_f32;
    feq_s => fpu::f32_eq;
    flt_s => fpu::f32_lt;
    fle_s => fpu::f32_le;
}

to_int! {
    read_f32, write_f32;
    fcvt_w_s => fpu::f32_to_i32;
    fcvt_wu_s => fpu::f32_to_u32;
    fcvt_l_s => fpu::f32_to_i64;
    fcvt_lu_s => fpu::f32_to_u64;
}

from_int! {
    read_f32, write_f32;
    fcvt_s_w => fpu::i32_to_f32, i32;
    fcvt_s_wu => fpu::u32_to_f32, u32;
    fcvt_s_l => fpu::i64_to_f32, i64;
    fcvt_s_lu => fpu::u64_to_f32, u64;
}

/// FCVT.S.D: double to single, rounded; NaNs become the canonical NaN.
pub fn fcvt_s_d(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let rm = cpu.rounding_mode(i)?;
    let (v, fl) = fpu::f64_to_f32(cpu.read_f64(i.rs1()), rm);
    cpu.accrue_fflags(fl);
    cpu.write_f32(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

/// FMV.X.W: the low 32 bits of `f[rs1]`, as they are, sign-extended.
pub fn fmv_x_w(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.x[i.rd()] = cpu.f[i.rs1()] as u32 as i32 as i64 as u64;
    cpu.advance(i);
    Ok(())
}

/// FMV.W.X: the low 32 bits of `x[rs1]`, NaN-boxed.
pub fn fmv_w_x(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let v = cpu.x[i.rs1()] as u32;
    cpu.write_f32(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

pub fn fclass_s(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.x[i.rd()] = fpu::f32_class(cpu.read_f32(i.rs1()));
    cpu.advance(i);
    Ok(())
}

/// Decode the single-precision encodings; `None` for everything else
/// (double precision included) and for reserved encodings. A reserved
/// rounding mode (5, 6) in an `rm` field is not a decode error: it traps
/// when executed, through `Cpu::rounding_mode`. See `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::*;
    let f3 = (raw >> 12) & 7;
    Some(match raw & 0x7f {
        0x07 if f3 == 2 => op(flw, "flw", FLoad),
        0x27 if f3 == 2 => op(fsw, "fsw", FStore),
        0x43 | 0x47 | 0x4b | 0x4f if (raw >> 25) & 3 == 0 => match raw & 0x7f {
            0x43 => op(fmadd_s, "fmadd.s", FR4),
            0x47 => op(fmsub_s, "fmsub.s", FR4),
            0x4b => op(fnmsub_s, "fnmsub.s", FR4),
            _ => op(fnmadd_s, "fnmadd.s", FR4),
        },
        0x53 => match (raw >> 25, f3, (raw >> 20) & 31) {
            (0x00, _, _) => op(fadd_s, "fadd.s", FRRm),
            (0x04, _, _) => op(fsub_s, "fsub.s", FRRm),
            (0x08, _, _) => op(fmul_s, "fmul.s", FRRm),
            (0x0c, _, _) => op(fdiv_s, "fdiv.s", FRRm),
            (0x2c, _, 0) => op(fsqrt_s, "fsqrt.s", FRm),
            (0x10, 0, _) => op(fsgnj_s, "fsgnj.s", FRR),
            (0x10, 1, _) => op(fsgnjn_s, "fsgnjn.s", FRR),
            (0x10, 2, _) => op(fsgnjx_s, "fsgnjx.s", FRR),
            (0x14, 0, _) => op(fmin_s, "fmin.s", FRR),
            (0x14, 1, _) => op(fmax_s, "fmax.s", FRR),
            (0x20, _, 1) => op(fcvt_s_d, "fcvt.s.d", FRm),
            (0x50, 2, _) => op(feq_s, "feq.s", FCmp),
            (0x50, 1, _) => op(flt_s, "flt.s", FCmp),
            (0x50, 0, _) => op(fle_s, "fle.s", FCmp),
            (0x60, _, 0) => op(fcvt_w_s, "fcvt.w.s", FToX),
            (0x60, _, 1) => op(fcvt_wu_s, "fcvt.wu.s", FToX),
            (0x60, _, 2) => op(fcvt_l_s, "fcvt.l.s", FToX),
            (0x60, _, 3) => op(fcvt_lu_s, "fcvt.lu.s", FToX),
            (0x68, _, 0) => op(fcvt_s_w, "fcvt.s.w", XToF),
            (0x68, _, 1) => op(fcvt_s_wu, "fcvt.s.wu", XToF),
            (0x68, _, 2) => op(fcvt_s_l, "fcvt.s.l", XToF),
            (0x68, _, 3) => op(fcvt_s_lu, "fcvt.s.lu", XToF),
            (0x70, 0, 0) => op(fmv_x_w, "fmv.x.w", FMvToX),
            (0x70, 1, 0) => op(fclass_s, "fclass.s", FMvToX),
            (0x78, 0, 0) => op(fmv_w_x, "fmv.w.x", FMvFromX),
            _ => return None,
        },
        _ => return None,
    })
}

pub fn decode(raw: u32) -> Option<Insn> {
    lookup(raw).map(|o| o.insn(raw))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::cpu::csr::{MSTATUS_FS, MSTATUS_SD};
    use crate::cpu::trap::cause;
    use crate::memory::RAM_BASE;

    const BOX: u64 = 0xffff_ffff_0000_0000;
    const ONE: u32 = 0x3f80_0000;

    /// Every single-precision encoding (with a valid rm where there is one).
    fn all_single() -> Vec<u32> {
        let mut v = vec![
            (0x10 << 20) | (1 << 15) | (2 << 12) | (3 << 7) | 0x07, // flw f3, 16(x1)
            (3 << 20) | (1 << 15) | (2 << 12) | (4 << 7) | 0x27,    // fsw f3, 4(x1)
        ];
        for op in [0x43, 0x47, 0x4b, 0x4f] {
            v.push(r4(op, 4, 0, 3, 2, 7, 1));
        }
        for f7 in [0x00, 0x04, 0x08, 0x0c] {
            v.push(op_fp(f7, 3, 2, 0, 1));
        }
        v.push(op_fp(0x2c, 0, 2, 0, 1));
        for rm in 0..3 {
            v.push(op_fp(0x10, 3, 2, rm, 1));
            v.push(op_fp(0x50, 3, 2, rm, 1));
        }
        for rm in 0..2 {
            v.push(op_fp(0x14, 3, 2, rm, 1));
        }
        v.push(op_fp(0x20, 1, 2, 7, 1));
        for rs2 in 0..4 {
            v.push(op_fp(0x60, rs2, 2, 1, 1));
            v.push(op_fp(0x68, rs2, 2, 1, 1));
        }
        v.push(op_fp(0x70, 0, 2, 0, 1));
        v.push(op_fp(0x70, 0, 2, 1, 1));
        v.push(op_fp(0x78, 0, 2, 0, 1));
        v
    }

    #[test]
    fn decode_claims_single_precision_only() {
        for raw in all_single() {
            assert!(decode(raw).is_some(), "{raw:#010x} not decoded");
            assert!(
                crate::cpu::insns::rv64d::decode(raw).is_none(),
                "{raw:#010x} also claimed by rv64d"
            );
        }
        let reserved = [
            (0x10 << 20) | (1 << 15) | (3 << 12) | (3 << 7) | 0x07, // fld: rv64d's
            (0x10 << 20) | (1 << 15) | (1 << 12) | (3 << 7) | 0x07, // flh: no Zfh
            (0x10 << 20) | (1 << 15) | (4 << 12) | (3 << 7) | 0x07, // flq
            r4(0x43, 4, 1, 3, 2, 0, 1),                             // fmadd.d
            r4(0x43, 4, 2, 3, 2, 0, 1),                             // fmadd.h
            r4(0x4f, 4, 3, 3, 2, 0, 1),                             // fnmadd.q
            op_fp(0x01, 3, 2, 0, 1),                                // fadd.d
            op_fp(0x2c, 1, 2, 0, 1),                                // fsqrt.s with rs2 != 0
            op_fp(0x10, 3, 2, 3, 1),                                // fsgnj funct3 3
            op_fp(0x10, 3, 2, 7, 1),
            op_fp(0x14, 3, 2, 2, 1), // fmin/fmax funct3 2
            op_fp(0x50, 3, 2, 3, 1), // fcmp funct3 3
            op_fp(0x50, 3, 2, 7, 1),
            op_fp(0x20, 0, 2, 0, 1), // fcvt.s.s
            op_fp(0x20, 3, 2, 0, 1), // fcvt.s.q
            op_fp(0x60, 4, 2, 0, 1), // fcvt.?.s, rs2 = 4
            op_fp(0x68, 5, 2, 0, 1),
            op_fp(0x70, 0, 2, 2, 1), // fmv.x.w funct3 2
            op_fp(0x70, 1, 2, 0, 1), // fmv.x.w rs2 != 0
            op_fp(0x70, 1, 2, 1, 1), // fclass.s rs2 != 0
            op_fp(0x78, 0, 2, 1, 1), // fmv.w.x funct3 1
            op_fp(0x78, 1, 2, 0, 1),
            op_fp(0x30, 0, 2, 0, 1), // unassigned funct7
        ];
        for raw in reserved {
            assert!(decode(raw).is_none(), "{raw:#010x} should not decode as F");
        }
        // Reserved rm values still decode: they trap at execution.
        assert!(decode(op_fp(0x00, 3, 2, 5, 1)).is_some());
        assert!(decode(r4(0x43, 4, 0, 3, 2, 6, 1)).is_some());
    }

    #[test]
    fn fp_off_is_illegal() {
        for raw in all_single() {
            let mut c = cpu();
            c.csr.mstatus &= !MSTATUS_FS;
            assert_eq!(exec(&mut c, raw), Err(Trap::illegal(raw)), "{raw:#010x}");
            assert_eq!(c.pc, RAM_BASE);
        }
    }

    #[test]
    fn arithmetic_boxes_unboxes_and_accrues_flags() {
        let mut c = cpu();
        c.f[2] = BOX | ONE as u64;
        c.f[3] = BOX | 0x3380_0000; // 2^-24
        c.csr.fflags = DZ_FLAG;
        exec(&mut c, op_fp(0x00, 3, 2, 3, 1)).unwrap(); // fadd.s f1, f2, f3, rup
        assert_eq!(c.f[1], BOX | 0x3f80_0001);
        assert_eq!(c.csr.fflags, DZ_FLAG | fpu::NX);
        assert_eq!(c.pc, RAM_BASE + 4);
        assert_eq!(c.csr.mstatus & MSTATUS_FS, MSTATUS_FS);
        assert_ne!(c.csr.mstatus & MSTATUS_SD, 0);
        // An improperly boxed operand reads as the canonical NaN (quiet: no NV).
        c.csr.fflags = 0;
        c.f[3] = 0x0000_0000_3f80_0000;
        exec(&mut c, op_fp(0x00, 3, 2, 0, 1)).unwrap();
        assert_eq!((c.f[1], c.csr.fflags), (BOX | 0x7fc0_0000, 0));
        // FMA reads rs3.
        c.f[3] = BOX | ONE as u64;
        c.f[4] = BOX | 0xbf80_0000;
        exec(&mut c, r4(0x4f, 4, 0, 3, 2, 2, 1)).unwrap(); // fnmadd.s rdn: -(1*1) - (-1)
        assert_eq!(c.f[1], BOX | 0x8000_0000);
        exec(&mut c, r4(0x43, 4, 0, 3, 2, 0, 1)).unwrap(); // fmadd.s: 1*1 + -1
        assert_eq!(c.f[1], BOX);
    }

    const DZ_FLAG: u8 = fpu::DZ;

    #[test]
    fn rounding_mode_dyn_and_reserved() {
        let mut c = cpu();
        c.f[2] = BOX | ONE as u64;
        c.f[3] = BOX | 0x3380_0000;
        c.csr.frm = 3; // RUP
        exec(&mut c, op_fp(0x00, 3, 2, 7, 1)).unwrap();
        assert_eq!(c.f[1], BOX | 0x3f80_0001);
        for (rm, frm) in [(5, 0), (6, 0), (7, 5), (7, 6), (7, 7)] {
            let mut c = cpu();
            c.csr.frm = frm;
            let before = c.f;
            for raw in [
                op_fp(0x00, 3, 2, rm, 1),
                r4(0x43, 4, 0, 3, 2, rm, 1),
                op_fp(0x60, 0, 2, rm, 1),
                op_fp(0x68, 0, 2, rm, 1),
            ] {
                assert_eq!(
                    exec(&mut c, raw),
                    Err(Trap::new(cause::ILLEGAL_INSN, raw as u64))
                );
                assert_eq!((c.pc, c.f, c.csr.fflags), (RAM_BASE, before, 0));
            }
        }
    }

    #[test]
    fn moves_compares_conversions() {
        let mut c = cpu();
        // fmv.x.w takes the low 32 bits as they are (no unboxing) and sign-extends.
        c.f[2] = 0x1234_5678_abcd_ef01;
        exec(&mut c, op_fp(0x70, 0, 2, 0, 5)).unwrap();
        assert_eq!(c.x[5], 0xffff_ffff_abcd_ef01);
        // fmv.w.x boxes.
        c.x[6] = 0xdead_beef_0000_0001;
        exec(&mut c, op_fp(0x78, 0, 6, 0, 7)).unwrap();
        assert_eq!(c.f[7], BOX | 1);
        // fclass.s of an improperly boxed value: quiet NaN.
        exec(&mut c, op_fp(0x70, 0, 2, 1, 5)).unwrap();
        assert_eq!(c.x[5], 1 << 9);
        // feq / flt with a quiet NaN: 0; flt signals.
        c.f[3] = BOX | 0x7fc0_0000;
        c.f[4] = BOX | ONE as u64;
        c.x[5] = 77;
        exec(&mut c, op_fp(0x50, 4, 3, 2, 5)).unwrap(); // feq.s
        assert_eq!((c.x[5], c.csr.fflags), (0, 0));
        exec(&mut c, op_fp(0x50, 4, 3, 1, 5)).unwrap(); // flt.s
        assert_eq!((c.x[5], c.csr.fflags), (0, fpu::NV));
        exec(&mut c, op_fp(0x50, 4, 4, 0, 5)).unwrap(); // fle.s 1 <= 1
        assert_eq!(c.x[5], 1);
        // fcvt.wu.s of 3e9 is sign-extended.
        c.f[8] = BOX | 0x4f32_d05e;
        exec(&mut c, op_fp(0x60, 1, 8, 1, 9)).unwrap();
        assert_eq!(c.x[9], 0xffff_ffff_b2d0_5e00);
        // fcvt.s.w uses the low 32 bits of rs1.
        c.x[10] = 0x1_0000_0001;
        exec(&mut c, op_fp(0x68, 0, 10, 0, 11)).unwrap();
        assert_eq!(c.f[11], BOX | ONE as u64);
        // fcvt.s.d rounds and boxes; fsgnjn keeps NaN payload bits.
        c.f[12] = (1.0f64 / 3.0).to_bits();
        exec(&mut c, op_fp(0x20, 1, 12, 1, 13)).unwrap();
        assert_eq!(c.f[13], BOX | 0x3eaa_aaaa);
        c.f[14] = BOX | 0x7fc1_2345;
        exec(&mut c, op_fp(0x10, 14, 14, 1, 15)).unwrap();
        assert_eq!(c.f[15], BOX | 0xffc1_2345);
        assert_eq!(c.pc, RAM_BASE + 4 * 10);
    }

    #[test]
    fn loads_and_stores() {
        let mut c = cpu();
        c.x[1] = RAM_BASE + 0x100;
        c.bus
            .mem
            .write_bytes(RAM_BASE + 0x110, &0x4049_0fdbu32.to_le_bytes())
            .unwrap();
        exec(
            &mut c,
            (0x10 << 20) | (1 << 15) | (2 << 12) | (3 << 7) | 0x07,
        )
        .unwrap(); // flw f3, 16(x1)
        assert_eq!(c.f[3], BOX | 0x4049_0fdb);
        // fsw stores the raw low 32 bits, even of an improperly boxed value.
        c.f[4] = 0x0000_0001_8765_4321;
        let fsw = (4 << 20) | (1 << 15) | (2 << 12) | (0x1c << 7) | 0x27 | (0x7f << 25); // fsw f4, -4(x1)
        exec(&mut c, fsw).unwrap();
        let mut b = [0u8; 4];
        c.bus.mem.read_bytes(RAM_BASE + 0xfc, &mut b).unwrap();
        assert_eq!(u32::from_le_bytes(b), 0x8765_4321);
        assert_eq!(c.pc, RAM_BASE + 8);
        // A faulting load leaves pc and the register alone.
        c.x[1] = 0x1000;
        assert_eq!(
            exec(&mut c, (1 << 15) | (2 << 12) | (3 << 7) | 0x07)
                .unwrap_err()
                .cause(),
            cause::LOAD_ACCESS_FAULT
        );
        assert_eq!((c.pc, c.f[3]), (RAM_BASE + 8, BOX | 0x4049_0fdb));
    }
}
