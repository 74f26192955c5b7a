# Interrupts: the CLINT machine timer (mtime/mtimecmp -> mip.MTIP) and
# software interrupt (msip -> mip.MSIP), wfi (wakes on a locally enabled
# interrupt even with mstatus.MIE = 0; mepc = the next instruction), global
# enables per privilege mode, priority (MSI before MTI), vectored mtvec,
# delegation of supervisor interrupts with mideleg (SSIP set by software,
# Sstc's stimecmp for the supervisor timer), and interrupts to a more
# privileged mode being taken regardless of its xIE bit.

        .include "isa/test_macros.inc"

        .equ MIP_MSIP, 1 << IRQ_M_SOFT
        .equ MIP_MTIP, 1 << IRQ_M_TIMER
        .equ MIP_SSIP, 1 << IRQ_S_SOFT
        .equ MIP_STIP, 1 << IRQ_S_TIMER
        .equ CSR_STIMECMP, 0x14d
        .equ CSR_MENVCFG, 0x30a
        .equ TICKS, 100000                      # 10 ms at QEMU's 10 MHz timebase; the
                                                # wfi checks assume wfi is reached sooner

# mtimecmp = mtime + TICKS (clobbers t0, t1)
.macro TIMER_IN_TICKS
        li      t0, CLINT_MTIME
        ld      t1, 0(t0)
        li      t0, TICKS
        add     t1, t1, t0
        li      t0, CLINT_MTIMECMP
        sd      t1, 0(t0)
.endm
# mtimecmp = the far future: MTIP clear
.macro TIMER_OFF
        li      t0, CLINT_MTIMECMP
        li      t1, -1
        sd      t1, 0(t0)
.endm
.macro MSIP_SET val
        li      t0, CLINT_MSIP
        li      t1, \val
        sw      t1, 0(t0)
.endm

        TEST_BEGIN
        TIMER_OFF
        MSIP_SET 0

# ---- mip.MTIP reflects mtime >= mtimecmp; nothing is taken while disabled ------------------------
        TEST_NUM 2
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MTIP, 0
        li      t0, CLINT_MTIMECMP
        sd      zero, 0(t0)                     # in the past
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MTIP, MIP_MTIP
        csrsi   mstatus, MSTATUS_MIE            # MIE = 1 but mie.MTIE = 0: not taken
        nop
        nop
        csrci   mstatus, MSTATUS_MIE
        TEST_NUM 3
        TIMER_OFF
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MTIP, 0

# ---- machine timer interrupt out of wfi: mcause, mepc = the instruction after wfi ----------------
        li      t0, MIP_MTIP
        csrw    mie, t0
        TRAP_BEGIN 4
        TIMER_IN_TICKS
        csrsi   mstatus, MSTATUS_MIE
1:      wfi
        j       1b                              # (if wfi returns before the interrupt)
        TRAP_END INTR | IRQ_M_TIMER
        LA_ABS  a1, 1b
        addi    a1, a1, 4
        CHECK_CSR_REG mepc, a1
        CHECK_CSR mtval, 0
        TEST_NUM 5                              # the trap disabled interrupts: MIE -> MPIE
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MTIP, MIP_MTIP     # still pending until mtimecmp moves
        TIMER_OFF
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MTIP, 0

# ---- wfi wakes up on a pending enabled interrupt even with MIE = 0 (no trap) ---------------------
        TEST_NUM 6
        csrci   mstatus, MSTATUS_MIE
        TIMER_IN_TICKS
        li      a2, 100000                      # bounded number of wake-ups
1:      wfi
        csrr    a0, mip
        andi    a0, a0, MIP_MTIP
        bnez    a0, 2f
        addi    a2, a2, -1
        bnez    a2, 1b
        j       fail                            # timer never fired
2:      TRAP_BEGIN 7                            # enabling MIE takes it at once
        csrsi   mstatus, MSTATUS_MIE
1:      nop
        TRAP_END INTR | IRQ_M_TIMER
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1                  # the instruction after the csrsi
        TIMER_OFF

