# RV64F: single precision. mstatus.FS gating and dirty tracking; flw fsw
# fmv.x.w fmv.w.x; fadd fsub fmul fdiv fsqrt with every rounding mode,
# dynamic (frm) and static; invalid rounding modes; exception flags (NV DZ
# OF UF NX, tininess detected after rounding); canonical NaN results;
# fmadd fmsub fnmsub fnmadd (one rounding); fsgnj fsgnjn fsgnjx; fmin fmax
# (-0 < +0, NaN operands); feq flt fle; fclass; fcvt.{w,wu,l,lu}.s with
# saturation; fcvt.s.{w,wu,l,lu}; NaN boxing (narrower values held in the
# 64-bit registers).
#
# Values are single-precision bit patterns (0f:xxxxxxxx) or decimals.
# Results that need rounding were computed with exact rational arithmetic.

        .include "isa/test_macros.inc"

        TEST_BEGIN

# ---- mstatus.FS = Off: every F instruction and fcsr access is illegal ----------------------------
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        TRAP_BEGIN 2
1:      fadd.s  fa0, fa1, fa2
        TRAP_END CAUSE_ILLEGAL_INSN
        la      t0, 1b                          # mtval = the instruction bits
        lwu     t1, 0(t0)
        CHECK_CSR_REG mtval, t1
        la      a1, fdata
        EXPECT_TRAP 3, CAUSE_ILLEGAL_INSN, flw fa0, 0(a1)
        EXPECT_TRAP 4, CAUSE_ILLEGAL_INSN, fsw fa0, 0(a1)
        EXPECT_TRAP 5, CAUSE_ILLEGAL_INSN, fmv.w.x fa0, a1
        EXPECT_TRAP 6, CAUSE_ILLEGAL_INSN, fmv.x.w a0, fa0
        EXPECT_TRAP 7, CAUSE_ILLEGAL_INSN, csrr a0, fcsr
        EXPECT_TRAP 8, CAUSE_ILLEGAL_INSN, csrwi fflags, 1
        EXPECT_TRAP 9, CAUSE_ILLEGAL_INSN, frrm a0

# ---- writing FP state marks FS Dirty (and sets mstatus.SD) ---------------------------------------
        TEST_NUM 10
        li      t0, 1 << 13                     # FS = Initial
        csrs    mstatus, t0
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_FS | (1 << 63), 1 << 13
        fmv.w.x ft0, zero                       # modifies an f register
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_FS | (1 << 63), MSTATUS_FS | (1 << 63)
        TEST_NUM 11
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        li      t0, 2 << 13                     # FS = Clean
        csrs    mstatus, t0
        fadd.s  ft1, ft0, ft0
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_FS | (1 << 63), MSTATUS_FS | (1 << 63)
        li      t0, MSTATUS_FS                  # fcsr is FP state too
        csrc    mstatus, t0
        li      t0, 1 << 13
        csrs    mstatus, t0
        csrwi   fflags, FFLAG_NX
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_FS | (1 << 63), MSTATUS_FS | (1 << 63)
        FPU_ON
        csrwi   frm, RM_RNE
        csrwi   fflags, 0

# ---- flw / fsw / fmv: NaN boxing of loaded values, raw 32-bit moves ------------------------------
        TEST_NUM 12
        la      a1, fdata
        flw     fa0, 4(a1)                      # -1.0
        fmv.x.d a0, fa0                         # upper 32 bits all ones
        CHECK   a0, 0xffffffffbf800000
        fmv.x.w a0, fa0                         # sign-extended bit pattern
        CHECK   a0, 0xffffffffbf800000
        TEST_NUM 13
        flw     fa0, 0(a1)                      # 1.0
        fsw     fa0, 12(a1)
        lwu     a0, 12(a1)
        CHECK   a0, 0x3f800000
        fmv.x.w a0, fa0                         # positive: zero-extended
        CHECK   a0, 0x3f800000
        TEST_NUM 14
        li      a2, 0x123456787fc00001          # fmv.w.x takes the low 32 bits
        fmv.w.x fa0, a2
        fmv.x.d a0, fa0
        CHECK   a0, 0xffffffff7fc00001          # NaN payload kept, value boxed
        TEST_NUM 15
        flw     fa0, 8(a1)                      # a signalling NaN: loads never signal
        CHECK_FFLAGS 0
        fsw     fa0, 12(a1)
        lwu     a0, 12(a1)
        CHECK   a0, 0x7f800001
        TEST_INT_TOFP_S 16, fmv.w.x, 0, 0f:80000000, 0x80000000

