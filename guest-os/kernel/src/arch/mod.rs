//! The RISC-V architecture as the kernel sees it: CSR names and bits,
//! and the privileged instructions (wfi, sfence.vma) as functions.
//!
//! The Sv39 layout (PTE bits, satp, the virtual-address split) is
//! sv39.rs: the very files the emulator's MMU is built from, so the two
//! sides cannot disagree on a bit.
//!
//! Owns: nothing but names. Calls: nothing.

pub mod riscv; // first: the csr_* macros are used by every other module
pub mod sv39;
