//! `grep [OPTION]... PATTERN [FILE]...`: the lines of each FILE (standard
//! input for none or "-") that match PATTERN, as GNU grep prints them.
//!
//! ```text
//! -e PATTERN  a pattern (may repeat; PATTERN with newlines is several)
//! -F          patterns are fixed strings, not regular expressions
//! -i          ignore case             -v   select the lines that do NOT match
//! -w          match whole words only  -c   print a count of lines per file
//! -n          prefix line numbers     -l   print only the names of files with a match
//! -h / -H     never / always prefix the file name (default: with more than one FILE)
//! -q          print nothing; exit 0 at the first match
//! -s          no messages about unreadable files
//! ```
//!
//! Patterns are basic regular expressions (`^ $ . * [...] [^...]` and `\`
//! escapes; see `ulib::regex`). Options may come after the pattern and the
//! files, as GNU's do; `--` ends them. Exit status: 0 if a line was
//! selected, 1 if none was, 2 for an error (unless -q found a match).
#![no_std]
#![no_main]
use ulib::input::{Input, chomp};
use ulib::output::Output;
use ulib::prelude::*;
use ulib::regex::Regex;

ulib::main!(main);

/// One pattern, compiled.
enum Pattern {
    Fixed(Vec<u8>),
    Re(Regex),
}

/// The options.
#[derive(Default)]
struct Opts {
    fixed: bool,
    icase: bool,
    invert: bool,
    words: bool,
    count: bool,
    numbers: bool,
    files_only: bool,
    quiet: bool,
    silent: bool,
    with_name: Option<bool>,
}

/// Is `b` part of a word (letters, digits, underscore)?
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Is `line[s..e]` a whole word (no word character just before or after)?
fn whole_word(line: &[u8], s: usize, e: usize) -> bool {
    (s == 0 || !word_byte(line[s - 1])) && (e == line.len() || !word_byte(line[e]))
}

/// Does `pattern` match in `line` (without its newline)?
fn matches(p: &Pattern, line: &[u8], o: &Opts) -> bool {
    match p {
        Pattern::Re(re) if o.words => {
            re.find_accepted(line, &mut |s, e| whole_word(line, s, e)).is_some()
        }
        Pattern::Re(re) => re.is_match(line),
        Pattern::Fixed(f) => {
            let eq = |a: &[u8]| {
                if o.icase { a.eq_ignore_ascii_case(f) } else { a == f.as_slice() }
            };
            if f.len() > line.len() {
                return false;
            }
            (0..=line.len() - f.len()).any(|s| {
                eq(&line[s..s + f.len()]) && (!o.words || whole_word(line, s, s + f.len()))
            })
        }
    }
}

/// What reading one input found.
struct Found {
    selected: u64,
    error: bool,
}

/// Reads `input`, printing what the options ask for. With -q, returns at
/// the first selected line.
fn grep(input: &mut Input, name: &[u8], pats: &[Pattern], o: &Opts, out: &mut Output) -> Found {
    let mut line = Vec::new();
    let mut found = Found { selected: 0, error: false };
    let mut number = 0u64;
    loop {
        match input.read_line(&mut line) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                out.flush();
                if !o.silent {
                    eprintln!("grep: {}: {}", Bytes(name), e);
                }
                found.error = true;
                break;
            }
        }
        number += 1;
        let text = chomp(&line);
        if pats.iter().any(|p| matches(p, text, o)) == o.invert {
            continue;
        }
        found.selected += 1;
        if o.quiet {
            return found;
        }
        if o.files_only {
            break;
        }
        if o.count {
            continue;
        }
        if o.with_name == Some(true) {
            out.write(name);
            out.write(b":");
        }
        if o.numbers {
            out.write(format!("{}:", number).as_bytes());
        }
        out.write(text);
        out.write(b"\n");
    }
    if o.count && !o.quiet {
        if o.with_name == Some(true) {
            out.write(name);
            out.write(b":");
        }
        out.write(format!("{}\n", found.selected).as_bytes());
    }
    if o.files_only && found.selected > 0 && !o.quiet {
        out.write(name);
        out.write(b"\n");
    }
    found
}

fn main(args: Args, _env: Env) -> i32 {
    let mut o = Opts::default();
    let mut patterns: Vec<&[u8]> = Vec::new();
    let mut have_e = false;
    let mut operands: Vec<&[u8]> = Vec::new();
    let mut i = 1;
    let mut options = true;
    while let Some(a) = args.get(i) {
        i += 1;
        if !options || a == b"-" || !a.starts_with(b"-") {
            operands.push(a);
            continue;
        }
        if a == b"--" {
            options = false;
            continue;
        }
        let mut j = 1;
        while j < a.len() {
            match a[j] {
                b'e' => {
                    let value = if j + 1 < a.len() {
                        &a[j + 1..]
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v
                    } else {
                        eprintln!("grep: option requires an argument -- 'e'");
                        return 2;
                    };
                    patterns.push(value);
                    have_e = true;
                    break;
                }
                b'F' => o.fixed = true,
                b'G' => o.fixed = false,
                b'i' | b'y' => o.icase = true,
                b'v' => o.invert = true,
                b'w' => o.words = true,
                b'c' => o.count = true,
                b'n' => o.numbers = true,
                b'l' => o.files_only = true,
                b'q' => o.quiet = true,
                b's' => o.silent = true,
                b'h' => o.with_name = Some(false),
                b'H' => o.with_name = Some(true),
                c => {
                    eprintln!("grep: invalid option -- '{}'", c as char);
                    return 2;
                }
            }
            j += 1;
        }
    }
    if !have_e {
        if operands.is_empty() {
            eprintln!("Usage: grep [OPTION]... PATTERNS [FILE]...");
            return 2;
        }
        patterns.push(operands.remove(0));
    }
    // A pattern with newlines is one pattern per line.
    let mut pats = Vec::new();
    for p in patterns.iter().flat_map(|p| p.split(|&c| c == b'\n')) {
        if o.fixed {
            pats.push(Pattern::Fixed(p.to_vec()));
        } else {
            match Regex::new(p, o.icase) {
                Ok(re) => pats.push(Pattern::Re(re)),
                Err(e) => {
                    eprintln!("grep: {}", e);
                    return 2;
                }
            }
        }
    }
    if operands.is_empty() {
        operands.push(b"-");
    }
    if o.with_name.is_none() {
        o.with_name = Some(operands.len() > 1);
    }

    let mut out = Output::stdout();
    let (mut any, mut error) = (false, false);
    for name in &operands {
        let shown: &[u8] = if *name == b"-" { b"(standard input)" } else { name };
        let mut input = match Input::open(name) {
            Ok(f) => f,
            Err(e) => {
                out.flush();
                if !o.silent {
                    eprintln!("grep: {}: {}", Bytes(name), e);
                }
                error = true;
                continue;
            }
        };
        let found = grep(&mut input, shown, &pats, &o, &mut out);
        any |= found.selected > 0;
        error |= found.error;
        if o.quiet && any {
            return 0;
        }
    }
    match (any, error) {
        (_, true) => 2,
        (true, false) => 0,
        (false, false) => 1,
    }
}
