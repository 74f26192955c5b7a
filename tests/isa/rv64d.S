# RV64D: double precision, and conversions between the formats.
# FS gating; fld fsd fmv.x.d fmv.d.x; fadd fsub fmul fdiv fsqrt with every
# rounding mode; exception flags (tininess after rounding); canonical NaN
# results; fmadd fmsub fnmsub fnmadd; fsgnj fsgnjn fsgnjx; fmin fmax; feq
# flt fle; fclass; fcvt.{w,wu,l,lu}.d and fcvt.d.{w,wu,l,lu}; fcvt.s.d
# (rounding, overflow, underflow, NaNs) and fcvt.d.s (exact, NaN boxing).
#
# Values are double-precision bit patterns (0d:xxxxxxxxxxxxxxxx), singles
# (0f:xxxxxxxx) or decimals. Rounded results were computed with exact
# rational arithmetic.

        .include "isa/test_macros.inc"

        TEST_BEGIN

# ---- mstatus.FS = Off: D instructions are illegal ------------------------------------------------
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        la      a1, ddata
        TRAP_BEGIN 2
        .option push
        .option norvc                           # a 32-bit fld, not c.fld
1:      fld     fa0, 0(a1)
        .option pop
        TRAP_END CAUSE_ILLEGAL_INSN
        la      t0, 1b                          # mtval = the instruction bits
        lwu     t1, 0(t0)
        CHECK_CSR_REG mtval, t1
        EXPECT_TRAP 3, CAUSE_ILLEGAL_INSN, fsd fa0, 0(a1)
        EXPECT_TRAP 4, CAUSE_ILLEGAL_INSN, fmv.d.x fa0, a1
        EXPECT_TRAP 5, CAUSE_ILLEGAL_INSN, fmv.x.d a0, fa0
        EXPECT_TRAP 6, CAUSE_ILLEGAL_INSN, fcvt.d.s fa0, fa1
        EXPECT_TRAP 7, CAUSE_ILLEGAL_INSN, fmadd.d fa0, fa1, fa2, fa3
        FPU_ON
        csrwi   frm, RM_RNE
        csrwi   fflags, 0

# ---- fld / fsd / fmv.x.d / fmv.d.x: raw 64-bit moves ---------------------------------------------
        TEST_NUM 8
        la      a1, ddata
        fld     fa0, 0(a1)
        fmv.x.d a0, fa0
        CHECK   a0, 0x3ff0000000000000
        fld     fa0, 8(a1)                      # a signalling NaN: no flags
        fsd     fa0, 16(a1)
        ld      a0, 16(a1)
        CHECK   a0, 0x7ff0000000000001
        CHECK_FFLAGS 0
        TEST_NUM 9
        li      a2, 0xfff8000012345678
        fmv.d.x fa0, a2
        fmv.x.d a0, fa0
        CHECK   a0, 0xfff8000012345678
        TEST_NUM 10                             # fsd stores all 64 bits, boxing included
        FP_LOAD_S fa0, 1.0
        fsd     fa0, 16(a1)
        ld      a0, 16(a1)
        CHECK   a0, 0xffffffff3f800000
        TEST_NUM 11                             # doubles mark FS Dirty too
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        li      t0, 1 << 13
        csrs    mstatus, t0
        fld     fa0, 0(a1)
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_FS | (1 << 63), MSTATUS_FS | (1 << 63)

# ---- arithmetic: exact results -------------------------------------------------------------------
        TEST_FP_OP2_D 12, fadd.d, 0, 3.5, 2.5, 1.0
        TEST_FP_OP2_D 13, fadd.d, 0, -1234.0, -1235.0, 1.0
        TEST_FP_OP2_D 14, fsub.d, 0, 1.5, 2.5, 1.0
        TEST_FP_OP2_D 15, fmul.d, 0, -6.25, -2.5, 2.5
        TEST_FP_OP2_D 16, fdiv.d, 0, -0.75, 3.0, -4.0
        TEST_FP_OP1_D 17, fsqrt.d, 0, 12.0, 144.0
        TEST_FP_OP1_D 18, fsqrt.d, 0, -0.0, -0.0
        TEST_FP_OP2_D 19, fadd.d, 0, 0d:0000000000000003, 0d:0000000000000001, 0d:0000000000000002  # subnormals
        TEST_FP_OP2_D 20, fsub.d, 0, -0.0, 1.0, 1.0, rdn
        TEST_FP_OP2_D 21, fsub.d, 0, 0.0, 1.0, 1.0, rup
        TEST_FP_OP2_D 22, fmul.d, 0, 0d:4000000000000000, 0d:4000000000000000, 1.0

