//! System call names for traces: Linux's generic numbers (riscv64 uses
//! asm-generic/unistd.h), which the teaching kernel uses too. The table is
//! the kernel's own (guest-os/kernel/src/syscall/names.rs), compiled here
//! as well: one copy.

#[rustfmt::skip] // formatted with the guest workspace's settings
#[path = "../../../guest-os/kernel/src/syscall/names.rs"]
mod names;

pub use names::name;
