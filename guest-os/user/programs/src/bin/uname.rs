//! `uname [-asnrvm]`: prints system information from uname(2): -s kernel
//! name (the default), -n node name, -r release, -v version, -m machine,
//! -a all of them, in that order.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::system::{field, uname};

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    // s, n, r, v, m
    let mut want = [false; 5];
    for arg in args.iter().skip(1) {
        if arg.len() < 2 || arg[0] != b'-' {
            eprintln!("uname: extra operand '{}'", Bytes(arg));
            return 1;
        }
        for &c in &arg[1..] {
            match c {
                b'a' => want = [true; 5],
                b's' => want[0] = true,
                b'n' => want[1] = true,
                b'r' => want[2] = true,
                b'v' => want[3] = true,
                b'm' => want[4] = true,
                _ => {
                    eprintln!("uname: invalid option -- '{}'", c as char);
                    return 1;
                }
            }
        }
    }
    if !want.contains(&true) {
        want[0] = true;
    }
    let u = match uname() {
        Ok(u) => u,
        Err(e) => {
            eprintln!("uname: cannot get system name: {}", e);
            return 1;
        }
    };
    let fields = [&u.sysname, &u.nodename, &u.release, &u.version, &u.machine];
    let mut line = Vec::new();
    for (on, f) in want.iter().zip(fields) {
        if *on {
            if !line.is_empty() {
                line.push(b' ');
            }
            line.extend_from_slice(field(f));
        }
    }
    line.push(b'\n');
    if write_all(1, &line).is_err() { 1 } else { 0 }
}
