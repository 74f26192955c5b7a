//! Vitrine teaching kernel: a small RV64 kernel written to be read.
//!
//! The tree is the table of contents of an OS course, one subsystem per
//! folder (each folder's mod.rs says what it owns and what it may call):
//!
//! ```text
//!   boot/     _entry (M-mode), start (mret to S-mode), the device tree, memory layout
//!   arch/     RISC-V CSRs and privileged instructions
//!   mm/       frames, page tables, areas, address spaces, the page-fault
//!             handler, copy-on-write, the page cache, overcommit, TLB shootdown
//!   proc/     tasks: fork/clone, exec, exit and wait4, pids, futexes, kernel threads
//!   sched/    the scheduler loop and context switch; CFS (sched/cfs.rs)
//!   signal/   signals and job control
//!   trap/     traps from U- and S-mode, the trampoline (trap/trampoline.rs)
//!   syscall/  the dispatch table, then one file per family: process,
//!             memory, file, time, signal, sched, system
//!   fs/       the file tree, open files and pipes, fd tables, /proc (fs/procfs/)
//!   dev/      UART, console line discipline, PLIC, timer, power
//!   klib/     globals, spin locks, sysctl tunables, panic
//! ```
//!
//! This file is kmain (S-mode): read the device tree, start the heap, the
//! frame allocator and paging, check timer interrupts, then run what the
//! command line says: power off, or /bin/init.

#![no_std]
#![no_main]

extern crate alloc;

mod arch; // first: the csr_* macros are used by the modules below
mod boot;
mod dev;
mod fs;
mod klib;
mod mm;
mod proc;
mod sched;
mod signal;
mod syscall;
mod trap;

use alloc::vec::Vec;
use boot::{dtb, memlayout};
use dev::{power, timer, uart};
use fs::{cpio, fd, file};
use mm::{aspace, frame, heap, tlb, vm};
use proc::{exec, kthread, shared};

/// The version in the boot banner.
pub const VERSION: &str = "0.1";

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
    heap::init(); // dtb.rs copies strings out of the blob
    let boot = dtb::parse(dtb as usize);
    klib::printk::parse_cmdline(&boot.bootargs);
    if let Some((base, _)) = boot.uart {
        if base != uart::base() {
            uart::init(base);
        }
    }
    if let Some(base) = boot.finisher {
        power::init(base);
    }
    if let Some(base) = boot.introspect {
        dev::introspect::init(base); // prints nothing: the log is the same without it
    }

    pr_info!(
        "Vitrine teaching kernel {VERSION} (riscv64) \u{2014} RAM {} MiB, bootargs \"{}\"",
        boot.ram_total >> 20,
        boot.bootargs
    );
    print_boot_info(hartid, &boot);

    memlayout::check(&boot);
    let (heap_start, heap_end) = memlayout::heap();
    pr_info!("heap: {} KiB at {heap_start:#x}", (heap_end - heap_start) >> 10);
    frame::init(&boot);
    let (free, usable) = frame::stats();
    pr_info!("memory: {free} free frames of 4 KiB ({} KiB), {usable} usable", free * 4);
    let pt_pages = vm::init(&boot);
    let (free, _) = frame::stats();
    pr_info!("vm: Sv39 on, kernel page table in {pt_pages} pages; {free} frames free");

    trap::init();
    match boot.timebase_hz {
        Some(hz) => {
            let n = timer::demo(hz, BOOT_TICKS, BOOT_TICK_MS);
            pr_info!("timer: {n} interrupts, {BOOT_TICK_MS} ms apart ({hz} Hz timebase)");
        }
        None => pr_info!("timer: no timebase-frequency in the device tree, skipped"),
    }

    run(&boot)
}

/// Print what the device tree told us, one fact per line.
/// (Only facts that are the same on QEMU and on vitrine for one image.)
fn print_boot_info(hartid: u64, boot: &dtb::BootInfo) {
    pr_info!("boot: hart {hartid}, device tree at {:#x}, model \"{}\"", boot.dtb, boot.model);
    let (ram_start, ram_size) = boot.ram;
    pr_info!("boot: RAM {ram_start:#x}..{:#x}", ram_start + ram_size);
    match boot.uart {
        Some((base, compatible)) => pr_info!("boot: console {compatible} at {base:#x}"),
        None => pr_info!("boot: console not in the device tree, using {:#x}", uart::base()),
    }
    pr_info!("boot: test finisher at {:#x}", power::base());
    match boot.initrd {
        Some((start, end)) => pr_info!("boot: initrd {start:#x}..{end:#x} ({} bytes)", end - start),
        None => pr_info!("boot: no initrd"),
    }
}