# ---- rounding modes: 1 + 2^-53 (a tie), 1/3, sqrt(2) ---------------------------------------------
        TEST_FP_OP2_D 23, fadd.d, FFLAG_NX, 0d:3ff0000000000000, 1.0, 0d:3ca0000000000000, rne
        TEST_FP_OP2_D 24, fadd.d, FFLAG_NX, 0d:3ff0000000000000, 1.0, 0d:3ca0000000000000, rtz
        TEST_FP_OP2_D 25, fadd.d, FFLAG_NX, 0d:3ff0000000000000, 1.0, 0d:3ca0000000000000, rdn
        TEST_FP_OP2_D 26, fadd.d, FFLAG_NX, 0d:3ff0000000000001, 1.0, 0d:3ca0000000000000, rup
        TEST_FP_OP2_D 27, fadd.d, FFLAG_NX, 0d:3ff0000000000001, 1.0, 0d:3ca0000000000000, rmm
        TEST_FP_OP2_D 28, fsub.d, FFLAG_NX, 0d:bff0000000000001, -1.0, 0d:3ca0000000000000, rdn
        TEST_FP_OP2_D 29, fsub.d, FFLAG_NX, 0d:bff0000000000000, -1.0, 0d:3ca0000000000000, rup
        TEST_FP_OP2_D 30, fsub.d, FFLAG_NX, 0d:bff0000000000001, -1.0, 0d:3ca0000000000000, rmm
        TEST_FP_OP2_D 31, fdiv.d, FFLAG_NX, 0d:3fd5555555555555, 1.0, 3.0, rne
        TEST_FP_OP2_D 32, fdiv.d, FFLAG_NX, 0d:3fd5555555555555, 1.0, 3.0, rtz
        TEST_FP_OP2_D 33, fdiv.d, FFLAG_NX, 0d:3fd5555555555556, 1.0, 3.0, rup
        TEST_FP_OP2_D 34, fdiv.d, FFLAG_NX, 0d:bfd5555555555556, -1.0, 3.0, rdn
        TEST_FP_OP2_D 35, fdiv.d, FFLAG_NX, 0d:bfd5555555555555, -1.0, 3.0, rup
        TEST_FP_OP2_D 36, fdiv.d, FFLAG_NX, 0d:bfd5555555555555, -1.0, 3.0, rmm
        TEST_FP_OP1_D 37, fsqrt.d, FFLAG_NX, 0d:3ff6a09e667f3bcd, 2.0, rne
        TEST_FP_OP1_D 38, fsqrt.d, FFLAG_NX, 0d:3ff6a09e667f3bcc, 2.0, rtz
        TEST_FP_OP1_D 39, fsqrt.d, FFLAG_NX, 0d:3ff6a09e667f3bcc, 2.0, rdn
        TEST_FP_OP1_D 40, fsqrt.d, FFLAG_NX, 0d:3ff6a09e667f3bcd, 2.0, rup
        csrwi   frm, RM_RUP                     # dynamic
        TEST_FP_OP2_D 41, fadd.d, FFLAG_NX, 0d:3ff0000000000001, 1.0, 0d:3ca0000000000000
        TEST_FP_OP2_D 42, fadd.d, FFLAG_NX, 0d:3ff0000000000000, 1.0, 0d:3ca0000000000000, rtz
        csrwi   frm, RM_RDN
        TEST_FP_OP2_D 43, fdiv.d, FFLAG_NX, 0d:bfd5555555555556, -1.0, 3.0
        csrwi   frm, RM_RMM
        TEST_FP_OP2_D 44, fadd.d, FFLAG_NX, 0d:3ff0000000000001, 1.0, 0d:3ca0000000000000
        csrwi   frm, 5                          # invalid dynamic rounding mode
        EXPECT_TRAP 45, CAUSE_ILLEGAL_INSN, fmul.d fa0, fa1, fa2
        EXPECT_TRAP 46, CAUSE_ILLEGAL_INSN, fcvt.s.d fa0, fa1
        csrwi   frm, RM_RNE
        EXPECT_TRAP 47, CAUSE_ILLEGAL_INSN, .word 0x02c5d553    # fadd.d fa0, fa1, fa2 with rm = 5
        TEST_FP_OP2_D 48, fadd.d, FFLAG_NX, 0d:3ff0000000000000, 1.0, 0d:3ca0000000000000

