//! The script language: commands with up to two addresses, parsed from the
//! text of one `-e` expression (or the script operand).
//!
//! ```text
//! script   = command { (';' | newline) command }
//! command  = [address [',' address]] ['!'] letter arguments
//! address  = N | '$' | /RE/[I] | \cREc[I]
//! s/RE/REPLACEMENT/FLAGS    FLAGS: g, p, N (the Nth match), I (ignore case)
//! d  p  =  q [EXIT]
//! ```
//!
//! In REPLACEMENT, `&` is the matched text, `\&` a literal &, `\n` a
//! newline; `\D` (the delimiter) is the delimiter itself. Errors carry the
//! position GNU sed reports ("char N": how far it had read).

use ulib::prelude::*;
use ulib::regex::Regex;

/// Which lines an address selects.
pub enum Addr {
    Line(u64),
    Last,
    Re(Regex),
}

/// A piece of a replacement.
pub enum Part {
    Text(Vec<u8>),
    Match,
}

/// `s/RE/REPLACEMENT/FLAGS`.
pub struct Subst {
    pub re: Regex,
    pub replacement: Vec<Part>,
    pub global: bool,
    pub print: bool,
    pub nth: usize,
}

/// What a command does.
pub enum Op {
    Subst(Subst),
    Delete,
    Print,
    LineNumber,
    Quit(i32),
}

/// A command, its addresses, and the state of its range.
pub struct Command {
    pub first: Option<Addr>,
    pub last: Option<Addr>,
    pub negate: bool,
    pub op: Op,
    /// Inside the range first,last (after a line that matched `first`).
    pub in_range: bool,
}

/// A parse error: the message and how many characters had been read.
pub struct ScriptError {
    pub at: usize,
    pub message: String,
}

fn error<T>(at: usize, message: &str) -> Result<T, ScriptError> {
    Err(ScriptError { at, message: message.to_string() })
}

/// Characters that mean something in a regular expression: a delimiter
/// that is one of them stays escaped when `\D` makes it literal.
fn special(c: u8) -> bool {
    matches!(c, b'.' | b'*' | b'[' | b']' | b'^' | b'$' | b'\\')
}