# ---- fadd / fsub / fmul / fdiv / fsqrt: exact results --------------------------------------------
        TEST_FP_OP2_S 17, fadd.s, 0, 3.5, 2.5, 1.0
        TEST_FP_OP2_S 18, fadd.s, 0, -1234.0, -1235.0, 1.0
        TEST_FP_OP2_S 19, fsub.s, 0, 1.5, 2.5, 1.0
        TEST_FP_OP2_S 20, fsub.s, 0, -3.5, -2.5, 1.0
        TEST_FP_OP2_S 21, fmul.s, 0, 2.5, 2.5, 1.0
        TEST_FP_OP2_S 22, fmul.s, 0, -6.25, -2.5, 2.5
        TEST_FP_OP2_S 23, fdiv.s, 0, 1.25, 2.5, 2.0
        TEST_FP_OP2_S 24, fdiv.s, 0, -0.75, 3.0, -4.0
        TEST_FP_OP1_S 25, fsqrt.s, 0, 4.0, 16.0
        TEST_FP_OP1_S 26, fsqrt.s, 0, -0.0, -0.0        # sqrt(-0) = -0, no flag
        TEST_FP_OP1_S 27, fsqrt.s, 0, inf, inf
        TEST_FP_OP1_S 28, fsqrt.s, FFLAG_NX, 0f:3fb504f3, 2.0   # sqrt(2)

# ---- the sign of zero sums depends on the rounding mode ------------------------------------------
        TEST_FP_OP2_S 29, fsub.s, 0, 0.0, 1.0, 1.0, rne         # x - x = +0 ...
        TEST_FP_OP2_S 30, fsub.s, 0, -0.0, 1.0, 1.0, rdn        # ... but -0 rounding down
        TEST_FP_OP2_S 31, fadd.s, 0, -0.0, -0.0, -0.0
        TEST_FP_OP2_S 32, fadd.s, 0, 0.0, -0.0, 0.0
        TEST_FP_OP2_S 33, fadd.s, 0, -0.0, -0.0, 0.0, rdn

# ---- rounding modes, static: 1 + 2^-24 is a tie between 1 and 1 + 2^-23 --------------------------
        TEST_FP_OP2_S 34, fadd.s, FFLAG_NX, 0f:3f800000, 1.0, 0f:33800000, rne
        TEST_FP_OP2_S 35, fadd.s, FFLAG_NX, 0f:3f800000, 1.0, 0f:33800000, rtz
        TEST_FP_OP2_S 36, fadd.s, FFLAG_NX, 0f:3f800000, 1.0, 0f:33800000, rdn
        TEST_FP_OP2_S 37, fadd.s, FFLAG_NX, 0f:3f800001, 1.0, 0f:33800000, rup
        TEST_FP_OP2_S 38, fadd.s, FFLAG_NX, 0f:3f800001, 1.0, 0f:33800000, rmm
        TEST_FP_OP2_S 39, fsub.s, FFLAG_NX, 0f:bf800000, -1.0, 0f:33800000, rne
        TEST_FP_OP2_S 40, fsub.s, FFLAG_NX, 0f:bf800000, -1.0, 0f:33800000, rtz
        TEST_FP_OP2_S 41, fsub.s, FFLAG_NX, 0f:bf800001, -1.0, 0f:33800000, rdn
        TEST_FP_OP2_S 42, fsub.s, FFLAG_NX, 0f:bf800000, -1.0, 0f:33800000, rup
        TEST_FP_OP2_S 43, fsub.s, FFLAG_NX, 0f:bf800001, -1.0, 0f:33800000, rmm
        # 1/3 and -1/3 (not ties)
        TEST_FP_OP2_S 44, fdiv.s, FFLAG_NX, 0f:3eaaaaab, 1.0, 3.0, rne
        TEST_FP_OP2_S 45, fdiv.s, FFLAG_NX, 0f:3eaaaaaa, 1.0, 3.0, rtz
        TEST_FP_OP2_S 46, fdiv.s, FFLAG_NX, 0f:3eaaaaaa, 1.0, 3.0, rdn
        TEST_FP_OP2_S 47, fdiv.s, FFLAG_NX, 0f:3eaaaaab, 1.0, 3.0, rup
        TEST_FP_OP2_S 48, fdiv.s, FFLAG_NX, 0f:3eaaaaab, 1.0, 3.0, rmm
        TEST_FP_OP2_S 49, fdiv.s, FFLAG_NX, 0f:beaaaaab, -1.0, 3.0, rne
        TEST_FP_OP2_S 50, fdiv.s, FFLAG_NX, 0f:beaaaaaa, -1.0, 3.0, rtz
        TEST_FP_OP2_S 51, fdiv.s, FFLAG_NX, 0f:beaaaaab, -1.0, 3.0, rdn
        TEST_FP_OP2_S 52, fdiv.s, FFLAG_NX, 0f:beaaaaaa, -1.0, 3.0, rup
        TEST_FP_OP2_S 53, fdiv.s, FFLAG_NX, 0f:beaaaaab, -1.0, 3.0, rmm
        TEST_FP_OP1_S 54, fsqrt.s, FFLAG_NX, 0f:3fb504f3, 2.0, rtz
        TEST_FP_OP1_S 55, fsqrt.s, FFLAG_NX, 0f:3fb504f4, 2.0, rup

