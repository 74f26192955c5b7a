# RV64I integer computational instructions (full-width forms):
# add sub sll slt sltu xor srl sra or and, addi slti sltiu xori ori andi
# slli srli srai, lui auipc; writes to x0; reads of x0.
# (The 32-bit W forms are in rv64i_wform.S.)

        .include "isa/test_macros.inc"

        TEST_BEGIN

# ---- add: wrap-around, signs, aliasing -----------------------------------------------------------
        TEST_RR_OP  2, add, 0x00000005, 2, 3
        TEST_RR_OP  3, add, 0x0000000000000000, -1, 1
        TEST_RR_OP  4, add, 0x8000000000000000, 0x7fffffffffffffff, 1   # signed overflow wraps
        TEST_RR_OP  5, add, 0x7fffffffffffffff, 0x8000000000000000, -1
        TEST_RR_OP  6, add, 0x0000000100000000, 0xffffffff, 1           # no 32-bit truncation
        TEST_RR_OP  7, add, 0xfffffffffffffffe, -1, -1
        TEST_RR_SRC1_EQ_DEST 8, add, 24, 13, 11
        TEST_RR_SRC2_EQ_DEST 9, add, 25, 14, 11
        TEST_RR_ZERODEST 10, add, 1, 2

# ---- sub -----------------------------------------------------------------------------------------
        TEST_RR_OP 11, sub, 0x0000000000000001, 3, 2
        TEST_RR_OP 12, sub, 0xffffffffffffffff, 2, 3
        TEST_RR_OP 13, sub, 0x7fffffffffffffff, 0x8000000000000000, 1   # wraps
        TEST_RR_OP 14, sub, 0x8000000000000000, 0, 0x8000000000000000
        TEST_RR_OP 15, sub, 0xffffffff00000000, 0, 0x100000000
        TEST_RR_SRC2_EQ_DEST 16, sub, 2, 13, 11

# ---- sll/srl/sra: shift amount is rs2[5:0], the rest of rs2 is ignored ---------------------------
        TEST_RR_OP 17, sll, 0x0000000000000002, 1, 1
        TEST_RR_OP 18, sll, 0x8000000000000000, 1, 63
        TEST_RR_OP 19, sll, 0x0000000000000001, 1, 64          # 64 & 63 = 0
        TEST_RR_OP 20, sll, 0x0000000000000002, 1, 65          # 65 & 63 = 1
        TEST_RR_OP 21, sll, 0xfffffffffffffff0, -1, -60        # -60 & 63 = 4
        TEST_RR_OP 22, sll, 0x0000000100000000, 1, 32          # no 32-bit truncation
        TEST_RR_OP 23, srl, 0x4000000000000000, 0x8000000000000000, 1   # zero fill
        TEST_RR_OP 24, srl, 0x0000000000000001, 0x8000000000000000, 63
        TEST_RR_OP 25, srl, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffc0
        TEST_RR_OP 26, srl, 0x00000000ffffffff, -1, 32
        TEST_RR_OP 27, sra, 0xc000000000000000, 0x8000000000000000, 1   # sign fill
        TEST_RR_OP 28, sra, 0xffffffffffffffff, 0x8000000000000000, 63
        TEST_RR_OP 29, sra, 0x0000000000000000, 0x7fffffffffffffff, 63
        TEST_RR_OP 30, sra, 0xffffffff80000000, 0x8000000000000000, 32
        TEST_RR_OP 31, sra, 0x8000000000000000, 0x8000000000000000, 128  # 128 & 63 = 0
        TEST_RR_SRC1_EQ_DEST 32, sra, 0xfffffffffffffff8, -64, 3

# ---- slt/sltu: signed vs unsigned order ----------------------------------------------------------
        TEST_RR_OP 33, slt,  1, -1, 0
        TEST_RR_OP 34, sltu, 0, -1, 0                          # 2^64-1 > 0 unsigned
        TEST_RR_OP 35, slt,  0, 0, -1
        TEST_RR_OP 36, sltu, 1, 0, -1
        TEST_RR_OP 37, slt,  1, 0x8000000000000000, 0x7fffffffffffffff
        TEST_RR_OP 38, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff
        TEST_RR_OP 39, slt,  0, 5, 5                           # strict
        TEST_RR_OP 40, sltu, 0, 5, 5
        TEST_RR_OP 41, slt,  1, -2, -1
        TEST_RR_OP 42, sltu, 1, -2, -1
        # snez rd, rs (= sltu rd, x0, rs)
        TEST_R_OP  43, snez, 1, 0x8000000000000000
        TEST_R_OP  44, snez, 0, 0
        # sltz/sgtz (= slt rd, rs, x0 / slt rd, x0, rs)
        TEST_R_OP  45, sltz, 1, -5
        TEST_R_OP  46, sgtz, 0, -5

# ---- and/or/xor ----------------------------------------------------------------------------------
        TEST_RR_OP 47, and, 0x0f000f0000f000f0, 0xff00ff0000ff00ff, 0x0ff00ff00ff00ff0
        TEST_RR_OP 48, or,  0xfff0fff00fff0fff, 0xff00ff0000ff00ff, 0x0ff00ff00ff00ff0
        TEST_RR_OP 49, xor, 0xf0f0f0f00f0f0f0f, 0xff00ff0000ff00ff, 0x0ff00ff00ff00ff0
        TEST_RR_OP 50, xor, 0, 0x123456789abcdef0, 0x123456789abcdef0
        TEST_RR_ZERODEST 51, or, -1, -1

