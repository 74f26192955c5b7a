//! IEEE 754 arithmetic with RISC-V semantics, as pure functions on raw bit
//! patterns that return `(result, fflags)`.
//!
//! Rounding modes are RISC-V `rm` codes (0 RNE, 1 RTZ, 2 RDN, 3 RUP, 4 RMM),
//! already resolved (no `dyn`, nothing reserved). Flags use the `fflags`
//! layout ([`NV`], [`DZ`], [`OF`], [`UF`], [`NX`]).
//!
//! Arithmetic, square root, fused multiply-add and every conversion that can
//! round go through Berkeley SoftFloat 3 with its RISC-V specialization (the
//! arithmetic Spike uses), vendored unmodified in `emulator/softfloat/` and
//! compiled by `emulator/build.rs` with the `cc` crate. That specialization
//! already gives the RISC-V behaviour: every NaN result is the canonical NaN,
//! tininess is detected after rounding, `(inf * 0) + qNaN` raises NV, and
//! float-to-integer conversions saturate (NaN converts to the largest
//! positive integer). SoftFloat's rounding-mode numbers are RISC-V's `rm`
//! codes and its flag bits are `fflags`' (the C shim checks both at compile
//! time).
//!
//! SoftFloat keeps its rounding mode and exception flags in C globals,
//! compiled `_Thread_local`, so each thread has its own copy and no lock is
//! needed. Each operation is one call into a small C shim
//! (`emulator/softfloat/vitrine_shim.c`, declared in `cpu::softfloat_ffi`)
//! that sets the rounding mode, clears the flags, runs the SoftFloat
//! function and returns its result with the flags it raised.
//!
//! Comparisons, min/max, sign injection and classification are plain bit
//! manipulation here, with no SoftFloat call.

use super::softfloat_ffi as sf;

/// Invalid operation.
pub const NV: u8 = 0x10;
/// Divide by zero.
pub const DZ: u8 = 0x08;
/// Overflow.
pub const OF: u8 = 0x04;
/// Underflow.
pub const UF: u8 = 0x02;
/// Inexact.
pub const NX: u8 = 0x01;

/// The canonical quiet NaNs (same values as `cpu::CANONICAL_NAN_F32/F64`).
const NAN_F32: u32 = 0x7fc0_0000;
const NAN_F64: u64 = 0x7ff8_0000_0000_0000;
const SIGN_F32: u32 = 0x8000_0000;
const SIGN_F64: u64 = 0x8000_0000_0000_0000;

/// SoftFloat's rounding mode for a RISC-V `rm` code: the same number
/// (`softfloat_round_near_even` 0, `_minMag` 1, `_min` 2, `_max` 3,
/// `_near_maxMag` 4).
#[inline(always)]
fn mode(rm: u8) -> u8 {
    if rm <= 4 {
        rm
    } else {
        debug_assert!(false, "reserved rounding mode {rm} reached the FPU");
        0
    }
}

/// A 32-bit SoftFloat result and its flags.
#[inline(always)]
fn r32(r: sf::R32) -> (u32, u8) {
    (r.bits, r.flags & 0x1f)
}

/// A 64-bit SoftFloat result and its flags.
#[inline(always)]
fn r64(r: sf::R64) -> (u64, u8) {
    (r.bits, r.flags & 0x1f)
}

// ---------------------------------------------------------------------------
// Arithmetic (SoftFloat)

macro_rules! binary {
    ($($(#[$doc:meta])* $name:ident: $bits:ty, $r:ident, $sf:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(a: $bits, b: $bits, rm: u8) -> ($bits, u8) {
            $r(sf::$sf(a, b, mode(rm)))
        }
    )*};
}

binary! {
    /// FADD.S
    f32_add: u32, r32, vitrine_f32_add;
    /// FSUB.S
    f32_sub: u32, r32, vitrine_f32_sub;
    /// FMUL.S
    f32_mul: u32, r32, vitrine_f32_mul;
    /// FDIV.S
    f32_div: u32, r32, vitrine_f32_div;
    /// FADD.D
    f64_add: u64, r64, vitrine_f64_add;
    /// FSUB.D
    f64_sub: u64, r64, vitrine_f64_sub;
    /// FMUL.D
    f64_mul: u64, r64, vitrine_f64_mul;
    /// FDIV.D
    f64_div: u64, r64, vitrine_f64_div;
}

/// FSQRT.S
#[inline]
pub fn f32_sqrt(a: u32, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_f32_sqrt(a, mode(rm)))
}

/// FSQRT.D
#[inline]
pub fn f64_sqrt(a: u64, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_f64_sqrt(a, mode(rm)))
}

/// `a * b + c` with a single rounding. The four RISC-V fused forms flip
/// operand signs first, as Spike does: flipping the sign of a NaN cannot
/// change the (canonical) result nor whether it signals.
#[inline]
fn f32_fma(a: u32, b: u32, c: u32, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_f32_muladd(a, b, c, mode(rm)))
}

#[inline]
fn f64_fma(a: u64, b: u64, c: u64, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_f64_muladd(a, b, c, mode(rm)))
}

/// FMADD.S: `a * b + c`.
#[inline]
pub fn f32_madd(a: u32, b: u32, c: u32, rm: u8) -> (u32, u8) {
    f32_fma(a, b, c, rm)
}
/// FMSUB.S: `a * b - c`.
#[inline]
pub fn f32_msub(a: u32, b: u32, c: u32, rm: u8) -> (u32, u8) {
    f32_fma(a, b, c ^ SIGN_F32, rm)
}
/// FNMSUB.S: `-(a * b) + c`.
#[inline]
pub fn f32_nmsub(a: u32, b: u32, c: u32, rm: u8) -> (u32, u8) {
    f32_fma(a ^ SIGN_F32, b, c, rm)
}
/// FNMADD.S: `-(a * b) - c`.
#[inline]
pub fn f32_nmadd(a: u32, b: u32, c: u32, rm: u8) -> (u32, u8) {
    f32_fma(a ^ SIGN_F32, b, c ^ SIGN_F32, rm)
}
/// FMADD.D: `a * b + c`.
#[inline]
pub fn f64_madd(a: u64, b: u64, c: u64, rm: u8) -> (u64, u8) {
    f64_fma(a, b, c, rm)
}
/// FMSUB.D: `a * b - c`.
#[inline]
pub fn f64_msub(a: u64, b: u64, c: u64, rm: u8) -> (u64, u8) {
    f64_fma(a, b, c ^ SIGN_F64, rm)
}
/// FNMSUB.D: `-(a * b) + c`.
#[inline]
pub fn f64_nmsub(a: u64, b: u64, c: u64, rm: u8) -> (u64, u8) {
    f64_fma(a ^ SIGN_F64, b, c, rm)
}
/// FNMADD.D: `-(a * b) - c`.
#[inline]
pub fn f64_nmadd(a: u64, b: u64, c: u64, rm: u8) -> (u64, u8) {
    f64_fma(a ^ SIGN_F64, b, c ^ SIGN_F64, rm)
}

// ---------------------------------------------------------------------------
// Conversions (SoftFloat)

/// Sign-extend a 32-bit result to the 64-bit register value (RV64 keeps
/// 32-bit integer results sign-extended, FCVT.WU included).
#[inline(always)]
fn sext32((v, flags): (u32, u8)) -> (u64, u8) {
    (v as i32 as i64 as u64, flags)
}

/// FCVT.W.S: the x-register value (sign-extended), saturating; NaN gives
/// `0x7fffffff`. NV for out-of-range/NaN, else NX when inexact.
#[inline]
pub fn f32_to_i32(a: u32, rm: u8) -> (u64, u8) {
    sext32(r32(sf::vitrine_f32_to_i32(a, mode(rm))))
}
/// FCVT.WU.S: the x-register value; the 32-bit result is sign-extended
/// (so 0xffffffff reads as all ones). NaN gives `0xffffffff`.
#[inline]
pub fn f32_to_u32(a: u32, rm: u8) -> (u64, u8) {
    sext32(r32(sf::vitrine_f32_to_ui32(a, mode(rm))))
}
/// FCVT.L.S
#[inline]
pub fn f32_to_i64(a: u32, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_f32_to_i64(a, mode(rm)))
}
/// FCVT.LU.S
#[inline]
pub fn f32_to_u64(a: u32, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_f32_to_ui64(a, mode(rm)))
}
/// FCVT.W.D
#[inline]
pub fn f64_to_i32(a: u64, rm: u8) -> (u64, u8) {
    sext32(r32(sf::vitrine_f64_to_i32(a, mode(rm))))
}
/// FCVT.WU.D (result sign-extended, like FCVT.WU.S)
#[inline]
pub fn f64_to_u32(a: u64, rm: u8) -> (u64, u8) {
    sext32(r32(sf::vitrine_f64_to_ui32(a, mode(rm))))
}
/// FCVT.L.D
#[inline]
pub fn f64_to_i64(a: u64, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_f64_to_i64(a, mode(rm)))
}
/// FCVT.LU.D
#[inline]
pub fn f64_to_u64(a: u64, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_f64_to_ui64(a, mode(rm)))
}

/// FCVT.S.W
#[inline]
pub fn i32_to_f32(v: i32, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_i32_to_f32(v, mode(rm)))
}
/// FCVT.S.WU
#[inline]
pub fn u32_to_f32(v: u32, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_ui32_to_f32(v, mode(rm)))
}
/// FCVT.S.L
#[inline]
pub fn i64_to_f32(v: i64, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_i64_to_f32(v, mode(rm)))
}
/// FCVT.S.LU
#[inline]
pub fn u64_to_f32(v: u64, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_ui64_to_f32(v, mode(rm)))
}
/// FCVT.D.W (always exact: no flags, `rm` is irrelevant).
#[inline]
pub fn i32_to_f64(v: i32) -> u64 {
    (v as f64).to_bits()
}
/// FCVT.D.WU (always exact).
#[inline]
pub fn u32_to_f64(v: u32) -> u64 {
    (v as f64).to_bits()
}
/// FCVT.D.L
#[inline]
pub fn i64_to_f64(v: i64, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_i64_to_f64(v, mode(rm)))
}
/// FCVT.D.LU
#[inline]
pub fn u64_to_f64(v: u64, rm: u8) -> (u64, u8) {
    r64(sf::vitrine_ui64_to_f64(v, mode(rm)))
}

/// FCVT.S.D: rounds; any NaN becomes the canonical NaN (NV if signaling).
#[inline]
pub fn f64_to_f32(a: u64, rm: u8) -> (u32, u8) {
    r32(sf::vitrine_f64_to_f32(a, mode(rm)))
}
/// FCVT.D.S: exact for numbers; any NaN becomes the canonical NaN (NV if
/// signaling).
#[inline]
pub fn f32_to_f64(a: u32) -> (u64, u8) {
    if f32_is_nan(a) {
        (NAN_F64, if f32_is_snan(a) { NV } else { 0 })
    } else {
        // Host widening is exact for every non-NaN value, subnormals included.
        ((f32::from_bits(a) as f64).to_bits(), 0)
    }
}

// ---------------------------------------------------------------------------
// Bit-level operations (no rounding)

macro_rules! bit_ops {
    (
        bits: $bits:ty, host: $host:ty, sign: $sign:expr, exp: $exp:expr, quiet: $quiet:expr, nan: $nan:expr,
        $is_nan:ident, $is_snan:ident, $eq:ident, $lt:ident, $le:ident, $min:ident, $max:ident,
        $sgnj:ident, $sgnjn:ident, $sgnjx:ident, $class:ident, $p:literal
    ) => {
        #[doc = concat!("Any NaN (", $p, ").")]
        #[inline(always)]
        pub fn $is_nan(a: $bits) -> bool {
            a & !$sign > $exp
        }

        #[doc = concat!("A signaling NaN (", $p, "): exponent all ones, quiet bit clear, fraction non-zero.")]
        #[inline(always)]
        pub fn $is_snan(a: $bits) -> bool {
            $is_nan(a) && a & $quiet == 0
        }

        #[doc = concat!("FEQ.", $p, ": quiet comparison (NV only for a signaling NaN); -0 == +0.")]
        #[inline]
        pub fn $eq(a: $bits, b: $bits) -> (bool, u8) {
            if $is_nan(a) || $is_nan(b) {
                (false, if $is_snan(a) || $is_snan(b) { NV } else { 0 })
            } else {
                (<$host>::from_bits(a) == <$host>::from_bits(b), 0)
            }
        }

        #[doc = concat!("FLT.", $p, ": signaling comparison (NV for any NaN).")]
        #[inline]
        pub fn $lt(a: $bits, b: $bits) -> (bool, u8) {
            if $is_nan(a) || $is_nan(b) {
                (false, NV)
            } else {
                (<$host>::from_bits(a) < <$host>::from_bits(b), 0)
            }
        }

        #[doc = concat!("FLE.", $p, ": signaling comparison (NV for any NaN).")]
        #[inline]
        pub fn $le(a: $bits, b: $bits) -> (bool, u8) {
            if $is_nan(a) || $is_nan(b) {
                (false, NV)
            } else {
                (<$host>::from_bits(a) <= <$host>::from_bits(b), 0)
            }
        }

        #[doc = concat!("FMIN.", $p, " (IEEE 754-2019 minimumNumber, as the 2.2 spec): -0 < +0; ")]
        #[doc = "one NaN operand returns the other; two NaNs return the canonical NaN; NV if either signals."]
        #[inline]
        pub fn $min(a: $bits, b: $bits) -> ($bits, u8) {
            let flags = if $is_snan(a) || $is_snan(b) { NV } else { 0 };
            let r = match ($is_nan(a), $is_nan(b)) {
                (true, true) => $nan,
                (true, false) => b,
                (false, true) => a,
                (false, false) => {
                    let (x, y) = (<$host>::from_bits(a), <$host>::from_bits(b));
                    if x < y || (x == y && a & $sign != 0) {
                        a
                    } else {
                        b
                    }
                }
            };
            (r, flags)
        }

        #[doc = concat!("FMAX.", $p, " (IEEE 754-2019 maximumNumber): +0 > -0; NaN handling as for FMIN.")]
        #[inline]
        pub fn $max(a: $bits, b: $bits) -> ($bits, u8) {
            let flags = if $is_snan(a) || $is_snan(b) { NV } else { 0 };
            let r = match ($is_nan(a), $is_nan(b)) {
                (true, true) => $nan,
                (true, false) => b,
                (false, true) => a,
                (false, false) => {
                    let (x, y) = (<$host>::from_bits(a), <$host>::from_bits(b));
                    if x > y || (x == y && a & $sign == 0) {
                        a
                    } else {
                        b
                    }
                }
            };
            (r, flags)
        }

        #[doc = concat!("FSGNJ.", $p, ": magnitude of `a`, sign of `b` (bits as they are, NaNs included).")]
        #[inline(always)]
        pub fn $sgnj(a: $bits, b: $bits) -> $bits {
            (a & !$sign) | (b & $sign)
        }

        #[doc = concat!("FSGNJN.", $p, ": magnitude of `a`, opposite of `b`'s sign.")]
        #[inline(always)]
        pub fn $sgnjn(a: $bits, b: $bits) -> $bits {
            (a & !$sign) | (!b & $sign)
        }

        #[doc = concat!("FSGNJX.", $p, ": `a` with its sign XORed with `b`'s.")]
        #[inline(always)]
        pub fn $sgnjx(a: $bits, b: $bits) -> $bits {
            a ^ (b & $sign)
        }

        #[doc = concat!("FCLASS.", $p, ": the 10-bit class mask (bit 0 -inf, 1 -normal, 2 -subnormal, ")]
        #[doc = "3 -0, 4 +0, 5 +subnormal, 6 +normal, 7 +inf, 8 signaling NaN, 9 quiet NaN)."]
        #[inline]
        pub fn $class(a: $bits) -> u64 {
            let neg = a & $sign != 0;
            let mag = a & !$sign;
            let bit = if mag == 0 {
                if neg { 3 } else { 4 }
            } else if mag & $exp == 0 {
                if neg { 2 } else { 5 }
            } else if mag == $exp {
                if neg { 0 } else { 7 }
            } else if mag > $exp {
                if mag & $quiet != 0 { 9 } else { 8 }
            } else if neg {
                1
            } else {
                6
            };
            1 << bit
        }
    };
}

bit_ops! {
    bits: u32, host: f32, sign: SIGN_F32, exp: 0x7f80_0000u32, quiet: 0x0040_0000u32, nan: NAN_F32,
    f32_is_nan, f32_is_snan, f32_eq, f32_lt, f32_le, f32_min, f32_max,
    f32_sgnj, f32_sgnjn, f32_sgnjx, f32_class, "S"
}

