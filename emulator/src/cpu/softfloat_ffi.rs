//! The C entry points of `emulator/softfloat/vitrine_shim.c`: Berkeley
//! SoftFloat 3 (RISC-V specialization), compiled by `emulator/build.rs`.
//!
//! Each function sets SoftFloat's rounding mode to `rm` (a RISC-V `rm` code,
//! 0..=4, which is SoftFloat's own numbering), clears its exception flags,
//! runs one SoftFloat operation and returns the result bits with the flags
//! that operation raised (SoftFloat's flag bits are `fflags`'). SoftFloat's
//! state is `_Thread_local`, so the functions are safe to call from any
//! thread: they read nothing but their arguments and this thread's state.
//!
//! Only [`super::fpu`] calls these.

/// A 32-bit result (a float's bits, or an integer's) with its flags.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct R32 {
    pub bits: u32,
    pub flags: u8,
}

/// A 64-bit result with its flags.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct R64 {
    pub bits: u64,
    pub flags: u8,
}

// SAFETY (of `safe fn`): the shim functions take and return plain integers
// (structs of integers), have no preconditions and touch no memory but the
// calling thread's SoftFloat globals.
unsafe extern "C" {
    pub safe fn vitrine_f32_add(a: u32, b: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_sub(a: u32, b: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_mul(a: u32, b: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_div(a: u32, b: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_sqrt(a: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_muladd(a: u32, b: u32, c: u32, rm: u8) -> R32;

    pub safe fn vitrine_f64_add(a: u64, b: u64, rm: u8) -> R64;
    pub safe fn vitrine_f64_sub(a: u64, b: u64, rm: u8) -> R64;
    pub safe fn vitrine_f64_mul(a: u64, b: u64, rm: u8) -> R64;
    pub safe fn vitrine_f64_div(a: u64, b: u64, rm: u8) -> R64;
    pub safe fn vitrine_f64_sqrt(a: u64, rm: u8) -> R64;
    pub safe fn vitrine_f64_muladd(a: u64, b: u64, c: u64, rm: u8) -> R64;

    // Float to integer, `exact` (NX when inexact), saturating; the 32-bit
    // results are the integer's low 32 bits.
    pub safe fn vitrine_f32_to_i32(a: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_to_ui32(a: u32, rm: u8) -> R32;
    pub safe fn vitrine_f32_to_i64(a: u32, rm: u8) -> R64;
    pub safe fn vitrine_f32_to_ui64(a: u32, rm: u8) -> R64;
    pub safe fn vitrine_f64_to_i32(a: u64, rm: u8) -> R32;
    pub safe fn vitrine_f64_to_ui32(a: u64, rm: u8) -> R32;
    pub safe fn vitrine_f64_to_i64(a: u64, rm: u8) -> R64;
    pub safe fn vitrine_f64_to_ui64(a: u64, rm: u8) -> R64;

    pub safe fn vitrine_i32_to_f32(a: i32, rm: u8) -> R32;
    pub safe fn vitrine_ui32_to_f32(a: u32, rm: u8) -> R32;
    pub safe fn vitrine_i64_to_f32(a: i64, rm: u8) -> R32;
    pub safe fn vitrine_ui64_to_f32(a: u64, rm: u8) -> R32;
    pub safe fn vitrine_i64_to_f64(a: i64, rm: u8) -> R64;
    pub safe fn vitrine_ui64_to_f64(a: u64, rm: u8) -> R64;

    pub safe fn vitrine_f64_to_f32(a: u64, rm: u8) -> R32;
}
