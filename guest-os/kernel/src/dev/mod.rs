//! Device drivers for QEMU's `virt` board: the 16550 UART (uart.rs) and
//! the console's tty line discipline on top of it (console.rs), the PLIC
//! that routes device interrupts (plic.rs), the S-mode timer (timer.rs,
//! Sstc), the SiFive test device that powers the machine off (power.rs)
//! and, on Vitrine only, the introspection device through which the
//! kernel names its tasks and context switches to the machine
//! (introspect.rs), with the host's stderr as /dev/hvc0 (hvc.rs), and
//! the disk: a virtio block device (virtio_blk.rs).
//!
//! Owns: the device registers and the console's input buffer. Calls:
//! arch/, and sched/ and signal/ to wake readers and send ^C/^Z.

pub mod console;
pub mod hvc;
pub mod introspect;
pub mod plic;
pub mod power;
pub mod timer;
pub mod uart;
pub mod virtio_blk;
