//! `cat [FILE]...`: copies each FILE (or standard input, for none or "-")
//! to standard output.
#![no_std]
#![no_main]
use ulib::fs::{O_RDONLY, OwnedFd};
use ulib::io::{STDIN, STDOUT, read};
use ulib::prelude::*;

ulib::main!(main);

/// Copies `fd` to standard output until end of file.
fn copy(fd: i32, buf: &mut [u8]) -> Result<(), Errno> {
    loop {
        match read(fd, buf) {
            Ok(0) => return Ok(()),
            Ok(n) => write_all(STDOUT, &buf[..n])?,
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}

fn main(args: Args, _env: Env) -> i32 {
    let mut buf = vec![0u8; 4096];
    let mut status = 0;
    let files: Vec<&[u8]> = args.iter().skip(1).collect();
    let files = if files.is_empty() { vec![&b"-"[..]] } else { files };
    for name in files {
        let result = if name == b"-" {
            copy(STDIN, &mut buf)
        } else {
            OwnedFd::open(name, O_RDONLY, 0).and_then(|f| copy(f.fd(), &mut buf))
        };
        if let Err(e) = result {
            eprintln!("cat: {}: {}", Bytes(name), e);
            status = 1;
        }
    }
    status
}