# ---- invalid operations, NaNs --------------------------------------------------------------------
        TEST_FP_OP2_D 49, fadd.d, FFLAG_NV, 0d:7ff8000000000000, inf, -inf
        TEST_FP_OP2_D 50, fmul.d, FFLAG_NV, 0d:7ff8000000000000, -0.0, inf
        TEST_FP_OP2_D 51, fdiv.d, FFLAG_NV, 0d:7ff8000000000000, 0.0, 0.0
        TEST_FP_OP2_D 52, fdiv.d, FFLAG_NV, 0d:7ff8000000000000, inf, -inf
        TEST_FP_OP1_D 53, fsqrt.d, FFLAG_NV, 0d:7ff8000000000000, -1e-300
        TEST_FP_OP2_D 54, fsub.d, FFLAG_NV, 0d:7ff8000000000000, 0d:7ff0000000000001, 1.0
        TEST_FP_OP2_D 55, fadd.d, 0, 0d:7ff8000000000000, 0d:fff8000000001234, 1.0
        TEST_FP_OP1_D 56, fsqrt.d, 0, 0d:7ff8000000000000, 0d:7ff8000000000001

# ---- division by zero, overflow, underflow -------------------------------------------------------
        TEST_FP_OP2_D 57, fdiv.d, FFLAG_DZ, -inf, 1.0, -0.0
        TEST_FP_OP2_D 58, fdiv.d, FFLAG_DZ, inf, -5.0, -0.0
        TEST_FP_OP2_D 59, fmul.d, FFLAG_OF | FFLAG_NX, inf, 0d:7fefffffffffffff, 2.0, rne
        TEST_FP_OP2_D 60, fmul.d, FFLAG_OF | FFLAG_NX, 0d:7fefffffffffffff, 0d:7fefffffffffffff, 2.0, rtz
        TEST_FP_OP2_D 61, fmul.d, FFLAG_OF | FFLAG_NX, 0d:ffefffffffffffff, 0d:ffefffffffffffff, 2.0, rup
        TEST_FP_OP2_D 62, fmul.d, FFLAG_OF | FFLAG_NX, -inf, 0d:ffefffffffffffff, 2.0, rdn
        TEST_FP_OP2_D 63, fmul.d, FFLAG_UF | FFLAG_NX, 0.0, 0d:0000000000000001, 0.5
        TEST_FP_OP2_D 64, fmul.d, FFLAG_UF | FFLAG_NX, 0d:0000000000000001, 0d:0000000000000001, 0.5, rup
        TEST_FP_OP2_D 65, fmul.d, 0, 0d:0008000000000000, 0d:0010000000000000, 0.5   # tiny, exact
        # tininess after rounding: (2^54 - 1) * 2^-1076
        TEST_FP_OP2_D 66, fmul.d, FFLAG_NX, 0d:0010000000000000, 0d:00affff800000000, 0d:3f50000400010000, rne
        TEST_FP_OP2_D 67, fmul.d, FFLAG_UF | FFLAG_NX, 0d:000fffffffffffff, 0d:00affff800000000, 0d:3f50000400010000, rtz

