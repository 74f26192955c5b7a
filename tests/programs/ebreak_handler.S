# The trap handler is the ebreak itself: a breakpoint that traps to itself.
        .section .text.init
        .globl _start
_start:
        la      t0, handler
        csrw    mtvec, t0
        .align 2
handler:
        ebreak
