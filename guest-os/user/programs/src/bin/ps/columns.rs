//! ps's output columns, with procps's names, headers, widths and
//! alignment, and the text of each for a process (layout.rs puts a row
//! together).

use super::info::{HZ, PAGE_KB, Proc, System};
use ulib::prelude::*;
use ulib::readfile::read_file;

/// What a column shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pid, Ppid, Pgid, Tid, Stat, State, Rss, Vsz, MajFlt, MinFlt, Comm, Args,
    Nlwp, Ni, Pri, OPri, Priority, Time, BsdTime, PMem, PCpu, User, Tty, Start,
    Flags, Uid, C, Addr, Sz, Wchan,
}

/// A column: what, its header and width, right-aligned or not.
#[derive(Clone)]
pub struct Column {
    pub kind: Kind,
    pub header: String,
    pub width: usize,
    pub right: bool,
}

/// The column called `name` in `ps -o` (procps's names and some aliases),
/// with `header` instead of the default when given (`name=header`).
pub fn column(name: &str, header: Option<&str>, sys: &System) -> Option<Column> {
    let pw = sys.pid_width;
    let (kind, h, width, right) = match name {
        "pid" => (Kind::Pid, "PID", pw, true),
        "ppid" => (Kind::Ppid, "PPID", pw, true),
        "pgid" | "pgrp" => (Kind::Pgid, "PGID", pw, true),
        "tid" | "lwp" | "spid" => (Kind::Tid, if name == "tid" { "TID" } else { "LWP" }, pw, true),
        "stat" => (Kind::Stat, "STAT", 4, false),
        "state" | "s" => (Kind::State, "S", 1, false),
        "rss" | "rssize" | "rsz" => (Kind::Rss, if name == "rss" { "RSS" } else { "RSZ" }, 5, true),
        "vsz" | "vsize" => (Kind::Vsz, "VSZ", 6, true),
        "maj_flt" | "majflt" => (Kind::MajFlt, "MAJFL", 6, true),
        "min_flt" | "minflt" => (Kind::MinFlt, "MINFL", 6, true),
        "comm" | "ucmd" | "ucomm" => (Kind::Comm, if name == "comm" { "COMMAND" } else { "CMD" }, 15, false),
        "args" | "command" => (Kind::Args, "COMMAND", 27, false),
        "cmd" => (Kind::Args, "CMD", 27, false),
        "nlwp" | "thcount" => (Kind::Nlwp, "NLWP", 4, true),
        "ni" | "nice" => (Kind::Ni, "NI", 3, true),
        // procps: pri = 39 - stat's priority (19 at nice 0); opri (ps -l's
        // PRI) = 60 + priority (80); priority = stat's field 18 itself (20).
        "pri" => (Kind::Pri, "PRI", 3, true),
        "opri" => (Kind::OPri, "PRI", 3, true),
        "priority" => (Kind::Priority, "PRI", 3, true),
        "time" | "cputime" => (Kind::Time, "TIME", 8, true),
        "bsdtime" => (Kind::BsdTime, "TIME", 6, true),
        "%mem" | "pmem" => (Kind::PMem, "%MEM", 4, true),
        "%cpu" | "pcpu" => (Kind::PCpu, "%CPU", 4, true),
        "user" | "euser" | "uname" => (Kind::User, "USER", 8, false),
        // -f's UID: the user's name, in USER's column.
        "uid_hack" => (Kind::User, "UID", 8, false),
        "uid" | "euid" => (Kind::Uid, if name == "uid" { "UID" } else { "EUID" }, 5, true),
        "tty" | "tname" | "tt" => (Kind::Tty, if name == "tty" { "TT" } else { "TTY" }, 8, false),
        "start" | "start_time" => (Kind::Start, "START", 5, true),
        "stime" => (Kind::Start, "STIME", 5, true),
        // ps -l: F (flags), C (CPU use), ADDR (always "-"), SZ (pages), WCHAN.
        "f" | "flag" | "flags" => (Kind::Flags, "F", 1, true),
        "c" => (Kind::C, "C", 2, true),
        "addr_1" => (Kind::Addr, "ADDR", 1, false),
        "addr" => (Kind::Addr, "ADDR", 4, true),
        "sz" => (Kind::Sz, "SZ", 5, true),
        "wchan" => (Kind::Wchan, "WCHAN", 6, false),
        _ => return None,
    };
    Some(Column { kind, header: header.unwrap_or(h).to_string(), width, right })
}

