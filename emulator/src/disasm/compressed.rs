//! How objdump 2.40 writes compressed instructions. It names them by what
//! they expand to (`li`, `mv`, `add sp,sp,-16`, `ret`, `sext.w`), which is
//! what `syntax` prints for the 32-bit expansion, except where the
//! compressed form differs: `c.addi rd, 0` stays `add` (not `mv`), `c.mv`
//! is `mv` (its expansion `add rd, x0, rs2` is not), and the HINT
//! encodings keep their `c.` names (`c.li zero,5`, `c.nop 3`,
//! `c.slli64 a0`).

use super::syntax::syntax;
use crate::cpu::op::Op;
use std::borrow::Cow;

/// The mnemonic and argument string (over the expansion `raw`) for the
/// compressed encoding `c`, which the decode table expanded to `op`.
pub(super) fn syntax16(c: u16, op: &Op, raw: u32) -> Option<(Cow<'static, str>, &'static str)> {
    let rd = (raw >> 7) & 31;
    let funct3 = c >> 13;
    let shamt_zero = (c >> 12) & 1 == 0 && (c >> 2) & 31 == 0;
    // c.mv and c.add (quadrant 2, funct3 100) have rs2 != 0; c.jr, c.jalr
    // and c.ebreak have rs2 = 0.
    let mv = (c >> 12) & 1 == 0 && (c >> 2) & 31 != 0;
    let add = (c >> 12) & 1 == 1 && (c >> 2) & 31 != 0;
    let hint = |name: &'static str, args: &'static str| Some((Cow::Borrowed(name), args));
    match (c & 3, funct3) {
        // c.nop / c.addi
        (1, 0) if rd == 0 && raw == 0x13 => hint("nop", ""),
        (1, 0) if rd == 0 => hint("c.nop", "j"),
        (1, 0) => hint("add", "d,s,j"),
        (1, 2) if rd == 0 => hint("c.li", "d,j"),
        (1, 3) if rd == 0 => hint("c.lui", "d,u"),
        // c.srli / c.srai with a zero shift amount
        (1, 4) if (c >> 10) & 3 == 0 && shamt_zero => hint("c.srli64", "d"),
        (1, 4) if (c >> 10) & 3 == 1 && shamt_zero => hint("c.srai64", "d"),
        (2, 0) if shamt_zero => hint("c.slli64", "d"),
        (2, 0) if rd == 0 => hint("c.slli", "d,>"),
        (2, 4) if mv && rd == 0 => hint("c.mv", "d,t"),
        (2, 4) if mv => hint("mv", "d,t"),
        (2, 4) if add && rd == 0 => hint("c.add", "d,t"),
        _ => syntax(op, raw),
    }
}
