//! `Shared<T>`: one kernel object owned by several tasks at once, the way
//! Linux's task_struct points at an mm_struct, a files_struct, an fs_struct
//! and a sighand_struct that clone(2) may share (CLONE_VM, CLONE_FILES,
//! CLONE_FS, CLONE_SIGHAND) or copy (without the flag).
//!
//! It is an `Rc` around an `UnsafeCell`: handing out `&mut T` from a shared
//! pointer is sound here for the same reason `Global` is (global.rs): one
//! hart, and kernel code runs with interrupts off and never yields while it
//! holds such a reference across a switch to another task's use of it.

use alloc::rc::Rc;
use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};

pub struct Shared<T>(Rc<UnsafeCell<T>>);

impl<T> Shared<T> {
    pub fn new(v: T) -> Self {
        Shared(Rc::new(UnsafeCell::new(v)))
    }

    /// Another owner of the same object (clone with the sharing flag).
    pub fn share(&self) -> Self {
        Shared(self.0.clone())
    }

    /// How many tasks own it (Linux's mm_users, files->count, ...).
    pub fn owners(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    /// The object's address: a stable identity (for futex keys, debugging).
    pub fn id(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }
}

impl<T: Clone> Shared<T> {
    /// A private copy (clone without the sharing flag).
    pub fn copy(&self) -> Self {
        Shared::new((**self).clone())
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        unsafe { &*self.0.get() }
    }
}

impl<T> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        unsafe { &mut *self.0.get() }
    }
}
