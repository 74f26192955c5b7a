# RV64I 32-bit ("W") forms: addw subw sllw srlw sraw addiw slliw srliw sraiw.
# They read only the low 32 bits of their sources, compute a 32-bit result
# and sign-extend it to 64 bits; register shift amounts are rs2[4:0].

        .include "isa/test_macros.inc"

        TEST_BEGIN

# ---- addw: 32-bit wrap-around, sign extension of the result --------------------------------------
        TEST_RR_OP  2, addw, 0x0000000000000005, 2, 3
        TEST_RR_OP  3, addw, 0xffffffff80000000, 0x7fffffff, 1           # overflow -> negative
        TEST_RR_OP  4, addw, 0x0000000000000000, 0xffffffff, 1           # carry out is lost
        TEST_RR_OP  5, addw, 0x0000000000000002, 0xffffffff00000001, 0x1234567800000001  # upper halves ignored
        TEST_RR_OP  6, addw, 0xfffffffffffffffe, -1, -1
        TEST_RR_OP  7, addw, 0x000000007fffffff, 0x80000000, 0xffffffff  # negative + negative -> positive
        TEST_RR_SRC1_EQ_DEST 8, addw, 0xffffffff80000001, 0x80000000, 1
        TEST_RR_ZERODEST 9, addw, 5, 6

# ---- subw ----------------------------------------------------------------------------------------
        TEST_RR_OP 10, subw, 0x0000000000000001, 3, 2
        TEST_RR_OP 11, subw, 0xffffffffffffffff, 2, 3
        TEST_RR_OP 12, subw, 0x000000007fffffff, 0x80000000, 1           # -2^31 - 1 wraps
        TEST_RR_OP 13, subw, 0xffffffff80000000, 0, 0x80000000
        TEST_RR_OP 14, subw, 0x0000000000000000, 0x1234567800000000, 0x0000000100000000
        TEST_RR_SRC2_EQ_DEST 15, subw, 0xfffffffffffffffe, 0, 2
        # negw rd, rs (= subw rd, x0, rs)
        TEST_R_OP  16, negw, 0xffffffff80000000, 0x80000000
        TEST_R_OP  17, negw, 0xffffffffffffffff, 0xabcdef0000000001

# ---- sllw/srlw/sraw: shift amount rs2[4:0] -------------------------------------------------------
        TEST_RR_OP 18, sllw, 0x0000000000000002, 1, 1
        TEST_RR_OP 19, sllw, 0xffffffff80000000, 1, 31                   # into the sign bit
        TEST_RR_OP 20, sllw, 0x0000000000000001, 1, 32                   # 32 & 31 = 0
        TEST_RR_OP 21, sllw, 0x0000000000000002, 1, 33                   # 33 & 31 = 1
        TEST_RR_OP 22, sllw, 0x0000000000000000, 0x100000000, 0          # source upper half ignored
        TEST_RR_OP 23, sllw, 0x0000000000000000, 0x80000000, 1           # bit shifted out
        TEST_RR_OP 24, sllw, 0xffffffff87654321, 0x1234567887654321, 0
        TEST_RR_OP 25, srlw, 0x0000000040000000, 0x80000000, 1           # zero fill from bit 31
        TEST_RR_OP 26, srlw, 0xffffffff80000000, 0x80000000, 0           # shift by 0 still sign-extends
        TEST_RR_OP 27, srlw, 0x0000000000000001, 0x80000000, 31
        TEST_RR_OP 28, srlw, 0x000000007fffffff, 0xffffffffffffffff, 1   # upper half never shifted in
        TEST_RR_OP 29, srlw, 0xffffffff80000000, 0x80000000, 32          # 32 & 31 = 0
        TEST_RR_OP 30, srlw, 0x0000000000000001, 0xffffffff00000002, 0x21   # 33 & 31 = 1
        TEST_RR_OP 31, sraw, 0xffffffffc0000000, 0x80000000, 1           # sign taken from bit 31
        TEST_RR_OP 32, sraw, 0xffffffffffffffff, 0x80000000, 31
        TEST_RR_OP 33, sraw, 0x0000000000000000, 0xffffffff7fffffff, 31  # bit 31 clear: positive
        TEST_RR_OP 34, sraw, 0x0000000000000001, 0x00000000000000002, 0xffffffffffffffe1  # 0x..e1 & 31 = 1
        TEST_RR_OP 35, sraw, 0xffffffff80000000, 0x80000000, 64          # 64 & 31 = 0

# ---- addiw ---------------------------------------------------------------------------------------
        TEST_IMM_OP 36, addiw, 0x00000000000007ff, 0, 2047
        TEST_IMM_OP 37, addiw, 0xfffffffffffff800, 0, -2048
        TEST_IMM_OP 38, addiw, 0xffffffff80000000, 0x7fffffff, 1
        TEST_IMM_OP 39, addiw, 0x000000007fffffff, 0x80000000, -1
        TEST_IMM_OP 40, addiw, 0x0000000000000000, 0x00000001ffffffff, 1
        # sext.w rd, rs (= addiw rd, rs, 0)
        TEST_R_OP   41, sext.w, 0xffffffff89abcdef, 0x0123456789abcdef
        TEST_R_OP   42, sext.w, 0x0000000012345678, 0xffffffff12345678

# ---- slliw/srliw/sraiw: 5-bit shamt --------------------------------------------------------------
        TEST_IMM_OP 43, slliw, 0xffffffff80000000, 1, 31
        TEST_IMM_OP 44, slliw, 0x0000000012345678, 0xabcdef0012345678, 0
        TEST_IMM_OP 45, slliw, 0xfffffffff0000000, 0x000000000000000f, 28
        TEST_IMM_OP 46, slliw, 0x0000000000000000, 0xffffffff00000000, 4
        TEST_IMM_OP 47, srliw, 0x0000000000000001, 0x80000000, 31
        TEST_IMM_OP 48, srliw, 0xffffffff80000000, 0xffffffff80000000, 0
        TEST_IMM_OP 49, srliw, 0x0000000007ffffff, 0xffffffffffffffff, 5
        TEST_IMM_OP 50, srliw, 0x0000000000000000, 0x1234567800000000, 1
        TEST_IMM_OP 51, sraiw, 0xffffffffffffffff, 0x80000000, 31
        TEST_IMM_OP 52, sraiw, 0xfffffffff8000000, 0x80000000, 4
        TEST_IMM_OP 53, sraiw, 0x0000000000000000, 0xffffffff00000000, 31
        TEST_IMM_OP 54, sraiw, 0x0000000007ffffff, 0xabcdef007fffffff, 4

# ---- W forms writing x0 --------------------------------------------------------------------------
        TEST_NUM 55
        li      a1, 0x7fffffff
        addiw   zero, a1, 1
        sllw    zero, a1, a1
        CHECK   zero, 0

        TEST_PASS
        TEST_END
