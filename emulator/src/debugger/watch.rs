//! Watchpoints: stop after an instruction reads or writes a range of
//! virtual addresses.
//!
//! While one is set, the debugger runs the hart one instruction at a time
//! and, before each, decodes the instruction at `pc` to find the data it
//! will access (loads, stores, FP loads and stores, LR/SC and AMOs,
//! compressed forms included). An access that overlaps a watched range and
//! retires (no trap) stops the run after the instruction, as hardware
//! watchpoints do. Nothing of this runs while no watchpoint is set.

use crate::cpu::decode::{decode, imm_i, imm_s};
use crate::cpu::Cpu;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WatchSpec {
    pub addr: u64,
    pub len: u64,
    pub read: bool,
    pub write: bool,
}

impl WatchSpec {
    pub fn describe(&self) -> String {
        let kind = match (self.read, self.write) {
            (true, true) => "rw",
            (true, false) => "r",
            _ => "w",
        };
        format!("{kind} {:#x}, {} bytes", self.addr, self.len)
    }

    /// Does `a` touch this range in a way watched?
    pub fn hit_by(&self, a: &Access) -> bool {
        let overlaps =
            a.addr < self.addr.wrapping_add(self.len) && self.addr < a.addr.wrapping_add(a.len);
        overlaps && ((self.read && a.read) || (self.write && a.write))
    }
}

/// The data access an instruction makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub addr: u64,
    pub len: u64,
    pub read: bool,
    pub write: bool,
}

/// The instruction at `pc` (read without side effects) and its length.
pub fn fetch(cpu: &Cpu, pc: u64) -> Option<(u32, u8)> {
    let mut lo = [0u8; 2];
    cpu.peek_virt(pc, &mut lo)?;
    let lo = u16::from_le_bytes(lo);
    if lo & 3 != 3 {
        return Some((lo as u32, 2));
    }
    let mut hi = [0u8; 2];
    cpu.peek_virt(pc.wrapping_add(2), &mut hi)?;
    Some((lo as u32 | (u16::from_le_bytes(hi) as u32) << 16, 4))
}

/// The data access the instruction at `pc` will make, if any.
pub fn access_at(cpu: &Cpu, pc: u64) -> Option<Access> {
    let (raw, len) = fetch(cpu, pc)?;
    let insn = decode(raw as u16, (raw >> 16) as u16);
    if insn.len == 2 && insn.raw == 0 {
        return None; // illegal compressed
    }
    let _ = len;
    let raw = insn.raw;
    let rs1 = cpu.x[((raw >> 15) & 31) as usize];
    let f3 = (raw >> 12) & 7;
    let (addr, size, read, write) = match raw & 0x7f {
        0x03 => {
            let size = match f3 {
                0 | 4 => 1,
                1 | 5 => 2,
                2 | 6 => 4,
                3 => 8,
                _ => return None,
            };
            (
                rs1.wrapping_add(imm_i(raw) as i64 as u64),
                size,
                true,
                false,
            )
        }
        0x07 => {
            let size = match f3 {
                2 => 4,
                3 => 8,
                _ => return None,
            };
            (
                rs1.wrapping_add(imm_i(raw) as i64 as u64),
                size,
                true,
                false,
            )
        }
        0x23 | 0x27 => {
            let size = match f3 {
                0 => 1,
                1 => 2,
                2 => 4,
                3 => 8,
                _ => return None,
            };
            (
                rs1.wrapping_add(imm_s(raw) as i64 as u64),
                size,
                false,
                true,
            )
        }
        0x2f => {
            let size = match f3 {
                2 => 4,
                3 => 8,
                _ => return None,
            };
            match raw >> 27 {
                0b00010 => (rs1, size, true, false), // lr
                0b00011 => (rs1, size, false, true), // sc
                _ => (rs1, size, true, true),        // amo
            }
        }
        _ => return None,
    };
    Some(Access {
        addr,
        len: size,
        read,
        write,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::Machine;
    use crate::memory::RAM_BASE;

    #[test]
    fn loads_stores_and_amos_are_decoded() {
        let mut m = Machine::with_code(&[]);
        let cpu = &mut m.cpu;
        cpu.x[10] = 0x1000;
        let at = |cpu: &mut Cpu, raw: &[u8]| {
            cpu.poke_phys(RAM_BASE, raw).unwrap();
            access_at(cpu, RAM_BASE)
        };
        // ld a1, 16(a0)
        let a = at(cpu, &0x0105_3583u32.to_le_bytes()).unwrap();
        assert_eq!((a.addr, a.len, a.read, a.write), (0x1010, 8, true, false));
        // sw a1, -4(a0)
        let a = at(cpu, &0xfeb5_2e23u32.to_le_bytes()).unwrap();
        assert_eq!((a.addr, a.len, a.read, a.write), (0xffc, 4, false, true));
        // c.sd a1, 8(a0)
        let a = at(cpu, &0xe50cu16.to_le_bytes()).unwrap();
        assert_eq!((a.addr, a.len, a.read, a.write), (0x1008, 8, false, true));
        // amoadd.d a1, a1, (a0)
        let a = at(cpu, &0x00b5_35afu32.to_le_bytes()).unwrap();
        assert_eq!((a.addr, a.len, a.read, a.write), (0x1000, 8, true, true));
        // addi a0, a0, 1: no access
        assert_eq!(at(cpu, &0x0015_0513u32.to_le_bytes()), None);
        let w = WatchSpec {
            addr: 0x1004,
            len: 8,
            read: false,
            write: true,
        };
        let store = Access {
            addr: 0x1000,
            len: 8,
            read: false,
            write: true,
        };
        assert!(w.hit_by(&store));
        assert!(!w.hit_by(&Access {
            write: false,
            read: true,
            ..store
        }));
        assert!(!w.hit_by(&Access {
            addr: 0x100c,
            ..store
        }));
    }
}
