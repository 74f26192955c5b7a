//! Spin locks: mutual exclusion for data shared with other harts and with
//! interrupt handlers.
//!
//! Holding a lock turns S-mode interrupts off (as xv6's push_off does): a
//! handler that wanted the same lock on the same hart would spin forever.

use crate::arch::riscv;
use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicBool, Ordering};

pub struct SpinLock<T> {
    locked: AtomicBool,
    data: UnsafeCell<T>,
}

// The lock hands out the data to one holder at a time.
unsafe impl<T: Send> Sync for SpinLock<T> {}

pub struct SpinLockGuard<'a, T> {
    lock: &'a SpinLock<T>,
    /// Were interrupts on before we took the lock? Restored on release.
    intr_were_on: bool,
}

impl<T> SpinLock<T> {
    /// A new, unlocked lock around `data`.
    /// const so that locks can be statics.
    pub const fn new(data: T) -> Self {
        SpinLock { locked: AtomicBool::new(false), data: UnsafeCell::new(data) }
    }

    /// Take the lock, spinning until it is free; interrupts stay off while
    /// it is held. Release by dropping the guard.
    pub fn lock(&self) -> SpinLockGuard<'_, T> {
        let intr_were_on = riscv::intr_off();
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        SpinLockGuard { lock: self, intr_were_on }
    }
}

impl<T> Deref for SpinLockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        unsafe { &*self.lock.data.get() }
    }
}

impl<T> DerefMut for SpinLockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T> Drop for SpinLockGuard<'_, T> {
    /// Release the lock, then give back the interrupt state we found.
    /// (Guards are dropped in reverse order, so nesting works.)
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
        if self.intr_were_on {
            riscv::intr_on();
        }
    }
}
