//! RISC-V privileged architecture: CSR numbers, bits and accessors.
//!
//! Like xv6's riscv.h: one place that names every register and bit the
//! kernel touches, so the rest of the code reads `mstatus::MPP_S`, not 0x800.
//! Field layouts are from the privileged spec (v1.12) and Sstc.

use core::arch::asm;

/// Read a CSR by name or number.
macro_rules! csr_read {
    ($csr:literal) => {{
        let v: u64;
        unsafe { core::arch::asm!(concat!("csrr {0}, ", $csr), out(reg) v, options(nomem, nostack)) };
        v
    }};
}

/// Write a CSR by name or number.
macro_rules! csr_write {
    ($csr:literal, $v:expr) => {{
        let v: u64 = $v;
        unsafe { core::arch::asm!(concat!("csrw ", $csr, ", {0}"), in(reg) v, options(nomem, nostack)) };
    }};
}

/// Set bits in a CSR (csrs).
macro_rules! csr_set {
    ($csr:literal, $v:expr) => {{
        let v: u64 = $v;
        unsafe { core::arch::asm!(concat!("csrs ", $csr, ", {0}"), in(reg) v, options(nomem, nostack)) };
    }};
}

/// Clear bits in a CSR (csrc).
macro_rules! csr_clear {
    ($csr:literal, $v:expr) => {{
        let v: u64 = $v;
        unsafe { core::arch::asm!(concat!("csrc ", $csr, ", {0}"), in(reg) v, options(nomem, nostack)) };
    }};
}

pub(crate) use {csr_clear, csr_read, csr_set, csr_write};

/// mstatus / sstatus (sstatus is a restricted view of the same register).
pub mod mstatus {
    /// S-mode global interrupt enable.
    pub const SIE: u64 = 1 << 1;
    /// Previous privilege for mret, bits 12:11: 0 = U, 1 = S, 3 = M.
    pub const MPP_MASK: u64 = 3 << 11;
    pub const MPP_S: u64 = 1 << 11;
    /// Floating-point unit state, bits 14:13. Off (0) makes every F/D
    /// instruction trap; Initial (1) turns the FPU on.
    pub const FS_INITIAL: u64 = 1 << 13;
}

/// Interrupt numbers: bit positions in mip/mie/sip/sie and in xcause.
pub mod irq {
    pub const S_SOFT: u64 = 1;
    pub const S_TIMER: u64 = 5;
    pub const S_EXT: u64 = 9;
}

/// Exception causes (xcause with the interrupt bit clear).
pub mod exc {
    pub const INSN_MISALIGNED: u64 = 0;
    pub const INSN_ACCESS: u64 = 1;
    pub const ILLEGAL_INSN: u64 = 2;
    pub const BREAKPOINT: u64 = 3;
    pub const LOAD_MISALIGNED: u64 = 4;
    pub const LOAD_ACCESS: u64 = 5;
    pub const STORE_MISALIGNED: u64 = 6;
    pub const STORE_ACCESS: u64 = 7;
    pub const ECALL_U: u64 = 8;
    pub const ECALL_S: u64 = 9;
    pub const INSN_PAGE_FAULT: u64 = 12;
    pub const LOAD_PAGE_FAULT: u64 = 13;
    pub const STORE_PAGE_FAULT: u64 = 15;
}

/// xcause bit 63: the trap is an interrupt, not an exception.
pub const CAUSE_INTERRUPT: u64 = 1 << 63;

/// mcounteren: which counters S-mode may read (cycle, time, instret).
/// TM is also what lets S-mode touch stimecmp (with menvcfg.STCE).
pub const MCOUNTEREN_CY: u64 = 1 << 0;
pub const MCOUNTEREN_TM: u64 = 1 << 1;
pub const MCOUNTEREN_IR: u64 = 1 << 2;

/// menvcfg.STCE: Sstc on, so S-mode has its own timer compare (stimecmp).
pub const MENVCFG_STCE: u64 = 1 << 63;

/// pmpcfg fields of one PMP entry (8 bits each).
pub mod pmp {
    pub const R: u64 = 1 << 0;
    pub const W: u64 = 1 << 1;
    pub const X: u64 = 1 << 2;
    /// Address matching mode A, bits 4:3: naturally aligned power of two.
    pub const NAPOT: u64 = 3 << 3;
}

/// The `time` CSR: mtime as S-mode sees it (needs mcounteren.TM).
#[inline]
pub fn time() -> u64 {
    csr_read!("time")
}

/// Program the S-mode timer (Sstc): STIP is pending while time >= stimecmp.
/// CSR 0x14d by number: the assembler knows the name only with +sstc.
#[inline]
pub fn set_stimecmp(v: u64) {
    csr_write!("0x14d", v);
}

/// Turn S-mode interrupts on (sstatus.SIE).
#[inline]
pub fn intr_on() {
    csr_set!("sstatus", mstatus::SIE);
}

/// Turn S-mode interrupts off; return whether they were on.
#[inline]
pub fn intr_off() -> bool {
    let old: u64;
    unsafe {
        asm!("csrrc {0}, sstatus, {1}", out(reg) old, in(reg) mstatus::SIE, options(nomem, nostack))
    };
    old & mstatus::SIE != 0
}

/// Wait for an interrupt. Wakes when one is pending and enabled in sie,
/// even with sstatus.SIE off (the trap is then taken once SIE is set).
#[inline]
pub fn wfi() {
    unsafe { asm!("wfi", options(nomem, nostack)) };
}

/// Flush all address translations cached by this hart (after a page
/// table change).
#[inline]
pub fn sfence_vma() {
    unsafe { asm!("sfence.vma zero, zero", options(nostack)) };
}

/// sstatus bits for returning to user mode.
pub mod sstatus {
    /// Previous privilege for sret: 0 = U, 1 = S.
    pub const SPP: u64 = 1 << 8;
    /// Interrupt enable after sret.
    pub const SPIE: u64 = 1 << 5;
}

/// Flush the TLB entries for one virtual address (all address spaces).
pub fn sfence_vma_addr(va: usize) {
    unsafe { asm!("sfence.vma {}, zero", in(reg) va, options(nostack)) };
}
