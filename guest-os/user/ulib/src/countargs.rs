//! The command line head and tail share: `-n [SIGN]N`, `-c [SIGN]N`, the
//! obsolete `-N` (`-Nc` bytes, `-Nl` lines), `-q`/`-v`, `--`, and FILEs,
//! with coreutils' messages. What the sign means is the program's: head's
//! `-n -N` is "all but the last N", tail's `-n +N` is "from line N on".

use crate::env::Args;
use crate::prelude::*;

/// How much to show: a number of lines or bytes, with the sign it was
/// written with (b'+', b'-' or none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub bytes: bool,
    pub sign: Option<u8>,
    pub n: u64,
}

/// "N", "+N" or "-N" as a count; None if it is not a number.
pub fn parse_count(s: &[u8], bytes: bool) -> Option<Count> {
    let (sign, digits) = match s.first() {
        Some(&c @ (b'+' | b'-')) => (Some(c), &s[1..]),
        _ => (None, s),
    };
    let n = core::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(Count { bytes, sign, n })
}

/// The parsed command line.
pub struct CountArgs {
    pub count: Count,
    /// -q (Some(false)), -v (Some(true)), or neither.
    pub headers: Option<bool>,
    /// The FILEs, "-" for standard input when none is given.
    pub names: Vec<&'static [u8]>,
}

/// Parse `args` for program `prog` (default: 10 lines). On a bad option,
/// print coreutils' message and return Err (exit status 1).
pub fn parse(prog: &str, args: &Args) -> Result<CountArgs, ()> {
    let mut count = Count { bytes: false, sign: None, n: 10 };
    let mut headers = None;
    let mut names: Vec<&'static [u8]> = Vec::new();
    let mut i = 1;
    let mut options = true;
    while let Some(a) = args.get(i) {
        i += 1;
        if !options || a == b"-" || !a.starts_with(b"-") {
            names.push(a);
            continue;
        }
        if a == b"--" {
            options = false;
            continue;
        }
        if a[1].is_ascii_digit() {
            // The obsolete form -N, -Nc (bytes), -Nl (lines).
            let (num, bytes) = match a.last() {
                Some(b'c') => (&a[1..a.len() - 1], true),
                Some(b'l') => (&a[1..a.len() - 1], false),
                _ => (&a[1..], false),
            };
            match parse_count(num, bytes) {
                Some(c) => count = c,
                None => {
                    eprintln!("{prog}: invalid number of lines: '{}'", Bytes(&a[1..]));
                    return Err(());
                }
            }
            continue;
        }
        let mut j = 1;
        while j < a.len() {
            match a[j] {
                c @ (b'n' | b'c') => {
                    // The value is the rest of this argument or the next one.
                    let value = if j + 1 < a.len() {
                        &a[j + 1..]
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v
                    } else {
                        eprintln!("{prog}: option requires an argument -- '{}'", c as char);
                        return Err(());
                    };
                    match parse_count(value, c == b'c') {
                        Some(parsed) => count = parsed,
                        None => {
                            let what = if c == b'c' { "bytes" } else { "lines" };
                            eprintln!("{prog}: invalid number of {what}: '{}'", Bytes(value));
                            return Err(());
                        }
                    }
                    break;
                }
                b'q' => headers = Some(false),
                b'v' => headers = Some(true),
                c => {
                    eprintln!("{prog}: invalid option -- '{}'", c as char);
                    return Err(());
                }
            }
            j += 1;
        }
    }
    if names.is_empty() {
        names.push(b"-");
    }
    Ok(CountArgs { count, headers, names })
}
