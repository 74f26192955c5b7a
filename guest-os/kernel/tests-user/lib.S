# Helpers for the kernel's test programs: console output without a libc.
# puts(a0 = NUL-terminated string), putnum(a0 = signed decimal), newline().
    .text
    .globl puts, putnum, newline, sys_exit
puts:                       # write(1, s, strlen(s))
    mv a1, a0
    mv a2, a0
1:  lbu t0, 0(a2)
    beqz t0, 2f
    addi a2, a2, 1
    j 1b
2:  sub a2, a2, a1
    li a0, 1
    li a7, 64
    ecall
    ret
putnum:                     # digits built backwards in a stack buffer
    addi sp, sp, -48
    sd ra, 40(sp)
    addi t1, sp, 32         # end of the digits (NUL at 32)
    sb zero, 0(t1)
    mv t2, a0
    bgez t2, 1f
    neg t2, t2
1:  li t3, 10
2:  remu t4, t2, t3
    divu t2, t2, t3
    addi t4, t4, '0'
    addi t1, t1, -1
    sb t4, 0(t1)
    bnez t2, 2b
    bgez a0, 3f
    li t4, '-'
    addi t1, t1, -1
    sb t4, 0(t1)
3:  mv a0, t1
    call puts
    ld ra, 40(sp)
    addi sp, sp, 48
    ret
newline:
    la a0, nl
    j puts
sys_exit:                   # exit(a0)
    li a7, 93
    ecall
    .section .rodata
nl: .asciz "\n"
