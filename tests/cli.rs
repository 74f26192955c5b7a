//! End-to-end tests of `vitrine run`: exit statuses, errors on bad input,
//! `--stats`/`--stats-json` counters, TLB geometry, determinism.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::*;

/// Build tests/programs/NAME.S into a scratch directory of its own (tests run
/// in parallel and may build the same program).
fn program(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = scratch_dir(&format!("cli-{name}-{n}"));
    build_elf(
        name,
        &[&root().join(format!("tests/programs/{name}.S"))],
        &dir,
    )
}

/// Run with `--stats-json` and return (exit code, stdout, parsed JSON).
fn run_with_json(elf: &Path, extra: &[&str]) -> (i32, String, Value) {
    let json = elf.with_extension(format!("{}.json", extra.join("_").replace(['-', ' '], "")));
    let mut args = vec!["run", "--stats-json", json.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(elf.to_str().unwrap());
    let out = vitrine(&args);
    let text = std::fs::read_to_string(&json).expect("--stats-json wrote no file");
    let v: Value = serde_json::from_str(&text).expect("--stats-json is valid JSON");
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        v,
    )
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = vitrine(&["run", "--no-such-flag", "x.elf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--no-such-flag"), "{}", stderr(&out));
}

#[test]
fn bad_tlb_geometry_is_rejected() {
    let out = vitrine(&["run", "--tlb", "63x4", "x.elf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("63x4"), "{}", stderr(&out));
}

/// Each malformed input gives exit status 125 and one clear line naming the file.
#[test]
fn malformed_programs_get_one_line_errors() {
    let dir = scratch_dir("cli-malformed");
    let good = std::fs::read(program("spin")).unwrap();
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text.elf",
            b"#!/bin/sh\necho not an elf\n".to_vec(),
            "not an ELF",
        ),
        ("empty.elf", Vec::new(), "not an ELF"),
        ("truncated.elf", good[..100].to_vec(), "truncated"),
    ];
    let mut elf32 = good.clone();
    elf32[4] = 1; // EI_CLASS = ELFCLASS32
    cases.push(("elf32.elf", elf32, "32-bit"));
    let mut big = good.clone();
    big[5] = 2; // EI_DATA = big-endian
    cases.push(("big.elf", big, "big-endian"));
    let mut x86 = good.clone();
    x86[18] = 62; // e_machine = x86-64
    x86[19] = 0;
    cases.push(("x86.elf", x86, "not a RISC-V"));
    for (name, bytes, expect) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = vitrine(&["run", path.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(125), "{name}: {err}");
        assert!(
            err.contains(expect) && err.contains(name),
            "{name}: expected '{expect}' in: {err}"
        );
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{name}: not one line: {err}"
        );
    }
    let out = vitrine(&["run", dir.join("missing.elf").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(125));
}

