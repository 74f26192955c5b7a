//! Privileged instructions: ecall, ebreak, mret, sret, wfi, sfence.vma.

use crate::cpu::csr::*;
use crate::cpu::op::{op, Form, Op};
use crate::cpu::trap::cause;
use crate::cpu::{Cpu, Insn, Privilege, Trap};

type R = Result<(), Trap>;

/// Environment call: cause 8, 9 or 11 by the current privilege.
pub fn ecall(cpu: &mut Cpu, _: &Insn) -> R {
    let c = match cpu.prv {
        Privilege::User => cause::ECALL_FROM_U,
        Privilege::Supervisor => cause::ECALL_FROM_S,
        Privilege::Machine => cause::ECALL_FROM_M,
    };
    Err(Trap::new(c, 0))
}

/// Breakpoint. The spec allows `xtval` = 0 or the pc; QEMU 7.2 writes 0.
pub fn ebreak(_cpu: &mut Cpu, _: &Insn) -> R {
    Err(Trap::new(cause::BREAKPOINT, 0))
}

/// Return from an M-mode trap: pc = mepc, privilege = MPP, MIE = MPIE.
pub fn mret(cpu: &mut Cpu, i: &Insn) -> R {
    if cpu.prv != Privilege::Machine {
        return Err(Trap::illegal(i.raw));
    }
    let s = cpu.csr.mstatus;
    let mpp = match (s >> MSTATUS_MPP_SHIFT) & 3 {
        0 => Privilege::User,
        1 => Privilege::Supervisor,
        _ => Privilege::Machine,
    };
    let mut s = s & !(MSTATUS_MIE | MSTATUS_MPP);
    if s & MSTATUS_MPIE != 0 {
        s |= MSTATUS_MIE;
    }
    s |= MSTATUS_MPIE;
    if mpp != Privilege::Machine {
        s &= !MSTATUS_MPRV;
    }
    cpu.csr.mstatus = s;
    cpu.triggers.mret();
    cpu.jump(cpu.csr.mepc);
    cpu.return_to_privilege(mpp);
    Ok(())
}

/// Return from an S-mode trap: pc = sepc, privilege = SPP, SIE = SPIE.
/// Illegal in U-mode, and in S-mode when `mstatus.TSR` is set.
pub fn sret(cpu: &mut Cpu, i: &Insn) -> R {
    if cpu.prv == Privilege::User
        || (cpu.prv == Privilege::Supervisor && cpu.csr.mstatus & MSTATUS_TSR != 0)
    {
        return Err(Trap::illegal(i.raw));
    }
    let s = cpu.csr.mstatus;
    let spp = if s & MSTATUS_SPP != 0 {
        Privilege::Supervisor
    } else {
        Privilege::User
    };
    let mut s = s & !(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
    if s & MSTATUS_SPIE != 0 {
        s |= MSTATUS_SIE;
    }
    s |= MSTATUS_SPIE;
    cpu.csr.mstatus = s;
    cpu.jump(cpu.csr.sepc);
    cpu.return_to_privilege(spp);
    Ok(())
}

/// Wait for interrupt. Illegal in U-mode (as QEMU) and in S-mode with
/// `mstatus.TW`. The machine loop idles the hart until an interrupt is
/// pending (skipping guest time forward in deterministic mode).
pub fn wfi(cpu: &mut Cpu, i: &Insn) -> R {
    if cpu.prv == Privilege::User
        || (cpu.prv == Privilege::Supervisor && cpu.csr.mstatus & MSTATUS_TW != 0)
    {
        return Err(Trap::illegal(i.raw));
    }
    cpu.advance(i);
    cpu.waiting = true;
    cpu.end_block();
    Ok(())
}

/// `sfence.vma rs1, rs2`: rs1 = x0 means all addresses, rs2 = x0 all
/// address spaces (see `vitrine_mmu::Mmu::sfence_vma` for each combination).
/// Illegal in U-mode, and in S-mode when `mstatus.TVM` is set.
pub fn sfence_vma(cpu: &mut Cpu, i: &Insn) -> R {
    if cpu.prv == Privilege::User
        || (cpu.prv == Privilege::Supervisor && cpu.csr.mstatus & MSTATUS_TVM != 0)
    {
        return Err(Trap::illegal(i.raw));
    }
    let vaddr = (i.rs1 != 0).then(|| cpu.x[i.rs1()]);
    let asid = (i.rs2 != 0).then(|| cpu.x[i.rs2()] as u16);
    cpu.mmu.sfence_vma(vaddr, asid);
    // The next fetch goes through the (flushed) iTLB again; the block goes
    // on unless someone watches flushes between blocks (`Cpu::refetch`).
    cpu.advance(i);
    cpu.refetch(cpu.watched.flush);
    Ok(())
}

/// The privileged instructions: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::{Bare, SfenceVma};
    Some(match raw {
        0x0000_0073 => op(ecall, "ecall", Bare),
        0x0010_0073 => op(ebreak, "ebreak", Bare),
        0x3020_0073 => op(mret, "mret", Bare),
        0x1020_0073 => op(sret, "sret", Bare),
        0x1050_0073 => op(wfi, "wfi", Bare),
        _ if raw & 0xfe00_7fff == 0x1200_0073 => op(sfence_vma, "sfence.vma", SfenceVma),
        _ => return None,
    })
}

pub fn decode(raw: u32) -> Option<Insn> {
    lookup(raw).map(|o| o.insn(raw))
}
