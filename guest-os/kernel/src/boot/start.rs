//! M-mode setup, then a drop to S-mode, where the kernel runs.
//!
//! There is no SBI firmware (-bios none): the kernel is its own firmware.
//! M-mode does the minimum a firmware does for an S-mode kernel: open
//! physical memory to S-mode (PMP), hand it all traps (medeleg/mideleg)
//! and its own timer (Sstc), and catch anything that still reaches M-mode.

use crate::arch::riscv::{self, csr_clear, csr_read, csr_set, csr_write, exc, irq, mstatus, pmp};
use core::arch::{asm, global_asm};

/// Exceptions handled by the S-mode kernel: everything S-mode can cause.
/// (ecall from M is not delegable; there is no M-mode service to call.)
const MEDELEG: u64 = 1 << exc::INSN_MISALIGNED
    | 1 << exc::INSN_ACCESS
    | 1 << exc::ILLEGAL_INSN
    | 1 << exc::BREAKPOINT
    | 1 << exc::LOAD_MISALIGNED
    | 1 << exc::LOAD_ACCESS
    | 1 << exc::STORE_MISALIGNED
    | 1 << exc::STORE_ACCESS
    | 1 << exc::ECALL_U
    | 1 << exc::ECALL_S
    | 1 << exc::INSN_PAGE_FAULT
    | 1 << exc::LOAD_PAGE_FAULT
    | 1 << exc::STORE_PAGE_FAULT;

/// Interrupts handled by the S-mode kernel: software, timer, external.
const MIDELEG: u64 = 1 << irq::S_SOFT | 1 << irq::S_TIMER | 1 << irq::S_EXT;

unsafe extern "C" {
    fn mtrapvec();
    static _mtrap_stack_top: u8;
}

/// Called by entry.rs in M-mode on the boot stack, FPU on.
/// Configures the machine for an S-mode kernel and mrets into kmain.
#[unsafe(no_mangle)]
extern "C" fn start(hartid: u64, dtb: u64) -> ! {
    // First, so that even a fault in the setup below is reported: traps
    // that reach M-mode go to mtrapvec, on a stack of their own. None is
    // expected once we are in S-mode; if one comes, it is a kernel bug.
    csr_write!("mscratch", &raw const _mtrap_stack_top as u64);
    csr_write!("mtvec", mtrapvec as *const () as u64);

    // mret "returns" to S-mode at kmain, with paging off.
    csr_clear!("mstatus", mstatus::MPP_MASK);
    csr_set!("mstatus", mstatus::MPP_S);
    csr_write!("mepc", crate::kmain as *const () as u64);
    csr_write!("satp", 0);

    // All traps S-mode can take go to S-mode.
    csr_write!("medeleg", MEDELEG);
    csr_write!("mideleg", MIDELEG);

    // PMP: with no entry set, S-mode may access nothing. pmpaddr holds
    // address bits 55:2; in NAPOT mode its k trailing ones mean a region
    // of 2^(k+3) bytes. All 54 bits set: 2^57 bytes from 0, more than the
    // whole 56-bit physical address space. Entry 0 thus opens all memory
    // and devices to S-mode, readable, writable and executable.
    csr_write!("pmpaddr0", u64::MAX >> 10);
    csr_write!("pmpcfg0", pmp::NAPOT | pmp::R | pmp::W | pmp::X);

    // Sstc: S-mode programs stimecmp itself; no M-mode timer relay.
    // mcounteren.TM lets S-mode read `time` (and access stimecmp).
    csr_set!("menvcfg", riscv::MENVCFG_STCE);
    csr_write!("mcounteren", riscv::MCOUNTEREN_CY | riscv::MCOUNTEREN_TM | riscv::MCOUNTEREN_IR);

    unsafe { asm!("mret", in("a0") hartid, in("a1") dtb, options(noreturn)) }
}

// M-mode trap vector (direct mode: 4-byte aligned). Only fatal traps land
// here, so it switches to the M trap stack for good and never returns.
global_asm!(
    r#"
    .pushsection .text.mtrapvec, "ax", @progbits
    .balign 4
    .globl mtrapvec
mtrapvec:
    csrrw sp, mscratch, sp
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call mtrap
1:  j 1b
    .popsection
"#
);

/// A trap reached M-mode, which the kernel never expects.
/// Report it on the console and power off with the panic exit code.
#[unsafe(no_mangle)]
extern "C" fn mtrap(mcause: u64, mepc: u64, mtval: u64) -> ! {
    let mstatus = csr_read!("mstatus");
    crate::klib::panic::fatal(format_args!(
        "trap in M-mode: mcause {mcause:#x} mepc {mepc:#x} mtval {mtval:#x} mstatus {mstatus:#x}"
    ))
}