# ---- fused multiply-add --------------------------------------------------------------------------
        TEST_FP_OP3_D 68, fmadd.d,  0, 7.0, 2.0, 3.0, 1.0
        TEST_FP_OP3_D 69, fmsub.d,  0, 5.0, 2.0, 3.0, 1.0
        TEST_FP_OP3_D 70, fnmsub.d, 0, -5.0, 2.0, 3.0, 1.0
        TEST_FP_OP3_D 71, fnmadd.d, 0, -7.0, 2.0, 3.0, 1.0
        # (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly
        TEST_FP_OP3_D 72, fmadd.d,  0, 0d:b970000000000000, 0d:3ff0000000000001, 0d:3feffffffffffffe, -1.0
        TEST_FP_OP3_D 73, fnmadd.d, 0, 0d:3970000000000000, 0d:3ff0000000000001, 0d:3feffffffffffffe, -1.0
        TEST_FP_OP3_D 74, fmadd.d,  FFLAG_NV, 0d:7ff8000000000000, 0.0, inf, 0d:7ff8000000000000
        TEST_FP_OP3_D 75, fmsub.d,  FFLAG_NV, 0d:7ff8000000000000, inf, 1.0, inf
        TEST_FP_OP3_D 76, fmadd.d,  0, 0d:7ff8000000000000, 1.0, 0d:fff8000000000001, 1.0
        TEST_FP_OP3_D 77, fmadd.d,  0, -0.0, 1.0, -1.0, 1.0, rdn

# ---- sign injection ------------------------------------------------------------------------------
        TEST_FP_OP2_D 78, fsgnj.d,  0, -1.0, 1.0, -2.0
        TEST_FP_OP2_D 79, fsgnjn.d, 0, 1.0, 1.0, -2.0
        TEST_FP_OP2_D 80, fsgnjx.d, 0, 1.0, -1.0, -2.0
        TEST_FP_OP2_D 81, fsgnjx.d, 0, -1.0, -1.0, 2.0
        TEST_FP_OP2_D 82, fsgnjn.d, 0, 0d:fff0000000000001, 0d:7ff0000000000001, 1.0   # no NV
        TEST_FP_OP1_D 83, fneg.d,   0, 0d:8000000000000000, 0.0
        TEST_FP_OP1_D 84, fabs.d,   0, inf, -inf
        TEST_FP_OP1_D 85, fmv.d,    0, 0d:7ff0000000000001, 0d:7ff0000000000001

# ---- fmin / fmax ---------------------------------------------------------------------------------
        TEST_FP_OP2_D 86, fmin.d, 0, -0.0, 0.0, -0.0
        TEST_FP_OP2_D 87, fmax.d, 0, 0.0, -0.0, 0.0
        TEST_FP_OP2_D 88, fmin.d, 0, -2.0, -2.0, 1.0
        TEST_FP_OP2_D 89, fmax.d, 0, 1.0, -2.0, 1.0
        TEST_FP_OP2_D 90, fmin.d, 0, 5.0, 0d:7ff8000000000000, 5.0
        TEST_FP_OP2_D 91, fmax.d, FFLAG_NV, 5.0, 5.0, 0d:7ff0000000000001
        TEST_FP_OP2_D 92, fmax.d, 0, 0d:7ff8000000000000, 0d:fff8000000000000, 0d:7ff8000000000001

# ---- comparisons ---------------------------------------------------------------------------------
        TEST_FP_CMP_D 93, feq.d, 0, 1, -0.0, 0.0
        TEST_FP_CMP_D 94, feq.d, 0, 0, 0d:7ff8000000000000, 1.0
        TEST_FP_CMP_D 95, feq.d, FFLAG_NV, 0, 0d:7ff0000000000001, 0d:7ff0000000000001
        TEST_FP_CMP_D 96, flt.d, 0, 1, 0d:3ff0000000000000, 0d:3ff0000000000001
        TEST_FP_CMP_D 97, flt.d, 0, 0, -0.0, 0.0
        TEST_FP_CMP_D 98, flt.d, FFLAG_NV, 0, 1.0, 0d:7ff8000000000000
        TEST_FP_CMP_D 99, fle.d, 0, 1, -inf, -inf
        TEST_FP_CMP_D 100, fle.d, 0, 0, 1.0, -1.0
        TEST_FP_CMP_D 101, fle.d, FFLAG_NV, 0, 0d:fff8000000000000, 1.0

