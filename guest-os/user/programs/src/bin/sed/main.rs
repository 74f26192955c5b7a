//! `sed [-n] [-e SCRIPT]... [SCRIPT] [FILE]...`: a stream editor, the part
//! of GNU sed that pipelines use most:
//!
//! ```text
//! s/RE/REPLACEMENT/[g][p][N][I]   replace the first (Nth, every: g) match of RE
//! d                               delete the line (start the next one)
//! p                               print the line     =   print the line number
//! q [EXIT]                        print the line (unless -n) and stop
//! addresses: N, $ (the last line), /RE/; A1,A2 a range; A! every line but those
//! -n                              print only what p (or s///p) prints
//! ```
//!
//! Each line of the FILEs (standard input for none or "-"), one after the
//! other, goes through the commands in order; at the end of the script it
//! is printed unless -n or `d`. REs are basic regular expressions
//! (`ulib::regex`, the same as grep's). A last line without '\n' is printed
//! without one, as GNU does. Exit status 1 for a bad script, 2 if a FILE
//! could not be read, EXIT for `q EXIT`.
#![no_std]
#![no_main]

mod script;

use script::{Addr, Command, Op, Part, Subst};
use ulib::input::Input;
use ulib::output::Output;
use ulib::prelude::*;

ulib::main!(main);

/// The lines of all the inputs, one after the other, with one line of
/// look-ahead (to know which is the last, `$`).
struct Lines<'a> {
    names: &'a [&'a [u8]],
    next_name: usize,
    input: Option<Input>,
    ahead: Option<Vec<u8>>,
    /// Some input could not be read.
    failed: bool,
}

impl Lines<'_> {
    /// Reads the next line of the inputs (with its '\n', if it has one).
    fn read(&mut self, out: &mut Output) -> Option<Vec<u8>> {
        loop {
            if let Some(input) = &mut self.input {
                let mut line = Vec::new();
                match input.read_line(&mut line) {
                    Ok(true) => return Some(line),
                    Ok(false) => {}
                    Err(e) => {
                        out.flush();
                        eprintln!(
                            "sed: read error on {}: {}",
                            Bytes(self.names[self.next_name - 1]),
                            e
                        );
                        self.failed = true;
                    }
                }
                self.input = None;
            }
            let name = *self.names.get(self.next_name)?;
            self.next_name += 1;
            match Input::open(name) {
                Ok(i) => self.input = Some(i),
                Err(e) => {
                    out.flush();
                    eprintln!("sed: can't read {}: {}", Bytes(name), e);
                    self.failed = true;
                }
            }
        }
    }

    /// The next line, and whether it is the last.
    fn next(&mut self, out: &mut Output) -> Option<(Vec<u8>, bool)> {
        let line = match self.ahead.take() {
            Some(l) => l,
            None => self.read(out)?,
        };
        self.ahead = self.read(out);
        Some((line, self.ahead.is_none()))
    }
}

/// Does `a` select line `n` (text `ps`; `last`: it is the last line)?
fn selects(a: &Addr, n: u64, ps: &[u8], last: bool) -> bool {
    match a {
        Addr::Line(l) => *l == n,
        Addr::Last => last,
        Addr::Re(re) => re.is_match(ps),
    }
}

/// Does `c` apply to this line? (Updates its range state.)
fn applies(c: &mut Command, n: u64, ps: &[u8], last: bool) -> bool {
    let hit = match (&c.first, &c.last) {
        (None, _) => true,
        (Some(a), None) => selects(a, n, ps, last),
        (Some(a), Some(b)) => {
            if c.in_range {
                // The range ends at a line that matches its second address
                // (or at once if that line number is already behind).
                let end = match b {
                    Addr::Line(l) => n >= *l,
                    _ => selects(b, n, ps, last),
                };
                c.in_range = !end;
                true
            } else if selects(a, n, ps, last) {
                // A line-number end at or before this line: one line only.
                c.in_range = match b {
                    Addr::Line(l) => *l > n,
                    Addr::Last => !last,
                    Addr::Re(_) => true,
                };
                true
            } else {
                false
            }
        }
    };
    hit != c.negate
}