# ---- register-immediate forms: 12-bit immediates are sign-extended -------------------------------
        TEST_IMM_OP 52, addi, 0x0000000000000800, 1, 2047
        TEST_IMM_OP 53, addi, 0xfffffffffffff800, 0, -2048
        TEST_IMM_OP 54, addi, 0x8000000000000000, 0x7fffffffffffffff, 1
        TEST_IMM_OP 55, addi, 0x00000000ffffffff, 0x100000000, -1        # no 32-bit truncation
        TEST_IMM_OP 56, slti, 1, -1, 0
        TEST_IMM_OP 57, slti, 0, 0, -1
        TEST_IMM_OP 58, slti, 1, 0x8000000000000000, -2048
        TEST_IMM_OP 59, sltiu, 1, 0, -1          # imm is sign-extended, then compared unsigned
        TEST_IMM_OP 60, sltiu, 0, -1, -1
        TEST_IMM_OP 61, sltiu, 1, -2, -1
        TEST_IMM_OP 62, sltiu, 1, 0, 1           # seqz rd, rs
        TEST_R_OP   63, seqz, 1, 0
        TEST_R_OP   64, seqz, 0, 0x8000000000000000
        TEST_IMM_OP 65, xori, 0xedcba98765432100, 0x123456789abcdeff, -1  # not
        TEST_R_OP   66, not,  0x0000000000000000, -1
        TEST_IMM_OP 67, xori, 0x00ff00ff00ff0f0f, 0x00ff00ff00ff08f0, 0x7ff
        TEST_IMM_OP 68, ori,  0xfffffffffffff80f, 0x000000000000000f, -2048
        TEST_IMM_OP 69, ori,  0x0f0f0f0f0f0f0fff, 0x0f0f0f0f0f0f0f0f, 0x0f0
        TEST_IMM_OP 70, andi, 0xff00ff00ff00f800, 0xff00ff00ff00ff00, -2048
        TEST_IMM_OP 71, andi, 0x00000000000000f0, 0xff00ff00ff00fff0, 0x0f0
        # neg rd, rs (= sub rd, x0, rs)
        TEST_R_OP   72, neg,  0x8000000000000000, 0x8000000000000000
        TEST_R_OP   73, neg,  0xffffffffffffffff, 1
        # mv rd, rs (= addi rd, rs, 0)
        TEST_R_OP   74, mv,   0x8000000000000001, 0x8000000000000001

# ---- shift-immediate: 6-bit shamt ----------------------------------------------------------------
        TEST_IMM_OP 75, slli, 0x8000000000000000, 1, 63
        TEST_IMM_OP 76, slli, 0x0000000100000000, 1, 32
        TEST_IMM_OP 77, slli, 0xffffffff00000000, 0xffffffff, 32
        TEST_IMM_OP 78, slli, 0x123456789abcdef0, 0x123456789abcdef0, 0
        TEST_IMM_OP 79, srli, 0x0000000000000001, 0x8000000000000000, 63
        TEST_IMM_OP 80, srli, 0x00000000ffffffff, -1, 32
        TEST_IMM_OP 81, srli, 0x7fffffffffffffff, -1, 1
        TEST_IMM_OP 82, srai, 0xffffffffffffffff, 0x8000000000000000, 63
        TEST_IMM_OP 83, srai, 0xffffffff80000000, 0x8000000000000000, 32
        TEST_IMM_OP 84, srai, 0x0000000000000001, 0x4000000000000000, 62
        TEST_IMM_OP 85, srai, 0x0123456789abcdef, 0x0123456789abcdef, 0

# ---- lui: 20-bit immediate << 12, sign-extended from bit 31 --------------------------------------
        TEST_CASE 86, a0, 0x0000000000001000, lui a0, 0x1
        TEST_CASE 87, a0, 0x000000007ffff000, lui a0, 0x7ffff
        TEST_CASE 88, a0, 0xffffffff80000000, lui a0, 0x80000
        TEST_CASE 89, a0, 0xfffffffffffff000, lui a0, 0xfffff
        TEST_CASE 90, a0, 0x0000000000000000, lui a0, 0
        # lui + addi build any 32-bit value (addi's immediate is signed)
        TEST_NUM 91
        lui     a0, 0x12345
        addi    a0, a0, 0x678
        CHECK   a0, 0x12345678
        TEST_NUM 92
        lui     a0, 0x80000
        addi    a0, a0, -1
        CHECK   a0, 0xffffffff7fffffff
        TEST_CASE 93, zero, 0, lui zero, 0x12345

# ---- auipc: rd = pc + (imm20 << 12), offset sign-extended ----------------------------------------
# (compared with the label's link-time address, loaded from a literal)
        TEST_NUM 94
1:      auipc   a0, 0
        LA_ABS  a1, 1b
        CHECK_EQ a0, a1
        TEST_NUM 95
1:      auipc   a0, 1
        LA_ABS  a1, 1b
        sub     a0, a0, a1
        CHECK   a0, 0x1000
        TEST_NUM 96
1:      auipc   a0, 0xfffff
        LA_ABS  a1, 1b
        sub     a0, a0, a1
        CHECK   a0, -0x1000
        TEST_NUM 97
1:      auipc   a0, 0x80000                         # -2^31
        LA_ABS  a1, 1b
        sub     a0, a0, a1
        CHECK   a0, -0x80000000

# ---- x0 reads as 0 and ignores writes ------------------------------------------------------------
        TEST_NUM 98
        li      a1, 123
        addi    zero, a1, 1
        add     a0, zero, zero
        CHECK   a0, 0
        CHECK   zero, 0
        TEST_NUM 99
        li      a1, -7
        sub     a0, zero, a1
        CHECK   a0, 7
        TEST_CASE 100, a0, 0, sltu a0, zero, zero

        TEST_PASS
        TEST_END
