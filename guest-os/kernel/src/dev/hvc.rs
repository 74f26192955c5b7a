//! /dev/hvc0: the host's standard error, on Vitrine.
//!
//! The introspection device (introspect.rs) has a STDERR register: each
//! byte stored there goes to the host's stderr, as the UART's go to its
//! stdout. So a Linux program launched with `vitrine ./a.out` writes its
//! fd 2 where `qemu-riscv64 ./a.out` would (init opens /dev/hvc0 as the
//! program's fd 2). The name is Linux's for a hypervisor's console
//! (major 229); like the UART it is written a byte at a time, and it has
//! no input. On a machine without the device (QEMU) there is no
//! /dev/hvc0 and the console stays everything.

use super::introspect::{self, REG_STDERR};

/// Whether the machine has a host stderr.
pub fn present() -> bool {
    introspect::base().is_some()
}

/// Send `bytes` to the host's stderr (nothing without the device).
pub fn write_bytes(bytes: &[u8]) {
    let Some(base) = introspect::base() else { return };
    let reg = (base + REG_STDERR as usize) as *mut u8;
    for &b in bytes {
        unsafe { reg.write_volatile(b) };
    }
}
