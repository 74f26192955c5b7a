# Two address spaces without an introspection device: S-mode runs
# LOADS_A loads with satp = Sv39 | ASID 1 | root, then LOADS_B loads with
# ASID 2 (same page table: identity gigapages), and returns to M-mode with
# ecall; M-mode exits 0. Per-task accounting then has one row per satp
# value: Bare (M-mode setup), ASID 1 and ASID 2, each charged its loads.
        .equ LOADS_A, 100
        .equ LOADS_B, 300
        .equ PTE_VRWXAD, 0xcf
        .equ FINISHER, 0x100000

        .section .text.init
        .globl _start
_start:
        la      t0, m_trap
        csrw    mtvec, t0
        li      t0, (1 << 54) - 1               # PMP: all memory, RWX
        csrw    pmpaddr0, t0
        li      t0, 0x1f
        csrw    pmpcfg0, t0
        la      s0, root
        li      t1, PTE_VRWXAD                  # root[0]: gigapage at PA 0
        sd      t1, 0(s0)
        li      t1, (0x80000 << 10) | PTE_VRWXAD   # root[2]: 0x8000_0000
        sd      t1, 16(s0)
        srli    s1, s0, 12                      # root PPN
        li      t0, (8 << 60) | (1 << 44)       # Sv39, ASID 1
        or      t0, t0, s1
        csrw    satp, t0
        sfence.vma
        li      t0, 3 << 11                     # MPP = S
        csrc    mstatus, t0
        li      t0, 1 << 11
        csrs    mstatus, t0
        la      t0, s_main
        csrw    mepc, t0
        mret

s_main:
        la      s2, root
        li      t1, LOADS_A
1:      ld      t0, 0(s2)
        addi    t1, t1, -1
        bnez    t1, 1b
        li      t0, (8 << 60) | (2 << 44)       # Sv39, ASID 2
        or      t0, t0, s1
        csrw    satp, t0
        li      t1, LOADS_B
2:      ld      t0, 0(s2)
        addi    t1, t1, -1
        bnez    t1, 2b
        ecall

        .balign 4
m_trap: li      t0, FINISHER
        li      t1, 0x5555
        sw      t1, 0(t0)
        j       .

        .section .data
        .balign 4096
root:   .zero   4096