# ---- rounding modes, dynamic: frm selects; a static rm overrides frm -----------------------------
        csrwi   frm, RM_RTZ
        TEST_FP_OP2_S 56, fadd.s, FFLAG_NX, 0f:3f800000, 1.0, 0f:33800000
        TEST_FP_OP2_S 57, fdiv.s, FFLAG_NX, 0f:beaaaaaa, -1.0, 3.0
        csrwi   frm, RM_RDN
        TEST_FP_OP2_S 58, fdiv.s, FFLAG_NX, 0f:beaaaaab, -1.0, 3.0
        TEST_FP_OP2_S 59, fsub.s, 0, -0.0, 2.0, 2.0
        csrwi   frm, RM_RUP
        TEST_FP_OP2_S 60, fadd.s, FFLAG_NX, 0f:3f800001, 1.0, 0f:33800000
        TEST_FP_OP2_S 61, fmul.s, FFLAG_NX, 0f:3eaaaaac, 0f:3eaaaaab, 0f:3f800001, rtz  # static wins (rup: ...ad)
        csrwi   frm, RM_RMM
        TEST_FP_OP2_S 62, fadd.s, FFLAG_NX, 0f:3f800001, 1.0, 0f:33800000
        TEST_FP_OP2_S 63, fadd.s, FFLAG_NX, 0f:3f800000, 1.0, 0f:33800000, rne      # static wins
        TEST_FP_OP2_S 64, fadd.s, FFLAG_NX, 0f:3f800001, 1.0, 0f:33800000, dyn      # explicit dyn
        csrwi   frm, RM_RNE
        TEST_FP_OP2_S 65, fadd.s, FFLAG_NX, 0f:3f800000, 1.0, 0f:33800000

# ---- invalid rounding modes: frm = 5/6/7 with dyn, or a static rm of 5/6, are illegal ------------
        csrwi   frm, 5
        EXPECT_TRAP 66, CAUSE_ILLEGAL_INSN, fadd.s fa0, fa1, fa2
        csrwi   frm, 6
        EXPECT_TRAP 67, CAUSE_ILLEGAL_INSN, fdiv.s fa0, fa1, fa2
        csrwi   frm, 7
        EXPECT_TRAP 68, CAUSE_ILLEGAL_INSN, fcvt.w.s a0, fa1
        TEST_FP_OP2_S 69, fadd.s, FFLAG_NX, 0f:3f800001, 1.0, 0f:33800000, rup   # static rm is fine
        csrwi   frm, RM_RNE
        EXPECT_TRAP 70, CAUSE_ILLEGAL_INSN, .word 0x00c5d553    # fadd.s fa0, fa1, fa2 with rm = 5
        EXPECT_TRAP 71, CAUSE_ILLEGAL_INSN, .word 0x00c5e553    # ... rm = 6
        # instructions without a rounding mode ignore frm
        csrwi   frm, 5
        TEST_FP_OP2_S 72, fsgnjn.s, 0, -1.0, 1.0, 1.0
        TEST_FP_CMP_S 73, flt.s, 0, 1, 1.0, 2.0
        csrwi   frm, RM_RNE

# ---- invalid operations: canonical NaN (0x7fc00000) and NV ---------------------------------------
        TEST_FP_OP2_S 74, fadd.s, FFLAG_NV, 0f:7fc00000, inf, -inf
        TEST_FP_OP2_S 75, fsub.s, FFLAG_NV, 0f:7fc00000, inf, inf
        TEST_FP_OP2_S 76, fmul.s, FFLAG_NV, 0f:7fc00000, inf, 0.0
        TEST_FP_OP2_S 77, fdiv.s, FFLAG_NV, 0f:7fc00000, 0.0, -0.0
        TEST_FP_OP2_S 78, fdiv.s, FFLAG_NV, 0f:7fc00000, -inf, inf
        TEST_FP_OP1_S 79, fsqrt.s, FFLAG_NV, 0f:7fc00000, -1.0
        TEST_FP_OP1_S 80, fsqrt.s, FFLAG_NV, 0f:7fc00000, -inf
        # signalling NaN operands raise NV; NaN payloads are not propagated
        TEST_FP_OP2_S 81, fadd.s, FFLAG_NV, 0f:7fc00000, 0f:7f800001, 1.0
        TEST_FP_OP2_S 82, fmul.s, FFLAG_NV, 0f:7fc00000, 1.0, 0f:ffa00000
        TEST_FP_OP1_S 83, fsqrt.s, FFLAG_NV, 0f:7fc00000, 0f:7f800001
        # quiet NaN operands: canonical NaN result, no flags
        TEST_FP_OP2_S 84, fadd.s, 0, 0f:7fc00000, 0f:ffc12345, 1.0
        TEST_FP_OP2_S 85, fdiv.s, 0, 0f:7fc00000, 1.0, 0f:7fd00000
        TEST_FP_OP1_S 86, fsqrt.s, 0, 0f:7fc00000, 0f:ffc00000

