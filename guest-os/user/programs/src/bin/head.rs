//! `head [-n [-]N | -N | -c [-]N] [-q | -v] [FILE]...`: the first 10 lines
//! of each FILE (standard input for none or "-"), as coreutils' head:
//!
//! ```text
//! -n N, -N   the first N lines          -n -N   all but the last N lines
//! -c N       the first N bytes          -c -N   all but the last N bytes
//! -q         no "==> FILE <==" headers  -v      headers even for one file
//! ```
//!
//! With more than one FILE, each is preceded by "==> FILE <==" (and a blank
//! line between files). head stops reading as soon as it has what it needs,
//! so `producer | head -n 1` ends the pipeline early. Exit status 1 if a
//! FILE could not be read.
#![no_std]
#![no_main]
use ulib::countargs::{self, CountArgs};
use ulib::input::{Input, STDIN_NAME};
use ulib::output::Output;
use ulib::prelude::*;

ulib::main!(main);

/// What to keep: counted in lines or bytes; "all but the last" or "the first".
#[derive(Clone, Copy)]
struct Amount {
    bytes: bool,
    all_but_last: bool,
    n: u64,
}

/// Copies the first `n` lines or bytes of `input` to `out`.
fn first(input: &mut Input, out: &mut Output, a: Amount) -> Result<(), Errno> {
    let mut left = a.n;
    while left > 0 {
        let chunk = input.read_chunk()?;
        if chunk.is_empty() {
            break;
        }
        let take = if a.bytes {
            chunk.len().min(left as usize)
        } else {
            let mut end = chunk.len();
            for (i, &c) in chunk.iter().enumerate() {
                if c == b'\n' {
                    left -= 1;
                    if left == 0 {
                        end = i + 1;
                        break;
                    }
                }
            }
            end
        };
        if a.bytes {
            left -= take as u64;
        }
        out.write(&chunk[..take]);
    }
    Ok(())
}

/// Copies all of `input` but its last `n` lines or bytes.
fn all_but_last(input: &mut Input, out: &mut Output, a: Amount) -> Result<(), Errno> {
    let data = input.read_all()?;
    let keep = if a.bytes {
        data.len().saturating_sub(a.n as usize)
    } else {
        // Line ends, from the last; an unterminated last line counts.
        let mut end = data.len();
        let mut dropped = 0;
        while dropped < a.n && end > 0 {
            let search = if data[end - 1] == b'\n' { end - 1 } else { end };
            end = data[..search].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
            dropped += 1;
        }
        end
    };
    out.write(&data[..keep]);
    Ok(())
}

fn main(args: Args, _env: Env) -> i32 {
    let Ok(CountArgs { count, headers, names }) = countargs::parse("head", &args) else {
        return 1;
    };
    let amount = Amount { bytes: count.bytes, all_but_last: count.sign == Some(b'-'), n: count.n };
    let headers = headers.unwrap_or(names.len() > 1);
    let mut out = Output::stdout();
    let mut status = 0;
    let mut shown_one = false;
    for name in &names {
        let mut input = match Input::open(name) {
            Ok(f) => f,
            Err(e) => {
                out.flush();
                eprintln!("head: cannot open '{}' for reading: {}", Bytes(name), e);
                status = 1;
                continue;
            }
        };
        if headers {
            let shown = if *name == b"-" { STDIN_NAME } else { name };
            let sep = if shown_one { "\n" } else { "" };
            out.write(format!("{}==> {} <==\n", sep, Bytes(shown)).as_bytes());
        }
        shown_one = true;
        let r = if amount.all_but_last {
            all_but_last(&mut input, &mut out, amount)
        } else {
            first(&mut input, &mut out, amount)
        };
        if let Err(e) = r {
            out.flush();
            let shown = if *name == b"-" { STDIN_NAME } else { name };
            eprintln!("head: error reading '{}': {}", Bytes(shown), e);
            status = 1;
        }
    }
    status
}
