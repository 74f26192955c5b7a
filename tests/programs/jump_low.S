# mret into S-mode at pc 2, where nothing is mapped: the fetch faults
# (mcause 1, mepc 2) and the M-mode handler exits 0. The privilege change
# invalidates the emulator's cached fetch page at the same moment, which
# must not let the low target pass for a cached page.
        .section .text.init
        .globl _start
_start:
        la      t0, handler
        csrw    mtvec, t0
        li      t0, 2
        csrw    mepc, t0
        li      t0, 3 << 11             # MPP = S
        csrc    mstatus, t0
        li      t0, 1 << 11
        csrs    mstatus, t0
        mret
        .balign 4
handler:
        csrr    t0, mcause
        li      t1, 1
        bne     t0, t1, fail
        csrr    t0, mepc
        li      t1, 2
        bne     t0, t1, fail
        li      t0, 0x5555
        j       exit
fail:   li      t0, (1 << 16) | 0x3333
exit:   li      t1, 0x100000
        sw      t0, 0(t1)
1:      j       1b