# ---- division by zero, overflow, underflow -------------------------------------------------------
        TEST_FP_OP2_S 87, fdiv.s, FFLAG_DZ, inf, 1.0, 0.0
        TEST_FP_OP2_S 88, fdiv.s, FFLAG_DZ, -inf, -1.0, 0.0
        TEST_FP_OP2_S 89, fdiv.s, FFLAG_DZ, -inf, 1.0, -0.0
        TEST_FP_OP2_S 90, fdiv.s, 0, inf, inf, 0.0                   # inf / 0: exact, no DZ
        # max * 2: overflow to inf, or to max where the rounding mode points inward
        TEST_FP_OP2_S 91, fmul.s, FFLAG_OF | FFLAG_NX, inf, 0f:7f7fffff, 2.0, rne
        TEST_FP_OP2_S 92, fmul.s, FFLAG_OF | FFLAG_NX, 0f:7f7fffff, 0f:7f7fffff, 2.0, rtz
        TEST_FP_OP2_S 93, fmul.s, FFLAG_OF | FFLAG_NX, 0f:7f7fffff, 0f:7f7fffff, 2.0, rdn
        TEST_FP_OP2_S 94, fmul.s, FFLAG_OF | FFLAG_NX, inf, 0f:7f7fffff, 2.0, rup
        TEST_FP_OP2_S 95, fmul.s, FFLAG_OF | FFLAG_NX, -inf, 0f:ff7fffff, 2.0, rmm
        TEST_FP_OP2_S 96, fmul.s, FFLAG_OF | FFLAG_NX, 0f:ff7fffff, 0f:ff7fffff, 2.0, rup
        TEST_FP_OP2_S 97, fadd.s, FFLAG_OF | FFLAG_NX, inf, 0f:7f7fffff, 0f:7f7fffff
        # min subnormal / 2: underflow (tiny and inexact)
        TEST_FP_OP2_S 98, fmul.s, FFLAG_UF | FFLAG_NX, 0.0, 0f:00000001, 0.5, rne
        TEST_FP_OP2_S 99, fmul.s, FFLAG_UF | FFLAG_NX, 0f:00000001, 0f:00000001, 0.5, rup
        TEST_FP_OP2_S 100, fmul.s, FFLAG_UF | FFLAG_NX, 0f:80000001, 0f:80000001, 0.5, rdn
        TEST_FP_OP2_S 101, fmul.s, FFLAG_UF | FFLAG_NX, -0.0, 0f:80000001, 0.5, rtz
        # tiny but exact: no underflow flag
        TEST_FP_OP2_S 102, fmul.s, 0, 0f:00400000, 0f:00800000, 0.5
        TEST_FP_OP2_S 103, fsub.s, 0, 0f:00000001, 0f:00800001, 0f:00800000
        # tininess is detected after rounding: (2^25 - 1) * 2^-151 rounds to the
        # smallest normal (no UF) in RNE, stays subnormal (UF) in RTZ
        TEST_FP_OP2_S 104, fmul.s, FFLAG_NX, 0f:00800000, 0f:00918e00, 0f:3f612000, rne
        TEST_FP_OP2_S 105, fmul.s, FFLAG_UF | FFLAG_NX, 0f:007fffff, 0f:00918e00, 0f:3f612000, rtz
        # subnormal operands are not flushed
        TEST_FP_OP2_S 106, fadd.s, 0, 0f:00000003, 0f:00000001, 0f:00000002
        TEST_FP_OP2_S 107, fmul.s, 0, 0f:00800000, 0f:00400000, 2.0

