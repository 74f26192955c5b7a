//! `sort [-n] [-r] [-u] [-b] [-f] [-t C] [-k POS1[,POS2]]... [FILE]...`: the
//! lines of all FILEs (standard input for none or "-") in order, as GNU
//! sort orders them in the C locale (byte by byte):
//!
//! ```text
//! -n        compare the numbers at the start of the keys (-12.5; none is 0)
//! -r        reverse the order          -u   of lines with equal keys, only the first
//! -b        ignore leading blanks      -f   fold lower case to upper case
//! -t C      fields are separated by C (default: a run of blanks starts a field)
//! -k F[.C][OPTS][,F[.C][OPTS]]   the key: from field F (character C) to the
//!           end of field F (or the end of the line); OPTS any of n r b f
//! ```
//!
//! Keys are compared in order; lines whose keys are all equal are compared
//! as whole lines, byte by byte, as a last resort (not with -u). Without
//! -t, a field includes the blanks before it (GNU's rule: use -b to skip
//! them). Every output line ends with '\n'. Exit status 2 for an error.
#![no_std]
#![no_main]
use core::cmp::Ordering;
use ulib::input::{Input, chomp};
use ulib::output::Output;
use ulib::prelude::*;

ulib::main!(main);

/// How one key compares.
#[derive(Clone, Copy, Default, PartialEq)]
struct Order {
    numeric: bool,
    reverse: bool,
    blanks: bool,
    fold: bool,
}

/// A sort key: fields (1-based) and characters (1-based; end 0 = the
/// field's end); no end field means the end of the line.
#[derive(Clone, Copy)]
struct Key {
    start_field: usize,
    start_char: usize,
    end: Option<(usize, usize)>,
    order: Order,
}

fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Where field `f` (1-based) of `line` starts (with its leading blanks
/// when there is no separator) and ends.
fn field(line: &[u8], f: usize, tab: Option<u8>) -> (usize, usize) {
    let mut start = 0;
    match tab {
        Some(t) => {
            for _ in 1..f {
                match line[start..].iter().position(|&c| c == t) {
                    Some(i) => start += i + 1,
                    None => return (line.len(), line.len()),
                }
            }
            let end = line[start..].iter().position(|&c| c == t).map_or(line.len(), |i| start + i);
            (start, end)
        }
        None => {
            let skip_field = |mut i: usize| {
                while i < line.len() && blank(line[i]) {
                    i += 1;
                }
                while i < line.len() && !blank(line[i]) {
                    i += 1;
                }
                i
            };
            for _ in 1..f {
                start = skip_field(start);
            }
            (start, skip_field(start))
        }
    }
}

/// The part of `line` that is key `k`.
fn key_text<'a>(line: &'a [u8], k: &Key, tab: Option<u8>) -> &'a [u8] {
    let skip_blanks = |mut i: usize| {
        while i < line.len() && blank(line[i]) {
            i += 1;
        }
        i
    };
    let (fs, _) = field(line, k.start_field, tab);
    let mut start = if k.order.blanks { skip_blanks(fs) } else { fs };
    start = (start + k.start_char - 1).min(line.len());
    let end = match k.end {
        None => line.len(),
        Some((f, 0)) => field(line, f, tab).1,
        Some((f, c)) => {
            let (fs, fe) = field(line, f, tab);
            let s = if k.order.blanks { skip_blanks(fs) } else { fs };
            (s + c).min(fe.max(s)).min(line.len())
        }
    };
    &line[start..end.max(start)]
}

/// The sign, integer digits (no leading zeros) and fraction digits (no
/// trailing zeros) of the number at the start of `s`, as GNU's -n reads it.
fn number(s: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut i = 0;
    while i < s.len() && blank(s[i]) {
        i += 1;
    }
    let negative = s.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    let int_start = i;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    let mut int = &s[int_start..i];
    while int.first() == Some(&b'0') {
        int = &int[1..];
    }
    let mut frac: &[u8] = &[];
    if s.get(i) == Some(&b'.') {
        let f = i + 1;
        let mut j = f;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        frac = &s[f..j];
        while frac.last() == Some(&b'0') {
            frac = &frac[..frac.len() - 1];
        }
    }
    let zero = int.is_empty() && frac.is_empty();
    (negative && !zero, int, frac)
}

/// Compares the numbers at the start of `a` and `b` without converting
/// them (so any number of digits works).
fn compare_numbers(a: &[u8], b: &[u8]) -> Ordering {
    let (na, ia, fa) = number(a);
    let (nb, ib, fb) = number(b);
    if na != nb {
        return if na { Ordering::Less } else { Ordering::Greater };
    }
    let magnitude = ia.len().cmp(&ib.len()).then(ia.cmp(ib)).then(fa.cmp(fb));
    if na { magnitude.reverse() } else { magnitude }
}

/// Compares two keys as `o` says (without its `reverse`).
fn compare_keys(a: &[u8], b: &[u8], o: &Order) -> Ordering {
    if o.numeric {
        compare_numbers(a, b)
    } else if o.fold {
        a.iter().map(u8::to_ascii_uppercase).cmp(b.iter().map(u8::to_ascii_uppercase))
    } else {
        a.cmp(b)
    }
}

