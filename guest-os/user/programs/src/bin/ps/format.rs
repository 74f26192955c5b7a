//! Which columns a request shows, built as procps builds them:
//!
//! ```text
//! ps, ps -e          PID TTY TIME CMD
//! ps -f              UID PID PPID C STIME TTY TIME CMD            (CMD: the command line)
//! ps -l              F S UID PID PPID C PRI NI ADDR SZ WCHAN TTY TIME CMD
//! ps -lf             F S UID PID PPID C PRI NI ADDR SZ WCHAN STIME TTY TIME CMD
//! ps -L              PID LWP TTY TIME CMD
//! ps -Lf             UID PID PPID LWP C NLWP STIME TTY TIME CMD
//! ps ax (BSD)        PID TTY STAT TIME COMMAND
//! ps aux (BSD u)     USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
//! ```
//!
//! (procps's generate_sysv_list: a SysV format is put together from the
//! -f, -l and -L flags; BSD options prefer BSD's STAT and TIME.)

use super::columns::{Column, column};
use super::info::System;
use ulib::prelude::*;

/// The format flags of the command line.
#[derive(Clone, Copy, Default)]
pub struct Flags {
    pub full: bool,    // -f
    pub long: bool,    // -l
    pub threads: bool, // -L
    pub bsd: bool,     // some BSD-style option (no dash): prefer BSD columns
    pub user: bool,    // BSD u
}

fn columns(names: &[&str], sys: &System) -> Vec<Column> {
    names.iter().map(|n| column(n, None, sys).expect("a known column")).collect()
}

/// The SysV list for `f` (procps's generate_sysv_list, front to back).
fn sysv(f: Flags) -> Vec<&'static str> {
    let mut n = Vec::new();
    if f.long {
        n.extend(["f", "s"]);
    }
    if f.full {
        n.push("uid_hack");
    } else if f.long {
        n.push("uid");
    }
    n.push("pid");
    if f.full || f.long {
        n.push("ppid");
    }
    if f.threads {
        n.push("lwp");
    }
    if f.full || f.long {
        n.push("c");
    }
    if f.threads && f.full {
        n.push("nlwp");
    }
    if f.long {
        n.extend(["opri", "ni", "addr_1", "sz", "wchan"]);
    }
    if f.full {
        n.push("stime");
    }
    n.push("tname");
    if f.bsd {
        if !f.long {
            n.push("stat");
        }
        n.extend(["bsdtime", if f.full || f.long { "cmd" } else { "args" }]);
    } else {
        n.extend(["time", if f.full { "cmd" } else { "ucmd" }]);
    }
    n
}

/// The columns for `f`, or None for "Conflicting format options".
pub fn standard(f: Flags, sys: &System) -> Option<Vec<Column>> {
    if f.user {
        if f.full || f.long {
            return None;
        }
        let mut cols = columns(
            &[
                "user", "pid", "%cpu", "%mem", "vsz", "rss", "tname", "stat", "start", "bsdtime",
                "args",
            ],
            sys,
        );
        if f.threads {
            // procps adds LWP after PID and NLWP after %CPU.
            cols.insert(2, column("lwp", None, sys)?);
            cols.insert(4, column("nlwp", None, sys)?);
        }
        return Some(cols);
    }
    Some(columns(&sysv(f), sys))
}
