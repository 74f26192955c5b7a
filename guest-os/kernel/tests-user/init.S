# /bin/init of the kernel's test initramfs: exercises each system call
# and prints what came back, then powers off with reboot(POWER_OFF, 42).
# Every line is deterministic, so the output is the same on every machine.
    .macro SAY label        # print a string from .rodata
    la a0, \label
    call puts
    .endm
    .macro SYS nr
    li a7, \nr
    ecall
    .endm
    .macro NUMLN            # print a0 and a newline
    call putnum
    call newline
    .endm
    .macro FORK             # clone(SIGCHLD, 0): a0 = 0 in the child
    li a0, 17
    li a1, 0
    SYS 220
    .endm
    .macro WAIT             # wait4(-1, &status, 0, 0); print pid and status
    li a0, -1
    la a1, status
    li a2, 0
    li a3, 0
    SYS 260
    mv s5, a0
    SAY m_wait
    mv a0, s5
    call putnum
    SAY m_status
    lw a0, status
    NUMLN
    .endm

    .text
    .globl _start
_start:
    ld s0, 0(sp)            # argc
    addi s1, sp, 8          # argv
    SAY m_hello
    SYS 172                 # getpid
    call putnum
    SAY m_ppid
    SYS 173                 # getppid
    NUMLN
    SAY m_argv              # argv, each in brackets
    li s2, 0
1:  bge s2, s0, 2f
    SAY m_open
    slli t0, s2, 3
    add t0, s1, t0
    ld a0, 0(t0)
    call puts
    SAY m_close
    addi s2, s2, 1
    j 1b
2:  call newline

    la a0, uts              # uname: sysname and machine
    SYS 160
    SAY m_uname
    la a0, uts
    call puts
    SAY m_space
    la a0, uts + 4 * 65
    call puts
    call newline

    li a0, 0                # brk(0), brk(+8192), use the memory
    SYS 214
    mv s2, a0
    li t0, 8192
    add a0, s2, t0
    SYS 214
    mv s3, a0
    li t0, 0x1234           # store in the last word of the new heap
    li t1, 8184
    add s4, s2, t1
    sd t0, 0(s4)
    SAY m_brk
    sub a0, s3, s2
    call putnum
    SAY m_readback
    ld a0, 0(s4)
    NUMLN

    li a0, 1                # write(1, bad pointer, 5): -EFAULT
    li a1, 0xdead0000
    li a2, 5
    SYS 64
    mv s2, a0
    SAY m_efault
    mv a0, s2
    NUMLN
    li a0, 0                # uname(NULL): -EFAULT
    SYS 160
    mv s2, a0
    SAY m_efault2
    mv a0, s2
    NUMLN

    li a0, 1                # clock_gettime, nanosleep(20 ms), clock_gettime
    la a1, ts0
    SYS 113
    la a0, req
    li a1, 0
    SYS 101
    li a0, 1
    la a1, ts1
    SYS 113
    ld t0, ts0
    ld t1, ts0 + 8
    ld t2, ts1
    ld t3, ts1 + 8
    sub t2, t2, t0
    li t4, 1000000000
    mul t2, t2, t4
    add t2, t2, t3
    sub t2, t2, t1          # elapsed ns
    li t4, 20000000
    slt s2, t2, t4          # 1 if too short
    SAY m_sleep
    xori a0, s2, 1
    NUMLN

    SYS 124                 # sched_yield
    mv s2, a0
    SAY m_yield
    mv a0, s2
    NUMLN

    FORK                    # fork + execve("/bin/child", ...)
    beqz a0, do_exec
    WAIT

    FORK                    # a child that stores to address 0: SIGSEGV
    bnez a0, 3f
    sd zero, 0(zero)
3:  WAIT

    FORK                    # a child that runs an illegal instruction
    bnez a0, 4f
    .word 0
4:  WAIT

    FORK                    # a child that spins for a while: preempted
    bnez a0, 5f
    li t0, 3000000
6:  addi t0, t0, -1
    bnez t0, 6b
    li a0, 3
    call sys_exit
5:  SAY m_parent_runs
    call newline
    WAIT

    li a0, -1               # wait4 with no children left: -ECHILD
    li a1, 0
    li a2, 0
    li a3, 0
    SYS 260
    mv s2, a0
    SAY m_echild
    mv a0, s2
    NUMLN

    la a0, nopath           # execve of a missing file: -ENOENT
    la a1, child_argv
    li a2, 0
    SYS 221
    mv s2, a0
    SAY m_enoent
    mv a0, s2
    NUMLN

    SAY m_bye
    li a0, 0xfee1dead       # reboot(MAGIC1, MAGIC2, POWER_OFF, 42)
    li a1, 672274793
    li a2, 0x4321fedc
    li a3, 42
    SYS 142
    li a0, 1                # not reached
    call sys_exit

do_exec:
    la a0, child_path
    la a1, child_argv
    la a2, child_envp
    SYS 221
    mv s2, a0               # only on failure
    SAY m_execfail
    mv a0, s2
    NUMLN
    li a0, 99
    call sys_exit

    .section .rodata
m_hello:    .asciz "init: pid "
m_ppid:     .asciz ", ppid "
m_argv:     .asciz "init: argv"
m_open:     .asciz " ["
m_close:    .asciz "]"
m_uname:    .asciz "init: uname "
m_space:    .asciz " "
m_brk:      .asciz "init: brk grew by "
m_readback: .asciz ", read back "
m_efault:   .asciz "init: write(bad pointer) = "
m_efault2:  .asciz "init: uname(NULL) = "
m_sleep:    .asciz "init: nanosleep(20 ms) slept long enough: "
m_yield:    .asciz "init: sched_yield = "
m_wait:     .asciz "init: wait4 -> pid "
m_status:   .asciz ", status "
m_parent_runs: .asciz "init: parent runs while the child spins"
m_echild:   .asciz "init: wait4 without children = "
m_enoent:   .asciz "init: execve(/bin/nothing) = "
m_execfail: .asciz "init: execve failed: "
m_bye:      .asciz "init: reboot(POWER_OFF, 42)\n"
child_path: .asciz "/bin/child"
nopath:     .asciz "/bin/nothing"
a_child:    .asciz "child"
a_hello:    .asciz "hello"
e_path:     .asciz "PATH=/bin"

    .data
    .balign 8
child_argv: .dword a_child, a_hello, 0
child_envp: .dword e_path, 0
req:        .dword 0, 20000000
ts0:        .dword 0, 0
ts1:        .dword 0, 0
status:     .word 0
uts:        .zero 390
