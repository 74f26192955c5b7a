# Zicsr and the basic CSRs: csrrw csrrs csrrc csrrwi csrrsi csrrci (old
# value, new value, which forms do not write), read-only and non-existent
# CSRs, CSR privilege levels, misa/mhartid/mvendorid/..., the counters
# (cycle, instret, time vs the CLINT's mtime, writable mcycle/minstret,
# mcounteren/scounteren), fcsr/frm/fflags aliasing, sstatus/sie/sip as
# views of mstatus/mie/mip, WARL fields (medeleg, mideleg, mepc, satp).

        .include "isa/test_macros.inc"

        .equ CSR_INVALID, 0x8ff                  # no such CSR (custom space, unused)
        # misa letters: I M A F D C, S and U modes
        .equ MISA_IMAFDC, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2)
        .equ MISA_IMAFDCSU, MISA_IMAFDC | (1 << 18) | (1 << 20)
        .equ SSTATUS_FIELDS, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
        .equ M_FIELDS, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV
        .equ S_INTS, (1 << IRQ_S_SOFT) | (1 << IRQ_S_TIMER) | (1 << IRQ_S_EXT)
        .equ M_INTS, (1 << IRQ_M_SOFT) | (1 << IRQ_M_TIMER) | (1 << IRQ_M_EXT)

# Check `num`: `time` changes, and grows, within 1,000,000 reads.
.macro TIME_ADVANCES num
        TEST_NUM \num
        rdtime  a1
        li      t0, 1000000
1:      rdtime  a2
        bne     a2, a1, 2f
        addi    t0, t0, -1
        bnez    t0, 1b
        j       fail
2:      bltu    a2, a1, fail
.endm

        TEST_BEGIN

# ---- csrrw: returns the old value, writes the new one --------------------------------------------
        TEST_NUM 2
        li      a1, 0x0123456789abcdef
        csrw    mscratch, a1
        li      a2, 0xfedcba9876543210
        csrrw   a0, mscratch, a2
        CHECK   a0, 0x0123456789abcdef
        CHECK_CSR mscratch, 0xfedcba9876543210
        TEST_NUM 3                              # rd == rs1: a swap
        li      a0, 5
        csrrw   a0, mscratch, a0
        CHECK   a0, 0xfedcba9876543210
        CHECK_CSR mscratch, 5

# ---- csrrs / csrrc: set / clear the bits of rs1, return the old value ----------------------------
        TEST_NUM 4
        li      a1, 0xf0f0
        csrw    mscratch, a1
        li      a2, 0x0ff0
        csrrs   a0, mscratch, a2
        CHECK   a0, 0xf0f0
        CHECK_CSR mscratch, 0xfff0
        TEST_NUM 5
        li      a2, 0xf00f
        csrrc   a0, mscratch, a2
        CHECK   a0, 0xfff0
        CHECK_CSR mscratch, 0x0ff0
        TEST_NUM 6
        li      a2, -1
        csrs    mscratch, a2                    # csrs = csrrs x0
        CHECK_CSR mscratch, -1
        li      a2, 0x8000000000000001
        csrc    mscratch, a2
        CHECK_CSR mscratch, 0x7ffffffffffffffe

# ---- immediate forms: 5-bit zero-extended immediate ----------------------------------------------
        TEST_NUM 7
        csrrwi  a0, mscratch, 31                # 31, not -1
        CHECK   a0, 0x7ffffffffffffffe
        CHECK_CSR mscratch, 31
        TEST_NUM 8
        csrrci  a0, mscratch, 0x15
        CHECK   a0, 31
        CHECK_CSR mscratch, 0x0a
        TEST_NUM 9
        csrrsi  a0, mscratch, 0x11
        CHECK   a0, 0x0a
        CHECK_CSR mscratch, 0x1b
        csrwi   mscratch, 0
        CHECK_CSR mscratch, 0

