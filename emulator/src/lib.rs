//! Vitrine: an RV64GC machine (with Zba, Zbb, Zbc, Zbs, Zicond, Zicbom,
//! Zicboz; M/S/U, Sv39 with a modelled TLB, QEMU `virt` devices) built to
//! make operating-system internals visible.
//!
//! Map of the crate:
//! - `cpu/`: the hart. `execute.rs` is the loop, `decode.rs` the decode table,
//!   `insns/` the semantics per ISA extension, `csr.rs` the CSRs, `trap.rs`
//!   trap entry, `interrupt.rs` interrupt selection, `mem_access.rs` loads and
//!   stores through the MMU, `icache.rs` the decoded-instruction cache,
//!   `trigger.rs` the Sdtrig hardware triggers.
//! - `disasm/`: the disassembler (objdump syntax, on the decode table).
//! - `bus.rs` (address map), `memory.rs` (RAM), `devices/` (one file each).
//! - `clock.rs` (deterministic guest time), `stats.rs` (counters, reports),
//!   `tasks/` (the counters per guest task, and their timeline),
//!   `trace.rs` (the timeline as a Chrome trace-event JSON file),
//!   `machine.rs` (board assembly and run loop), `cli.rs` (the command line),
//!   `launch/` (`vitrine ./a.out`: a Linux program run in the built-in OS,
//!   and `--add`'s files),
//!   `sweep.rs` (`vitrine sweep`: one run per TLB geometry), `plot.rs`
//!   (`vitrine plot`: charts from trace files).
//! - `debugger/`: the REPL, reverse execution and the GDB stub (`--debug`,
//!   `-s`), clients of the CPU and machine API.

pub mod bus;
pub mod cli;
pub mod clock;
pub mod cpu;
pub mod debugger;
pub mod devices;
pub mod disasm;
pub mod launch;
pub mod machine;
pub mod memory;
pub mod plot;
pub mod stats;
pub mod sweep;
pub mod tasks;
pub mod terminal;
pub mod trace;