#[test]
fn segments_outside_ram_are_rejected() {
    let dir = scratch_dir("cli-outside");
    let src = dir.join("low.S");
    std::fs::write(&src, ".globl _start\n_start: j _start\n").unwrap();
    let obj = dir.join("low.o");
    let elf = dir.join("low.elf");
    assert!(std::process::Command::new(AS)
        .arg("-o")
        .arg(&obj)
        .arg(&src)
        .status()
        .unwrap()
        .success());
    assert!(std::process::Command::new(LD)
        .args(["-Ttext=0x1000"])
        .arg("-o")
        .arg(&elf)
        .arg(&obj)
        .status()
        .unwrap()
        .success());
    let out = vitrine(&["run", elf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(125));
    assert!(
        stderr(&out).contains("does not fit in RAM"),
        "{}",
        stderr(&out)
    );
    // A smaller RAM makes a program at its end not fit either.
    let tlb = program("tlb_pages");
    let out = vitrine(&["run", "-m", "1M", tlb.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "1 MiB is enough: {}",
        stderr(&out)
    );
}

#[test]
fn max_insns_stops_a_runaway_guest() {
    let elf = program("spin");
    let (code, _, v) = run_with_json(&elf, &["--max-insns", "100000"]);
    assert_eq!(code, 124);
    assert_eq!(v["instructions"]["total"], 100000);
    assert_eq!(v["exit_reason"], "instruction limit reached");
}

#[test]
fn wfi_that_can_never_wake_is_reported() {
    let out = vitrine(&["run", program("hang_wfi").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(123), "{}", stderr(&out));
    assert!(stderr(&out).contains("interrupt"), "{}", stderr(&out));
}

#[test]
fn htif_tohost_exit_code() {
    let out = vitrine(&["run", program("htif_exit").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
}

/// Timer interrupts through wfi: the idle time is skipped, each interrupt is
/// counted, and two runs give identical counters (deterministic time).
#[test]
fn timer_interrupts_are_counted_and_deterministic() {
    let elf = program("timer_wfi");
    let (code, out, a) = run_with_json(&elf, &[]);
    assert_eq!(code, 0);
    assert_eq!(out, "TTTTT");
    assert_eq!(a["traps"]["interrupts"]["machine_timer"], 5);
    // 5 intervals of 1000 ticks at 10 cycles per tick have passed.
    assert!(a["mtime"].as_u64().unwrap() >= 5000, "{a}");
    let (_, _, b) = run_with_json(&elf, &[]);
    for key in [
        "instructions",
        "cycles",
        "mtime",
        "traps",
        "tlb",
        "page_faults",
    ] {
        assert_eq!(a[key], b[key], "{key} differs between two runs");
    }
}

/// `--stats` prints the perf-stat-like table on stderr.
#[test]
fn stats_table_is_printed() {
    let out = vitrine(&["run", "--stats", program("timer_wfi").to_str().unwrap()]);
    let err = stderr(&out);
    assert!(err.contains("Performance counter stats"), "{err}");
    for row in [
        "instructions",
        "interrupts",
        "machine_timer",
        "page-faults:store",
        "dtlb-misses",
        "tlb-flushes:asid",
    ] {
        assert!(err.contains(row), "missing row {row}:\n{err}");
    }
}

/// 16 pages touched 10 times: with a 64-entry 4-way TLB only the first touch
/// of each page misses; with an 8-entry direct-mapped TLB pages i and i+8
/// evict each other, so every access misses. The store to an unmapped page
/// is one store page fault.
#[test]
fn tlb_geometry_changes_miss_counts() {
    let elf = program("tlb_pages");
    let (code, _, big) = run_with_json(&elf, &["--tlb", "64x4"]);
    assert_eq!(code, 0, "{big}");
    let (code, _, small) = run_with_json(&elf, &["--tlb", "8x1"]);
    assert_eq!(code, 0, "{small}");
    let d = |v: &Value, k: &str| v["tlb"]["dtlb"][k].as_u64().unwrap();
    // 16 data pages + the page of the faulting store (a miss, then a fault).
    assert_eq!(d(&big, "misses"), 16 + 1, "{big}");
    assert_eq!(d(&big, "hits"), 16 * 10 - 16, "{big}");
    assert_eq!(d(&small, "misses"), 16 * 10 + 1, "{small}");
    assert_eq!(d(&small, "hits"), 0, "{small}");
    for v in [&big, &small] {
        assert_eq!(v["page_faults"]["store"], 1);
        assert_eq!(v["page_faults"]["load"], 0);
        assert_eq!(v["traps"]["exceptions"]["store_page_fault"], 1);
        assert!(d(v, "walks") >= d(v, "misses"));
        // All code runs from one gigapage: one iTLB miss, every other fetch hits.
        assert_eq!(v["tlb"]["itlb"]["misses"], 1, "{v}");
        assert_eq!(v["satp_writes"], 1);
        assert_eq!(v["tlb"]["flush_all"], 1);
        assert!(v["instructions"]["supervisor"].as_u64().unwrap() > 16 * 10 * 5);
    }
    // Every S-mode fetch goes through the iTLB: the retired instructions
    // plus the store that faulted (it was fetched but did not retire).
    let i = &big["tlb"]["itlb"];
    let fetches = i["hits"].as_u64().unwrap() + i["misses"].as_u64().unwrap();
    assert_eq!(
        fetches,
        big["instructions"]["supervisor"].as_u64().unwrap() + 1,
        "{big}"
    );
}

/// A jump to an unmapped low address is an instruction access fault for the
/// guest, not a crash of the emulator.
#[test]
fn jump_to_low_address_is_an_access_fault() {
    let out = vitrine(&["run", program("jump_low").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// End of piped input reaches the guest as a serial hangup: every byte sent
/// before it is read first, then DCD drops with its modem-status interrupt.
#[test]
fn end_of_piped_input_hangs_up_the_line_after_the_data() {
    let elf = program("uart_eof");
    let out = vitrine_with_input(&["run", elf.to_str().unwrap()], Some(b"hello"));
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(out.stdout, b"hello");
    // More than fits in the receive FIFO, in many host reads: nothing is
    // lost, and the carrier stays up until the last byte has been read.
    let data: Vec<u8> = (0..40_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let out = vitrine_with_input(&["run", elf.to_str().unwrap()], Some(&data));
    assert_eq!(out.status.code(), Some(40_000 % 256), "{}", stderr(&out));
    assert_eq!(out.stdout.len(), data.len());
    assert!(out.stdout == data, "echoed bytes differ from the input");
    // No input at all (</dev/null): the line is down from the start.
    let out = vitrine(&["run", elf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

/// Ctrl-A x on the console ends the run like an exit: `--stats` is printed.
#[test]
fn ctrl_a_x_quits_and_reports_stats() {
    let elf = program("spin");
    let out = vitrine_with_input(&["run", "--stats", elf.to_str().unwrap()], Some(b"\x01x"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("Performance counter stats"), "{err}");
    assert!(err.contains("exit: terminated by Ctrl-A x"), "{err}");
    assert!(
        err.trim_end().ends_with("vitrine: terminated by Ctrl-A x"),
        "{err}"
    );
}

/// `ebreak` with `mtvec` = 0: the fetch at address 0 faults and traps to 0
/// again. Reported as a one-line error with its own exit status, at once.
#[test]
fn trap_to_itself_is_reported() {
    let out = vitrine(&["run", program("ebreak_mtvec0").to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(122), "{err}");
    assert_eq!(
        err.trim_end(),
        "vitrine: trap loop: instruction_access_fault (cause 1) at pc 0x0 traps to itself"
    );
    let elf = program("ebreak_handler");
    let (code, _, v) = run_with_json(&elf, &["--max-insns", "1000000"]);
    assert_eq!(code, 122);
    assert_eq!(v["traps"]["exceptions"]["breakpoint"], 2, "{v}");
    let out = vitrine(&["run", elf.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.starts_with("vitrine: trap loop: breakpoint (cause 3) at pc 0x8000"),
        "{err}"
    );
}

/// Instructions that trap count toward `--max-insns`: a storm of traps
/// stops after exactly N instructions, retired or trapped.
#[test]
fn max_insns_counts_trapped_instructions() {
    let elf = program("ebreak_retry");
    let (code, _, v) = run_with_json(&elf, &["--max-insns", "1000000"]);
    assert_eq!(code, 124, "{v}");
    let retired = v["instructions"]["total"].as_u64().unwrap();
    let trapped = v["traps"]["exceptions_total"].as_u64().unwrap();
    assert_eq!(retired + trapped, 1_000_000, "{v}");
    // ebreak traps, then csrr and mret retire: one trap per two retired.
    assert!((333_000..=334_000).contains(&trapped), "{v}");
}

/// A small `-m` either runs the built-in OS (the initrd and device tree are
/// placed clear of the kernel's memory) or is refused with exit status 2
/// and one line saying what would do: never a guest kernel panic. What
/// would do depends on the size of the built-in initramfs; it must run.
#[test]
fn small_ram_runs_or_is_refused_clearly() {
    let mut would_do: Option<String> = None;
    for ram in ["1M", "4M", "6M", "7M", "7680K", "8M", "16M"] {
        let out = vitrine(&["-m", ram, "-c", "echo ok"]);
        let text = String::from_utf8_lossy(&out.stdout);
        let err = stderr(&out);
        if out.status.code() == Some(0) {
            assert!(text.contains("ok\n"), "-m {ram}: {text}");
            continue;
        }
        assert_ne!(ram, "16M", "16M must run: {text}{err}");
        assert_eq!(out.status.code(), Some(2), "-m {ram}: {text}{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "-m {ram}: {err}");
        assert!(
            err.starts_with(&format!("vitrine: -m {ram}: RAM too small for the program"))
                && err.contains("initrd"),
            "-m {ram}: {err}"
        );
        let size = err
            .trim_end()
            .strip_suffix(" would do")
            .and_then(|e| e.rsplit_once("-m "))
            .map(|(_, s)| s.to_string())
            .unwrap_or_else(|| panic!("-m {ram}: no \"-m SIZE would do\": {err}"));
        assert!(out.stdout.is_empty(), "-m {ram}: the guest ran");
        would_do.get_or_insert(size.clone());
        assert_eq!(would_do.as_deref(), Some(size.as_str()), "-m {ram}: {err}");
    }
    // What the refusals suggest runs.
    let size = would_do.expect("1M is refused");
    let out = vitrine(&["-m", &size, "-c", "echo ok"]);
    assert_eq!(out.status.code(), Some(0), "-m {size}: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok\n"));
}

/// A program that claims memory past its image (its `_end` symbol) is not
/// overlapped by the device tree; with too little RAM for it, exit 2.
#[test]
fn memory_claimed_past_the_image_is_kept_clear() {
    let dir = scratch_dir("cli-claim");
    let asm = "        .section .text.init\n        .globl _start\n_start:\n\
               \x20       li t0, 0x100000\n        li t1, 0x5555\n        sw t1, 0(t0)\n1:      j 1b\n\
               \x20       .globl _kernel_end\n        .set _kernel_end, 0x80180000\n";
    let elf = build_elf_from_text("claim", asm, &dir);
    let out = vitrine(&["run", "-m", "1M", elf.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("up to 0x80180000") && err.contains("-m 2M would do"),
        "{err}"
    );
    let out = vitrine(&["run", "-m", "2M", elf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// With `-c`, the kernel is told to be `quiet` (Linux's way: only what the
/// command writes on stdout); `--verbose` (or the user's own `quiet` or
/// `loglevel=N` in `--append`) leaves the kernel's log level alone. The
/// kernel shows its command line in its first line when not quiet, and the
/// emulator logs it with RUST_LOG=info.
#[test]
fn dash_c_asks_for_a_quiet_kernel_unless_verbose() {
    for flag in ["--verbose", "-v"] {
        let out = vitrine(&[flag, "-c", "echo hi"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", stderr(&out));
        assert!(
            text.contains("bootargs \"-- -c 'echo hi'\""),
            "{flag}: {text}"
        );
        assert!(text.contains("hi\n"), "{text}");
        // The emulator's own log is on stderr, with the command line.
        assert!(
            stderr(&out).contains("kernel command line (bootargs): \"-- -c 'echo hi'\""),
            "{flag}: {}",
            stderr(&out)
        );
    }
    let out = vitrine(&["--append", "loglevel=7 hz=100", "-c", "echo hi"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("bootargs \"loglevel=7 hz=100 -- -c 'echo hi'\""),
        "{text}"
    );
    // Without --verbose: `quiet` is on the kernel command line.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["-c", "echo hi"])
        .env("RUST_LOG", "info")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("kernel command line (bootargs): \"quiet -- -c 'echo hi'\""),
        "{}",
        stderr(&out)
    );
    // Without -c, the command line is --append's alone.
    let out = vitrine(&["--append", "poweroff=0"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("bootargs \"poweroff=0\""));
}

/// The `--stats` header names the command, as `perf stat` does.
#[test]
fn stats_header_names_the_command() {
    let out = vitrine(&["--stats", "-c", "echo hi"]);
    assert!(
        stderr(&out).contains("Performance counter stats for 'sh -c echo hi':"),
        "{}",
        stderr(&out)
    );
    let elf = program("htif_exit");
    let out = vitrine(&["--stats", elf.to_str().unwrap()]);
    assert!(
        stderr(&out).contains(&format!(
            "Performance counter stats for '{}':",
            elf.display()
        )),
        "{}",
        stderr(&out)
    );
}

/// QEMU command lines work as pasted: the options that describe this
/// machine are accepted, the ones naming files are ours under QEMU's name.
#[test]
fn qemu_command_lines_work() {
    let elf = program("htif_exit");
    let elf = elf.to_str().unwrap();
    for line in [
        &[
            "-machine",
            "virt",
            "-bios",
            "none",
            "-m",
            "512M",
            "-nographic",
            "-kernel",
            elf,
        ][..],
        &[
            "-machine", "virt", "-bios", "none", "-m", "512M", "-display", "none", "-monitor",
            "none", "-serial", "stdio", "-kernel", elf,
        ],
        &["-M", "virt", "-smp", "1", "-m", "64", "-kernel", elf],
    ] {
        let out = vitrine(line);
        assert_eq!(out.status.code(), Some(7), "{line:?}: {}", stderr(&out));
    }
    // The built-in OS's images as files, booted the way QEMU boots them.
    let prebuilt = root().join("guest-os/prebuilt");
    let (kernel, initrd) = (prebuilt.join("kernel.elf"), prebuilt.join("initramfs.cpio"));
    let out = vitrine(&[
        "-machine",
        "virt",
        "-bios",
        "none",
        "-m",
        "128",
        "-smp",
        "cpus=1",
        "-nographic",
        "-kernel",
        kernel.to_str().unwrap(),
        "-initrd",
        initrd.to_str().unwrap(),
        "-append",
        "-- -c 'echo pasted from qemu'",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.contains("RAM 128 MiB"),
        "-m 128 is MiB, as in QEMU: {text}"
    );
    assert!(text.contains("pasted from qemu\n"), "{text}");
}

/// QEMU options asking for what this machine does not have: one line, exit 2.
#[test]
fn qemu_options_for_other_machines_are_refused() {
    for (args, says) in [
        (
            &["-machine", "sifive_u"][..],
            "-machine sifive_u: vitrine emulates QEMU's virt machine only",
        ),
        (&["-smp", "4"], "-smp 4: vitrine emulates one hart (-smp 1)"),
        (
            &["-bios", "default"],
            "-bios default: no firmware runs here",
        ),
        (
            &["-serial", "pty"],
            "-serial pty: the console is the terminal",
        ),
    ] {
        let out = vitrine(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with(&format!("vitrine: {says}")),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
}