# ---- forms that do not write: csrrs/csrrc with rs1 = x0, csrrsi/csrrci with 0 --------------------
# (reading a read-only CSR with them must not trap)
        TEST_NUM 10
        csrrs   a0, mhartid, zero
        CHECK   a0, 0                           # single hart, number 0
        csrrc   a0, mhartid, zero
        csrrsi  a0, mhartid, 0
        csrrci  a0, mhartid, 0
        csrrs   a0, cycle, zero
        csrrsi  a0, mvendorid, 0
        csrrci  a0, marchid, 0
        csrrs   a0, mimpid, zero
        CHECK   zero, 0                         # (reached: nothing trapped)

# ---- writing a read-only CSR (address bits 11:10 = 11) is illegal; mtval = the instruction -------
        TRAP_BEGIN 11
1:      csrw    mhartid, zero                   # csrrw always writes, even from x0
        TRAP_END CAUSE_ILLEGAL_INSN
        la      t0, 1b
        lwu     t1, 0(t0)
        CHECK_CSR_REG mtval, t1
        li      a1, 1
        EXPECT_TRAP 12, CAUSE_ILLEGAL_INSN, csrrs a0, mvendorid, a1
        EXPECT_TRAP 13, CAUSE_ILLEGAL_INSN, csrrc a0, marchid, a1
        EXPECT_TRAP 14, CAUSE_ILLEGAL_INSN, csrrwi a0, cycle, 0
        EXPECT_TRAP 15, CAUSE_ILLEGAL_INSN, csrrsi a0, time, 1
        EXPECT_TRAP 16, CAUSE_ILLEGAL_INSN, csrrci a0, instret, 2
        TEST_NUM 17                             # the failed write changed nothing
        csrr    a0, mhartid
        CHECK   a0, 0

# ---- a non-existent CSR is illegal to read or write ----------------------------------------------
        EXPECT_TRAP 18, CAUSE_ILLEGAL_INSN, csrr a0, CSR_INVALID
        EXPECT_TRAP 19, CAUSE_ILLEGAL_INSN, csrw CSR_INVALID, a1
        EXPECT_TRAP 20, CAUSE_ILLEGAL_INSN, csrr a0, 0x7b0      # dcsr: debug mode only

# ---- CSR privilege: address bits 9:8 give the lowest privilege that may access it ----------------
        ENTER_S
        TEST_NUM 21
        csrw    sscratch, a1                    # S may use S CSRs
        csrr    a0, sscratch
        CHECK   a0, 1
        EXPECT_TRAP 22, CAUSE_ILLEGAL_INSN, csrr a0, mscratch    # ... not M ones
        ENTER_S
        EXPECT_TRAP 23, CAUSE_ILLEGAL_INSN, csrw mstatus, zero
        ENTER_S
        EXPECT_TRAP 24, CAUSE_ILLEGAL_INSN, csrr a0, mhartid
        ENTER_U
        EXPECT_TRAP 25, CAUSE_ILLEGAL_INSN, csrr a0, sscratch     # U may not use S CSRs
        ENTER_U
        EXPECT_TRAP 26, CAUSE_ILLEGAL_INSN, csrr a0, sstatus

# ---- misa, mhartid, mstatus.SXL/UXL --------------------------------------------------------------
        TEST_NUM 27
        csrr    a0, misa
        CHECK_MASKED a0, 3 << 62, 2 << 62       # MXL = 64-bit
        CHECK_MASKED a0, MISA_IMAFDCSU, MISA_IMAFDCSU
        TEST_NUM 28
        csrr    a0, mstatus
        CHECK_MASKED a0, 0xf << 32, 0xa << 32   # SXL = UXL = 64-bit
        csrr    a0, sstatus
        CHECK_MASKED a0, 0x3 << 32, 0x2 << 32   # sstatus shows UXL

# ---- counters: cycle and instret count up; time follows the CLINT's mtime ------------------------
        TEST_NUM 29
        rdcycle a1
        rdinstret a2
        li      t0, 100