# ---- software interrupt through the CLINT's msip -------------------------------------------------
        TEST_NUM 8
        MSIP_SET 1
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MSIP, MIP_MSIP
        li      t0, MIP_MSIP
        csrw    mie, t0
        TRAP_BEGIN 9
        csrsi   mstatus, MSTATUS_MIE
        nop
        TRAP_END INTR | IRQ_M_SOFT
        TEST_NUM 10
        MSIP_SET 0
        csrr    a0, mip
        CHECK_MASKED a0, MIP_MSIP, 0
        li      t0, CLINT_MSIP                  # msip reads back
        lw      a0, 0(t0)
        CHECK   a0, 0

# ---- priority: software before timer when both are pending ---------------------------------------
        MSIP_SET 1
        li      t0, CLINT_MTIMECMP
        sd      zero, 0(t0)
        li      t0, MIP_MSIP | MIP_MTIP
        csrw    mie, t0
        TRAP_BEGIN 11
        csrsi   mstatus, MSTATUS_MIE
        nop
        TRAP_END INTR | IRQ_M_SOFT
        MSIP_SET 0
        TRAP_BEGIN 12                           # then the timer
        csrsi   mstatus, MSTATUS_MIE
        nop
        TRAP_END INTR | IRQ_M_TIMER
        TIMER_OFF
        csrw    mie, zero

# ---- vectored mtvec: interrupt n goes to base + 4n, exceptions to base ---------------------------
        la      t0, vector_table
        ori     t0, t0, 1
        csrw    mtvec, t0
        li      a7, -1
        MSIP_SET 1
        li      t0, MIP_MSIP
        csrw    mie, t0
        TRAP_BEGIN 13
        csrsi   mstatus, MSTATUS_MIE
        nop
        TRAP_END INTR | IRQ_M_SOFT
        CHECK   a7, IRQ_M_SOFT                  # entered at slot 3
        MSIP_SET 0
        li      t0, CLINT_MTIMECMP
        sd      zero, 0(t0)
        li      t0, MIP_MTIP
        csrw    mie, t0
        TRAP_BEGIN 14
        csrsi   mstatus, MSTATUS_MIE
        nop
        TRAP_END INTR | IRQ_M_TIMER
        CHECK   a7, IRQ_M_TIMER                 # slot 7
        TIMER_OFF
        csrw    mie, zero
        TRAP_BEGIN 15
        ecall
        TRAP_END CAUSE_MACHINE_ECALL
        CHECK   a7, 0                           # exceptions: the base
        la      t0, trap_vector
        csrw    mtvec, t0

# ---- M interrupts are always enabled in lower modes, whatever mstatus.MIE ------------------------
        MSIP_SET 1
        li      t0, MIP_MSIP
        csrw    mie, t0
        li      t0, MSTATUS_MPIE                # MIE stays 0 after the mret
        csrc    mstatus, t0
        TRAP_BEGIN 16
        ENTER_U
        nop
        TRAP_END INTR | IRQ_M_SOFT
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_MPP | MSTATUS_MPIE, 0      # from U, with MIE = 0
        MSIP_SET 0
        csrw    mie, zero

# ---- supervisor software interrupt (mip.SSIP), delegated with mideleg ----------------------------
        li      t0, MIP_SSIP
        csrw    mideleg, t0
        csrw    mie, t0                         # = sie.SSIE
        csrs    mip, t0                         # pending
        csrsi   mstatus, MSTATUS_MIE | MSTATUS_SIE
        TEST_NUM 17                             # S interrupts are never taken in M-mode
        nop
        nop
        csrci   mstatus, MSTATUS_MIE
        TRAP_BEGIN 18                           # ... but at once in S-mode with SIE = 1
        ENTER_S
        nop
        STRAP_END INTR | IRQ_S_SOFT
        CHECK_CSR stval, 0
        csrr    a0, sstatus                     # SPP = S, SPIE = 1, SIE = 0
        CHECK_MASKED a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP | MSTATUS_SPIE
        TEST_NUM 19                             # SIE = 0 in S: stays pending
        nop
        nop
        csrr    a0, sip
        CHECK_MASKED a0, MIP_SSIP, MIP_SSIP
        TRAP_BEGIN 20                           # ... until SIE is set
        csrsi   sstatus, MSTATUS_SIE
