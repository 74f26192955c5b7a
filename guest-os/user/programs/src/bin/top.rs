//! `top -b [-n N] [-d SECS] [-w COLS] [-p PID,...]`: procps-ng top's batch
//! mode. Each frame is the summary
//!
//! ```text
//! top - HH:MM:SS up  H:MM,  0 user,  load average: 0.00, 0.00, 0.00
//! Tasks:   N total,   R running,   S sleeping,   T stopped,   Z zombie
//! %Cpu(s):  x.x us,  x.x sy,  x.x ni,  x.x id,  x.x wa,  x.x hi,  x.x si,  x.x st
//! MiB Mem :   total,   free,   used,   buff/cache
//! MiB Swap:   total,   free,   used.   avail Mem
//!
//!   PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND
//! ```
//!
//! then one row per process, highest %CPU first (then by pid). The PID
//! column is as wide as pid_max's digits (at least 5), as in top.
//!
//! %CPU and %Cpu(s): in the FIRST frame they are averages since the
//! process started (utime+stime over its age, like ps's %CPU) and since
//! boot (/proc/stat's cpu line); in later frames (`-n 2` or more) they
//! cover the interval between frames (`-d`, default 3 s), as top's do.
//! Times are UTC (no time zone database); the user count is 0 (no utmp).
//! Rows longer than the width (80, or $COLUMNS, or -w) are cut with '+'.
//!
//! Reads: /proc/uptime, /proc/loadavg, /proc/stat (cpu line), /proc/meminfo,
//! /proc/PID/stat (state, priority, nice, utime, stime, starttime, vsize),
//! /proc/PID/status (Uid, VmRSS, RssFile, RssShmem), /etc/passwd.
#![no_std]
#![no_main]
#![allow(dead_code)]
use ulib::prelude::*;
use ulib::readfile::read_file;
use ulib::time::{self, Timespec};
use ulib::procfs;

#[path = "ps/info.rs"]
mod info;
use info::{HZ, Proc, System};

ulib::main!(main);

/// One process as a frame shows it.
struct Row {
    pid: i32,
    p: Proc,
    ticks: u64,
    shr_kb: i64,
    pcpu10: u64, // tenths of a percent
}

/// "N days, H:MM" / "H:MM" / "N min", as procps's uptime text.
fn uptime_text(up: u64) -> String {
    let days = up / 86400;
    let h = up / 3600 % 24;
    let m = up / 60 % 60;
    let mut t = String::new();
    if days > 0 {
        t.push_str(&format!("{} day{}, ", days, if days == 1 { "" } else { "s" }));
    }
    if h > 0 { t.push_str(&format!("{:2}:{:02}", h, m)) } else { t.push_str(&format!("{} min", m)) }
    t
}

/// The "cpu " line of /proc/stat: user nice system idle iowait irq softirq steal.
fn cpu_line() -> [u64; 8] {
    let mut v = [0u64; 8];
    if let Ok(text) = read_file(b"/proc/stat") {
        if let Some(line) = text.split(|&c| c == b'\n').find(|l| l.starts_with(b"cpu ")) {
            for (i, w) in line.split(|c| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).skip(1).take(8).enumerate() {
                v[i] = procfs::parse_num(w).unwrap_or(0) as u64;
            }
        }
    }
    v
}

/// A number of KiB in `width` columns: as is, else in MiB/GiB ("1.2g").
fn mem_text(kb: i64, width: usize) -> String {
    let t = format!("{}", kb);
    if t.len() <= width {
        return t;
    }
    let mut v = kb as f64 / 1024.0;
    for unit in ["m", "g", "t"] {
        let t = format!("{:.1}{}", v, unit);
        if t.len() <= width {
            return t;
        }
        v /= 1024.0;
    }
    format!("{:.0}p", v)
}

/// TIME+: minutes:seconds.hundredths from clock ticks.
fn time_plus(ticks: u64) -> String {
    let cs = ticks * 100 / HZ;
    format!("{}:{:02}.{:02}", cs / 6000, cs / 100 % 60, cs % 100)
}

fn tenths(v: u64) -> String {
    format!("{}.{}", v / 10, v % 10)
}