# ---- fused multiply-add: signs, single rounding, invalid cases -----------------------------------
        TEST_FP_OP3_S 108, fmadd.s,  0, 7.0, 2.0, 3.0, 1.0            # a*b + c
        TEST_FP_OP3_S 109, fmsub.s,  0, 5.0, 2.0, 3.0, 1.0            # a*b - c
        TEST_FP_OP3_S 110, fnmsub.s, 0, -5.0, 2.0, 3.0, 1.0           # -(a*b) + c
        TEST_FP_OP3_S 111, fnmadd.s, 0, -7.0, 2.0, 3.0, 1.0           # -(a*b) - c
        TEST_FP_OP3_S 112, fmadd.s,  0, -0.5, -1.5, 1.0, 1.0
        TEST_FP_OP3_S 113, fnmadd.s, 0, 0.5, -1.5, 1.0, 1.0
        # (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly: the product is not rounded
        TEST_FP_OP3_S 114, fmadd.s,  0, 0f:a8800000, 0f:3f800001, 0f:3f7ffffe, -1.0
        TEST_FP_OP3_S 115, fmsub.s,  0, 0f:a8800000, 0f:3f800001, 0f:3f7ffffe, 1.0
        TEST_FP_OP3_S 116, fnmsub.s, 0, 0f:28800000, 0f:3f800001, 0f:3f7ffffe, 1.0
        TEST_FP_OP3_S 117, fmadd.s,  FFLAG_NX, 0f:3f800001, 1.0, 1.0, 0f:33800001  # 1 + (2^-24 + 2^-47) rounds up
        # inf * 0 is invalid even when the addend is a quiet NaN
        TEST_FP_OP3_S 118, fmadd.s,  FFLAG_NV, 0f:7fc00000, inf, 0.0, 0f:7fc00000
        TEST_FP_OP3_S 119, fmadd.s,  FFLAG_NV, 0f:7fc00000, 0.0, -inf, 1.0
        TEST_FP_OP3_S 120, fmadd.s,  FFLAG_NV, 0f:7fc00000, inf, 1.0, -inf   # inf - inf
        TEST_FP_OP3_S 121, fmadd.s,  0, 0f:7fc00000, 1.0, 2.0, 0f:7fc00001  # quiet NaN addend
        TEST_FP_OP3_S 122, fnmsub.s, FFLAG_NV, 0f:7fc00000, 1.0, 2.0, 0f:7f800001
        TEST_FP_OP3_S 123, fmadd.s,  FFLAG_OF | FFLAG_NX, inf, 0f:7f7fffff, 2.0, 0.0
        # zero results: signs as for fadd
        TEST_FP_OP3_S 124, fmadd.s,  0, 0.0, 1.0, 1.0, -1.0
        TEST_FP_OP3_S 125, fmadd.s,  0, -0.0, 1.0, 1.0, -1.0, rdn
        TEST_FP_OP3_S 126, fnmadd.s, 0, -0.0, 0.0, 1.0, 0.0             # -(+0) - (+0) = -0
        # rounding mode applies to the single rounding
        TEST_FP_OP3_S 127, fmadd.s,  FFLAG_NX, 0f:3eaaaaab, 0f:3eaaaaab, 1.0, 0f:2f000000, rtz
        TEST_FP_OP3_S 128, fmadd.s,  FFLAG_NX, 0f:3eaaaaac, 0f:3eaaaaab, 1.0, 0f:2f000000, rup

# ---- sign injection: pure bit operations, no flags, NaNs kept as they are ------------------------
        TEST_FP_OP2_S 129, fsgnj.s,  0, -1.0, 1.0, -2.0
        TEST_FP_OP2_S 130, fsgnj.s,  0, 1.0, -1.0, 2.0
        TEST_FP_OP2_S 131, fsgnjn.s, 0, 1.0, 1.0, -2.0
        TEST_FP_OP2_S 132, fsgnjn.s, 0, -1.0, -1.0, 2.0
        TEST_FP_OP2_S 133, fsgnjx.s, 0, 1.0, -1.0, -2.0
        TEST_FP_OP2_S 134, fsgnjx.s, 0, -1.0, -1.0, 2.0
        TEST_FP_OP2_S 135, fsgnjx.s, 0, -1.0, 1.0, -0.0
        TEST_FP_OP2_S 136, fsgnjn.s, 0, 0f:ff800001, 0f:7f800001, 1.0   # sNaN: no NV, payload kept
        TEST_FP_OP2_S 137, fsgnj.s,  0, 0f:7fc12345, 0f:ffc12345, 0f:7fc00000
        TEST_FP_OP1_S 138, fmv.s,    0, 0f:7f800001, 0f:7f800001
        TEST_FP_OP1_S 139, fneg.s,   0, 0f:80000000, 0.0
        TEST_FP_OP1_S 140, fabs.s,   0, inf, -inf
        TEST_FP_OP1_S 141, fabs.s,   0, 0f:7fc00001, 0f:ffc00001