/// `s`: the new text, if something was replaced.
fn substitute(s: &Subst, ps: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut count = 0;
    let mut replaced = false;
    let mut previous_end = None;
    while pos <= ps.len() {
        let Some((ms, me)) = s.re.find_at(ps, pos) else { break };
        if ms == me && previous_end == Some(ms) {
            // No empty match right after a match: move on one character.
            if ms == ps.len() {
                break;
            }
            out.extend_from_slice(&ps[pos..=ms]);
            pos = ms + 1;
            continue;
        }
        count += 1;
        out.extend_from_slice(&ps[pos..ms]);
        if count >= s.nth && (s.global || count == s.nth) {
            for part in &s.replacement {
                match part {
                    Part::Text(t) => out.extend_from_slice(t),
                    Part::Match => out.extend_from_slice(&ps[ms..me]),
                }
            }
            replaced = true;
        } else {
            out.extend_from_slice(&ps[ms..me]);
        }
        previous_end = Some(me);
        pos = me;
        if ms == me {
            if ms == ps.len() {
                break;
            }
            out.push(ps[ms]);
            pos = ms + 1;
        }
        if replaced && !s.global {
            break;
        }
    }
    if !replaced {
        return None;
    }
    out.extend_from_slice(&ps[pos.min(ps.len())..]);
    Some(out)
}

/// Output that knows whether the last line written lacked its '\n' (the
/// input's last line may), and adds it before anything else is written.
struct Printer {
    out: Output,
    owes_newline: bool,
}

impl Printer {
    fn line(&mut self, text: &[u8], newline: bool) {
        if self.owes_newline {
            self.out.write(b"\n");
        }
        self.out.write(text);
        if newline {
            self.out.write(b"\n");
        }
        self.owes_newline = !newline;
    }
}

fn usage() -> i32 {
    eprintln!("Usage: sed [-n] [-e SCRIPT]... [SCRIPT] [FILE]...");
    1
}

fn main(args: Args, _env: Env) -> i32 {
    let mut quiet = false;
    let mut expressions: Vec<&[u8]> = Vec::new();
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
                b'n' => quiet = true,
                b'e' => {
                    let value = if j + 1 < a.len() {
                        &a[j + 1..]
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v
                    } else {
                        eprintln!("sed: option requires an argument -- 'e'");
                        return usage();
                    };
                    expressions.push(value);
                    break;
                }
                c => {
                    eprintln!("sed: invalid option -- '{}'", c as char);
                    return usage();
                }
            }
            j += 1;
        }
    }
    if expressions.is_empty() {
        if operands.is_empty() {
            return usage();
        }
        expressions.push(operands.remove(0));
    }
    let mut cmds: Vec<Command> = Vec::new();
    let mut last_re = None;
    for (k, e) in expressions.iter().enumerate() {
        if let Err(err) = script::parse(e, &mut cmds, &mut last_re) {
            eprintln!("sed: -e expression #{}, char {}: {}", k + 1, err.at, err.message);
            return 1;
        }
    }
    if operands.is_empty() {
        operands.push(b"-");
    }

    let mut p = Printer { out: Output::stdout(), owes_newline: false };
    let mut lines =
        Lines { names: &operands, next_name: 0, input: None, ahead: None, failed: false };
    let mut n = 0u64;
    let mut quit = None;
    while let Some((line, last)) = lines.next(&mut p.out) {
        n += 1;
        let newline = line.ends_with(b"\n");
        let mut ps = line;
        if newline {
            ps.pop();
        }
        let mut deleted = false;
        for c in cmds.iter_mut() {
            if !applies(c, n, &ps, last) {
                continue;
            }
            match &c.op {
                Op::Subst(s) => {
                    if let Some(new) = substitute(s, &ps) {
                        ps = new;
                        if s.print {
                            p.line(&ps, newline);
                        }
                    }
                }
                Op::Delete => {
                    deleted = true;
                    break;
                }
                Op::Print => p.line(&ps, newline),
                Op::LineNumber => p.line(format!("{}", n).as_bytes(), true),
                Op::Quit(code) => {
                    quit = Some(*code);
                    break;
                }
            }
        }
        if !deleted && !quiet {
            p.line(&ps, newline);
        }
        if quit.is_some() {
            break;
        }
    }
    p.out.flush();
    match quit {
        Some(code) => code,
        None if lines.failed => 2,
        None => 0,
    }
}