1:      nop
        STRAP_END INTR | IRQ_S_SOFT
        LA_ABS  a1, 1b
        CHECK_CSR_REG sepc, a1
        TRAP_BEGIN 21                           # in U-mode it is taken whatever SIE is
        csrci   sstatus, MSTATUS_SIE
        li      t0, MSTATUS_SPP
        csrc    sstatus, t0
        la      t0, 1f
        csrw    sepc, t0
        sret                                    # to U, with SIE = SPIE = 0
1:      nop
        STRAP_END INTR | IRQ_S_SOFT
        csrr    a0, sstatus
        CHECK_MASKED a0, MSTATUS_SPP, 0         # came from U
        csrci   sip, MIP_SSIP                   # S clears its own pending bit
        csrr    a0, sip
        CHECK_MASKED a0, MIP_SSIP, 0
        ENTER_M
        TEST_NUM 22                             # not delegated: an S interrupt goes to M
        csrw    mideleg, zero
        li      t0, MIP_SSIP
        csrs    mip, t0
        TRAP_BEGIN 23
        ENTER_S
        nop
        TRAP_END INTR | IRQ_S_SOFT
        CHECK_CSR mtval, 0
        li      t0, MIP_SSIP
        csrc    mip, t0
        csrw    mie, zero

# ---- Sstc: the supervisor timer from stimecmp (menvcfg.STCE) -------------------------------------
        TEST_NUM 24
        li      t0, 1 << 63                     # STCE
        csrs    CSR_MENVCFG, t0
        csrsi   mcounteren, 2                   # TM: S may read time and stimecmp
        li      t0, -1
        csrw    CSR_STIMECMP, t0
        csrr    a0, mip
        CHECK_MASKED a0, MIP_STIP, 0
        csrw    CSR_STIMECMP, zero              # in the past: STIP
        csrr    a0, mip
        CHECK_MASKED a0, MIP_STIP, MIP_STIP
        li      t0, -1
        csrw    CSR_STIMECMP, t0
        csrr    a0, mip
        CHECK_MASKED a0, MIP_STIP, 0
        li      t0, MIP_STIP
        csrw    mideleg, t0
        csrw    mie, t0                         # sie.STIE
        csrsi   mstatus, MSTATUS_SIE
        ENTER_S
        TRAP_BEGIN 25                           # S programs its own timer
        rdtime  t1
        li      t0, TICKS
        add     t1, t1, t0
        csrw    CSR_STIMECMP, t1
1:      wfi
        j       1b
        STRAP_END INTR | IRQ_S_TIMER
        LA_ABS  a1, 1b
        addi    a1, a1, 4
        CHECK_CSR_REG sepc, a1
        TEST_NUM 26
        csrr    a0, sip
        CHECK_MASKED a0, MIP_STIP, MIP_STIP
        li      t0, -1
        csrw    CSR_STIMECMP, t0                # writing stimecmp clears it
        csrr    a0, sip
        CHECK_MASKED a0, MIP_STIP, 0
        ENTER_M
        csrw    mie, zero
        csrw    mideleg, zero
        csrwi   mcounteren, 0                   # without TM, S may not access stimecmp
        ENTER_S
        EXPECT_TRAP 27, CAUSE_ILLEGAL_INSN, csrr a0, CSR_STIMECMP
        csrsi   mcounteren, 2
        li      t0, 1 << 63                     # nor without STCE
        csrc    CSR_MENVCFG, t0
        ENTER_S
        EXPECT_TRAP 28, CAUSE_ILLEGAL_INSN, csrr a0, CSR_STIMECMP
        csrwi   mcounteren, 0
        csrwi   sstatus, 0

        TEST_PASS

# Vectored trap table: slot n records n in a7 and continues like
# trap_vector (expected traps jump to tp; others fail).
        .balign 256
        .option push
        .option norvc
vector_table:
        .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        j       vector_\n
        .endr
        .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
vector_\n:
        li      a7, \n
        j       trap_vector
        .endr
        .option pop

        TEST_END
