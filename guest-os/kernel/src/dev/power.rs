//! Power off and reboot through the SiFive test finisher (a "syscon"
//! device on the virt board), the way a kernel without SBI firmware must.
//!
//! One 32-bit write at offset 0: low 16 bits = command, high 16 = exit code.
//!   0x5555           pass: the emulator exits with status 0
//!   code<<16|0x3333  fail: the emulator exits with status `code`
//!   0x7777           reset the machine
//! (The host turns the code into an exit status modulo 256.)

use core::sync::atomic::{AtomicUsize, Ordering};

/// Where the finisher is until the device tree says otherwise (QEMU virt).
pub const DEFAULT_BASE: usize = 0x10_0000;

const FINISHER_PASS: u32 = 0x5555;
const FINISHER_FAIL: u32 = 0x3333;
const FINISHER_RESET: u32 = 0x7777;

/// Largest exit code the finisher can carry.
pub const MAX_EXIT_CODE: u32 = 0xffff;

static BASE: AtomicUsize = AtomicUsize::new(DEFAULT_BASE);

/// Use the finisher at `base` (from the device tree).
pub fn init(base: usize) {
    BASE.store(base, Ordering::Relaxed);
}

/// The finisher's base address.
pub fn base() -> usize {
    BASE.load(Ordering::Relaxed)
}

/// Write a command to the finisher. Only 16- and 32-bit accesses are
/// valid on this device (a byte or doubleword store faults).
fn command(value: u32) {
    let p = BASE.load(Ordering::Relaxed) as *mut u32;
    unsafe { p.write_volatile(value) }
}

/// Stop the machine; the emulator exits with status `code`
/// (0..=0xffff; larger codes are cut to 16 bits by the device).
pub fn poweroff(code: u32) -> ! {
    if code == 0 {
        command(FINISHER_PASS);
    } else {
        command((code & MAX_EXIT_CODE) << 16 | FINISHER_FAIL);
    }
    halt()
}

/// Reset the machine: it starts again at _entry.
#[allow(dead_code)] // not used yet: the kernel has no `reboot` command
pub fn reboot() -> ! {
    command(FINISHER_RESET);
    halt()
}

/// Wait forever, in case a power-off request did not stop the machine.
fn halt() -> ! {
    loop {
        crate::arch::riscv::wfi();
    }
}
