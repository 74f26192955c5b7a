//! Futexes, and a mutex built on them.
//!
//! `futex(uaddr, FUTEX_WAIT, val, NULL)` sleeps if the 32-bit word at
//! `uaddr` still holds `val` (EAGAIN otherwise); `futex(uaddr, FUTEX_WAKE, n)`
//! wakes up to `n` sleepers on that word. With `FUTEX_PRIVATE_FLAG` the
//! kernel may assume the word is not shared with another process.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall6};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicU32, Ordering};

pub const FUTEX_WAIT: usize = 0;
pub const FUTEX_WAKE: usize = 1;
pub const FUTEX_PRIVATE_FLAG: usize = 128;
pub const FUTEX_WAIT_PRIVATE: usize = FUTEX_WAIT | FUTEX_PRIVATE_FLAG;
pub const FUTEX_WAKE_PRIVATE: usize = FUTEX_WAKE | FUTEX_PRIVATE_FLAG;

/// `futex(word, op, val, NULL, NULL, 0)`: the raw call (no timeout).
/// WAIT returns 0 when woken; EAGAIN if the word was not `val`; EINTR.
pub fn futex(word: &AtomicU32, op: usize, val: u32) -> Result<usize, Errno> {
    // SAFETY: the word is a live, aligned u32; no timeout or second address.
    check(unsafe { syscall6(nr::FUTEX, word.as_ptr() as usize, op, val as usize, 0, 0, 0) })
}

/// Sleeps while `*word == val` (returns at once otherwise). Spurious
/// returns are possible: callers re-check their condition in a loop.
pub fn wait(word: &AtomicU32, val: u32, private: bool) {
    let op = if private { FUTEX_WAIT_PRIVATE } else { FUTEX_WAIT };
    let _ = futex(word, op, val);
}

/// Wakes up to `n` threads sleeping on `word`; returns how many woke.
pub fn wake(word: &AtomicU32, n: u32, private: bool) -> usize {
    let op = if private { FUTEX_WAKE_PRIVATE } else { FUTEX_WAKE };
    futex(word, op, n).unwrap_or(0)
}

/// A mutex (Drepper's "Futexes are tricky", mutex 2): the word is 0
/// unlocked, 1 locked, 2 locked with possible sleepers.
pub struct Mutex<T> {
    state: AtomicU32,
    value: UnsafeCell<T>,
}

// SAFETY: the value is only reached through a guard, one holder at a time.
unsafe impl<T: Send> Sync for Mutex<T> {}
unsafe impl<T: Send> Send for Mutex<T> {}

/// Access to the value; unlocks when dropped.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
}

impl<T> Mutex<T> {
    /// An unlocked mutex around `value`.
    pub const fn new(value: T) -> Mutex<T> {
        Mutex { state: AtomicU32::new(0), value: UnsafeCell::new(value) }
    }

    /// Takes the lock, sleeping in the kernel while another thread holds it.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        if self.state.compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).is_err() {
            while self.state.swap(2, Ordering::Acquire) != 0 {
                wait(&self.state, 2, true);
            }
        }
        MutexGuard { mutex: self }
    }
}

impl<T> core::ops::Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: we hold the lock.
        unsafe { &*self.mutex.value.get() }
    }
}

impl<T> core::ops::DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: we hold the lock.
        unsafe { &mut *self.mutex.value.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    /// Releases the lock; wakes one sleeper if there may be any.
    fn drop(&mut self) {
        if self.mutex.state.swap(0, Ordering::Release) == 2 {
            wake(&self.mutex.state, 1, true);
        }
    }
}
