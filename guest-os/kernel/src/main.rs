//! Vitrine teaching kernel: a small RV64 kernel written to be read.
//!
//! Boot path, one file per step:
//!   entry.rs  _entry at 0x8000_0000 (M-mode): stack, .bss, FPU on
//!   start.rs  M-mode setup: PMP, trap delegation, Sstc; mret to kmain
//!   main.rs   kmain (S-mode): read the device tree, start the heap, the
//!             frame allocator and paging, check timer interrupts, then
//!             run what the command line says: power off, or /bin/init
//! and the pieces it uses, in the order of an OS course:
//!   riscv.rs   CSRs and their bits     dtb.rs      boot information
//!   frame.rs   physical frames         vm.rs       Sv39 page tables
//!   heap.rs    kernel heap (alloc)     aspace.rs   user address spaces
//!   trap.rs    traps, the trampoline   proc.rs     processes
//!   sched.rs   scheduler, swtch        exec.rs     loading ELF programs
//!   syscall.rs system calls            console.rs  the tty line discipline
//!   cpio.rs    initrd archive          fs/         the file tree
//!   timer.rs   S-mode timer (Sstc)     uart.rs     console device
//!   power.rs   power off, reboot       panic.rs    what happens on a bug
//!   plic.rs    device interrupts (PLIC)
//! memory management, one mechanism per file:
//!   vma.rs     memory areas and backings  aspace.rs  address spaces (mm)
//!   fault.rs   the page-fault handler     cow.rs     copy-on-write fork
//!   pagecache.rs shared file pages        commit.rs  overcommit policy
//!   tlb.rs     TLB shootdown              kstack.rs  kernel stacks
//! processes: proc.rs (tasks), fork.rs (clone), exit.rs (exit, wait),
//!   pid.rs (pid numbers), futex.rs, signal.rs, shared.rs (what clone shares),
//!   kthread.rs (kernel threads: kworker runs deferred work)
//!   memlayout.rs, global.rs, spinlock.rs: what is where; globals; locks

#![no_std]
#![no_main]

extern crate alloc;

mod aspace;
mod commit;
mod console;
mod cow;
mod cpio;
mod dtb;
mod entry;
mod exec;
mod exit;
mod fault;
mod fd;
mod fork;
mod file;
mod frame;
mod fs;
mod futex;
mod global;
mod heap;
mod kstack;
mod kthread;
mod memlayout;
mod pagecache;
mod panic;
mod pid;
mod plic;
mod power;
mod proc;
mod proc_fs;
mod procinfo;
mod riscv; // first: the csr_* macros are used by the modules below
mod sched;
mod shared;
mod signal;
mod spinlock;
mod start;
mod syscall;
mod sysctl;
mod timer;
mod tlb;
mod trap;
mod uart;
mod vm;
mod vma;

use alloc::vec::Vec;

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
    let (heap_start, heap_end) = memlayout::heap();
    println!("heap: {} KiB at {heap_start:#x}", (heap_end - heap_start) >> 10);
    frame::init(&boot);
    let (free, usable) = frame::stats();
    println!("memory: {free} free frames of 4 KiB ({} KiB), {usable} usable", free * 4);
    let pt_pages = vm::init(&boot);
    let (free, _) = frame::stats();
    println!("vm: Sv39 on, kernel page table in {pt_pages} pages; {free} frames free");

    trap::init();
    match boot.timebase_hz {
        Some(hz) => {
            let n = timer::demo(hz, BOOT_TICKS, BOOT_TICK_MS);
            println!("timer: {n} interrupts, {BOOT_TICK_MS} ms apart ({hz} Hz timebase)");
        }
        None => println!("timer: no timebase-frequency in the device tree, skipped"),
    }

    run(&boot)
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

