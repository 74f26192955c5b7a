/* Vitrine's entry points into Berkeley SoftFloat (not part of SoftFloat).
 *
 * Each function runs one SoftFloat operation in a RISC-V rounding mode and
 * returns the result bits together with the exception flags that operation
 * raised, so Rust makes one foreign call per instruction and never touches
 * SoftFloat's thread-local state (softfloat_roundingMode,
 * softfloat_exceptionFlags) itself. Arguments and results are fixed-width
 * integers, so the Rust declarations in emulator/src/cpu/softfloat_ffi.rs do
 * not depend on the platform's uint_fast32_t. */

#include <stdbool.h>
#include <stdint.h>
#include "softfloat.h"

/* RISC-V's rm codes and fflags bits are SoftFloat's own values: rm is passed
 * through unchanged and the flags are returned as they are. */
_Static_assert(softfloat_round_near_even == 0, "RNE");
_Static_assert(softfloat_round_minMag == 1, "RTZ");
_Static_assert(softfloat_round_min == 2, "RDN");
_Static_assert(softfloat_round_max == 3, "RUP");
_Static_assert(softfloat_round_near_maxMag == 4, "RMM");
_Static_assert(softfloat_flag_inexact == 0x01, "NX");
_Static_assert(softfloat_flag_underflow == 0x02, "UF");
_Static_assert(softfloat_flag_overflow == 0x04, "OF");
_Static_assert(softfloat_flag_infinite == 0x08, "DZ");
_Static_assert(softfloat_flag_invalid == 0x10, "NV");

/* Must match softfloat_ffi::R32 / R64. */
struct vitrine_r32 { uint32_t bits; uint8_t flags; };
struct vitrine_r64 { uint64_t bits; uint8_t flags; };

#define F32(x) ((float32_t){ .v = (x) })
#define F64(x) ((float64_t){ .v = (x) })

/* Run EXPR (a uintW_t) in rounding mode rm with the flags cleared; return it
 * with the flags it raised. */
#define RUN(W, rm, EXPR) \
    softfloat_roundingMode = (rm); \
    softfloat_exceptionFlags = 0; \
    uint##W##_t v_ = (EXPR); \
    return (struct vitrine_r##W){ v_, (uint8_t) softfloat_exceptionFlags }

#define BINARY(W, op) \
    struct vitrine_r##W vitrine_##op(uint##W##_t a, uint##W##_t b, uint8_t rm) \
    { RUN(W, rm, op(F##W(a), F##W(b)).v); }

BINARY(32, f32_add)
BINARY(32, f32_sub)
BINARY(32, f32_mul)
BINARY(32, f32_div)
BINARY(64, f64_add)
BINARY(64, f64_sub)
BINARY(64, f64_mul)
BINARY(64, f64_div)

struct vitrine_r32 vitrine_f32_sqrt(uint32_t a, uint8_t rm)
{ RUN(32, rm, f32_sqrt(F32(a)).v); }
struct vitrine_r64 vitrine_f64_sqrt(uint64_t a, uint8_t rm)
{ RUN(64, rm, f64_sqrt(F64(a)).v); }

struct vitrine_r32 vitrine_f32_muladd(uint32_t a, uint32_t b, uint32_t c, uint8_t rm)
{ RUN(32, rm, f32_mulAdd(F32(a), F32(b), F32(c)).v); }
struct vitrine_r64 vitrine_f64_muladd(uint64_t a, uint64_t b, uint64_t c, uint8_t rm)
{ RUN(64, rm, f64_mulAdd(F64(a), F64(b), F64(c)).v); }

/* Float to integer: SoftFloat takes the rounding mode as an argument; exact =
 * true, so an inexact conversion raises NX as FCVT does. A 32-bit result is
 * the low 32 bits of SoftFloat's int_fast32_t / uint_fast32_t. */
#define TO_INT(W, RW, op) \
    struct vitrine_r##RW vitrine_##op(uint##W##_t a, uint8_t rm) \
    { RUN(RW, rm, (uint##RW##_t) op(F##W(a), rm, true)); }

TO_INT(32, 32, f32_to_i32)
TO_INT(32, 32, f32_to_ui32)
TO_INT(32, 64, f32_to_i64)
TO_INT(32, 64, f32_to_ui64)
TO_INT(64, 32, f64_to_i32)
TO_INT(64, 32, f64_to_ui32)
TO_INT(64, 64, f64_to_i64)
TO_INT(64, 64, f64_to_ui64)

#define FROM_INT(T, W, op) \
    struct vitrine_r##W vitrine_##op(T a, uint8_t rm) \
    { RUN(W, rm, op(a).v); }

FROM_INT(int32_t, 32, i32_to_f32)
FROM_INT(uint32_t, 32, ui32_to_f32)
FROM_INT(int64_t, 32, i64_to_f32)
FROM_INT(uint64_t, 32, ui64_to_f32)
FROM_INT(int64_t, 64, i64_to_f64)
FROM_INT(uint64_t, 64, ui64_to_f64)

struct vitrine_r32 vitrine_f64_to_f32(uint64_t a, uint8_t rm)
{ RUN(32, rm, f64_to_f32(F64(a)).v); }
