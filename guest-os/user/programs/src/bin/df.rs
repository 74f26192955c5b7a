//! `df`: space on the mounted file systems (those of /proc/mounts with
//! blocks, as coreutils' df skips pseudo file systems), in 1K blocks:
//!
//! ```text
//! Filesystem     1K-blocks  Used Available Use% Mounted on
//! /dev/vda            8192  3474      4718  43% /
//! ```
//!
//! Use% is used / (used + available), rounded up (coreutils). `df -i`
//! shows inodes instead. Exit status 1 if /proc/mounts is unreadable.
#![no_std]
#![no_main]
use ulib::disk::statfs;
use ulib::prelude::*;
use ulib::readfile::read_file;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let inodes = args.iter().skip(1).any(|a| a == b"-i");
    let Ok(mounts) = read_file(b"/proc/mounts") else {
        eprintln!("df: cannot read /proc/mounts");
        return 1;
    };
    let mut rows = Vec::new();
    for line in mounts.split(|&c| c == b'\n').filter(|l| !l.is_empty()) {
        let mut f = line.split(|&c| c == b' ');
        let (Some(dev), Some(dir)) = (f.next(), f.next()) else { continue };
        let Ok(s) = statfs(dir) else { continue };
        if s.blocks == 0 {
            continue;
        }
        let (total, free, avail) = if inodes {
            (s.files, s.ffree, s.ffree)
        } else {
            let k = |n: u64| n * s.bsize / 1024;
            (k(s.blocks), k(s.bfree), k(s.bavail))
        };
        let used = total - free;
        let pct = if used + avail == 0 { 0 } else { (used * 100).div_ceil(used + avail) };
        rows.push((String::from_utf8_lossy(dev).into_owned(), total, used, avail, pct, dir));
    }
    if inodes {
        println!("Filesystem       Inodes  IUsed   IFree IUse% Mounted on");
        for (dev, total, used, avail, pct, dir) in &rows {
            println!("{:<14} {:>8} {:>6} {:>7} {:>4}% {}", dev, total, used, avail, pct, Bytes(dir));
        }
    } else {
        println!("Filesystem     1K-blocks  Used Available Use% Mounted on");
        for (dev, total, used, avail, pct, dir) in &rows {
            println!("{:<14} {:>9} {:>5} {:>9} {:>3}% {}", dev, total, used, avail, pct, Bytes(dir));
        }
    }
    0
}
