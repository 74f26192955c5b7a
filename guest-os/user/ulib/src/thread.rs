//! Threads: clone with the flags of a POSIX thread, joined through the tid
//! word the kernel clears (`CLONE_CHILD_CLEARTID`) and wakes a futex on when
//! the thread ends. Also gettid and set_tid_address.
//!
//! A thread gets a stack of its own (anonymous mmap, [`STACK_SIZE`]) and a
//! control block on the heap. `tp` (CLONE_SETTLS) points at that block;
//! nothing reads it yet, but each thread has its own.

use crate::clone::{self, Stack};
use crate::errno::Errno;
use crate::futex;
use crate::syscall::{nr, syscall0, syscall1};
use alloc_crate::boxed::Box;
use core::sync::atomic::{AtomicU32, Ordering};

/// The flags pthread_create passes (as glibc and musl do), without a signal.
pub const THREAD_FLAGS: usize = clone::CLONE_VM
    | clone::CLONE_FS
    | clone::CLONE_FILES
    | clone::CLONE_SIGHAND
    | clone::CLONE_THREAD
    | clone::CLONE_SYSVSEM
    | clone::CLONE_SETTLS
    | clone::CLONE_PARENT_SETTID
    | clone::CLONE_CHILD_CLEARTID;

/// Each thread's stack size.
pub const STACK_SIZE: usize = 256 * 1024;

/// `gettid()`: this thread's id (the pid for the main thread).
pub fn gettid() -> i32 {
    // SAFETY: no arguments.
    unsafe { syscall0(nr::GETTID) as i32 }
}

/// `set_tid_address(word)`: at this thread's exit the kernel writes 0 to
/// `word` and wakes a futex on it. Returns the caller's tid.
///
/// # Safety
/// `word` must stay valid (or the thread must call again) until it exits.
pub unsafe fn set_tid_address(word: *mut u32) -> i32 {
    // SAFETY: the caller keeps the word alive.
    unsafe { syscall1(nr::SET_TID_ADDRESS, word as usize) as i32 }
}

/// What parent and thread share: the tid word and the work.
struct Control {
    tid: AtomicU32, // set by the kernel at clone, cleared at the thread's exit
    work: Option<Box<dyn FnOnce() -> i32 + Send>>,
    result: i32,
}

/// A running thread, to [`JoinHandle::join`].
pub struct JoinHandle {
    control: *mut Control,
    stack: Option<Stack>,
    tid: i32,
}

/// Runs in the new thread: does the work, keeps its result; returning
/// makes the clone trampoline call exit(), which clears and wakes `tid`.
extern "C" fn thread_main(arg: usize) -> i32 {
    // SAFETY: arg is the Control the parent keeps alive until join.
    let control = unsafe { &mut *(arg as *mut Control) };
    if let Some(work) = control.work.take() {
        control.result = work();
    }
    0
}

/// Starts a thread running `work`; its return value comes back from join.
pub fn spawn(work: impl FnOnce() -> i32 + Send + 'static) -> Result<JoinHandle, Errno> {
    let stack = Stack::new(STACK_SIZE)?;
    let control = Box::into_raw(Box::new(Control {
        tid: AtomicU32::new(0),
        work: Some(Box::new(work)),
        result: 0,
    }));
    // SAFETY: control stays alive until join (or leaks); the stack too.
    let tid_word = unsafe { (*control).tid.as_ptr() as usize };
    let r = unsafe {
        clone::clone(
            thread_main,
            stack.top(),
            THREAD_FLAGS,
            control as usize,
            tid_word,
            control as usize,
            tid_word,
        )
    };
    match r {
        Ok(tid) => Ok(JoinHandle { control, stack: Some(stack), tid }),
        Err(e) => {
            // SAFETY: no thread was created; the block is ours again.
            drop(unsafe { Box::from_raw(control) });
            Err(e)
        }
    }
}

impl JoinHandle {
    /// The thread's id (as clone returned it).
    pub fn tid(&self) -> i32 {
        self.tid
    }

    /// Waits until the thread has ended (its tid word is 0), frees its
    /// stack and returns what its work returned.
    pub fn join(mut self) -> i32 {
        // SAFETY: control lives until we free it below.
        let word = unsafe { &(*self.control).tid };
        loop {
            let t = word.load(Ordering::Acquire);
            if t == 0 {
                break;
            }
            // The kernel's wake is not private-flagged: wait without the flag.
            futex::wait(word, t, false);
        }
        drop(self.stack.take());
        // SAFETY: the thread has exited: nothing else uses the block.
        let control = unsafe { Box::from_raw(self.control) };
        control.result
    }
}
