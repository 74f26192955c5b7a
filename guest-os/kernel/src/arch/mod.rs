//! The RISC-V architecture as the kernel sees it: CSR names and bits,
//! and the privileged instructions (wfi, sfence.vma) as functions.
//!
//! Owns: nothing but names. The Sv39 layout (PTE bits, satp, the
//! virtual-address split) is not here: it comes from the `vitrine-mmu`
//! crate that the emulator's MMU uses too (mm/vm.rs), so the two sides
//! cannot disagree on a bit. Calls: nothing.

pub mod riscv; // first: the csr_* macros are used by every other module
