# Synchronous exceptions and privilege transitions: ecall from M/S/U
# (causes 11/9/8), ebreak, illegal instructions (mtval = the instruction),
# privileged instructions in the wrong mode (mret, sret, wfi, sfence.vma,
# mstatus TSR/TVM/TW), access faults on unmapped physical addresses,
# delegation to S-mode with medeleg (scause/sepc/stval, SPP/SPIE), and the
# mstatus stacks across traps, mret and sret (MPP/MPIE/MIE, SPP/SPIE/SIE,
# MPRV).

        .include "isa/test_macros.inc"

        .equ MSTATUS_TVM, (1 << 20)
        .equ MSTATUS_TW,  (1 << 21)
        .equ MSTATUS_TSR, (1 << 22)
        .equ ILLEGAL_OP,  0x40001033          # funct7 0100000 with funct3 001: no such OP instruction
        .equ NO_MEMORY,   0x10                # QEMU virt: nothing is mapped at 0x0-0xfff
        # exceptions delegated to S-mode by the delegation checks
        .equ DELEGATED,   (1 << 8) | (1 << 3) | (1 << 2) | (1 << 5)   # U ecall, ebreak, illegal, load fault

# Fail check gp unless mstatus.MPP == mode (0 = U, 1 = S, 3 = M).
.macro CHECK_MPP mode
        csrr    t4, mstatus
        CHECK_MASKED t4, MSTATUS_MPP, \mode << 11
.endm

        TEST_BEGIN

# ---- ecall: cause 11/9/8 by privilege, mepc = the ecall, mtval = 0, MPP = the old mode -----------
        TRAP_BEGIN 2
1:      ecall
        TRAP_END CAUSE_MACHINE_ECALL
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1
        CHECK_CSR mtval, 0
        CHECK_MPP 3
        ENTER_S
        TRAP_BEGIN 3
1:      ecall
        TRAP_END CAUSE_SUPERVISOR_ECALL
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1
        CHECK_CSR mtval, 0
        CHECK_MPP 1
        ENTER_U
        TRAP_BEGIN 4
1:      ecall
        TRAP_END CAUSE_USER_ECALL
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1
        CHECK_CSR mtval, 0
        CHECK_MPP 0

# ---- ebreak: cause 3, mepc = the ebreak; mtval = 0 (as QEMU; the spec also allows the pc) --------
        TRAP_BEGIN 5
        .option push
        .option norvc
1:      ebreak
        .option pop
        TRAP_END CAUSE_BREAKPOINT
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1
        CHECK_CSR mtval, 0
        ENTER_U
        TRAP_BEGIN 6
1:      ebreak
        TRAP_END CAUSE_BREAKPOINT
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1
        CHECK_MPP 0

# ---- illegal instructions: mtval = the instruction bits ------------------------------------------
        TRAP_BEGIN 7
1:      .word   ILLEGAL_OP
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, ILLEGAL_OP
        LA_ABS  a1, 1b
        CHECK_CSR_REG mepc, a1
        TRAP_BEGIN 8
        .word   0x0000100b                      # custom-0 opcode: not implemented
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, 0x0000100b
        TRAP_BEGIN 9
        .word   0x00000073 | (0x7ff << 20)      # SYSTEM, funct3 0, unknown funct12
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, 0x00000073 | (0x7ff << 20)

# ---- privileged instructions in a lower mode -----------------------------------------------------
        ENTER_S
        TRAP_BEGIN 10
        mret                                    # mret in S
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, 0x30200073
        CHECK_MPP 1
        ENTER_U
        TRAP_BEGIN 11
        sret                                    # sret in U
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, 0x10200073
        ENTER_U
        EXPECT_TRAP 12, CAUSE_ILLEGAL_INSN, mret
        ENTER_U
        EXPECT_TRAP 13, CAUSE_ILLEGAL_INSN, sfence.vma
        # wfi in U-mode: illegal (QEMU traps at once; the spec allows
        # completing within a bounded time instead)
        ENTER_U
        TRAP_BEGIN 14
        wfi
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR mtval, 0x10500073

