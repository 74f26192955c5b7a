//! Basic regular expressions: the subset of POSIX BREs that `grep` and
//! `sed` understand, and a small backtracking matcher for it.
//!
//! ```text
//! c        a character matches itself
//! .        any character
//! [abc]    one of a, b, c; ranges [a-z], classes [[:digit:]] (alpha digit alnum
//! [^abc]   upper lower space blank punct print graph cntrl xdigit); not one of
//! X*       zero or more X (X: one of the above); `*` first in the RE is literal
//! ^  $     start and end of the line, when first and last in the RE (else literal)
//! \c       c itself (\. \* \[ \^ \$ \\ \/ ...); \n newline, \t tab (as GNU sed)
//! ```
//!
//! Not supported (an error, not a silent surprise): groups `\( \)`, back
//! references `\1`, intervals `\{ \}`, GNU's `\+ \? \| \< \> \b \w \s`.
//! Bytes are characters (the C locale): `.` matches one byte.
//!
//! Matching is POSIX's leftmost-longest: the match that starts first and,
//! among those, ends last. The matcher backtracks through the pieces of the
//! pattern (a starred piece tries "one more" and "stop here"), and records
//! every (piece, position) state it has visited, so no state is explored
//! twice: at most pieces x (length + 1) steps per start position, however
//! many stars there are.

use alloc_crate::boxed::Box;
use alloc_crate::vec;
use alloc_crate::vec::Vec;
use core::fmt;

/// What one piece of the pattern matches: one character.
#[derive(Clone)]
enum Atom {
    /// A byte (already lower-cased when the regex ignores case).
    Byte(u8),
    /// `.`
    Any,
    /// A bracket expression, as the set of bytes it matches.
    Set(Box<[bool; 256]>),
}

/// An atom, possibly starred.
#[derive(Clone)]
struct Piece {
    atom: Atom,
    star: bool,
}

/// A compiled regular expression.
#[derive(Clone)]
pub struct Regex {
    pieces: Vec<Piece>,
    /// `^`: matches only at the start of the text.
    at_start: bool,
    /// `$`: matches only at the end of the text.
    at_end: bool,
    /// Compare ASCII letters without case (grep -i).
    icase: bool,
}

/// Why a pattern was refused (the messages are GNU's where it has one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A `\` at the very end.
    TrailingBackslash,
    /// `[` without its `]`.
    UnmatchedBracket,
    /// `[[:name:]]` with an unknown name.
    BadClass,
    /// A range whose end comes before its start, `[z-a]`.
    BadRange,
    /// An escape this subset does not have, e.g. `\(`.
    Unsupported(u8),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TrailingBackslash => f.write_str("Trailing backslash"),
            Error::UnmatchedBracket => f.write_str("Unmatched [, [^, [:, [., or [="),
            Error::BadClass => f.write_str("Invalid character class name"),
            Error::BadRange => f.write_str("Invalid range end"),
            Error::Unsupported(c) => {
                write!(f, "\\{} is not supported (only ^ $ . * [...] and \\ escapes)", *c as char)
            }
        }
    }
}

/// Is `b` in the POSIX class `name` (C locale)?
fn in_class(name: &[u8], b: u8) -> Option<bool> {
    Some(match name {
        b"alpha" => b.is_ascii_alphabetic(),
        b"digit" => b.is_ascii_digit(),
        b"alnum" => b.is_ascii_alphanumeric(),
        b"upper" => b.is_ascii_uppercase(),
        b"lower" => b.is_ascii_lowercase(),
        b"space" => matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
        b"blank" => b == b' ' || b == b'\t',
        b"punct" => b.is_ascii_punctuation(),
        b"print" => (0x20..0x7f).contains(&b),
        b"graph" => b.is_ascii_graphic(),
        b"cntrl" => b.is_ascii_control(),
        b"xdigit" => b.is_ascii_hexdigit(),
        _ => return None,
    })
}

/// The byte an escape `\c` stands for, or an error for the escapes of
/// full BREs and GNU that this subset does not implement.
fn escaped(c: u8) -> Result<u8, Error> {
    match c {
        b'n' => Ok(b'\n'),
        b't' => Ok(b'\t'),
        b'('
        | b')'
        | b'{'
        | b'}'
        | b'|'
        | b'+'
        | b'?'
        | b'<'
        | b'>'
        | b'b'
        | b'B'
        | b'w'
        | b'W'
        | b's'
        | b'S'
        | b'`'
        | b'\''
        | b'1'..=b'9' => Err(Error::Unsupported(c)),
        _ => Ok(c),
    }
}