/// The whole configuration.
struct Sort {
    keys: Vec<Key>,
    tab: Option<u8>,
    unique: bool,
    reverse: bool,
}

impl Sort {
    /// Compares two lines by their keys only.
    fn by_keys(&self, a: &[u8], b: &[u8]) -> Ordering {
        for k in &self.keys {
            let o = compare_keys(key_text(a, k, self.tab), key_text(b, k, self.tab), &k.order);
            let o = if k.order.reverse { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }

    /// The full order: keys, then (unless -u) the whole line as a last resort.
    fn compare(&self, a: &[u8], b: &[u8]) -> Ordering {
        let o = self.by_keys(a, b);
        if o != Ordering::Equal || self.unique {
            return o;
        }
        if self.reverse { b.cmp(a) } else { a.cmp(b) }
    }
}

/// Parses "F[.C][OPTS]" of -k; `end` allows C = 0 (the field's end).
fn parse_pos(s: &[u8], end: bool, order: &mut Order) -> Option<(usize, usize)> {
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(s);
    let f: usize = core::str::from_utf8(&s[..n]).ok()?.parse().ok()?;
    let mut rest = &s[n..];
    let mut c = if end { 0 } else { 1 };
    if let Some(r) = rest.strip_prefix(b".") {
        let m = digits(r);
        c = core::str::from_utf8(&r[..m]).ok()?.parse().ok()?;
        rest = &r[m..];
    }
    if f == 0 || (!end && c == 0) {
        return None;
    }
    for &o in rest {
        match o {
            b'n' => order.numeric = true,
            b'r' => order.reverse = true,
            b'b' => order.blanks = true,
            b'f' => order.fold = true,
            _ => return None,
        }
    }
    Some((f, c))
}

/// Parses the argument of -k.
fn parse_key(s: &[u8]) -> Option<Key> {
    let mut order = Order::default();
    let (start, end) = match s.iter().position(|&c| c == b',') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (start_field, start_char) = parse_pos(start, false, &mut order)?;
    let end = match end {
        Some(e) => Some(parse_pos(e, true, &mut order)?),
        None => None,
    };
    Some(Key { start_field, start_char, end, order })
}

fn main(args: Args, _env: Env) -> i32 {
    let mut global = Order::default();
    let mut keys: Vec<Key> = Vec::new();
    let mut tab = None;
    let mut unique = false;
    let mut names: Vec<&[u8]> = Vec::new();
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
        let mut j = 1;
        while j < a.len() {
            match a[j] {
                c @ (b'k' | b't') => {
                    let value = if j + 1 < a.len() {
                        &a[j + 1..]
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v
                    } else {
                        eprintln!("sort: option requires an argument -- '{}'", c as char);
                        return 2;
                    };
                    if c == b'k' {
                        match parse_key(value) {
                            Some(k) => keys.push(k),
                            None => {
                                eprintln!("sort: invalid key specification '{}'", Bytes(value));
                                return 2;
                            }
                        }
                    } else if value.len() != 1 {
                        eprintln!("sort: multi-character tab '{}'", Bytes(value));
                        return 2;
                    } else {
                        tab = Some(value[0]);
                    }
                    break;
                }
                b'n' => global.numeric = true,
                b'r' => global.reverse = true,
                b'b' => global.blanks = true,
                b'f' => global.fold = true,
                b'u' => unique = true,
                c => {
                    eprintln!("sort: invalid option -- '{}'", c as char);
                    return 2;
                }
            }
            j += 1;
        }
    }
    // Keys without options of their own take the global ones; no key at all
    // means the whole line.
    for k in keys.iter_mut() {
        if k.order == Order::default() {
            k.order = global;
        }
    }
    if keys.is_empty() {
        keys.push(Key { start_field: 1, start_char: 1, end: None, order: global });
    }
    if names.is_empty() {
        names.push(b"-");
    }

    let mut data = Vec::new();
    for name in &names {
        let r = Input::open(name).and_then(|mut f| f.read_all());
        match r {
            Ok(d) => {
                data.extend_from_slice(&d);
                if !data.is_empty() && !data.ends_with(b"\n") {
                    data.push(b'\n');
                }
            }
            Err(e) => {
                eprintln!("sort: cannot read: {}: {}", Bytes(name), e);
                return 2;
            }
        }
    }
    let mut lines: Vec<&[u8]> = data.split_inclusive(|&c| c == b'\n').map(chomp).collect();
    let sort = Sort { keys, tab, unique, reverse: global.reverse };
    lines.sort_by(|a, b| sort.compare(a, b)); // stable: equal lines keep their order
    if unique {
        lines.dedup_by(|later, first| sort.by_keys(first, later) == Ordering::Equal);
    }
    let mut out = Output::stdout();
    for l in lines {
        out.write(l);
        out.write(b"\n");
    }
    0
}
