//! S-mode traps: interrupts and exceptions while the kernel runs.
//!
//! stvec points at kernelvec, which saves the registers a Rust function
//! may clobber on the current (kernel) stack, calls kerneltrap, restores
//! them and srets back to the interrupted instruction. Only integer
//! registers are saved: trap handlers must not use floating point.

use crate::riscv::{CAUSE_INTERRUPT, csr_read, csr_write, irq};
use crate::timer;
use core::arch::global_asm;

unsafe extern "C" {
    fn kernelvec();
}

/// Send S-mode traps to kernelvec (direct mode: all traps, one entry).
pub fn init() {
    csr_write!("stvec", kernelvec as *const () as u64);
}

// Caller-saved registers: ra, t0-t6, a0-a7 (16 x 8 bytes keeps sp 16-aligned).
// Callee-saved ones (s0-s11, sp) are preserved by kerneltrap itself.
global_asm!(
    r#"
    .pushsection .text.kernelvec, "ax", @progbits
    .balign 4
    .globl kernelvec
kernelvec:
    addi sp, sp, -128
    sd ra, 0(sp)
    sd t0, 8(sp)
    sd t1, 16(sp)
    sd t2, 24(sp)
    sd t3, 32(sp)
    sd t4, 40(sp)
    sd t5, 48(sp)
    sd t6, 56(sp)
    sd a0, 64(sp)
    sd a1, 72(sp)
    sd a2, 80(sp)
    sd a3, 88(sp)
    sd a4, 96(sp)
    sd a5, 104(sp)
    sd a6, 112(sp)
    sd a7, 120(sp)
    call kerneltrap
    ld ra, 0(sp)
    ld t0, 8(sp)
    ld t1, 16(sp)
    ld t2, 24(sp)
    ld t3, 32(sp)
    ld t4, 40(sp)
    ld t5, 48(sp)
    ld t6, 56(sp)
    ld a0, 64(sp)
    ld a1, 72(sp)
    ld a2, 80(sp)
    ld a3, 88(sp)
    ld a4, 96(sp)
    ld a5, 104(sp)
    ld a6, 112(sp)
    ld a7, 120(sp)
    addi sp, sp, 128
    sret
    .popsection
"#
);

/// Called by kernelvec for every S-mode trap, with interrupts off.
/// Timer interrupts are handled; anything else is a kernel bug.
#[unsafe(no_mangle)]
extern "C" fn kerneltrap() {
    let scause = csr_read!("scause");
    if scause == CAUSE_INTERRUPT | irq::S_TIMER {
        timer::interrupt();
        return;
    }
    let sepc = csr_read!("sepc");
    let stval = csr_read!("stval");
    crate::panic::fatal(format_args!(
        "unexpected trap in S-mode: scause {scause:#x} sepc {sepc:#x} stval {stval:#x}"
    ))
}
