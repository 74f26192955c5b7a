//! Fault injection, as Linux's fail_page_alloc and failslab: allocations
//! that fail on purpose, to show that every failure path of the kernel
//! ends in ENOMEM/EAGAIN or an OOM kill, never in a panic or a leak.
//!
//! Knobs (klib/sysctl.rs, under /proc/sys/debug/; Linux keeps its own in
//! debugfs, /sys/kernel/debug/fail_page_alloc/):
//!   fail_page_alloc  N > 0: one injectable allocation in N fails, 0: off
//!                    (the boot parameter `fail_page_alloc=N` sets it as
//!                    init starts, so that the kernel itself boots)
//!   fail_random      0: the failing one is every Nth (counted from when
//!                    fail_page_alloc was set); 1: a pseudo-random 1 in N,
//!                    from a fixed seed (runs stay deterministic)
//!   fail_nth         N > 0: the Nth injectable allocation from now fails,
//!                    once (then it reads 0 again), as Linux's
//!                    /proc/self/fail-nth, but for everyone
//!   fail_injected    how many failures were injected (write 0 to reset)
//!
//! Injectable: every frame allocation (frame.rs: page tables, user pages,
//! copy-on-write copies, trap frames, kernel stacks, page cache), and heap
//! allocations whose size the user chooses (`heap::try_zeroed`,
//! `heap::try_reserve`: I/O buffers, file contents). The kernel's other
//! heap allocations are small and bounded and are not failed, as Linux
//! exempts __GFP_NOFAIL ones: a Rust `Box` or `Vec` that cannot get
//! memory has no way to report it but a panic.

use crate::klib::sysctl::{FAIL_INJECTED, FAIL_NTH, FAIL_PAGE_ALLOC, FAIL_RANDOM};
use core::sync::atomic::{AtomicU64, Ordering};

/// Injectable allocations seen since fail_page_alloc was last set.
static SEEN: AtomicU64 = AtomicU64::new(0);
/// xorshift64 state for fail_random.
static RNG: AtomicU64 = AtomicU64::new(SEED);
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// fail_page_alloc was written: count (and draw) from the start again.
pub fn restart() {
    SEEN.store(0, Ordering::Relaxed);
    RNG.store(SEED, Ordering::Relaxed);
}

/// Should this injectable allocation fail? Counts the failure if so.
pub fn should_fail() -> bool {
    let nth = FAIL_NTH.get();
    let fail = if nth > 0 {
        FAIL_NTH.set(nth - 1);
        nth == 1
    } else {
        false
    };
    let every = FAIL_PAGE_ALLOC.get() as u64;
    let fail = fail
        || every > 0 && {
            let n = SEEN.fetch_add(1, Ordering::Relaxed) + 1;
            if FAIL_RANDOM.get() != 0 {
                let mut x = RNG.load(Ordering::Relaxed);
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                RNG.store(x, Ordering::Relaxed);
                x % every == 0
            } else {
                n % every == 0
            }
        };
    if fail {
        FAIL_INJECTED.set(FAIL_INJECTED.get() + 1);
    }
    fail
}
