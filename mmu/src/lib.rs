//! Sv39 address translation with a modelled, counted TLB.
//!
//! The crate is organised one concept per file:
//!
//! | file              | concept                                                        |
//! |-------------------|----------------------------------------------------------------|
//! | `addr.rs`         | virtual/physical addresses, page numbers, the Sv39 field layout |
//! | `pte.rs`          | the page-table entry and its bits                              |
//! | `satp.rs`         | the `satp` CSR: MODE, ASID, root PPN                           |
//! | `access.rs`       | what is being done: fetch/load/store, privilege, SUM, MXR      |
//! | `fault.rs`        | why a translation failed (page fault or access fault)          |
//! | `phys_mem.rs`     | how the walker reads and writes PTEs in physical memory        |
//! | `permissions.rs`  | the R/W/X/U checks, with SUM and MXR                           |
//! | `walk.rs`         | the three-level Sv39 page-table walk (and a read-only `peek`)  |
//! | `config.rs`       | TLB geometry (`TlbConfig`) and its validation                  |
//! | `tlb.rs`          | one set-associative, LRU TLB                                   |
//! | `sfence.rs`       | which TLB entries each form of `sfence.vma` removes            |
//! | `counters.rs`     | hit/miss/walk and flush counters                               |
//! | `mmu.rs`          | the `Mmu`: instruction TLB + data TLB + counters + walker      |
//!
//! Entry points: [`Mmu::translate`] (TLB + walk, the emulator's hot path),
//! [`Mmu::sfence_vma`], [`walk`] (a plain walk with A/D update, no TLB) and
//! [`peek`] (a side-effect-free walk for debuggers).
#![cfg_attr(not(test), no_std)]
extern crate alloc;

mod access;
pub mod addr;
mod config;
mod counters;
mod fault;
mod mmu;
pub mod permissions;
mod phys_mem;
pub mod pte;
pub mod satp;
mod sfence;
pub mod tlb;
mod walk;

pub use access::{AccessCtx, AccessType, Privilege};
pub use addr::{PhysAddr, Ppn, VirtAddr, Vpn};
pub use config::TlbConfig;
pub use counters::{MmuCounters, TlbCounters};
pub use fault::Fault;
pub use mmu::Mmu;
pub use phys_mem::{PhysMem, PhysMemRead};
pub use pte::Pte;
pub use satp::{Satp, SatpMode};
pub use sfence::SfenceScope;
pub use tlb::{Tlb, TlbEntryView};
pub use walk::{peek, walk, WalkResult};
