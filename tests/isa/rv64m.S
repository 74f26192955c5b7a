# RV64M: mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw.
# Signed/unsigned high products, rounding toward zero, division by zero
# (quotient all ones, remainder = dividend) and signed overflow
# (-2^63 / -1 = -2^63 rem 0), including the W forms, whose results are
# sign-extended 32-bit values computed from the low halves of the sources.
# Expected values were computed with exact integer arithmetic.

        .include "isa/test_macros.inc"

        TEST_BEGIN

# ---- mul: low 64 bits, same for signed and unsigned operands -------------------------------------
        TEST_RR_OP  2, mul,    0x0000000000000015, 3, 7
        TEST_RR_OP  3, mul,    0xffffffffffffffeb, -3, 7
        TEST_RR_OP  4, mul,    0x0000000000000001, -1, -1
        TEST_RR_OP  5, mul,    0xfffffffffffffffe, 0x7fffffffffffffff, 2
        TEST_RR_OP  6, mul,    0x8000000000000000, 0x8000000000000000, -1
        TEST_RR_OP  7, mul,    0x2236d88fe5618cf0, 0x123456789abcdef0, 0x0fedcba987654321
        TEST_RR_OP  8, mul,    0x0000000000000000, 0x100000000, 0x100000000

# ---- mulh: high 64 bits of signed x signed -------------------------------------------------------
        TEST_RR_OP  9, mulh,   0x0000000000000000, 3, 7
        TEST_RR_OP 10, mulh,   0xffffffffffffffff, -3, 7
        TEST_RR_OP 11, mulh,   0x0000000000000000, -1, -1
        TEST_RR_OP 12, mulh,   0x4000000000000000, 0x8000000000000000, 0x8000000000000000
        TEST_RR_OP 13, mulh,   0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff
        TEST_RR_OP 14, mulh,   0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff
        TEST_RR_OP 15, mulh,   0xffeb49923cc09532, 0x123456789abcdef0, 0xfedcba9876543210

# ---- mulhsu: high 64 bits of signed rs1 x unsigned rs2 -------------------------------------------
        TEST_RR_OP 16, mulhsu, 0x0000000000000000, 3, 7
        TEST_RR_OP 17, mulhsu, 0xffffffffffffffff, -1, -1
        TEST_RR_OP 18, mulhsu, 0xffffffffffffffff, -1, 1
        TEST_RR_OP 19, mulhsu, 0x0000000000000000, 1, -1
        TEST_RR_OP 20, mulhsu, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff
        TEST_RR_OP 21, mulhsu, 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210

# ---- mulhu: high 64 bits of unsigned x unsigned --------------------------------------------------
        TEST_RR_OP 22, mulhu,  0x0000000000000000, 3, 7
        TEST_RR_OP 23, mulhu,  0xfffffffffffffffe, -1, -1
        TEST_RR_OP 24, mulhu,  0x0000000000000001, -1, 2
        TEST_RR_OP 25, mulhu,  0x4000000000000000, 0x8000000000000000, 0x8000000000000000
        TEST_RR_OP 26, mulhu,  0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210

# ---- div/rem: round toward zero, remainder has the dividend's sign -------------------------------
        TEST_RR_OP 27, div,    0x0000000000000003, 20, 6
        TEST_RR_OP 28, div,    0xfffffffffffffffd, -20, 6
        TEST_RR_OP 29, div,    0xfffffffffffffffd, 20, -6
        TEST_RR_OP 30, div,    0x0000000000000003, -20, -6
        TEST_RR_OP 31, rem,    0x0000000000000002, 20, 6
        TEST_RR_OP 32, rem,    0xfffffffffffffffe, -20, 6
        TEST_RR_OP 33, rem,    0x0000000000000002, 20, -6
        TEST_RR_OP 34, rem,    0xfffffffffffffffe, -20, -6
        TEST_RR_OP 35, div,    0xfffffffffffffffd, -7, 2
        TEST_RR_OP 36, rem,    0xffffffffffffffff, -7, 2

# ---- divu/remu -----------------------------------------------------------------------------------
        TEST_RR_OP 37, divu,   0x0000000000000003, 20, 6
        TEST_RR_OP 38, divu,   0x2aaaaaaaaaaaaaa7, -20, 6
        TEST_RR_OP 39, remu,   0x0000000000000002, -20, 6
        TEST_RR_OP 40, divu,   0x0000000000000001, -1, -1
        TEST_RR_OP 41, remu,   0x0000000000000005, 5, -1
        TEST_RR_OP 42, divu,   0x4000000000000000, 0x8000000000000000, 2

# ---- division by zero: quotient all ones, remainder = dividend -----------------------------------
        TEST_RR_OP 43, div,    0xffffffffffffffff, 20, 0
        TEST_RR_OP 44, div,    0xffffffffffffffff, -20, 0
        TEST_RR_OP 45, div,    0xffffffffffffffff, 0, 0
        TEST_RR_OP 46, divu,   0xffffffffffffffff, 20, 0
        TEST_RR_OP 47, divu,   0xffffffffffffffff, 0, 0
        TEST_RR_OP 48, rem,    0x0000000000000014, 20, 0
        TEST_RR_OP 49, rem,    0xffffffffffffffec, -20, 0
        TEST_RR_OP 50, rem,    0x8000000000000000, 0x8000000000000000, 0
        TEST_RR_OP 51, remu,   0x0000000000000014, 20, 0
        TEST_RR_OP 52, remu,   0xffffffffffffffec, -20, 0

