//! Zbb: basic bit manipulation. Logic with negate (`andn`, `orn`, `xnor`),
//! counts (`clz`, `ctz`, `cpop` and their `*w` forms), integer min/max,
//! sign and zero extension (`sext.b`, `sext.h`, `zext.h`), rotations, and
//! `orc.b`/`rev8`. Counts of zero are the register width (64, or 32 for the
//! `*w` forms), as the spec defines them.

use super::rv64i::sext32;
use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

/// `rd = f(rs1, rs2)`.
macro_rules! binary {
    ($name:ident, |$a:ident, $b:ident| $e:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $b = cpu.x[i.rs2()];
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
    };
}

/// `rd = f(rs1)`; the immediate forms (`rori`, `roriw`) see their shift
/// amount as `$b`.
macro_rules! unary {
    ($name:ident, |$a:ident, $b:ident| $e:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $b = i.imm as u32;
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
    };
}

binary!(andn, |a, b| a & !b);
binary!(orn, |a, b| a | !b);
binary!(xnor, |a, b| !(a ^ b));
binary!(max, |a, b| (a as i64).max(b as i64) as u64);
binary!(maxu, |a, b| a.max(b));
binary!(min, |a, b| (a as i64).min(b as i64) as u64);
binary!(minu, |a, b| a.min(b));
binary!(rol, |a, b| a.rotate_left((b & 63) as u32));
binary!(ror, |a, b| a.rotate_right((b & 63) as u32));
binary!(rolw, |a, b| sext32(
    (a as u32).rotate_left((b & 31) as u32) as u64
));
binary!(rorw, |a, b| sext32(
    (a as u32).rotate_right((b & 31) as u32) as u64
));

unary!(clz, |a, _s| a.leading_zeros() as u64);
unary!(ctz, |a, _s| a.trailing_zeros() as u64);
unary!(cpop, |a, _s| a.count_ones() as u64);
unary!(clzw, |a, _s| (a as u32).leading_zeros() as u64);
unary!(ctzw, |a, _s| (a as u32).trailing_zeros() as u64);
unary!(cpopw, |a, _s| (a as u32).count_ones() as u64);
unary!(sext_b, |a, _s| a as i8 as i64 as u64);
unary!(sext_h, |a, _s| a as i16 as i64 as u64);
unary!(zext_h, |a, _s| a as u16 as u64);
unary!(rev8, |a, _s| a.swap_bytes());
unary!(orc_b, |a, _s| orc_b_of(a));
unary!(rori, |a, s| a.rotate_right(s & 63));
unary!(roriw, |a, s| sext32((a as u32).rotate_right(s & 31) as u64));

/// Each byte becomes 0xff if it has any bit set, else stays 0.
#[inline]
pub fn orc_b_of(a: u64) -> u64 {
    // Per byte: the high bit is set iff the byte is nonzero ((b & 0x7f) +
    // 0x7f carries into bit 7 iff a low bit is set; no carry crosses bytes).
    let high = ((a & 0x7f7f_7f7f_7f7f_7f7f).wrapping_add(0x7f7f_7f7f_7f7f_7f7f) | a)
        & 0x8080_8080_8080_8080;
    (high >> 7) * 0xff
}

