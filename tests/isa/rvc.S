# RV64C: every compressed instruction, written with explicit c. mnemonics
# so the assembler emits the 16-bit encodings, with its immediate ranges
# and sign extension; HINT encodings (no-ops); and reserved encodings,
# which raise an illegal instruction exception with mtval = the 16
# instruction bits (as QEMU and Spike do).
# (c.flw/c.fsw/c.jal are RV32-only encodings and do not exist in RV64C.)

        .include "isa/test_macros.inc"

        TEST_BEGIN
        FPU_ON
        la      sp, cbuf                        # sp-relative forms use cbuf
        .option push
        .option rvc

# ---- c.li / c.lui: 6-bit sign-extended immediates ------------------------------------------------
        TEST_CASE  2, a0, 31, c.li a0, 31
        TEST_CASE  3, a0, -32, c.li a0, -32
        TEST_CASE  4, t1, 0, c.li t1, 0
        TEST_CASE  5, a0, 0x000000000001f000, c.lui a0, 31
        TEST_CASE  6, a0, 0xfffffffffffff000, c.lui a0, 0xfffff        # -1 << 12
        TEST_CASE  7, s2, 0xfffffffffffe0000, c.lui s2, 0xfffe0        # -32 << 12

# ---- c.addi / c.addiw / c.addi16sp / c.addi4spn / c.nop ------------------------------------------
        TEST_NUM 8
        li      a0, 10
        c.addi  a0, -32
        CHECK   a0, -22
        c.addi  a0, 31
        CHECK   a0, 9
        c.nop
        CHECK   a0, 9
        TEST_NUM 9
        li      a0, 0x7fffffff
        c.addiw a0, 1                           # 32-bit add, sign-extended
        CHECK   a0, 0xffffffff80000000
        TEST_NUM 10
        li      a0, 0x12345678fffffff0
        c.addiw a0, 0                           # sext.w
        CHECK   a0, 0xfffffffffffffff0
        li      a0, 0x00000001ffffffff
        c.addiw a0, -1
        CHECK   a0, 0xfffffffffffffffe
        TEST_NUM 11
        la      a1, cbuf
        c.addi16sp sp, 496
        sub     a0, sp, a1
        CHECK   a0, 496
        c.addi16sp sp, -512
        sub     a0, sp, a1
        CHECK   a0, -16
        c.addi16sp sp, 16
        TEST_NUM 12
        c.addi4spn a0, sp, 1020                 # zero-extended, scaled by 4
        sub     a0, a0, sp
        CHECK   a0, 1020
        c.addi4spn a5, sp, 4
        sub     a5, a5, sp
        CHECK   a5, 4

# ---- c.mv / c.add / c.slli (any register) --------------------------------------------------------
        TEST_NUM 13
        li      t3, 0x8000000000000001
        c.mv    t4, t3
        CHECK   t4, 0x8000000000000001
        li      s7, 5
        c.add   s7, t4
        CHECK   s7, 0x8000000000000006
        TEST_NUM 14
        li      a0, 3
        c.slli  a0, 63
        CHECK   a0, 0x8000000000000000
        li      t2, 0xff
        c.slli  t2, 32
        CHECK   t2, 0x000000ff00000000

# ---- c.srli / c.srai / c.andi (x8-x15) -----------------------------------------------------------
        TEST_NUM 15
        li      a0, 0x8000000000000000
        c.srli  a0, 63
        CHECK   a0, 1
        li      a0, -16
        c.srli  a0, 4
        CHECK   a0, 0x0fffffffffffffff
        TEST_NUM 16
        li      s1, 0x8000000000000000
        c.srai  s1, 63
        CHECK   s1, -1
        li      s1, 0x8000000000000000
        c.srai  s1, 32
        CHECK   s1, 0xffffffff80000000
        TEST_NUM 17
        li      a3, 0x123456789abcdef0
        c.andi  a3, -32                          # sign-extended: clears bits 4:0
        CHECK   a3, 0x123456789abcdee0
        c.andi  a3, 31
        CHECK   a3, 0

# ---- c.sub / c.xor / c.or / c.and / c.subw / c.addw (x8-x15) -------------------------------------
        TEST_NUM 18
        li      s0, 5
        li      a5, 7
        c.sub   s0, a5
        CHECK   s0, -2
        TEST_NUM 19
        li      a2, 0xff00ff00ff00ff00
        li      a4, 0x0ff00ff00ff00ff0
        mv      a0, a2
        c.xor   a0, a4
        CHECK   a0, 0xf0f0f0f0f0f0f0f0
        mv      a0, a2
        c.or    a0, a4
        CHECK   a0, 0xfff0fff0fff0fff0
        mv      a0, a2
        c.and   a0, a4
        CHECK   a0, 0x0f000f000f000f00
        TEST_NUM 20
        li      a0, 0x0000000080000000
        li      a1, 1
        c.subw  a0, a1                           # 32-bit, sign-extended
        CHECK   a0, 0x000000007fffffff
        li      a0, 0
        c.subw  a0, a1
        CHECK   a0, -1
        TEST_NUM 21
        li      a0, 0x7fffffff
        li      a1, 0x1234567800000001
        c.addw  a0, a1
        CHECK   a0, 0xffffffff80000000

