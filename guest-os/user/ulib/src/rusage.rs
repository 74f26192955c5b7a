//! Resource usage: `struct rusage`, getrusage, and wait4 that fills one.
//!
//! riscv64 layout (include/uapi/linux/resource.h): two `struct timeval`
//! (16 bytes each), then 14 longs, 144 bytes in all.

use crate::errno::Errno;
use crate::process::WaitStatus;
use crate::syscall::{check, nr, syscall2, syscall4};
use core::mem::{offset_of, size_of};

/// `struct timeval`: seconds and microseconds.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct Timeval {
    pub tv_sec: i64,
    pub tv_usec: i64,
}

/// `struct rusage`.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct Rusage {
    pub ru_utime: Timeval, // user CPU time
    pub ru_stime: Timeval, // system CPU time
    pub ru_maxrss: i64,    // peak resident set, KiB
    pub ru_ixrss: i64,
    pub ru_idrss: i64,
    pub ru_isrss: i64,
    pub ru_minflt: i64, // page faults served without I/O
    pub ru_majflt: i64, // page faults that needed I/O
    pub ru_nswap: i64,
    pub ru_inblock: i64,
    pub ru_oublock: i64,
    pub ru_msgsnd: i64,
    pub ru_msgrcv: i64,
    pub ru_nsignals: i64,
    pub ru_nvcsw: i64,  // voluntary context switches
    pub ru_nivcsw: i64, // involuntary context switches
}

// The layout is ABI: check it at compile time.
const _: () = {
    assert!(size_of::<Rusage>() == 144);
    assert!(offset_of!(Rusage, ru_maxrss) == 32);
    assert!(offset_of!(Rusage, ru_minflt) == 64);
    assert!(offset_of!(Rusage, ru_majflt) == 72);
    assert!(offset_of!(Rusage, ru_nvcsw) == 128);
};

pub const RUSAGE_SELF: i32 = 0;
pub const RUSAGE_CHILDREN: i32 = -1;

/// `getrusage(who, &ru)`: our own usage (RUSAGE_SELF) or that of our
/// ended and waited-for children (RUSAGE_CHILDREN).
pub fn getrusage(who: i32) -> Result<Rusage, Errno> {
    let mut ru = Rusage::default();
    // SAFETY: the kernel writes one struct rusage into ru.
    check(unsafe { syscall2(nr::GETRUSAGE, who as isize as usize, &mut ru as *mut Rusage as usize) })?;
    Ok(ru)
}

/// `wait4(pid, &status, options, &ru)`: like [`crate::process::wait4`], and
/// also the resources the ended child (and its waited-for children) used.
pub fn wait4_rusage(pid: i32, options: u32) -> Result<(i32, WaitStatus, Rusage), Errno> {
    let mut status: i32 = 0;
    let mut ru = Rusage::default();
    loop {
        // SAFETY: the kernel writes an int into status and a rusage into ru.
        let r = check(unsafe {
            syscall4(
                nr::WAIT4,
                pid as isize as usize,
                &mut status as *mut i32 as usize,
                options as usize,
                &mut ru as *mut Rusage as usize,
            )
        });
        match r {
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
            Ok(got) => return Ok((got as i32, WaitStatus(status), ru)),
        }
    }
}
