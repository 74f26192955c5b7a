//! Small kernel-wide helpers every subsystem may use: globals for one
//! hart (global.rs), spin locks (spinlock.rs), console log levels
//! (printk.rs: quiet, loglevel=N), the tunables behind
//! /proc/sys (sysctl.rs) and what happens on a kernel bug (panic.rs).
//!
//! Owns: no kernel state of its own but the sysctl values. Calls: arch/,
//! and dev/ to print and power off on a panic.

pub mod global;
pub mod panic;
pub mod printk;
pub mod spinlock;
pub mod sysctl;