# ---- fclass.d ------------------------------------------------------------------------------------
        TEST_FP_TOINT_D 102, fclass.d, 0, 1 << 0, -inf
        TEST_FP_TOINT_D 103, fclass.d, 0, 1 << 1, -1e300
        TEST_FP_TOINT_D 104, fclass.d, 0, 1 << 2, 0d:800fffffffffffff
        TEST_FP_TOINT_D 105, fclass.d, 0, 1 << 3, -0.0
        TEST_FP_TOINT_D 106, fclass.d, 0, 1 << 4, 0.0
        TEST_FP_TOINT_D 107, fclass.d, 0, 1 << 5, 0d:0000000000000001
        TEST_FP_TOINT_D 108, fclass.d, 0, 1 << 6, 0d:0010000000000000
        TEST_FP_TOINT_D 109, fclass.d, 0, 1 << 7, inf
        TEST_FP_TOINT_D 110, fclass.d, 0, 1 << 8, 0d:7ff7ffffffffffff
        TEST_FP_TOINT_D 111, fclass.d, 0, 1 << 9, 0d:7ff8000000000000

# ---- double -> integer ---------------------------------------------------------------------------
        TEST_FP_TOINT_D 112, fcvt.w.d, FFLAG_NX, 2, 2.5, rne
        TEST_FP_TOINT_D 113, fcvt.w.d, FFLAG_NX, 3, 2.5, rmm
        TEST_FP_TOINT_D 114, fcvt.w.d, FFLAG_NX, -3, -2.5, rdn
        TEST_FP_TOINT_D 115, fcvt.w.d, FFLAG_NX, -2, -2.5, rup
        TEST_FP_TOINT_D 116, fcvt.w.d, FFLAG_NX, -2, -2.5, rtz
        TEST_FP_TOINT_D 117, fcvt.w.d, FFLAG_NX, 0x7fffffff, 0d:41dfffffffe00000, rtz    # 2^31 - 0.5
        TEST_FP_TOINT_D 118, fcvt.w.d, FFLAG_NV, 0x7fffffff, 0d:41dfffffffe00000, rup    # rounds to 2^31
        TEST_FP_TOINT_D 119, fcvt.w.d, FFLAG_NX, 0xffffffff80000000, 0d:c1e0000000100000, rtz  # -2^31 - 0.5
        TEST_FP_TOINT_D 120, fcvt.w.d, FFLAG_NV, 0xffffffff80000000, 0d:c1e0000000100000, rdn
        TEST_FP_TOINT_D 121, fcvt.w.d, FFLAG_NV, 0x7fffffff, 0d:41e0000000000000         # 2^31
        TEST_FP_TOINT_D 122, fcvt.w.d, FFLAG_NV, 0x7fffffff, 0d:fff8000000000000         # NaN
        TEST_FP_TOINT_D 123, fcvt.w.d, FFLAG_NV, 0xffffffff80000000, -inf
        TEST_FP_TOINT_D 124, fcvt.wu.d, 0, 0xffffffffffffffff, 0d:41efffffffe00000        # 2^32 - 1, sign-extended
        TEST_FP_TOINT_D 125, fcvt.wu.d, FFLAG_NV, 0xffffffffffffffff, 0d:41f0000000000000 # 2^32
        TEST_FP_TOINT_D 126, fcvt.wu.d, FFLAG_NV, 0, -1.0
        TEST_FP_TOINT_D 127, fcvt.wu.d, FFLAG_NV, 0xffffffffffffffff, 0d:7ff8000000000000
        TEST_FP_TOINT_D 128, fcvt.wu.d, FFLAG_NX, 0, -0.5, rtz
        TEST_FP_TOINT_D 129, fcvt.l.d, 0, 0x7ffffffffffffc00, 0d:43dfffffffffffff
        TEST_FP_TOINT_D 130, fcvt.l.d, FFLAG_NV, 0x7fffffffffffffff, 0d:43e0000000000000  # 2^63
        TEST_FP_TOINT_D 131, fcvt.l.d, 0, 0x8000000000000000, 0d:c3e0000000000000         # -2^63
        TEST_FP_TOINT_D 132, fcvt.l.d, FFLAG_NV, 0x8000000000000000, 0d:c3e0000000000001
        TEST_FP_TOINT_D 133, fcvt.l.d, FFLAG_NV, 0x7fffffffffffffff, 0d:7ff0000000000001
        TEST_FP_TOINT_D 134, fcvt.l.d, FFLAG_NX, -1, -0.5, rdn
        TEST_FP_TOINT_D 135, fcvt.lu.d, 0, 0xfffffffffffff800, 0d:43efffffffffffff
        TEST_FP_TOINT_D 136, fcvt.lu.d, FFLAG_NV, 0xffffffffffffffff, 0d:43f0000000000000 # 2^64
        TEST_FP_TOINT_D 137, fcvt.lu.d, FFLAG_NV, 0xffffffffffffffff, inf
        TEST_FP_TOINT_D 138, fcvt.lu.d, FFLAG_NV, 0, -inf
        TEST_FP_TOINT_D 139, fcvt.lu.d, FFLAG_NX, 1, 1.5, rdn
        TEST_FP_TOINT_D 140, fcvt.lu.d, FFLAG_NX, 2, 1.5, rne