/// Act on the kernel command line. Words are space separated, and may be
/// quoted with '...' or "..." (so `-- -c 'echo hi | wc -c'` gives init the
/// three arguments -c, echo hi | wc -c):
///   poweroff=N   power off at once with exit code N (decimal or 0x hex)
///   hz=N         scheduler ticks a second (default 1000, Linux's HZ_1000:
///                CFS slices are a few ms)
///   init=PATH    the first program (default /bin/init)
///   tlb=MODE     asid (default): tag TLB entries with address-space ids;
///                flush: flush the whole TLB around every satp switch
///   tty=raw      the console starts in raw mode (dev/console.rs): no
///                echo, line editing or signal characters (`vitrine
///                ./a.out` with a pipe or file as stdin)
///   root=/dev/vda  mount the disk's ext2 as / (else the initrd is the root)
///   fail_page_alloc=N  from init's start on, one frame or user-sized heap
///                allocation in N fails (mm/fail.rs; /proc/sys/debug/)
///   -- ARGS      everything after "--" goes to init's argv
/// Then start init from the initrd, if there is one.
fn run(boot: &dtb::BootInfo) -> ! {
    // The first heap user: the command line as a list of words.
    let words = split_words(&boot.bootargs);
    let words: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    let (in_use, _) = heap::usage();
    pr_info!("kernel: {} word(s) on the command line, {in_use} bytes of heap in use", words.len());
    let mut hz = DEFAULT_HZ;
    let mut init = "/bin/init";
    let mut init_args: &[&str] = &[];
    let mut use_asids = true;
    let mut fail_every = 0;
    for (i, word) in words.iter().enumerate() {
        if *word == "--" {
            init_args = &words[i + 1..];
            break;
        } else if let Some(value) = word.strip_prefix("poweroff=") {
            let code = parse_number(value)
                .filter(|&n| n <= power::MAX_EXIT_CODE as u64)
                .unwrap_or_else(|| {
                    klib::panic::reject_boot(format_args!("bad poweroff={value}: want 0..=65535"))
                });
            pr_info!("kernel: poweroff with exit code {code}");
            power::poweroff(code as u32);
        } else if let Some(value) = word.strip_prefix("hz=") {
            hz = parse_number(value).filter(|&n| (1..=10_000).contains(&n)).unwrap_or_else(|| {
                klib::panic::reject_boot(format_args!("bad hz={value}: want 1..=10000"))
            });
        } else if let Some(value) = word.strip_prefix("init=") {
            init = value;
        } else if let Some(value) = word.strip_prefix("fail_page_alloc=") {
            fail_every = parse_number(value).filter(|&n| n <= 1_000_000_000).unwrap_or_else(|| {
                klib::panic::reject_boot(format_args!(
                    "bad fail_page_alloc={value}: want 0..=1000000000"
                ))
            });
        } else if *word == "tty=raw" {
            dev::console::set_raw(true);
        } else if let Some(value) = word.strip_prefix("tlb=") {
            use_asids = match value {
                "asid" => true,
                "flush" => false,
                _ => klib::panic::reject_boot(format_args!(
                    "bad tlb={value} on the command line: want asid or flush"
                )),
            };
        }
    }
    // The disk, if the board has one (virtio-blk).
    match dev::virtio_blk::init(boot.virtio_slots()) {
        Some(Ok((base, sectors, ro))) => pr_info!(
            "virtio-blk: vda at {base:#x}: {sectors} 512-byte sectors ({} MiB){}",
            sectors >> 11,
            if ro { ", read-only" } else { "" }
        ),
        Some(Err(why)) => pr_info!("virtio-blk: disk unusable: {why}"),
        None => {}
    }
    let root = words.iter().take_while(|w| **w != "--").find_map(|w| w.strip_prefix("root="));
    match root {
        Some("/dev/vda") => mount_disk_root(),
        Some(other) => klib::panic::reject_boot(format_args!(
            "root={other}: the only block device is /dev/vda"
        )),
        None => load_initrd(boot),
    }
    let mut argv: Vec<Vec<u8>> = alloc::vec![init.as_bytes().to_vec()];
    argv.extend(init_args.iter().map(|a| a.as_bytes().to_vec()));
    let envp = [b"PATH=/bin".to_vec(), b"HOME=/".to_vec()];
    fs::add_devices(dev::hvc::present());
    // (How many ASIDs the hart has differs between machines: 65535 on
    // vitrine, 15 on QEMU 7.2; the boot log stays the same on both.)
    tlb::init(use_asids);
    let mode = if tlb::asid_mode() { "ASIDs" } else { "flush on every switch" };
    pr_info!("kernel: TLB: {mode}");
    use shared::Shared;
    let p = proc::spawn(
        0,
        "init",
        aspace::empty(),
        Shared::new(fd::FdTable::new()),
        Shared::new(alloc::string::String::from("/")),
        Shared::new(signal::SigHand::new()),
    )
    .expect("no memory for init");
    dev::introspect::task_new(p);
    // fds 0, 1, 2: one open file, the console (as /dev/console, read-write).
    let console = file::File::new(file::Object::Dev(fs::Dev::Console), true, true);
    for fd in 0..3 {
        p.fds.set(fd, console.clone());
    }
    if let Err(e) = exec::exec(p, init, &argv, &envp) {
        // Boot input (init=, the root file system), not a kernel bug.
        klib::panic::reject_boot(format_args!("cannot run {init}: {e:?} (no working init)"));
    }
    sched::wake_up_new(p);
    kthread::init();
    let (free, _) = frame::stats();
    pr_info!("kernel: starting {init} as pid {} at {hz} Hz; {free} frames free", p.pid);
    // Console input by interrupt, through the PLIC (source 10 on the virt
    // board if the tree does not say).
    match boot.plic {
        Some((base, _)) => trap::init_devices(base, boot.uart_irq.unwrap_or(10)),
        None => pr_info!("kernel: no PLIC in the device tree, console input disabled"),
    }
    timer::start(boot.timebase_hz.unwrap_or(10_000_000), hz);
    if fail_every > 0 {
        pr_info!("kernel: fault injection: one allocation in {fail_every} fails");
        klib::sysctl::FAIL_PAGE_ALLOC.set(fail_every as i64);
        mm::fail::restart();
    }
    sched::scheduler()
}

