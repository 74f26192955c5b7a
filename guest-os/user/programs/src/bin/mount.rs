//! `mount`: with no arguments, the mounted file systems (/proc/mounts) as
//! util-linux prints them ("/dev/vda on / type ext2 (rw,relatime)");
//! `mount -t TYPE SOURCE DIR` asks the kernel (mount(2)) and reports its
//! answer. Exit status 0, 32 if the mount failed (util-linux's code).
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::readfile::read_file;

ulib::main!(main);

fn main(args: Args, _env: Env) -> i32 {
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    if a.is_empty() {
        let Ok(mounts) = read_file(b"/proc/mounts") else {
            eprintln!("mount: cannot read /proc/mounts");
            return 1;
        };
        for line in mounts.split(|&c| c == b'\n').filter(|l| !l.is_empty()) {
            let f: Vec<&[u8]> = line.split(|&c| c == b' ').collect();
            if f.len() >= 4 {
                println!("{} on {} type {} ({})", Bytes(f[0]), Bytes(f[1]), Bytes(f[2]), Bytes(f[3]));
            }
        }
        return 0;
    }
    let (ty, rest) = match a.as_slice() {
        [b"-t", ty, rest @ ..] => (*ty, rest),
        rest => (&b"ext2"[..], rest),
    };
    let [src, dir] = rest else {
        eprintln!("usage: mount [-t TYPE SOURCE DIR]");
        return 1;
    };
    match ulib::disk::mount(src, dir, ty) {
        Ok(()) => 0,
        Err(Errno::EBUSY) => {
            eprintln!("mount: {}: {} already mounted or mount point busy.", Bytes(dir), Bytes(src));
            32
        }
        Err(e) => {
            eprintln!("mount: {}: {}.", Bytes(dir), e);
            32
        }
    }
}
