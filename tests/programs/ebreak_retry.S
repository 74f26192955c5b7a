# An ebreak whose handler returns to it (mret to mepc, not past it): a trap
# storm that retires two instructions per trap, which only --max-insns stops.
        .section .text.init
        .globl _start
_start:
        la      t0, handler
        csrw    mtvec, t0
again:
        ebreak
        j       again
        .align 2
handler:
        csrr    t1, mepc
        mret
