//! Vitrine: an RV64GC machine (M/S/U, Sv39 with a modelled TLB, QEMU `virt`
//! devices) built to make operating-system internals visible.
//!
//! Map of the crate:
//! - `cpu/`: the hart. `execute.rs` is the loop, `decode.rs` the decode table,
//!   `insns/` the semantics per ISA extension, `csr.rs` the CSRs, `trap.rs`
//!   trap entry, `interrupt.rs` interrupt selection, `mem_access.rs` loads and
//!   stores through the MMU, `icache.rs` the decoded-instruction cache.
//! - `bus.rs` (address map), `memory.rs` (RAM), `devices/` (one file each).
//! - `clock.rs` (deterministic guest time), `stats.rs` (counters, reports),
//!   `machine.rs` (board assembly and run loop), `cli.rs` (the command line).
//! - `debugger/`: the REPL, reverse execution and the GDB stub (`--debug`,
//!   `-s`), clients of the CPU and machine API.

pub mod bus;
pub mod cli;
pub mod clock;
pub mod cpu;
pub mod debugger;
pub mod devices;
pub mod machine;
pub mod memory;
pub mod stats;
pub mod terminal;
