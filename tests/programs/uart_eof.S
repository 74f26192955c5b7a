# Echo console input until the line hangs up (the UART's carrier detect
# drops at the host's end of input), then exit with the number of bytes
# echoed (0x5555 = 0 bytes). Interrupt-driven: the UART's receive and
# modem-status interrupts reach mip.MEIP through the PLIC, and the hart
# sleeps in wfi between them (mstatus.MIE stays 0: no trap is taken).
# Exit 99 if DCD was found low without the delta bit DDCD set.
        .section .text.init
        .globl _start
_start:
        li      s0, 0x10000000          # UART
        li      t0, 0x07
        sb      t0, 2(s0)               # FCR: FIFO on, both FIFOs reset
        li      t0, 0x09
        sb      t0, 1(s0)               # IER: received data | modem status
        li      s2, 0x0c000000          # PLIC
        li      t0, 1
        sw      t0, 40(s2)              # priority of source 10 (UART) = 1
        li      t1, 0x0c002000
        li      t0, 1 << 10
        sw      t0, 0(t1)               # enable source 10 for context 0 (M)
        li      s3, 0x0c200000
        sw      zero, 0(s3)             # threshold 0
        li      t0, 1 << 11
        csrw    mie, t0                 # MEIE: wfi wakes on the PLIC
        li      s1, 0                   # bytes echoed
wait:
        wfi
        lw      s4, 4(s3)               # claim
drain:
        lbu     t0, 5(s0)               # LSR
        andi    t0, t0, 1               # data ready
        beqz    t0, status
        lbu     t0, 0(s0)
        sb      t0, 0(s0)
        addi    s1, s1, 1
        j       drain
status:
        lbu     t2, 6(s0)               # MSR (reading clears the delta bits)
        sw      s4, 4(s3)               # complete
        andi    t3, t2, 0x80            # DCD
        bnez    t3, wait
        andi    t3, t2, 0x08            # DDCD
        beqz    t3, no_delta
        li      t1, 0x100000            # test finisher
        li      t0, 0x5555
        beqz    s1, 1f
        slli    t0, s1, 16
        li      t3, 0x3333
        or      t0, t0, t3
1:      sw      t0, 0(t1)
2:      j       2b
no_delta:
        li      t1, 0x100000
        li      t0, (99 << 16) | 0x3333
        sw      t0, 0(t1)
        j       2b
