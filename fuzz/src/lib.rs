//! The bodies of the host-side fuzz targets, one module per target, each a
//! plain `run(&[u8])` that must never panic on any input. The libFuzzer
//! binaries (`fuzz_targets/*.rs`) call them, and so does the root
//! package's `tests/fuzz_regressions.rs`, which replays `corpus/TARGET/*`
//! and `regressions/TARGET/*` (every crash found, kept).
//!
//! | target   | what is fed                                   | checked                                   |
//! |----------|-----------------------------------------------|-------------------------------------------|
//! | `elf`    | an ELF file to the loader                     | no panic; accepted images are consistent  |
//! | `cpu`    | a page of code run with a fixed trap handler  | no panic, pc and x0 well-formed, counters monotonic |
//! | `mmu`    | page tables and a sequence of accesses/fences | TLB-backed `Mmu::translate` = a plain walk |
//! | `cpio`   | an initrd (newc cpio)                         | the kernel's parser and the debugger's agree |
//! | `dtb`    | a device tree blob (mutated from ours)        | the kernel's queries never panic          |
//! | `virtio` | guest RAM holding a split virtqueue           | chains stay inside the table, no panic    |
//! | `gdb`    | GDB remote-protocol bytes                     | the stub answers or fails cleanly         |

pub mod bytes;
pub mod cpio;
pub mod cpu;
pub mod dtb;
pub mod elf;
pub mod gdb;
pub mod mmu;
pub mod virtio;

/// Every target, by name (the directory names under `corpus/`).
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("elf", elf::run),
    ("cpu", cpu::run),
    ("mmu", mmu::run),
    ("cpio", cpio::run),
    ("dtb", dtb::run),
    ("virtio", virtio::run),
    ("gdb", gdb::run),
];
