//! What happens when the kernel cannot go on: say why on the console and
//! power off with a distinctive exit status, so tests see the failure.

use crate::{dev::power, dev::uart};
use core::fmt;
use core::panic::PanicInfo;
use core::sync::atomic::{AtomicBool, Ordering};

/// Exit status of a panicked kernel (as a panicking Rust program's 101).
pub const PANIC_EXIT_CODE: u32 = 101;

/// Exit status when the kernel refuses what it was booted with (a corrupt
/// initrd, a bad command-line value): not a bug of the kernel, so not 101.
pub const BAD_BOOT_EXIT_CODE: u32 = 99;

/// Say in one line what is wrong with the boot input and power off with
/// BAD_BOOT_EXIT_CODE (as Linux's "VFS: Unable to mount root fs", without
/// the panic).
pub fn reject_boot(why: fmt::Arguments) -> ! {
    crate::println!("kernel: {why}; powering off");
    power::poweroff(BAD_BOOT_EXIT_CODE)
}

static IN_PANIC: AtomicBool = AtomicBool::new(false);

/// Rust's panic!, unwrap() on None, index out of bounds... end up here.
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    fatal(format_args!("{info}"))
}

/// Print "kernel panic: <why>" and power off with PANIC_EXIT_CODE.
/// Also the end of traps the kernel does not expect (trap/mod.rs, boot/start.rs).
pub fn fatal(why: fmt::Arguments) -> ! {
    // A panic while printing the panic: just stop.
    if IN_PANIC.swap(true, Ordering::Relaxed) {
        power::poweroff(PANIC_EXIT_CODE);
    }
    crate::arch::riscv::intr_off();
    uart::start_panicking();
    crate::println!("kernel panic: {why}");
    power::poweroff(PANIC_EXIT_CODE)
}
