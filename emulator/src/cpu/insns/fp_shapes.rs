//! The shapes F and D instructions share, as macros that generate handlers.
//! Each takes the register accessors of its precision first (`read_f32,
//! write_f32` or `read_f64, write_f64`), then `handler => fpu function` pairs;
//! `rv64f.rs` and `rv64d.rs` instantiate them.

/// `f[rd] = op(f[rs1], f[rs2], f[rs3], rm)`.
macro_rules! fused {
    ($read:ident, $write:ident; $($name:ident => $op:path;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let rm = cpu.rounding_mode(i)?;
            let (v, fl) = $op(cpu.$read(i.rs1()), cpu.$read(i.rs2()), cpu.$read(i.rs3()), rm);
            cpu.accrue_fflags(fl);
            cpu.$write(i.rd(), v);
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use fused;

/// `f[rd] = op(f[rs1], f[rs2], rm)`.
macro_rules! rounded2 {
    ($read:ident, $write:ident; $($name:ident => $op:path;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let rm = cpu.rounding_mode(i)?;
            let (v, fl) = $op(cpu.$read(i.rs1()), cpu.$read(i.rs2()), rm);
            cpu.accrue_fflags(fl);
            cpu.$write(i.rd(), v);
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use rounded2;

/// Sign injection: no rounding, no flags, NaNs kept bit for bit.
macro_rules! sign_inject {
    ($read:ident, $write:ident; $($name:ident => $op:path;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let v = $op(cpu.$read(i.rs1()), cpu.$read(i.rs2()));
            cpu.$write(i.rd(), v);
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use sign_inject;

/// FMIN/FMAX: `f[rd] = op(f[rs1], f[rs2])` with flags.
macro_rules! min_max {
    ($read:ident, $write:ident; $($name:ident => $op:path;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let (v, fl) = $op(cpu.$read(i.rs1()), cpu.$read(i.rs2()));
            cpu.accrue_fflags(fl);
            cpu.$write(i.rd(), v);
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use min_max;

/// Comparisons: `x[rd] = op(f[rs1], f[rs2])` (0 or 1).
macro_rules! compare {
    ($read:ident, $write:ident; $($name:ident => $op:path;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let (v, fl) = $op(cpu.$read(i.rs1()), cpu.$read(i.rs2()));
            cpu.accrue_fflags(fl);
            cpu.x[i.rd()] = v as u64;
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use compare;

/// Float to integer: `x[rd] = op(f[rs1], rm)` (the fpu returns the register value).
macro_rules! to_int {
    ($read:ident, $write:ident; $($name:ident => $op:path;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let rm = cpu.rounding_mode(i)?;
            let (v, fl) = $op(cpu.$read(i.rs1()), rm);
            cpu.accrue_fflags(fl);
            cpu.x[i.rd()] = v;
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use to_int;

/// Integer to float: `f[rd] = op(x[rs1] as $t, rm)`.
macro_rules! from_int {
    ($read:ident, $write:ident; $($name:ident => $op:path, $t:ty;)*) => {$(
        pub fn $name(cpu: &mut Cpu, i: &Insn) -> R {
            cpu.require_fp(i)?;
            let rm = cpu.rounding_mode(i)?;
            let (v, fl) = $op(cpu.x[i.rs1()] as $t, rm);
            cpu.accrue_fflags(fl);
            cpu.$write(i.rd(), v);
            cpu.advance(i);
            Ok(())
        }
    )*};
}
pub(crate) use from_int;