/// The root file system from the initrd (no root= on the command line).
fn load_initrd(boot: &dtb::BootInfo) {
    let Some((start, end)) = boot.initrd else {
        pr_info!("kernel: nothing to run yet (no initrd)");
        power::poweroff(0)
    };
    let archive = unsafe { core::slice::from_raw_parts(start as *const u8, end - start) };
    match fs::load_initrd(archive) {
        Ok((entries, files, bytes)) => {
            pr_info!("fs: initrd: {entries} entries, {files} files, {bytes} bytes")
        }
        Err(cpio::BadArchive(at)) => klib::panic::reject_boot(format_args!(
            "initrd: not a newc cpio archive (bad entry at byte {at})"
        )),
    }
}

/// root=/dev/vda: the root file system is the disk's ext2.
fn mount_disk_root() {
    if !dev::virtio_blk::present() {
        klib::panic::reject_boot(format_args!("root=/dev/vda: there is no disk"));
    }
    match fs::mount_root() {
        Ok((dirs, files)) => {
            let (bsize, blocks, free, _, _, _) = fs::ext2::statfs();
            pr_info!(
                "EXT2-fs (vda): mounted as /: {bsize}-byte blocks, {free} of {blocks} free; {dirs} directories, {files} files"
            )
        }
        Err(why) => klib::panic::reject_boot(format_args!("root=/dev/vda: {why}")),
    }
}

/// Split the command line into words: whitespace separates them, except
/// inside single or double quotes (which are removed).
fn split_words(line: &str) -> Vec<alloc::string::String> {
    let mut words = Vec::new();
    let mut word = alloc::string::String::new();
    let (mut in_word, mut quote) = (false, None);
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(core::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Scheduler ticks a second unless bootargs say hz=N.
const DEFAULT_HZ: u64 = 1000;

/// "42" or "0x2a" as a number.
fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}
