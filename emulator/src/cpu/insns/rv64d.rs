//! RV64D: double-precision floating point (fmt = 01, width D), plus
//! FCVT.D.S. The arithmetic is in [`crate::cpu::fpu`]; these handlers only
//! move operands, accrue `fflags` and resolve the rounding mode.

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

pub fn fld(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let v = cpu.load_u64(addr(cpu, i))?;
    cpu.write_f64(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

pub fn fsd(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.store_u64(addr(cpu, i), cpu.f[i.rs2()])?;
    cpu.advance(i);
    Ok(())
}

fused! {
    read_f64, write_f64;
    fmadd_d => fpu::f64_madd;
    fmsub_d => fpu::f64_msub;
    fnmsub_d => fpu::f64_nmsub;
    fnmadd_d => fpu::f64_nmadd;
}

rounded2! {
    read_f64, write_f64;
    fadd_d => fpu::f64_add;
    fsub_d => fpu::f64_sub;
    fmul_d => fpu::f64_mul;
    fdiv_d => fpu::f64_div;
}

pub fn fsqrt_d(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let rm = cpu.rounding_mode(i)?;
    let (v, fl) = fpu::f64_sqrt(cpu.read_f64(i.rs1()), rm);
    cpu.accrue_fflags(fl);
    cpu.write_f64(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

sign_inject! {
    read_f64, write_f64;
    fsgnj_d => fpu::f64_sgnj;
    fsgnjn_d => fpu::f64_sgnjn;
    fsgnjx_d => fpu::f64_sgnjx;
}

min_max! {
    read_f64, write_f64;
    fmin_d => fpu::f64_min;
    fmax_d => fpu::f64_max;
}

compare! {
    read_f64, write_f64;
    feq_d => fpu::f64_eq;
    flt_d => fpu::f64_lt;
    fle_d => fpu::f64_le;
}

to_int! {
    read_f64, write_f64;
    fcvt_w_d => fpu::f64_to_i32;
    fcvt_wu_d => fpu::f64_to_u32;
    fcvt_l_d => fpu::f64_to_i64;
    fcvt_lu_d => fpu::f64_to_u64;
}

from_int! {
    read_f64, write_f64;
    fcvt_d_l => fpu::i64_to_f64, i64;
    fcvt_d_lu => fpu::u64_to_f64, u64;
}

/// FCVT.D.W: exact, but a reserved `rm` still traps (as on QEMU and Spike).
pub fn fcvt_d_w(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.rounding_mode(i)?;
    let v = fpu::i32_to_f64(cpu.x[i.rs1()] as i32);
    cpu.write_f64(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

/// FCVT.D.WU: exact; a reserved `rm` traps.
pub fn fcvt_d_wu(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.rounding_mode(i)?;
    let v = fpu::u32_to_f64(cpu.x[i.rs1()] as u32);
    cpu.write_f64(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

/// FCVT.D.S: single to double (exact; NaNs become the canonical NaN, NV if
/// signaling); a reserved `rm` traps.
pub fn fcvt_d_s(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.rounding_mode(i)?;
    let (v, fl) = fpu::f32_to_f64(cpu.read_f32(i.rs1()));
    cpu.accrue_fflags(fl);
    cpu.write_f64(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

/// FMV.X.D: the bits of `f[rs1]`.
pub fn fmv_x_d(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.x[i.rd()] = cpu.f[i.rs1()];
    cpu.advance(i);
    Ok(())
}

/// FMV.D.X: the bits of `x[rs1]`.
pub fn fmv_d_x(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    let v = cpu.x[i.rs1()];
    cpu.write_f64(i.rd(), v);
    cpu.advance(i);
    Ok(())
}

pub fn fclass_d(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.require_fp(i)?;
    cpu.x[i.rd()] = fpu::f64_class(cpu.read_f64(i.rs1()));
    cpu.advance(i);
    Ok(())
}

/// Decode the double-precision encodings; `None` for everything else
/// (single precision included) and for reserved encodings. A reserved
/// rounding mode (5, 6) in an `rm` field is not a decode error: it traps
/// when executed, through `Cpu::rounding_mode`. See `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::*;
    let f3 = (raw >> 12) & 7;
    Some(match raw & 0x7f {
        0x07 if f3 == 3 => op(fld, "fld", FLoad),
        0x27 if f3 == 3 => op(fsd, "fsd", FStore),
        0x43 | 0x47 | 0x4b | 0x4f if (raw >> 25) & 3 == 1 => match raw & 0x7f {
            0x43 => op(fmadd_d, "fmadd.d", FR4),
            0x47 => op(fmsub_d, "fmsub.d", FR4),
            0x4b => op(fnmsub_d, "fnmsub.d", FR4),
            _ => op(fnmadd_d, "fnmadd.d", FR4),
        },
        0x53 => match (raw >> 25, f3, (raw >> 20) & 31) {
            (0x01, _, _) => op(fadd_d, "fadd.d", FRRm),
            (0x05, _, _) => op(fsub_d, "fsub.d", FRRm),
            (0x09, _, _) => op(fmul_d, "fmul.d", FRRm),
            (0x0d, _, _) => op(fdiv_d, "fdiv.d", FRRm),
            (0x2d, _, 0) => op(fsqrt_d, "fsqrt.d", FRm),
            (0x11, 0, _) => op(fsgnj_d, "fsgnj.d", FRR),
            (0x11, 1, _) => op(fsgnjn_d, "fsgnjn.d", FRR),
            (0x11, 2, _) => op(fsgnjx_d, "fsgnjx.d", FRR),
            (0x15, 0, _) => op(fmin_d, "fmin.d", FRR),
            (0x15, 1, _) => op(fmax_d, "fmax.d", FRR),
            (0x21, _, 0) => op(fcvt_d_s, "fcvt.d.s", FRm),
            (0x51, 2, _) => op(feq_d, "feq.d", FCmp),
            (0x51, 1, _) => op(flt_d, "flt.d", FCmp),
            (0x51, 0, _) => op(fle_d, "fle.d", FCmp),
            (0x61, _, 0) => op(fcvt_w_d, "fcvt.w.d", FToX),
            (0x61, _, 1) => op(fcvt_wu_d, "fcvt.wu.d", FToX),
            (0x61, _, 2) => op(fcvt_l_d, "fcvt.l.d", FToX),
            (0x61, _, 3) => op(fcvt_lu_d, "fcvt.lu.d", FToX),
            (0x69, _, 0) => op(fcvt_d_w, "fcvt.d.w", XToF),
            (0x69, _, 1) => op(fcvt_d_wu, "fcvt.d.wu", XToF),
            (0x69, _, 2) => op(fcvt_d_l, "fcvt.d.l", XToF),
            (0x69, _, 3) => op(fcvt_d_lu, "fcvt.d.lu", XToF),
            (0x71, 0, 0) => op(fmv_x_d, "fmv.x.d", FMvToX),
            (0x71, 1, 0) => op(fclass_d, "fclass.d", FMvToX),
            (0x79, 0, 0) => op(fmv_d_x, "fmv.d.x", FMvFromX),
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
    use crate::cpu::csr::MSTATUS_FS;
    use crate::cpu::trap::cause;
    use crate::memory::RAM_BASE;

    const ONE: u64 = 0x3ff0_0000_0000_0000;
    const NAN: u64 = 0x7ff8_0000_0000_0000;

    /// Every double-precision encoding (with a valid rm where there is one).
    fn all_double() -> Vec<u32> {
        let mut v = vec![
            (0x10 << 20) | (1 << 15) | (3 << 12) | (3 << 7) | 0x07, // fld f3, 16(x1)
            (3 << 20) | (1 << 15) | (3 << 12) | (4 << 7) | 0x27,    // fsd f3, 4(x1)
        ];
        for op in [0x43, 0x47, 0x4b, 0x4f] {
            v.push(r4(op, 4, 1, 3, 2, 7, 1));
        }
        for f7 in [0x01, 0x05, 0x09, 0x0d] {
            v.push(op_fp(f7, 3, 2, 0, 1));
        }
        v.push(op_fp(0x2d, 0, 2, 0, 1));
        for rm in 0..3 {
            v.push(op_fp(0x11, 3, 2, rm, 1));
            v.push(op_fp(0x51, 3, 2, rm, 1));
        }
        for rm in 0..2 {
            v.push(op_fp(0x15, 3, 2, rm, 1));
        }
        v.push(op_fp(0x21, 0, 2, 0, 1));
        for rs2 in 0..4 {
            v.push(op_fp(0x61, rs2, 2, 1, 1));
            v.push(op_fp(0x69, rs2, 2, 1, 1));
        }
        v.push(op_fp(0x71, 0, 2, 0, 1));
        v.push(op_fp(0x71, 0, 2, 1, 1));
        v.push(op_fp(0x79, 0, 2, 0, 1));
        v
    }

    #[test]
    fn decode_claims_double_precision_only() {
        for raw in all_double() {
            assert!(decode(raw).is_some(), "{raw:#010x} not decoded");
            assert!(
                crate::cpu::insns::rv64f::decode(raw).is_none(),
                "{raw:#010x} also claimed by rv64f"
            );
        }
        let reserved = [
            (0x10 << 20) | (1 << 15) | (2 << 12) | (3 << 7) | 0x07, // flw: rv64f's
            (0x10 << 20) | (1 << 15) | (4 << 12) | (3 << 7) | 0x07, // flq
            (3 << 20) | (1 << 15) | (4 << 12) | (4 << 7) | 0x27,    // fsq
            r4(0x43, 4, 0, 3, 2, 0, 1),                             // fmadd.s
            r4(0x47, 4, 3, 3, 2, 0, 1),                             // fmsub.q
            op_fp(0x00, 3, 2, 0, 1),                                // fadd.s
            op_fp(0x2d, 2, 2, 0, 1),                                // fsqrt.d with rs2 != 0
            op_fp(0x11, 3, 2, 3, 1),                                // fsgnj funct3 3
            op_fp(0x15, 3, 2, 5, 1),                                // fmin/fmax funct3 5
            op_fp(0x51, 3, 2, 4, 1),                                // fcmp funct3 4
            op_fp(0x21, 1, 2, 0, 1),                                // fcvt.d.d
            op_fp(0x21, 3, 2, 0, 1),                                // fcvt.d.q
            op_fp(0x61, 8, 2, 0, 1),
            op_fp(0x69, 4, 2, 0, 1),
            op_fp(0x71, 0, 2, 3, 1), // fmv.x.d funct3 3
            op_fp(0x71, 2, 2, 1, 1), // fclass.d rs2 != 0
            op_fp(0x79, 0, 2, 7, 1), // fmv.d.x funct3 7
        ];
        for raw in reserved {
            assert!(decode(raw).is_none(), "{raw:#010x} should not decode as D");
        }
        assert!(decode(op_fp(0x01, 3, 2, 5, 1)).is_some());
    }

    #[test]
    fn fp_off_is_illegal() {
        for raw in all_double() {
            let mut c = cpu();
            c.csr.mstatus &= !MSTATUS_FS;
            assert_eq!(exec(&mut c, raw), Err(Trap::illegal(raw)), "{raw:#010x}");
            assert_eq!(c.pc, RAM_BASE);
        }
    }

    #[test]
    fn arithmetic_and_flags() {
        let mut c = cpu();
        c.f[2] = ONE;
        c.f[3] = 0;
        exec(&mut c, op_fp(0x0d, 3, 2, 0, 1)).unwrap(); // fdiv.d 1/0
        assert_eq!((c.f[1], c.csr.fflags), (0x7ff0_0000_0000_0000, fpu::DZ));
        assert_eq!(c.csr.mstatus & MSTATUS_FS, MSTATUS_FS);
        c.f[3] = 0x7ff0_0000_0000_0001; // sNaN
        exec(&mut c, op_fp(0x15, 3, 2, 0, 1)).unwrap(); // fmin.d 1, sNaN
        assert_eq!((c.f[1], c.csr.fflags), (ONE, fpu::DZ | fpu::NV));
        // fmsub.d with a single rounding: (1+2^-27)^2 - 1 = 2^-26 + 2^-54.
        let e = ONE | 1 << 25;
        c.f[4] = e;
        c.f[5] = ONE;
        exec(&mut c, r4(0x47, 5, 1, 4, 4, 0, 6)).unwrap();
        assert_eq!(c.f[6], (2f64.powi(-26) + 2f64.powi(-54)).to_bits());
        assert_eq!(c.pc, RAM_BASE + 12);
    }

    #[test]
    fn reserved_rounding_modes_trap_even_for_exact_conversions() {
        for raw in [
            op_fp(0x21, 0, 2, 5, 1), // fcvt.d.s
            op_fp(0x69, 0, 2, 6, 1), // fcvt.d.w
            op_fp(0x69, 1, 2, 5, 1), // fcvt.d.wu
            op_fp(0x01, 3, 2, 6, 1), // fadd.d
            r4(0x4b, 4, 1, 3, 2, 5, 1),
        ] {
            let mut c = cpu();
            c.f[1] = 42;
            assert_eq!(
                exec(&mut c, raw),
                Err(Trap::new(cause::ILLEGAL_INSN, raw as u64)),
                "{raw:#010x}"
            );
            assert_eq!((c.pc, c.f[1]), (RAM_BASE, 42));
        }
        // frm = 5 through dyn.
        let mut c = cpu();
        c.csr.frm = 5;
        assert!(exec(&mut c, op_fp(0x69, 0, 2, 7, 1)).is_err());
        c.csr.frm = 4;
        exec(&mut c, op_fp(0x69, 0, 2, 7, 1)).unwrap();
    }

    #[test]
    fn conversions_and_moves() {
        let mut c = cpu();
        // fcvt.d.s: NaN-unboxing of the source, canonical NaN out.
        c.f[2] = 0x0000_0000_3f80_0000;
        exec(&mut c, op_fp(0x21, 0, 2, 0, 1)).unwrap();
        assert_eq!((c.f[1], c.csr.fflags), (NAN, 0));
        c.f[2] = 0xffff_ffff_7f80_0001; // boxed sNaN
        exec(&mut c, op_fp(0x21, 0, 2, 0, 1)).unwrap();
        assert_eq!((c.f[1], c.csr.fflags), (NAN, fpu::NV));
        c.f[2] = 0xffff_ffff_3f80_0000;
        exec(&mut c, op_fp(0x21, 0, 2, 0, 1)).unwrap();
        assert_eq!(c.f[1], ONE);
        // fcvt.d.wu uses the low 32 bits of rs1, zero-extended.
        c.x[3] = 0xffff_ffff_ffff_ffff;
        exec(&mut c, op_fp(0x69, 1, 3, 0, 4)).unwrap();
        assert_eq!(c.f[4], 4294967295f64.to_bits());
        exec(&mut c, op_fp(0x69, 0, 3, 0, 4)).unwrap(); // fcvt.d.w: -1
        assert_eq!(c.f[4], (-1f64).to_bits());
        // fcvt.w.d of NaN: 0x7fffffff; fcvt.wu.d of -1: 0 with NV.
        c.csr.fflags = 0;
        c.f[5] = NAN | 1 << 63;
        exec(&mut c, op_fp(0x61, 0, 5, 1, 6)).unwrap();
        assert_eq!((c.x[6], c.csr.fflags), (0x7fff_ffff, fpu::NV));
        c.f[5] = (-1f64).to_bits();
        exec(&mut c, op_fp(0x61, 1, 5, 1, 6)).unwrap();
        assert_eq!(c.x[6], 0);
        // fcvt.l.d rounding with rm from frm.
        c.csr.frm = 3; // RUP
        c.f[5] = 2.5f64.to_bits();
        exec(&mut c, op_fp(0x61, 2, 5, 7, 6)).unwrap();
        assert_eq!(c.x[6], 3);
        // fmv.x.d / fmv.d.x move all 64 bits, fclass.d.
        c.f[7] = 0x1234_5678_9abc_def0;
        exec(&mut c, op_fp(0x71, 0, 7, 0, 8)).unwrap();
        assert_eq!(c.x[8], 0x1234_5678_9abc_def0);
        c.x[9] = 0xfff0_0000_0000_0001;
        exec(&mut c, op_fp(0x79, 0, 9, 0, 10)).unwrap();
        assert_eq!(c.f[10], 0xfff0_0000_0000_0001);
        exec(&mut c, op_fp(0x71, 0, 10, 1, 11)).unwrap();
        assert_eq!(c.x[11], 1 << 8);
        // feq.d -0 == +0.
        c.f[12] = 1 << 63;
        c.f[13] = 0;
        exec(&mut c, op_fp(0x51, 13, 12, 2, 14)).unwrap();
        assert_eq!(c.x[14], 1);
    }

    #[test]
    fn loads_and_stores() {
        let mut c = cpu();
        c.x[1] = RAM_BASE + 0x100;
        c.bus
            .mem
            .write_bytes(RAM_BASE + 0x110, &0x4009_21fb_5444_2d18u64.to_le_bytes())
            .unwrap();
        exec(
            &mut c,
            (0x10 << 20) | (1 << 15) | (3 << 12) | (3 << 7) | 0x07,
        )
        .unwrap(); // fld f3, 16(x1)
        assert_eq!(c.f[3], 0x4009_21fb_5444_2d18);
        // fsd f3, -8(x1)
        exec(
            &mut c,
            (0x7f << 25) | (3 << 20) | (1 << 15) | (3 << 12) | (0x18 << 7) | 0x27,
        )
        .unwrap();
        let mut b = [0u8; 8];
        c.bus.mem.read_bytes(RAM_BASE + 0xf8, &mut b).unwrap();
        assert_eq!(u64::from_le_bytes(b), 0x4009_21fb_5444_2d18);
        assert_eq!(c.pc, RAM_BASE + 8);
        // A faulting store leaves pc alone.
        c.x[1] = 0x1000;
        let fsd = (3 << 20) | (1 << 15) | (3 << 12) | 0x27;
        assert_eq!(
            exec(&mut c, fsd).unwrap_err().cause(),
            cause::STORE_ACCESS_FAULT
        );
        assert_eq!(c.pc, RAM_BASE + 8);
    }
}