# ---- fmin / fmax: -0 < +0; a single NaN operand is ignored; sNaN raises NV -----------------------
        TEST_FP_OP2_S 142, fmin.s, 0, 1.0, 1.0, 2.0
        TEST_FP_OP2_S 143, fmin.s, 0, -2.0, 1.0, -2.0
        TEST_FP_OP2_S 144, fmax.s, 0, 2.0, 1.0, 2.0
        TEST_FP_OP2_S 145, fmax.s, 0, 1.0, 1.0, -2.0
        TEST_FP_OP2_S 146, fmin.s, 0, -0.0, -0.0, 0.0
        TEST_FP_OP2_S 147, fmin.s, 0, -0.0, 0.0, -0.0
        TEST_FP_OP2_S 148, fmax.s, 0, 0.0, -0.0, 0.0
        TEST_FP_OP2_S 149, fmax.s, 0, 0.0, 0.0, -0.0
        TEST_FP_OP2_S 150, fmin.s, 0, -inf, -inf, 0f:ff7fffff
        TEST_FP_OP2_S 151, fmax.s, 0, inf, 0f:7f7fffff, inf
        TEST_FP_OP2_S 152, fmin.s, 0, 1.0, 0f:7fc00000, 1.0
        TEST_FP_OP2_S 153, fmin.s, 0, -1.0, -1.0, 0f:ffc00001
        TEST_FP_OP2_S 154, fmax.s, 0, 1.0, 0f:7fc00000, 1.0
        TEST_FP_OP2_S 155, fmin.s, FFLAG_NV, 1.0, 0f:7f800001, 1.0
        TEST_FP_OP2_S 156, fmax.s, FFLAG_NV, -3.0, -3.0, 0f:ff800001
        TEST_FP_OP2_S 157, fmin.s, 0, 0f:7fc00000, 0f:7fc12345, 0f:ffc00001  # both NaN: canonical
        TEST_FP_OP2_S 158, fmax.s, FFLAG_NV, 0f:7fc00000, 0f:7f800001, 0f:7fc00000

# ---- comparisons: feq is quiet (NV only for sNaN), flt/fle signal on any NaN ---------------------
        TEST_FP_CMP_S 159, feq.s, 0, 1, 1.5, 1.5
        TEST_FP_CMP_S 160, feq.s, 0, 0, 1.5, -1.5
        TEST_FP_CMP_S 161, feq.s, 0, 1, -0.0, 0.0
        TEST_FP_CMP_S 162, feq.s, 0, 0, 0f:7fc00000, 0f:7fc00000
        TEST_FP_CMP_S 163, feq.s, FFLAG_NV, 0, 0f:7f800001, 1.0
        TEST_FP_CMP_S 164, flt.s, 0, 1, -2.0, 1.0
        TEST_FP_CMP_S 165, flt.s, 0, 0, 1.0, 1.0
        TEST_FP_CMP_S 166, flt.s, 0, 0, -0.0, 0.0
        TEST_FP_CMP_S 167, flt.s, 0, 1, -inf, 0f:ff7fffff
        TEST_FP_CMP_S 168, flt.s, FFLAG_NV, 0, 0f:7fc00000, 1.0
        TEST_FP_CMP_S 169, fle.s, 0, 1, 1.0, 1.0
        TEST_FP_CMP_S 170, fle.s, 0, 1, 0.0, -0.0
        TEST_FP_CMP_S 171, fle.s, 0, 0, 2.0, 1.0
        TEST_FP_CMP_S 172, fle.s, FFLAG_NV, 0, 1.0, 0f:7fc00000
        TEST_FP_CMP_S 173, fle.s, FFLAG_NV, 0, 0f:ff800001, 0f:ff800001
        # x0 as destination
        TEST_NUM 174
        feq.s   zero, fa1, fa1
        CHECK   zero, 0

# ---- fclass: exactly one of ten bits -------------------------------------------------------------
        TEST_FP_TOINT_S 175, fclass.s, 0, 1 << 0, -inf
        TEST_FP_TOINT_S 176, fclass.s, 0, 1 << 1, -1.0
        TEST_FP_TOINT_S 177, fclass.s, 0, 1 << 2, 0f:807fffff
        TEST_FP_TOINT_S 178, fclass.s, 0, 1 << 3, -0.0
        TEST_FP_TOINT_S 179, fclass.s, 0, 1 << 4, 0.0
        TEST_FP_TOINT_S 180, fclass.s, 0, 1 << 5, 0f:00000001
        TEST_FP_TOINT_S 181, fclass.s, 0, 1 << 6, 0f:7f7fffff
        TEST_FP_TOINT_S 182, fclass.s, 0, 1 << 7, inf
        TEST_FP_TOINT_S 183, fclass.s, 0, 1 << 8, 0f:7fbfffff           # signalling NaN
        TEST_FP_TOINT_S 184, fclass.s, 0, 1 << 9, 0f:ffc00000           # quiet NaN (any sign)

