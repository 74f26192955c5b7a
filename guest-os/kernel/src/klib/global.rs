//! Global kernel state without locks.
//!
//! The kernel runs on one hart, and kernel code runs with interrupts off
//! (traps from user mode are the only way in; the kernel itself is not
//! preemptible). So at most one piece of kernel code touches a global at
//! a time, and a plain cell is enough. Multi-hart support would turn these
//! into SpinLocks.

use core::cell::UnsafeCell;

pub struct Global<T>(UnsafeCell<T>);

// One hart, interrupts off in the kernel: see above.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new(v: T) -> Self {
        Global(UnsafeCell::new(v))
    }

    /// The value. Callers must not keep two overlapping &mut alive;
    /// each module keeps its use short (one function at a time).
    #[allow(clippy::mut_from_ref)]
    pub fn get(&self) -> &mut T {
        unsafe { &mut *self.0.get() }
    }
}