bit_ops! {
    bits: u64, host: f64, sign: SIGN_F64, exp: 0x7ff0_0000_0000_0000u64, quiet: 0x0008_0000_0000_0000u64, nan: NAN_F64,
    f64_is_nan, f64_is_snan, f64_eq, f64_lt, f64_le, f64_min, f64_max,
    f64_sgnj, f64_sgnjn, f64_sgnjx, f64_class, "D"
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expected values were checked on qemu-system-riscv64 7.2 (the
    // oracle): a bare-metal M-mode program loads the operands with
    // FMV.D.X / LI (single-precision operands NaN-boxed unless a test is
    // about boxing), clears `fflags`, runs the instruction with an explicit
    // `rm` (or `dyn` after writing `frm`), and prints the destination
    // register (FMV.X.D for f registers) and `fflags` over the UART.
    // `QEMU_VECTORS` at the end is that program's output, one line per
    // operation; the named tests pick out the interesting cases.

    const ONE: u32 = 0x3f80_0000;
    const ONE_D: u64 = 0x3ff0_0000_0000_0000;
    const INF: u32 = 0x7f80_0000;
    const INF_D: u64 = 0x7ff0_0000_0000_0000;
    const SNAN: u32 = 0x7f80_0001;
    const SNAN_D: u64 = 0x7ff0_0000_0000_0001;
    const QNAN_PAYLOAD: u32 = 0x7fc1_2345;
    const MAX: u32 = 0x7f7f_ffff;
    const MAX_D: u64 = 0x7fef_ffff_ffff_ffff;
    /// 2^-24: half an ulp of 1.0f.
    const HALF_ULP: u32 = 0x3380_0000;

    #[test]
    fn halfway_rounding_all_modes() {
        // 1 + 2^-24 lies halfway between 1.0 and 1.0 + ulp.
        let want = [
            0x3f80_0000,
            0x3f80_0000,
            0x3f80_0000,
            0x3f80_0001,
            0x3f80_0001,
        ];
        for rm in 0..5 {
            assert_eq!(
                f32_add(ONE, HALF_ULP, rm),
                (want[rm as usize], NX),
                "rm {rm}"
            );
        }
        // (1 + ulp) + 2^-24: ties-to-even now rounds up, RMM too, RTZ/RDN down.
        let want = [
            0x3f80_0002,
            0x3f80_0001,
            0x3f80_0001,
            0x3f80_0002,
            0x3f80_0002,
        ];
        for rm in 0..5 {
            assert_eq!(
                f32_add(0x3f80_0001, HALF_ULP, rm),
                (want[rm as usize], NX),
                "rm {rm}"
            );
        }
        // Negative halfway: RDN goes away from zero, RUP toward it.
        let want = [
            0xbf80_0000,
            0xbf80_0000,
            0xbf80_0001,
            0xbf80_0000,
            0xbf80_0001,
        ];
        for rm in 0..5 {
            assert_eq!(
                f32_add(0xbf80_0000, 0xb380_0000, rm),
                (want[rm as usize], NX),
                "rm {rm}"
            );
        }
        let h = (2.0f64).powi(-53).to_bits();
        let want = [ONE_D, ONE_D, ONE_D, ONE_D + 1, ONE_D + 1];
        for rm in 0..5 {
            assert_eq!(f64_add(ONE_D, h, rm), (want[rm as usize], NX), "rm {rm}");
        }
    }

    #[test]
    fn overflow_depends_on_rounding_mode() {
        // max + max: infinity or the largest finite number.
        let want = [INF, MAX, MAX, INF, INF];
        for rm in 0..5 {
            assert_eq!(
                f32_add(MAX, MAX, rm),
                (want[rm as usize], OF | NX),
                "rm {rm}"
            );
        }
        let want = [
            0xff80_0000,
            0xff7f_ffff,
            0xff80_0000,
            0xff7f_ffff,
            0xff80_0000,
        ];
        for rm in 0..5 {
            assert_eq!(
                f32_add(MAX | SIGN_F32, MAX | SIGN_F32, rm),
                (want[rm as usize], OF | NX),
                "rm {rm}"
            );
        }
        let want = [INF_D, MAX_D, MAX_D, INF_D, INF_D];
        for rm in 0..5 {
            assert_eq!(
                f64_add(MAX_D, MAX_D, rm),
                (want[rm as usize], OF | NX),
                "rm {rm}"
            );
        }
        // FCVT.S.D of 1e40.
        let big = 1e40f64.to_bits();
        let want = [INF, MAX, MAX, INF, INF];
        for rm in 0..5 {
            assert_eq!(f64_to_f32(big, rm), (want[rm as usize], OF | NX), "rm {rm}");
        }
    }

    #[test]
    fn underflow_and_subnormals() {
        // Exact subnormal result: no flags.
        assert_eq!(f32_mul(0x0080_0000, 0x3f40_0000, 0), (0x0060_0000, 0));
        // Smallest subnormal halved: UF|NX, rounds to 0 (RNE) or back up (RUP/RMM).
        assert_eq!(f32_mul(1, 0x3f00_0000, 0), (0, UF | NX));
        assert_eq!(f32_mul(1, 0x3f00_0000, 3), (1, UF | NX));
        assert_eq!(f32_mul(1, 0x3f00_0000, 4), (1, UF | NX));
        // Tininess is detected after rounding: (1-2^-13)*(2^-126*(1+2^-13))
        // = 2^-126*(1-2^-26) rounds to the smallest normal under RNE/RUP/RMM
        // with NX only; RTZ/RDN give the largest subnormal with UF|NX.
        let a = 0x3f7f_f800;
        let b = 0x0080_0400;
        assert_eq!(f32_mul(a, b, 0), (0x0080_0000, NX));
        assert_eq!(f32_mul(a, b, 1), (0x007f_ffff, UF | NX));
        assert_eq!(f32_mul(a, b, 2), (0x007f_ffff, UF | NX));
        assert_eq!(f32_mul(a, b, 3), (0x0080_0000, NX));
        let (a, b) = (0x3fef_ffff_fe00_0000, 0x0010_0000_0100_0000);
        assert_eq!(f64_mul(a, b, 0), (0x0010_0000_0000_0000, NX));
        assert_eq!(f64_mul(a, b, 1), (0x000f_ffff_ffff_ffff, UF | NX));
        // FCVT.S.D into the subnormal range.
        assert_eq!(f64_to_f32(2f64.powi(-149).to_bits(), 0), (1, 0));
        assert_eq!(f64_to_f32(2f64.powi(-150).to_bits(), 0), (0, UF | NX));
        assert_eq!(
            f64_to_f32((2f64.powi(-150) * 1.5).to_bits(), 0),
            (1, UF | NX)
        );
        // Subnormal square root, FCVT.D.S of a subnormal (exact).
        assert_eq!(f32_sqrt(0x0040_0000, 0), (0x1fb5_04f3, NX));
        assert_eq!(f32_to_f64(1), (2f64.powi(-149).to_bits(), 0));
    }

    #[test]
    fn nans_are_canonical_and_signal_nv() {
        // qNaN operand: canonical result, no flags; sNaN: NV.
        assert_eq!(f32_add(QNAN_PAYLOAD, ONE, 0), (NAN_F32, 0));
        assert_eq!(f32_mul(SNAN, ONE, 0), (NAN_F32, NV));
        assert_eq!(f32_div(ONE, 0xff80_0001, 0), (NAN_F32, NV));
        assert_eq!(f64_add(0x7ff8_0000_0001_2345, ONE_D, 0), (NAN_F64, 0));
        assert_eq!(f64_sub(SNAN_D, ONE_D, 0), (NAN_F64, NV));
        // Invalid operations.
        assert_eq!(f32_sub(INF, INF, 0), (NAN_F32, NV));
        assert_eq!(f32_mul(INF, 0, 0), (NAN_F32, NV));
        assert_eq!(f32_div(0, 0, 0), (NAN_F32, NV));
        assert_eq!(f32_sqrt(0xbf80_0000, 0), (NAN_F32, NV));
        assert_eq!(f64_sqrt(0xfff0_0000_0000_0000, 0), (NAN_F64, NV));
        // Division by zero.
        assert_eq!(f32_div(ONE, 0, 0), (INF, DZ));
        assert_eq!(
            f64_div(0xbff0_0000_0000_0000, 0, 0),
            (0xfff0_0000_0000_0000, DZ)
        );
        // S <-> D conversions canonicalize NaNs.
        assert_eq!(f64_to_f32(SNAN_D, 0), (NAN_F32, NV));
        assert_eq!(f64_to_f32(0x7ff8_0000_0001_2345, 0), (NAN_F32, 0));
        assert_eq!(f64_to_f32(0xfff8_0000_0000_0000, 0), (NAN_F32, 0));
        assert_eq!(f32_to_f64(SNAN), (NAN_F64, NV));
        assert_eq!(f32_to_f64(QNAN_PAYLOAD), (NAN_F64, 0));
        assert_eq!(f32_to_f64(0xff80_0001), (NAN_F64, NV));
    }

    #[test]
    fn signed_zeros() {
        assert_eq!(f32_sub(ONE, ONE, 0), (0, 0));
        assert_eq!(f32_sub(ONE, ONE, 2), (SIGN_F32, 0));
        assert_eq!(f32_add(0, SIGN_F32, 0), (0, 0));
        assert_eq!(f32_add(0, SIGN_F32, 2), (SIGN_F32, 0));
        assert_eq!(f32_mul(SIGN_F32, SIGN_F32, 0), (0, 0));
        assert_eq!(f32_sqrt(SIGN_F32, 0), (SIGN_F32, 0));
        assert_eq!(f64_sqrt(SIGN_F64, 0), (SIGN_F64, 0));
    }

    #[test]
    fn fused_multiply_add() {
        // Single rounding: (1+2^-12)^2 - 1 = 2^-11 + 2^-24 exactly.
        assert_eq!(f32_msub(0x3f80_0800, 0x3f80_0800, ONE, 0), (0x3a00_0400, 0));
        // Exact cancellation: +0, or -0 when rounding down; the negated forms
        // negate the product (and c), they do not negate the final result.
        for rm in 0..5 {
            let z = if rm == 2 { SIGN_F32 } else { 0 };
            assert_eq!(f32_madd(ONE, ONE, 0xbf80_0000, rm), (z, 0), "rm {rm}");
            assert_eq!(f32_nmadd(ONE, ONE, 0xbf80_0000, rm), (z, 0), "rm {rm}");
            assert_eq!(f32_msub(ONE, ONE, ONE, rm), (z, 0), "rm {rm}");
            assert_eq!(f32_nmsub(ONE, ONE, ONE, rm), (z, 0), "rm {rm}");
            assert_eq!(f32_madd(0, 0xbf80_0000, 0, rm), (z, 0), "rm {rm}");
        }
        // (inf * 0) + qNaN raises NV (RISC-V; IEEE leaves it optional).
        assert_eq!(f32_madd(INF, 0, 0x7fc0_0000, 0), (NAN_F32, NV));
        assert_eq!(f32_nmadd(0, INF, QNAN_PAYLOAD, 0), (NAN_F32, NV));
        assert_eq!(f64_madd(INF_D, 0, NAN_F64, 0), (NAN_F64, NV));
        assert_eq!(f32_madd(ONE, ONE, SNAN, 0), (NAN_F32, NV));
        // qNaN in a or b with a finite product: no flags.
        assert_eq!(f32_madd(0x7fc0_0000, ONE, ONE, 0), (NAN_F32, 0));
        // inf - inf through the addend.
        assert_eq!(f32_madd(INF, ONE, 0xff80_0000, 0), (NAN_F32, NV));
        assert_eq!(f32_msub(INF, ONE, 0xff80_0000, 0), (INF, 0));
        assert_eq!(f32_nmsub(INF, ONE, 0xff80_0000, 0), (0xff80_0000, 0));
        assert_eq!(f32_nmadd(INF, ONE, INF, 0), (0xff80_0000, 0));
        // The product may overflow where the sum would not.
        assert_eq!(f32_madd(MAX, 0x4000_0000, MAX | SIGN_F32, 0), (MAX, 0));
    }

    #[test]
    fn min_max() {
        assert_eq!(f32_min(SIGN_F32, 0), (SIGN_F32, 0));
        assert_eq!(f32_min(0, SIGN_F32), (SIGN_F32, 0));
        assert_eq!(f32_max(SIGN_F32, 0), (0, 0));
        assert_eq!(f32_max(0, SIGN_F32), (0, 0));
        assert_eq!(f32_min(QNAN_PAYLOAD, ONE), (ONE, 0));
        assert_eq!(f32_max(ONE, QNAN_PAYLOAD), (ONE, 0));
        assert_eq!(f32_min(SNAN, ONE), (ONE, NV));
        assert_eq!(f32_max(0xbf80_0000, 0xff80_0001), (0xbf80_0000, NV));
        assert_eq!(f32_min(0x7fc0_0000, QNAN_PAYLOAD), (NAN_F32, 0));
        assert_eq!(f32_max(SNAN, 0x7fc0_0000), (NAN_F32, NV));
        assert_eq!(f32_min(0xffc0_0000, 0xff80_0000), (0xff80_0000, 0));
        assert_eq!(f64_min(SIGN_F64, 0), (SIGN_F64, 0));
        assert_eq!(f64_max(SNAN_D, SNAN_D), (NAN_F64, NV));
        assert_eq!(f64_max(INF_D, MAX_D), (INF_D, 0));
    }

    #[test]
    fn comparisons() {
        assert_eq!(f32_eq(SIGN_F32, 0), (true, 0));
        assert_eq!(f32_lt(SIGN_F32, 0), (false, 0));
        assert_eq!(f32_le(SIGN_F32, 0), (true, 0));
        assert_eq!(f32_lt(ONE, 0x4000_0000), (true, 0));
        // FEQ is quiet: NV only for a signaling NaN. FLT/FLE signal on any NaN.
        assert_eq!(f32_eq(QNAN_PAYLOAD, ONE), (false, 0));
        assert_eq!(f32_lt(QNAN_PAYLOAD, ONE), (false, NV));
        assert_eq!(f32_le(ONE, QNAN_PAYLOAD), (false, NV));
        assert_eq!(f32_eq(SNAN, ONE), (false, NV));
        assert_eq!(f32_eq(NAN_F32, NAN_F32), (false, 0));
        assert_eq!(f64_eq(SNAN_D, ONE_D), (false, NV));
        assert_eq!(
            f64_le(0xfff0_0000_0000_0000, 0xffef_ffff_ffff_ffff),
            (true, 0)
        );
    }

    #[test]
    fn sign_injection_keeps_nan_bits() {
        assert_eq!(f32_sgnj(QNAN_PAYLOAD, 0xbf80_0000), 0xffc1_2345);
        assert_eq!(f32_sgnjn(SNAN, ONE), 0xff80_0001);
        assert_eq!(f32_sgnjx(0xbf80_0000, 0xbf80_0000), ONE);
        assert_eq!(f32_sgnjx(0xffc0_0000, 0xff80_0000), 0x7fc0_0000);
        assert_eq!(f64_sgnjn(ONE_D, ONE_D), 0xbff0_0000_0000_0000);
    }

    #[test]
    fn classify() {
        let cases: [(u32, u64); 10] = [
            (0xff80_0000, 1 << 0),
            (0xff7f_ffff, 1 << 1),
            (0x8040_0000, 1 << 2),
            (0x8000_0000, 1 << 3),
            (0, 1 << 4),
            (1, 1 << 5),
            (0x7f7f_ffff, 1 << 6),
            (INF, 1 << 7),
            (0x7fa0_0000, 1 << 8),
            (0xffc0_0000, 1 << 9),
        ];
        for (v, m) in cases {
            assert_eq!(f32_class(v), m, "{v:#x}");
        }
        assert_eq!(f64_class(1), 1 << 5);
        assert_eq!(f64_class(SNAN_D | SIGN_F64), 1 << 8);
        assert_eq!(f64_class(0x7ff8_0000_0001_2345), 1 << 9);
        assert_eq!(f64_class(0x8010_0000_0000_0000), 1 << 1);
    }

    #[test]
    fn float_to_int_saturates() {
        // 2.5 / -2.5 in every mode.
        let two5 = 0x4020_0000;
        let want = [2u64, 2, 2, 3, 3];
        for rm in 0..5 {
            assert_eq!(f32_to_i32(two5, rm), (want[rm as usize], NX), "rm {rm}");
        }
        let want = [-2i64, -2, -3, -2, -3];
        for rm in 0..5 {
            assert_eq!(
                f32_to_i64(two5 | SIGN_F32, rm),
                (want[rm as usize] as u64, NX),
                "rm {rm}"
            );
        }
        // NaN converts to the largest positive value, whatever its sign.
        assert_eq!(f32_to_i32(0xffc0_0000, 1), (0x7fff_ffff, NV));
        assert_eq!(f32_to_u32(SNAN, 1), (u64::MAX, NV));
        assert_eq!(f64_to_i64(NAN_F64, 1), (i64::MAX as u64, NV));
        assert_eq!(f64_to_u64(NAN_F64 | SIGN_F64, 1), (u64::MAX, NV));
        // Infinities and out-of-range values saturate.
        assert_eq!(f32_to_i32(0xff80_0000, 1), (0xffff_ffff_8000_0000, NV));
        assert_eq!(f32_to_i32(0x4f00_0000, 1), (0x7fff_ffff, NV)); // 2^31
        assert_eq!(f32_to_i32(0xcf00_0000, 1), (0xffff_ffff_8000_0000, 0)); // -2^31
        assert_eq!(f32_to_u32(0x4f80_0000, 1), (u64::MAX, NV)); // 2^32
        assert_eq!(f32_to_i64(0x5f00_0000, 1), (i64::MAX as u64, NV)); // 2^63
        assert_eq!(f32_to_u64(0x5f00_0000, 1), (1 << 63, 0));
        assert_eq!(f32_to_i64(0xdf00_0000, 1), (1 << 63, 0)); // -2^63
                                                              // FCVT.WU results are sign-extended from 32 bits.
        assert_eq!(f32_to_u32(0x4f32_d05e, 1), (0xffff_ffff_b2d0_5e00, 0)); // 3e9
        assert_eq!(f32_to_u32(0x4f00_0000, 1), (0xffff_ffff_8000_0000, 0));
        // Negative to unsigned: NV unless it rounds to zero.
        assert_eq!(f32_to_u32(0xbf80_0000, 1), (0, NV));
        assert_eq!(f32_to_u64(0xbf00_0000, 1), (0, NX)); // -0.5 RTZ -> 0
        assert_eq!(f32_to_u64(0xbf00_0000, 2), (0, NV)); // -0.5 RDN -> -1
        assert_eq!(f32_to_u32(0xbf00_0000, 0), (0, NX)); // -0.5 RNE -> -0
        assert_eq!(f32_to_u32(0xbfc0_0000, 4), (0, NV)); // -1.5 RMM -> -2
        assert_eq!(f32_to_i32(1, 1), (0, NX));
        assert_eq!(f32_to_i32(SIGN_F32, 1), (0, 0));
        assert_eq!(f64_to_u32(4294967295.5f64.to_bits(), 1), (u64::MAX, NX));
        assert_eq!(
            f64_to_i32((-2147483649.0f64).to_bits(), 1),
            (0xffff_ffff_8000_0000, NV)
        );
        assert_eq!(
            f64_to_u64(1.8446744073709552e19f64.to_bits(), 1),
            (u64::MAX, NV)
        ); // 2^64
    }

    #[test]
    fn int_to_float_rounds() {
        assert_eq!(i32_to_f32(i32::MAX, 0), (0x4f00_0000, NX));
        assert_eq!(i32_to_f32(i32::MAX, 1), (0x4eff_ffff, NX));
        assert_eq!(u32_to_f32(u32::MAX, 0), (0x4f80_0000, NX));
        assert_eq!(u32_to_f32(u32::MAX, 1), (0x4f7f_ffff, NX));
        assert_eq!(i64_to_f32(i64::MIN + 1, 0), (0xdf00_0000, NX));
        assert_eq!(u64_to_f32(u64::MAX, 0), (0x5f80_0000, NX));
        assert_eq!(u64_to_f32((1 << 24) + 3, 0), (0x4b80_0002, NX));
        assert_eq!(i64_to_f32((1 << 24) + 1, 0), (0x4b80_0000, NX));
        assert_eq!(i64_to_f32((1 << 24) + 1, 3), (0x4b80_0001, NX));
        assert_eq!(i64_to_f64((1 << 53) + 1, 0), (0x4340_0000_0000_0000, NX));
        assert_eq!(i64_to_f64((1 << 53) + 1, 3), (0x4340_0000_0000_0001, NX));
        assert_eq!(u64_to_f64(u64::MAX, 1), (0x43ef_ffff_ffff_ffff, NX));
        assert_eq!(i32_to_f64(i32::MIN), 0xc1e0_0000_0000_0000);
        assert_eq!(u32_to_f64(u32::MAX), 0x41ef_ffff_ffe0_0000);
        assert_eq!(i32_to_f32(0, 2), (0, 0)); // +0 even when rounding down
    }

    #[test]
    fn flags_are_per_thread() {
        // SoftFloat's flag and rounding globals are thread-local: operations
        // on other threads cannot leak flags into this one's results.
        let handles: Vec<_> = (0..4)
            .map(|t| {
                std::thread::spawn(move || {
                    for i in 0..20_000u32 {
                        if (i + t) % 2 == 0 {
                            assert_eq!(f32_div(ONE, 0, 0), (INF, DZ));
                        } else {
                            assert_eq!(f32_add(ONE, ONE, 3), (0x4000_0000, 0));
                            assert_eq!(f32_add(ONE, HALF_ULP, 3), (0x3f80_0001, NX));
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }

    /// A register-level view of one vector: operands and result as 64-bit
    /// register values (single precision NaN-boxed; improperly boxed inputs
    /// read as the canonical NaN, as `Cpu::read_f32` does).
    fn run(op: &str, rm: u8, a: u64, b: u64, c: u64) -> (u64, u8) {
        fn unbox(r: u64) -> u32 {
            if r >> 32 == 0xffff_ffff {
                r as u32
            } else {
                NAN_F32
            }
        }
        fn boxed((v, f): (u32, u8)) -> (u64, u8) {
            (0xffff_ffff_0000_0000 | v as u64, f)
        }
        fn int((v, f): (bool, u8)) -> (u64, u8) {
            (v as u64, f)
        }
        let (sa, sb, sc) = (unbox(a), unbox(b), unbox(c));
        match op {
            "fadd.s" => boxed(f32_add(sa, sb, rm)),
            "fsub.s" => boxed(f32_sub(sa, sb, rm)),
            "fmul.s" => boxed(f32_mul(sa, sb, rm)),
            "fdiv.s" => boxed(f32_div(sa, sb, rm)),
            "fsqrt.s" => boxed(f32_sqrt(sa, rm)),
            "fmadd.s" => boxed(f32_madd(sa, sb, sc, rm)),
            "fmsub.s" => boxed(f32_msub(sa, sb, sc, rm)),
            "fnmsub.s" => boxed(f32_nmsub(sa, sb, sc, rm)),
            "fnmadd.s" => boxed(f32_nmadd(sa, sb, sc, rm)),
            "fmin.s" => boxed(f32_min(sa, sb)),
            "fmax.s" => boxed(f32_max(sa, sb)),
            "fsgnj.s" => boxed((f32_sgnj(sa, sb), 0)),
            "fsgnjn.s" => boxed((f32_sgnjn(sa, sb), 0)),
            "fsgnjx.s" => boxed((f32_sgnjx(sa, sb), 0)),
            "feq.s" => int(f32_eq(sa, sb)),
            "flt.s" => int(f32_lt(sa, sb)),
            "fle.s" => int(f32_le(sa, sb)),
            "fclass.s" => (f32_class(sa), 0),
            "fcvt.w.s" => f32_to_i32(sa, rm),
            "fcvt.wu.s" => f32_to_u32(sa, rm),
            "fcvt.l.s" => f32_to_i64(sa, rm),
            "fcvt.lu.s" => f32_to_u64(sa, rm),
            "fcvt.s.w" => boxed(i32_to_f32(a as i32, rm)),
            "fcvt.s.wu" => boxed(u32_to_f32(a as u32, rm)),
            "fcvt.s.l" => boxed(i64_to_f32(a as i64, rm)),
            "fcvt.s.lu" => boxed(u64_to_f32(a, rm)),
            "fcvt.s.d" => boxed(f64_to_f32(a, rm)),
            "fcvt.d.s" => f32_to_f64(sa),
            "fadd.d" => f64_add(a, b, rm),
            "fsub.d" => f64_sub(a, b, rm),
            "fmul.d" => f64_mul(a, b, rm),
            "fdiv.d" => f64_div(a, b, rm),
            "fsqrt.d" => f64_sqrt(a, rm),
            "fmadd.d" => f64_madd(a, b, c, rm),
            "fmsub.d" => f64_msub(a, b, c, rm),
            "fnmsub.d" => f64_nmsub(a, b, c, rm),
            "fnmadd.d" => f64_nmadd(a, b, c, rm),
            "fmin.d" => f64_min(a, b),
            "fmax.d" => f64_max(a, b),
            "fsgnj.d" => (f64_sgnj(a, b), 0),
            "fsgnjn.d" => (f64_sgnjn(a, b), 0),
            "fsgnjx.d" => (f64_sgnjx(a, b), 0),
            "feq.d" => int(f64_eq(a, b)),
            "flt.d" => int(f64_lt(a, b)),
            "fle.d" => int(f64_le(a, b)),
            "fclass.d" => (f64_class(a), 0),
            "fcvt.w.d" => f64_to_i32(a, rm),
            "fcvt.wu.d" => f64_to_u32(a, rm),
            "fcvt.l.d" => f64_to_i64(a, rm),
            "fcvt.lu.d" => f64_to_u64(a, rm),
            "fcvt.d.w" => (i32_to_f64(a as i32), 0),
            "fcvt.d.wu" => (u32_to_f64(a as u32), 0),
            "fcvt.d.l" => i64_to_f64(a as i64, rm),
            "fcvt.d.lu" => u64_to_f64(a, rm),
            _ => panic!("unknown op {op}"),
        }
    }

    #[test]
    fn qemu_vectors() {
        let mut checked = 0;
        let mut failures = Vec::new();
        for line in QEMU_VECTORS.lines().filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split_whitespace().collect();
            let hex = |s: &str| u64::from_str_radix(s, 16).unwrap();
            let rm: u8 = f[1].parse().unwrap();
            let want = (hex(f[5]), hex(f[6]) as u8);
            let got = run(f[0], rm, hex(f[2]), hex(f[3]), hex(f[4]));
            if got != want {
                failures.push(format!("{line}: got {:x} {:02x}", got.0, got.1));
            }
            checked += 1;
        }
        assert!(checked > 1000, "only {checked} vectors");
        assert!(
            failures.is_empty(),
            "{} of {checked} vectors differ from QEMU:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// `op rm a b c result fflags` (hex register values) from QEMU 7.2.
    const QEMU_VECTORS: &str = "
fadd.s 0 ffffffff3f800000 ffffffff33800000 0 ffffffff3f800000 01
fadd.s 0 ffffffff3f800001 ffffffff33800000 0 ffffffff3f800002 01
fadd.s 0 ffffffffbf800000 ffffffffb3800000 0 ffffffffbf800000 01
fadd.s 0 ffffffff7f7fffff ffffffff7f7fffff 0 ffffffff7f800000 05
fadd.s 0 ffffffffff7fffff ffffffffff7fffff 0 ffffffffff800000 05
fsub.s 0 ffffffff3f800000 ffffffff3f800000 0 ffffffff00000000 00
fmul.s 0 ffffffff00800000 ffffffff3f400000 0 ffffffff00600000 00
fmul.s 0 ffffffff00000001 ffffffff3f000000 0 ffffffff00000000 03
fdiv.s 0 ffffffff3f800000 ffffffff40400000 0 ffffffff3eaaaaab 01
fdiv.s 0 ffffffffbf800000 ffffffff40400000 0 ffffffffbeaaaaab 01
fsqrt.s 0 ffffffff40000000 0 0 ffffffff3fb504f3 01
fmadd.s 0 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fnmadd.s 0 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fmsub.s 0 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fnmsub.s 0 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fmadd.s 0 ffffffff00000000 ffffffffbf800000 ffffffff00000000 ffffffff00000000 00
fcvt.w.s 0 ffffffff40200000 0 0 2 01
fcvt.wu.s 0 ffffffff40200000 0 0 2 01
fcvt.l.s 0 ffffffff40200000 0 0 2 01
fcvt.lu.s 0 ffffffff40200000 0 0 2 01
fcvt.w.s 0 ffffffffc0200000 0 0 fffffffffffffffe 01
fcvt.wu.s 0 ffffffffc0200000 0 0 0 10
fcvt.l.s 0 ffffffffc0200000 0 0 fffffffffffffffe 01
fcvt.lu.s 0 ffffffffc0200000 0 0 0 10
fcvt.w.s 0 ffffffff3f000000 0 0 0 01
fcvt.wu.s 0 ffffffff3f000000 0 0 0 01
fcvt.l.s 0 ffffffff3f000000 0 0 0 01
fcvt.lu.s 0 ffffffff3f000000 0 0 0 01
fcvt.w.s 0 ffffffffbf000000 0 0 0 01
fcvt.wu.s 0 ffffffffbf000000 0 0 0 01
fcvt.l.s 0 ffffffffbf000000 0 0 0 01
fcvt.lu.s 0 ffffffffbf000000 0 0 0 01
fcvt.w.s 0 ffffffff3fc00000 0 0 2 01
fcvt.wu.s 0 ffffffff3fc00000 0 0 2 01
fcvt.l.s 0 ffffffff3fc00000 0 0 2 01
fcvt.lu.s 0 ffffffff3fc00000 0 0 2 01
fcvt.w.s 0 ffffffffbfc00000 0 0 fffffffffffffffe 01
fcvt.wu.s 0 ffffffffbfc00000 0 0 0 10
fcvt.l.s 0 ffffffffbfc00000 0 0 fffffffffffffffe 01
fcvt.lu.s 0 ffffffffbfc00000 0 0 0 10
fcvt.s.w 0 7fffffff 0 0 ffffffff4f000000 01
fcvt.s.w 0 ffffffff80000001 0 0 ffffffffcf000000 01
fcvt.s.wu 0 ffffffffffffffff 0 0 ffffffff4f800000 01
fcvt.s.l 0 7fffffffffffffff 0 0 ffffffff5f000000 01
fcvt.s.l 0 8000000000000001 0 0 ffffffffdf000000 01
fcvt.s.lu 0 ffffffffffffffff 0 0 ffffffff5f800000 01
fcvt.s.l 0 20000000000001 0 0 ffffffff5a000000 01
fcvt.s.l 0 1000001 0 0 ffffffff4b800000 01
fcvt.s.lu 0 1000003 0 0 ffffffff4b800002 01
fadd.s 1 ffffffff3f800000 ffffffff33800000 0 ffffffff3f800000 01
fadd.s 1 ffffffff3f800001 ffffffff33800000 0 ffffffff3f800001 01
fadd.s 1 ffffffffbf800000 ffffffffb3800000 0 ffffffffbf800000 01
fadd.s 1 ffffffff7f7fffff ffffffff7f7fffff 0 ffffffff7f7fffff 05
fadd.s 1 ffffffffff7fffff ffffffffff7fffff 0 ffffffffff7fffff 05
fsub.s 1 ffffffff3f800000 ffffffff3f800000 0 ffffffff00000000 00
fmul.s 1 ffffffff00800000 ffffffff3f400000 0 ffffffff00600000 00
fmul.s 1 ffffffff00000001 ffffffff3f000000 0 ffffffff00000000 03
fdiv.s 1 ffffffff3f800000 ffffffff40400000 0 ffffffff3eaaaaaa 01
fdiv.s 1 ffffffffbf800000 ffffffff40400000 0 ffffffffbeaaaaaa 01
fsqrt.s 1 ffffffff40000000 0 0 ffffffff3fb504f3 01
fmadd.s 1 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fnmadd.s 1 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fmsub.s 1 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fnmsub.s 1 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fmadd.s 1 ffffffff00000000 ffffffffbf800000 ffffffff00000000 ffffffff00000000 00
fcvt.w.s 1 ffffffff40200000 0 0 2 01
fcvt.wu.s 1 ffffffff40200000 0 0 2 01
fcvt.l.s 1 ffffffff40200000 0 0 2 01
fcvt.lu.s 1 ffffffff40200000 0 0 2 01
fcvt.w.s 1 ffffffffc0200000 0 0 fffffffffffffffe 01
fcvt.wu.s 1 ffffffffc0200000 0 0 0 10
fcvt.l.s 1 ffffffffc0200000 0 0 fffffffffffffffe 01
fcvt.lu.s 1 ffffffffc0200000 0 0 0 10
fcvt.w.s 1 ffffffff3f000000 0 0 0 01
fcvt.wu.s 1 ffffffff3f000000 0 0 0 01
fcvt.l.s 1 ffffffff3f000000 0 0 0 01
fcvt.lu.s 1 ffffffff3f000000 0 0 0 01
fcvt.w.s 1 ffffffffbf000000 0 0 0 01
fcvt.wu.s 1 ffffffffbf000000 0 0 0 01
fcvt.l.s 1 ffffffffbf000000 0 0 0 01
fcvt.lu.s 1 ffffffffbf000000 0 0 0 01
fcvt.w.s 1 ffffffff3fc00000 0 0 1 01
fcvt.wu.s 1 ffffffff3fc00000 0 0 1 01
fcvt.l.s 1 ffffffff3fc00000 0 0 1 01
fcvt.lu.s 1 ffffffff3fc00000 0 0 1 01
fcvt.w.s 1 ffffffffbfc00000 0 0 ffffffffffffffff 01
fcvt.wu.s 1 ffffffffbfc00000 0 0 0 10
fcvt.l.s 1 ffffffffbfc00000 0 0 ffffffffffffffff 01
fcvt.lu.s 1 ffffffffbfc00000 0 0 0 10
fcvt.s.w 1 7fffffff 0 0 ffffffff4effffff 01
fcvt.s.w 1 ffffffff80000001 0 0 ffffffffceffffff 01
fcvt.s.wu 1 ffffffffffffffff 0 0 ffffffff4f7fffff 01
fcvt.s.l 1 7fffffffffffffff 0 0 ffffffff5effffff 01
fcvt.s.l 1 8000000000000001 0 0 ffffffffdeffffff 01
fcvt.s.lu 1 ffffffffffffffff 0 0 ffffffff5f7fffff 01
fcvt.s.l 1 20000000000001 0 0 ffffffff5a000000 01
fcvt.s.l 1 1000001 0 0 ffffffff4b800000 01
fcvt.s.lu 1 1000003 0 0 ffffffff4b800001 01
fadd.s 2 ffffffff3f800000 ffffffff33800000 0 ffffffff3f800000 01
fadd.s 2 ffffffff3f800001 ffffffff33800000 0 ffffffff3f800001 01
fadd.s 2 ffffffffbf800000 ffffffffb3800000 0 ffffffffbf800001 01
fadd.s 2 ffffffff7f7fffff ffffffff7f7fffff 0 ffffffff7f7fffff 05
fadd.s 2 ffffffffff7fffff ffffffffff7fffff 0 ffffffffff800000 05
fsub.s 2 ffffffff3f800000 ffffffff3f800000 0 ffffffff80000000 00
fmul.s 2 ffffffff00800000 ffffffff3f400000 0 ffffffff00600000 00
fmul.s 2 ffffffff00000001 ffffffff3f000000 0 ffffffff00000000 03
fdiv.s 2 ffffffff3f800000 ffffffff40400000 0 ffffffff3eaaaaaa 01
fdiv.s 2 ffffffffbf800000 ffffffff40400000 0 ffffffffbeaaaaab 01
fsqrt.s 2 ffffffff40000000 0 0 ffffffff3fb504f3 01
fmadd.s 2 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff80000000 00
fnmadd.s 2 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff80000000 00
fmsub.s 2 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff80000000 00
fnmsub.s 2 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff80000000 00
fmadd.s 2 ffffffff00000000 ffffffffbf800000 ffffffff00000000 ffffffff80000000 00
fcvt.w.s 2 ffffffff40200000 0 0 2 01
fcvt.wu.s 2 ffffffff40200000 0 0 2 01
fcvt.l.s 2 ffffffff40200000 0 0 2 01
fcvt.lu.s 2 ffffffff40200000 0 0 2 01
fcvt.w.s 2 ffffffffc0200000 0 0 fffffffffffffffd 01
fcvt.wu.s 2 ffffffffc0200000 0 0 0 10
fcvt.l.s 2 ffffffffc0200000 0 0 fffffffffffffffd 01
fcvt.lu.s 2 ffffffffc0200000 0 0 0 10
fcvt.w.s 2 ffffffff3f000000 0 0 0 01
fcvt.wu.s 2 ffffffff3f000000 0 0 0 01
fcvt.l.s 2 ffffffff3f000000 0 0 0 01
fcvt.lu.s 2 ffffffff3f000000 0 0 0 01
fcvt.w.s 2 ffffffffbf000000 0 0 ffffffffffffffff 01
fcvt.wu.s 2 ffffffffbf000000 0 0 0 10
fcvt.l.s 2 ffffffffbf000000 0 0 ffffffffffffffff 01
fcvt.lu.s 2 ffffffffbf000000 0 0 0 10
fcvt.w.s 2 ffffffff3fc00000 0 0 1 01
fcvt.wu.s 2 ffffffff3fc00000 0 0 1 01
fcvt.l.s 2 ffffffff3fc00000 0 0 1 01
fcvt.lu.s 2 ffffffff3fc00000 0 0 1 01
fcvt.w.s 2 ffffffffbfc00000 0 0 fffffffffffffffe 01
fcvt.wu.s 2 ffffffffbfc00000 0 0 0 10
fcvt.l.s 2 ffffffffbfc00000 0 0 fffffffffffffffe 01
fcvt.lu.s 2 ffffffffbfc00000 0 0 0 10
fcvt.s.w 2 7fffffff 0 0 ffffffff4effffff 01
fcvt.s.w 2 ffffffff80000001 0 0 ffffffffcf000000 01
fcvt.s.wu 2 ffffffffffffffff 0 0 ffffffff4f7fffff 01
fcvt.s.l 2 7fffffffffffffff 0 0 ffffffff5effffff 01
fcvt.s.l 2 8000000000000001 0 0 ffffffffdf000000 01
fcvt.s.lu 2 ffffffffffffffff 0 0 ffffffff5f7fffff 01
fcvt.s.l 2 20000000000001 0 0 ffffffff5a000000 01
fcvt.s.l 2 1000001 0 0 ffffffff4b800000 01
fcvt.s.lu 2 1000003 0 0 ffffffff4b800001 01
fadd.s 3 ffffffff3f800000 ffffffff33800000 0 ffffffff3f800001 01
fadd.s 3 ffffffff3f800001 ffffffff33800000 0 ffffffff3f800002 01
fadd.s 3 ffffffffbf800000 ffffffffb3800000 0 ffffffffbf800000 01
fadd.s 3 ffffffff7f7fffff ffffffff7f7fffff 0 ffffffff7f800000 05
fadd.s 3 ffffffffff7fffff ffffffffff7fffff 0 ffffffffff7fffff 05
fsub.s 3 ffffffff3f800000 ffffffff3f800000 0 ffffffff00000000 00
fmul.s 3 ffffffff00800000 ffffffff3f400000 0 ffffffff00600000 00
fmul.s 3 ffffffff00000001 ffffffff3f000000 0 ffffffff00000001 03
fdiv.s 3 ffffffff3f800000 ffffffff40400000 0 ffffffff3eaaaaab 01
fdiv.s 3 ffffffffbf800000 ffffffff40400000 0 ffffffffbeaaaaaa 01
fsqrt.s 3 ffffffff40000000 0 0 ffffffff3fb504f4 01
fmadd.s 3 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fnmadd.s 3 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fmsub.s 3 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fnmsub.s 3 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fmadd.s 3 ffffffff00000000 ffffffffbf800000 ffffffff00000000 ffffffff00000000 00
fcvt.w.s 3 ffffffff40200000 0 0 3 01
fcvt.wu.s 3 ffffffff40200000 0 0 3 01
fcvt.l.s 3 ffffffff40200000 0 0 3 01
fcvt.lu.s 3 ffffffff40200000 0 0 3 01
fcvt.w.s 3 ffffffffc0200000 0 0 fffffffffffffffe 01
fcvt.wu.s 3 ffffffffc0200000 0 0 0 10
fcvt.l.s 3 ffffffffc0200000 0 0 fffffffffffffffe 01
fcvt.lu.s 3 ffffffffc0200000 0 0 0 10
fcvt.w.s 3 ffffffff3f000000 0 0 1 01
fcvt.wu.s 3 ffffffff3f000000 0 0 1 01
fcvt.l.s 3 ffffffff3f000000 0 0 1 01
fcvt.lu.s 3 ffffffff3f000000 0 0 1 01
fcvt.w.s 3 ffffffffbf000000 0 0 0 01
fcvt.wu.s 3 ffffffffbf000000 0 0 0 01
fcvt.l.s 3 ffffffffbf000000 0 0 0 01
fcvt.lu.s 3 ffffffffbf000000 0 0 0 01
fcvt.w.s 3 ffffffff3fc00000 0 0 2 01
fcvt.wu.s 3 ffffffff3fc00000 0 0 2 01
fcvt.l.s 3 ffffffff3fc00000 0 0 2 01
fcvt.lu.s 3 ffffffff3fc00000 0 0 2 01
fcvt.w.s 3 ffffffffbfc00000 0 0 ffffffffffffffff 01
fcvt.wu.s 3 ffffffffbfc00000 0 0 0 10
fcvt.l.s 3 ffffffffbfc00000 0 0 ffffffffffffffff 01
fcvt.lu.s 3 ffffffffbfc00000 0 0 0 10
fcvt.s.w 3 7fffffff 0 0 ffffffff4f000000 01
fcvt.s.w 3 ffffffff80000001 0 0 ffffffffceffffff 01
fcvt.s.wu 3 ffffffffffffffff 0 0 ffffffff4f800000 01
fcvt.s.l 3 7fffffffffffffff 0 0 ffffffff5f000000 01
fcvt.s.l 3 8000000000000001 0 0 ffffffffdeffffff 01
fcvt.s.lu 3 ffffffffffffffff 0 0 ffffffff5f800000 01
fcvt.s.l 3 20000000000001 0 0 ffffffff5a000001 01
fcvt.s.l 3 1000001 0 0 ffffffff4b800001 01
fcvt.s.lu 3 1000003 0 0 ffffffff4b800002 01
fadd.s 4 ffffffff3f800000 ffffffff33800000 0 ffffffff3f800001 01
fadd.s 4 ffffffff3f800001 ffffffff33800000 0 ffffffff3f800002 01
fadd.s 4 ffffffffbf800000 ffffffffb3800000 0 ffffffffbf800001 01
fadd.s 4 ffffffff7f7fffff ffffffff7f7fffff 0 ffffffff7f800000 05
fadd.s 4 ffffffffff7fffff ffffffffff7fffff 0 ffffffffff800000 05
fsub.s 4 ffffffff3f800000 ffffffff3f800000 0 ffffffff00000000 00
fmul.s 4 ffffffff00800000 ffffffff3f400000 0 ffffffff00600000 00
fmul.s 4 ffffffff00000001 ffffffff3f000000 0 ffffffff00000001 03
fdiv.s 4 ffffffff3f800000 ffffffff40400000 0 ffffffff3eaaaaab 01
fdiv.s 4 ffffffffbf800000 ffffffff40400000 0 ffffffffbeaaaaab 01
fsqrt.s 4 ffffffff40000000 0 0 ffffffff3fb504f3 01
fmadd.s 4 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fnmadd.s 4 ffffffff3f800000 ffffffff3f800000 ffffffffbf800000 ffffffff00000000 00
fmsub.s 4 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fnmsub.s 4 ffffffff3f800000 ffffffff3f800000 ffffffff3f800000 ffffffff00000000 00
fmadd.s 4 ffffffff00000000 ffffffffbf800000 ffffffff00000000 ffffffff00000000 00
fcvt.w.s 4 ffffffff40200000 0 0 3 01
fcvt.wu.s 4 ffffffff40200000 0 0 3 01
fcvt.l.s 4 ffffffff40200000 0 0 3 01
fcvt.lu.s 4 ffffffff40200000 0 0 3 01
fcvt.w.s 4 ffffffffc0200000 0 0 fffffffffffffffd 01
fcvt.wu.s 4 ffffffffc0200000 0 0 0 10
fcvt.l.s 4 ffffffffc0200000 0 0 fffffffffffffffd 01
fcvt.lu.s 4 ffffffffc0200000 0 0 0 10
fcvt.w.s 4 ffffffff3f000000 0 0 1 01
fcvt.wu.s 4 ffffffff3f000000 0 0 1 01
fcvt.l.s 4 ffffffff3f000000 0 0 1 01
fcvt.lu.s 4 ffffffff3f000000 0 0 1 01
fcvt.w.s 4 ffffffffbf000000 0 0 ffffffffffffffff 01
fcvt.wu.s 4 ffffffffbf000000 0 0 0 10
fcvt.l.s 4 ffffffffbf000000 0 0 ffffffffffffffff 01
fcvt.lu.s 4 ffffffffbf000000 0 0 0 10
fcvt.w.s 4 ffffffff3fc00000 0 0 2 01
fcvt.wu.s 4 ffffffff3fc00000 0 0 2 01
fcvt.l.s 4 ffffffff3fc00000 0 0 2 01
fcvt.lu.s 4 ffffffff3fc00000 0 0 2 01
fcvt.w.s 4 ffffffffbfc00000 0 0 fffffffffffffffe 01
fcvt.wu.s 4 ffffffffbfc00000 0 0 0 10
fcvt.l.s 4 ffffffffbfc00000 0 0 fffffffffffffffe 01
fcvt.lu.s 4 ffffffffbfc00000 0 0 0 10
fcvt.s.w 4 7fffffff 0 0 ffffffff4f000000 01
fcvt.s.w 4 ffffffff80000001 0 0 ffffffffcf000000 01
fcvt.s.wu 4 ffffffffffffffff 0 0 ffffffff4f800000 01
fcvt.s.l 4 7fffffffffffffff 0 0 ffffffff5f000000 01
fcvt.s.l 4 8000000000000001 0 0 ffffffffdf000000 01
fcvt.s.lu 4 ffffffffffffffff 0 0 ffffffff5f800000 01
fcvt.s.l 4 20000000000001 0 0 ffffffff5a000000 01
fcvt.s.l 4 1000001 0 0 ffffffff4b800001 01
fcvt.s.lu 4 1000003 0 0 ffffffff4b800002 01
fmul.s 0 ffffffff3f7ff800 ffffffff00800400 0 ffffffff00800000 01
fmul.s 1 ffffffff3f7ff800 ffffffff00800400 0 ffffffff007fffff 03
fmul.s 2 ffffffff3f7ff800 ffffffff00800400 0 ffffffff007fffff 03
fmul.s 3 ffffffff3f7ff800 ffffffff00800400 0 ffffffff00800000 01
fmul.s 4 ffffffff3f7ff800 ffffffff00800400 0 ffffffff00800000 01
fadd.s 0 ffffffff3f800000 ffffffff00000000 0 ffffffff3f800000 00
fsub.s 0 ffffffff3f800000 ffffffff00000000 0 ffffffff3f800000 00
fmul.s 0 ffffffff3f800000 ffffffff00000000 0 ffffffff00000000 00
fdiv.s 0 ffffffff3f800000 ffffffff00000000 0 ffffffff7f800000 08
fadd.s 0 ffffffffbf800000 ffffffff00000000 0 ffffffffbf800000 00
fsub.s 0 ffffffffbf800000 ffffffff00000000 0 ffffffffbf800000 00
fmul.s 0 ffffffffbf800000 ffffffff00000000 0 ffffffff80000000 00
fdiv.s 0 ffffffffbf800000 ffffffff00000000 0 ffffffffff800000 08
fadd.s 0 ffffffff00000000 ffffffff00000000 0 ffffffff00000000 00
fsub.s 0 ffffffff00000000 ffffffff00000000 0 ffffffff00000000 00
fmul.s 0 ffffffff00000000 ffffffff00000000 0 ffffffff00000000 00
fdiv.s 0 ffffffff00000000 ffffffff00000000 0 ffffffff7fc00000 10
fadd.s 0 ffffffff7f800000 ffffffff7f800000 0 ffffffff7f800000 00
fsub.s 0 ffffffff7f800000 ffffffff7f800000 0 ffffffff7fc00000 10
fmul.s 0 ffffffff7f800000 ffffffff7f800000 0 ffffffff7f800000 00
fdiv.s 0 ffffffff7f800000 ffffffff7f800000 0 ffffffff7fc00000 10
fadd.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff7fc00000 00
fsub.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff7fc00000 00
fmul.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff7fc00000 00
fdiv.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff7fc00000 00
fadd.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff7fc00000 10
fsub.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff7fc00000 10
fmul.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff7fc00000 10
fdiv.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff7fc00000 10
fadd.s 0 ffffffff3f800000 ffffffffff800001 0 ffffffff7fc00000 10
fsub.s 0 ffffffff3f800000 ffffffffff800001 0 ffffffff7fc00000 10
fmul.s 0 ffffffff3f800000 ffffffffff800001 0 ffffffff7fc00000 10
fdiv.s 0 ffffffff3f800000 ffffffffff800001 0 ffffffff7fc00000 10
fadd.s 0 ffffffff7f800000 ffffffff00000000 0 ffffffff7f800000 00
fsub.s 0 ffffffff7f800000 ffffffff00000000 0 ffffffff7f800000 00
fmul.s 0 ffffffff7f800000 ffffffff00000000 0 ffffffff7fc00000 10
fdiv.s 0 ffffffff7f800000 ffffffff00000000 0 ffffffff7f800000 00
fadd.s 0 ffffffff80000000 ffffffff80000000 0 ffffffff80000000 00
fsub.s 0 ffffffff80000000 ffffffff80000000 0 ffffffff00000000 00
fmul.s 0 ffffffff80000000 ffffffff80000000 0 ffffffff00000000 00
fdiv.s 0 ffffffff80000000 ffffffff80000000 0 ffffffff7fc00000 10
fadd.s 2 ffffffff00000000 ffffffff80000000 0 ffffffff80000000 00
fadd.s 0 ffffffff00000000 ffffffff80000000 0 ffffffff00000000 00
fsqrt.s 0 ffffffffbf800000 0 0 ffffffff7fc00000 10
fsqrt.s 0 ffffffff80000000 0 0 ffffffff80000000 00
fsqrt.s 0 ffffffff00000000 0 0 ffffffff00000000 00
fsqrt.s 0 ffffffff7f800000 0 0 ffffffff7f800000 00
fsqrt.s 0 ffffffffff800000 0 0 ffffffff7fc00000 10
fsqrt.s 0 ffffffff7fc12345 0 0 ffffffff7fc00000 00
fsqrt.s 0 ffffffff7f800001 0 0 ffffffff7fc00000 10
fsqrt.s 0 ffffffff00400000 0 0 ffffffff1fb504f3 01
fsqrt.s 0 ffffffff00800000 0 0 ffffffff20000000 00
fmadd.s 0 ffffffff7f800000 ffffffff00000000 ffffffff7fc00000 ffffffff7fc00000 10
fmsub.s 0 ffffffff7f800000 ffffffff00000000 ffffffff7fc00000 ffffffff7fc00000 10
fnmsub.s 0 ffffffff7f800000 ffffffff00000000 ffffffff7fc00000 ffffffff7fc00000 10
fnmadd.s 0 ffffffff7f800000 ffffffff00000000 ffffffff7fc00000 ffffffff7fc00000 10
fmadd.s 0 ffffffff00000000 ffffffff7f800000 ffffffff7fc12345 ffffffff7fc00000 10
fmsub.s 0 ffffffff00000000 ffffffff7f800000 ffffffff7fc12345 ffffffff7fc00000 10
fnmsub.s 0 ffffffff00000000 ffffffff7f800000 ffffffff7fc12345 ffffffff7fc00000 10
fnmadd.s 0 ffffffff00000000 ffffffff7f800000 ffffffff7fc12345 ffffffff7fc00000 10
fmadd.s 0 ffffffff7f800000 ffffffff00000000 ffffffff3f800000 ffffffff7fc00000 10
fmsub.s 0 ffffffff7f800000 ffffffff00000000 ffffffff3f800000 ffffffff7fc00000 10
fnmsub.s 0 ffffffff7f800000 ffffffff00000000 ffffffff3f800000 ffffffff7fc00000 10
fnmadd.s 0 ffffffff7f800000 ffffffff00000000 ffffffff3f800000 ffffffff7fc00000 10
fmadd.s 0 ffffffff3f800000 ffffffff3f800000 ffffffff7f800001 ffffffff7fc00000 10
fmsub.s 0 ffffffff3f800000 ffffffff3f800000 ffffffff7f800001 ffffffff7fc00000 10
fnmsub.s 0 ffffffff3f800000 ffffffff3f800000 ffffffff7f800001 ffffffff7fc00000 10
fnmadd.s 0 ffffffff3f800000 ffffffff3f800000 ffffffff7f800001 ffffffff7fc00000 10
fmadd.s 0 ffffffff7f800000 ffffffff3f800000 ffffffffff800000 ffffffff7fc00000 10
fmsub.s 0 ffffffff7f800000 ffffffff3f800000 ffffffffff800000 ffffffff7f800000 00
fnmsub.s 0 ffffffff7f800000 ffffffff3f800000 ffffffffff800000 ffffffffff800000 00
fnmadd.s 0 ffffffff7f800000 ffffffff3f800000 ffffffffff800000 ffffffff7fc00000 10
fmadd.s 0 ffffffff7f800000 ffffffff3f800000 ffffffff7f800000 ffffffff7f800000 00
fmsub.s 0 ffffffff7f800000 ffffffff3f800000 ffffffff7f800000 ffffffff7fc00000 10
fnmsub.s 0 ffffffff7f800000 ffffffff3f800000 ffffffff7f800000 ffffffff7fc00000 10
fnmadd.s 0 ffffffff7f800000 ffffffff3f800000 ffffffff7f800000 ffffffffff800000 00
fmadd.s 0 ffffffff7fc00000 ffffffff3f800000 ffffffff3f800000 ffffffff7fc00000 00
fmsub.s 0 ffffffff7fc00000 ffffffff3f800000 ffffffff3f800000 ffffffff7fc00000 00
fnmsub.s 0 ffffffff7fc00000 ffffffff3f800000 ffffffff3f800000 ffffffff7fc00000 00
fnmadd.s 0 ffffffff7fc00000 ffffffff3f800000 ffffffff3f800000 ffffffff7fc00000 00
fmadd.s 0 ffffffff80000000 ffffffff3f800000 ffffffff80000000 ffffffff80000000 00
fmsub.s 0 ffffffff80000000 ffffffff3f800000 ffffffff80000000 ffffffff00000000 00
fnmsub.s 0 ffffffff80000000 ffffffff3f800000 ffffffff80000000 ffffffff00000000 00
fnmadd.s 0 ffffffff80000000 ffffffff3f800000 ffffffff80000000 ffffffff00000000 00
fmadd.s 0 ffffffff00000000 ffffffff3f800000 ffffffff80000000 ffffffff00000000 00
fmsub.s 0 ffffffff00000000 ffffffff3f800000 ffffffff80000000 ffffffff00000000 00
fnmsub.s 0 ffffffff00000000 ffffffff3f800000 ffffffff80000000 ffffffff80000000 00
fnmadd.s 0 ffffffff00000000 ffffffff3f800000 ffffffff80000000 ffffffff00000000 00
fmadd.s 0 ffffffff7f7fffff ffffffff40000000 ffffffffff7fffff ffffffff7f7fffff 00
fmsub.s 0 ffffffff7f7fffff ffffffff40000000 ffffffffff7fffff ffffffff7f800000 05
fnmsub.s 0 ffffffff7f7fffff ffffffff40000000 ffffffffff7fffff ffffffffff800000 05
fnmadd.s 0 ffffffff7f7fffff ffffffff40000000 ffffffffff7fffff ffffffffff7fffff 00
fmsub.s 0 ffffffff3f800800 ffffffff3f800800 ffffffff3f800000 ffffffff3a000400 00
fmin.s 0 ffffffff3f800000 ffffffff40000000 0 ffffffff3f800000 00
fmax.s 0 ffffffff3f800000 ffffffff40000000 0 ffffffff40000000 00
fsgnj.s 0 ffffffff3f800000 ffffffff40000000 0 ffffffff3f800000 00
fsgnjn.s 0 ffffffff3f800000 ffffffff40000000 0 ffffffffbf800000 00
fsgnjx.s 0 ffffffff3f800000 ffffffff40000000 0 ffffffff3f800000 00
feq.s 0 ffffffff3f800000 ffffffff40000000 0 0 00
flt.s 0 ffffffff3f800000 ffffffff40000000 0 1 00
fle.s 0 ffffffff3f800000 ffffffff40000000 0 1 00
fmin.s 0 ffffffff40000000 ffffffff3f800000 0 ffffffff3f800000 00
fmax.s 0 ffffffff40000000 ffffffff3f800000 0 ffffffff40000000 00
fsgnj.s 0 ffffffff40000000 ffffffff3f800000 0 ffffffff40000000 00
fsgnjn.s 0 ffffffff40000000 ffffffff3f800000 0 ffffffffc0000000 00
fsgnjx.s 0 ffffffff40000000 ffffffff3f800000 0 ffffffff40000000 00
feq.s 0 ffffffff40000000 ffffffff3f800000 0 0 00
flt.s 0 ffffffff40000000 ffffffff3f800000 0 0 00
fle.s 0 ffffffff40000000 ffffffff3f800000 0 0 00
fmin.s 0 ffffffff80000000 ffffffff00000000 0 ffffffff80000000 00
fmax.s 0 ffffffff80000000 ffffffff00000000 0 ffffffff00000000 00
fsgnj.s 0 ffffffff80000000 ffffffff00000000 0 ffffffff00000000 00
fsgnjn.s 0 ffffffff80000000 ffffffff00000000 0 ffffffff80000000 00
fsgnjx.s 0 ffffffff80000000 ffffffff00000000 0 ffffffff80000000 00
feq.s 0 ffffffff80000000 ffffffff00000000 0 1 00
flt.s 0 ffffffff80000000 ffffffff00000000 0 0 00
fle.s 0 ffffffff80000000 ffffffff00000000 0 1 00
fmin.s 0 ffffffff00000000 ffffffff80000000 0 ffffffff80000000 00
fmax.s 0 ffffffff00000000 ffffffff80000000 0 ffffffff00000000 00
fsgnj.s 0 ffffffff00000000 ffffffff80000000 0 ffffffff80000000 00
fsgnjn.s 0 ffffffff00000000 ffffffff80000000 0 ffffffff00000000 00
fsgnjx.s 0 ffffffff00000000 ffffffff80000000 0 ffffffff80000000 00
feq.s 0 ffffffff00000000 ffffffff80000000 0 1 00
flt.s 0 ffffffff00000000 ffffffff80000000 0 0 00
fle.s 0 ffffffff00000000 ffffffff80000000 0 1 00
fmin.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff3f800000 00
fmax.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff3f800000 00
fsgnj.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff7fc12345 00
fsgnjn.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffffffc12345 00
fsgnjx.s 0 ffffffff7fc12345 ffffffff3f800000 0 ffffffff7fc12345 00
feq.s 0 ffffffff7fc12345 ffffffff3f800000 0 0 00
flt.s 0 ffffffff7fc12345 ffffffff3f800000 0 0 10
fle.s 0 ffffffff7fc12345 ffffffff3f800000 0 0 10
fmin.s 0 ffffffff3f800000 ffffffff7fc12345 0 ffffffff3f800000 00
fmax.s 0 ffffffff3f800000 ffffffff7fc12345 0 ffffffff3f800000 00
fsgnj.s 0 ffffffff3f800000 ffffffff7fc12345 0 ffffffff3f800000 00
fsgnjn.s 0 ffffffff3f800000 ffffffff7fc12345 0 ffffffffbf800000 00
fsgnjx.s 0 ffffffff3f800000 ffffffff7fc12345 0 ffffffff3f800000 00
feq.s 0 ffffffff3f800000 ffffffff7fc12345 0 0 00
flt.s 0 ffffffff3f800000 ffffffff7fc12345 0 0 10
fle.s 0 ffffffff3f800000 ffffffff7fc12345 0 0 10
fmin.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff3f800000 10
fmax.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff3f800000 10
fsgnj.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff7f800001 00
fsgnjn.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffffff800001 00
fsgnjx.s 0 ffffffff7f800001 ffffffff3f800000 0 ffffffff7f800001 00
feq.s 0 ffffffff7f800001 ffffffff3f800000 0 0 10
flt.s 0 ffffffff7f800001 ffffffff3f800000 0 0 10
fle.s 0 ffffffff7f800001 ffffffff3f800000 0 0 10
fmin.s 0 ffffffffbf800000 ffffffffff800001 0 ffffffffbf800000 10
fmax.s 0 ffffffffbf800000 ffffffffff800001 0 ffffffffbf800000 10
fsgnj.s 0 ffffffffbf800000 ffffffffff800001 0 ffffffffbf800000 00
fsgnjn.s 0 ffffffffbf800000 ffffffffff800001 0 ffffffff3f800000 00
fsgnjx.s 0 ffffffffbf800000 ffffffffff800001 0 ffffffff3f800000 00
feq.s 0 ffffffffbf800000 ffffffffff800001 0 0 10
flt.s 0 ffffffffbf800000 ffffffffff800001 0 0 10
fle.s 0 ffffffffbf800000 ffffffffff800001 0 0 10
fmin.s 0 ffffffff7fc00000 ffffffff7fc12345 0 ffffffff7fc00000 00
fmax.s 0 ffffffff7fc00000 ffffffff7fc12345 0 ffffffff7fc00000 00
fsgnj.s 0 ffffffff7fc00000 ffffffff7fc12345 0 ffffffff7fc00000 00
fsgnjn.s 0 ffffffff7fc00000 ffffffff7fc12345 0 ffffffffffc00000 00
fsgnjx.s 0 ffffffff7fc00000 ffffffff7fc12345 0 ffffffff7fc00000 00
feq.s 0 ffffffff7fc00000 ffffffff7fc12345 0 0 00
flt.s 0 ffffffff7fc00000 ffffffff7fc12345 0 0 10
fle.s 0 ffffffff7fc00000 ffffffff7fc12345 0 0 10
fmin.s 0 ffffffff7f800001 ffffffff7fc00000 0 ffffffff7fc00000 10
fmax.s 0 ffffffff7f800001 ffffffff7fc00000 0 ffffffff7fc00000 10
fsgnj.s 0 ffffffff7f800001 ffffffff7fc00000 0 ffffffff7f800001 00
fsgnjn.s 0 ffffffff7f800001 ffffffff7fc00000 0 ffffffffff800001 00
fsgnjx.s 0 ffffffff7f800001 ffffffff7fc00000 0 ffffffff7f800001 00
feq.s 0 ffffffff7f800001 ffffffff7fc00000 0 0 10
flt.s 0 ffffffff7f800001 ffffffff7fc00000 0 0 10
fle.s 0 ffffffff7f800001 ffffffff7fc00000 0 0 10
fmin.s 0 ffffffff7f800000 ffffffff7f7fffff 0 ffffffff7f7fffff 00
fmax.s 0 ffffffff7f800000 ffffffff7f7fffff 0 ffffffff7f800000 00
fsgnj.s 0 ffffffff7f800000 ffffffff7f7fffff 0 ffffffff7f800000 00
fsgnjn.s 0 ffffffff7f800000 ffffffff7f7fffff 0 ffffffffff800000 00
fsgnjx.s 0 ffffffff7f800000 ffffffff7f7fffff 0 ffffffff7f800000 00
feq.s 0 ffffffff7f800000 ffffffff7f7fffff 0 0 00
flt.s 0 ffffffff7f800000 ffffffff7f7fffff 0 0 00
fle.s 0 ffffffff7f800000 ffffffff7f7fffff 0 0 00
fmin.s 0 ffffffffff800000 ffffffffff7fffff 0 ffffffffff800000 00
fmax.s 0 ffffffffff800000 ffffffffff7fffff 0 ffffffffff7fffff 00
fsgnj.s 0 ffffffffff800000 ffffffffff7fffff 0 ffffffffff800000 00
fsgnjn.s 0 ffffffffff800000 ffffffffff7fffff 0 ffffffff7f800000 00
fsgnjx.s 0 ffffffffff800000 ffffffffff7fffff 0 ffffffff7f800000 00
feq.s 0 ffffffffff800000 ffffffffff7fffff 0 0 00
flt.s 0 ffffffffff800000 ffffffffff7fffff 0 1 00
fle.s 0 ffffffffff800000 ffffffffff7fffff 0 1 00
fmin.s 0 ffffffff3f800000 ffffffff3f800000 0 ffffffff3f800000 00
fmax.s 0 ffffffff3f800000 ffffffff3f800000 0 ffffffff3f800000 00
fsgnj.s 0 ffffffff3f800000 ffffffff3f800000 0 ffffffff3f800000 00
fsgnjn.s 0 ffffffff3f800000 ffffffff3f800000 0 ffffffffbf800000 00
fsgnjx.s 0 ffffffff3f800000 ffffffff3f800000 0 ffffffff3f800000 00
feq.s 0 ffffffff3f800000 ffffffff3f800000 0 1 00
flt.s 0 ffffffff3f800000 ffffffff3f800000 0 0 00
fle.s 0 ffffffff3f800000 ffffffff3f800000 0 1 00
fmin.s 0 ffffffff00400000 ffffffff80400000 0 ffffffff80400000 00
fmax.s 0 ffffffff00400000 ffffffff80400000 0 ffffffff00400000 00
fsgnj.s 0 ffffffff00400000 ffffffff80400000 0 ffffffff80400000 00
fsgnjn.s 0 ffffffff00400000 ffffffff80400000 0 ffffffff00400000 00
fsgnjx.s 0 ffffffff00400000 ffffffff80400000 0 ffffffff80400000 00
feq.s 0 ffffffff00400000 ffffffff80400000 0 0 00
flt.s 0 ffffffff00400000 ffffffff80400000 0 0 00
fle.s 0 ffffffff00400000 ffffffff80400000 0 0 00
fmin.s 0 ffffffffffc00000 ffffffffff800000 0 ffffffffff800000 00
fmax.s 0 ffffffffffc00000 ffffffffff800000 0 ffffffffff800000 00
fsgnj.s 0 ffffffffffc00000 ffffffffff800000 0 ffffffffffc00000 00
fsgnjn.s 0 ffffffffffc00000 ffffffffff800000 0 ffffffff7fc00000 00
fsgnjx.s 0 ffffffffffc00000 ffffffffff800000 0 ffffffff7fc00000 00
feq.s 0 ffffffffffc00000 ffffffffff800000 0 0 00
flt.s 0 ffffffffffc00000 ffffffffff800000 0 0 10
fle.s 0 ffffffffffc00000 ffffffffff800000 0 0 10
fclass.s 0 ffffffffff800000 0 0 1 00
fclass.s 0 ffffffffff7fffff 0 0 2 00
fclass.s 0 ffffffff80400000 0 0 4 00
fclass.s 0 ffffffff80000000 0 0 8 00
fclass.s 0 ffffffff00000000 0 0 10 00
fclass.s 0 ffffffff00400000 0 0 20 00
fclass.s 0 ffffffff00000001 0 0 20 00
fclass.s 0 ffffffff7f7fffff 0 0 40 00
fclass.s 0 ffffffff7f800000 0 0 80 00
fclass.s 0 ffffffff7f800001 0 0 100 00
fclass.s 0 ffffffff7fa00000 0 0 100 00
fclass.s 0 ffffffff7fc00000 0 0 200 00
fclass.s 0 ffffffffffc00000 0 0 200 00
fclass.s 0 ffffffffff800001 0 0 100 00
fclass.s 0 ffffffff7fc12345 0 0 200 00
fcvt.w.s 1 ffffffff7f800000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff7f800000 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff7f800000 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff7f800000 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffffff800000 0 0 ffffffff80000000 10
fcvt.wu.s 1 ffffffffff800000 0 0 0 10
fcvt.l.s 1 ffffffffff800000 0 0 8000000000000000 10
fcvt.lu.s 1 ffffffffff800000 0 0 0 10
fcvt.w.s 1 ffffffff7fc00000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff7fc00000 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff7fc00000 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff7fc00000 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffffffc00000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffffffc00000 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffffffc00000 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffffffc00000 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffff7f800001 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff7f800001 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff7f800001 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff7f800001 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffffff800001 0 0 7fffffff 10
fcvt.wu.s 1 ffffffffff800001 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffffff800001 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffffff800001 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffff7f7fffff 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff7f7fffff 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff7f7fffff 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff7f7fffff 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffffff7fffff 0 0 ffffffff80000000 10
fcvt.wu.s 1 ffffffffff7fffff 0 0 0 10
fcvt.l.s 1 ffffffffff7fffff 0 0 8000000000000000 10
fcvt.lu.s 1 ffffffffff7fffff 0 0 0 10
fcvt.w.s 1 ffffffff00000001 0 0 0 01
fcvt.wu.s 1 ffffffff00000001 0 0 0 01
fcvt.l.s 1 ffffffff00000001 0 0 0 01
fcvt.lu.s 1 ffffffff00000001 0 0 0 01
fcvt.w.s 1 ffffffff80000000 0 0 0 00
fcvt.wu.s 1 ffffffff80000000 0 0 0 00
fcvt.l.s 1 ffffffff80000000 0 0 0 00
fcvt.lu.s 1 ffffffff80000000 0 0 0 00
fcvt.w.s 1 ffffffff4f000000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff4f000000 0 0 ffffffff80000000 00
fcvt.l.s 1 ffffffff4f000000 0 0 80000000 00
fcvt.lu.s 1 ffffffff4f000000 0 0 80000000 00
fcvt.w.s 1 ffffffffcf000000 0 0 ffffffff80000000 00
fcvt.wu.s 1 ffffffffcf000000 0 0 0 10
fcvt.l.s 1 ffffffffcf000000 0 0 ffffffff80000000 00
fcvt.lu.s 1 ffffffffcf000000 0 0 0 10
fcvt.w.s 1 ffffffff4effffff 0 0 7fffff80 00
fcvt.wu.s 1 ffffffff4effffff 0 0 7fffff80 00
fcvt.l.s 1 ffffffff4effffff 0 0 7fffff80 00
fcvt.lu.s 1 ffffffff4effffff 0 0 7fffff80 00
fcvt.w.s 1 ffffffffcf000001 0 0 ffffffff80000000 10
fcvt.wu.s 1 ffffffffcf000001 0 0 0 10
fcvt.l.s 1 ffffffffcf000001 0 0 ffffffff7fffff00 00
fcvt.lu.s 1 ffffffffcf000001 0 0 0 10
fcvt.w.s 1 ffffffff4f800000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff4f800000 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff4f800000 0 0 100000000 00
fcvt.lu.s 1 ffffffff4f800000 0 0 100000000 00
fcvt.w.s 1 ffffffff4f32d05e 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff4f32d05e 0 0 ffffffffb2d05e00 00
fcvt.l.s 1 ffffffff4f32d05e 0 0 b2d05e00 00
fcvt.lu.s 1 ffffffff4f32d05e 0 0 b2d05e00 00
fcvt.w.s 1 ffffffff4f7fffff 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff4f7fffff 0 0 ffffffffffffff00 00
fcvt.l.s 1 ffffffff4f7fffff 0 0 ffffff00 00
fcvt.lu.s 1 ffffffff4f7fffff 0 0 ffffff00 00
fcvt.w.s 1 ffffffff5f000000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff5f000000 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff5f000000 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff5f000000 0 0 8000000000000000 00
fcvt.w.s 1 ffffffffdf000000 0 0 ffffffff80000000 10
fcvt.wu.s 1 ffffffffdf000000 0 0 0 10
fcvt.l.s 1 ffffffffdf000000 0 0 8000000000000000 00
fcvt.lu.s 1 ffffffffdf000000 0 0 0 10
fcvt.w.s 1 ffffffff5f800000 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff5f800000 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff5f800000 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff5f800000 0 0 ffffffffffffffff 10
fcvt.w.s 1 ffffffffbf800000 0 0 ffffffffffffffff 00
fcvt.wu.s 1 ffffffffbf800000 0 0 0 10
fcvt.l.s 1 ffffffffbf800000 0 0 ffffffffffffffff 00
fcvt.lu.s 1 ffffffffbf800000 0 0 0 10
fcvt.w.s 1 ffffffff5f7fffff 0 0 7fffffff 10
fcvt.wu.s 1 ffffffff5f7fffff 0 0 ffffffffffffffff 10
fcvt.l.s 1 ffffffff5f7fffff 0 0 7fffffffffffffff 10
fcvt.lu.s 1 ffffffff5f7fffff 0 0 ffffff0000000000 00
fcvt.w.s 1 ffffffffbf666666 0 0 0 01
fcvt.wu.s 1 ffffffffbf666666 0 0 0 01
fcvt.l.s 1 ffffffffbf666666 0 0 0 01
fcvt.lu.s 1 ffffffffbf666666 0 0 0 01
fcvt.w.s 1 ffffffff8da24260 0 0 0 01
fcvt.wu.s 1 ffffffff8da24260 0 0 0 01
fcvt.l.s 1 ffffffff8da24260 0 0 0 01
fcvt.lu.s 1 ffffffff8da24260 0 0 0 01
fcvt.s.w 0 0 0 0 ffffffff00000000 00
fcvt.s.wu 0 0 0 0 ffffffff00000000 00
fcvt.s.l 0 0 0 0 ffffffff00000000 00
fcvt.s.lu 0 0 0 0 ffffffff00000000 00
fcvt.s.w 0 1 0 0 ffffffff3f800000 00
fcvt.s.wu 0 1 0 0 ffffffff3f800000 00
fcvt.s.l 0 1 0 0 ffffffff3f800000 00
fcvt.s.lu 0 1 0 0 ffffffff3f800000 00
fcvt.s.w 0 100000001 0 0 ffffffff3f800000 00
fcvt.s.wu 0 100000001 0 0 ffffffff3f800000 00
fcvt.s.l 0 100000001 0 0 ffffffff4f800000 01
fcvt.s.lu 0 100000001 0 0 ffffffff4f800000 01
fcvt.s.w 0 ffffffff 0 0 ffffffffbf800000 00
fcvt.s.wu 0 ffffffff 0 0 ffffffff4f800000 01
fcvt.s.l 0 ffffffff 0 0 ffffffff4f800000 01
fcvt.s.lu 0 ffffffff 0 0 ffffffff4f800000 01
fcvt.s.w 0 80000000 0 0 ffffffffcf000000 00
fcvt.s.wu 0 80000000 0 0 ffffffff4f000000 00
fcvt.s.l 0 80000000 0 0 ffffffff4f000000 00
fcvt.s.lu 0 80000000 0 0 ffffffff4f000000 00
fcvt.s.w 0 ffffffff80000000 0 0 ffffffffcf000000 00
fcvt.s.wu 0 ffffffff80000000 0 0 ffffffff4f000000 00
fcvt.s.l 0 ffffffff80000000 0 0 ffffffffcf000000 00
fcvt.s.lu 0 ffffffff80000000 0 0 ffffffff5f800000 01
fcvt.s.w 0 8000000000000000 0 0 ffffffff00000000 00
fcvt.s.wu 0 8000000000000000 0 0 ffffffff00000000 00
fcvt.s.l 0 8000000000000000 0 0 ffffffffdf000000 00
fcvt.s.lu 0 8000000000000000 0 0 ffffffff5f000000 00
fcvt.s.w 0 75bcd15 0 0 ffffffff4ceb79a3 01
fcvt.s.wu 0 75bcd15 0 0 ffffffff4ceb79a3 01
fcvt.s.l 0 75bcd15 0 0 ffffffff4ceb79a3 01
fcvt.s.lu 0 75bcd15 0 0 ffffffff4ceb79a3 01
fadd.d 0 3ff0000000000000 3ca0000000000000 0 3ff0000000000000 01
fadd.d 0 3ff0000000000001 3ca0000000000000 0 3ff0000000000002 01
fadd.d 0 bff0000000000000 bca0000000000000 0 bff0000000000000 01
fadd.d 0 7fefffffffffffff 7fefffffffffffff 0 7ff0000000000000 05
fadd.d 0 ffefffffffffffff ffefffffffffffff 0 fff0000000000000 05
fsub.d 0 3ff0000000000000 3ff0000000000000 0 0 00
fmul.d 0 10000000000000 3fe8000000000000 0 c000000000000 00
fmul.d 0 1 3fe0000000000000 0 0 03
fdiv.d 0 3ff0000000000000 4008000000000000 0 3fd5555555555555 01
fdiv.d 0 bff0000000000000 4008000000000000 0 bfd5555555555555 01
fsqrt.d 0 4000000000000000 0 0 3ff6a09e667f3bcd 01
fmadd.d 0 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fnmadd.d 0 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fmsub.d 0 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fnmsub.d 0 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fmadd.d 0 0 bff0000000000000 0 0 00
fcvt.w.d 0 4004000000000000 0 0 2 01
fcvt.wu.d 0 4004000000000000 0 0 2 01
fcvt.l.d 0 4004000000000000 0 0 2 01
fcvt.lu.d 0 4004000000000000 0 0 2 01
fcvt.w.d 0 c004000000000000 0 0 fffffffffffffffe 01
fcvt.wu.d 0 c004000000000000 0 0 0 10
fcvt.l.d 0 c004000000000000 0 0 fffffffffffffffe 01
fcvt.lu.d 0 c004000000000000 0 0 0 10
fcvt.w.d 0 3fe0000000000000 0 0 0 01
fcvt.wu.d 0 3fe0000000000000 0 0 0 01
fcvt.l.d 0 3fe0000000000000 0 0 0 01
fcvt.lu.d 0 3fe0000000000000 0 0 0 01
fcvt.w.d 0 bfe0000000000000 0 0 0 01
fcvt.wu.d 0 bfe0000000000000 0 0 0 01
fcvt.l.d 0 bfe0000000000000 0 0 0 01
fcvt.lu.d 0 bfe0000000000000 0 0 0 01
fcvt.w.d 0 3ff8000000000000 0 0 2 01
fcvt.wu.d 0 3ff8000000000000 0 0 2 01
fcvt.l.d 0 3ff8000000000000 0 0 2 01
fcvt.lu.d 0 3ff8000000000000 0 0 2 01
fcvt.w.d 0 bff8000000000000 0 0 fffffffffffffffe 01
fcvt.wu.d 0 bff8000000000000 0 0 0 10
fcvt.l.d 0 bff8000000000000 0 0 fffffffffffffffe 01
fcvt.lu.d 0 bff8000000000000 0 0 0 10
fcvt.d.w 0 7fffffff 0 0 41dfffffffc00000 00
fcvt.d.w 0 ffffffff80000001 0 0 c1dfffffffc00000 00
fcvt.d.wu 0 ffffffffffffffff 0 0 41efffffffe00000 00
fcvt.d.l 0 7fffffffffffffff 0 0 43e0000000000000 01
fcvt.d.l 0 8000000000000001 0 0 c3e0000000000000 01
fcvt.d.lu 0 ffffffffffffffff 0 0 43f0000000000000 01
fcvt.d.l 0 20000000000001 0 0 4340000000000000 01
fcvt.d.l 0 1000001 0 0 4170000010000000 00
fcvt.d.lu 0 1000003 0 0 4170000030000000 00
fadd.d 1 3ff0000000000000 3ca0000000000000 0 3ff0000000000000 01
fadd.d 1 3ff0000000000001 3ca0000000000000 0 3ff0000000000001 01
fadd.d 1 bff0000000000000 bca0000000000000 0 bff0000000000000 01
fadd.d 1 7fefffffffffffff 7fefffffffffffff 0 7fefffffffffffff 05
fadd.d 1 ffefffffffffffff ffefffffffffffff 0 ffefffffffffffff 05
fsub.d 1 3ff0000000000000 3ff0000000000000 0 0 00
fmul.d 1 10000000000000 3fe8000000000000 0 c000000000000 00
fmul.d 1 1 3fe0000000000000 0 0 03
fdiv.d 1 3ff0000000000000 4008000000000000 0 3fd5555555555555 01
fdiv.d 1 bff0000000000000 4008000000000000 0 bfd5555555555555 01
fsqrt.d 1 4000000000000000 0 0 3ff6a09e667f3bcc 01
fmadd.d 1 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fnmadd.d 1 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fmsub.d 1 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fnmsub.d 1 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fmadd.d 1 0 bff0000000000000 0 0 00
fcvt.w.d 1 4004000000000000 0 0 2 01
fcvt.wu.d 1 4004000000000000 0 0 2 01
fcvt.l.d 1 4004000000000000 0 0 2 01
fcvt.lu.d 1 4004000000000000 0 0 2 01
fcvt.w.d 1 c004000000000000 0 0 fffffffffffffffe 01
fcvt.wu.d 1 c004000000000000 0 0 0 10
fcvt.l.d 1 c004000000000000 0 0 fffffffffffffffe 01
fcvt.lu.d 1 c004000000000000 0 0 0 10
fcvt.w.d 1 3fe0000000000000 0 0 0 01
fcvt.wu.d 1 3fe0000000000000 0 0 0 01
fcvt.l.d 1 3fe0000000000000 0 0 0 01
fcvt.lu.d 1 3fe0000000000000 0 0 0 01
fcvt.w.d 1 bfe0000000000000 0 0 0 01
fcvt.wu.d 1 bfe0000000000000 0 0 0 01
fcvt.l.d 1 bfe0000000000000 0 0 0 01
fcvt.lu.d 1 bfe0000000000000 0 0 0 01
fcvt.w.d 1 3ff8000000000000 0 0 1 01
fcvt.wu.d 1 3ff8000000000000 0 0 1 01
fcvt.l.d 1 3ff8000000000000 0 0 1 01
fcvt.lu.d 1 3ff8000000000000 0 0 1 01
fcvt.w.d 1 bff8000000000000 0 0 ffffffffffffffff 01
fcvt.wu.d 1 bff8000000000000 0 0 0 10
fcvt.l.d 1 bff8000000000000 0 0 ffffffffffffffff 01
fcvt.lu.d 1 bff8000000000000 0 0 0 10
fcvt.d.w 1 7fffffff 0 0 41dfffffffc00000 00
fcvt.d.w 1 ffffffff80000001 0 0 c1dfffffffc00000 00
fcvt.d.wu 1 ffffffffffffffff 0 0 41efffffffe00000 00
fcvt.d.l 1 7fffffffffffffff 0 0 43dfffffffffffff 01
fcvt.d.l 1 8000000000000001 0 0 c3dfffffffffffff 01
fcvt.d.lu 1 ffffffffffffffff 0 0 43efffffffffffff 01
fcvt.d.l 1 20000000000001 0 0 4340000000000000 01
fcvt.d.l 1 1000001 0 0 4170000010000000 00
fcvt.d.lu 1 1000003 0 0 4170000030000000 00
fadd.d 2 3ff0000000000000 3ca0000000000000 0 3ff0000000000000 01
fadd.d 2 3ff0000000000001 3ca0000000000000 0 3ff0000000000001 01
fadd.d 2 bff0000000000000 bca0000000000000 0 bff0000000000001 01
fadd.d 2 7fefffffffffffff 7fefffffffffffff 0 7fefffffffffffff 05
fadd.d 2 ffefffffffffffff ffefffffffffffff 0 fff0000000000000 05
fsub.d 2 3ff0000000000000 3ff0000000000000 0 8000000000000000 00
fmul.d 2 10000000000000 3fe8000000000000 0 c000000000000 00
fmul.d 2 1 3fe0000000000000 0 0 03
fdiv.d 2 3ff0000000000000 4008000000000000 0 3fd5555555555555 01
fdiv.d 2 bff0000000000000 4008000000000000 0 bfd5555555555556 01
fsqrt.d 2 4000000000000000 0 0 3ff6a09e667f3bcc 01
fmadd.d 2 3ff0000000000000 3ff0000000000000 bff0000000000000 8000000000000000 00
fnmadd.d 2 3ff0000000000000 3ff0000000000000 bff0000000000000 8000000000000000 00
fmsub.d 2 3ff0000000000000 3ff0000000000000 3ff0000000000000 8000000000000000 00
fnmsub.d 2 3ff0000000000000 3ff0000000000000 3ff0000000000000 8000000000000000 00
fmadd.d 2 0 bff0000000000000 0 8000000000000000 00
fcvt.w.d 2 4004000000000000 0 0 2 01
fcvt.wu.d 2 4004000000000000 0 0 2 01
fcvt.l.d 2 4004000000000000 0 0 2 01
fcvt.lu.d 2 4004000000000000 0 0 2 01
fcvt.w.d 2 c004000000000000 0 0 fffffffffffffffd 01
fcvt.wu.d 2 c004000000000000 0 0 0 10
fcvt.l.d 2 c004000000000000 0 0 fffffffffffffffd 01
fcvt.lu.d 2 c004000000000000 0 0 0 10
fcvt.w.d 2 3fe0000000000000 0 0 0 01
fcvt.wu.d 2 3fe0000000000000 0 0 0 01
fcvt.l.d 2 3fe0000000000000 0 0 0 01
fcvt.lu.d 2 3fe0000000000000 0 0 0 01
fcvt.w.d 2 bfe0000000000000 0 0 ffffffffffffffff 01
fcvt.wu.d 2 bfe0000000000000 0 0 0 10
fcvt.l.d 2 bfe0000000000000 0 0 ffffffffffffffff 01
fcvt.lu.d 2 bfe0000000000000 0 0 0 10
fcvt.w.d 2 3ff8000000000000 0 0 1 01
fcvt.wu.d 2 3ff8000000000000 0 0 1 01
fcvt.l.d 2 3ff8000000000000 0 0 1 01
fcvt.lu.d 2 3ff8000000000000 0 0 1 01
fcvt.w.d 2 bff8000000000000 0 0 fffffffffffffffe 01
fcvt.wu.d 2 bff8000000000000 0 0 0 10
fcvt.l.d 2 bff8000000000000 0 0 fffffffffffffffe 01
fcvt.lu.d 2 bff8000000000000 0 0 0 10
fcvt.d.w 2 7fffffff 0 0 41dfffffffc00000 00
fcvt.d.w 2 ffffffff80000001 0 0 c1dfffffffc00000 00
fcvt.d.wu 2 ffffffffffffffff 0 0 41efffffffe00000 00
fcvt.d.l 2 7fffffffffffffff 0 0 43dfffffffffffff 01
fcvt.d.l 2 8000000000000001 0 0 c3e0000000000000 01
fcvt.d.lu 2 ffffffffffffffff 0 0 43efffffffffffff 01
fcvt.d.l 2 20000000000001 0 0 4340000000000000 01
fcvt.d.l 2 1000001 0 0 4170000010000000 00
fcvt.d.lu 2 1000003 0 0 4170000030000000 00
fadd.d 3 3ff0000000000000 3ca0000000000000 0 3ff0000000000001 01
fadd.d 3 3ff0000000000001 3ca0000000000000 0 3ff0000000000002 01
fadd.d 3 bff0000000000000 bca0000000000000 0 bff0000000000000 01
fadd.d 3 7fefffffffffffff 7fefffffffffffff 0 7ff0000000000000 05
fadd.d 3 ffefffffffffffff ffefffffffffffff 0 ffefffffffffffff 05
fsub.d 3 3ff0000000000000 3ff0000000000000 0 0 00
fmul.d 3 10000000000000 3fe8000000000000 0 c000000000000 00
fmul.d 3 1 3fe0000000000000 0 1 03
fdiv.d 3 3ff0000000000000 4008000000000000 0 3fd5555555555556 01
fdiv.d 3 bff0000000000000 4008000000000000 0 bfd5555555555555 01
fsqrt.d 3 4000000000000000 0 0 3ff6a09e667f3bcd 01
fmadd.d 3 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fnmadd.d 3 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fmsub.d 3 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fnmsub.d 3 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fmadd.d 3 0 bff0000000000000 0 0 00
fcvt.w.d 3 4004000000000000 0 0 3 01
fcvt.wu.d 3 4004000000000000 0 0 3 01
fcvt.l.d 3 4004000000000000 0 0 3 01
fcvt.lu.d 3 4004000000000000 0 0 3 01
fcvt.w.d 3 c004000000000000 0 0 fffffffffffffffe 01
fcvt.wu.d 3 c004000000000000 0 0 0 10
fcvt.l.d 3 c004000000000000 0 0 fffffffffffffffe 01
fcvt.lu.d 3 c004000000000000 0 0 0 10
fcvt.w.d 3 3fe0000000000000 0 0 1 01
fcvt.wu.d 3 3fe0000000000000 0 0 1 01
fcvt.l.d 3 3fe0000000000000 0 0 1 01
fcvt.lu.d 3 3fe0000000000000 0 0 1 01
fcvt.w.d 3 bfe0000000000000 0 0 0 01
fcvt.wu.d 3 bfe0000000000000 0 0 0 01
fcvt.l.d 3 bfe0000000000000 0 0 0 01
fcvt.lu.d 3 bfe0000000000000 0 0 0 01
fcvt.w.d 3 3ff8000000000000 0 0 2 01
fcvt.wu.d 3 3ff8000000000000 0 0 2 01
fcvt.l.d 3 3ff8000000000000 0 0 2 01
fcvt.lu.d 3 3ff8000000000000 0 0 2 01
fcvt.w.d 3 bff8000000000000 0 0 ffffffffffffffff 01
fcvt.wu.d 3 bff8000000000000 0 0 0 10
fcvt.l.d 3 bff8000000000000 0 0 ffffffffffffffff 01
fcvt.lu.d 3 bff8000000000000 0 0 0 10
fcvt.d.w 3 7fffffff 0 0 41dfffffffc00000 00
fcvt.d.w 3 ffffffff80000001 0 0 c1dfffffffc00000 00
fcvt.d.wu 3 ffffffffffffffff 0 0 41efffffffe00000 00
fcvt.d.l 3 7fffffffffffffff 0 0 43e0000000000000 01
fcvt.d.l 3 8000000000000001 0 0 c3dfffffffffffff 01
fcvt.d.lu 3 ffffffffffffffff 0 0 43f0000000000000 01
fcvt.d.l 3 20000000000001 0 0 4340000000000001 01
fcvt.d.l 3 1000001 0 0 4170000010000000 00
fcvt.d.lu 3 1000003 0 0 4170000030000000 00
fadd.d 4 3ff0000000000000 3ca0000000000000 0 3ff0000000000001 01
fadd.d 4 3ff0000000000001 3ca0000000000000 0 3ff0000000000002 01
fadd.d 4 bff0000000000000 bca0000000000000 0 bff0000000000001 01
fadd.d 4 7fefffffffffffff 7fefffffffffffff 0 7ff0000000000000 05
fadd.d 4 ffefffffffffffff ffefffffffffffff 0 fff0000000000000 05
fsub.d 4 3ff0000000000000 3ff0000000000000 0 0 00
fmul.d 4 10000000000000 3fe8000000000000 0 c000000000000 00
fmul.d 4 1 3fe0000000000000 0 1 03
fdiv.d 4 3ff0000000000000 4008000000000000 0 3fd5555555555555 01
fdiv.d 4 bff0000000000000 4008000000000000 0 bfd5555555555555 01
fsqrt.d 4 4000000000000000 0 0 3ff6a09e667f3bcd 01
fmadd.d 4 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fnmadd.d 4 3ff0000000000000 3ff0000000000000 bff0000000000000 0 00
fmsub.d 4 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fnmsub.d 4 3ff0000000000000 3ff0000000000000 3ff0000000000000 0 00
fmadd.d 4 0 bff0000000000000 0 0 00
fcvt.w.d 4 4004000000000000 0 0 3 01
fcvt.wu.d 4 4004000000000000 0 0 3 01
fcvt.l.d 4 4004000000000000 0 0 3 01
fcvt.lu.d 4 4004000000000000 0 0 3 01
fcvt.w.d 4 c004000000000000 0 0 fffffffffffffffd 01
fcvt.wu.d 4 c004000000000000 0 0 0 10
fcvt.l.d 4 c004000000000000 0 0 fffffffffffffffd 01
fcvt.lu.d 4 c004000000000000 0 0 0 10
fcvt.w.d 4 3fe0000000000000 0 0 1 01
fcvt.wu.d 4 3fe0000000000000 0 0 1 01
fcvt.l.d 4 3fe0000000000000 0 0 1 01
fcvt.lu.d 4 3fe0000000000000 0 0 1 01
fcvt.w.d 4 bfe0000000000000 0 0 ffffffffffffffff 01
fcvt.wu.d 4 bfe0000000000000 0 0 0 10
fcvt.l.d 4 bfe0000000000000 0 0 ffffffffffffffff 01
fcvt.lu.d 4 bfe0000000000000 0 0 0 10
fcvt.w.d 4 3ff8000000000000 0 0 2 01
fcvt.wu.d 4 3ff8000000000000 0 0 2 01
fcvt.l.d 4 3ff8000000000000 0 0 2 01
fcvt.lu.d 4 3ff8000000000000 0 0 2 01
fcvt.w.d 4 bff8000000000000 0 0 fffffffffffffffe 01
fcvt.wu.d 4 bff8000000000000 0 0 0 10
fcvt.l.d 4 bff8000000000000 0 0 fffffffffffffffe 01
fcvt.lu.d 4 bff8000000000000 0 0 0 10
fcvt.d.w 4 7fffffff 0 0 41dfffffffc00000 00
fcvt.d.w 4 ffffffff80000001 0 0 c1dfffffffc00000 00
fcvt.d.wu 4 ffffffffffffffff 0 0 41efffffffe00000 00
fcvt.d.l 4 7fffffffffffffff 0 0 43e0000000000000 01
fcvt.d.l 4 8000000000000001 0 0 c3e0000000000000 01
fcvt.d.lu 4 ffffffffffffffff 0 0 43f0000000000000 01
fcvt.d.l 4 20000000000001 0 0 4340000000000001 01
fcvt.d.l 4 1000001 0 0 4170000010000000 00
fcvt.d.lu 4 1000003 0 0 4170000030000000 00
fmul.d 0 3feffffffe000000 10000001000000 0 10000000000000 01
fmul.d 1 3feffffffe000000 10000001000000 0 fffffffffffff 03
fmul.d 2 3feffffffe000000 10000001000000 0 fffffffffffff 03
fmul.d 3 3feffffffe000000 10000001000000 0 10000000000000 01
fmul.d 4 3feffffffe000000 10000001000000 0 10000000000000 01
fadd.d 0 3ff0000000000000 0 0 3ff0000000000000 00
fsub.d 0 3ff0000000000000 0 0 3ff0000000000000 00
fmul.d 0 3ff0000000000000 0 0 0 00
fdiv.d 0 3ff0000000000000 0 0 7ff0000000000000 08
fadd.d 0 bff0000000000000 0 0 bff0000000000000 00
fsub.d 0 bff0000000000000 0 0 bff0000000000000 00
fmul.d 0 bff0000000000000 0 0 8000000000000000 00
fdiv.d 0 bff0000000000000 0 0 fff0000000000000 08
fadd.d 0 0 0 0 0 00
fsub.d 0 0 0 0 0 00
fmul.d 0 0 0 0 0 00
fdiv.d 0 0 0 0 7ff8000000000000 10
fadd.d 0 7ff0000000000000 7ff0000000000000 0 7ff0000000000000 00
fsub.d 0 7ff0000000000000 7ff0000000000000 0 7ff8000000000000 10
fmul.d 0 7ff0000000000000 7ff0000000000000 0 7ff0000000000000 00
fdiv.d 0 7ff0000000000000 7ff0000000000000 0 7ff8000000000000 10
fadd.d 0 7ff8000000012345 3ff0000000000000 0 7ff8000000000000 00
fsub.d 0 7ff8000000012345 3ff0000000000000 0 7ff8000000000000 00
fmul.d 0 7ff8000000012345 3ff0000000000000 0 7ff8000000000000 00
fdiv.d 0 7ff8000000012345 3ff0000000000000 0 7ff8000000000000 00
fadd.d 0 7ff0000000000001 3ff0000000000000 0 7ff8000000000000 10
fsub.d 0 7ff0000000000001 3ff0000000000000 0 7ff8000000000000 10
fmul.d 0 7ff0000000000001 3ff0000000000000 0 7ff8000000000000 10
fdiv.d 0 7ff0000000000001 3ff0000000000000 0 7ff8000000000000 10
fadd.d 0 3ff0000000000000 fff0000000000001 0 7ff8000000000000 10
fsub.d 0 3ff0000000000000 fff0000000000001 0 7ff8000000000000 10
fmul.d 0 3ff0000000000000 fff0000000000001 0 7ff8000000000000 10
fdiv.d 0 3ff0000000000000 fff0000000000001 0 7ff8000000000000 10
fadd.d 0 7ff0000000000000 0 0 7ff0000000000000 00
fsub.d 0 7ff0000000000000 0 0 7ff0000000000000 00
fmul.d 0 7ff0000000000000 0 0 7ff8000000000000 10
fdiv.d 0 7ff0000000000000 0 0 7ff0000000000000 00
fadd.d 0 8000000000000000 8000000000000000 0 8000000000000000 00
fsub.d 0 8000000000000000 8000000000000000 0 0 00
fmul.d 0 8000000000000000 8000000000000000 0 0 00
fdiv.d 0 8000000000000000 8000000000000000 0 7ff8000000000000 10
fadd.d 2 0 8000000000000000 0 8000000000000000 00
fadd.d 0 0 8000000000000000 0 0 00
fsqrt.d 0 bff0000000000000 0 0 7ff8000000000000 10
fsqrt.d 0 8000000000000000 0 0 8000000000000000 00
fsqrt.d 0 0 0 0 0 00
fsqrt.d 0 7ff0000000000000 0 0 7ff0000000000000 00
fsqrt.d 0 fff0000000000000 0 0 7ff8000000000000 10
fsqrt.d 0 7ff8000000012345 0 0 7ff8000000000000 00
fsqrt.d 0 7ff0000000000001 0 0 7ff8000000000000 10
fsqrt.d 0 8000000000000 0 0 1ff6a09e667f3bcd 01
fsqrt.d 0 10000000000000 0 0 2000000000000000 00
fmadd.d 0 7ff0000000000000 0 7ff8000000000000 7ff8000000000000 10
fmsub.d 0 7ff0000000000000 0 7ff8000000000000 7ff8000000000000 10
fnmsub.d 0 7ff0000000000000 0 7ff8000000000000 7ff8000000000000 10
fnmadd.d 0 7ff0000000000000 0 7ff8000000000000 7ff8000000000000 10
fmadd.d 0 0 7ff0000000000000 7ff8000000012345 7ff8000000000000 10
fmsub.d 0 0 7ff0000000000000 7ff8000000012345 7ff8000000000000 10
fnmsub.d 0 0 7ff0000000000000 7ff8000000012345 7ff8000000000000 10
fnmadd.d 0 0 7ff0000000000000 7ff8000000012345 7ff8000000000000 10
fmadd.d 0 7ff0000000000000 0 3ff0000000000000 7ff8000000000000 10
fmsub.d 0 7ff0000000000000 0 3ff0000000000000 7ff8000000000000 10
fnmsub.d 0 7ff0000000000000 0 3ff0000000000000 7ff8000000000000 10
fnmadd.d 0 7ff0000000000000 0 3ff0000000000000 7ff8000000000000 10
fmadd.d 0 3ff0000000000000 3ff0000000000000 7ff0000000000001 7ff8000000000000 10
fmsub.d 0 3ff0000000000000 3ff0000000000000 7ff0000000000001 7ff8000000000000 10
fnmsub.d 0 3ff0000000000000 3ff0000000000000 7ff0000000000001 7ff8000000000000 10
fnmadd.d 0 3ff0000000000000 3ff0000000000000 7ff0000000000001 7ff8000000000000 10
fmadd.d 0 7ff0000000000000 3ff0000000000000 fff0000000000000 7ff8000000000000 10
fmsub.d 0 7ff0000000000000 3ff0000000000000 fff0000000000000 7ff0000000000000 00
fnmsub.d 0 7ff0000000000000 3ff0000000000000 fff0000000000000 fff0000000000000 00
fnmadd.d 0 7ff0000000000000 3ff0000000000000 fff0000000000000 7ff8000000000000 10
fmadd.d 0 7ff0000000000000 3ff0000000000000 7ff0000000000000 7ff0000000000000 00
fmsub.d 0 7ff0000000000000 3ff0000000000000 7ff0000000000000 7ff8000000000000 10
fnmsub.d 0 7ff0000000000000 3ff0000000000000 7ff0000000000000 7ff8000000000000 10
fnmadd.d 0 7ff0000000000000 3ff0000000000000 7ff0000000000000 fff0000000000000 00
fmadd.d 0 7ff8000000000000 3ff0000000000000 3ff0000000000000 7ff8000000000000 00
fmsub.d 0 7ff8000000000000 3ff0000000000000 3ff0000000000000 7ff8000000000000 00
fnmsub.d 0 7ff8000000000000 3ff0000000000000 3ff0000000000000 7ff8000000000000 00
fnmadd.d 0 7ff8000000000000 3ff0000000000000 3ff0000000000000 7ff8000000000000 00
fmadd.d 0 8000000000000000 3ff0000000000000 8000000000000000 8000000000000000 00
fmsub.d 0 8000000000000000 3ff0000000000000 8000000000000000 0 00
fnmsub.d 0 8000000000000000 3ff0000000000000 8000000000000000 0 00
fnmadd.d 0 8000000000000000 3ff0000000000000 8000000000000000 0 00
fmadd.d 0 0 3ff0000000000000 8000000000000000 0 00
fmsub.d 0 0 3ff0000000000000 8000000000000000 0 00
fnmsub.d 0 0 3ff0000000000000 8000000000000000 8000000000000000 00
fnmadd.d 0 0 3ff0000000000000 8000000000000000 0 00
fmadd.d 0 7fefffffffffffff 4000000000000000 ffefffffffffffff 7fefffffffffffff 00
fmsub.d 0 7fefffffffffffff 4000000000000000 ffefffffffffffff 7ff0000000000000 05
fnmsub.d 0 7fefffffffffffff 4000000000000000 ffefffffffffffff fff0000000000000 05
fnmadd.d 0 7fefffffffffffff 4000000000000000 ffefffffffffffff ffefffffffffffff 00
fmsub.d 0 3ff0000002000000 3ff0000002000000 3ff0000000000000 3e50000001000000 00
fmin.d 0 3ff0000000000000 4000000000000000 0 3ff0000000000000 00
fmax.d 0 3ff0000000000000 4000000000000000 0 4000000000000000 00
fsgnj.d 0 3ff0000000000000 4000000000000000 0 3ff0000000000000 00
fsgnjn.d 0 3ff0000000000000 4000000000000000 0 bff0000000000000 00
fsgnjx.d 0 3ff0000000000000 4000000000000000 0 3ff0000000000000 00
feq.d 0 3ff0000000000000 4000000000000000 0 0 00
flt.d 0 3ff0000000000000 4000000000000000 0 1 00
fle.d 0 3ff0000000000000 4000000000000000 0 1 00
fmin.d 0 4000000000000000 3ff0000000000000 0 3ff0000000000000 00
fmax.d 0 4000000000000000 3ff0000000000000 0 4000000000000000 00
fsgnj.d 0 4000000000000000 3ff0000000000000 0 4000000000000000 00
fsgnjn.d 0 4000000000000000 3ff0000000000000 0 c000000000000000 00
fsgnjx.d 0 4000000000000000 3ff0000000000000 0 4000000000000000 00
feq.d 0 4000000000000000 3ff0000000000000 0 0 00
flt.d 0 4000000000000000 3ff0000000000000 0 0 00
fle.d 0 4000000000000000 3ff0000000000000 0 0 00
fmin.d 0 8000000000000000 0 0 8000000000000000 00
fmax.d 0 8000000000000000 0 0 0 00
fsgnj.d 0 8000000000000000 0 0 0 00
fsgnjn.d 0 8000000000000000 0 0 8000000000000000 00
fsgnjx.d 0 8000000000000000 0 0 8000000000000000 00
feq.d 0 8000000000000000 0 0 1 00
flt.d 0 8000000000000000 0 0 0 00
fle.d 0 8000000000000000 0 0 1 00
fmin.d 0 0 8000000000000000 0 8000000000000000 00
fmax.d 0 0 8000000000000000 0 0 00
fsgnj.d 0 0 8000000000000000 0 8000000000000000 00
fsgnjn.d 0 0 8000000000000000 0 0 00
fsgnjx.d 0 0 8000000000000000 0 8000000000000000 00
feq.d 0 0 8000000000000000 0 1 00
flt.d 0 0 8000000000000000 0 0 00
fle.d 0 0 8000000000000000 0 1 00
fmin.d 0 7ff8000000012345 3ff0000000000000 0 3ff0000000000000 00
fmax.d 0 7ff8000000012345 3ff0000000000000 0 3ff0000000000000 00
fsgnj.d 0 7ff8000000012345 3ff0000000000000 0 7ff8000000012345 00
fsgnjn.d 0 7ff8000000012345 3ff0000000000000 0 fff8000000012345 00
fsgnjx.d 0 7ff8000000012345 3ff0000000000000 0 7ff8000000012345 00
feq.d 0 7ff8000000012345 3ff0000000000000 0 0 00
flt.d 0 7ff8000000012345 3ff0000000000000 0 0 10
fle.d 0 7ff8000000012345 3ff0000000000000 0 0 10
fmin.d 0 3ff0000000000000 7ff8000000012345 0 3ff0000000000000 00
fmax.d 0 3ff0000000000000 7ff8000000012345 0 3ff0000000000000 00
fsgnj.d 0 3ff0000000000000 7ff8000000012345 0 3ff0000000000000 00
fsgnjn.d 0 3ff0000000000000 7ff8000000012345 0 bff0000000000000 00
fsgnjx.d 0 3ff0000000000000 7ff8000000012345 0 3ff0000000000000 00
feq.d 0 3ff0000000000000 7ff8000000012345 0 0 00
flt.d 0 3ff0000000000000 7ff8000000012345 0 0 10
fle.d 0 3ff0000000000000 7ff8000000012345 0 0 10
fmin.d 0 7ff0000000000001 3ff0000000000000 0 3ff0000000000000 10
fmax.d 0 7ff0000000000001 3ff0000000000000 0 3ff0000000000000 10
fsgnj.d 0 7ff0000000000001 3ff0000000000000 0 7ff0000000000001 00
fsgnjn.d 0 7ff0000000000001 3ff0000000000000 0 fff0000000000001 00
fsgnjx.d 0 7ff0000000000001 3ff0000000000000 0 7ff0000000000001 00
feq.d 0 7ff0000000000001 3ff0000000000000 0 0 10
flt.d 0 7ff0000000000001 3ff0000000000000 0 0 10
fle.d 0 7ff0000000000001 3ff0000000000000 0 0 10
fmin.d 0 bff0000000000000 fff0000000000001 0 bff0000000000000 10
fmax.d 0 bff0000000000000 fff0000000000001 0 bff0000000000000 10
fsgnj.d 0 bff0000000000000 fff0000000000001 0 bff0000000000000 00
fsgnjn.d 0 bff0000000000000 fff0000000000001 0 3ff0000000000000 00
fsgnjx.d 0 bff0000000000000 fff0000000000001 0 3ff0000000000000 00
feq.d 0 bff0000000000000 fff0000000000001 0 0 10
flt.d 0 bff0000000000000 fff0000000000001 0 0 10
fle.d 0 bff0000000000000 fff0000000000001 0 0 10
fmin.d 0 7ff8000000000000 7ff8000000012345 0 7ff8000000000000 00
fmax.d 0 7ff8000000000000 7ff8000000012345 0 7ff8000000000000 00
fsgnj.d 0 7ff8000000000000 7ff8000000012345 0 7ff8000000000000 00
fsgnjn.d 0 7ff8000000000000 7ff8000000012345 0 fff8000000000000 00
fsgnjx.d 0 7ff8000000000000 7ff8000000012345 0 7ff8000000000000 00
feq.d 0 7ff8000000000000 7ff8000000012345 0 0 00
flt.d 0 7ff8000000000000 7ff8000000012345 0 0 10
fle.d 0 7ff8000000000000 7ff8000000012345 0 0 10
fmin.d 0 7ff0000000000001 7ff8000000000000 0 7ff8000000000000 10
fmax.d 0 7ff0000000000001 7ff8000000000000 0 7ff8000000000000 10
fsgnj.d 0 7ff0000000000001 7ff8000000000000 0 7ff0000000000001 00
fsgnjn.d 0 7ff0000000000001 7ff8000000000000 0 fff0000000000001 00
fsgnjx.d 0 7ff0000000000001 7ff8000000000000 0 7ff0000000000001 00
feq.d 0 7ff0000000000001 7ff8000000000000 0 0 10
flt.d 0 7ff0000000000001 7ff8000000000000 0 0 10
fle.d 0 7ff0000000000001 7ff8000000000000 0 0 10
fmin.d 0 7ff0000000000000 7fefffffffffffff 0 7fefffffffffffff 00
fmax.d 0 7ff0000000000000 7fefffffffffffff 0 7ff0000000000000 00
fsgnj.d 0 7ff0000000000000 7fefffffffffffff 0 7ff0000000000000 00
fsgnjn.d 0 7ff0000000000000 7fefffffffffffff 0 fff0000000000000 00
fsgnjx.d 0 7ff0000000000000 7fefffffffffffff 0 7ff0000000000000 00
feq.d 0 7ff0000000000000 7fefffffffffffff 0 0 00
flt.d 0 7ff0000000000000 7fefffffffffffff 0 0 00
fle.d 0 7ff0000000000000 7fefffffffffffff 0 0 00
fmin.d 0 fff0000000000000 ffefffffffffffff 0 fff0000000000000 00
fmax.d 0 fff0000000000000 ffefffffffffffff 0 ffefffffffffffff 00
fsgnj.d 0 fff0000000000000 ffefffffffffffff 0 fff0000000000000 00
fsgnjn.d 0 fff0000000000000 ffefffffffffffff 0 7ff0000000000000 00
fsgnjx.d 0 fff0000000000000 ffefffffffffffff 0 7ff0000000000000 00
feq.d 0 fff0000000000000 ffefffffffffffff 0 0 00
flt.d 0 fff0000000000000 ffefffffffffffff 0 1 00
fle.d 0 fff0000000000000 ffefffffffffffff 0 1 00
fmin.d 0 3ff0000000000000 3ff0000000000000 0 3ff0000000000000 00
fmax.d 0 3ff0000000000000 3ff0000000000000 0 3ff0000000000000 00
fsgnj.d 0 3ff0000000000000 3ff0000000000000 0 3ff0000000000000 00
fsgnjn.d 0 3ff0000000000000 3ff0000000000000 0 bff0000000000000 00
fsgnjx.d 0 3ff0000000000000 3ff0000000000000 0 3ff0000000000000 00
feq.d 0 3ff0000000000000 3ff0000000000000 0 1 00
flt.d 0 3ff0000000000000 3ff0000000000000 0 0 00
fle.d 0 3ff0000000000000 3ff0000000000000 0 1 00
fmin.d 0 8000000000000 8008000000000000 0 8008000000000000 00
fmax.d 0 8000000000000 8008000000000000 0 8000000000000 00
fsgnj.d 0 8000000000000 8008000000000000 0 8008000000000000 00
fsgnjn.d 0 8000000000000 8008000000000000 0 8000000000000 00
fsgnjx.d 0 8000000000000 8008000000000000 0 8008000000000000 00
feq.d 0 8000000000000 8008000000000000 0 0 00
flt.d 0 8000000000000 8008000000000000 0 0 00
fle.d 0 8000000000000 8008000000000000 0 0 00
fmin.d 0 fff8000000000000 fff0000000000000 0 fff0000000000000 00
fmax.d 0 fff8000000000000 fff0000000000000 0 fff0000000000000 00
fsgnj.d 0 fff8000000000000 fff0000000000000 0 fff8000000000000 00
fsgnjn.d 0 fff8000000000000 fff0000000000000 0 7ff8000000000000 00
fsgnjx.d 0 fff8000000000000 fff0000000000000 0 7ff8000000000000 00
feq.d 0 fff8000000000000 fff0000000000000 0 0 00
flt.d 0 fff8000000000000 fff0000000000000 0 0 10
fle.d 0 fff8000000000000 fff0000000000000 0 0 10
fclass.d 0 fff0000000000000 0 0 1 00
fclass.d 0 ffefffffffffffff 0 0 2 00
fclass.d 0 8008000000000000 0 0 4 00
fclass.d 0 8000000000000000 0 0 8 00
fclass.d 0 0 0 0 10 00
fclass.d 0 8000000000000 0 0 20 00
fclass.d 0 1 0 0 20 00
fclass.d 0 7fefffffffffffff 0 0 40 00
fclass.d 0 7ff0000000000000 0 0 80 00
fclass.d 0 7ff0000000000001 0 0 100 00
fclass.d 0 7ff4000000000000 0 0 100 00
fclass.d 0 7ff8000000000000 0 0 200 00
fclass.d 0 fff8000000000000 0 0 200 00
fclass.d 0 fff0000000000001 0 0 100 00
fclass.d 0 7ff8000000012345 0 0 200 00
fcvt.w.d 1 7ff0000000000000 0 0 7fffffff 10
fcvt.wu.d 1 7ff0000000000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 7ff0000000000000 0 0 7fffffffffffffff 10
fcvt.lu.d 1 7ff0000000000000 0 0 ffffffffffffffff 10
fcvt.w.d 1 fff0000000000000 0 0 ffffffff80000000 10
fcvt.wu.d 1 fff0000000000000 0 0 0 10
fcvt.l.d 1 fff0000000000000 0 0 8000000000000000 10
fcvt.lu.d 1 fff0000000000000 0 0 0 10
fcvt.w.d 1 7ff8000000000000 0 0 7fffffff 10
fcvt.wu.d 1 7ff8000000000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 7ff8000000000000 0 0 7fffffffffffffff 10
fcvt.lu.d 1 7ff8000000000000 0 0 ffffffffffffffff 10
fcvt.w.d 1 fff8000000000000 0 0 7fffffff 10
fcvt.wu.d 1 fff8000000000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 fff8000000000000 0 0 7fffffffffffffff 10
fcvt.lu.d 1 fff8000000000000 0 0 ffffffffffffffff 10
fcvt.w.d 1 7ff0000000000001 0 0 7fffffff 10
fcvt.wu.d 1 7ff0000000000001 0 0 ffffffffffffffff 10
fcvt.l.d 1 7ff0000000000001 0 0 7fffffffffffffff 10
fcvt.lu.d 1 7ff0000000000001 0 0 ffffffffffffffff 10
fcvt.w.d 1 fff0000000000001 0 0 7fffffff 10
fcvt.wu.d 1 fff0000000000001 0 0 ffffffffffffffff 10
fcvt.l.d 1 fff0000000000001 0 0 7fffffffffffffff 10
fcvt.lu.d 1 fff0000000000001 0 0 ffffffffffffffff 10
fcvt.w.d 1 7fefffffffffffff 0 0 7fffffff 10
fcvt.wu.d 1 7fefffffffffffff 0 0 ffffffffffffffff 10
fcvt.l.d 1 7fefffffffffffff 0 0 7fffffffffffffff 10
fcvt.lu.d 1 7fefffffffffffff 0 0 ffffffffffffffff 10
fcvt.w.d 1 ffefffffffffffff 0 0 ffffffff80000000 10
fcvt.wu.d 1 ffefffffffffffff 0 0 0 10
fcvt.l.d 1 ffefffffffffffff 0 0 8000000000000000 10
fcvt.lu.d 1 ffefffffffffffff 0 0 0 10
fcvt.w.d 1 1 0 0 0 01
fcvt.wu.d 1 1 0 0 0 01
fcvt.l.d 1 1 0 0 0 01
fcvt.lu.d 1 1 0 0 0 01
fcvt.w.d 1 8000000000000000 0 0 0 00
fcvt.wu.d 1 8000000000000000 0 0 0 00
fcvt.l.d 1 8000000000000000 0 0 0 00
fcvt.lu.d 1 8000000000000000 0 0 0 00
fcvt.w.d 1 41e0000000000000 0 0 7fffffff 10
fcvt.wu.d 1 41e0000000000000 0 0 ffffffff80000000 00
fcvt.l.d 1 41e0000000000000 0 0 80000000 00
fcvt.lu.d 1 41e0000000000000 0 0 80000000 00
fcvt.w.d 1 c1e0000000000000 0 0 ffffffff80000000 00
fcvt.wu.d 1 c1e0000000000000 0 0 0 10
fcvt.l.d 1 c1e0000000000000 0 0 ffffffff80000000 00
fcvt.lu.d 1 c1e0000000000000 0 0 0 10
fcvt.w.d 1 41dfffffffc00000 0 0 7fffffff 00
fcvt.wu.d 1 41dfffffffc00000 0 0 7fffffff 00
fcvt.l.d 1 41dfffffffc00000 0 0 7fffffff 00
fcvt.lu.d 1 41dfffffffc00000 0 0 7fffffff 00
fcvt.w.d 1 c1e0000000200000 0 0 ffffffff80000000 10
fcvt.wu.d 1 c1e0000000200000 0 0 0 10
fcvt.l.d 1 c1e0000000200000 0 0 ffffffff7fffffff 00
fcvt.lu.d 1 c1e0000000200000 0 0 0 10
fcvt.w.d 1 41f0000000000000 0 0 7fffffff 10
fcvt.wu.d 1 41f0000000000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 41f0000000000000 0 0 100000000 00
fcvt.lu.d 1 41f0000000000000 0 0 100000000 00
fcvt.w.d 1 41e65a0bc0000000 0 0 7fffffff 10
fcvt.wu.d 1 41e65a0bc0000000 0 0 ffffffffb2d05e00 00
fcvt.l.d 1 41e65a0bc0000000 0 0 b2d05e00 00
fcvt.lu.d 1 41e65a0bc0000000 0 0 b2d05e00 00
fcvt.w.d 1 41efffffffe00000 0 0 7fffffff 10
fcvt.wu.d 1 41efffffffe00000 0 0 ffffffffffffffff 00
fcvt.l.d 1 41efffffffe00000 0 0 ffffffff 00
fcvt.lu.d 1 41efffffffe00000 0 0 ffffffff 00
fcvt.w.d 1 43e0000000000000 0 0 7fffffff 10
fcvt.wu.d 1 43e0000000000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 43e0000000000000 0 0 7fffffffffffffff 10
fcvt.lu.d 1 43e0000000000000 0 0 8000000000000000 00
fcvt.w.d 1 c3e0000000000000 0 0 ffffffff80000000 10
fcvt.wu.d 1 c3e0000000000000 0 0 0 10
fcvt.l.d 1 c3e0000000000000 0 0 8000000000000000 00
fcvt.lu.d 1 c3e0000000000000 0 0 0 10
fcvt.w.d 1 43f0000000000000 0 0 7fffffff 10
fcvt.wu.d 1 43f0000000000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 43f0000000000000 0 0 7fffffffffffffff 10
fcvt.lu.d 1 43f0000000000000 0 0 ffffffffffffffff 10
fcvt.w.d 1 bff0000000000000 0 0 ffffffffffffffff 00
fcvt.wu.d 1 bff0000000000000 0 0 0 10
fcvt.l.d 1 bff0000000000000 0 0 ffffffffffffffff 00
fcvt.lu.d 1 bff0000000000000 0 0 0 10
fcvt.w.d 1 43efffffe0000000 0 0 7fffffff 10
fcvt.wu.d 1 43efffffe0000000 0 0 ffffffffffffffff 10
fcvt.l.d 1 43efffffe0000000 0 0 7fffffffffffffff 10
fcvt.lu.d 1 43efffffe0000000 0 0 ffffff0000000000 00
fcvt.w.d 1 bfeccccccccccccd 0 0 0 01
fcvt.wu.d 1 bfeccccccccccccd 0 0 0 01
fcvt.l.d 1 bfeccccccccccccd 0 0 0 01
fcvt.lu.d 1 bfeccccccccccccd 0 0 0 01
fcvt.w.d 1 41effffffff00000 0 0 7fffffff 10
fcvt.wu.d 1 41effffffff00000 0 0 ffffffffffffffff 01
fcvt.l.d 1 41effffffff00000 0 0 ffffffff 01
fcvt.lu.d 1 41effffffff00000 0 0 ffffffff 01
fcvt.d.w 0 0 0 0 0 00
fcvt.d.wu 0 0 0 0 0 00
fcvt.d.l 0 0 0 0 0 00
fcvt.d.lu 0 0 0 0 0 00
fcvt.d.w 0 1 0 0 3ff0000000000000 00
fcvt.d.wu 0 1 0 0 3ff0000000000000 00
fcvt.d.l 0 1 0 0 3ff0000000000000 00
fcvt.d.lu 0 1 0 0 3ff0000000000000 00
fcvt.d.w 0 100000001 0 0 3ff0000000000000 00
fcvt.d.wu 0 100000001 0 0 3ff0000000000000 00
fcvt.d.l 0 100000001 0 0 41f0000000100000 00
fcvt.d.lu 0 100000001 0 0 41f0000000100000 00
fcvt.d.w 0 ffffffff 0 0 bff0000000000000 00
fcvt.d.wu 0 ffffffff 0 0 41efffffffe00000 00
fcvt.d.l 0 ffffffff 0 0 41efffffffe00000 00
fcvt.d.lu 0 ffffffff 0 0 41efffffffe00000 00
fcvt.d.w 0 80000000 0 0 c1e0000000000000 00
fcvt.d.wu 0 80000000 0 0 41e0000000000000 00
fcvt.d.l 0 80000000 0 0 41e0000000000000 00
fcvt.d.lu 0 80000000 0 0 41e0000000000000 00
fcvt.d.w 0 ffffffff80000000 0 0 c1e0000000000000 00
fcvt.d.wu 0 ffffffff80000000 0 0 41e0000000000000 00
fcvt.d.l 0 ffffffff80000000 0 0 c1e0000000000000 00
fcvt.d.lu 0 ffffffff80000000 0 0 43effffffff00000 00
fcvt.d.w 0 8000000000000000 0 0 0 00
fcvt.d.wu 0 8000000000000000 0 0 0 00
fcvt.d.l 0 8000000000000000 0 0 c3e0000000000000 00
fcvt.d.lu 0 8000000000000000 0 0 43e0000000000000 00
fcvt.d.w 0 75bcd15 0 0 419d6f3454000000 00
fcvt.d.wu 0 75bcd15 0 0 419d6f3454000000 00
fcvt.d.l 0 75bcd15 0 0 419d6f3454000000 00
fcvt.d.lu 0 75bcd15 0 0 419d6f3454000000 00
fcvt.s.d 0 3fd5555555555555 0 0 ffffffff3eaaaaab 01
fcvt.s.d 0 bfd5555555555555 0 0 ffffffffbeaaaaab 01
fcvt.s.d 0 3ff0000010000000 0 0 ffffffff3f800000 01
fcvt.s.d 0 3ff0000030000000 0 0 ffffffff3f800002 01
fcvt.s.d 0 483d6329f1c35ca5 0 0 ffffffff7f800000 05
fcvt.s.d 0 c83d6329f1c35ca5 0 0 ffffffffff800000 05
fcvt.s.d 0 37a16c262777579c 0 0 ffffffff000116c2 03
fcvt.s.d 0 358dee7a4ad4b81f 0 0 ffffffff00000000 03
fcvt.s.d 0 47effffff0000000 0 0 ffffffff7f800000 05
fcvt.s.d 1 3fd5555555555555 0 0 ffffffff3eaaaaaa 01
fcvt.s.d 1 bfd5555555555555 0 0 ffffffffbeaaaaaa 01
fcvt.s.d 1 3ff0000010000000 0 0 ffffffff3f800000 01
fcvt.s.d 1 3ff0000030000000 0 0 ffffffff3f800001 01
fcvt.s.d 1 483d6329f1c35ca5 0 0 ffffffff7f7fffff 05
fcvt.s.d 1 c83d6329f1c35ca5 0 0 ffffffffff7fffff 05
fcvt.s.d 1 37a16c262777579c 0 0 ffffffff000116c2 03
fcvt.s.d 1 358dee7a4ad4b81f 0 0 ffffffff00000000 03
fcvt.s.d 1 47effffff0000000 0 0 ffffffff7f7fffff 01
fcvt.s.d 2 3fd5555555555555 0 0 ffffffff3eaaaaaa 01
fcvt.s.d 2 bfd5555555555555 0 0 ffffffffbeaaaaab 01
fcvt.s.d 2 3ff0000010000000 0 0 ffffffff3f800000 01
fcvt.s.d 2 3ff0000030000000 0 0 ffffffff3f800001 01
fcvt.s.d 2 483d6329f1c35ca5 0 0 ffffffff7f7fffff 05
fcvt.s.d 2 c83d6329f1c35ca5 0 0 ffffffffff800000 05
fcvt.s.d 2 37a16c262777579c 0 0 ffffffff000116c2 03
fcvt.s.d 2 358dee7a4ad4b81f 0 0 ffffffff00000000 03
fcvt.s.d 2 47effffff0000000 0 0 ffffffff7f7fffff 01
fcvt.s.d 3 3fd5555555555555 0 0 ffffffff3eaaaaab 01
fcvt.s.d 3 bfd5555555555555 0 0 ffffffffbeaaaaaa 01
fcvt.s.d 3 3ff0000010000000 0 0 ffffffff3f800001 01
fcvt.s.d 3 3ff0000030000000 0 0 ffffffff3f800002 01
fcvt.s.d 3 483d6329f1c35ca5 0 0 ffffffff7f800000 05
fcvt.s.d 3 c83d6329f1c35ca5 0 0 ffffffffff7fffff 05
fcvt.s.d 3 37a16c262777579c 0 0 ffffffff000116c3 03
fcvt.s.d 3 358dee7a4ad4b81f 0 0 ffffffff00000001 03
fcvt.s.d 3 47effffff0000000 0 0 ffffffff7f800000 05
fcvt.s.d 4 3fd5555555555555 0 0 ffffffff3eaaaaab 01
fcvt.s.d 4 bfd5555555555555 0 0 ffffffffbeaaaaab 01
fcvt.s.d 4 3ff0000010000000 0 0 ffffffff3f800001 01
fcvt.s.d 4 3ff0000030000000 0 0 ffffffff3f800002 01
fcvt.s.d 4 483d6329f1c35ca5 0 0 ffffffff7f800000 05
fcvt.s.d 4 c83d6329f1c35ca5 0 0 ffffffffff800000 05
fcvt.s.d 4 37a16c262777579c 0 0 ffffffff000116c2 03
fcvt.s.d 4 358dee7a4ad4b81f 0 0 ffffffff00000000 03
fcvt.s.d 4 47effffff0000000 0 0 ffffffff7f800000 05
fcvt.s.d 0 7ff0000000000001 0 0 ffffffff7fc00000 10
fcvt.s.d 0 7ff8000000012345 0 0 ffffffff7fc00000 00
fcvt.s.d 0 fff8000000000000 0 0 ffffffff7fc00000 00
fcvt.s.d 0 7ff0000000000000 0 0 ffffffff7f800000 00
fcvt.s.d 0 8000000000000000 0 0 ffffffff80000000 00
fcvt.s.d 0 36a0000000000000 0 0 ffffffff00000001 00
fcvt.s.d 0 3690000000000000 0 0 ffffffff00000000 03
fcvt.s.d 0 3698000000000000 0 0 ffffffff00000001 03
fcvt.d.s 0 ffffffff7f800001 0 0 7ff8000000000000 10
fcvt.d.s 0 ffffffff7fc12345 0 0 7ff8000000000000 00
fcvt.d.s 0 ffffffffff800001 0 0 7ff8000000000000 10
fcvt.d.s 0 ffffffff7f800000 0 0 7ff0000000000000 00
fcvt.d.s 0 ffffffff80000000 0 0 8000000000000000 00
fcvt.d.s 0 ffffffff00000001 0 0 36a0000000000000 00
fcvt.d.s 0 ffffffff00400000 0 0 3800000000000000 00
fcvt.d.s 0 ffffffff7f7fffff 0 0 47efffffe0000000 00
fcvt.d.s 0 ffffffff3f800000 0 0 3ff0000000000000 00
fadd.s 0 3f800000 ffffffff3f800000 0 ffffffff7fc00000 00
fadd.s 0 fffffffe3f800000 ffffffff3f800000 0 ffffffff7fc00000 00
fsgnj.s 0 3f800000 ffffffffbf800000 0 ffffffffffc00000 00
fsgnjn.s 0 3f800000 ffffffffbf800000 0 ffffffff7fc00000 00
fclass.s 0 3f800000 0 0 200 00
feq.s 0 3f800000 3f800000 0 0 00
fcvt.d.s 0 3f800000 0 0 7ff8000000000000 00
fcvt.w.s 1 3f800000 0 0 7fffffff 10
fmadd.s 0 ffffffff3f800000 ffffffff3f800000 ff800001 ffffffff7fc00000 00
";
}
