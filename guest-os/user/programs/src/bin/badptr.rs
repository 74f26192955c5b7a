//! `badptr [all]`: hands the kernel bad user pointers and reports the errno
//! it got back, e.g. `write: EFAULT`. A kernel must check every pointer a
//! program passes and fail the call with EFAULT, never crash or read its
//! own memory.
//!
//! Without arguments: `write(1, 0x1, 10)`. With `all`, also `read` into a
//! bad buffer (from a pipe that has data, so the call cannot block),
//! `openat` with a bad path, `newfstatat` with a bad result buffer, and
//! `execve` with a bad path. Exit status 0 iff every call failed with EFAULT.
#![no_std]
#![no_main]
use ulib::fs::{AT_FDCWD, close, pipe};
use ulib::io::{read_raw, write_raw};
use ulib::prelude::*;
use ulib::syscall::{check, nr, syscall3, syscall4};

ulib::main!(main);

/// An address no program has mapped: the first page is never mapped.
const BAD: usize = 0x1;

/// Prints `name: ERRNO` and says whether it was EFAULT.
fn report(name: &str, r: Result<usize, Errno>) -> bool {
    match r {
        Err(e) => {
            println!("{}: {}", name, e.name());
            e == Errno::EFAULT
        }
        Ok(n) => {
            println!("{}: succeeded ({}), expected EFAULT", name, n);
            false
        }
    }
}

fn main(args: Args, _env: Env) -> i32 {
    // SAFETY: the point is to pass a bad pointer; the kernel must refuse it.
    let mut ok = report("write", unsafe { write_raw(1, BAD as *const u8, 10) });
    if args.get(1) == Some(b"all") {
        ok &= match pipe() {
            Ok((r, w)) => {
                let _ = write_all(w, b"0123456789");
                // SAFETY: as above.
                let res = report("read", unsafe { read_raw(r, BAD as *mut u8, 10) });
                let _ = close(r);
                let _ = close(w);
                res
            }
            Err(e) => {
                println!("pipe2: {}", e.name());
                false
            }
        };
        // SAFETY: as above, for each call.
        ok &=
            report("openat", check(unsafe { syscall4(nr::OPENAT, AT_FDCWD as usize, BAD, 0, 0) }));
        ok &= report(
            "newfstatat",
            check(unsafe {
                syscall4(nr::NEWFSTATAT, AT_FDCWD as usize, c".".as_ptr() as usize, BAD, 0)
            }),
        );
        ok &= report("execve", check(unsafe { syscall3(nr::EXECVE, BAD, 0, 0) }));
    }
    if ok { 0 } else { 1 }
}