# ---- loads and stores: c.lw c.ld c.sw c.sd (x8-x15 base) -----------------------------------------
        TEST_NUM 22
        la      s1, cbuf
        li      a0, 0x89abcdef
        c.sw    a0, 124(s1)                      # largest offset
        c.lw    a1, 124(s1)                      # sign-extends
        CHECK   a1, 0xffffffff89abcdef
        TEST_NUM 23
        li      a0, 0x0123456789abcdef
        c.sd    a0, 248(s1)
        c.ld    a2, 248(s1)
        CHECK   a2, 0x0123456789abcdef
        c.sw    a0, 0(s1)
        ld      a2, 248(s1)                      # cross-check with a normal load
        CHECK   a2, 0x0123456789abcdef
        lwu     a2, 0(s1)
        CHECK   a2, 0x89abcdef

# ---- sp-relative: c.lwsp c.ldsp c.swsp c.sdsp ----------------------------------------------------
        TEST_NUM 24
        li      t0, 0xfedcba98
        c.swsp  t0, 252(sp)
        c.lwsp  t1, 252(sp)
        CHECK   t1, 0xfffffffffedcba98
        TEST_NUM 25
        li      t0, 0x1122334455667788
        c.sdsp  t0, 504(sp)
        c.ldsp  ra, 504(sp)
        CHECK   ra, 0x1122334455667788
        c.sdsp  zero, 0(sp)
        c.ldsp  t1, 0(sp)
        CHECK   t1, 0

# ---- FP loads and stores: c.fld c.fsd c.fldsp c.fsdsp --------------------------------------------
        TEST_NUM 26
        li      t0, 0x400921fb54442d18          # pi
        fmv.d.x fs0, t0
        c.fsd   fs0, 248(s1)
        c.fld   fa5, 248(s1)
        fmv.x.d a0, fa5
        CHECK   a0, 0x400921fb54442d18
        TEST_NUM 27
        c.fsdsp fs0, 504(sp)
        c.fldsp ft11, 504(sp)
        fmv.x.d a0, ft11
        CHECK   a0, 0x400921fb54442d18
        ld      a0, 504(sp)
        CHECK   a0, 0x400921fb54442d18

# ---- c.j / c.beqz / c.bnez -----------------------------------------------------------------------
        TEST_NUM 28
        c.j     1f
        j       fail
2:      c.j     3f                               # backward target
1:      c.j     2b
        j       fail
3:      TEST_NUM 29
        li      a0, 0
        c.beqz  a0, 1f
        j       fail
1:      c.bnez  a0, fail_far
        li      a0, 0x100000000                   # all 64 bits tested
        c.beqz  a0, fail_far
        c.bnez  a0, 2f
        j       fail
3:      c.j     4f
2:      li      s0, -1
        c.bnez  s0, 3b                           # backward
        j       fail
4:

# ---- c.jr / c.jalr: link is pc + 2 ---------------------------------------------------------------
        TEST_NUM 30
        la      t0, 1f
        c.jr    t0
        j       fail
1:      TEST_NUM 31
        la      t0, 1f
        c.jalr  t0
2:      j       fail
1:      LA_ABS  a1, 2b
        CHECK_EQ ra, a1
        TEST_NUM 32
        la      a0, rvc_ret_7
        c.jalr  a0                               # a real call and c.jr ra return
        CHECK   a0, 7

# ---- c.ebreak: breakpoint exception at the 2-byte instruction ------------------------------------
        TRAP_BEGIN 33
1:      c.ebreak
        TRAP_END CAUSE_BREAKPOINT
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1

# ---- HINT encodings execute as no-ops (rd = x0, or a zero immediate) -----------------------------------
        TEST_NUM 34
        li      a0, 0x1234
        .half   0x0501                          # c.addi a0, 0
        .half   0x1001                          # c.nop with a non-zero immediate
        .half   0x4015                          # c.li zero, 5
        .half   0x6005                          # c.lui zero, 1
        .half   0x0006                          # c.slli zero, 1
        .half   0x802a                          # c.mv zero, a0
        .half   0x902a                          # c.add zero, a0
        CHECK   a0, 0x1234
        CHECK   zero, 0

# ---- reserved encodings are illegal instructions; mtval = the 16 bits ----------------------------
.macro TEST_ILLEGAL16 num, bits
        TRAP_BEGIN \num
        .half   \bits
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, \bits
.endm
        TEST_ILLEGAL16 35, 0x0000                # all zeros (defined illegal)
        TEST_ILLEGAL16 36, 0x0004                # c.addi4spn with nzuimm = 0
        TEST_ILLEGAL16 37, 0x6101                # c.addi16sp with nzimm = 0
        TEST_ILLEGAL16 38, 0x6501                # c.lui a0, 0 (nzimm = 0)
        TEST_ILLEGAL16 39, 0x2001                # c.addiw with rd = x0
        TEST_ILLEGAL16 40, 0x4002                # c.lwsp with rd = x0
        TEST_ILLEGAL16 41, 0x6002                # c.ldsp with rd = x0
        TEST_ILLEGAL16 42, 0x8002                # c.jr with rs1 = x0

        .option pop
        la      sp, test_stack_top
        TEST_PASS

fail_far:
        j       fail

rvc_ret_7:
        .option push
        .option rvc
        c.li    a0, 7
        c.jr    ra
        .option pop

        .data
        .balign 16
cbuf:   .skip   1024 + 16

        TEST_END
