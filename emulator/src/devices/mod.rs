//! Memory-mapped devices of the `virt` board, one per file.
pub mod clint;
pub mod fdt;
pub mod htif;
pub mod introspect;
pub mod introspect_abi;
pub mod plic;
pub mod test_finisher;
pub mod uart;
pub mod virtio;
