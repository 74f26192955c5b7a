//! virtio: the paravirtual devices of QEMU's `virt` board, here the block
//! device in the first virtio-mmio slot (0x1000_1000, PLIC source 1).
//!
//! - `mmio.rs`: the virtio-mmio transport (registers, versions 1 and 2)
//! - `queue.rs`: the split virtqueue in guest memory (descriptor chains,
//!   indirect tables, the used ring)
//! - `blk.rs`: block requests (read, write, flush, get-id) and their timing
//! - `disk.rs`: the raw disk image on the host

pub mod blk;
pub mod cmdline;
pub mod disk;
pub mod mmio;
pub mod queue;
