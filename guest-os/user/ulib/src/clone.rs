//! `clone` with a child function on a new stack, as musl's `__clone` does it.
//!
//! The raw `clone` system call returns twice, and with a new stack the child
//! cannot return into the caller's Rust frames. So [`clone`] goes through a
//! small assembly trampoline: before the call it stores the function and its
//! argument at the top of the new stack; the child (a0 = 0 after `ecall`)
//! loads them from its `sp`, calls `f(arg)` and ends with `exit(f's return
//! value)` (system call 93: the thread only, or the whole process when it has
//! one thread). The parent just returns the child's tid.
//!
//! riscv64 uses Linux's `CLONE_BACKWARDS` argument order:
//! `clone(flags, newsp, parent_tid, tls, child_tid)`.

use crate::errno::Errno;
use crate::syscall::check;

// Flags (include/uapi/linux/sched.h); the low byte is the exit signal.
pub const CSIGNAL: usize = 0x0000_00ff;
pub const CLONE_VM: usize = 0x0000_0100;
pub const CLONE_FS: usize = 0x0000_0200;
pub const CLONE_FILES: usize = 0x0000_0400;
pub const CLONE_SIGHAND: usize = 0x0000_0800;
pub const CLONE_VFORK: usize = 0x0000_4000;
pub const CLONE_PARENT: usize = 0x0000_8000;
pub const CLONE_THREAD: usize = 0x0001_0000;
pub const CLONE_SYSVSEM: usize = 0x0004_0000;
pub const CLONE_SETTLS: usize = 0x0008_0000;
pub const CLONE_PARENT_SETTID: usize = 0x0010_0000;
pub const CLONE_CHILD_CLEARTID: usize = 0x0020_0000;
pub const CLONE_CHILD_SETTID: usize = 0x0100_0000;

core::arch::global_asm!(
    ".pushsection .text.ulib_clone, \"ax\", @progbits",
    ".globl ulib_clone",
    ".type ulib_clone, @function",
    // ulib_clone(f, stack, flags, arg, ptid, tls, ctid)
    "ulib_clone:",
    "andi a1, a1, -16", // the child's sp: 16-byte aligned, room for f and arg
    "addi a1, a1, -16",
    "sd a0, 0(a1)",
    "sd a3, 8(a1)",
    "mv a0, a2", // clone(flags, newsp, ptid, tls, ctid)
    "mv a2, a4",
    "mv a3, a5",
    "mv a4, a6",
    "li a7, 220",
    "ecall",
    "beqz a0, 1f",
    "ret", // parent (or -errno)
    "1:",
    "ld a1, 0(sp)", // child: f(arg) on the new stack
    "ld a0, 8(sp)",
    "li ra, 0",
    "jalr a1",
    "li a7, 93", // exit(return value)
    "ecall",
    "unimp",
    ".size ulib_clone, . - ulib_clone",
    ".popsection",
);

unsafe extern "C" {
    fn ulib_clone(
        f: extern "C" fn(usize) -> i32,
        stack: usize,
        flags: usize,
        arg: usize,
        ptid: usize,
        tls: usize,
        ctid: usize,
    ) -> isize;
}

/// Starts a child (process or thread, as `flags` say) that runs `f(arg)` on
/// the stack ending at `stack_top` and exits with its return value. Returns
/// the child's tid in the caller.
///
/// # Safety
/// `stack_top` must be the (high) end of memory the child may use as its
/// stack for as long as it runs; `ptid`/`ctid`/`tls` must be valid for the
/// flags that use them; with `CLONE_VM`, `f` must not touch what the caller
/// may change concurrently, and `arg` must stay valid while the child uses it.
pub unsafe fn clone(
    f: extern "C" fn(usize) -> i32,
    stack_top: usize,
    flags: usize,
    arg: usize,
    ptid: usize,
    tls: usize,
    ctid: usize,
) -> Result<i32, Errno> {
    // SAFETY: the caller vouches for the stack, pointers and flags.
    check(unsafe { ulib_clone(f, stack_top, flags, arg, ptid, tls, ctid) }).map(|t| t as i32)
}

/// A stack for a child: an anonymous mapping, unmapped when dropped.
pub struct Stack {
    base: usize,
    len: usize,
}

impl Stack {
    /// Maps `len` bytes (rounded up to pages) of zeroed read-write memory;
    /// pages cost nothing until the child touches them.
    pub fn new(len: usize) -> Result<Stack, Errno> {
        let len = (len + 4095) & !4095;
        Ok(Stack { base: crate::mem::mmap_anonymous(len)?, len })
    }

    /// The high end, where a stack starts (it grows down).
    pub fn top(&self) -> usize {
        self.base + self.len
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        // SAFETY: the owner drops the stack only once no child runs on it.
        let _ = unsafe { crate::mem::munmap(self.base, self.len) };
    }
}
