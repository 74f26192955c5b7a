//! /proc/uptime, /proc/loadavg, /proc/stat and /proc/mounts.

use crate::fs::procfs::procinfo;
use alloc::format;
use alloc::vec::Vec;

/// "seconds.hundredths idle-seconds.hundredths\n".
pub fn uptime() -> Vec<u8> {
    let cs = procinfo::uptime_ns() / 10_000_000;
    let idle = procinfo::cpustat().idle;
    format!("{}.{:02} {}.{:02}\n", cs / 100, cs % 100, idle / 100, idle % 100).into_bytes()
}

/// /proc/stat as fs/proc/stat.c prints it, for one CPU: the cpu lines in
/// USER_HZ ticks (user nice system idle iowait irq softirq steal guest
/// guest_nice), then intr, ctxt, btime, processes, procs_running,
/// procs_blocked, softirq.
pub fn stat() -> Vec<u8> {
    let c = procinfo::cpustat();
    let cpu = format!("{} {} {} {} {} 0 0 0 0 0", c.user, c.nice, c.system, c.idle, c.iowait);
    format!(
        "cpu  {cpu}\ncpu0 {cpu}\nintr 0\nctxt {}\nbtime 0\nprocesses {}\nprocs_running {}\nprocs_blocked {}\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
        c.ctxt, c.processes, c.running, c.blocked
    )
    .into_bytes()
}

/// "0.00 0.00 0.00 running/total last_pid\n".
pub fn loadavg() -> Vec<u8> {
    let l = procinfo::loadavg();
    let [a, b, c] = l.avg;
    format!(
        "{}.{:02} {}.{:02} {}.{:02} {}/{} {}\n",
        a / 100,
        a % 100,
        b / 100,
        b % 100,
        c / 100,
        c % 100,
        l.running,
        l.total,
        l.last_pid
    )
    .into_bytes()
}

/// The mounted file systems, as fs/proc_namespace.c's show_vfsmnt prints
/// them: the root (the disk's ext2, or the initramfs) and /proc.
pub fn mounts() -> Vec<u8> {
    let root = if crate::fs::ext2::mounted() {
        let ro = if crate::dev::virtio_blk::read_only() { "ro" } else { "rw" };
        format!("/dev/vda / ext2 {ro},relatime 0 0\n")
    } else {
        alloc::string::String::from("rootfs / rootfs rw 0 0\n")
    };
    format!("{root}proc /proc proc rw,relatime 0 0\n").into_bytes()
}
