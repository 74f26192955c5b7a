//! The system as a whole: uname, our identity, and reboot/power-off.
//!
//! # Power off with an exit code: our convention
//!
//! Linux's `reboot(magic1, magic2, cmd, arg)` uses `arg` only for
//! `LINUX_REBOOT_CMD_RESTART2` (a command string); a powered-off Linux
//! machine has no exit code. Vitrine's tests want one (the emulator and
//! QEMU exit with it), so **our kernel takes the exit status from the 4th
//! argument of `reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
//! LINUX_REBOOT_CMD_POWER_OFF, status)`**, as an integer 0..=255 (not a
//! pointer). Linux ignores that argument, so the call stays valid Linux.
//! On success the call does not return. Without CAP_SYS_BOOT (e.g. under
//! `qemu-riscv64` as an ordinary user) it fails with EPERM.

use crate::errno::Errno;
use crate::syscall::{check, nr, syscall0, syscall1, syscall4};

/// `struct utsname`: six NUL-terminated fields of 65 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct UtsName {
    pub sysname: [u8; 65],
    pub nodename: [u8; 65],
    pub release: [u8; 65],
    pub version: [u8; 65],
    pub machine: [u8; 65],
    pub domainname: [u8; 65],
}

const _: () = assert!(core::mem::size_of::<UtsName>() == 390);

/// A utsname field without its NUL padding.
pub fn field(f: &[u8; 65]) -> &[u8] {
    &f[..f.iter().position(|&c| c == 0).unwrap_or(65)]
}

/// `uname(&buf)`.
pub fn uname() -> Result<UtsName, Errno> {
    let mut u = UtsName {
        sysname: [0; 65],
        nodename: [0; 65],
        release: [0; 65],
        version: [0; 65],
        machine: [0; 65],
        domainname: [0; 65],
    };
    // SAFETY: the kernel writes one struct utsname into u.
    check(unsafe { syscall1(nr::UNAME, &mut u as *mut UtsName as usize) })?;
    Ok(u)
}

/// `geteuid()`. A kernel without users may not implement it: ENOSYS is
/// taken as uid 0 (root).
pub fn geteuid() -> u32 {
    // SAFETY: no arguments.
    match check(unsafe { syscall0(nr::GETEUID) }) {
        Ok(uid) => uid as u32,
        Err(_) => 0,
    }
}

pub const LINUX_REBOOT_MAGIC1: usize = 0xfee1_dead;
pub const LINUX_REBOOT_MAGIC2: usize = 672_274_793; // 0x28121969
pub const LINUX_REBOOT_CMD_RESTART: usize = 0x0123_4567;
pub const LINUX_REBOOT_CMD_HALT: usize = 0xcdef_0123;
pub const LINUX_REBOOT_CMD_POWER_OFF: usize = 0x4321_fedc;

/// `reboot(MAGIC1, MAGIC2, cmd, arg)`; returns only on failure.
pub fn reboot(cmd: usize, arg: usize) -> Errno {
    // SAFETY: with POWER_OFF/HALT/RESTART, arg is not dereferenced.
    match check(unsafe { syscall4(nr::REBOOT, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, arg) })
    {
        Ok(_) => Errno::EINVAL, // a successful power-off does not return
        Err(e) => e,
    }
}

/// Powers the machine off with exit status `status` (our convention, see
/// the module documentation); returns only on failure.
pub fn power_off(status: u8) -> Errno {
    reboot(LINUX_REBOOT_CMD_POWER_OFF, status as usize)
}
