//! `memtest`: mmaps 1 MiB (anonymous, private, read-write), checks it is
//! zero-filled, writes a pattern to every page and reads it back, munmaps
//! it (the tail half first, then the rest), checks writev and readv
//! through a pipe, and prints `memtest: ok` with
//! writev. Exit status 1 and a message on stderr on any failure.
#![no_std]
#![no_main]
use ulib::io::{self, STDOUT};
use ulib::mem;
use ulib::prelude::*;

ulib::main!(main);

const LEN: usize = 1 << 20;
const PAGE: usize = 4096;

fn fail(what: &str) -> i32 {
    eprintln!("memtest: {}", what);
    1
}

fn main(_args: Args, _env: Env) -> i32 {
    let Ok(base) = mem::mmap_anonymous(LEN) else { return fail("mmap failed") };
    if base % PAGE != 0 {
        return fail("mmap: address not page-aligned");
    }
    // SAFETY: [base, base + LEN) is our fresh read-write mapping.
    let bytes = unsafe { core::slice::from_raw_parts_mut(base as *mut u8, LEN) };
    if bytes.iter().any(|&b| b != 0) {
        return fail("mmap: memory not zero-filled");
    }
    for (i, page) in bytes.chunks_mut(PAGE).enumerate() {
        for (j, b) in page.iter_mut().enumerate() {
            *b = (i * 7 + j) as u8;
        }
    }
    for (i, page) in bytes.chunks(PAGE).enumerate() {
        if page.iter().enumerate().any(|(j, &b)| b != (i * 7 + j) as u8) {
            return fail("page contents differ from what was written");
        }
    }
    // Bad arguments are refused.
    // SAFETY: these calls fail without touching anything.
    if unsafe { mem::munmap(base + 1, PAGE) }.is_ok() || unsafe { mem::munmap(base, 0) }.is_ok() {
        return fail("munmap accepted bad arguments");
    }
    // SAFETY: nothing uses the mapping any more.
    if unsafe { mem::munmap(base + LEN / 2, LEN / 2) }.is_err()
        || unsafe { mem::munmap(base, LEN / 2) }.is_err()
    {
        return fail("munmap failed");
    }
    // A hole in the middle of a region splits it; the rest keeps its data,
    // and one munmap over the hole removes both pieces.
    let Ok(r4) = mem::mmap_anonymous(4 * PAGE) else { return fail("mmap 4 pages failed") };
    for i in 0..4 {
        // SAFETY: page i of the fresh mapping.
        unsafe { ((r4 + i * PAGE) as *mut u64).write(i as u64 + 1) };
    }
    // SAFETY: page 1 is not used after this.
    if unsafe { mem::munmap(r4 + PAGE, PAGE) }.is_err() {
        return fail("munmap of a middle page failed");
    }
    for i in [0, 2, 3] {
        // SAFETY: pages 0, 2 and 3 are still mapped.
        if unsafe { ((r4 + i * PAGE) as *const u64).read() } != i as u64 + 1 {
            return fail("a page lost its data when its neighbour was unmapped");
        }
    }
    // SAFETY: nothing uses the region any more.
    if unsafe { mem::munmap(r4, 4 * PAGE) }.is_err() {
        return fail("munmap over a hole failed");
    }
    // Bad mmap arguments (no length; neither MAP_PRIVATE nor MAP_SHARED): EINVAL; more than RAM: ENOMEM.
    use ulib::errno::Errno;
    // SAFETY: none of these calls can succeed, so nothing is mapped.
    let (zero, notype, huge) = unsafe {
        (
            mem::mmap(
                0,
                0,
                mem::PROT_READ | mem::PROT_WRITE,
                mem::MAP_PRIVATE | mem::MAP_ANONYMOUS,
                -1,
                0,
            ),
            mem::mmap(0, PAGE, mem::PROT_READ | mem::PROT_WRITE, mem::MAP_ANONYMOUS, -1, 0),
            mem::mmap(
                0,
                1 << 36,
                mem::PROT_READ | mem::PROT_WRITE,
                mem::MAP_PRIVATE | mem::MAP_ANONYMOUS,
                -1,
                0,
            ),
        )
    };
    if zero != Err(Errno::EINVAL) || notype != Err(Errno::EINVAL) || huge != Err(Errno::ENOMEM) {
        return fail("mmap: wrong errors for bad arguments");
    }
    // writev with an unreadable iovec array: EFAULT.
    // SAFETY: the kernel only reads (and rejects) the bad pointer.
    let bad = unsafe { ulib::syscall::syscall3(ulib::syscall::nr::WRITEV, 1, 8, 1) };
    if bad != -14 {
        return fail("writev(bad iovec) did not give EFAULT");
    }
    // readv through a pipe: the bytes are spread over the buffers in order,
    // and a short read stops at what the pipe holds.
    let Ok((r, w)) = ulib::fs::pipe() else { return fail("pipe failed") };
    if io::writev(w, &[b"hello", b" ", b"world"]) != Ok(11) {
        return fail("writev to a pipe did not write 11 bytes");
    }
    let (mut a, mut b, mut c) = ([0u8; 4], [0u8; 3], [0u8; 16]);
    let got = io::readv(r, &mut [&mut a, &mut b, &mut c]);
    if got != Ok(11) || &a != b"hell" || &b != b"o w" || &c[..4] != b"orld" {
        return fail("readv from a pipe");
    }
    match io::writev(STDOUT, &[b"memtest", b": ", b"ok\n"]) {
        Ok(12) => 0,
        _ => fail("writev did not write 12 bytes"),
    }
}
