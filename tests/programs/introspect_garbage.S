# Writes garbage to the introspection device (devices/introspect.rs), then
# three good events, runs a loop as task 5, and exits with the device's
# DROPPED count as its status (0x3333 | code << 16 on the test finisher;
# 0x5555 when nothing was dropped). With --stats=task the machine refuses
# four events: an unknown code, a comm pointer outside RAM, a comm length
# of 2^64 - 1, a SWITCH with an unknown state letter. Without it, the
# device ignores every event and the status is 0.
        .equ DEV, 0x102000
        .equ ARG0, 0x10
        .equ ARG1, 0x18
        .equ ARG2, 0x20
        .equ ARG3, 0x28
        .equ ARG4, 0x30
        .equ ARG5, 0x38
        .equ EVENT, 0x40
        .equ FINISHER, 0x100000
        .equ LOOPS, 1000

        .section .text.init
        .globl _start
_start:
        li      s0, DEV
        lw      t0, 0(s0)                       # MAGIC: "VITR"
        li      t1, 0x52544956
        bne     t0, t1, fail
        # 1. An event code that does not exist.
        li      t0, 99
        sd      t0, EVENT(s0)
        # 2. TASK_NEW 5 with its name outside RAM.
        li      t0, 5
        sd      t0, ARG0(s0)
        sd      t0, ARG1(s0)
        sd      zero, ARG2(s0)
        li      t0, 0x1234
        sd      t0, ARG3(s0)
        li      t0, 6
        sd      t0, ARG4(s0)
        sd      zero, ARG5(s0)
        li      t0, 2
        sd      t0, EVENT(s0)
        # 3. The same with a good pointer and a length of 2^64 - 1.
        la      t0, name
        sd      t0, ARG3(s0)
        li      t0, -1
        sd      t0, ARG4(s0)
        li      t0, 2
        sd      t0, EVENT(s0)
        # 4. SWITCH 0 -> 5 leaving in state 'Q'.
        sd      zero, ARG0(s0)
        li      t0, 5
        sd      t0, ARG1(s0)
        li      t0, 'Q'
        sd      t0, ARG2(s0)
        sd      zero, ARG3(s0)
        li      t0, 5
        sd      t0, EVENT(s0)
        # Good: HELLO, TASK_NEW 5 "worker", SWITCH 0 -> 5.
        li      t0, 1
        sd      t0, ARG0(s0)
        sd      t0, EVENT(s0)
        li      t0, 5
        sd      t0, ARG0(s0)
        sd      t0, ARG1(s0)
        sd      zero, ARG2(s0)
        la      t0, name
        sd      t0, ARG3(s0)
        li      t0, 6
        sd      t0, ARG4(s0)
        sd      zero, ARG5(s0)
        li      t0, 2
        sd      t0, EVENT(s0)
        sd      zero, ARG0(s0)
        li      t0, 5
        sd      t0, ARG1(s0)
        li      t0, 'R'
        sd      t0, ARG2(s0)
        sd      zero, ARG3(s0)
        li      t0, 5
        sd      t0, EVENT(s0)
        # Work for task 5.
        li      t1, LOOPS
1:      addi    t1, t1, -1
        bnez    t1, 1b
        ld      t2, 8(s0)                       # DROPPED
        li      t0, FINISHER
        beqz    t2, pass
        slli    t2, t2, 16
        li      t1, 0x3333
        or      t2, t2, t1
        sw      t2, 0(t0)
        j       .
pass:   li      t1, 0x5555
        sw      t1, 0(t0)
        j       .
fail:   li      t0, FINISHER
        li      t1, (99 << 16) | 0x3333
        sw      t1, 0(t0)
        j       .

        .section .rodata
name:   .ascii  "worker"
