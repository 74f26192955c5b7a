//! ps's command line: UNIX options (with a dash, combinable: -e -A -a -d
//! -f -l -L -p LIST -o LIST), BSD options (without: a x u, w ignored,
//! o LIST, p LIST) and bare process ids, as procps parses them.

use super::columns::{self, Column};
use super::format::Flags;
use super::info::System;
use super::select::Selection;
use ulib::prelude::*;
use ulib::procfs;

/// What the command line asked for.
pub struct Request {
    pub format: Option<Vec<Column>>, // -o: these columns
    pub flags: Flags,
    pub select: Selection,
    pub pids: Vec<i32>, // -p and bare pids
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

/// Handles the value of -p or -o (`letter`).
fn take_value(letter: u8, value: &[u8], req: &mut Request, sys: &System) -> Result<(), String> {
    if letter == b'p' {
        if !add_pids(value, &mut req.pids) {
            return Err(format!("invalid process id: {}", Bytes(value)));
        }
        return Ok(());
    }
    let cols = req.format.get_or_insert_with(Vec::new);
    add_columns(value, sys, cols)
        .map_err(|n| format!("unknown user-defined format specifier \"{}\"", n))
}

/// Parses the arguments; Err is the message for a usage error.
pub fn parse(args: &Args, sys: &System) -> Result<Request, String> {
    let mut req = Request {
        format: None,
        flags: Flags::default(),
        select: Selection::default(),
        pids: Vec::new(),
    };
    let mut i = 1;
    while let Some(a) = args.get(i) {
        i += 1;
        match a {
            b"--pid" | b"--format" => {
                let v = args.get(i).ok_or(format!("option {} needs a value", Bytes(a)))?;
                i += 1;
                take_value(if a == b"--pid" { b'p' } else { b'o' }, v, &mut req, sys)?;
                continue;
            }
            // procps reads "-aux" and "-ax" as the BSD options they were meant to be.
            b"-aux" | b"-ax" => {
                req.select.bsd = true;
                req.select.bsd_a = true;
                req.select.bsd_x = true;
                req.flags.bsd = true;
                req.flags.user |= a == b"-aux";
                continue;
            }
            _ if a.starts_with(b"--") => {
                return Err(format!("unknown gnu long option: {}", Bytes(a)));
            }
            _ => {}
        }
        if a.first().is_some_and(u8::is_ascii_digit) {
            // A bare list of pids is BSD's "p LIST": BSD columns by default.
            req.flags.bsd = true;
            if !add_pids(a, &mut req.pids) {
                return Err(format!("invalid process id: {}", Bytes(a)));
            }
            continue;
        }
        let (unix, letters) = match a.strip_prefix(b"-") {
            Some(l) if !l.is_empty() => (true, l),
            _ if !a.is_empty() && !a.starts_with(b"-") => (false, a),
            _ => return Err(format!("unsupported option: {}", Bytes(a))),
        };
        if !unix {
            req.select.bsd = true;
            req.flags.bsd = true;
        }
        for (j, &c) in letters.iter().enumerate() {
            match (unix, c) {
                (_, b'p' | b'o') => {
                    // The value is the rest of the argument or the next one.
                    let rest = &letters[j + 1..];
                    let value = if !rest.is_empty() {
                        rest
                    } else {
                        i += 1;
                        args.get(i - 1).ok_or(format!("option {} needs a value", c as char))?
                    };
                    take_value(c, value, &mut req, sys)?;
                    break;
                }
                (true, b'e' | b'A') => req.select.all = true,
                (true, b'a') => req.select.unix_a = true,
                (true, b'd') => req.select.unix_d = true,
                (true, b'f') => req.flags.full = true,
                (true, b'l') => req.flags.long = true,
                (true, b'L') => req.flags.threads = true,
                (false, b'a') => req.select.bsd_a = true,
                (false, b'x') => req.select.bsd_x = true,
                (false, b'u') => req.flags.user = true,
                (false, b'w') => {} // wider output: lines are never cut here
                (true, _) => return Err(format!("unsupported SysV option -- '{}'", c as char)),
                (false, _) => {
                    return Err(format!("unsupported option (BSD syntax) -- '{}'", c as char));
                }
            }
        }
    }
    Ok(req)
}
