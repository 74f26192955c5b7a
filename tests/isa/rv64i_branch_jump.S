# RV64I control transfer: beq bne blt bge bltu bgeu (taken / not taken,
# forward / backward, signed vs unsigned), jal and jalr (link values,
# offsets, jalr clearing bit 0 of the target, rd == rs1), and fetching a
# 32-bit instruction at a 2-byte aligned address and across a page boundary.

        .include "isa/test_macros.inc"

# Branch `inst a1, a2` must be taken (forward), and again backward.
.macro TEST_BR_TAKEN num, inst, val1, val2
        TEST_NUM \num
        li      a1, \val1
        li      a2, \val2
        \inst   a1, a2, .Lfwd\@
        j       fail
.Lback\@:
        j       .Lok\@
.Lfwd\@:
        \inst   a1, a2, .Lback\@
        j       fail
.Lok\@:
.endm

# Branch `inst a1, a2` must fall through (both directions).
.macro TEST_BR_NOT_TAKEN num, inst, val1, val2
        TEST_NUM \num
        li      a1, \val1
        li      a2, \val2
        j       .Lstart\@
.Lback\@:
        j       fail
.Lstart\@:
        \inst   a1, a2, .Lfwd\@
        \inst   a1, a2, .Lback\@
        j       .Lok\@
.Lfwd\@:
        j       fail
.Lok\@:
.endm

        TEST_BEGIN

# ---- beq / bne -----------------------------------------------------------------------------------
        TEST_BR_TAKEN      2, beq, 0, 0
        TEST_BR_TAKEN      3, beq, -1, -1
        TEST_BR_NOT_TAKEN  4, beq, 0, 1
        TEST_BR_NOT_TAKEN  5, beq, 0x100000000, 0        # all 64 bits compared
        TEST_BR_TAKEN      6, bne, 0x8000000000000000, 0
        TEST_BR_TAKEN      7, bne, 0x100000000, 0
        TEST_BR_NOT_TAKEN  8, bne, 5, 5

# ---- blt / bge: signed ---------------------------------------------------------------------------
        TEST_BR_TAKEN      9, blt, -1, 0
        TEST_BR_TAKEN     10, blt, 0x8000000000000000, 0x7fffffffffffffff
        TEST_BR_NOT_TAKEN 11, blt, 0, -1
        TEST_BR_NOT_TAKEN 12, blt, 7, 7                   # strict
        TEST_BR_TAKEN     13, bge, 7, 7
        TEST_BR_TAKEN     14, bge, 0, -1
        TEST_BR_TAKEN     15, bge, 0x7fffffffffffffff, 0x8000000000000000
        TEST_BR_NOT_TAKEN 16, bge, -2, -1

# ---- bltu / bgeu: unsigned -----------------------------------------------------------------------
        TEST_BR_TAKEN     17, bltu, 0, -1
        TEST_BR_TAKEN     18, bltu, 0x7fffffffffffffff, 0x8000000000000000
        TEST_BR_NOT_TAKEN 19, bltu, -1, 0
        TEST_BR_NOT_TAKEN 20, bltu, 3, 3
        TEST_BR_TAKEN     21, bgeu, -1, 0
        TEST_BR_TAKEN     22, bgeu, 3, 3
        TEST_BR_NOT_TAKEN 23, bgeu, 0xfffffffffffffffe, 0xffffffffffffffff
        TEST_BR_NOT_TAKEN 24, bgeu, 0x7fffffffffffffff, 0x8000000000000000

# ---- pseudo-instructions with swapped operands / x0 ----------------------------------------------
        TEST_BR_TAKEN     25, bgt, 1, -1
        TEST_BR_TAKEN     26, ble, -1, -1
        TEST_BR_TAKEN     27, bgtu, -1, 1
        TEST_BR_NOT_TAKEN 28, bleu, -1, 1
        TEST_NUM 29
        li      a1, -3
        bltz    a1, 1f
        j       fail
1:      bgez    a1, fail_far_29
        blez    a1, 2f
        j       fail
2:      bgtz    a1, fail_far_29
        beqz    a1, fail_far_29
        bnez    a1, 3f
        j       fail
3:

# ---- jal: link = pc + 4; rd = x0 discards it -----------------------------------------------------
        TEST_NUM 30
        .option push
        .option norvc
        jal     a0, 1f
