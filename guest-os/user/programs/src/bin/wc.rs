//! `wc [-l] [-w] [-c] [FILE]...`: counts lines, words and bytes of each FILE
//! (standard input for none or "-"), printed as GNU wc prints them:
//! lines, words, bytes in that order, right-aligned in one common width, then
//! the name; a "total" line for more than one file.
//!
//! The width follows GNU's rule: 1 when a single count of a single input is
//! printed; otherwise enough digits for the total size of the regular files,
//! and at least 7 if some input is not a regular file (a pipe, a terminal).
#![no_std]
#![no_main]
use ulib::fs::{O_RDONLY, OwnedFd};
use ulib::io::{STDIN, read};
use ulib::prelude::*;
use ulib::stat::fstat;

ulib::main!(main);

#[derive(Clone, Copy, Default)]
struct Counts {
    lines: u64,
    words: u64,
    bytes: u64,
}

/// Counts what `fd` holds, to end of file.
fn count(fd: i32) -> Result<Counts, Errno> {
    let mut c = Counts::default();
    let mut in_word = false;
    let mut buf = vec![0u8; 4096];
    loop {
        let n = match read(fd, &mut buf) {
            Ok(0) => return Ok(c),
            Ok(n) => n,
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        };
        c.bytes += n as u64;
        for &b in &buf[..n] {
            if b == b'\n' {
                c.lines += 1;
            }
            let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
            if !space && !in_word {
                c.words += 1;
            }
            in_word = !space;
        }
    }
}

struct Show {
    lines: bool,
    words: bool,
    bytes: bool,
}

fn print_line(c: &Counts, show: &Show, width: usize, name: Option<&[u8]>) {
    let mut line = String::new();
    for (on, n) in [(show.lines, c.lines), (show.words, c.words), (show.bytes, c.bytes)] {
        if on {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&format!("{:>width$}", n));
        }
    }
    match name {
        Some(name) => println!("{} {}", line, Bytes(name)),
        None => println!("{}", line),
    }
}

fn main(args: Args, _env: Env) -> i32 {
    let mut show = Show { lines: false, words: false, bytes: false };
    let mut names: Vec<&[u8]> = Vec::new();
    for arg in args.iter().skip(1) {
        if arg.len() > 1 && arg[0] == b'-' {
            for &c in &arg[1..] {
                match c {
                    b'l' => show.lines = true,
                    b'w' => show.words = true,
                    b'c' => show.bytes = true,
                    _ => {
                        eprintln!("wc: invalid option -- '{}'", c as char);
                        return 1;
                    }
                }
            }
        } else {
            names.push(arg);
        }
    }
    if !(show.lines || show.words || show.bytes) {
        show = Show { lines: true, words: true, bytes: true };
    }
    let from_stdin = names.is_empty();
    if from_stdin {
        names.push(b"-");
    }

    // Open everything first: the width depends on all inputs.
    let inputs: Vec<Result<(Option<OwnedFd>, i32), Errno>> = names
        .iter()
        .map(|&n| {
            if n == b"-" {
                Ok((None, STDIN))
            } else {
                OwnedFd::open(n, O_RDONLY, 0).map(|f| {
                    let fd = f.fd();
                    (Some(f), fd)
                })
            }
        })
        .collect();
    let single = names.len() == 1
        && [show.lines, show.words, show.bytes].iter().filter(|&&on| on).count() == 1;
    let width = if single {
        1
    } else {
        let (mut regular_total, mut minimum) = (0u64, 1);
        for (_, fd) in inputs.iter().flatten() {
            match fstat(*fd) {
                Ok(st) if st.is_file() => regular_total += st.st_size as u64,
                _ => minimum = 7,
            }
        }
        format!("{}", regular_total).len().max(minimum)
    };

    let mut status = 0;
    let mut total = Counts::default();
    for (name, input) in names.iter().zip(inputs.iter()) {
        let counts = match input {
            Ok((_, fd)) => count(*fd),
            Err(e) => Err(*e),
        };
        match counts {
            Ok(c) => {
                total.lines += c.lines;
                total.words += c.words;
                total.bytes += c.bytes;
                print_line(&c, &show, width, if from_stdin { None } else { Some(name) });
            }
            Err(e) => {
                eprintln!("wc: {}: {}", Bytes(name), e);
                status = 1;
            }
        }
    }
    if names.len() > 1 {
        print_line(&total, &show, width, Some(b"total"));
    }
    status
}
