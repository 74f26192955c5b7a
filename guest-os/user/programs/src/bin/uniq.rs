//! `uniq [-c] [-d] [-u] [-i] [INPUT]`: copies INPUT (standard input for
//! none or "-") with each run of equal adjacent lines written once, as
//! coreutils' uniq:
//!
//! ```text
//! -c   prefix each line with the number of times it occurred ("%7d ")
//! -d   only the lines that were repeated     -u   only the lines that were not
//! -i   compare lines without case
//! ```
//!
//! Only adjacent lines are compared: `sort | uniq -c` counts them all. A
//! last line without '\n' equals the same line with one; every output
//! line ends with '\n'. Exit status 1 if INPUT cannot be read.
#![no_std]
#![no_main]
use ulib::input::{Input, chomp};
use ulib::output::Output;
use ulib::prelude::*;

ulib::main!(main);

/// Which runs to print, and how.
struct Opts {
    count: bool,
    repeated: bool,
    unique: bool,
    icase: bool,
}

/// Writes one run of `n` equal lines (`line` is its first) if the options
/// want it.
fn emit(out: &mut Output, o: &Opts, line: &[u8], n: u64) {
    if (o.repeated && n < 2) || (o.unique && n > 1) {
        return;
    }
    if o.count {
        out.write(format!("{:7} ", n).as_bytes());
    }
    out.write(line);
    out.write(b"\n");
}

fn main(args: Args, _env: Env) -> i32 {
    let mut o = Opts { count: false, repeated: false, unique: false, icase: false };
    let mut names: Vec<&[u8]> = Vec::new();
    let mut options = true;
    for a in args.iter().skip(1) {
        if !options || a == b"-" || !a.starts_with(b"-") {
            names.push(a);
            continue;
        }
        if a == b"--" {
            options = false;
            continue;
        }
        for &c in &a[1..] {
            match c {
                b'c' => o.count = true,
                b'd' => o.repeated = true,
                b'u' => o.unique = true,
                b'i' => o.icase = true,
                _ => {
                    eprintln!("uniq: invalid option -- '{}'", c as char);
                    return 1;
                }
            }
        }
    }
    if names.len() > 1 {
        eprintln!("uniq: extra operand '{}' (writing to a file is not supported)", Bytes(names[1]));
        return 1;
    }
    let name = names.first().copied().unwrap_or(b"-");
    let mut input = match Input::open(name) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("uniq: {}: {}", Bytes(name), e);
            return 1;
        }
    };
    let same = |a: &[u8], b: &[u8]| if o.icase { a.eq_ignore_ascii_case(b) } else { a == b };
    let mut out = Output::stdout();
    let mut run: Option<(Vec<u8>, u64)> = None;
    let mut line = Vec::new();
    loop {
        match input.read_line(&mut line) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                out.flush();
                eprintln!("uniq: {}: {}", Bytes(name), e);
                return 1;
            }
        }
        let text = chomp(&line);
        match &mut run {
            Some((first, n)) if same(first, text) => *n += 1,
            _ => {
                if let Some((first, n)) = run.take() {
                    emit(&mut out, &o, &first, n);
                }
                run = Some((text.to_vec(), 1));
            }
        }
    }
    if let Some((first, n)) = run {
        emit(&mut out, &o, &first, n);
    }
    0
}