/// Parses a bracket expression; `p[i]` is just after the `[`. Returns the
/// set and the index after the closing `]`.
fn bracket(p: &[u8], mut i: usize) -> Result<([bool; 256], usize), Error> {
    let mut set = [false; 256];
    let negated = p.get(i) == Some(&b'^');
    if negated {
        i += 1;
    }
    let mut first = true;
    loop {
        let Some(&c) = p.get(i) else { return Err(Error::UnmatchedBracket) };
        if c == b']' && !first {
            i += 1;
            break;
        }
        first = false;
        if c == b'[' && matches!(p.get(i + 1), Some(b':' | b'.' | b'=')) {
            let kind = p[i + 1];
            let start = i + 2;
            let end = (start..p.len().saturating_sub(1))
                .find(|&j| p[j] == kind && p[j + 1] == b']')
                .ok_or(Error::UnmatchedBracket)?;
            if kind != b':' {
                return Err(Error::Unsupported(kind)); // [.x.] and [=x=]
            }
            let name = &p[start..end];
            in_class(name, b'a').ok_or(Error::BadClass)?;
            for b in 0..=255u8 {
                if in_class(name, b) == Some(true) {
                    set[b as usize] = true;
                }
            }
            i = end + 2;
            continue;
        }
        // A range c-e, unless the '-' is the last thing before ']'.
        if p.get(i + 1) == Some(&b'-') && p.get(i + 2).is_some_and(|&e| e != b']') {
            let e = p[i + 2];
            if e < c {
                return Err(Error::BadRange);
            }
            for b in c..=e {
                set[b as usize] = true;
            }
            i += 3;
            continue;
        }
        set[c as usize] = true;
        i += 1;
    }
    if negated {
        for v in set.iter_mut() {
            *v = !*v;
        }
        set[b'\n' as usize] = false; // as GNU: [^a] never matches a newline
    }
    Ok((set, i))
}

impl Regex {
    /// Compiles `pattern`; with `icase`, letters match either case.
    pub fn new(pattern: &[u8], icase: bool) -> Result<Regex, Error> {
        let mut pieces: Vec<Piece> = Vec::new();
        let mut p = pattern;
        let at_start = p.first() == Some(&b'^');
        if at_start {
            p = &p[1..];
        }
        // `$` is an anchor only as the last character (and not escaped).
        let mut at_end = false;
        if p.last() == Some(&b'$') {
            let backslashes = p[..p.len() - 1].iter().rev().take_while(|&&c| c == b'\\').count();
            if backslashes % 2 == 0 {
                at_end = true;
                p = &p[..p.len() - 1];
            }
        }
        let mut i = 0;
        while i < p.len() {
            let c = p[i];
            let atom = match c {
                b'*' if !pieces.is_empty() => {
                    pieces.last_mut().unwrap().star = true; // `a**` is `a*`
                    i += 1;
                    continue;
                }
                b'.' => Atom::Any,
                b'[' => {
                    let (mut set, next) = bracket(p, i + 1)?;
                    if icase {
                        for b in b'a'..=b'z' {
                            let either = set[b as usize] || set[b.to_ascii_uppercase() as usize];
                            set[b as usize] = either;
                            set[b.to_ascii_uppercase() as usize] = either;
                        }
                    }
                    i = next;
                    pieces.push(Piece { atom: Atom::Set(Box::new(set)), star: false });
                    continue;
                }
                b'\\' => {
                    let Some(&e) = p.get(i + 1) else { return Err(Error::TrailingBackslash) };
                    i += 1;
                    Atom::Byte(escaped(e)?)
                }
                _ => Atom::Byte(c),
            };
            let atom = match atom {
                Atom::Byte(b) if icase => Atom::Byte(b.to_ascii_lowercase()),
                a => a,
            };
            pieces.push(Piece { atom, star: false });
            i += 1;
        }
        Ok(Regex { pieces, at_start, at_end, icase })
    }

