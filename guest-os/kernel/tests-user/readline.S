# /bin/readline: read(0) one line from the console, echo it, and power
# off with its length as the exit status. Run it with init=/bin/readline.
    .text
    .globl _start
_start:
    la a0, m_prompt
    call puts
    li a0, 0                # read(0, buf, 128)
    la a1, buf
    li a2, 128
    li a7, 63
    ecall
    mv s0, a0
    la a0, m_got
    call puts
    li a0, 1                # write(1, buf, n)
    la a1, buf
    mv a2, s0
    li a7, 64
    ecall
    li a0, 0xfee1dead       # reboot(MAGIC1, MAGIC2, POWER_OFF, n)
    li a1, 672274793
    li a2, 0x4321fedc
    mv a3, s0
    li a7, 142
    ecall

    .section .rodata
m_prompt: .asciz "readline: type a line\n"
m_got:    .asciz "readline: got "
    .data
buf: .zero 128