/// The state letter and procps's modifiers: < high priority, N low,
/// L pages locked, s session leader, l multi-threaded, + foreground group.
fn stat_text(p: &Proc) -> String {
    let s = &p.stat;
    let mut t = String::new();
    t.push(s.state as char);
    if s.nice < 0 { t.push('<') }
    if s.nice > 0 { t.push('N') }
    if p.locked { t.push('L') }
    if s.session == s.pid { t.push('s') }
    if s.num_threads > 1 { t.push('l') }
    if s.pgrp == s.tpgid { t.push('+') }
    t
}

/// The terminal's name from stat's tty_nr (major/minor): pts/N, ttyN,
/// ttySN, console; "?" for none or unknown.
fn tty_name(tty_nr: i64) -> String {
    if tty_nr == 0 {
        return "?".to_string();
    }
    let major = (tty_nr >> 8) & 0xfff;
    let minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
    match major {
        136..=143 => format!("pts/{}", (major - 136) * 256 + minor),
        4 if minor < 64 => format!("tty{}", minor),
        4 => format!("ttyS{}", minor - 64),
        5 if minor == 1 => "console".to_string(),
        _ => "?".to_string(),
    }
}

/// Printable text: control characters and invalid UTF-8 become '?' as in
/// procps.
fn printable(s: &[u8]) -> String {
    let mut t = String::new();
    for chunk in s.utf8_chunks() {
        t.extend(chunk.valid().chars().map(|c| if c.is_control() { '?' } else { c }));
        if !chunk.invalid().is_empty() {
            t.push('?');
        }
    }
    t
}

/// The command line, or "[comm]" without one; " <defunct>" for a zombie.
fn args_text(p: &Proc) -> String {
    let mut t = if p.cmdline.is_empty() {
        format!("[{}]", printable(&p.stat.comm))
    } else {
        let joined: Vec<String> = p.cmdline.iter().map(|a| printable(a)).collect();
        joined.join(" ")
    };
    if p.stat.state == b'Z' {
        t.push_str(" <defunct>");
    }
    t
}

/// Seconds of CPU time (user + system).
fn cpu_seconds(p: &Proc) -> u64 {
    (p.stat.utime + p.stat.stime) / HZ
}

/// A tenths-of-percent value as procps prints it: "X.Y", or whole above 99.9.
fn tenths(v: u64) -> String {
    if v > 999 { format!("{}", v / 10) } else { format!("{}.{}", v / 10, v % 10) }
}

