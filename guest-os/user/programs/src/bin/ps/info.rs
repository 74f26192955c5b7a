//! What ps knows about a process, and about the system, read from /proc
//! as procps reads it: /proc/PID/stat, /proc/PID/status, /proc/PID/cmdline,
//! /proc/meminfo, /proc/uptime, /proc/stat (btime), /etc/passwd.

use ulib::prelude::*;
use ulib::procfs::{self, Stat};
use ulib::readfile::read_file;

/// Clock ticks per second of the times in /proc/PID/stat (USER_HZ).
pub const HZ: u64 = 100;
/// KiB per page (stat's rss is in pages).
pub const PAGE_KB: i64 = 4;

/// One process, or one of its threads (ps -L).
pub struct Proc {
    pub tgid: i32, // the process (PID)
    pub tid: i32,  // the thread (LWP); the process's own id for a process row
    pub stat: Stat,
    pub euid: Option<u32>,    // status "Uid:" second value
    pub rss_kb: i64,          // status "VmRSS:" (0 for zombies and kernel threads)
    pub locked: bool,         // status "VmLck:" not 0
    pub cmdline: Vec<Vec<u8>>, // empty for kernel threads and zombies
}

/// The system-wide numbers some columns need, and who is asking.
pub struct System {
    pub mem_total_kb: i64, // meminfo MemTotal
    pub uptime_s: u64,     // /proc/uptime, first number
    pub boot_time: i64,    // /proc/stat "btime", seconds since the epoch
    pub now: i64,          // clock_gettime(CLOCK_REALTIME)
    pub pid_width: usize,  // digits of /proc/sys/kernel/pid_max, at least 5
    pub my_euid: u32,      // ps's own effective uid and terminal (tty_nr),
    pub my_tty: i64,       // for the default selection
    users: Vec<(u32, Vec<u8>)>,
}

/// Reads process `pid`; None if it vanished (or its stat is unreadable).
/// status and cmdline are optional: a zombie or a kernel thread lacks some.
pub fn read_proc(pid: i32) -> Option<Proc> {
    let id = format!("{}", pid);
    let stat = procfs::stat(id.as_bytes()).ok()?;
    let status = procfs::status(id.as_bytes()).unwrap_or_default();
    let euid = procfs::field_nth(&status, b"Uid", 1).map(|u| u as u32);
    let rss_kb = procfs::field_num(&status, b"VmRSS").unwrap_or(stat.rss * PAGE_KB);
    let locked = procfs::field_num(&status, b"VmLck").unwrap_or(0) != 0;
    let cmdline = procfs::cmdline(id.as_bytes()).unwrap_or_default();
    Some(Proc { tgid: pid, tid: pid, stat, euid, rss_kb, locked, cmdline })
}

/// Thread `tid` of process `p`: its own stat (state, times, name) from
/// /proc/PID/task/TID/stat; user, memory and command line are the process's.
/// The main thread's row is the process's own (its TIME is the whole
/// process's), as procps shows it.
pub fn read_thread(p: &Proc, tid: i32) -> Option<Proc> {
    if tid == p.tgid {
        return Some(Proc { stat: p.stat.clone(), cmdline: p.cmdline.clone(), ..*p });
    }
    let stat = procfs::stat(format!("{}/task/{}", p.tgid, tid).as_bytes()).ok()?;
    Some(Proc { tid, stat, cmdline: p.cmdline.clone(), ..*p })
}

/// The ids of the threads of `pid` (just `pid` if /proc/PID/task is missing).
pub fn thread_ids(pid: i32) -> Vec<i32> {
    procfs::tids(pid).ok().filter(|t| !t.is_empty()).unwrap_or_else(|| vec![pid])
}

/// The first number in a file (uptime, pid_max), if any.
fn first_number(path: &[u8]) -> Option<i64> {
    let text = read_file(path).ok()?;
    let word = text.split(|c| c.is_ascii_whitespace() || *c == b'.').next()?;
    procfs::parse_num(word)
}

/// /etc/passwd as (uid, name) pairs; empty if there is none.
fn read_users() -> Vec<(u32, Vec<u8>)> {
    let Ok(text) = read_file(b"/etc/passwd") else { return Vec::new() };
    text.split(|&c| c == b'\n')
        .filter_map(|line| {
            let mut f = line.split(|&c| c == b':');
            let name = f.next()?;
            let uid = procfs::parse_num(f.nth(1)?)?;
            Some((uid as u32, name.to_vec()))
        })
        .collect()
}

impl System {
    /// Reads what is there; missing files give zeros (columns then show 0).
    pub fn read() -> System {
        let meminfo = procfs::meminfo().unwrap_or_default();
        let stat = read_file(b"/proc/stat").unwrap_or_default();
        let pid_max = first_number(b"/proc/sys/kernel/pid_max").unwrap_or(32768);
        System {
            mem_total_kb: procfs::field_num(&meminfo, b"MemTotal").unwrap_or(0),
            uptime_s: first_number(b"/proc/uptime").unwrap_or(0) as u64,
            boot_time: btime(&stat),
            now: ulib::time::clock_gettime(ulib::time::CLOCK_REALTIME).map_or(0, |t| t.tv_sec),
            pid_width: format!("{}", pid_max - 1).len().max(5),
            my_euid: ulib::system::geteuid(),
            my_tty: procfs::stat(b"self").map_or(0, |s| s.tty_nr),
            users: read_users(),
        }
    }

    /// The user name of `uid` ("root" for 0 without /etc/passwd), or its number.
    pub fn user_name(&self, uid: u32) -> Vec<u8> {
        match self.users.iter().find(|u| u.0 == uid) {
            Some(u) => u.1.clone(),
            None if uid == 0 => b"root".to_vec(),
            None => format!("{}", uid).into_bytes(),
        }
    }
}

/// "btime N" from /proc/stat: the boot time in seconds since the epoch.
fn btime(stat: &[u8]) -> i64 {
    stat.split(|&c| c == b'\n')
        .find_map(|l| l.strip_prefix(b"btime ").and_then(|v| procfs::parse_num(procfs::trim(v))))
        .unwrap_or(0)
}