1:      addi    t0, t0, -1
        bnez    t0, 1b
        rdcycle a3
        rdinstret a4
        bleu    a3, a1, fail
        bleu    a4, a2, fail
        csrr    a5, mcycle                      # mcycle/minstret are the same counters
        bltu    a5, a3, fail
        csrr    a5, minstret
        bltu    a5, a4, fail
        TEST_NUM 30
        li      t0, CLINT_MTIME
        ld      a1, 0(t0)
        rdtime  a2
        ld      a3, 0(t0)
        bltu    a2, a1, fail                    # mtime before <= time <= mtime after
        bltu    a3, a2, fail
        TIME_ADVANCES 31
        TEST_NUM 32                             # mcycle and minstret are writable
        li      a1, 0x4000000000000000
        csrw    mcycle, a1
        csrr    a2, mcycle
        bltu    a2, a1, fail
        sub     a2, a2, a1                      # counted on from the written value
        srli    a2, a2, 40                      # (by far less than 2^40 since)
        bnez    a2, fail
        TEST_NUM 33
        li      a1, 0x5000000000000000
        csrw    minstret, a1
        csrr    a2, minstret
        bltu    a2, a1, fail
        sub     a2, a2, a1
        srli    a2, a2, 40
        bnez    a2, fail

# ---- counter access from S/U: mcounteren and scounteren bits CY(0) TM(1) IR(2) -------------------
        csrwi   mcounteren, 0
        csrwi   scounteren, 0
        ENTER_S
        EXPECT_TRAP 34, CAUSE_ILLEGAL_INSN, rdcycle a0
        csrwi   mcounteren, 0x7                 # S may read all three
        ENTER_S
        TEST_NUM 35
        rdcycle a0
        rdtime  a0
        rdinstret a0
        EXPECT_TRAP 36, CAUSE_ILLEGAL_INSN, csrr a0, mcycle     # still an M CSR
        ENTER_U
        EXPECT_TRAP 37, CAUSE_ILLEGAL_INSN, rdinstret a0       # U also needs scounteren
        csrwi   scounteren, 0x4
        ENTER_U
        TEST_NUM 38
        rdinstret a0
        EXPECT_TRAP 39, CAUSE_ILLEGAL_INSN, rdtime a0           # TM not set in scounteren
        csrwi   mcounteren, 0x3                 # IR clear in mcounteren: U loses it too
        ENTER_U
        EXPECT_TRAP 40, CAUSE_ILLEGAL_INSN, rdinstret a0
        csrwi   mcounteren, 0
        csrwi   scounteren, 0

# ---- fcsr = frm << 5 | fflags --------------------------------------------------------------------
        FPU_ON
        TEST_NUM 41
        li      a1, 0xff
        csrw    fcsr, a1
        CHECK_CSR frm, 7
        CHECK_CSR fflags, 0x1f
        TEST_NUM 42
        csrwi   frm, 2
        CHECK_CSR fcsr, (2 << 5) | 0x1f
        csrwi   fflags, 0x3
        CHECK_CSR fcsr, (2 << 5) | 0x3
        TEST_NUM 43                             # field widths: fflags 5 bits, frm 3, fcsr 8
        li      a1, -1
        csrw    fflags, a1
        CHECK_CSR fflags, 0x1f
        csrw    frm, a1
        CHECK_CSR frm, 7
        csrw    fcsr, a1
        CHECK_CSR fcsr, 0xff
        TEST_NUM 44                             # pseudo-instructions
        fsflags a0, zero                        # swap
        CHECK   a0, 0x1f
        CHECK_CSR fflags, 0
        fsrm    a0, zero
        CHECK   a0, 7
        frrm    a0
        CHECK   a0, 0
        frflags a0
        CHECK   a0, 0
        frcsr   a0
        CHECK   a0, 0
        TEST_NUM 45                             # flags accrue until cleared
        li      a1, 0x3f800000                  # 1.0
        fmv.w.x fa1, a1
        fmv.w.x fa2, zero
        fdiv.s  fa0, fa1, fa2                   # DZ
        li      a1, 0x7f800001                  # sNaN
        fmv.w.x fa3, a1
        feq.s   a0, fa3, fa3                    # NV
        CHECK_CSR fflags, FFLAG_DZ | FFLAG_NV
        csrsi   fflags, FFLAG_NX                # software may set flags
        CHECK_CSR fcsr, FFLAG_DZ | FFLAG_NV | FFLAG_NX
        csrwi   fcsr, 0

