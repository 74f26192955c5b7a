//! What happens when the kernel cannot go on: say why on the console and
//! power off with a distinctive exit status, so tests see the failure.

use crate::{dev::power, dev::uart};
use core::fmt;
use core::panic::PanicInfo;
use core::sync::atomic::{AtomicBool, Ordering};

/// Exit status of a panicked kernel (as a panicking Rust program's 101).
pub const PANIC_EXIT_CODE: u32 = 101;

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