    /// Does piece `pi`'s atom match byte `b`?
    fn atom_matches(&self, pi: usize, b: u8) -> bool {
        match &self.pieces[pi].atom {
            Atom::Byte(c) => *c == if self.icase { b.to_ascii_lowercase() } else { b },
            Atom::Any => b != b'\n',
            Atom::Set(set) => set[b as usize],
        }
    }

    /// Reports every end of a match that starts at `start` in `text` to
    /// `stop` (a match `start..e` for each `e`); returns true as soon as
    /// `stop` does.
    fn ends_from(
        &self,
        text: &[u8],
        start: usize,
        seen: &mut Seen,
        stop: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let n = text.len();
        seen.next_round((self.pieces.len() + 1) * (n + 1));
        // Depth first, explicit stack: "one more" is pushed last so that it
        // is tried first (greedy), but every state is visited once anyway.
        let mut stack = vec![(0usize, start)];
        while let Some((pi, ti)) = stack.pop() {
            if !seen.first_visit(pi * (n + 1) + ti) {
                continue;
            }
            if pi == self.pieces.len() {
                if (!self.at_end || ti == n) && stop(ti) {
                    return true;
                }
                continue;
            }
            let here = ti < n && self.atom_matches(pi, text[ti]);
            if self.pieces[pi].star {
                stack.push((pi + 1, ti));
                if here {
                    stack.push((pi, ti + 1));
                }
            } else if here {
                stack.push((pi + 1, ti + 1));
            }
        }
        false
    }

    /// The start positions worth trying from `from` on.
    fn starts<'a>(&'a self, text: &'a [u8], from: usize) -> impl Iterator<Item = usize> + 'a {
        let range =
            if self.at_start { if from == 0 { 0..1 } else { 0..0 } } else { from..text.len() + 1 };
        // A pattern that starts with a plain character can only match where
        // that character is.
        let first = match self.pieces.first() {
            Some(Piece { atom: Atom::Byte(_), star: false }) => true,
            _ => false,
        };
        range.filter(move |&s| !first || (s < text.len() && self.atom_matches(0, text[s])))
    }

    /// The leftmost-longest match at or after `from`: (start, end).
    pub fn find_at(&self, text: &[u8], from: usize) -> Option<(usize, usize)> {
        let mut seen = Seen::default();
        for s in self.starts(text, from) {
            let mut longest = None;
            self.ends_from(text, s, &mut seen, &mut |e| {
                longest = Some(longest.map_or(e, |l: usize| l.max(e)));
                false
            });
            if let Some(e) = longest {
                return Some((s, e));
            }
        }
        None
    }

    /// Is there a match anywhere in `text`?
    pub fn is_match(&self, text: &[u8]) -> bool {
        let mut seen = Seen::default();
        self.starts(text, 0).any(|s| self.ends_from(text, s, &mut seen, &mut |_| true))
    }

    /// The first match that `accept(start, end)` takes, trying starts from
    /// left to right and, at each, ends from the longest down (how grep -w
    /// looks for a match that is a whole word).
    pub fn find_accepted(
        &self,
        text: &[u8],
        accept: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let mut seen = Seen::default();
        for s in self.starts(text, 0) {
            let mut ends = Vec::new();
            self.ends_from(text, s, &mut seen, &mut |e| {
                ends.push(e);
                false
            });
            ends.sort_unstable_by(|a, b| b.cmp(a));
            if let Some(&e) = ends.iter().find(|&&e| accept(s, e)) {
                return Some((s, e));
            }
        }
        None
    }
}

/// The states (piece, position) visited from the current start position:
/// a stamp per state, so that starting again costs nothing.
#[derive(Default)]
struct Seen {
    stamps: Vec<u32>,
    round: u32,
}

impl Seen {
    /// Forgets every visit; makes room for `states` states.
    fn next_round(&mut self, states: usize) {
        if self.stamps.len() < states || self.round == u32::MAX {
            self.stamps.clear();
            self.stamps.resize(states, 0);
            self.round = 0;
        }
        self.round += 1;
    }

    /// Marks `state` visited; false if it already was in this round.
    fn first_visit(&mut self, state: usize) -> bool {
        let fresh = self.stamps[state] != self.round;
        self.stamps[state] = self.round;
        fresh
    }
}
