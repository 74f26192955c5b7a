# Zifencei and memory ordering: fence.i makes stores to instruction memory
# visible to instruction fetch (self-modifying code), including code that
# has already been executed (and may be cached, decoded), code on the page
# being executed, and compressed instructions; fence variants execute as
# no-ops on a single hart.

        .include "isa/test_macros.inc"

        .equ ADDI_A0_1,   0x00100513            # addi a0, zero, 1
        .equ ADDI_A0_2,   0x00200513            # addi a0, zero, 2
        .equ ADDI_A0_A0_3, 0x00350513           # addi a0, a0, 3
        .equ C_LI_A0_5,   0x4515                # c.li a0, 5
        .equ C_LI_A0_6,   0x4519                # c.li a0, 6

        TEST_BEGIN

# ---- patch a function in another page, run it, patch it again ------------------------------------
        TEST_NUM 2
        call    patch_fn                        # as assembled: a0 = 0
        CHECK   a0, 0
        la      t0, patch_fn
        li      t1, ADDI_A0_1
        sw      t1, 0(t0)
        fence.i
        call    patch_fn
        CHECK   a0, 1
        TEST_NUM 3                              # already executed and cached: must still change
        li      t1, ADDI_A0_2
        sw      t1, 0(t0)
        fence.i
        call    patch_fn
        CHECK   a0, 2
        call    patch_fn                        # and stay changed
        CHECK   a0, 2
        TEST_NUM 4                              # patch the second instruction (a nop)
        li      t1, ADDI_A0_A0_3
        sw      t1, 4(t0)
        fence.i
        call    patch_fn
        CHECK   a0, 5

# ---- patch code on the page being executed, a few instructions ahead -----------------------------
        TEST_NUM 5
        li      s2, 0                           # loop counter: run the patched site twice
        .option push
        .option norvc
1:      la      t0, 2f
        li      t1, ADDI_A0_1               # 1st pass: addi a0, zero, 1
        slli    t2, s2, 20                  # 2nd pass: addi a0, zero, 2
        add     t1, t1, t2
        sw      t1, 0(t0)
        fence.i
2:      addi    a0, zero, 0x7ff                 # overwritten before it runs
        .option pop
        bnez    s2, 3f
        CHECK   a0, 1
        li      s2, 1
        j       1b
3:      CHECK   a0, 2

# ---- patch a compressed instruction (a 16-bit store) ---------------------------------------------
        TEST_NUM 6
        call    patch_cfn
        CHECK   a0, 4
        la      t0, patch_cfn
        li      t1, C_LI_A0_5
        sh      t1, 0(t0)
        fence.i
        call    patch_cfn
        CHECK   a0, 5
        li      t1, C_LI_A0_6
        sh      t1, 0(t0)
        fence.i
        call    patch_cfn
        CHECK   a0, 6

# ---- replace a 32-bit instruction with two 16-bit ones -------------------------------------------
        TEST_NUM 7
        la      t0, patch_fn
        li      t1, C_LI_A0_5 | (0x0001 << 16)   # c.li a0, 5; c.nop
        sw      t1, 0(t0)
        li      t1, 0x00008082 | (0x0001 << 16)  # c.jr ra; c.nop
        sw      t1, 4(t0)
        fence.i
        call    patch_fn
        CHECK   a0, 5

# ---- fences: no architectural effect on one hart -------------------------------------------------
        TEST_NUM 8
        la      t0, fence_data
        li      t1, 0x1234
        sd      t1, 0(t0)
        fence
        fence   rw, rw
        fence   r, r
        fence   w, w
        fence   iorw, iorw
        fence.tso
        .word   0x0100000f                      # pause (Zihintpause: a fence hint)
        ld      t2, 0(t0)
        CHECK   t2, 0x1234

        TEST_PASS

# Patched functions, on their own page.
        .balign 4096
        .option push
        .option norvc
patch_fn:
        addi    a0, zero, 0
        nop
        ret
        .option pop
patch_cfn:
        .option push
        .option rvc
        c.li    a0, 4
        c.jr    ra
        .option pop

        .data
        .balign 8
fence_data: .dword 0

        TEST_END
