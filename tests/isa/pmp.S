# Physical Memory Protection: TOR, NA4 and NAPOT regions, R/W/X denial in
# S/U-mode (access faults 1/5/7 with mtval = the address), lowest-numbered
# entry wins, partial matches fail (in M-mode too), no match denies S/U,
# and locked entries bind M-mode and make their CSRs read-only.
#
# Layout (bare mode, so virtual = physical): `area` is three 4 KiB pages
# A, B = A + 4K, C = A + 8K, above all of the code.
#   e0  NAPOT A (4 KiB)         R
#   e1  OFF   (base of e2)      pmpaddr1 = B
#   e2  TOR   [B, C)            R W
#   e3  NAPOT [A, C) (8 KiB)    R W X      (shadowed by e0 and e2)
#   e4  NA4   C                 X
#   e5  OFF   (base of e6)      pmpaddr5 = 0
#   e6  TOR   [0, A)            R W X      (code, devices)
# Anything at or above C + 4 matches nothing.
#
# Fetch regions are whole pages: QEMU 7.2 checks a fetch from its address
# to the end of the page, so a region boundary inside a page changes what
# QEMU reports there (the spec checks only the instruction's bytes).
        .include "isa/test_macros.inc"

        .equ PMP_R, 1
        .equ PMP_W, 2
        .equ PMP_X, 4
        .equ PMP_TOR, (1 << 3)
        .equ PMP_NA4, (2 << 3)
        .equ PMP_NAPOT, (3 << 3)
        .equ PMP_L, 0x80
        .equ CFG0, (PMP_NAPOT | PMP_R) | ((PMP_TOR | PMP_R | PMP_W) << 16) | ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 24) | ((PMP_NA4 | PMP_X) << 32) | ((PMP_TOR | PMP_R | PMP_W | PMP_X) << 48)

        TEST_BEGIN

        # ---- set-up and read-back ----
        TEST_NUM 2
        la      s0, area                # s0 = A
        li      t0, 0x1000
        add     s1, s0, t0              # s1 = B
        add     s2, s1, t0              # s2 = C
        srli    t0, s0, 2
        ori     t0, t0, (4096 / 8) - 1  # NAPOT 4 KiB at A
        csrw    pmpaddr0, t0
        srli    t0, s1, 2
        csrw    pmpaddr1, t0
        srli    t0, s2, 2
        csrw    pmpaddr2, t0
        srli    t0, s0, 2
        ori     t0, t0, (8192 / 8) - 1  # NAPOT 8 KiB at A
        csrw    pmpaddr3, t0
        srli    t0, s2, 2
        csrw    pmpaddr4, t0
        csrw    pmpaddr5, zero
        srli    t0, s0, 2
        csrw    pmpaddr6, t0
        li      t0, CFG0
        csrw    pmpcfg0, t0
        CHECK_CSR pmpcfg0, CFG0
        srli    t0, s1, 2
        CHECK_CSR_REG pmpaddr1, t0
        # the data the loads below expect
        li      t0, 0x1111
        sd      t0, 8(s0)
        li      t0, 0x2222
        sd      t0, 16(s1)

        # ---- S-mode ----
        ENTER_S
        # R region: loads pass...
        TEST_NUM 3
        ld      a0, 8(s0)
        CHECK   a0, 0x1111
        # ...stores fail (e0 wins over e3's RWX), and so do fetches.
        EXPECT_TRAP 4, CAUSE_STORE_ACCESS, sd zero, 8(s0)
        addi    t0, s0, 8
        CHECK_CSR_REG mtval, t0
        ENTER_S
        TRAP_BEGIN 5
        jalr    s0
        TRAP_END CAUSE_FETCH_ACCESS
        CHECK_CSR_REG mtval, s0
        CHECK_CSR_REG mepc, s0
        ENTER_S
        # TOR RW region: loads and stores pass, fetches fail (e2 wins over e3).
        TEST_NUM 6
        ld      a0, 16(s1)
        CHECK   a0, 0x2222
        li      t0, 0x3333
        sd      t0, 24(s1)
        ld      a0, 24(s1)
        CHECK   a0, 0x3333
        TRAP_BEGIN 7
        jalr    s1
        TRAP_END CAUSE_FETCH_ACCESS
        CHECK_CSR_REG mtval, s1
        ENTER_S
        # NA4 X-only word at C: no loads, no stores.
        EXPECT_TRAP 8, CAUSE_LOAD_ACCESS, lw a0, 0(s2)
        CHECK_CSR_REG mtval, s2
        ENTER_S
        EXPECT_TRAP 9, CAUSE_STORE_ACCESS, sw zero, 0(s2)
        CHECK_CSR_REG mtval, s2
        ENTER_S
        # C + 4 matches no entry: S-mode is denied.
        EXPECT_TRAP 10, CAUSE_LOAD_ACCESS, lw a0, 4(s2)
        addi    t0, s2, 4
        CHECK_CSR_REG mtval, t0
        ENTER_S
        # An aligned doubleword at C matches e4 for half its bytes: fails.
        EXPECT_TRAP 11, CAUSE_LOAD_ACCESS, ld a0, 0(s2)
        ENTER_S
        # The lowest entry decides even with a later full match: B is RW
        # through e2 although e3 (RWX) also covers it (check 7); A's e0.
        TEST_NUM 12
        ld      a0, 8(s0)
        CHECK   a0, 0x1111
        ENTER_M

        # ---- U-mode ----
        ENTER_U
        TEST_NUM 13
        ld      a0, 16(s1)
        CHECK   a0, 0x2222
        EXPECT_TRAP 14, CAUSE_STORE_ACCESS, sd zero, 0(s0)
        CHECK_CSR_REG mtval, s0
        ENTER_U
        EXPECT_TRAP 15, CAUSE_LOAD_ACCESS, lw a0, 8(s2)
        addi    t0, s2, 8
        CHECK_CSR_REG mtval, t0

        # ---- M-mode: unlocked entries do not apply, partial matches do ----
        TEST_NUM 16
        sd      zero, 16(s0)            # e0 is R only, but not locked
        lw      a0, 4(s2)               # no match: M-mode passes
        li      t0, 0x4444
        sw      t0, 0(s2)
        lw      a0, 0(s2)
        CHECK   a0, 0x4444
        EXPECT_TRAP 17, CAUSE_LOAD_ACCESS, ld a0, 0(s2)

        # ---- MPRV: M-mode loads and stores at MPP's privilege ----
        TEST_NUM 18
        li      t0, MSTATUS_MPP
        csrc    mstatus, t0
        li      t0, MSTATUS_MPP_S | MSTATUS_MPRV
        csrs    mstatus, t0
        ld      a0, 8(s0)
        CHECK   a0, 0x1111
        EXPECT_TRAP 19, CAUSE_STORE_ACCESS, sd zero, 8(s0)
        li      t0, MSTATUS_MPRV
        csrc    mstatus, t0

        # ---- no entry at all: S-mode can fetch nothing ----
        # The spec: the mret succeeds and S-mode's first fetch takes an
        # instruction access fault (mcause 1, mepc = mtval = the target).
        # QEMU 7.2 instead raises an illegal instruction at the mret when no
        # PMP entry is active (helper_mret's pmp_get_num_rules check).
        csrw    pmpcfg0, zero
        TRAP_BEGIN 20
        ENTER_S
        TRAP_END
        CHECK_CSR_SPEC mcause, CAUSE_FETCH_ACCESS, CAUSE_ILLEGAL_INSN

        # ---- lock ----
        # Locked entries apply to M-mode and their CSRs become read-only; a
        # locked TOR entry also freezes the pmpaddr below it.
        TEST_NUM 21
        srli    t0, s0, 2
        ori     t0, t0, (4096 / 8) - 1
        csrw    pmpaddr0, t0
        srli    t0, s1, 2
        csrw    pmpaddr1, t0
        srli    t0, s2, 2
        csrw    pmpaddr2, t0
        li      t0, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR | PMP_R) << 16)
        csrw    pmpcfg0, t0
        ld      a0, 8(s0)               # R: loads pass in M-mode
        CHECK   a0, 0x1111
        EXPECT_TRAP 22, CAUSE_STORE_ACCESS, sd zero, 8(s0)
        addi    t0, s0, 8
        CHECK_CSR_REG mtval, t0
        EXPECT_TRAP 23, CAUSE_STORE_ACCESS, sd zero, 0(s1)
        CHECK_CSR_REG mtval, s1
        TEST_NUM 24
        csrw    pmpcfg0, zero           # locked bytes 0 and 2 stay
        CHECK_CSR pmpcfg0, (PMP_L | PMP_NAPOT | PMP_R) | ((PMP_L | PMP_TOR | PMP_R) << 16)
        TEST_NUM 25
        csrw    pmpaddr0, zero          # e0 locked
        csrw    pmpaddr1, zero          # e2 locked TOR: its base is frozen
        csrw    pmpaddr2, zero          # e2 locked
        srli    t0, s0, 2
        ori     t0, t0, (4096 / 8) - 1
        CHECK_CSR_REG pmpaddr0, t0
        srli    t0, s1, 2
        CHECK_CSR_REG pmpaddr1, t0
        srli    t0, s2, 2
        CHECK_CSR_REG pmpaddr2, t0
        TEST_NUM 26
        li      t0, 0x1234
        csrw    pmpaddr3, t0            # unlocked, not below a locked TOR
        CHECK_CSR pmpaddr3, 0x1234

        TEST_PASS
        TEST_END

        .data
        .balign 8192
area:   .skip 3 * 4096
