//! RV64A: load-reserved/store-conditional and atomic memory operations.
//!
//! One hart, so every AMO is trivially atomic. The LR/SC reservation follows
//! QEMU: LR records the address and the value it loaded; SC succeeds if it
//! targets the reserved address and memory still holds that value. A trap
//! (see `take_trap`) or any SC clears the reservation. Misaligned LR, SC and
//! AMOs trap (load- or store/AMO-address-misaligned) as the spec requires.

use super::rv64i::sext32;
use crate::cpu::op::{op, Form, Op};
use crate::cpu::trap::cause;
use crate::cpu::{Cpu, Insn, Trap};

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

/// The A encodings: see `crate::cpu::op`.
pub fn lookup(raw: u32) -> Option<Op> {
    use Form::{Amo, Lr};
    let f5 = raw >> 27;
    let width = (raw >> 12) & 7;
    let rs2 = (raw >> 20) & 31;
    Some(match (width, f5) {
        (2, 0b00010) if rs2 == 0 => op(lr_w, "lr.w", Lr),
        (3, 0b00010) if rs2 == 0 => op(lr_d, "lr.d", Lr),
        (2, 0b00011) => op(sc::<4>, "sc.w", Amo),
        (3, 0b00011) => op(sc::<8>, "sc.d", Amo),
        (2, 0b00001) => op(amoswap_w, "amoswap.w", Amo),
        (3, 0b00001) => op(amoswap_d, "amoswap.d", Amo),
        (2, 0b00000) => op(amoadd_w, "amoadd.w", Amo),
        (3, 0b00000) => op(amoadd_d, "amoadd.d", Amo),
        (2, 0b00100) => op(amoxor_w, "amoxor.w", Amo),
        (3, 0b00100) => op(amoxor_d, "amoxor.d", Amo),
        (2, 0b01100) => op(amoand_w, "amoand.w", Amo),
        (3, 0b01100) => op(amoand_d, "amoand.d", Amo),
        (2, 0b01000) => op(amoor_w, "amoor.w", Amo),
        (3, 0b01000) => op(amoor_d, "amoor.d", Amo),
        (2, 0b10000) => op(amomin_w, "amomin.w", Amo),
        (3, 0b10000) => op(amomin_d, "amomin.d", Amo),
        (2, 0b10100) => op(amomax_w, "amomax.w", Amo),
        (3, 0b10100) => op(amomax_d, "amomax.d", Amo),
        (2, 0b11000) => op(amominu_w, "amominu.w", Amo),
        (3, 0b11000) => op(amominu_d, "amominu.d", Amo),
        (2, 0b11100) => op(amomaxu_w, "amomaxu.w", Amo),
        (3, 0b11100) => op(amomaxu_d, "amomaxu.d", Amo),
        _ => return None,
    })
}

pub fn decode(raw: u32) -> Option<Insn> {
    lookup(raw).map(|o| o.insn(raw))
}