# ---- integer -> double ---------------------------------------------------------------------------
        TEST_INT_TOFP_D 141, fcvt.d.w, 0, -2147483648.0, 0x80000000      # low half, signed
        TEST_INT_TOFP_D 142, fcvt.d.w, 0, 1.0, 0xfedcba9800000001         # upper half ignored
        TEST_INT_TOFP_D 143, fcvt.d.w, 0, 0.0, 0
        TEST_INT_TOFP_D 144, fcvt.d.wu, 0, 0d:41efffffffe00000, 0xffffffff
        TEST_INT_TOFP_D 145, fcvt.d.wu, 0, 2.0, 0x1234567800000002
        TEST_INT_TOFP_D 146, fcvt.d.l, 0, 0d:c3e0000000000000, 0x8000000000000000
        TEST_INT_TOFP_D 147, fcvt.d.l, FFLAG_NX, 0d:43e0000000000000, 0x7fffffffffffffff, rne
        TEST_INT_TOFP_D 148, fcvt.d.l, FFLAG_NX, 0d:43dfffffffffffff, 0x7fffffffffffffff, rtz
        TEST_INT_TOFP_D 149, fcvt.d.l, 0, 0d:4340000000000001, 9007199254740994            # 2^53 + 2
        TEST_INT_TOFP_D 150, fcvt.d.l, FFLAG_NX, 0d:4340000000000000, 9007199254740993, rne  # 2^53 + 1: tie
        TEST_INT_TOFP_D 151, fcvt.d.l, FFLAG_NX, 0d:4340000000000001, 9007199254740993, rmm
        TEST_INT_TOFP_D 152, fcvt.d.lu, FFLAG_NX, 0d:43f0000000000000, 0xffffffffffffffff
        TEST_INT_TOFP_D 153, fcvt.d.lu, FFLAG_NX, 0d:43efffffffffffff, 0xffffffffffffffff, rdn
        TEST_INT_TOFP_D 154, fcvt.d.lu, 0, 0d:43e0000000000000, 0x8000000000000000

