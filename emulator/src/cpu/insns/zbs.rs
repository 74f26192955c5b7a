//! Zbs: single-bit instructions (`bclr`, `bext`, `binv`, `bset` and their
//! immediate forms). The bit index is `rs2 & 63` (or the 6-bit immediate).

use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

/// Register form `$name` (index from `rs2`) and immediate form `$imm_name`.
macro_rules! bit {
    ($name:ident, $imm_name:ident, |$a:ident, $bit:ident| $e:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $bit = 1u64 << (cpu.x[i.rs2()] & 63);
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
        pub fn $imm_name(cpu: &mut Cpu, i: &Insn) -> R {
            let $a = cpu.x[i.rs1()];
            let $bit = 1u64 << (i.imm & 63);
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
    };
}

bit!(bclr, bclri, |a, bit| a & !bit);
bit!(bext, bexti, |a, bit| (a & bit != 0) as u64);
bit!(binv, binvi, |a, bit| a ^ bit);
bit!(bset, bseti, |a, bit| a | bit);

/// The Zbs encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::*;
    let f3 = (raw >> 12) & 7;
    let f7 = raw >> 25;
    let f6 = raw >> 26;
    Some(match (raw & 0x7f, f3) {
        (0x33, 1) => match f7 {
            0x24 => op(bclr, "bclr", R),
            0x34 => op(binv, "binv", R),
            0x14 => op(bset, "bset", R),
            _ => return None,
        },
        (0x33, 5) if f7 == 0x24 => op(bext, "bext", R),
        (0x13, 1) => match f6 {
            0x12 => op(bclri, "bclri", Shift),
            0x1a => op(binvi, "binvi", Shift),
            0x0a => op(bseti, "bseti", Shift),
            _ => return None,
        },
        (0x13, 5) if f6 == 0x12 => op(bexti, "bexti", Shift),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{cpu, exec, i, r};

    #[test]
    fn bit_index_is_taken_mod_64() {
        let mut c = cpu();
        c.x[1] = 0x8000_0000_0000_00f0;
        c.x[2] = 64 + 63;
        exec(&mut c, r(0x33, 0x24, 1, 3, 1, 2)).unwrap(); // bclr bit 63
        assert_eq!(c.x[3], 0xf0);
        exec(&mut c, r(0x33, 0x24, 5, 3, 1, 2)).unwrap(); // bext bit 63
        assert_eq!(c.x[3], 1);
        exec(&mut c, r(0x33, 0x34, 1, 3, 1, 2)).unwrap(); // binv bit 63
        assert_eq!(c.x[3], 0xf0);
        c.x[2] = 0;
        exec(&mut c, r(0x33, 0x14, 1, 3, 1, 2)).unwrap(); // bset bit 0
        assert_eq!(c.x[3], 0x8000_0000_0000_00f1);
        exec(&mut c, i(0x13, 1, 3, 1, 0x480 | 4)).unwrap(); // bclri 4
        assert_eq!(c.x[3], 0x8000_0000_0000_00e0);
        exec(&mut c, i(0x13, 5, 3, 1, 0x480 | 3)).unwrap(); // bexti 3
        assert_eq!(c.x[3], 0);
        exec(&mut c, i(0x13, 1, 3, 1, 0x680 | 40)).unwrap(); // binvi 40
        assert_eq!(c.x[3], 0x8000_0100_0000_00f0);
        exec(&mut c, i(0x13, 1, 3, 1, 0x280 | 63)).unwrap(); // bseti 63
        assert_eq!(c.x[3], 0x8000_0000_0000_00f0);
    }
}
