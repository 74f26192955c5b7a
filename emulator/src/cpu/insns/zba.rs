//! Zba: address generation (`sh[123]add`, their `.uw` forms, `add.uw`,
//! `slli.uw`). The `.uw` forms zero-extend the low 32 bits of `rs1` first.

use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

macro_rules! op {
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

/// The low 32 bits of `v`, zero-extended.
#[inline(always)]
fn uw(v: u64) -> u64 {
    v as u32 as u64
}

op!(sh1add, |a, b| b.wrapping_add(a << 1));
op!(sh2add, |a, b| b.wrapping_add(a << 2));
op!(sh3add, |a, b| b.wrapping_add(a << 3));
op!(add_uw, |a, b| b.wrapping_add(uw(a)));
op!(sh1add_uw, |a, b| b.wrapping_add(uw(a) << 1));
op!(sh2add_uw, |a, b| b.wrapping_add(uw(a) << 2));
op!(sh3add_uw, |a, b| b.wrapping_add(uw(a) << 3));

/// `slli.uw rd, rs1, shamt`: `zext32(rs1) << shamt` (6-bit shamt).
pub fn slli_uw(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = uw(cpu.x[i.rs1()]) << (i.imm & 63);
    cpu.advance(i);
    Ok(())
}

/// The Zba encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::*;
    let f3 = (raw >> 12) & 7;
    let f7 = raw >> 25;
    Some(match (raw & 0x7f, f7, f3) {
        (0x33, 0x10, 2) => op(sh1add, "sh1add", R),
        (0x33, 0x10, 4) => op(sh2add, "sh2add", R),
        (0x33, 0x10, 6) => op(sh3add, "sh3add", R),
        (0x3b, 0x04, 0) => op(add_uw, "add.uw", R),
        (0x3b, 0x10, 2) => op(sh1add_uw, "sh1add.uw", R),
        (0x3b, 0x10, 4) => op(sh2add_uw, "sh2add.uw", R),
        (0x3b, 0x10, 6) => op(sh3add_uw, "sh3add.uw", R),
        (0x1b, _, 1) if raw >> 26 == 0x02 => op(slli_uw, "slli.uw", Shift),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{cpu, exec, r};

    #[test]
    fn shift_and_add_wraps_and_uw_forms_drop_the_high_half() {
        let mut c = cpu();
        c.x[1] = 0xffff_ffff_8000_0001;
        c.x[2] = 0x10;
        exec(&mut c, r(0x33, 0x10, 2, 3, 1, 2)).unwrap(); // sh1add x3, x1, x2
        assert_eq!(c.x[3], 0xffff_ffff_0000_0012);
        exec(&mut c, r(0x33, 0x10, 6, 3, 1, 2)).unwrap(); // sh3add
        assert_eq!(c.x[3], 0xffff_fffc_0000_0018);
        exec(&mut c, r(0x3b, 0x04, 0, 3, 1, 2)).unwrap(); // add.uw
        assert_eq!(c.x[3], 0x8000_0011);
        exec(&mut c, r(0x3b, 0x04, 0, 3, 1, 0)).unwrap(); // zext.w
        assert_eq!(c.x[3], 0x8000_0001);
        exec(&mut c, r(0x3b, 0x10, 4, 3, 1, 2)).unwrap(); // sh2add.uw
        assert_eq!(c.x[3], 0x2_0000_0014);
        // slli.uw x3, x1, 63: only bit 0 of the zero-extended word survives.
        exec(&mut c, 0x0bf0_919b).unwrap();
        assert_eq!(c.x[3], 1 << 63);
        // slli.uw x3, x1, 4
        exec(&mut c, 0x0840_919b).unwrap();
        assert_eq!(c.x[3], 0x8_0000_0010);
    }
}