# ---- signed overflow: -2^63 / -1 = -2^63, remainder 0 --------------------------------------------
        TEST_RR_OP 53, div,    0x8000000000000000, 0x8000000000000000, -1
        TEST_RR_OP 54, rem,    0x0000000000000000, 0x8000000000000000, -1
        TEST_RR_OP 55, div,    0x8000000000000000, 0x8000000000000000, 1
        TEST_RR_OP 56, divu,   0x0000000000000000, 0x8000000000000000, -1

# ---- mulw: low 32 bits of the product, sign-extended; upper source bits ignored ------------------
        TEST_RR_OP 57, mulw,   0x0000000000000015, 3, 7
        TEST_RR_OP 58, mulw,   0xfffffffffffffffe, 0x7fffffff, 2
        TEST_RR_OP 59, mulw,   0x0000000000000000, 0x10000, 0x10000
        TEST_RR_OP 60, mulw,   0x000000000000000f, 0x123400000003, 0x567800000005
        TEST_RR_OP 61, mulw,   0x0000000000000001, -1, -1
        TEST_RR_OP 62, mulw,   0xffffffff80000000, 0x80000000, -1

# ---- divw/remw: 32-bit signed operands (low halves), results sign-extended -----------------------
        TEST_RR_OP 63, divw,   0x0000000000000003, 20, 6
        TEST_RR_OP 64, divw,   0xfffffffffffffffd, -20, 6
        TEST_RR_OP 65, remw,   0xfffffffffffffffe, -20, 6
        TEST_RR_OP 66, remw,   0x0000000000000002, 20, -6
        TEST_RR_OP 67, divw,   0x0000000000000003, 0xffffffff00000014, 0x0000000100000006
        TEST_RR_OP 68, remw,   0x0000000000000002, 0x1234567800000014, 0x6
        TEST_RR_OP 69, divw,   0xffffffffc0000000, 0x80000000, 2

# ---- divuw/remuw: 32-bit unsigned operands, results sign-extended --------------------------------
        TEST_RR_OP 70, divuw,  0x0000000000000003, 20, 6
        TEST_RR_OP 71, divuw,  0xfffffffffffffffe, 0xfffffffe, 1
        TEST_RR_OP 72, divuw,  0x000000002aaaaaa7, 0xffffffffffffffec, 6
        TEST_RR_OP 73, remuw,  0xfffffffffffffff0, 0xfffffff0, 0xffffffff
        TEST_RR_OP 74, remuw,  0xffffffff80000005, 0x80000005, 0x100000000
        TEST_RR_OP 75, divuw,  0x000000007fffffff, 0x12345678fffffffe, 0x2

# ---- W-form division by zero: quotient all ones, remainder = sign-extended low half of the dividend ---
        TEST_RR_OP 76, divw,   0xffffffffffffffff, 20, 0
        TEST_RR_OP 77, divw,   0xffffffffffffffff, 0x100000000, 0x100000000
        TEST_RR_OP 78, divuw,  0xffffffffffffffff, 20, 0
        TEST_RR_OP 79, divuw,  0xffffffffffffffff, 0x80000000, 0x100000000
        TEST_RR_OP 80, remw,   0xffffffff80000001, 0x1234567880000001, 0
        TEST_RR_OP 81, remw,   0x0000000000000014, 20, 0
        TEST_RR_OP 82, remuw,  0xffffffff80000001, 0x1234567880000001, 0
        TEST_RR_OP 83, remuw,  0x000000007fffffff, 0x123456787fffffff, 0xffffffff00000000

# ---- W-form signed overflow: -2^31 / -1 = -2^31, remainder 0 -------------------------------------
        TEST_RR_OP 84, divw,   0xffffffff80000000, 0x80000000, -1
        TEST_RR_OP 85, remw,   0x0000000000000000, 0x80000000, -1
        TEST_RR_OP 86, divw,   0xffffffff80000000, 0x1234567880000000, 0xffffffff
        TEST_RR_OP 87, remw,   0x0000000000000000, 0x1234567880000000, 0x00000000ffffffff
        TEST_RR_OP 88, divuw,  0x0000000000000000, 0x80000000, -1

# ---- register aliasing and x0 as destination -----------------------------------------------------
        TEST_RR_SRC1_EQ_DEST  89, mul,  143, 13, 11
        TEST_RR_SRC2_EQ_DEST  90, div,  3, 35, 11
        TEST_RR_SRC1_EQ_DEST  91, remu, 2, 35, 11
        TEST_RR_SRC2_EQ_DEST  92, mulhu, 1, -1, 2
        TEST_NUM 93                            # rd = rs1 = rs2
        li      a1, -9
        mul     a1, a1, a1
        CHECK   a1, 81
        TEST_RR_ZERODEST 94, mul, 3, 5
        TEST_RR_ZERODEST 95, div, 5, 0

        TEST_PASS
        TEST_END