/// A cursor over the script text.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    /// The last regular expression, for an empty one (`s//X/`).
    last_re: Option<Regex>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Reads up to the unescaped delimiter `d` (consumed); `\d` becomes
    /// `d` (kept escaped in a regex if `d` is special there), `\n` a
    /// newline when `regex` is false. None at the end of the text.
    fn delimited(&mut self, d: u8, regex: bool) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            if c == d {
                return Some(out);
            }
            if c == b'\\' {
                let e = self.peek()?;
                self.i += 1;
                if e == d {
                    if regex && special(d) {
                        out.push(b'\\');
                    }
                    out.push(d);
                } else {
                    out.push(b'\\');
                    out.push(e);
                }
                continue;
            }
            if c == b'\n' && !regex {
                return None;
            }
            out.push(c);
        }
    }

    /// Compiles `re`, or takes the previous one if it is empty.
    fn regex(&mut self, re: &[u8], icase: bool) -> Result<Regex, ScriptError> {
        if re.is_empty() {
            return match &self.last_re {
                Some(r) => Ok(r.clone()),
                None => error(0, "no previous regular expression"), // GNU: "char 0"
            };
        }
        match Regex::new(re, icase) {
            Ok(r) => {
                self.last_re = Some(r.clone());
                Ok(r)
            }
            Err(e) => error(self.i, &format!("{}", e)),
        }
    }

    /// An address, if one starts here.
    fn address(&mut self) -> Result<Option<Addr>, ScriptError> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let n = core::str::from_utf8(&self.s[start..self.i])
                    .unwrap()
                    .parse()
                    .unwrap_or(u64::MAX);
                if n == 0 {
                    return error(self.i + 1, "invalid usage of line address 0");
                }
                Ok(Some(Addr::Line(n)))
            }
            Some(b'$') => {
                self.i += 1;
                Ok(Some(Addr::Last))
            }
            Some(c @ (b'/' | b'\\')) => {
                self.i += 1;
                let d = if c == b'\\' {
                    let d = self
                        .peek()
                        .ok_or(ScriptError { at: self.i, message: "unexpected `,'".into() })?;
                    self.i += 1;
                    d
                } else {
                    b'/'
                };
                let Some(re) = self.delimited(d, true) else {
                    return error(self.s.len(), "unterminated address regex");
                };
                let icase = self.peek() == Some(b'I');
                if icase {
                    self.i += 1;
                }
                Ok(Some(Addr::Re(self.regex(&re, icase)?)))
            }
            _ => Ok(None),
        }
    }

    /// The replacement of an s command, split at `&`.
    fn replacement(raw: &[u8], at: usize) -> Result<Vec<Part>, ScriptError> {
        let mut parts = Vec::new();
        let mut text = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'&' => {
                    if !text.is_empty() {
                        parts.push(Part::Text(core::mem::take(&mut text)));
                    }
                    parts.push(Part::Match);
                }
                b'\\' if i + 1 < raw.len() => {
                    i += 1;
                    match raw[i] {
                        b'n' => text.push(b'\n'),
                        b't' => text.push(b'\t'),
                        d @ b'1'..=b'9' => {
                            let m =
                                format!("invalid reference \\{} on `s' command's RHS", d as char);
                            return error(at, &m);
                        }
                        c => text.push(c),
                    }
                }
                c => text.push(c),
            }
            i += 1;
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(parts)
    }

    /// `s` after the letter: /RE/REPLACEMENT/FLAGS.
    fn subst(&mut self) -> Result<Op, ScriptError> {
        let d = match self.peek() {
            Some(d) if d != b'\n' && d != b'\\' => d,
            _ => return error(self.i, "unterminated `s' command"),
        };
        self.i += 1;
        let Some(re) = self.delimited(d, true) else {
            return error(self.s.len(), "unterminated `s' command");
        };
        let Some(raw) = self.delimited(d, false) else {
            return error(self.s.len(), "unterminated `s' command");
        };
        let replacement = Self::replacement(&raw, self.i)?;
        let (mut global, mut print, mut nth, mut icase) = (false, false, 1, false);
        loop {
            match self.peek() {
                Some(b'g') => global = true,
                Some(b'p') => print = true,
                Some(b'I' | b'i') => icase = true,
                Some(c) if c.is_ascii_digit() => {
                    let start = self.i;
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.i += 1;
                    }
                    nth =
                        core::str::from_utf8(&self.s[start..self.i]).unwrap().parse().unwrap_or(0);
                    if nth == 0 {
                        return error(self.i, "number option to `s' command may not be zero");
                    }
                    continue;
                }
                None | Some(b';' | b'\n' | b' ' | b'\t' | b'}' | b'#') => break,
                Some(_) => return error(self.i + 1, "unknown option to `s'"),
            }
            self.i += 1;
        }
        let re = self.regex(&re, icase)?;
        Ok(Op::Subst(Subst { re, replacement, global, print, nth }))
    }

    /// After a command: blanks, then the end of the command.
    fn end_of_command(&mut self) -> Result<(), ScriptError> {
        self.skip_blanks();
        match self.peek() {
            None | Some(b';' | b'\n') => Ok(()),
            Some(_) => error(self.i + 1, "extra characters after command"),
        }
    }

    /// One command, or None at the end of the script.
    fn command(&mut self) -> Result<Option<Command>, ScriptError> {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b';')) {
            self.i += 1;
        }
        if self.peek().is_none() {
            return Ok(None);
        }
        let first = self.address()?;
        let mut last = None;
        if first.is_some() && self.peek() == Some(b',') {
            self.i += 1;
            self.skip_blanks();
            last = self.address()?;
            if last.is_none() {
                return error(self.i, "unexpected `,'");
            }
        }
        self.skip_blanks();
        let negate = self.peek() == Some(b'!');
        if negate {
            self.i += 1;
            self.skip_blanks();
        }
        let Some(letter) = self.peek() else { return error(self.i, "missing command") };
        self.i += 1;
        let op = match letter {
            b's' => self.subst()?,
            b'd' => Op::Delete,
            b'p' => Op::Print,
            b'=' => Op::LineNumber,
            b'q' => {
                self.skip_blanks();
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let code =
                    core::str::from_utf8(&self.s[start..self.i]).unwrap().parse().unwrap_or(0);
                if last.is_some() {
                    return error(self.i, "command only uses one address");
                }
                Op::Quit(code)
            }
            b'\n' | b';' => return error(self.i - 1, "missing command"),
            c => return error(self.i, &format!("unknown command: `{}'", c as char)),
        };
        self.end_of_command()?;
        Ok(Some(Command { first, last, negate, op, in_range: false }))
    }
}

/// Parses one expression, appending its commands to `cmds`. `last_re` is
/// the previous expressions' last regex (for an empty one) and is updated.
pub fn parse(
    text: &[u8],
    cmds: &mut Vec<Command>,
    last_re: &mut Option<Regex>,
) -> Result<(), ScriptError> {
    let mut p = Parser { s: text, i: 0, last_re: last_re.take() };
    let r = (|| {
        while let Some(c) = p.command()? {
            cmds.push(c);
        }
        Ok(())
    })();
    *last_re = p.last_re.take();
    r
}
