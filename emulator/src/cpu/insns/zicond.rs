//! Zicond: integer conditional operations. `czero.eqz rd, rs1, rs2` is
//! `rs2 == 0 ? 0 : rs1`; `czero.nez` is `rs2 != 0 ? 0 : rs1`.

use crate::cpu::op::{op, Form, Op};
use crate::cpu::{Cpu, Insn, Trap};

type R = Result<(), Trap>;

pub fn czero_eqz(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = if cpu.x[i.rs2()] == 0 {
        0
    } else {
        cpu.x[i.rs1()]
    };
    cpu.advance(i);
    Ok(())
}

pub fn czero_nez(cpu: &mut Cpu, i: &Insn) -> R {
    cpu.x[i.rd()] = if cpu.x[i.rs2()] != 0 {
        0
    } else {
        cpu.x[i.rs1()]
    };
    cpu.advance(i);
    Ok(())
}

/// The Zicond encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    if raw & 0x7f != 0x33 || raw >> 25 != 0x07 {
        return None;
    }
    Some(match (raw >> 12) & 7 {
        5 => op(czero_eqz, "czero.eqz", Form::R),
        7 => op(czero_nez, "czero.nez", Form::R),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{cpu, exec, r};

    #[test]
    fn czero_selects_on_the_condition_register() {
        let mut c = cpu();
        c.x[1] = 0x1234;
        for (cond, eqz, nez) in [
            (0u64, 0u64, 0x1234u64),
            (1, 0x1234, 0),
            (1 << 63, 0x1234, 0),
        ] {
            c.x[2] = cond;
            exec(&mut c, r(0x33, 0x07, 5, 3, 1, 2)).unwrap();
            assert_eq!(c.x[3], eqz, "czero.eqz cond={cond:#x}");
            exec(&mut c, r(0x33, 0x07, 7, 3, 1, 2)).unwrap();
            assert_eq!(c.x[3], nez, "czero.nez cond={cond:#x}");
        }
        // rd == rs2: the condition is read before rd is written.
        c.x[2] = 5;
        exec(&mut c, r(0x33, 0x07, 5, 2, 1, 2)).unwrap();
        assert_eq!(c.x[2], 0x1234);
        // funct3 6 is not Zicond.
        assert!(exec(&mut c, r(0x33, 0x07, 6, 3, 1, 2)).is_err());
    }
}
