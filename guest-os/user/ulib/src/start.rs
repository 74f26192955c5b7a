//! `_start`: where a process begins, and how it ends.
//!
//! The kernel's `execve` jumps to the ELF entry point (`_start`) in user mode
//! with all registers zero except `sp` (the Linux kernel also passes a0 = 0;
//! the psABI's "a0 = function to register with atexit" is for dynamically
//! linked programs, and we ignore a0). `sp` is 16-byte aligned and points at
//! the initial stack the kernel built, exactly as on Linux/RISC-V:
//!
//! ```text
//!   sp + 0              argc
//!   sp + 8              argv[0]         pointers to NUL-terminated strings
//!   ...                 argv[argc-1]
//!   sp + 8*(argc+1)     0               end of argv
//!                       envp[0]         "NAME=value" strings
//!                       ...
//!                       0               end of envp
//!                       auxv: (type, value) pairs of 8-byte words,
//!                       ...   ended by (AT_NULL = 0, _)
//!   (higher)            the strings themselves, anywhere the kernel likes
//! ```
//!
//! `_start` sets `gp` (the linker relaxes accesses near
//! `__global_pointer$` to gp-relative ones, so gp must be right before any
//! Rust code runs), hands `sp` to [`start_rust`], which records the three
//! vectors in [`crate::env`] and calls the program's `main` (named by
//! [`crate::main!`]); `main`'s return value becomes the exit status.

use crate::env::{self, Args, Env};
use crate::process;

core::arch::global_asm!(
    ".pushsection .text._start, \"ax\", @progbits",
    ".globl _start",
    ".type _start, @function",
    "_start:",
    // gp must be set with relaxation off, or the linker would turn this very
    // instruction into `addi gp, gp, 0`.
    ".option push",
    ".option norelax",
    "lla gp, __global_pointer$",
    ".option pop",
    "mv a0, sp",          // the initial stack, for start_rust
    "andi sp, sp, -16",   // already aligned by the ABI; cheap insurance
    "li ra, 0",           // no return address: ends backtraces here
    "li s0, 0",           // no frame
    "call {start_rust}",
    "unimp",              // start_rust does not return
    ".size _start, . - _start",
    ".popsection",
    start_rust = sym start_rust,
);

unsafe extern "Rust" {
    /// Defined by the program with `ulib::main!(its_main)`.
    fn __ulib_main(args: Args, env: Env) -> i32;
}

/// Reads argc/argv/envp/auxv from the initial stack, runs `main`, exits.
///
/// # Safety
/// Called once, by `_start`, with the stack pointer the kernel gave us.
unsafe extern "C" fn start_rust(sp: *const usize) -> ! {
    // SAFETY: the kernel laid the stack out as the module documentation says.
    let (args, env) = unsafe {
        let argc = *sp;
        let argv = sp.add(1) as *const *const u8;
        let envp = argv.add(argc + 1);
        let mut end = envp;
        while !(*end).is_null() {
            end = end.add(1);
        }
        let auxv = end.add(1) as *const usize;
        env::init(argc, argv, envp, auxv)
    };
    // SAFETY: the program defines __ulib_main with this signature (main!).
    let status = unsafe { __ulib_main(args, env) };
    process::exit(status)
}
