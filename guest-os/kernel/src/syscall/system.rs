//! System-wide calls: reboot (power off), uname, sysinfo, getrandom;
//! and what a process may ask about itself as a user of the system:
//! resource limits (getrlimit, setrlimit, prlimit64) and credentials
//! (everyone is root: uid and gid 0, no supplementary groups).

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
    if [LINUX_REBOOT_CMD_POWER_OFF, LINUX_REBOOT_CMD_HALT, LINUX_REBOOT_CMD_RESTART]
        .contains(&(cmd as u32 as u64))
    {
        // As Linux's reboot(2) callers do (and emergency_sync): what is
        // dirty reaches the disk first.
        let _ = crate::fs::sync();
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

/// sysinfo(info): struct sysinfo (riscv64, 112 bytes): uptime (s), the
/// three load averages (<< SI_LOAD_SHIFT 16), RAM total/free/shared/
/// buffers, swap (none), the number of tasks, and mem_unit 1; the same
/// numbers as /proc/uptime, /proc/loadavg and /proc/meminfo.
pub(super) fn sys_sysinfo(p: &mut Proc, info: u64) -> SysResult {
    use crate::fs::procfs::procinfo;
    let m = procinfo::meminfo();
    let l = procinfo::loadavg();
    let mut b = [0u8; 112];
    let mut put = |off: usize, v: u64| b[off..off + 8].copy_from_slice(&v.to_le_bytes());
    put(0, procinfo::uptime_ns() / 1_000_000_000);
    for (i, h) in l.avg.iter().enumerate() {
        put(8 + i * 8, (h << 16) / 100);
    }
    put(32, m.total_kb * 1024);
    put(40, m.free_kb * 1024);
    put(48, m.shmem_kb * 1024);
    put(56, m.buffers_kb * 1024); // bufferram
    put(64, 0); // totalswap
    put(72, 0); // freeswap
    let procs = proc::table().values().filter(|t| t.state != proc::State::Dead).count();
    b[80..82].copy_from_slice(&(procs.min(u16::MAX as usize) as u16).to_le_bytes());
    b[104..108].copy_from_slice(&1u32.to_le_bytes()); // mem_unit
    user_out(p, info, &b)?;
    Ok(0)
}

const GRND_NONBLOCK: u64 = 1;
const GRND_RANDOM: u64 = 2;
const GRND_INSECURE: u64 = 4;

/// The random stream's state: a fixed seed, so that every run of a
/// machine gives the same bytes (determinism); splitmix64 steps.
static RANDOM: crate::klib::global::Global<u64> =
    crate::klib::global::Global::new(0x5669_7472_696e_6521); // "Vitrine!"

fn next_random() -> u64 {
    let s = RANDOM.get();
    *s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *s;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// getrandom(buf, len, flags): len bytes of the kernel's random stream,
/// which is deterministic here (the same for every run of the same
/// machine, as the whole machine is). Never blocks: the pool is always
/// "initialised". Flags as Linux checks them (EINVAL for unknown ones
/// and for GRND_INSECURE with GRND_RANDOM); at most 32 MiB - 1 per call.
pub(super) fn sys_getrandom(p: &mut Proc, buf: u64, len: u64, flags: u64) -> SysResult {
    if flags & !(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) != 0
        || flags & (GRND_INSECURE | GRND_RANDOM) == (GRND_INSECURE | GRND_RANDOM)
    {
        return Err(EINVAL);
    }
    let len = len.min((1 << 25) - 1);
    let mut done = 0u64;
    let mut chunk = [0u8; 256];
    while done < len {
        let n = (len - done).min(chunk.len() as u64) as usize;
        for w in chunk[..n].chunks_mut(8) {
            let r = next_random().to_le_bytes();
            w.copy_from_slice(&r[..w.len()]);
        }
        if let Err(e) = user_out(p, buf + done, &chunk[..n]) {
            return if done > 0 { Ok(done as i64) } else { Err(e) };
        }
        done += n as u64;
        if done < len && crate::signal::signal_pending(p) {
            break; // Linux stops a long request at a signal, with what it has
        }
    }
    Ok(done as i64)
}

/// RLIMIT_NOFILE: the fd table's size (fs/fd.rs) is also the hard ceiling
/// (Linux's fs.nr_open: raising past it is EPERM); the soft limit is the
/// table's `limit`: open, dup, fcntl F_DUPFD and pipe stop there (EMFILE,
/// or EBADF / EINVAL for a descriptor number asked for past it).
const RLIMIT_NOFILE: usize = 7;

/// prlimit64(pid, resource, new, old): read (old) and set (new) a
/// resource limit of process pid (0: the caller). EINVAL for an unknown
/// resource or soft > hard; EPERM for NOFILE above our fd table. Every
/// caller is root, so hard limits may be raised. The limit applies to the
/// whole thread group.
pub(super) fn sys_prlimit64(
    p: &mut Proc,
    pid: i32,
    resource: u64,
    new: u64,
    old: u64,
) -> SysResult {
    if resource >= proc::RLIM_NLIMITS as u64 {
        return Err(EINVAL);
    }
    let r = resource as usize;
    let tgid = if pid == 0 {
        p.tgid
    } else {
        let t = proc::get(pid).filter(|t| t.state != proc::State::Dead).ok_or(ESRCH)?;
        t.tgid
    };
    let mut lim = None;
    if new != 0 {
        let mut raw = [0u8; 16];
        user_in(p, new, &mut raw)?;
        let soft = u64::from_le_bytes(raw[..8].try_into().unwrap());
        let hard = u64::from_le_bytes(raw[8..].try_into().unwrap());
        if soft > hard {
            return Err(EINVAL);
        }
        if r == RLIMIT_NOFILE && hard > crate::fs::fd::MAX_FDS as u64 {
            return Err(EPERM);
        }
        lim = Some([soft, hard]);
    }
    let current = proc::get(tgid).map(|l| l.rlim[r]).unwrap_or(p.rlim[r]);
    if old != 0 {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&current[0].to_le_bytes());
        out[8..].copy_from_slice(&current[1].to_le_bytes());
        user_out(p, old, &out)?;
    }
    if let Some(l) = lim {
        for t in proc::threads_of(tgid) {
            t.rlim[r] = l;
            if r == RLIMIT_NOFILE {
                t.fds.set_limit(l[0] as usize);
            }
        }
    }
    Ok(0)
}

/// getrlimit(resource, rlim) and setrlimit(resource, rlim): prlimit64 of
/// the caller.
pub(super) fn sys_getrlimit(p: &mut Proc, resource: u64, rlim: u64) -> SysResult {
    sys_prlimit64(p, 0, resource, 0, rlim)
}

pub(super) fn sys_setrlimit(p: &mut Proc, resource: u64, rlim: u64) -> SysResult {
    sys_prlimit64(p, 0, resource, rlim, 0)
}

/// getresuid/getresgid(real, effective, saved): all 0 (root).
pub(super) fn sys_getres_ids(p: &mut Proc, r: u64, e: u64, s: u64) -> SysResult {
    for va in [r, e, s] {
        user_out(p, va, &0u32.to_le_bytes())?;
    }
    Ok(0)
}

/// getgroups(size, list): root here has no supplementary groups, so the
/// list is empty (0) whatever its size; a negative size is EINVAL.
pub(super) fn sys_getgroups(_p: &mut Proc, size: u64) -> SysResult {
    if (size as i32) < 0 {
        return Err(EINVAL);
    }
    Ok(0)
}
