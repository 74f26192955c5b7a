//! NUL-terminated strings for system call arguments.
//!
//! The kernel reads paths and `execve` arguments as C strings. Rust byte
//! strings carry their length instead, so each call makes a terminated copy:
//! on the stack when it is short (most paths), on the heap otherwise.

use crate::errno::Errno;
use alloc_crate::vec::Vec;

/// Paths shorter than this are copied to the stack.
const STACK_MAX: usize = 256;

/// Calls `f` with a pointer to a NUL-terminated copy of `s`.
/// EINVAL if `s` contains a NUL (the kernel would see a shorter string).
pub fn with_cstr<R>(s: &[u8], f: impl FnOnce(*const u8) -> R) -> Result<R, Errno> {
    if s.contains(&0) {
        return Err(Errno::EINVAL);
    }
    if s.len() < STACK_MAX {
        let mut buf = [0u8; STACK_MAX];
        buf[..s.len()].copy_from_slice(s);
        Ok(f(buf.as_ptr()))
    } else {
        let owned = CString::new(s)?;
        Ok(f(owned.as_ptr()))
    }
}

/// An owned NUL-terminated string.
pub struct CString {
    bytes: Vec<u8>, // ends with the NUL
}

impl CString {
    /// A terminated copy of `s`; EINVAL if `s` contains a NUL.
    pub fn new(s: &[u8]) -> Result<CString, Errno> {
        if s.contains(&0) {
            return Err(Errno::EINVAL);
        }
        let mut bytes = Vec::with_capacity(s.len() + 1);
        bytes.extend_from_slice(s);
        bytes.push(0);
        Ok(CString { bytes })
    }

    pub fn as_ptr(&self) -> *const u8 {
        self.bytes.as_ptr()
    }

    /// The string without its NUL.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.bytes.len() - 1]
    }
}

/// A NULL-terminated array of C strings (`argv`/`envp` for `execve`).
pub struct CStringArray {
    strings: Vec<CString>,
    ptrs: Vec<*const u8>, // one per string, then NULL
}

impl CStringArray {
    /// Copies `items`; EINVAL if one contains a NUL.
    pub fn new<'a>(items: impl IntoIterator<Item = &'a [u8]>) -> Result<CStringArray, Errno> {
        let strings = items.into_iter().map(CString::new).collect::<Result<Vec<_>, _>>()?;
        let mut ptrs: Vec<*const u8> = strings.iter().map(|s| s.as_ptr()).collect();
        ptrs.push(core::ptr::null());
        Ok(CStringArray { strings, ptrs })
    }

    pub fn as_ptr(&self) -> *const *const u8 {
        self.ptrs.as_ptr()
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}