/// Reads every process (or those in `only`).
fn sample(only: &[i32]) -> Vec<Row> {
    let mut rows = Vec::new();
    for pid in procfs::pids().unwrap_or_default() {
        if !only.is_empty() && !only.contains(&pid) {
            continue;
        }
        let Some(p) = info::read_proc(pid) else { continue };
        let status = procfs::status(format!("{}", pid).as_bytes()).unwrap_or_default();
        let shr_kb = procfs::field_num(&status, b"RssFile").unwrap_or(0)
            + procfs::field_num(&status, b"RssShmem").unwrap_or(0);
        let ticks = p.stat.utime + p.stat.stime;
        rows.push(Row { pid, p, ticks, shr_kb, pcpu10: 0 });
    }
    rows
}

fn print_frame(rows: &mut Vec<Row>, sys: &System, cpu_delta: &[u64; 8], width: usize) {
    let now = sys.now.rem_euclid(86400);
    let load = read_file(b"/proc/loadavg").unwrap_or_default();
    let l: Vec<&[u8]> = load.split(|c| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).take(3).collect();
    let la = |i: usize| l.get(i).map_or("0.00".to_string(), |w| format!("{}", Bytes(w)));
    println!(
        "top - {:02}:{:02}:{:02} up {},  0 user,  load average: {}, {}, {}",
        now / 3600, now / 60 % 60, now % 60, uptime_text(sys.uptime_s), la(0), la(1), la(2)
    );
    let count = |f: &dyn Fn(u8) -> bool| rows.iter().filter(|r| f(r.p.stat.state)).count();
    println!(
        "Tasks: {:3} total, {:3} running, {:3} sleeping, {:3} stopped, {:3} zombie",
        rows.len(),
        count(&|s| s == b'R'),
        count(&|s| matches!(s, b'S' | b'D' | b'I')),
        count(&|s| matches!(s, b'T' | b't')),
        count(&|s| s == b'Z')
    );
    let total: u64 = cpu_delta.iter().sum::<u64>().max(1);
    let pc = |i: usize| cpu_delta[i] as f64 * 100.0 / total as f64;
    println!(
        "%Cpu(s):{:5.1} us,{:5.1} sy,{:5.1} ni,{:5.1} id,{:5.1} wa,{:5.1} hi,{:5.1} si,{:5.1} st",
        pc(0), pc(2), pc(1), pc(3), pc(4), pc(5), pc(6), pc(7)
    );
    let m = procfs::meminfo().unwrap_or_default();
    let g = |n: &[u8]| procfs::field_num(&m, n).unwrap_or(0) as f64 / 1024.0;
    let (total_m, free_m) = (g(b"MemTotal"), g(b"MemFree"));
    let buff = g(b"Buffers") + g(b"Cached") + g(b"SReclaimable");
    let avail = if procfs::field(&m, b"MemAvailable").is_some() { g(b"MemAvailable") } else { free_m + buff };
    println!(
        "MiB Mem : {:8.1} total, {:8.1} free, {:8.1} used, {:8.1} buff/cache",
        total_m, free_m, total_m - avail, buff
    );
    let (st, sf) = (g(b"SwapTotal"), g(b"SwapFree"));
    println!("MiB Swap: {:8.1} total, {:8.1} free, {:8.1} used. {:8.1} avail Mem", st, sf, st - sf, avail);
    println!();
    let pw = sys.pid_width;
    println!(
        "{:>pw$} USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND",
        "PID"
    );
    rows.sort_by(|a, b| b.pcpu10.cmp(&a.pcpu10).then(a.pid.cmp(&b.pid)));
    let mem_total = sys.mem_total_kb.max(1) as u64;
    for r in rows.iter() {
        let s = &r.p.stat;
        let mut user = match r.p.euid {
            Some(uid) => format!("{}", Bytes(&sys.user_name(uid))),
            None => "?".to_string(),
        };
        if user.chars().count() > 8 {
            user = user.chars().take(7).collect();
            user.push('+');
        }
        let pr = if s.priority <= -100 { "rt".to_string() } else { format!("{}", s.priority) };
        let pmem = (r.p.rss_kb.max(0) as u64 * 1000 / mem_total).min(1000);
        let comm: String = s.comm.iter().map(|&c| if c.is_ascii_graphic() || c == b' ' { c as char } else { '?' }).collect();
        let mut line = format!(
            "{:>pw$} {:<8} {:>3} {:>3} {:>7} {:>6} {:>6} {} {:>5} {:>5} {:>9} {}",
            r.pid, user, pr, s.nice, mem_text((s.vsize / 1024) as i64, 7), mem_text(r.p.rss_kb, 6),
            mem_text(r.shr_kb, 6), s.state as char, tenths(r.pcpu10), tenths(pmem),
            time_plus(r.ticks), comm
        );
        if line.chars().count() > width {
            line = line.chars().take(width - 1).collect();
            line.push('+');
        }
        println!("{}", line);
    }
}

