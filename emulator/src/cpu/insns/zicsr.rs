//! Zicsr: the six CSR instructions. Reads and writes go through
//! `Cpu::csr_read`/`csr_write` (cpu/csr.rs), which hold every CSR's rules.

use crate::cpu::decode::insn;
use crate::cpu::{Cpu, ExecFn, Insn, Trap};

type R = Result<(), Trap>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Write,
    Set,
    Clear,
}

#[inline]
fn csr_op(cpu: &mut Cpu, i: &Insn, op: Op, immediate: bool) -> R {
    let csr = (i.raw >> 20) as u16;
    let src = if immediate {
        i.rs1 as u64
    } else {
        cpu.x[i.rs1()]
    };
    // csrrs/csrrc with x0 (or uimm 0) do not write, so they may read
    // read-only CSRs; csrrw always writes.
    let writes = op == Op::Write || i.rs1 != 0;
    let old = cpu.csr_read(csr, i.raw)?;
    if writes {
        let new = match op {
            Op::Write => src,
            Op::Set => old | src,
            Op::Clear => old & !src,
        };
        cpu.csr_write(csr, new, i.raw)?;
    }
    cpu.x[i.rd()] = old;
    cpu.advance(i);
    Ok(())
}

pub fn csrrw(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, Op::Write, false)
}
pub fn csrrs(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, Op::Set, false)
}
pub fn csrrc(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, Op::Clear, false)
}
pub fn csrrwi(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, Op::Write, true)
}
pub fn csrrsi(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, Op::Set, true)
}
pub fn csrrci(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, Op::Clear, true)
}

pub fn decode(raw: u32) -> Option<Insn> {
    let f: ExecFn = match (raw >> 12) & 7 {
        1 => csrrw,
        2 => csrrs,
        3 => csrrc,
        5 => csrrwi,
        6 => csrrsi,
        7 => csrrci,
        _ => return None,
    };
    Some(insn(f, raw, (raw >> 20) as i32))
}