/// The month abbreviation for "MonDD" start times.
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// (year, month 1-12, day) of a time in seconds since the epoch, UTC
/// (Howard Hinnant's civil-from-days algorithm).
fn civil(t: i64) -> (i64, i64, i64) {
    let z = t.div_euclid(86400) + 719468;
    let era = z.div_euclid(146097);
    let doe = z.rem_euclid(146097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    (year, month, day)
}

/// START, as procps's pr_stime: "HH:MM" if the process started today,
/// "MonDD" if earlier this year, the year before that (UTC: there is no
/// time zone database here).
fn start_text(p: &Proc, sys: &System) -> String {
    let t = sys.boot_time + (p.stat.starttime / HZ) as i64;
    if t.div_euclid(86400) == sys.now.div_euclid(86400) {
        let s = t.rem_euclid(86400);
        return format!("{:02}:{:02}", s / 3600, s % 3600 / 60);
    }
    let (year, month, day) = civil(t);
    if year != civil(sys.now).0 {
        return format!("{year}");
    }
    format!("{}{:02}", MONTHS[(month - 1) as usize], day)
}

/// The state of a process sleeping in the kernel: /proc/PID/wchan's
/// function name; "-" for none (running, or no such file).
fn wchan_text(p: &Proc) -> String {
    let path = format!("/proc/{}/task/{}/wchan", p.tgid, p.tid);
    match read_file(path.as_bytes()) {
        Ok(w) if !w.is_empty() && w != b"0" => printable(&w),
        _ => "-".to_string(),
    }
}

/// Cuts `t` to `width` characters.
fn cut(t: String, width: usize) -> String {
    if t.chars().count() > width { t.chars().take(width).collect() } else { t }
}

/// The text of column `c` for process `p`; `last` if it is the row's last
/// column (commands and wait channels elsewhere are cut to their width).
pub fn value(c: &Column, p: &Proc, sys: &System, last: bool) -> String {
    let s = &p.stat;
    let fit = |t: String| if last { t } else { cut(t, c.width) };
    match c.kind {
        Kind::Pid => format!("{}", p.tgid),
        Kind::Tid => format!("{}", p.tid),
        Kind::Ppid => format!("{}", s.ppid),
        Kind::Pgid => format!("{}", s.pgrp),
        Kind::Stat => stat_text(p),
        Kind::State => (s.state as char).to_string(),
        Kind::Rss => format!("{}", p.rss_kb),
        Kind::Vsz => format!("{}", s.vsize / 1024),
        Kind::MajFlt => format!("{}", s.majflt),
        Kind::MinFlt => format!("{}", s.minflt),
        Kind::Comm => {
            let mut t = printable(&s.comm);
            if s.state == b'Z' {
                t.push_str(" <defunct>");
            }
            fit(t)
        }
        Kind::Args => fit(args_text(p)),
        Kind::Nlwp => format!("{}", s.num_threads),
        Kind::Ni => format!("{}", s.nice),
        Kind::Pri => format!("{}", 39 - s.priority),
        Kind::OPri => format!("{}", 60 + s.priority),
        Kind::Priority => format!("{}", s.priority),
        Kind::Time => {
            let t = cpu_seconds(p);
            let (d, h, m, sec) = (t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
            if d > 0 {
                format!("{}-{:02}:{:02}:{:02}", d, h, m, sec)
            } else {
                format!("{:02}:{:02}:{:02}", h, m, sec)
            }
        }
        Kind::BsdTime => {
            let t = cpu_seconds(p);
            format!("{:>3}:{:02}", t / 60, t % 60)
        }
        Kind::PMem => {
            let total = sys.mem_total_kb.max(1) as u64;
            tenths((p.rss_kb.max(0) as u64 * 1000 / total).min(999))
        }
        Kind::PCpu => {
            let ticks = s.utime + s.stime;
            let age = sys.uptime_s.saturating_sub(s.starttime / HZ);
            tenths(if age > 0 { ticks * 1000 / HZ / age } else { 0 })
        }
        Kind::User => {
            let name = match p.euid {
                Some(uid) => sys.user_name(uid),
                None => b"?".to_vec(),
            };
            let mut t = printable(&name);
            if t.chars().count() > c.width {
                t = t.chars().take(c.width - 1).collect();
                t.push('+');
            }
            t
        }
        Kind::Tty => tty_name(s.tty_nr),
        Kind::Start => start_text(p, sys),
        // Octal, as Unix98 wants: PF_FORKNOEXEC (1) and PF_SUPERPRIV (4).
        Kind::Flags => format!("{:o}", (s.flags >> 6) & 7),
        Kind::Uid => p.euid.map_or("?".to_string(), |u| format!("{}", u)),
        Kind::C => {
            // procps's pr_c: whole percent of CPU over the process's life, at most 99.
            let age = sys.uptime_s.saturating_sub(s.starttime / HZ);
            let pct = if age > 0 { (s.utime + s.stime) * 100 / HZ / age } else { 0 };
            format!("{:2}", pct.min(99))
        }
        Kind::Addr => "-".to_string(),
        Kind::Sz => format!("{}", s.vsize / 1024 / PAGE_KB as u64),
        Kind::Wchan => fit(wchan_text(p)),
    }
}
