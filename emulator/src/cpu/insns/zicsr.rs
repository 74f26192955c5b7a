//! Zicsr: the six CSR instructions. Reads and writes go through
//! `Cpu::csr_read`/`csr_write` (cpu/csr.rs), which hold every CSR's rules.

use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CsrOp {
    Write,
    Set,
    Clear,
}

#[inline]
fn csr_op(cpu: &mut Cpu, i: &Insn, op: CsrOp, immediate: bool) -> R {
    let csr = (i.raw >> 20) as u16;
    let src = if immediate {
        i.rs1 as u64
    } else {
        cpu.x[i.rs1()]
    };
    // csrrs/csrrc with x0 (or uimm 0) do not write, so they may read
    // read-only CSRs; csrrw always writes.
    let writes = op == CsrOp::Write || i.rs1 != 0;
    let old = cpu.csr_read(csr, i.raw)?;
    if writes {
        let new = match op {
            CsrOp::Write => src,
            CsrOp::Set => old | src,
            CsrOp::Clear => old & !src,
        };
        cpu.csr_write(csr, new, i.raw)?;
    }
    cpu.x[i.rd()] = old;
    cpu.advance(i);
    Ok(())
}

pub fn csrrw(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, CsrOp::Write, false)
}
pub fn csrrs(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, CsrOp::Set, false)
}
pub fn csrrc(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, CsrOp::Clear, false)
}
pub fn csrrwi(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, CsrOp::Write, true)
}
pub fn csrrsi(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, CsrOp::Set, true)
}
pub fn csrrci(cpu: &mut Cpu, i: &Insn) -> R {
    csr_op(cpu, i, CsrOp::Clear, true)
}

/// The Zicsr encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::{Csr, CsrImm};
    Some(match (raw >> 12) & 7 {
        1 => op(csrrw, "csrrw", Csr),
        2 => op(csrrs, "csrrs", Csr),
        3 => op(csrrc, "csrrc", Csr),
        5 => op(csrrwi, "csrrwi", CsrImm),
        6 => op(csrrsi, "csrrsi", CsrImm),
        7 => op(csrrci, "csrrci", CsrImm),
        _ => return None,
    })
}

pub fn decode(raw: u32) -> Option<Insn> {
    lookup(raw).map(|o| o.insn(raw))
}