# ---- fcvt.w.s / fcvt.wu.s: rounding, saturation, NV; results sign-extended -----------------------
        TEST_FP_TOINT_S 185, fcvt.w.s, FFLAG_NX, 2, 2.5, rne
        TEST_FP_TOINT_S 186, fcvt.w.s, FFLAG_NX, 2, 2.5, rtz
        TEST_FP_TOINT_S 187, fcvt.w.s, FFLAG_NX, 2, 2.5, rdn
        TEST_FP_TOINT_S 188, fcvt.w.s, FFLAG_NX, 3, 2.5, rup
        TEST_FP_TOINT_S 189, fcvt.w.s, FFLAG_NX, 3, 2.5, rmm
        TEST_FP_TOINT_S 190, fcvt.w.s, FFLAG_NX, -2, -2.5, rne
        TEST_FP_TOINT_S 191, fcvt.w.s, FFLAG_NX, -2, -2.5, rtz
        TEST_FP_TOINT_S 192, fcvt.w.s, FFLAG_NX, -3, -2.5, rdn
        TEST_FP_TOINT_S 193, fcvt.w.s, FFLAG_NX, -2, -2.5, rup
        TEST_FP_TOINT_S 194, fcvt.w.s, FFLAG_NX, -3, -2.5, rmm
        TEST_FP_TOINT_S 195, fcvt.w.s, 0, 0xffffffff80000000, 0f:cf000000        # -2^31: exact
        TEST_FP_TOINT_S 196, fcvt.w.s, FFLAG_NV, 0x7fffffff, 0f:4f000000         # 2^31: too big
        TEST_FP_TOINT_S 197, fcvt.w.s, FFLAG_NV, 0xffffffff80000000, 0f:cf000001
        TEST_FP_TOINT_S 198, fcvt.w.s, FFLAG_NV, 0x7fffffff, inf
        TEST_FP_TOINT_S 199, fcvt.w.s, FFLAG_NV, 0xffffffff80000000, -inf
        TEST_FP_TOINT_S 200, fcvt.w.s, FFLAG_NV, 0x7fffffff, 0f:ffc00000          # any NaN: max
        TEST_FP_TOINT_S 201, fcvt.w.s, FFLAG_NV, 0x7fffffff, 0f:7f800001
        TEST_FP_TOINT_S 202, fcvt.wu.s, 0, 0xffffffffffffff00, 0f:4f7fffff       # 2^32 - 256, sign-extended
        TEST_FP_TOINT_S 203, fcvt.wu.s, FFLAG_NV, 0xffffffffffffffff, 0f:4f800000  # 2^32
        TEST_FP_TOINT_S 204, fcvt.wu.s, FFLAG_NV, 0xffffffffffffffff, 0f:7fc00000
        TEST_FP_TOINT_S 205, fcvt.wu.s, FFLAG_NV, 0, -1.0
        TEST_FP_TOINT_S 206, fcvt.wu.s, FFLAG_NV, 0, -inf
        TEST_FP_TOINT_S 207, fcvt.wu.s, FFLAG_NX, 0, -0.5, rtz                    # rounds to 0: not invalid
        TEST_FP_TOINT_S 208, fcvt.wu.s, FFLAG_NV, 0, -0.5, rdn                    # rounds to -1: invalid
        TEST_FP_TOINT_S 209, fcvt.wu.s, 0, 0, -0.0

# ---- fcvt.l.s / fcvt.lu.s ------------------------------------------------------------------------
        TEST_FP_TOINT_S 210, fcvt.l.s, FFLAG_NX, 1, 1.5, rtz
        TEST_FP_TOINT_S 211, fcvt.l.s, FFLAG_NX, -2, -1.5, rne
        TEST_FP_TOINT_S 212, fcvt.l.s, 0, 0x8000000000000000, 0f:df000000        # -2^63: exact
        TEST_FP_TOINT_S 213, fcvt.l.s, 0, 0x7fffff8000000000, 0f:5effffff
        TEST_FP_TOINT_S 214, fcvt.l.s, FFLAG_NV, 0x7fffffffffffffff, 0f:5f000000  # 2^63
        TEST_FP_TOINT_S 215, fcvt.l.s, FFLAG_NV, 0x8000000000000000, -inf
        TEST_FP_TOINT_S 216, fcvt.l.s, FFLAG_NV, 0x7fffffffffffffff, 0f:7fc00000
        TEST_FP_TOINT_S 217, fcvt.lu.s, 0, 0xffffff0000000000, 0f:5f7fffff
        TEST_FP_TOINT_S 218, fcvt.lu.s, FFLAG_NV, 0xffffffffffffffff, 0f:5f800000 # 2^64
        TEST_FP_TOINT_S 219, fcvt.lu.s, FFLAG_NV, 0xffffffffffffffff, 0f:ff800001 # NaN
        TEST_FP_TOINT_S 220, fcvt.lu.s, FFLAG_NV, 0, -1.0
        TEST_FP_TOINT_S 221, fcvt.lu.s, FFLAG_NX, 0, -0.9, rtz
        TEST_FP_TOINT_S 222, fcvt.lu.s, FFLAG_NX, 1, 0f:3f800001, rdn
        TEST_FP_TOINT_S 223, fcvt.lu.s, FFLAG_NX, 2, 0f:3f800001, rup

