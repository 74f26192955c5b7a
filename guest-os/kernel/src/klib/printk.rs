//! Console log levels, as Linux's printk has them: a kernel message has a
//! level (KERN_ERR 3 ... KERN_INFO 6), and the console shows it only when
//! the level is below `console_loglevel`. The default is 7 (everything
//! but debug); the command line changes it before the first message:
//!   quiet        console_loglevel 4: only errors and worse (Linux's quiet)
//!   loglevel=N   console_loglevel N (0..=15)
//!   debug        console_loglevel 10
//! So `vitrine -c CMD` (which passes `quiet`) shows only what CMD writes,
//! and `--verbose` or `--append loglevel=7` brings the boot log back.
//! Panics always reach the console.

use crate::klib::global::Global;

pub const KERN_ERR: u8 = 3;
pub const KERN_WARNING: u8 = 4;
pub const KERN_INFO: u8 = 6;

/// Linux's CONSOLE_LOGLEVEL_DEFAULT.
const DEFAULT: u8 = 7;
const QUIET: u8 = 4;
const DEBUG: u8 = 10;

static CONSOLE_LOGLEVEL: Global<u8> = Global::new(DEFAULT);

/// Take `quiet`, `debug` and `loglevel=N` from the kernel command line
/// (the words before `--`; the last one wins), as Linux's early params.
pub fn parse_cmdline(bootargs: &str) {
    for word in bootargs.split_whitespace().take_while(|&w| w != "--") {
        let level = match word {
            "quiet" => Some(QUIET),
            "debug" => Some(DEBUG),
            _ => {
                word.strip_prefix("loglevel=").and_then(|n| n.parse::<u8>().ok()).map(|n| n.min(15))
            }
        };
        if let Some(level) = level {
            *CONSOLE_LOGLEVEL.get() = level;
        }
    }
}

/// Whether a message of `level` goes to the console.
pub fn shown(level: u8) -> bool {
    level < *CONSOLE_LOGLEVEL.get()
}

/// A KERN_INFO line: boot progress, power off, why a process died.
#[macro_export]
macro_rules! pr_info {
    ($($arg:tt)*) => {
        if $crate::klib::printk::shown($crate::klib::printk::KERN_INFO) {
            $crate::println!($($arg)*)
        }
    };
}

/// A KERN_WARNING line: something wrong the user may want to know about
/// (an unknown system call), hidden by `quiet`.
#[macro_export]
macro_rules! pr_warn {
    ($($arg:tt)*) => {
        if $crate::klib::printk::shown($crate::klib::printk::KERN_WARNING) {
            $crate::println!($($arg)*)
        }
    };
}

/// A KERN_ERR line: something the user must see even with `quiet`.
#[macro_export]
macro_rules! pr_err {
    ($($arg:tt)*) => {
        if $crate::klib::printk::shown($crate::klib::printk::KERN_ERR) {
            $crate::println!($($arg)*)
        }
    };
}
