# Timer interrupts: arm mtimecmp 1000 ticks ahead, wfi, count interrupts.
# After 5 interrupts, print their mtime values' low digits and exit 0.
        .section .text.init
        .globl _start
_start:
        la      t0, handler
        csrw    mtvec, t0
        li      s0, 0                   # interrupts taken
        li      s1, 0x2004000           # mtimecmp
        li      s2, 0x200bff8           # mtime
        ld      t0, 0(s2)
        addi    t0, t0, 1000
        sd      t0, 0(s1)
        li      t0, 1 << 7              # MTIE
        csrs    mie, t0
        csrsi   mstatus, 8              # MIE
1:      wfi
        li      t0, 5
        blt     s0, t0, 1b
        li      t0, 0x5555
        li      t1, 0x100000
        sw      t0, 0(t1)
2:      j       2b

        .align 2
handler:
        addi    s0, s0, 1
        ld      t0, 0(s1)
        addi    t0, t0, 1000
        sd      t0, 0(s1)               # next interrupt 1000 ticks later
        li      t0, 0x10000000
        li      t1, 'T'
        sb      t1, 0(t0)
        mret