# ---- fcvt.s.w / wu / l / lu: rounding of wide integers; W forms read the low 32 bits -------------
        TEST_INT_TOFP_S 224, fcvt.s.w, 0, 0.0, 0, rdn                           # +0, never -0
        TEST_INT_TOFP_S 225, fcvt.s.w, 0, -1.0, -1
        TEST_INT_TOFP_S 226, fcvt.s.w, 0, 1.0, 0x100000001                     # upper half ignored
        TEST_INT_TOFP_S 227, fcvt.s.w, FFLAG_NX, 0f:4f000000, 0x7fffffff, rne
        TEST_INT_TOFP_S 228, fcvt.s.w, FFLAG_NX, 0f:4effffff, 0x7fffffff, rtz
        TEST_INT_TOFP_S 229, fcvt.s.w, FFLAG_NX, 0f:4effffff, 0x7fffffff, rdn
        TEST_INT_TOFP_S 230, fcvt.s.w, FFLAG_NX, 0f:4f000000, 0x7fffffff, rup
        TEST_INT_TOFP_S 231, fcvt.s.w, FFLAG_NX, 0f:4f000000, 0x7fffffff, rmm
        TEST_INT_TOFP_S 232, fcvt.s.w, FFLAG_NX, 0f:cf000000, -0x7fffffff, rdn
        TEST_INT_TOFP_S 233, fcvt.s.w, FFLAG_NX, 0f:ceffffff, -0x7fffffff, rup
        TEST_INT_TOFP_S 234, fcvt.s.w, 0, 0f:cf000000, 0x80000000              # -2^31 (low half)
        TEST_INT_TOFP_S 235, fcvt.s.wu, FFLAG_NX, 0f:4f800000, 0xffffffff
        TEST_INT_TOFP_S 236, fcvt.s.wu, FFLAG_NX, 0f:4f7fffff, 0xffffffff, rtz
        TEST_INT_TOFP_S 237, fcvt.s.wu, 0, 2.0, 0xffffffff00000002              # upper half ignored
        TEST_INT_TOFP_S 238, fcvt.s.l, 0, 0f:df000000, 0x8000000000000000
        TEST_INT_TOFP_S 239, fcvt.s.l, FFLAG_NX, 0f:5f000000, 0x7fffffffffffffff
        TEST_INT_TOFP_S 240, fcvt.s.l, FFLAG_NX, 0f:5effffff, 0x7fffffffffffffff, rtz
        TEST_INT_TOFP_S 241, fcvt.s.l, 0, -1.0, -1
        TEST_INT_TOFP_S 242, fcvt.s.lu, FFLAG_NX, 0f:5f800000, 0xffffffffffffffff
        TEST_INT_TOFP_S 243, fcvt.s.lu, FFLAG_NX, 0f:5f7fffff, 0xffffffffffffffff, rdn
        TEST_INT_TOFP_S 244, fcvt.s.lu, 0, 0f:5f000000, 0x8000000000000000

# ---- NaN boxing: a single operand whose upper 32 bits are not all ones is the canonical NaN ------
        TEST_NUM 245
        li      a2, 0x3ff0000000000000          # the double 1.0: not a boxed single
        fmv.d.x fa1, a2
        FP_LOAD_S fa2, 1.0
        csrwi   fflags, 0
        fadd.s  fa0, fa1, fa2                   # canonical NaN in, quiet: no flags
        CHECK_FFLAGS 0
        CHECK_FREG_S fa0, 0f:7fc00000
        TEST_NUM 246
        fsgnj.s fa0, fa2, fa1                   # sign of the canonical NaN: +
        CHECK_FREG_S fa0, 1.0
        fsgnjn.s fa0, fa1, fa2                  # the NaN with 1.0's sign inverted
        CHECK_FREG_S fa0, 0f:ffc00000
        TEST_NUM 247
        fclass.s a0, fa1
        CHECK   a0, 1 << 9                      # quiet NaN
        feq.s   a0, fa1, fa1
        CHECK   a0, 0
        CHECK_FFLAGS 0
        TEST_NUM 248
        fcvt.w.s a0, fa1
        CHECK   a0, 0x7fffffff
        CHECK_FFLAGS FFLAG_NV
        fmin.s  fa0, fa1, fa2
        CHECK_FREG_S fa0, 1.0
        TEST_NUM 249                            # one upper bit clear is enough
        li      a2, 0xfffffffe3f800000
        fmv.d.x fa1, a2
        fmul.s  fa0, fa1, fa2
        CHECK_FREG_S fa0, 0f:7fc00000
        TEST_NUM 250                            # moves and stores do not check boxing
        fmv.x.w a0, fa1
        CHECK   a0, 0x3f800000
        la      a1, fdata
        fsw     fa1, 12(a1)
        lwu     a0, 12(a1)
        CHECK   a0, 0x3f800000
        TEST_NUM 251                            # single results are boxed
        li      a2, 0
        fmv.d.x fa0, a2
        fadd.s  fa0, fa2, fa2
        fmv.x.d a0, fa0
        CHECK   a0, 0xffffffff40000000

        TEST_PASS

        .data
        .balign 8
fdata:  .float  1.0, -1.0
        .word   0x7f800001
        .word   0

        TEST_END
