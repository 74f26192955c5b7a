//! RV64M: multiplication and division. Division by zero and signed overflow
//! do not trap; they return the values the spec's table gives.

use super::rv64i::sext32;
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

op!(mul, |a, b| a.wrapping_mul(b));
op!(mulh, |a, b| ((a as i64 as i128 * b as i64 as i128) >> 64)
    as u64);
op!(
    mulhsu,
    |a, b| ((a as i64 as i128 * b as u128 as i128) >> 64) as u64
);
op!(mulhu, |a, b| ((a as u128 * b as u128) >> 64) as u64);
op!(div, |a, b| match (a as i64, b as i64) {
    (_, 0) => u64::MAX,
    (x, y) => x.wrapping_div(y) as u64,
});
op!(divu, |a, b| if b == 0 { u64::MAX } else { a / b });
op!(rem, |a, b| match (a as i64, b as i64) {
    (x, 0) => x as u64,
    (x, y) => x.wrapping_rem(y) as u64,
});
op!(remu, |a, b| if b == 0 { a } else { a % b });
op!(mulw, |a, b| sext32(a.wrapping_mul(b)));
op!(divw, |a, b| match (a as i32, b as i32) {
    (_, 0) => u64::MAX,
    (x, y) => x.wrapping_div(y) as i64 as u64,
});
op!(divuw, |a, b| match (a as u32, b as u32) {
    (_, 0) => u64::MAX,
    (x, y) => sext32((x / y) as u64),
});
op!(remw, |a, b| match (a as i32, b as i32) {
    (x, 0) => x as i64 as u64,
    (x, y) => x.wrapping_rem(y) as i64 as u64,
});
op!(remuw, |a, b| match (a as u32, b as u32) {
    (x, 0) => sext32(x as u64),
    (x, y) => sext32((x % y) as u64),
});

/// The M encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::R;
    if raw >> 25 != 1 {
        return None;
    }
    let f3 = (raw >> 12) & 7;
    Some(match (raw & 0x7f, f3) {
        (0x33, 0) => op(mul, "mul", R),
        (0x33, 1) => op(mulh, "mulh", R),
        (0x33, 2) => op(mulhsu, "mulhsu", R),
        (0x33, 3) => op(mulhu, "mulhu", R),
        (0x33, 4) => op(div, "div", R),
        (0x33, 5) => op(divu, "divu", R),
        (0x33, 6) => op(rem, "rem", R),
        (0x33, 7) => op(remu, "remu", R),
        (0x3b, 0) => op(mulw, "mulw", R),
        (0x3b, 4) => op(divw, "divw", R),
        (0x3b, 5) => op(divuw, "divuw", R),
        (0x3b, 6) => op(remw, "remw", R),
        (0x3b, 7) => op(remuw, "remuw", R),
        _ => return None,
    })
}

pub fn decode(raw: u32) -> Option<Insn> {
    lookup(raw).map(|o| o.insn(raw))
}
