//! `free [-b|-k|-m|-g|-h]`: memory in use, from /proc/meminfo, laid out as
//! procps-ng 4's free:
//!
//! ```text
//!                total        used        free      shared  buff/cache   available
//! Mem:        24684096     1206912    21381004        8788     2416196    23477184
//! Swap:              0           0           0
//! ```
//!
//! Formulas (procps-ng 4.0.2, checked against its output on Linux):
//! total = MemTotal; free = MemFree; shared = Shmem;
//! buff/cache = Buffers + Cached + SReclaimable; available = MemAvailable
//! (MemFree + buff/cache when the kernel has no MemAvailable);
//! used = total - available (procps-ng 4 no longer uses
//! total - free - buff/cache); Swap: SwapTotal, SwapTotal - SwapFree, SwapFree.
//! Units: KiB by default (-k), bytes (-b), MiB (-m), GiB (-g), or -h
//! (human: B, Ki, Mi, Gi, Ti). Exit status 1 if /proc/meminfo is unreadable.
#![no_std]
#![no_main]
use ulib::prelude::*;
use ulib::procfs;

ulib::main!(main);

/// How to print a number of KiB.
#[derive(Clone, Copy)]
enum Unit {
    Shift(u32), // KiB value << 10 >> shift: 0 bytes, 10 KiB, 20 MiB, 30 GiB
    Human,
}

/// `kib` in `unit`, as free prints it (truncated, as procps does).
fn scale(kib: u64, unit: Unit) -> String {
    match unit {
        Unit::Shift(s) => format!("{}", (kib << 10) >> s),
        Unit::Human => human(kib << 10),
    }
}

/// procps's -h: "NB" for bytes up to 4 characters, else the first unit
/// (Ki, Mi, Gi, ...) where the value fits: one decimal (rounded) below 10
/// ("8.6Mi"), else a whole number (truncated) below 1000 ("23Gi").
fn human(bytes: u64) -> String {
    let plain = format!("{}B", bytes);
    if plain.len() <= 4 {
        return plain;
    }
    let units = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    for (i, u) in units.iter().enumerate() {
        let v = bytes as f64 / (1u64 << (10 * (i + 1))) as f64;
        let one = format!("{:.1}", v);
        if one.len() <= 3 {
            return format!("{}{}", one, u);
        }
        if v < 1000.0 {
            return format!("{}{}", v as u64, u);
        }
    }
    plain
}

/// A meminfo value in KiB (0 if the kernel does not report it).
fn get(text: &[u8], name: &[u8]) -> u64 {
    procfs::field_num(text, name).unwrap_or(0).max(0) as u64
}

/// Parses the unit option, reads /proc/meminfo once, prints three lines.
/// Exit status 0, 1 if meminfo cannot be read, 2 for bad usage.
fn main(args: Args, _env: Env) -> i32 {
    let mut unit = Unit::Shift(10);
    for a in args.iter().skip(1) {
        unit = match a {
            b"-b" | b"--bytes" => Unit::Shift(0),
            b"-k" | b"--kibi" => Unit::Shift(10),
            b"-m" | b"--mebi" => Unit::Shift(20),
            b"-g" | b"--gibi" => Unit::Shift(30),
            b"-h" | b"--human" => Unit::Human,
            _ => {
                eprintln!("free: unknown option '{}'", Bytes(a));
                eprintln!("usage: free [-b|-k|-m|-g|-h]");
                return 2;
            }
        };
    }
    let m = match procfs::meminfo() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("free: cannot read /proc/meminfo: {}", e);
            return 1;
        }
    };
    let total = get(&m, b"MemTotal");
    let free = get(&m, b"MemFree");
    let buff_cache = get(&m, b"Buffers") + get(&m, b"Cached") + get(&m, b"SReclaimable");
    let available = procfs::field_num(&m, b"MemAvailable").map_or(free + buff_cache, |v| v as u64);
    let used = total.saturating_sub(available);
    let (swap_total, swap_free) = (get(&m, b"SwapTotal"), get(&m, b"SwapFree"));
    let s = |v| scale(v, unit);
    println!("               total        used        free      shared  buff/cache   available");
    println!(
        "{:<9}{:>11} {:>11} {:>11} {:>11} {:>11} {:>11}",
        "Mem:",
        s(total),
        s(used),
        s(free),
        s(get(&m, b"Shmem")),
        s(buff_cache),
        s(available)
    );
    println!(
        "{:<9}{:>11} {:>11} {:>11}",
        "Swap:",
        s(swap_total),
        s(swap_total.saturating_sub(swap_free)),
        s(swap_free)
    );
    0
}
