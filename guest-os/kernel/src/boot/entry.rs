//! The first instructions: the board jumps to _entry (0x8000_0000, see
//! linker.ld) in M-mode with a0 = hartid and a1 = device tree address.
//!
//! Before any Rust code may run we need a stack, a zeroed .bss and the FPU
//! on: riscv64gc code may use F/D registers anywhere (even for copies), and
//! with mstatus.FS = Off the first such instruction would trap.

core::arch::global_asm!(
    r#"
    .pushsection .text.entry, "ax", @progbits
    .globl _entry
_entry:
    # One hart runs the kernel; any other hart parks forever.
    csrr t0, mhartid
    bnez t0, 3f

    # The boot stack (linker.ld); it stays the kernel stack in S-mode.
    la sp, _boot_stack_top

    # Zero .bss: statics that start as 0 live there and are not in the file.
    la t0, _bss_start
    la t1, _bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:
    # FPU on (mstatus.FS = Initial) before the first Rust instruction.
    li t0, {fs_initial}
    csrs mstatus, t0

    # a0 (hartid) and a1 (device tree) are still as the board left them.
    call start          # start.rs: M-mode setup, then mret to kmain

3:  wfi
    j 3b
    .popsection
"#,
    fs_initial = const crate::arch::riscv::mstatus::FS_INITIAL,
);
