//! Zicbom and Zicboz: cache-block operations on 64-byte blocks
//! (`mem_access::CACHE_BLOCK`). `cbo.zero` zeroes the block through the
//! store path (`Cpu::zero_block`; a fault reports rs1 in `xtval`, as the
//! CMO specification says, not the block's address); `cbo.clean`, `cbo.flush` and `cbo.inval`
//! only check access (`Cpu::probe_block`), as on QEMU: there is no cache to
//! write back, and memory is always coherent.
//!
//! Below M-mode each is enabled by `menvcfg` (and below S-mode also by
//! `senvcfg`): CBZE for `cbo.zero`, CBCFE for `cbo.clean`/`cbo.flush`, CBIE
//! (nonzero: 01 runs it as a flush, 11 as an invalidate, the same here) for
//! `cbo.inval`; disabled, they are illegal instructions.

use crate::cpu::csr::{ENVCFG_CBCFE, ENVCFG_CBIE, ENVCFG_CBZE};
use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Privilege, Trap};

type R = Result<(), Trap>;

/// Illegal instruction unless the `field` of `menvcfg` (below M) and of
/// `senvcfg` (in U) is nonzero.
fn enabled(cpu: &Cpu, i: &Insn, field: u64) -> R {
    let off = (cpu.prv < Privilege::Machine && cpu.csr.menvcfg & field == 0)
        || (cpu.prv == Privilege::User && cpu.csr.senvcfg & field == 0);
    if off {
        Err(Trap::illegal(i.raw))
    } else {
        Ok(())
    }
}

pub fn cbo_zero(cpu: &mut Cpu, i: &Insn) -> R {
    enabled(cpu, i, ENVCFG_CBZE)?;
    cpu.zero_block(cpu.x[i.rs1()])?;
    cpu.advance(i);
    Ok(())
}

/// `cbo.clean` and `cbo.flush`.
pub fn cbo_clean_flush(cpu: &mut Cpu, i: &Insn) -> R {
    enabled(cpu, i, ENVCFG_CBCFE)?;
    cpu.probe_block(cpu.x[i.rs1()])?;
    cpu.advance(i);
    Ok(())
}

pub fn cbo_inval(cpu: &mut Cpu, i: &Insn) -> R {
    enabled(cpu, i, ENVCFG_CBIE)?;
    cpu.probe_block(cpu.x[i.rs1()])?;
    cpu.advance(i);
    Ok(())
}

/// The Zicbom/Zicboz encodings (MISC-MEM, funct3 2, rd 0): see
/// `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    if raw & 0x7fff != 0x200f {
        return None;
    }
    Some(match raw >> 20 {
        0 => op(cbo_inval, "cbo.inval", Form::Cbo),
        1 => op(cbo_clean_flush, "cbo.clean", Form::Cbo),
        2 => op(cbo_clean_flush, "cbo.flush", Form::Cbo),
        4 => op(cbo_zero, "cbo.zero", Form::Cbo),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{cpu, exec, i};
    use crate::cpu::csr::{ENVCFG_CBCFE, ENVCFG_CBIE, ENVCFG_CBZE};
    use crate::cpu::trap::cause;
    use crate::cpu::Privilege;
    use crate::memory::RAM_BASE;

    const CBO_ZERO: u32 = 0x0040_a00f; // cbo.zero (x1)
    const CBO_CLEAN: u32 = 0x0010_a00f;
    const CBO_INVAL: u32 = 0x0000_a00f;

    #[test]
    fn cbo_zero_clears_exactly_the_aligned_block() {
        let mut c = cpu();
        let base = RAM_BASE + 0x1000;
        for k in 0..256 {
            c.store_u8(base + k, 0xaa).unwrap();
        }
        c.x[1] = base + 64 + 37; // inside the second block
        exec(&mut c, CBO_ZERO).unwrap();
        for k in 0..256 {
            let want = if (64..128).contains(&k) { 0 } else { 0xaa };
            assert_eq!(c.load_u8(base + k).unwrap(), want, "byte {k}");
        }
        assert_eq!(c.pc, RAM_BASE + 4);
    }

    #[test]
    fn cbo_outside_memory_faults_as_a_store_at_rs1() {
        let mut c = cpu();
        // Past the end of the 64 KiB of RAM: no device there.
        c.x[1] = RAM_BASE + (1 << 16) + 0x48;
        let t = exec(&mut c, CBO_ZERO).unwrap_err();
        assert_eq!(t.cause(), cause::STORE_ACCESS_FAULT);
        // xtval is rs1, not the block's address (the CMO specification).
        assert_eq!(t.tval, RAM_BASE + (1 << 16) + 0x48);
    }

    #[test]
    fn envcfg_gates_each_operation_below_m_mode() {
        let mut c = cpu();
        c.x[1] = RAM_BASE;
        // M-mode: always allowed.
        exec(&mut c, CBO_ZERO).unwrap();
        exec(&mut c, CBO_CLEAN).unwrap();
        exec(&mut c, CBO_INVAL).unwrap();
        // PMP entry 0: all of memory, RWX (NAPOT), so S and U may access it.
        c.csr_write(0x3b0, u64::MAX >> 10, 0).unwrap();
        c.csr_write(0x3a0, 0x1f, 0).unwrap();
        c.prv = Privilege::Supervisor;
        for raw in [CBO_ZERO, CBO_CLEAN, CBO_INVAL] {
            let t = exec(&mut c, raw).unwrap_err();
            assert_eq!((t.cause(), t.tval), (cause::ILLEGAL_INSN, raw as u64));
        }
        c.csr.menvcfg = ENVCFG_CBZE | ENVCFG_CBCFE | (1 << 4);
        for raw in [CBO_ZERO, CBO_CLEAN, CBO_INVAL] {
            exec(&mut c, raw).unwrap();
        }
        // U-mode also needs senvcfg.
        c.prv = Privilege::User;
        assert!(exec(&mut c, CBO_ZERO).is_err());
        c.csr.senvcfg = ENVCFG_CBZE;
        exec(&mut c, CBO_ZERO).unwrap();
        assert!(exec(&mut c, CBO_CLEAN).is_err());
        c.csr.senvcfg |= ENVCFG_CBCFE | ENVCFG_CBIE;
        exec(&mut c, CBO_CLEAN).unwrap();
        exec(&mut c, CBO_INVAL).unwrap();
    }

    #[test]
    fn reserved_encodings_are_illegal() {
        let mut c = cpu();
        c.x[1] = RAM_BASE;
        // rd != 0, and an unassigned operation number.
        assert!(exec(&mut c, CBO_ZERO | 1 << 7).is_err());
        assert!(exec(&mut c, i(0x0f, 2, 0, 1, 3)).is_err());
    }
}
