//! `tail [-n [+]N | -N | -c [+]N] [-q | -v] [FILE]...`: the last 10 lines
//! of each FILE (standard input for none or "-"), as coreutils' tail:
//!
//! ```text
//! -n N, -N   the last N lines           -n +N   from line N on (1 = all)
//! -c N       the last N bytes           -c +N   from byte N on
//! -q         no "==> FILE <==" headers  -v      headers even for one file
//! ```
//!
//! With more than one FILE, each is preceded by "==> FILE <==" (and a blank
//! line between files). A last line without '\n' counts as a line and is
//! copied as it is. (No -f: nothing here grows while we watch.) Exit
//! status 1 if a FILE could not be read.
#![no_std]
#![no_main]
use ulib::countargs::{self, CountArgs};
use ulib::input::{Input, STDIN_NAME};
use ulib::output::Output;
use ulib::prelude::*;

ulib::main!(main);

/// What to show: counted in lines or bytes; "from N on" or "the last N".
#[derive(Clone, Copy)]
struct Amount {
    bytes: bool,
    from_start: bool,
    n: u64,
}

/// The part of `data` to show.
fn select(data: &[u8], a: Amount) -> &[u8] {
    let start = match (a.bytes, a.from_start) {
        (true, true) => (a.n.max(1) - 1) as usize,
        (true, false) => data.len().saturating_sub(a.n as usize),
        (false, true) => {
            // After the (N-1)th newline.
            let mut skip = a.n.max(1) - 1;
            let mut at = 0;
            while skip > 0 && at < data.len() {
                match data[at..].iter().position(|&c| c == b'\n') {
                    Some(i) => at += i + 1,
                    None => at = data.len(),
                }
                skip -= 1;
            }
            at
        }
        (false, false) => {
            // Back over N line ends; an unterminated last line counts.
            let mut start = data.len();
            let mut taken = 0;
            while taken < a.n && start > 0 {
                let search = if data[start - 1] == b'\n' { start - 1 } else { start };
                start = data[..search].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
                taken += 1;
            }
            start
        }
    };
    &data[start.min(data.len())..]
}

fn main(args: Args, _env: Env) -> i32 {
    let Ok(CountArgs { count, headers, names }) = countargs::parse("tail", &args) else {
        return 1;
    };
    let amount = Amount { bytes: count.bytes, from_start: count.sign == Some(b'+'), n: count.n };
    let headers = headers.unwrap_or(names.len() > 1);
    let mut out = Output::stdout();
    let mut status = 0;
    let mut shown_one = false;
    for name in &names {
        let shown = if *name == b"-" { STDIN_NAME } else { name };
        let data = match Input::open(name) {
            Ok(mut f) => f.read_all(),
            Err(e) => {
                out.flush();
                eprintln!("tail: cannot open '{}' for reading: {}", Bytes(name), e);
                status = 1;
                continue;
            }
        };
        let data = match data {
            Ok(d) => d,
            Err(e) => {
                out.flush();
                eprintln!("tail: error reading '{}': {}", Bytes(shown), e);
                status = 1;
                continue;
            }
        };
        if headers {
            let sep = if shown_one { "\n" } else { "" };
            out.write(format!("{}==> {} <==\n", sep, Bytes(shown)).as_bytes());
        }
        shown_one = true;
        out.write(select(&data, amount));
    }
    status
}