# ---- mstatus.TSR / TVM / TW trap S-mode's sret / satp + sfence.vma / wfi -------------------------
        li      t0, MSTATUS_TSR
        csrs    mstatus, t0
        ENTER_S
        EXPECT_TRAP 15, CAUSE_ILLEGAL_INSN, sret
        li      t0, MSTATUS_TSR
        csrc    mstatus, t0
        li      t0, MSTATUS_TVM
        csrs    mstatus, t0
        ENTER_S
        EXPECT_TRAP 16, CAUSE_ILLEGAL_INSN, csrr a0, satp
        ENTER_S
        EXPECT_TRAP 17, CAUSE_ILLEGAL_INSN, csrw satp, zero
        ENTER_S
        EXPECT_TRAP 18, CAUSE_ILLEGAL_INSN, sfence.vma
        li      t0, MSTATUS_TVM
        csrc    mstatus, t0
        ENTER_S
        TEST_NUM 19                             # without TVM, S may use them
        csrr    a0, satp
        sfence.vma
        ENTER_M
        li      t0, MSTATUS_TW
        csrs    mstatus, t0
        ENTER_S
        EXPECT_TRAP 20, CAUSE_ILLEGAL_INSN, wfi  # TW: illegal (QEMU: at once)
        li      t0, MSTATUS_TW
        csrc    mstatus, t0

# ---- access faults: loads, stores and fetches where nothing is mapped; mtval = the address -------
        li      a1, NO_MEMORY
        EXPECT_TRAP 21, CAUSE_LOAD_ACCESS, ld a0, 0(a1)
        CHECK_CSR_REG mtval, a1
        EXPECT_TRAP 22, CAUSE_LOAD_ACCESS, lbu a0, 1(a1)
        addi    a2, a1, 1
        CHECK_CSR_REG mtval, a2
        EXPECT_TRAP 23, CAUSE_STORE_ACCESS, sw a0, 8(a1)
        addi    a2, a1, 8
        CHECK_CSR_REG mtval, a2
        TRAP_BEGIN 24                           # AMOs raise store/AMO faults (QEMU 7.2: load)
        amoadd.d a0, a0, (a1)
        TRAP_END
        CHECK_CSR_SPEC mcause, CAUSE_STORE_ACCESS, CAUSE_LOAD_ACCESS
        CHECK_CSR_REG mtval, a1
        EXPECT_TRAP 25, CAUSE_FETCH_ACCESS, jalr ra, 0(a1)
        CHECK_CSR_REG mtval, a1                 # the target address
        CHECK_CSR_REG mepc, a1
        ENTER_U
        li      a1, NO_MEMORY
        EXPECT_TRAP 26, CAUSE_LOAD_ACCESS, lw a0, 4(a1)
        CHECK_MPP 0

# ---- delegation: medeleg sends U/S exceptions to S-mode (scause, sepc, stval) --------------------
        li      t0, DELEGATED
        csrw    medeleg, t0
        csrwi   sstatus, MSTATUS_SIE            # SIE = 1 (no interrupts are enabled in sie)
        ENTER_U
        TRAP_BEGIN 27
1:      ecall
        STRAP_END CAUSE_USER_ECALL              # now in S-mode
        LA_ABS  a1, 1b
        CHECK_CSR_REG sepc, a1
        CHECK_CSR stval, 0
        csrr    a0, sstatus                     # SPP = U, SPIE = old SIE, SIE = 0
        CHECK_MASKED a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE
        TRAP_BEGIN 28                           # S-mode's own illegal instruction
1:      .word   ILLEGAL_OP
        STRAP_END CAUSE_ILLEGAL_INSN
        CHECK_CSR stval, ILLEGAL_OP
        LA_ABS  a1, 1b
        CHECK_CSR_REG sepc, a1
        csrr    a0, sstatus                     # SPP = S, SPIE = old SIE (0)
        CHECK_MASKED a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPP
        TRAP_BEGIN 29                           # not delegated: S-mode ecall goes to M
        ecall
        TRAP_END CAUSE_SUPERVISOR_ECALL
        CHECK_MPP 1
        ENTER_U
        TRAP_BEGIN 30
        ebreak
        STRAP_END CAUSE_BREAKPOINT
        li      a1, NO_MEMORY
        TRAP_BEGIN 31                           # (from S-mode)
        ld      a0, 0(a1)
        STRAP_END CAUSE_LOAD_ACCESS
        CHECK_CSR_REG stval, a1
        ENTER_M
        TEST_NUM 32                             # traps to M leave the S-mode CSRs alone
        CHECK_CSR scause, CAUSE_LOAD_ACCESS
        # delegation never applies to traps from M-mode
        EXPECT_TRAP 33, CAUSE_ILLEGAL_INSN, .word ILLEGAL_OP
        EXPECT_TRAP 34, CAUSE_BREAKPOINT, ebreak
        TEST_NUM 35
        CHECK_CSR scause, CAUSE_LOAD_ACCESS
        li      t0, 1 << CAUSE_SUPERVISOR_ECALL  # S-mode ecall delegated to S itself
        csrw    medeleg, t0
        ENTER_S
        TRAP_BEGIN 36
        ecall
        STRAP_END CAUSE_SUPERVISOR_ECALL
        csrr    a0, sstatus
        CHECK_MASKED a0, MSTATUS_SPP, MSTATUS_SPP
        TRAP_BEGIN 37                           # back to M: an exception not delegated
        .word   ILLEGAL_OP
        TRAP_END CAUSE_ILLEGAL_INSN
        CHECK_MPP 1
        csrw    medeleg, zero
        csrwi   sstatus, 0