2:      j       fail
1:      LA_ABS  a1, 2b
        CHECK_EQ a0, a1
        TEST_NUM 31
        li      a0, 77
        jal     zero, 1f                        # j
        j       fail
1:      CHECK   a0, 77
        CHECK   zero, 0
        # backward jal
        TEST_NUM 32
        j       2f
1:      j       3f
2:      jal     a0, 1b
        j       fail
3:      LA_ABS  a1, 2b
        addi    a1, a1, 4
        CHECK_EQ a0, a1

# ---- jalr: target = (rs1 + imm) & ~1, link = pc + 4 ----------------------------------------------
        TEST_NUM 33
        la      t0, 1f
        jalr    a0, 0(t0)
2:      j       fail
1:      LA_ABS  a1, 2b
        CHECK_EQ a0, a1
        TEST_NUM 34                               # positive offset
        la      t0, 1f - 8
        jalr    a0, 8(t0)
        j       fail
1:      TEST_NUM 35                               # negative offset
        la      t0, 1f + 2000
        jalr    a0, -2000(t0)
        j       fail
1:      TEST_NUM 36                               # odd rs1: bit 0 of the sum is cleared
        la      t0, 1f
        addi    t0, t0, 1
        jalr    a0, 0(t0)
        j       fail
1:      TEST_NUM 37                               # odd immediate
        la      t0, 1f
        jalr    a0, 1(t0)
        j       fail
1:      TEST_NUM 38                               # rd == rs1: target uses the old value
        la      t1, 1f
        jalr    t1, 0(t1)
2:      j       fail
1:      LA_ABS  a1, 2b
        CHECK_EQ t1, a1
        TEST_NUM 39                               # rd = x0
        la      t0, 1f
        jalr    zero, 0(t0)
        j       fail
1:      CHECK   zero, 0
        .option pop

# ---- call / ret / tail ---------------------------------------------------------------------------
        TEST_NUM 40
        li      a0, 5
        call    add_one
        CHECK   a0, 6
        call    tail_add_one
        CHECK   a0, 7

# ---- 32-bit instructions at a 2-byte aligned address ---------------------------------------------
        TEST_NUM 41
        li      a0, 0
        .balign 4
        .option push
        .option norvc
        beq     zero, zero, 1f                    # to pc + 6
        .option rvc
        c.nop
1:      .option norvc
        addi    a0, a0, 1                         # at an address = 2 (mod 4)
        addi    a0, a0, 1
        jal     zero, 2f                          # from 2 (mod 4) to 2 (mod 4)
        .option rvc
        c.nop
2:      c.nop
        .option pop
        CHECK   a0, 2

# ---- a 32-bit instruction straddling two pages ---------------------------------------------------
        TEST_NUM 42
        li      a0, 10
        la      t0, straddle_fn
        jalr    ra, 0(t0)
        CHECK   a0, 11
        # the function's second half really is on the next page
        la      t0, straddle_insn
        srli    t1, t0, 12
        addi    t0, t0, 3
        srli    t0, t0, 12
        sub     t0, t0, t1
        CHECK   t0, 1

# ---- ... and changed through its second half (a translated copy must go) -----------------------
        TEST_NUM 43
        li      a0, 10
        la      t0, straddle_fn
        jalr    ra, 0(t0)                         # run once more as it is
        CHECK   a0, 11
        la      t0, straddle_insn
        li      t1, 0x0055                        # upper half of `addi a0, a0, 5`
        sh      t1, 2(t0)                         # (in the next page)
        fence.i
        la      t0, straddle_fn
        jalr    ra, 0(t0)
        CHECK   a0, 16                            # 11 + 5

        TEST_PASS

fail_far_29:
        j       fail

add_one:
        addi    a0, a0, 1
        ret
tail_add_one:
        tail    add_one

# straddle_fn: `addi a0, a0, 1` occupies the last 2 bytes of a page and the
# first 2 bytes of the next one.
        .balign 4096
        .skip   4092                              # never executed
straddle_fn:
        .option push
        .option norvc
        .option rvc
        c.nop                                     # page offset 0xffc
        .option norvc
straddle_insn:
        addi    a0, a0, 1                         # page offsets 0xffe..0x1001
        .option rvc
        c.jr    ra
        .option pop

        TEST_END
