//! /proc/uptime and /proc/loadavg.

use crate::procinfo;
use alloc::format;
use alloc::vec::Vec;

/// "seconds.hundredths idle-seconds.hundredths\n" (idle is not counted yet).
pub fn uptime() -> Vec<u8> {
    let cs = procinfo::uptime_ns() / 10_000_000;
    format!("{}.{:02} {}.{:02}\n", cs / 100, cs % 100, 0, 0).into_bytes()
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
