//! The boot path, one file per step: `_entry` at 0x8000_0000 in M-mode
//! (entry.rs), the M-mode setup that drops to S-mode (start.rs), the
//! device tree the board hands over (dtb.rs) and where the kernel, its
//! heap and the initrd sit in RAM (memlayout.rs). kmain (main.rs) takes
//! over from there.
//!
//! Owns: the boot information (`BootInfo`). Calls: arch/ and, for its
//! messages, dev/uart.

pub mod dtb;
pub mod entry;
pub mod memlayout;
pub mod start;
