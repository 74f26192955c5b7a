//! System-wide calls: reboot (power off) and uname.

use super::*;

const LINUX_REBOOT_MAGIC1: u64 = 0xfee1_dead;
const LINUX_REBOOT_MAGIC2: u64 = 672_274_793;
const LINUX_REBOOT_CMD_RESTART: u64 = 0x0123_4567;
const LINUX_REBOOT_CMD_HALT: u64 = 0xcdef_0123;
const LINUX_REBOOT_CMD_POWER_OFF: u64 = 0x4321_fedc;

/// reboot(magic1, magic2, cmd, arg). Our convention: POWER_OFF powers off
/// with exit status `arg` (Linux ignores arg for this command).
pub(super) fn sys_reboot(magic1: u64, magic2: u64, cmd: u64, arg: u64) -> SysResult {
    if magic1 as u32 as u64 != LINUX_REBOOT_MAGIC1 || magic2 as u32 as u64 != LINUX_REBOOT_MAGIC2 {
        return Err(EINVAL);
    }
    match cmd as u32 as u64 {
        LINUX_REBOOT_CMD_POWER_OFF => {
            let code = (arg as u32) & power::MAX_EXIT_CODE;
            let (free, _) = crate::mm::frame::stats();
            let cached = crate::mm::pagecache::pages();
            crate::pr_info!(
                "kernel: power off, exit status {code} ({free} frames free, {cached} in the page cache)"
            );
            power::poweroff(code)
        }
        LINUX_REBOOT_CMD_HALT => {
            crate::pr_info!("kernel: halt");
            power::poweroff(0)
        }
        LINUX_REBOOT_CMD_RESTART => {
            crate::pr_info!("kernel: restart");
            power::reboot()
        }
        _ => Err(EINVAL),
    }
}

/// uname(buf): struct utsname, six 65-byte NUL-terminated fields.
pub(super) fn sys_uname(p: &mut Proc, buf: u64) -> SysResult {
    let fields = ["Vitrine", "vitrine", crate::VERSION, "teaching kernel", "riscv64", "(none)"];
    let mut out = [0u8; 6 * 65];
    for (i, f) in fields.iter().enumerate() {
        out[i * 65..i * 65 + f.len()].copy_from_slice(f.as_bytes());
    }
    user_out(p, buf, &out)?;
    Ok(0)
}
