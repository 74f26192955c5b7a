# /bin/child: started by init with fork + execve. Prints what it got and
# exits with status 7.
    .text
    .globl _start
_start:
    ld s0, 0(sp)            # argc
    addi s1, sp, 8          # argv
    la a0, m_hello
    call puts
    li a7, 172              # getpid
    ecall
    call putnum
    la a0, m_ppid
    call puts
    li a7, 173              # getppid
    ecall
    call putnum
    la a0, m_argc
    call puts
    mv a0, s0
    call putnum
    li s2, 0
1:  bge s2, s0, 2f          # each argv[i], in brackets
    la a0, m_open
    call puts
    slli t0, s2, 3
    add t0, s1, t0
    ld a0, 0(t0)
    call puts
    la a0, m_close
    call puts
    addi s2, s2, 1
    j 1b
2:  call newline
    li a7, 124              # sched_yield
    ecall
    li a0, 7
    call sys_exit

    .section .rodata
m_hello: .asciz "child: pid "
m_ppid:  .asciz ", ppid "
m_argc:  .asciz ", argc "
m_open:  .asciz " ["
m_close: .asciz "]"