# ---- fcvt.s.d: rounding, overflow, underflow, NaNs -----------------------------------------------
        TEST_FCVT_S_D 155, 0, 1.5, 1.5
        TEST_FCVT_S_D 156, 0, -0.0, -0.0
        TEST_FCVT_S_D 157, 0, -inf, -inf
        TEST_FCVT_S_D 158, FFLAG_NX, 0f:3f800000, 0d:3ff0000010000000, rne     # 1 + 2^-24: a tie
        TEST_FCVT_S_D 159, FFLAG_NX, 0f:3f800001, 0d:3ff0000010000000, rmm
        TEST_FCVT_S_D 160, FFLAG_NX, 0f:3f800001, 0d:3ff0000010000000, rup
        TEST_FCVT_S_D 161, FFLAG_NX, 0f:3f800000, 0d:3ff0000010000000, rtz
        TEST_FCVT_S_D 162, FFLAG_NX, 0f:3eaaaaab, 0d:3fd5555555555555, rne     # 1/3
        TEST_FCVT_S_D 163, FFLAG_NX, 0f:3eaaaaaa, 0d:3fd5555555555555, rdn
        TEST_FCVT_S_D 164, FFLAG_OF | FFLAG_NX, inf, 1e300, rne
        TEST_FCVT_S_D 165, FFLAG_OF | FFLAG_NX, 0f:7f7fffff, 1e300, rtz
        # halfway between the largest single and 2^128: overflows only if rounded up
        TEST_FCVT_S_D 166, FFLAG_OF | FFLAG_NX, inf, 0d:47effffff0000000, rne
        TEST_FCVT_S_D 167, FFLAG_NX, 0f:7f7fffff, 0d:47effffff0000000, rtz
        TEST_FCVT_S_D 168, FFLAG_UF | FFLAG_NX, 0.0, 1e-50, rne
        TEST_FCVT_S_D 169, FFLAG_UF | FFLAG_NX, 0f:00000001, 1e-50, rup
        TEST_FCVT_S_D 170, 0, 0f:00000001, 0d:36a0000000000000                  # 2^-149: exact subnormal
        TEST_FCVT_S_D 171, FFLAG_NV, 0f:7fc00000, 0d:7ff0000000000001           # sNaN
        TEST_FCVT_S_D 172, 0, 0f:7fc00000, 0d:fff8000012345678                  # qNaN: canonical
        csrwi   frm, RM_RUP
        TEST_FCVT_S_D 173, FFLAG_NX, 0f:3eaaaaab, 0d:3fd5555555555555            # dynamic rm
        csrwi   frm, RM_RNE

# ---- fcvt.d.s: exact; NaNs become the canonical NaN; NaN boxing is checked -----------------------
        TEST_FCVT_D_S 174, 0, 1.5, 1.5
        TEST_FCVT_D_S 175, 0, 0d:36a0000000000000, 0f:00000001                 # subnormal single -> normal
        TEST_FCVT_D_S 176, 0, 0d:47efffffe0000000, 0f:7f7fffff
        TEST_FCVT_D_S 177, 0, -inf, -inf
        TEST_FCVT_D_S 178, 0, -0.0, -0.0
        TEST_FCVT_D_S 179, FFLAG_NV, 0d:7ff8000000000000, 0f:7f800001
        TEST_FCVT_D_S 180, 0, 0d:7ff8000000000000, 0f:ffc12345
        TEST_NUM 181
        li      a2, 0x3ff0000000000000          # not a boxed single
        fmv.d.x fa1, a2
        csrwi   fflags, 0
        fcvt.d.s fa0, fa1
        CHECK_FFLAGS 0
        CHECK_FREG_D fa0, 0d:7ff8000000000000

# ---- single/double results in the same register file ---------------------------------------------
        TEST_NUM 182                            # a double op reads all 64 bits of a boxed single
        FP_LOAD_S fa1, 1.0                      # 0xffffffff3f800000 is a (negative quiet) NaN double
        fclass.d a0, fa1
        CHECK   a0, 1 << 9
        fadd.d  fa0, fa1, fa1
        CHECK_FREG_D fa0, 0d:7ff8000000000000

        TEST_PASS

        .data
        .balign 8
ddata:  .double 1.0
        .dword  0x7ff0000000000001
        .dword  0

        TEST_END