fn main(args: Args, env: Env) -> i32 {
    let mut frames = u32::MAX;
    let mut delay_ms: i64 = 3000;
    let mut width = env.get(b"COLUMNS").and_then(procfs::parse_num).map_or(80, |w| w.max(20) as usize);
    let mut only: Vec<i32> = Vec::new();
    let mut batch = false;
    let argv: Vec<&[u8]> = args.iter().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let a = argv[i];
        let (opt, inline) = if a.len() > 2 && a[0] == b'-' { (&a[..2], Some(&a[2..])) } else { (a, None) };
        let mut value = || -> Option<&[u8]> {
            match inline {
                Some(v) => Some(v),
                None => {
                    i += 1;
                    argv.get(i).copied()
                }
            }
        };
        match opt {
            b"-b" if inline.is_none() => batch = true,
            b"-n" => match value().and_then(procfs::parse_num) {
                Some(n) if n > 0 => frames = n as u32,
                _ => { eprintln!("top: bad iterations argument"); return 1 }
            },
            b"-d" => {
                let v = value().unwrap_or(b"");
                let (int, frac) = match v.iter().position(|&c| c == b'.') {
                    Some(d) => (&v[..d], &v[d + 1..]),
                    None => (v, &b""[..]),
                };
                let whole = if int.is_empty() { Some(0) } else { procfs::parse_num(int) };
                let mut ms = match whole { Some(w) if w >= 0 => w * 1000, _ => { eprintln!("top: bad delay interval '{}'", Bytes(v)); return 1 } };
                let mut scale = 100;
                for &c in frac.iter().take(3) {
                    if !c.is_ascii_digit() { eprintln!("top: bad delay interval '{}'", Bytes(v)); return 1 }
                    ms += (c - b'0') as i64 * scale;
                    scale /= 10;
                }
                delay_ms = ms;
            }
            b"-w" => match value().and_then(procfs::parse_num) {
                Some(w) if w >= 20 => width = w as usize,
                _ => { eprintln!("top: bad width arg"); return 1 }
            },
            b"-p" => {
                for p in value().unwrap_or(b"").split(|&c| c == b',') {
                    match procfs::parse_num(p) {
                        Some(n) if n > 0 => only.push(n as i32),
                        _ => { eprintln!("top: bad pid '{}'", Bytes(p)); return 1 }
                    }
                }
            }
            _ => {
                eprintln!("top: unknown option '{}'", Bytes(a));
                eprintln!("usage: top -b [-n N] [-d SECS] [-w COLS] [-p PID,...]");
                return 1;
            }
        }
        i += 1;
    }
    if !batch {
        // Only batch mode exists; an interactive top would need a terminal.
        batch = true;
    }
    let _ = batch;
    let mut prev_cpu: Option<[u64; 8]> = None;
    let mut prev_rows: Vec<(i32, u64)> = Vec::new();
    let mut prev_ns = 0i64;
    let mut frame = 0;
    while frame < frames {
        if frame > 0 {
            println!();
            let _ = time::sleep(Timespec::from_nanos(delay_ms * 1_000_000));
        }
        let sys = System::read();
        let cpu = cpu_line();
        let now_ns = time::now_ns(time::CLOCK_MONOTONIC);
        let mut rows = sample(&only);
        let delta = match prev_cpu {
            None => cpu,
            Some(p) => core::array::from_fn(|i| cpu[i].saturating_sub(p[i])),
        };
        for r in rows.iter_mut() {
            r.pcpu10 = if prev_cpu.is_none() {
                let age = sys.uptime_s.saturating_sub(r.p.stat.starttime / HZ);
                if age > 0 { r.ticks * 1000 / HZ / age } else { 0 }
            } else {
                let before = prev_rows.iter().find(|x| x.0 == r.pid).map_or(0, |x| x.1);
                let el_ms = ((now_ns - prev_ns) / 1_000_000).max(1) as u64;
                r.ticks.saturating_sub(before) * 1000 * 1000 / HZ / el_ms
            };
        }
        print_frame(&mut rows, &sys, &delta, width);
        prev_cpu = Some(cpu);
        prev_rows = rows.iter().map(|r| (r.pid, r.ticks)).collect();
        prev_ns = now_ns;
        frame += 1;
    }
    0
}
