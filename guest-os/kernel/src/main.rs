//! Vitrine teaching kernel: a small RV64 kernel written to be read.
//!
//! Boot path, one file per step:
//!   entry.rs  _entry at 0x8000_0000 (M-mode): stack, .bss, FPU on
//!   start.rs  M-mode setup: PMP, trap delegation, Sstc; mret to kmain
//!   main.rs   kmain (S-mode): read the device tree, start the heap,
//!             check timer interrupts, run what the command line says
//! and the pieces it uses:
//!   riscv.rs      CSRs and their bits       spinlock.rs  locks
//!   uart.rs       console (print!)          dtb.rs       boot information
//!   memlayout.rs  what is where in RAM      heap.rs      kernel heap (alloc)
//!   trap.rs       S-mode traps              timer.rs     S-mode timer (Sstc)
//!   power.rs      power off, reboot         panic.rs     what happens on a bug

#![no_std]
#![no_main]

extern crate alloc;

mod dtb;
mod entry;
mod heap;
mod memlayout;
mod panic;
mod power;
mod riscv; // first: the csr_* macros are used by the modules below
mod spinlock;
mod start;
mod timer;
mod trap;
mod uart;

use alloc::vec::Vec;

/// The version in the boot banner.
const VERSION: &str = "0.1";

/// How many timer interrupts the boot check takes, and how far apart.
const BOOT_TICKS: u64 = 3;
const BOOT_TICK_MS: u64 = 10;

/// The kernel proper, entered from start.rs by mret, in S-mode, on the
/// boot stack. Never returns: the machine powers off at the end.
#[unsafe(no_mangle)]
pub extern "C" fn kmain(hartid: u64, dtb: u64) -> ! {
    // Console first, at the board's usual address, so that a bad device
    // tree can still be reported; then wherever the tree says it is.
    uart::init(uart::DEFAULT_BASE);
    let boot = dtb::parse(dtb as usize);
    if let Some((base, _)) = boot.uart {
        if base != uart::base() {
            uart::init(base);
        }
    }
    if let Some(base) = boot.finisher {
        power::init(base);
    }

    println!(
        "Vitrine teaching kernel {VERSION} (riscv64) \u{2014} RAM {} MiB, bootargs \"{}\"",
        boot.ram_total >> 20,
        boot.bootargs
    );
    print_boot_info(hartid, &boot);

    memlayout::check(&boot);
    heap::init();
    let (heap_start, heap_end) = memlayout::heap();
    println!("heap: {} KiB at {heap_start:#x}", (heap_end - heap_start) >> 10);

    trap::init();
    match boot.timebase_hz {
        Some(hz) => {
            let n = timer::demo(hz, BOOT_TICKS, BOOT_TICK_MS);
            println!("timer: {n} interrupts, {BOOT_TICK_MS} ms apart ({hz} Hz timebase)");
        }
        None => println!("timer: no timebase-frequency in the device tree, skipped"),
    }

    run(boot.bootargs)
}

/// Print what the device tree told us, one fact per line.
/// (Only facts that are the same on QEMU and on vitrine for one image.)
fn print_boot_info(hartid: u64, boot: &dtb::BootInfo) {
    println!("boot: hart {hartid}, device tree at {:#x}, model \"{}\"", boot.dtb, boot.model);
    let (ram_start, ram_size) = boot.ram;
    println!("boot: RAM {ram_start:#x}..{:#x}", ram_start + ram_size);
    match boot.uart {
        Some((base, compatible)) => println!("boot: console {compatible} at {base:#x}"),
        None => println!("boot: console not in the device tree, using {:#x}", uart::base()),
    }
    println!("boot: test finisher at {:#x}", power::base());
    match boot.initrd {
        Some((start, end)) => println!("boot: initrd {start:#x}..{end:#x} ({} bytes)", end - start),
        None => println!("boot: no initrd"),
    }
}

/// Act on the kernel command line. Words are space separated; the only
/// one understood so far is poweroff=N (N decimal or 0x hex, 0..=65535).
fn run(bootargs: &str) -> ! {
    // The first heap user: the command line as a list of words.
    let words: Vec<&str> = bootargs.split_whitespace().collect();
    let (in_use, _) = heap::usage();
    println!("kernel: {} word(s) on the command line, {in_use} bytes of heap in use", words.len());
    for word in &words {
        if let Some(value) = word.strip_prefix("poweroff=") {
            let code = parse_number(value)
                .filter(|&n| n <= power::MAX_EXIT_CODE as u64)
                .unwrap_or_else(|| panic!("bad poweroff={value}: want 0..=65535"));
            println!("kernel: poweroff with exit code {code}");
            power::poweroff(code as u32);
        }
    }
    println!("kernel: nothing to run yet");
    power::poweroff(0)
}

/// "42" or "0x2a" as a number.
fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}
