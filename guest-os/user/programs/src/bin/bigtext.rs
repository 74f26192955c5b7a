//! `bigtext`: a program with 1.5 MiB of text it never runs. The blob is a
//! static array placed in `.text.big` (ulib/user.ld puts `.text.*` in the
//! R X text segment); main only takes its address (so the linker keeps it)
//! and calls a small function, so with demand paging almost none of it is
//! read into memory. Prints
//!
//! ```text
//! bigtext: text segment=N bytes (blob 1572864 bytes at 0x...)
//! bigtext: min_flt=M maj_flt=J (getrusage)
//! bigtext: VmRSS=R kB RssFile=F kB RssAnon=A kB
//! ```
//!
//! Expected: the faults and RssFile are a few pages, far below the
//! text segment's N / 4096 pages. The text size comes from the ELF program
//! header (PT_LOAD with PF_X) of /proc/self/exe, read after the counts.
//! (`demand` runs this and reports its fault counts from wait4.)
#![no_std]
#![no_main]
use ulib::fs::{O_RDONLY, OwnedFd};
use ulib::prelude::*;
use ulib::{io, procfs, rusage};

ulib::main!(main);

const BLOB_SIZE: usize = 1536 * 1024;

/// 1.5 MiB in the text segment, never executed nor read.
#[unsafe(link_section = ".text.big")]
static BLOB: [u8; BLOB_SIZE] = [0x13; BLOB_SIZE]; // 0x13: `nop` bytes

/// The small function main calls: the sum of the numbers up to n.
/// (The only code that runs, besides ulib's startup and printing.)
#[inline(never)]
fn small(n: u64) -> u64 {
    (1..=n).sum()
}

/// The size of the executable PT_LOAD segment (p_memsz) of the ELF at
/// `path`, from the first 4 KiB of the file (header and program headers).
fn text_size(path: &[u8]) -> Option<u64> {
    let f = OwnedFd::open(path, O_RDONLY, 0).ok()?;
    let mut h = [0u8; 4096];
    let n = io::read(f.fd(), &mut h).ok()?;
    let h = &h[..n];
    if h.get(..4)? != b"\x7fELF" {
        return None;
    }
    let u16_at = |o: usize| Some(u16::from_le_bytes(h.get(o..o + 2)?.try_into().ok()?));
    let u32_at = |o: usize| Some(u32::from_le_bytes(h.get(o..o + 4)?.try_into().ok()?));
    let u64_at = |o: usize| Some(u64::from_le_bytes(h.get(o..o + 8)?.try_into().ok()?));
    let (phoff, phentsize, phnum) = (u64_at(32)? as usize, u16_at(54)? as usize, u16_at(56)?);
    (0..phnum as usize).find_map(|i| {
        let ph = phoff + i * phentsize;
        // p_type PT_LOAD (1), p_flags PF_X (1); p_memsz at offset 40.
        (u32_at(ph)? == 1 && u32_at(ph + 4)? & 1 != 0).then(|| u64_at(ph + 40)).flatten()
    })
}

/// Prints the counts first (so reading the ELF header does not add to
/// them), then the sizes. Exit status 0, 1 if getrusage failed.
fn main(_args: Args, _env: Env) -> i32 {
    let blob = core::hint::black_box(&BLOB) as *const _ as usize;
    let sum = core::hint::black_box(small(core::hint::black_box(10)));
    let Ok(ru) = rusage::getrusage(rusage::RUSAGE_SELF) else {
        eprintln!("bigtext: getrusage failed");
        return 1;
    };
    let status = procfs::status(b"self").unwrap_or_default();
    let kb = |name: &[u8]| procfs::field_num(&status, name).unwrap_or(-1);
    let text = text_size(b"/proc/self/exe").unwrap_or(0);
    println!("bigtext: text segment={} bytes (blob {} bytes at {:#x}), small(10)={}", text, BLOB_SIZE, blob, sum);
    println!("bigtext: min_flt={} maj_flt={} (getrusage)", ru.ru_minflt, ru.ru_majflt);
    println!("bigtext: VmRSS={} kB RssFile={} kB RssAnon={} kB", kb(b"VmRSS"), kb(b"RssFile"), kb(b"RssAnon"));
    0
}
