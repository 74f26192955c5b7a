//! `echo [-n] [ARG]...`: writes the arguments, separated by spaces, and a
//! newline (none with -n). One `write` for the whole line.
#![no_std]
#![no_main]
use ulib::prelude::*;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let mut words = args.iter().skip(1).peekable();
    let newline = if words.peek() == Some(&&b"-n"[..]) {
        words.next();
        false
    } else {
        true
    };
    let mut line = Vec::new();
    for (i, w) in words.enumerate() {
        if i > 0 {
            line.push(b' ');
        }
        line.extend_from_slice(w);
    }
    if newline {
        line.push(b'\n');
    }
    match write_all(1, &line) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("echo: write error: {}", e);
            1
        }
    }
}
