# Sv39 in S-mode: touch NPAGES distinct 4 KiB pages ROUNDS times, then store
# to an unmapped address. M-mode checks that the fault is a store page fault
# at that address and exits 0 (anything else exits 1).
#
# Mappings: VA 0x0000_0000 (1 GiB, MMIO) and 0x8000_0000 (1 GiB, RAM) as
# identity gigapages; VA 0x4000_0000 + i*4K -> data page i (4 KiB pages).
        .equ NPAGES, 16
        .equ ROUNDS, 10
        .equ PTE_VRWXAD, 0xcf
        .equ PTE_VRWAD, 0xc7
        .equ BAD_VA, 0x50000000

        .section .text.init
        .globl _start
_start:
        la      t0, m_trap
        csrw    mtvec, t0
        # PMP, as firmware does before entering S-mode (with no entry, S-mode
        # may access nothing): entry 0 = NAPOT over all of memory, RWX.
        li      t0, (1 << 54) - 1
        csrw    pmpaddr0, t0
        li      t0, 0x1f                        # NAPOT | X | W | R
        csrw    pmpcfg0, t0
        la      s0, root
        li      t1, PTE_VRWXAD                  # root[0]: gigapage at PA 0
        sd      t1, 0(s0)
        li      t1, (0x80000 << 10) | PTE_VRWXAD   # root[2]: gigapage at 0x8000_0000
        sd      t1, 16(s0)
        la      t2, l1                          # root[1] -> l1
        srli    t3, t2, 12
        slli    t3, t3, 10
        ori     t3, t3, 1
        sd      t3, 8(s0)
        la      t4, l0                          # l1[0] -> l0
        srli    t3, t4, 12
        slli    t3, t3, 10
        ori     t3, t3, 1
        sd      t3, 0(t2)
        la      t2, data                        # l0[i] -> data + i*4K
        li      t5, 0
1:      srli    t3, t2, 12
        slli    t3, t3, 10
        ori     t3, t3, PTE_VRWAD
        slli    t6, t5, 3
        add     t6, t6, t4
        sd      t3, 0(t6)
        li      t6, 4096
        add     t2, t2, t6
        addi    t5, t5, 1
        li      t6, NPAGES
        blt     t5, t6, 1b
        srli    t0, s0, 12                      # satp = Sv39 | root
        li      t1, 8 << 60
        or      t0, t0, t1
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
        li      s1, ROUNDS
2:      li      s2, 0x40000000
        li      s3, NPAGES
3:      ld      t0, 0(s2)
        li      t1, 4096
        add     s2, s2, t1
        addi    s3, s3, -1
        bnez    s3, 3b
        addi    s1, s1, -1
        bnez    s1, 2b
        li      t0, BAD_VA
        sd      zero, 0(t0)                     # store page fault -> M-mode
        j       fail

        .balign 4                               # mtvec needs a 4-byte aligned base
m_trap:
        csrr    t0, mcause
        li      t1, 15
        bne     t0, t1, fail
        csrr    t0, mtval
        li      t1, BAD_VA
        bne     t0, t1, fail
        li      t0, 0x5555
        j       exit
fail:   li      t0, (1 << 16) | 0x3333
exit:   li      t1, 0x100000
        sw      t0, 0(t1)
        j       exit

        .data
        .align 12
root:   .zero 4096
l1:     .zero 4096
l0:     .zero 4096
data:   .zero NPAGES * 4096
