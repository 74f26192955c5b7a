//! Zbc: carry-less multiplication (`clmul` low half, `clmulh` high half,
//! `clmulr` bits 126:63 of the 128-bit carry-less product).

use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

/// The 128-bit carry-less product of `a` and `b`.
#[inline]
pub fn clmul128(a: u64, b: u64) -> u128 {
    let mut acc = 0u128;
    let mut b = b;
    while b != 0 {
        let k = b.trailing_zeros();
        acc ^= (a as u128) << k;
        b &= b - 1;
    }
    acc
}

macro_rules! op {
    ($name:ident, |$p:ident| $e:expr) => {
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            let $p = clmul128(cpu.x[i.rs1()], cpu.x[i.rs2()]);
            cpu.x[i.rd()] = $e;
            cpu.advance(i);
            Ok(())
        }
    };
}

op!(clmul, |p| p as u64);
op!(clmulh, |p| (p >> 64) as u64);
op!(clmulr, |p| (p >> 63) as u64);

/// The Zbc encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    if raw & 0x7f != 0x33 || raw >> 25 != 0x05 {
        return None;
    }
    Some(match (raw >> 12) & 7 {
        1 => op(clmul, "clmul", Form::R),
        2 => op(clmulr, "clmulr", Form::R),
        3 => op(clmulh, "clmulh", Form::R),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{cpu, exec, r};
    use super::clmul128;

    /// The spec's definition, bit by bit.
    fn reference(a: u64, b: u64) -> u128 {
        (0..64).fold(0u128, |acc, k| {
            if (b >> k) & 1 == 1 {
                acc ^ ((a as u128) << k)
            } else {
                acc
            }
        })
    }

    #[test]
    fn carry_less_product_halves() {
        assert_eq!(clmul128(0b11, 0b11), 0b101); // (x+1)^2 = x^2+1
        for (a, b) in [
            (u64::MAX, u64::MAX),
            (0x8000_0000_0000_0001, 0x8000_0000_0000_0001),
            (0x1234_5678_9abc_def0, 0x0fed_cba9_8765_4321),
            (0, u64::MAX),
        ] {
            assert_eq!(clmul128(a, b), reference(a, b));
            let p = reference(a, b);
            let mut c = cpu();
            c.x[1] = a;
            c.x[2] = b;
            exec(&mut c, r(0x33, 0x05, 1, 3, 1, 2)).unwrap();
            assert_eq!(c.x[3], p as u64, "clmul");
            exec(&mut c, r(0x33, 0x05, 3, 3, 1, 2)).unwrap();
            assert_eq!(c.x[3], (p >> 64) as u64, "clmulh");
            exec(&mut c, r(0x33, 0x05, 2, 3, 1, 2)).unwrap();
            assert_eq!(c.x[3], (p >> 63) as u64, "clmulr");
        }
        // x^63 * x^63 = x^126: clmulh bit 62, clmulr bit 63.
        let mut c = cpu();
        c.x[1] = 1 << 63;
        c.x[2] = 1 << 63;
        exec(&mut c, r(0x33, 0x05, 3, 3, 1, 2)).unwrap();
        assert_eq!(c.x[3], 1 << 62);
        exec(&mut c, r(0x33, 0x05, 2, 3, 1, 2)).unwrap();
        assert_eq!(c.x[3], 1 << 63);
    }
}