# ---- sstatus is a view of mstatus's S-level fields -----------------------------------------------
        TEST_NUM 46
        li      a1, MSTATUS_MPP | MSTATUS_MPIE
        csrc    mstatus, a1
        li      a1, SSTATUS_FIELDS
        csrs    sstatus, a1                     # all five appear in mstatus
        csrr    a0, mstatus
        CHECK_MASKED a0, SSTATUS_FIELDS, SSTATUS_FIELDS
        TEST_NUM 47
        li      a1, M_FIELDS
        csrs    sstatus, a1                     # M fields are not in sstatus: ignored
        csrr    a0, mstatus
        CHECK_MASKED a0, M_FIELDS, 0
        csrs    mstatus, a1                     # ... and not visible there
        csrr    a0, sstatus
        CHECK_MASKED a0, M_FIELDS, 0
        csrc    mstatus, a1
        TEST_NUM 48
        li      a1, SSTATUS_FIELDS
        csrc    mstatus, a1
        csrr    a0, sstatus
        CHECK_MASKED a0, SSTATUS_FIELDS, 0

# ---- sie / sip: the delegated bits of mie / mip --------------------------------------------------
        TEST_NUM 49
        li      a1, S_INTS
        csrw    mideleg, a1
        csrr    a0, mideleg
        CHECK_MASKED a0, S_INTS | M_INTS, S_INTS
        li      a1, S_INTS | M_INTS
        csrw    mie, a1
        csrr    a0, sie
        CHECK_MASKED a0, S_INTS | M_INTS, S_INTS
        TEST_NUM 50
        csrw    sie, zero                       # clears only the S bits of mie
        csrr    a0, mie
        CHECK_MASKED a0, S_INTS | M_INTS, M_INTS
        TEST_NUM 51                             # not delegated: sie bits read as zero
        li      a1, 1 << IRQ_S_SOFT
        csrw    mideleg, a1
        li      a1, S_INTS
        csrw    mie, a1
        csrr    a0, sie
        CHECK_MASKED a0, S_INTS, 1 << IRQ_S_SOFT
        csrw    mie, zero
        TEST_NUM 52                             # SSIP: writable through mip and (delegated) sip
        csrsi   mip, 1 << IRQ_S_SOFT
        csrr    a0, sip
        CHECK_MASKED a0, 1 << IRQ_S_SOFT, 1 << IRQ_S_SOFT
        csrci   sip, 1 << IRQ_S_SOFT
        csrr    a0, mip
        CHECK_MASKED a0, 1 << IRQ_S_SOFT, 0
        csrw    mideleg, zero
        TEST_NUM 53                             # MSIP in mip is read-only (it mirrors the CLINT)
        csrsi   mip, 1 << IRQ_M_SOFT
        csrr    a0, mip
        CHECK_MASKED a0, 1 << IRQ_M_SOFT, 0

