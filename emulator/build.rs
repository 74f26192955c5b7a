//! Compiles Berkeley SoftFloat 3 (RISC-V specialization, vendored unmodified
//! in `softfloat/berkeley-softfloat-3`, see `softfloat/README.md`) and
//! Vitrine's entry points into it (`softfloat/vitrine_shim.c`) with the
//! machine's C compiler, through the `cc` crate: nothing else is needed.

use std::path::Path;

/// The SoftFloat sources the FPU uses (`cpu/fpu.rs` through the shim), and
/// the ones those need. Paths are relative to `berkeley-softfloat-3/source`.
const SOURCES: &[&str] = &[
    // Operations.
    "f32_add.c",
    "f32_sub.c",
    "f32_mul.c",
    "f32_div.c",
    "f32_sqrt.c",
    "f32_mulAdd.c",
    "f64_add.c",
    "f64_sub.c",
    "f64_mul.c",
    "f64_div.c",
    "f64_sqrt.c",
    "f64_mulAdd.c",
    "f32_to_i32.c",
    "f32_to_ui32.c",
    "f32_to_i64.c",
    "f32_to_ui64.c",
    "f64_to_i32.c",
    "f64_to_ui32.c",
    "f64_to_i64.c",
    "f64_to_ui64.c",
    "i32_to_f32.c",
    "ui32_to_f32.c",
    "i64_to_f32.c",
    "ui64_to_f32.c",
    "i64_to_f64.c",
    "ui64_to_f64.c",
    "f64_to_f32.c",
    // Internals.
    "softfloat_state.c",
    "s_addMagsF32.c",
    "s_subMagsF32.c",
    "s_mulAddF32.c",
    "s_roundPackToF32.c",
    "s_normRoundPackToF32.c",
    "s_normSubnormalF32Sig.c",
    "s_addMagsF64.c",
    "s_subMagsF64.c",
    "s_mulAddF64.c",
    "s_roundPackToF64.c",
    "s_normRoundPackToF64.c",
    "s_normSubnormalF64Sig.c",
    "s_roundToI32.c",
    "s_roundToUI32.c",
    "s_roundToI64.c",
    "s_roundToUI64.c",
    "s_approxRecipSqrt32_1.c",
    "s_approxRecipSqrt_1Ks.c",
    "s_shiftRightJam128.c",
    // RISC-V specialization: NaN propagation (always the canonical NaN)
    // and flag raising.
    "RISCV/softfloat_raiseFlags.c",
    "RISCV/s_propagateNaNF32UI.c",
    "RISCV/s_propagateNaNF64UI.c",
];

fn main() {
    // platform.h (from SoftFloat's Linux-x86_64-GCC build) says: little
    // endian, GCC's __builtin_clz and unsigned __int128. GCC and Clang give
    // those on every 64-bit little-endian target (x86_64, aarch64, riscv64).
    let target = |key| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_ENDIAN") != "little"
        || target("CARGO_CFG_TARGET_POINTER_WIDTH") != "64"
    {
        panic!("the vendored SoftFloat build assumes a 64-bit little-endian target");
    }

    let base = Path::new("softfloat/berkeley-softfloat-3");
    let source = base.join("source");
    let shim = Path::new("softfloat/vitrine_shim.c");

    let mut build = cc::Build::new();
    // The options of SoftFloat's own build/Linux-x86_64-GCC/Makefile (and of
    // the softfloat-sys crate Vitrine used before), with the state
    // (rounding mode, flags) thread-local so each thread has its own.
    build
        .include(base.join("build/Linux-x86_64-GCC")) // platform.h
        .include(source.join("RISCV")) // specialize.h
        .include(source.join("include"))
        .define("SOFTFLOAT_FAST_INT64", None)
        .define("SOFTFLOAT_ROUND_ODD", None)
        .define("INLINE_LEVEL", "5")
        .define("SOFTFLOAT_FAST_DIV32TO16", None)
        .define("SOFTFLOAT_FAST_DIV64TO32", None)
        .define("THREAD_LOCAL", "_Thread_local")
        .files(SOURCES.iter().map(|f| source.join(f)))
        .file(shim)
        // SoftFloat is compiled as it is upstream: its warnings are not ours.
        .warnings(false)
        .flag_if_supported("-Werror=implicit-function-declaration");
    // At -O0 GCC inlines nothing, and SoftFloat's `inline` helpers
    // (INLINE_LEVEL) have no out-of-line definition to link against.
    if std::env::var("OPT_LEVEL").as_deref() == Ok("0") {
        build.opt_level(1);
    }
    build.compile("softfloat");

    println!("cargo:rerun-if-changed=softfloat");
    println!("cargo:rerun-if-changed=build.rs");
}
