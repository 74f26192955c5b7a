//! Sv39, defined once for the emulator and the kernel: these are the
//! emulator's own source files (mmu/src/addr.rs, pte.rs, satp.rs, `no_std`,
//! plain `const fn`s), compiled into the kernel as modules. The layouts are
//! drawn in those files. The kernel's software bits (COW, FILE) are its own
//! and live in mm/vm.rs.
//!
//! (Why not a cargo dependency on `vitrine-mmu`: a path dependency outside
//! this workspace gets its absolute path hashed into every symbol name, and
//! the committed image must not depend on where the tree is checked out.)

// The kernel uses a part of each file; the emulator uses the rest.
#[allow(dead_code)]
#[rustfmt::skip] // formatted with the host workspace's settings
#[path = "../../../../mmu/src/addr.rs"]
pub mod addr;
#[allow(dead_code)]
#[rustfmt::skip] // formatted with the host workspace's settings
#[path = "../../../../mmu/src/pte.rs"]
pub mod pte;
#[allow(dead_code)]
#[rustfmt::skip] // formatted with the host workspace's settings
#[path = "../../../../mmu/src/satp.rs"]
pub mod satp;

pub use addr::{PhysAddr, VirtAddr};
pub use pte::Pte;
pub use satp::Satp;
