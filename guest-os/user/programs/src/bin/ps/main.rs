//! `ps`: a report of processes, read from /proc as procps's ps reads it.
//!
//! ```text
//! ps | ps -e | ps -A          PID TTY TIME CMD, for every process
//! ps aux                      USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
//! ps -p PID[,PID...]          only those processes (-p may repeat)
//! ps -o LIST [PID...]         the columns of LIST (comma-separated; NAME=HEADER
//! ps -o LIST -p PID           renames one), for the given or all processes
//! ```
//!
//! Columns: pid ppid pgid tid stat state rss vsz maj_flt min_flt comm args
//! nlwp ni (nice) pri opri priority time %mem %cpu user tty start (and procps's aliases). rss and
//! vsz are in KiB. Exit status 1 if a selection matched no process (the
//! header is still printed, as procps does), 1 for a usage error.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::procfs;

mod columns;
mod info;

use columns::Column;
use info::System;

ulib::main!(main);

/// What the command line asked for.
struct Request {
    format: Option<Vec<Column>>, // None: the default format
    aux: bool,
    pids: Vec<i32>, // empty: every process
}

/// Adds the pids of a list like "1,2 3" to `pids`; false if one is not a pid.
fn add_pids(list: &[u8], pids: &mut Vec<i32>) -> bool {
    for p in list.split(|&c| c == b',' || c == b' ').filter(|p| !p.is_empty()) {
        match procfs::parse_num(p) {
            Some(n) if n > 0 => pids.push(n as i32),
            _ => return false,
        }
    }
    true
}

/// Appends the columns of an `-o` list to `cols`; Err(name) for an unknown one.
fn add_columns(list: &[u8], sys: &System, cols: &mut Vec<Column>) -> Result<(), String> {
    let list = core::str::from_utf8(list).map_err(|_| "?".to_string())?;
    // After "NAME=", the header is the rest of the argument (procps).
    let (names, renamed) = match list.find('=') {
        Some(eq) => {
            let head = &list[..eq];
            let split = head.rfind(',').map_or(0, |c| c + 1);
            (&list[..split], Some((&head[split..], &list[eq + 1..])))
        }
        None => (list, None),
    };
    for name in names.split(',').filter(|n| !n.is_empty()) {
        cols.push(columns::column(name, None, sys).ok_or_else(|| name.to_string())?);
    }
    if let Some((name, header)) = renamed {
        cols.push(columns::column(name, Some(header), sys).ok_or_else(|| name.to_string())?);
    }
    Ok(())
}

/// Parses the arguments; Err is the message for a usage error.
fn parse(args: &Args, sys: &System) -> Result<Request, String> {
    let mut req = Request { format: None, aux: false, pids: Vec::new() };
    let mut i = 1;
    while let Some(a) = args.get(i) {
        i += 1;
        let mut next = || {
            i += 1;
            args.get(i - 1)
        };
        match a {
            b"-e" | b"-A" | b"ax" | b"-ax" => {}
            b"aux" | b"-aux" => req.aux = true,
            b"-p" | b"--pid" => {
                let list = next().ok_or("option -p needs a process id list")?;
                if !add_pids(list, &mut req.pids) {
                    return Err(format!("invalid process id: {}", Bytes(list)));
                }
            }
            b"-o" | b"o" | b"--format" => {
                let list = next().ok_or("option -o needs a format list")?;
                let cols = req.format.get_or_insert_with(Vec::new);
                add_columns(list, sys, cols).map_err(|n| format!("unknown user-defined format specifier \"{}\"", n))?;
            }
            _ if a.starts_with(b"-p") => {
                if !add_pids(&a[2..], &mut req.pids) {
                    return Err(format!("invalid process id: {}", Bytes(&a[2..])));
                }
            }
            _ if a.starts_with(b"-o") => {
                let cols = req.format.get_or_insert_with(Vec::new);
                add_columns(&a[2..], sys, cols).map_err(|n| format!("unknown user-defined format specifier \"{}\"", n))?;
            }
            _ if a.first().is_some_and(u8::is_ascii_digit) => {
                if !add_pids(a, &mut req.pids) {
                    return Err(format!("invalid process id: {}", Bytes(a)));
                }
            }
            _ => return Err(format!("unsupported option: {}", Bytes(a))),
        }
    }
    Ok(req)
}

/// Prints the report. Exit status 0, 1 if no process matched or for a
/// usage error.
fn main(args: Args, _env: Env) -> i32 {
    let sys = System::read();
    let req = match parse(&args, &sys) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("ps: error: {}", msg);
            eprintln!("usage: ps [-e | aux] [-o LIST] [-p PID[,PID...]] [PID...]");
            return 1;
        }
    };
    let cols = match req.format {
        Some(c) => c,
        None if req.aux => columns::aux_format(&sys),
        None => columns::default_format(&sys),
    };
    if cols.iter().any(|c| !c.header.is_empty()) {
        let headers: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
        println!("{}", columns::layout(&cols, &headers));
    }
    let pids = match procfs::pids() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("ps: cannot read /proc: {}", e);
            return 1;
        }
    };
    let mut shown = 0;
    for pid in pids {
        if !req.pids.is_empty() && !req.pids.contains(&pid) {
            continue;
        }
        let Some(p) = info::read_proc(pid) else { continue };
        let texts: Vec<String> = cols.iter().map(|c| columns::value(c, &p, &sys)).collect();
        println!("{}", columns::layout(&cols, &texts));
        shown += 1;
    }
    if shown == 0 { 1 } else { 0 }
}
