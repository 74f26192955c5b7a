//! `ps`: a report of processes, read from /proc as procps's ps reads it.
//!
//! ```text
//! ps                          PID TTY TIME CMD: your processes on your terminal
//! ps -e | ps -A               ... every process
//! ps -ef                      UID PID PPID C STIME TTY TIME CMD (CMD: the command line)
//! ps -l, ps -el               F S UID PID PPID C PRI NI ADDR SZ WCHAN TTY TIME CMD
//! ps -eLf                     UID PID PPID LWP C NLWP STIME TTY TIME CMD, a row per thread
//! ps ax                       PID TTY STAT TIME COMMAND (BSD)
//! ps aux                      USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
//! ps -p PID[,PID...]          only those processes (-p may repeat; bare PIDs too)
//! ps -o LIST [PID...]         the columns of LIST (comma-separated; NAME=HEADER
//!                             renames one), for the given or all processes
//! ```
//!
//! Options combine as in procps (-e -f -l -L -a -d -p -o; BSD a x u);
//! format.rs says which columns, select.rs which processes. Columns for
//! -o: pid ppid pgid tid lwp stat state s rss vsz sz maj_flt min_flt comm
//! ucmd args cmd nlwp ni pri opri priority time bsdtime %mem %cpu c user
//! uid tty start stime f wchan addr (and procps's aliases). rss and vsz
//! are in KiB, sz in pages. CMD (-f, args) is /proc/PID/cmdline, or
//! "[comm]" when it is empty or missing (kernel threads, zombies).
//! Exit status 1 if no process was shown (the header is still printed,
//! as procps does) or for a usage error.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::procfs;

mod columns;
mod format;
mod info;
mod layout;
mod options;
mod select;

use info::System;

ulib::main!(main);

/// One line, as the other tools say it (procps adds a page of help).
fn usage_error(msg: &str) -> i32 {
    eprintln!("ps: error: {}", msg);
    1
}

/// Prints the report.
fn main(args: Args, _env: Env) -> i32 {
    let sys = System::read();
    let req = match options::parse(&args, &sys) {
        Ok(r) => r,
        Err(msg) => return usage_error(&msg),
    };
    let cols = match req.format {
        Some(_) if req.flags.full || req.flags.long || req.flags.user => {
            return usage_error("conflicting format options");
        }
        Some(c) => c,
        None => match format::standard(req.flags, &sys) {
            Some(c) => c,
            None => return usage_error("conflicting format options"),
        },
    };
    if cols.iter().any(|c| !c.header.is_empty()) {
        let headers: Vec<String> = cols.iter().map(|c| c.header.clone()).collect();
        println!("{}", layout::layout(&cols, &headers));
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
        let Some(p) = info::read_proc(pid) else { continue };
        if !select::wanted(&req.select, &req.pids, &p, &sys) {
            continue;
        }
        let rows: Vec<info::Proc> = if req.flags.threads {
            info::thread_ids(pid).into_iter().filter_map(|tid| info::read_thread(&p, tid)).collect()
        } else {
            vec![p]
        };
        for row in rows {
            let texts: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| columns::value(c, &row, &sys, i + 1 == cols.len()))
                .collect();
            println!("{}", layout::layout(&cols, &texts));
            shown += 1;
        }
    }
    if shown == 0 { 1 } else { 0 }
}