/// The Zbb encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::*;
    let f3 = (raw >> 12) & 7;
    let f7 = raw >> 25;
    let imm = raw >> 20;
    Some(match (raw & 0x7f, f3) {
        (0x33, _) => match (f7, f3) {
            (0x20, 7) => op(andn, "andn", R),
            (0x20, 6) => op(orn, "orn", R),
            (0x20, 4) => op(xnor, "xnor", R),
            (0x05, 6) => op(max, "max", R),
            (0x05, 7) => op(maxu, "maxu", R),
            (0x05, 4) => op(min, "min", R),
            (0x05, 5) => op(minu, "minu", R),
            (0x30, 1) => op(rol, "rol", R),
            (0x30, 5) => op(ror, "ror", R),
            _ => return None,
        },
        (0x3b, _) => match (f7, f3) {
            (0x30, 1) => op(rolw, "rolw", R),
            (0x30, 5) => op(rorw, "rorw", R),
            (0x04, 4) if (raw >> 20) & 31 == 0 => op(zext_h, "zext.h", Unary),
            _ => return None,
        },
        (0x13, 1) => match imm {
            0x600 => op(clz, "clz", Unary),
            0x601 => op(ctz, "ctz", Unary),
            0x602 => op(cpop, "cpop", Unary),
            0x604 => op(sext_b, "sext.b", Unary),
            0x605 => op(sext_h, "sext.h", Unary),
            _ => return None,
        },
        (0x13, 5) => match imm {
            0x287 => op(orc_b, "orc.b", Unary),
            0x6b8 => op(rev8, "rev8", Unary),
            _ if raw >> 26 == 0x18 => op(rori, "rori", Shift),
            _ => return None,
        },
        (0x1b, 1) => match imm {
            0x600 => op(clzw, "clzw", Unary),
            0x601 => op(ctzw, "ctzw", Unary),
            0x602 => op(cpopw, "cpopw", Unary),
            _ => return None,
        },
        (0x1b, 5) if f7 == 0x30 => op(roriw, "roriw", ShiftW),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{cpu, exec, i, r};
    use super::orc_b_of;

    /// Run unary `imm12` (opcode `opc`, funct3 `f3`) on `v`.
    fn unary(opc: u32, f3: u32, imm12: u32, v: u64) -> u64 {
        let mut c = cpu();
        c.x[1] = v;
        exec(&mut c, i(opc, f3, 3, 1, imm12)).unwrap();
        c.x[3]
    }
    fn binary(opc: u32, f7: u32, f3: u32, a: u64, b: u64) -> u64 {
        let mut c = cpu();
        c.x[1] = a;
        c.x[2] = b;
        exec(&mut c, r(opc, f7, f3, 3, 1, 2)).unwrap();
        c.x[3]
    }

    #[test]
    fn counts_of_zero_are_the_width() {
        assert_eq!(unary(0x13, 1, 0x600, 0), 64); // clz
        assert_eq!(unary(0x13, 1, 0x601, 0), 64); // ctz
        assert_eq!(unary(0x13, 1, 0x602, 0), 0); // cpop
        assert_eq!(unary(0x1b, 1, 0x600, 0xffff_ffff_0000_0000), 32); // clzw
        assert_eq!(unary(0x1b, 1, 0x601, 0xffff_ffff_0000_0000), 32); // ctzw
        assert_eq!(unary(0x1b, 1, 0x602, 0xffff_ffff_0000_0003), 2); // cpopw
        assert_eq!(unary(0x13, 1, 0x600, 1), 63);
        assert_eq!(unary(0x13, 1, 0x601, 1 << 63), 63);
        assert_eq!(unary(0x13, 1, 0x602, u64::MAX), 64);
    }

    #[test]
    fn byte_operations_and_extensions() {
        assert_eq!(
            unary(0x13, 5, 0x6b8, 0x0102_0304_0506_0708),
            0x0807_0605_0403_0201
        );
        assert_eq!(
            unary(0x13, 5, 0x287, 0x0080_0100_ff00_0001),
            0x00ff_ff00_ff00_00ff
        );
        for v in [0u64, 1, 0x80, 0x7f00, u64::MAX, 0x0100_0000_0000_0000] {
            let want = (0..8).fold(0u64, |acc, k| {
                acc | if (v >> (8 * k)) & 0xff != 0 {
                    0xff << (8 * k)
                } else {
                    0
                }
            });
            assert_eq!(orc_b_of(v), want, "orc.b {v:#x}");
        }
        assert_eq!(unary(0x13, 1, 0x604, 0x1_80), 0xffff_ffff_ffff_ff80); // sext.b
        assert_eq!(unary(0x13, 1, 0x604, 0x7f), 0x7f);
        assert_eq!(unary(0x13, 1, 0x605, 0x1_8000), 0xffff_ffff_ffff_8000); // sext.h
                                                                            // zext.h: rs2 field must be 0.
        let mut c = cpu();
        c.x[1] = 0xffff_ffff_ffff_8001;
        exec(&mut c, r(0x3b, 0x04, 4, 3, 1, 0)).unwrap();
        assert_eq!(c.x[3], 0x8001);
        assert!(exec(&mut c, r(0x3b, 0x04, 4, 3, 1, 2)).is_err());
    }

    #[test]
    fn min_max_signedness() {
        let (neg, pos) = (u64::MAX, 1u64);
        assert_eq!(binary(0x33, 0x05, 6, neg, pos), pos); // max
        assert_eq!(binary(0x33, 0x05, 7, neg, pos), neg); // maxu
        assert_eq!(binary(0x33, 0x05, 4, neg, pos), neg); // min
        assert_eq!(binary(0x33, 0x05, 5, neg, pos), pos); // minu
    }

    #[test]
    fn rotations_and_negated_logic() {
        let v = 0x8000_0000_0000_0001u64;
        assert_eq!(binary(0x33, 0x30, 1, v, 65), 0x0000_0000_0000_0003); // rol by 65 & 63
        assert_eq!(binary(0x33, 0x30, 5, v, 1), 0xc000_0000_0000_0000); // ror
                                                                        // rolw/rorw work on the low word and sign-extend.
        assert_eq!(binary(0x3b, 0x30, 1, 0x4000_0000, 1), 0xffff_ffff_8000_0000);
        assert_eq!(binary(0x3b, 0x30, 5, 1, 33), 0xffff_ffff_8000_0000);
        assert_eq!(unary(0x13, 5, 0x600 | 4, 0xf), 0xf000_0000_0000_0000); // rori 4
        assert_eq!(unary(0x13, 5, 0x600 | 63, 1), 2); // rori 63
        assert_eq!(
            unary(0x1b, 5, 0x600 | 31, 0x4000_0000),
            0xffff_ffff_8000_0000
        ); // roriw 31
        assert_eq!(unary(0x1b, 5, 0x600, 0x8000_0000), 0xffff_ffff_8000_0000); // roriw 0
        assert_eq!(binary(0x33, 0x20, 7, 0xff, 0x0f), 0xf0); // andn
        assert_eq!(binary(0x33, 0x20, 6, 0, 0xff), !0xff); // orn
        assert_eq!(binary(0x33, 0x20, 4, 0xf0, 0xff), !0x0f); // xnor
                                                              // roriw with shamt bit 5 set is reserved.
        let mut c = cpu();
        assert!(exec(&mut c, i(0x1b, 5, 3, 1, 0x620)).is_err());
    }
}
