//! RV64A: load-reserved/store-conditional and atomic memory operations.
//!
//! One hart, so every AMO is trivially atomic. The LR/SC reservation follows
//! QEMU: LR records the address and the value it loaded; SC succeeds if it
//! targets the reserved address and memory still holds that value. A trap
//! (see `take_trap`) or any SC clears the reservation. Misaligned LR, SC and
//! AMOs trap (load- or store/AMO-address-misaligned) as the spec requires.

use super::rv64i::sext32;
use crate::cpu::decode::insn;
use crate::cpu::trap::cause;
use crate::cpu::{Cpu, ExecFn, Insn, Trap};

type R = Result<(), Trap>;

pub fn lr_w(cpu: &mut Cpu, i: &Insn) -> R {
    let va = cpu.x[i.rs1()];
    if va & 3 != 0 {
        return Err(Trap::new(cause::LOAD_MISALIGNED, va));
    }
    let v = sext32(cpu.load_u32(va)? as u64);
    cpu.reservation = Some((va, v));
    cpu.x[i.rd()] = v;
    cpu.advance(i);
    Ok(())
}

pub fn lr_d(cpu: &mut Cpu, i: &Insn) -> R {
    let va = cpu.x[i.rs1()];
    if va & 7 != 0 {
        return Err(Trap::new(cause::LOAD_MISALIGNED, va));
    }
    let v = cpu.load_u64(va)?;
    cpu.reservation = Some((va, v));
    cpu.x[i.rd()] = v;
    cpu.advance(i);
    Ok(())
}

fn sc<const N: usize>(cpu: &mut Cpu, i: &Insn) -> R {
    let va = cpu.x[i.rs1()];
    let src = cpu.x[i.rs2()];
    // The spec requires the alignment trap even when the SC would fail
    // (QEMU 7.2 just fails the SC; Spike traps, as we do).
    if va & (N as u64 - 1) != 0 {
        cpu.reservation = None;
        return Err(Trap::new(cause::STORE_MISALIGNED, va));
    }
    let ok = match cpu.reservation.take() {
        Some((addr, expected)) if addr == va => {
            let mut stored = false;
            let mask = if N == 4 { 0xffff_ffff } else { u64::MAX };
            cpu.amo::<N>(va, |old| {
                if old & mask == expected & mask {
                    stored = true;
                    src
                } else {
                    old
                }
            })?;
            stored
        }
        _ => false,
    };
    cpu.x[i.rd()] = (!ok) as u64;
    cpu.advance(i);
    Ok(())
}

macro_rules! amo {
    ($w:ident, $d:ident, |$old:ident, $src:ident| $new32:expr, $new64:expr) => {
        pub fn $w(cpu: &mut Cpu, i: &Insn) -> R {
            let va = cpu.x[i.rs1()];
            let $src = cpu.x[i.rs2()];
            let old = cpu.amo::<4>(va, |$old| $new32)?;
            cpu.x[i.rd()] = sext32(old);
            cpu.advance(i);
            Ok(())
        }
        pub fn $d(cpu: &mut Cpu, i: &Insn) -> R {
            let va = cpu.x[i.rs1()];
            let $src = cpu.x[i.rs2()];
            let old = cpu.amo::<8>(va, |$old| $new64)?;
            cpu.x[i.rd()] = old;
            cpu.advance(i);
            Ok(())
        }
    };
}

amo!(amoswap_w, amoswap_d, |_old, src| src, src);
amo!(
    amoadd_w,
    amoadd_d,
    |old, src| old.wrapping_add(src),
    old.wrapping_add(src)
);
amo!(amoxor_w, amoxor_d, |old, src| old ^ src, old ^ src);
amo!(amoand_w, amoand_d, |old, src| old & src, old & src);
amo!(amoor_w, amoor_d, |old, src| old | src, old | src);
amo!(
    amomin_w,
    amomin_d,
    |old, src| (old as i32).min(src as i32) as u32 as u64,
    (old as i64).min(src as i64) as u64
);
amo!(
    amomax_w,
    amomax_d,
    |old, src| (old as i32).max(src as i32) as u32 as u64,
    (old as i64).max(src as i64) as u64
);
amo!(
    amominu_w,
    amominu_d,
    |old, src| (old as u32).min(src as u32) as u64,
    old.min(src)
);
amo!(
    amomaxu_w,
    amomaxu_d,
    |old, src| (old as u32).max(src as u32) as u64,
    old.max(src)
);

pub fn decode(raw: u32) -> Option<Insn> {
    let f5 = raw >> 27;
    let width = (raw >> 12) & 7;
    let rs2 = (raw >> 20) & 31;
    let f: ExecFn = match (width, f5) {
        (2, 0b00010) if rs2 == 0 => lr_w,
        (3, 0b00010) if rs2 == 0 => lr_d,
        (2, 0b00011) => sc::<4>,
        (3, 0b00011) => sc::<8>,
        (2, 0b00001) => amoswap_w,
        (3, 0b00001) => amoswap_d,
        (2, 0b00000) => amoadd_w,
        (3, 0b00000) => amoadd_d,
        (2, 0b00100) => amoxor_w,
        (3, 0b00100) => amoxor_d,
        (2, 0b01100) => amoand_w,
        (3, 0b01100) => amoand_d,
        (2, 0b01000) => amoor_w,
        (3, 0b01000) => amoor_d,
        (2, 0b10000) => amomin_w,
        (3, 0b10000) => amomin_d,
        (2, 0b10100) => amomax_w,
        (3, 0b10100) => amomax_d,
        (2, 0b11000) => amominu_w,
        (3, 0b11000) => amominu_d,
        (2, 0b11100) => amomaxu_w,
        (3, 0b11100) => amomaxu_d,
        _ => return None,
    };
    Some(insn(f, raw, 0))
}