# ---- WARL fields ---------------------------------------------------------------------------------
        TEST_NUM 54                             # medeleg: what Linux and these tests delegate
        li      a1, -1
        csrw    medeleg, a1
        csrr    a0, medeleg
        li      a1, 0xb10c                      # causes 2, 3, 8, 12, 13, 15
        and     a1, a1, a0
        CHECK   a1, 0xb10c
        # ecall from M cannot be delegated: medeleg[11] is read-only zero
        # (QEMU 7.2 lets it be set)
        srli    a1, a0, CAUSE_MACHINE_ECALL
        andi    a1, a1, 1
        CHECK_SPEC a1, 0, 1
        csrw    medeleg, zero
        TEST_NUM 55                             # mepc[0] is always zero (IALIGN = 16)
        li      a1, 0x80001235
        csrw    mepc, a1
        # QEMU 7.2 keeps bit 0 (and clears it only when mret uses the value)
        CHECK_CSR_SPEC mepc, 0x80001234, 0x80001235
        li      a1, 0x80001232
        csrw    mepc, a1
        CHECK_CSR mepc, 0x80001232
        csrw    sepc, a1
        CHECK_CSR sepc, 0x80001232
        TEST_NUM 56                             # satp: an unsupported MODE ignores the whole write
        li      a1, (1 << 60) | 0x1234
        csrw    satp, a1
        CHECK_CSR satp, 0
        li      a1, (8 << 60) | 0x80123         # Sv39
        csrw    satp, a1
        CHECK_CSR satp, (8 << 60) | 0x80123
        csrw    satp, zero
        TEST_NUM 57                             # mtvec: direct and vectored modes
        csrr    s0, mtvec
        addi    a1, s0, 1
        csrw    mtvec, a1
        csrr    a0, mtvec
        CHECK_EQ a0, a1
        csrw    mtvec, s0

# ---- from S-mode, what the jit does inline: the trap-handling scratch CSRs in every form, and ----
# ---- rdtime (here after a write to mtime, with mcounteren.TM set) --------------------------------
        csrsi   mcounteren, 2
        li      t0, CLINT_MTIME
        li      a1, 0x100000000
        sd      a1, 0(t0)
        ENTER_S
        TEST_NUM 58                             # sscratch: a swap (rd == rs1), set, clear
        li      a1, 0x5555
        csrw    sscratch, a1
        li      a0, 0x0ff0
        csrrw   a0, sscratch, a0
        CHECK   a0, 0x5555
        CHECK_CSR sscratch, 0x0ff0
        li      a2, 0xf000
        csrrs   a3, sscratch, a2
        CHECK   a3, 0x0ff0
        csrrc   a3, sscratch, a1
        CHECK   a3, 0xfff0
        CHECK_CSR sscratch, 0xaaa0
        TEST_NUM 59                             # scause: the immediate forms; uimm 0 only reads
        csrrwi  a0, scause, 21
        csrrsi  a0, scause, 8
        CHECK   a0, 21
        csrrci  a0, scause, 1
        CHECK   a0, 29
        csrrsi  a0, scause, 0
        CHECK   a0, 28
        TEST_NUM 60                             # stval: x0 as source (reads only) and as rd
        li      a0, -1
        csrw    stval, a0
        csrrc   a0, stval, zero
        CHECK   a0, -1
        csrrw   zero, stval, zero
        CHECK_CSR stval, 0
        TEST_NUM 61                             # sepc[0] is always zero (QEMU 7.2 keeps it)
        li      a1, 0x80001235
        csrrw   a0, sepc, a1
        CHECK_CSR_SPEC sepc, 0x80001234, 0x80001235
        TEST_NUM 64                             # stvec: direct and vectored; MODE 2, 3 ignored
        csrr    s0, stvec
        li      a1, 0x80002000
        csrw    stvec, a1
        li      a2, 0x80003001
        csrrw   a0, stvec, a2
        CHECK   a0, 0x80002000
        li      a1, 0x80004002
        csrrw   a0, stvec, a1
        CHECK   a0, 0x80003001
        csrrsi  a0, stvec, 3
        CHECK   a0, 0x80003001
        CHECK_CSR stvec, 0x80003001
        csrrci  a0, stvec, 1
        CHECK_CSR stvec, 0x80003000
        csrw    stvec, s0
        TEST_NUM 62                             # time follows the written mtime
        li      t0, CLINT_MTIME
        ld      a1, 0(t0)
        rdtime  a2
        ld      a3, 0(t0)
        bltu    a2, a1, fail
        bltu    a3, a2, fail
        srli    a2, a2, 32
        beqz    a2, fail
        TIME_ADVANCES 63                        # (how many passes: its exact value)
        ENTER_M

        TEST_PASS
        TEST_END
