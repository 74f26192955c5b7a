# ebreak with mtvec = 0: the trap goes to address 0, where there is no
# memory, so the fetch there faults and traps to 0 again, for ever.
        .section .text.init
        .globl _start
_start:
        csrw    mtvec, zero
        ebreak
1:      j       1b
