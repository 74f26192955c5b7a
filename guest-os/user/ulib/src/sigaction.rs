//! `rt_sigaction`: just enough to ignore a signal, restore its default
//! action, and read back the current disposition (no handlers).
//!
//! riscv64 has no `sa_restorer`, so the kernel's `struct sigaction` is
//! `{ sa_handler, sa_flags, sa_mask }` with an 8-byte mask, and the last
//! argument (sigsetsize) must be 8.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall4};

/// `sa_handler` values.
pub const SIG_DFL: usize = 0;
pub const SIG_IGN: usize = 1;

/// The kernel's `struct sigaction` on riscv64 (24 bytes).
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct SigAction {
    pub handler: usize,
    pub flags: u64,
    pub mask: u64,
}

const _: () = assert!(core::mem::size_of::<SigAction>() == 24);

/// `rt_sigaction(sig, act, &old, 8)`: sets the disposition of `sig` if
/// `act` is given; always returns the previous one.
pub fn rt_sigaction(sig: i32, act: Option<&SigAction>) -> Result<SigAction, Errno> {
    let mut old = SigAction::default();
    let new = act.map_or(0, |a| a as *const SigAction as usize);
    // SAFETY: the kernel reads act (if any) and writes old.
    check(unsafe {
        syscall4(nr::RT_SIGACTION, sig as usize, new, &mut old as *mut SigAction as usize, 8)
    })?;
    Ok(old)
}

/// Sets `sig` to SIG_IGN or SIG_DFL (`handler`); returns the old handler.
pub fn set_disposition(sig: i32, handler: usize) -> Result<usize, Errno> {
    rt_sigaction(sig, Some(&SigAction { handler, flags: 0, mask: 0 })).map(|o| o.handler)
}

/// The current handler of `sig` (SIG_DFL, SIG_IGN or a function address).
pub fn disposition(sig: i32) -> Result<usize, Errno> {
    rt_sigaction(sig, None).map(|o| o.handler)
}