# ---- mret: MIE = MPIE, MPIE = 1, MPP = U (least privileged); to the mode in MPP ------------------
        TEST_NUM 38
        li      t0, MSTATUS_MPP | MSTATUS_MPIE  # MPP = M, MPIE = 1, MIE = 0
        csrs    mstatus, t0
        csrci   mstatus, MSTATUS_MIE
        la      t0, 1f
        csrw    mepc, t0
        mret
1:      csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPIE | MSTATUS_MIE
        TEST_NUM 39
        li      t0, MSTATUS_MPP                 # MPP = M, MPIE = 0, MIE = 1
        csrs    mstatus, t0
        li      t0, MSTATUS_MPIE
        csrc    mstatus, t0
        la      t0, 1f
        csrw    mepc, t0
        mret
1:      csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPIE
        TEST_NUM 40                             # mret to U (MPP = 0) really enters U
        li      t0, MSTATUS_MPP
        csrc    mstatus, t0
        la      t0, 1f
        csrw    mepc, t0
        la      tp, 2f
        mret
1:      ecall
        j       fail_no_trap
2:      li      tp, 0
        CHECK_CSR mcause, CAUSE_USER_ECALL
        TEST_NUM 41                             # mret to S clears MPRV (priv. spec 1.12;
        li      t0, MSTATUS_MPRV                # QEMU 7.2 leaves it set)
        csrs    mstatus, t0
        ENTER_S
        ENTER_M
        csrr    a0, mstatus
        srli    a0, a0, 17
        andi    a0, a0, 1
        CHECK_SPEC a0, 0, 1
        li      t0, MSTATUS_MPRV
        csrc    mstatus, t0

# ---- sret: SIE = SPIE, SPIE = 1, SPP = U; to the mode in SPP -------------------------------------
        ENTER_S
        TEST_NUM 42
        li      t0, MSTATUS_SPP | MSTATUS_SPIE   # SPP = S, SPIE = 1, SIE = 0
        csrs    sstatus, t0
        csrci   sstatus, MSTATUS_SIE
        la      t0, 1f
        csrw    sepc, t0
        sret
1:      csrr    a0, sstatus                     # still S-mode (it can read sstatus)
        CHECK_MASKED a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE | MSTATUS_SIE
        TEST_NUM 43
        li      t0, MSTATUS_SPP | MSTATUS_SIE    # SPP = S, SPIE = 0, SIE = 1
        csrs    sstatus, t0
        li      t0, MSTATUS_SPIE
        csrc    sstatus, t0
        la      t0, 1f
        csrw    sepc, t0
        sret
1:      csrr    a0, sstatus
        CHECK_MASKED a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE
        TEST_NUM 44                             # sret with SPP = U enters U-mode
        li      t0, MSTATUS_SPP
        csrc    sstatus, t0
        la      t0, 1f
        csrw    sepc, t0
        la      tp, 2f
        sret
1:      ecall                                   # not delegated: to M
        j       fail_no_trap
2:      li      tp, 0
        CHECK_CSR mcause, CAUSE_USER_ECALL
        CHECK_MPP 0
        csrwi   sstatus, 0

# ---- a trap saves and clears the interrupt enable of the mode it goes to -------------------------
        TEST_NUM 45                             # trap from M with MIE = 1: MPIE = 1, MIE = 0
        csrw    mie, zero                       # (no interrupt can be taken)
        csrsi   mstatus, MSTATUS_MIE
        TRAP_BEGIN 46
        ecall
        TRAP_END CAUSE_MACHINE_ECALL
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP, MSTATUS_MPIE | MSTATUS_MPP
        TEST_NUM 47                             # a trap to M leaves SIE/SPIE/SPP alone
        csrwi   sstatus, MSTATUS_SIE
        ENTER_U
        ENTER_M
        csrr    a0, mstatus
        CHECK_MASKED a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP, MSTATUS_SIE
        csrwi   sstatus, 0

        TEST_PASS
        TEST_END
