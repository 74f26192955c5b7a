//! Reading processes and memory from /proc, in Linux's formats (proc(5)):
//! `/proc/PID/stat`, `/proc/PID/status`, `/proc/PID/cmdline`,
//! `/proc/PID/task/`, `/proc/meminfo`.

use crate::dirent::read_dir;
use crate::errno::Errno;
use crate::readfile::read_file;
use alloc_crate::format;
use alloc_crate::vec::Vec;

/// The fields of `/proc/PID/stat` our tools use. Numbering as in proc(5):
/// (1) pid, (2) comm, (3) state, ... (10) minflt, (12) majflt, ...
#[derive(Clone, Debug, Default)]
pub struct Stat {
    pub pid: i32,          // (1)
    pub comm: Vec<u8>,     // (2) without the parentheses
    pub state: u8,         // (3) R, S, D, Z, T, t, X, I
    pub ppid: i32,         // (4)
    pub pgrp: i32,         // (5)
    pub session: i32,      // (6)
    pub tty_nr: i64,       // (7)
    pub tpgid: i32,        // (8) foreground process group of the terminal
    pub flags: u64,        // (9) PF_* (ps -l's F is bits 6..8: 1 forked, 4 superuser)
    pub minflt: u64,       // (10)
    pub majflt: u64,       // (12)
    pub utime: u64,        // (14) clock ticks
    pub stime: u64,        // (15)
    pub priority: i64,     // (18)
    pub nice: i64,         // (19)
    pub num_threads: i64,  // (20)
    pub starttime: u64,    // (22) clock ticks after boot
    pub vsize: u64,        // (23) bytes
    pub rss: i64,          // (24) pages
}

/// Parses a stat line. comm is everything between the first '(' and the
/// LAST ')': a command name may itself contain spaces and parentheses.
pub fn parse_stat(line: &[u8]) -> Option<Stat> {
    let open = line.iter().position(|&c| c == b'(')?;
    let close = line.iter().rposition(|&c| c == b')')?;
    if close < open {
        return None;
    }
    let pid = parse_num(trim(&line[..open]))?;
    let rest: Vec<&[u8]> =
        line[close + 1..].split(|c| c.is_ascii_whitespace()).filter(|f| !f.is_empty()).collect();
    // Field k (1-based, k >= 3) is rest[k - 3].
    let f = |k: usize| rest.get(k - 3).copied();
    let n = |k: usize| f(k).and_then(parse_num);
    let u = |k: usize| n(k).map(|v| v as u64);
    Some(Stat {
        pid: pid as i32,
        comm: line[open + 1..close].to_vec(),
        state: *f(3)?.first()?,
        ppid: n(4)? as i32,
        pgrp: n(5)? as i32,
        session: n(6)? as i32,
        tty_nr: n(7)?,
        tpgid: n(8)? as i32,
        flags: u(9)?,
        minflt: u(10)?,
        majflt: u(12)?,
        utime: u(14)?,
        stime: u(15)?,
        priority: n(18)?,
        nice: n(19)?,
        num_threads: n(20)?,
        starttime: u(22)?,
        vsize: u(23)?,
        rss: n(24)?,
    })
}

/// A decimal integer, optionally negative.
pub fn parse_num(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', d)) => (true, d),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: i64 = 0;
    for &d in digits {
        v = v.checked_mul(10)?.checked_add((d - b'0') as i64)?;
    }
    Some(if neg { -v } else { v })
}

/// `s` without leading and trailing ASCII white space.
pub fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |e| e + 1);
    &s[start..end]
}

/// `/proc/PID/stat` (PID may be "self"), parsed.
pub fn stat(pid: &[u8]) -> Result<Stat, Errno> {
    let data = read_file(&proc_path(pid, b"stat"))?;
    parse_stat(&data).ok_or(Errno::EINVAL)
}

/// "/proc/PID/NAME".
pub fn proc_path(pid: &[u8], name: &[u8]) -> Vec<u8> {
    let mut p = Vec::from(&b"/proc/"[..]);
    p.extend_from_slice(pid);
    p.push(b'/');
    p.extend_from_slice(name);
    p
}

/// The value of "Name:" in a `Key: value` file (status, meminfo), trimmed.
pub fn field<'a>(text: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    text.split(|&c| c == b'\n').find_map(|line| {
        let colon = line.iter().position(|&c| c == b':')?;
        (&line[..colon] == name).then(|| trim(&line[colon + 1..]))
    })
}

/// The first number of a field ("123 kB" -> 123; "1000 1000 1000 1000" -> 1000).
pub fn field_num(text: &[u8], name: &[u8]) -> Option<i64> {
    let v = field(text, name)?;
    parse_num(v.split(|c| c.is_ascii_whitespace()).next()?)
}

/// The n-th (0-based) number of a field ("Uid:" has real, effective, ...).
pub fn field_nth(text: &[u8], name: &[u8], n: usize) -> Option<i64> {
    let v = field(text, name)?;
    parse_num(v.split(|c| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).nth(n)?)
}

/// `/proc/PID/status` as text.
pub fn status(pid: &[u8]) -> Result<Vec<u8>, Errno> {
    read_file(&proc_path(pid, b"status"))
}

/// `/proc/PID/cmdline`: the arguments (NUL-separated in the file); empty
/// for kernel threads and zombies.
pub fn cmdline(pid: &[u8]) -> Result<Vec<Vec<u8>>, Errno> {
    let data = read_file(&proc_path(pid, b"cmdline"))?;
    let data = data.strip_suffix(b"\0").unwrap_or(&data);
    if data.is_empty() {
        return Ok(Vec::new());
    }
    Ok(data.split(|&c| c == 0).map(|a| a.to_vec()).collect())
}

/// `/proc/meminfo` as text ("MemTotal:  123 kB" lines; see [`field_num`]).
pub fn meminfo() -> Result<Vec<u8>, Errno> {
    read_file(b"/proc/meminfo")
}

/// The numeric entries of a directory, sorted (pids in /proc, tids in
/// /proc/PID/task).
pub fn numeric_entries(dir: &[u8]) -> Result<Vec<i32>, Errno> {
    let mut ids: Vec<i32> = read_dir(dir)?
        .iter()
        .filter_map(|e| parse_num(&e.name).filter(|&n| n > 0).map(|n| n as i32))
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// Every process id in /proc, ascending.
pub fn pids() -> Result<Vec<i32>, Errno> {
    numeric_entries(b"/proc")
}

/// The thread ids of process `pid` (/proc/PID/task), ascending.
pub fn tids(pid: i32) -> Result<Vec<i32>, Errno> {
    numeric_entries(format!("/proc/{}/task", pid).as_bytes())
}
