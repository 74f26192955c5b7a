//! The program's arguments, environment and auxiliary vector.
//!
//! They stay where the kernel put them, on the initial stack (see
//! [`crate::start`]): [`Args`] and [`Env`] are views of the NUL-terminated
//! strings there, so reading them costs no allocation, and `execve` can pass
//! the environment on unchanged ([`Env::as_ptr`]). Strings are bytes
//! (`&[u8]`), as on Unix: nothing promises they are UTF-8.

use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

static ARGC: AtomicUsize = AtomicUsize::new(0);
static ARGV: AtomicPtr<*const u8> = AtomicPtr::new(core::ptr::null_mut());
static ENVP: AtomicPtr<*const u8> = AtomicPtr::new(core::ptr::null_mut());
static AUXV: AtomicPtr<usize> = AtomicPtr::new(core::ptr::null_mut());

/// Auxiliary vector entry types we may look at (linux/auxvec.h).
pub const AT_NULL: usize = 0;
pub const AT_PAGESZ: usize = 6;
pub const AT_ENTRY: usize = 9;
pub const AT_RANDOM: usize = 25;

/// Records the vectors `_start` found; returns the views handed to `main`.
///
/// # Safety
/// The pointers must be the kernel's initial-stack vectors (start.rs).
pub(crate) unsafe fn init(
    argc: usize,
    argv: *const *const u8,
    envp: *const *const u8,
    auxv: *const usize,
) -> (Args, Env) {
    ARGC.store(argc, Ordering::Relaxed);
    ARGV.store(argv as *mut _, Ordering::Relaxed);
    ENVP.store(envp as *mut _, Ordering::Relaxed);
    AUXV.store(auxv as *mut _, Ordering::Relaxed);
    (args(), env())
}

/// The length of the NUL-terminated string at `p`.
///
/// # Safety
/// `p` must point to a NUL-terminated string.
pub(crate) unsafe fn strlen(p: *const u8) -> usize {
    let mut n = 0;
    // SAFETY: the caller promises a terminating NUL.
    while unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    n
}

/// The NUL-terminated string at `p`, without its NUL.
///
/// # Safety
/// `p` must point to a NUL-terminated string that lives for the program's
/// lifetime (true of everything on the initial stack).
unsafe fn c_bytes(p: *const u8) -> &'static [u8] {
    // SAFETY: see above.
    unsafe { core::slice::from_raw_parts(p, strlen(p)) }
}

/// The program's arguments, `argv[0]` first.
#[derive(Clone, Copy)]
pub struct Args {
    argv: *const *const u8,
    argc: usize,
}

/// The arguments `_start` found (also usable after `main` started).
pub fn args() -> Args {
    Args { argv: ARGV.load(Ordering::Relaxed), argc: ARGC.load(Ordering::Relaxed) }
}

impl Args {
    /// argc.
    pub fn len(&self) -> usize {
        self.argc
    }

    /// True if there is not even `argv[0]` (possible: execve with an empty argv).
    pub fn is_empty(&self) -> bool {
        self.argc == 0
    }

    /// `argv[i]`, without its NUL.
    pub fn get(&self, i: usize) -> Option<&'static [u8]> {
        if i < self.argc {
            // SAFETY: argv[0..argc] are valid string pointers (start.rs).
            Some(unsafe { c_bytes(*self.argv.add(i)) })
        } else {
            None
        }
    }

    /// The program's name for messages: `argv[0]` after its last '/'.
    pub fn program_name(&self) -> &'static [u8] {
        let a0 = self.get(0).unwrap_or(b"?");
        a0.rsplit(|&c| c == b'/').next().unwrap_or(a0)
    }

    /// `argv[0]`, `argv[1]`, ...
    pub fn iter(&self) -> impl Iterator<Item = &'static [u8]> + Clone {
        let me = *self;
        (0..self.argc).filter_map(move |i| me.get(i))
    }
}

/// The environment: "NAME=value" strings.
#[derive(Clone, Copy)]
pub struct Env {
    envp: *const *const u8,
}

/// The environment `_start` found.
pub fn env() -> Env {
    Env { envp: ENVP.load(Ordering::Relaxed) }
}

impl Env {
    /// Every "NAME=value" string, in the kernel's order.
    pub fn iter(&self) -> impl Iterator<Item = &'static [u8]> + Clone {
        let envp = self.envp;
        let mut i = 0;
        core::iter::from_fn(move || {
            if envp.is_null() {
                return None;
            }
            // SAFETY: envp is a NULL-terminated array of string pointers.
            let p = unsafe { *envp.add(i) };
            if p.is_null() {
                return None;
            }
            i += 1;
            // SAFETY: a valid string pointer from the initial stack.
            Some(unsafe { c_bytes(p) })
        })
    }

    /// The value of variable `name`, if set.
    pub fn get(&self, name: &[u8]) -> Option<&'static [u8]> {
        self.iter().find_map(|kv| {
            let rest = kv.strip_prefix(name)?;
            rest.strip_prefix(b"=")
        })
    }

    /// The NULL-terminated array itself, to hand to `execve` unchanged.
    pub fn as_ptr(&self) -> *const *const u8 {
        self.envp
    }
}

/// The value of auxiliary vector entry `kind` (e.g. [`AT_PAGESZ`]), if the
/// kernel supplied it. A kernel may supply only AT_NULL: nothing in ulib
/// needs an entry.
pub fn auxv(kind: usize) -> Option<usize> {
    let mut p = AUXV.load(Ordering::Relaxed) as *const usize;
    if p.is_null() {
        return None;
    }
    loop {
        // SAFETY: auxv is a list of (type, value) pairs ended by AT_NULL.
        let (t, v) = unsafe { (*p, *p.add(1)) };
        if t == AT_NULL {
            return None;
        }
        if t == kind {
            return Some(v);
        }
        // SAFETY: not yet at AT_NULL, so the next pair exists.
        p = unsafe { p.add(2) };
    }
}
