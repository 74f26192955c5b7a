//! The panic handler: say what went wrong on standard error, exit 101.
//!
//! Panics abort (`panic = "abort"`): there is no unwinding. 101 is the
//! status Rust's own runtime uses for a panicking program.

use crate::env;
use crate::io::Bytes;

/// Exit status of a program that panicked.
pub const PANIC_STATUS: i32 = 101;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    crate::eprintln!("{}: {}", Bytes(env::args().program_name()), info);
    crate::process::exit(PANIC_STATUS)
}