/// Act on the kernel command line. Words are space separated, and may be
/// quoted with '...' or "..." (so `-- -c 'echo hi | wc -c'` gives init the
/// three arguments -c, echo hi | wc -c):
///   poweroff=N   power off at once with exit code N (decimal or 0x hex)
///   hz=N         scheduler ticks a second (default 1000, Linux's HZ_1000:
///                CFS slices are a few ms)
///   init=PATH    the first program (default /bin/init)
///   tlb=MODE     asid (default): tag TLB entries with address-space ids;
///                flush: flush the whole TLB around every satp switch
///   -- ARGS      everything after "--" goes to init's argv
/// Then start init from the initrd, if there is one.
fn run(boot: &dtb::BootInfo) -> ! {
    // The first heap user: the command line as a list of words.
    let words = split_words(&boot.bootargs);
    let words: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
    let (in_use, _) = heap::usage();
    println!("kernel: {} word(s) on the command line, {in_use} bytes of heap in use", words.len());
    let mut hz = DEFAULT_HZ;
    let mut init = "/bin/init";
    let mut init_args: &[&str] = &[];
    let mut use_asids = true;
    for (i, word) in words.iter().enumerate() {
        if *word == "--" {
            init_args = &words[i + 1..];
            break;
        } else if let Some(value) = word.strip_prefix("poweroff=") {
            let code = parse_number(value)
                .filter(|&n| n <= power::MAX_EXIT_CODE as u64)
                .unwrap_or_else(|| panic!("bad poweroff={value}: want 0..=65535"));
            println!("kernel: poweroff with exit code {code}");
            power::poweroff(code as u32);
        } else if let Some(value) = word.strip_prefix("hz=") {
            hz = parse_number(value)
                .filter(|&n| (1..=10_000).contains(&n))
                .unwrap_or_else(|| panic!("bad hz={value}: want 1..=10000"));
        } else if let Some(value) = word.strip_prefix("init=") {
            init = value;
        } else if let Some(value) = word.strip_prefix("tlb=") {
            use_asids = match value {
                "asid" => true,
                "flush" => false,
                _ => panic!("bad tlb={value}: want asid or flush"),
            };
        }
    }
    let Some((start, end)) = boot.initrd else {
        println!("kernel: nothing to run yet (no initrd)");
        power::poweroff(0)
    };
    let archive = unsafe { core::slice::from_raw_parts(start as *const u8, end - start) };
    match fs::load_initrd(archive) {
        Ok((entries, files, bytes)) => {
            println!("fs: initrd: {entries} entries, {files} files, {bytes} bytes")
        }
        Err(cpio::BadArchive(at)) => panic!("initrd: not a newc cpio archive (bad entry at {at})"),
    }
    let mut argv: Vec<Vec<u8>> = alloc::vec![init.as_bytes().to_vec()];
    argv.extend(init_args.iter().map(|a| a.as_bytes().to_vec()));
    let envp = [b"PATH=/bin".to_vec(), b"HOME=/".to_vec()];
    fs::add_devices();
    // (How many ASIDs the hart has differs between machines: 65535 on
    // vitrine, 15 on QEMU 7.2; the boot log stays the same on both.)
    tlb::init(use_asids);
    let mode = if tlb::asid_mode() { "ASIDs" } else { "flush on every switch" };
    println!("kernel: TLB: {mode}");
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
    // fds 0, 1, 2: one open file, the console (as /dev/console, read-write).
    let console = file::File::new(file::Object::Dev(fs::Dev::Console), true, true);
    for fd in 0..3 {
        p.fds.set(fd, console.clone());
    }
    if let Err(e) = exec::exec(p, init, &argv, &envp) {
        panic!("cannot run {init}: {e:?}");
    }
    sched::wake_up_new(p);
    kthread::init();
    let (free, _) = frame::stats();
    println!("kernel: starting {init} as pid {} at {hz} Hz; {free} frames free", p.pid);
    // Console input by interrupt, through the PLIC (source 10 on the virt
    // board if the tree does not say).
    match boot.plic {
        Some((base, _)) => trap::init_devices(base, boot.uart_irq.unwrap_or(10)),
        None => println!("kernel: no PLIC in the device tree, console input disabled"),
    }
    timer::start(boot.timebase_hz.unwrap_or(10_000_000), hz);
    sched::scheduler()
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
