//! The teaching kernel (guest-os/prebuilt/kernel.elf) boots on Vitrine as
//! the built-in default guest, and boots identically on QEMU's `virt` board.

mod support;

use std::time::Duration;
use support::*;

fn kernel() -> std::path::PathBuf {
    root().join("guest-os/prebuilt/kernel.elf")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `vitrine` with no program boots the embedded kernel; `poweroff=N` on the
/// command line comes back as the exit status.
#[test]
fn embedded_kernel_boots_and_powers_off_with_code() {
    let out = vitrine(&["--append", "poweroff=3"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(stdout.starts_with("Vitrine teaching kernel"), "{stdout}");
    assert!(stdout.contains("bootargs \"poweroff=3\""), "{stdout}");
    assert!(stdout.contains("RAM 0x80000000..0xa0000000"), "{stdout}");
    assert!(stdout.contains("timer: 3 interrupts"), "{stdout}");
    // The embedded images are the committed prebuilt ones.
    let initramfs = root().join("guest-os/prebuilt/initramfs.cpio");
    let out2 = vitrine(&[
        "--append",
        "poweroff=3",
        "--initrd",
        initramfs.to_str().unwrap(),
        kernel().to_str().unwrap(),
    ]);
    assert_eq!(text(&out2.stdout), stdout);
}

/// The kernel sees the RAM size we give it, through the device tree.
#[test]
fn kernel_reads_memory_size_from_device_tree() {
    let out = vitrine(&["-m", "128M", "--append", "poweroff=0"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("RAM 128 MiB"),
        "{}",
        text(&out.stdout)
    );
}

/// The boot is visible in the counters: M-mode setup, then S-mode with three
/// delegated supervisor timer interrupts (Sstc), the same on every run.
#[test]
fn kernel_boot_counters_are_deterministic() {
    let dir = scratch_dir("kernel-boot-counters");
    let run = |n: usize| {
        let json = dir.join(format!("stats{n}.json"));
        let out = vitrine(&[
            "--append",
            "poweroff=0",
            "--stats-json",
            json.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        v
    };
    let a = run(1);
    assert_eq!(a["traps"]["interrupts"]["supervisor_timer"], 3, "{a}");
    assert!(a["instructions"]["machine"].as_u64().unwrap() > 0);
    assert!(
        a["instructions"]["supervisor"].as_u64().unwrap()
            > a["instructions"]["machine"].as_u64().unwrap()
    );
    let b = run(2);
    for key in ["instructions", "cycles", "mtime", "traps", "tlb", "pc"] {
        assert_eq!(a[key], b[key], "{key} differs between runs");
    }
}

/// QEMU is the reference machine: the same image prints the same console
/// output and exits with the same status there.
#[test]
fn same_kernel_boots_identically_on_qemu() {
    let Some(q) = qemu_with(
        &kernel(),
        &["-append", "poweroff=5"],
        Duration::from_secs(60),
    ) else {
        eprintln!("SKIPPED: qemu-system-riscv64 not installed");
        return;
    };
    let ours = vitrine(&["--append", "poweroff=5", kernel().to_str().unwrap()]);
    assert_eq!(
        q.status.code(),
        Some(5),
        "QEMU: {}\n{}",
        text(&q.stdout),
        text(&q.stderr)
    );
    assert_eq!(ours.status.code(), Some(5));
    assert_eq!(text(&ours.stdout), text(&q.stdout));
}

/// The kernel runs processes from the initramfs: /bin/init (a test program
/// in guest-os/kernel/tests-user) forks, execs, waits, passes a bad pointer
/// to write, and has children killed by a store fault and an illegal
/// instruction. The kernel survives all of it and powers off with init's
/// exit status; QEMU prints exactly the same.
#[test]
fn processes_from_the_initramfs_on_both_machines() {
    let initrd = root().join("guest-os/prebuilt/initrd-test.cpio");
    let ours = vitrine(&[
        "--append",
        "-- a b",
        "--initrd",
        initrd.to_str().unwrap(),
        kernel().to_str().unwrap(),
    ]);
    let out = text(&ours.stdout);
    assert_eq!(
        ours.status.code(),
        Some(42),
        "{out}\n{}",
        text(&ours.stderr)
    );
    assert!(
        out.contains("init: wait4 -> pid 3, status 1792"),
        "exit status 7 in Linux encoding:\n{out}"
    );
    // Killed by SIGSEGV / SIGILL, whose default action dumps core: the
    // 0x80 bit (WCOREDUMP) is set, as on Linux.
    assert!(
        out.contains("status 139"),
        "child killed by SIGSEGV:\n{out}"
    );
    assert!(out.contains("status 132"), "child killed by SIGILL:\n{out}");
    assert!(
        out.contains("= -14"),
        "write with a bad pointer returns -EFAULT:\n{out}"
    );
    let Some(q) = qemu_with(
        &kernel(),
        &["-initrd", initrd.to_str().unwrap(), "-append", "-- a b"],
        Duration::from_secs(60),
    ) else {
        eprintln!("SKIPPED: qemu-system-riscv64 not installed");
        return;
    };
    assert_eq!(q.status.code(), Some(42));
    assert_eq!(text(&q.stdout), out);
}

/// Console input piped to a booting guest is never lost to the boot race:
/// the UART holds host input until the kernel has set its receiver up.
/// /bin/readline exits with the length of the line it read.
#[test]
fn piped_console_input_reaches_the_guest_whole() {
    let initrd = root().join("guest-os/prebuilt/initrd-test.cpio");
    for _ in 0..3 {
        let out = vitrine_with_input(
            &[
                "--append",
                "init=/bin/readline",
                "--initrd",
                initrd.to_str().unwrap(),
                kernel().to_str().unwrap(),
            ],
            Some(b"hello world\n"),
        );
        assert_eq!(out.status.code(), Some(12), "{}", text(&out.stdout));
    }
}

/// `vitrine -c CMD` runs a command line in the built-in OS (kernel, init,
/// sh and the utilities from the embedded initramfs) and exits with its
/// status.
#[test]
fn command_lines_run_in_the_built_in_os() {
    let run = |cmd: &str| {
        let out = vitrine(&["-c", cmd]);
        (out.status.code(), text(&out.stdout))
    };
    let (code, out) = run("echo hello | wc -c");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "6\n");
    let (code, out) = run("echo x > /tmp/f && cat /tmp/f");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "x\n");
    // A garbage pointer passed to write gets EFAULT; the kernel survives.
    let (code, out) = run("badptr");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("write: EFAULT"), "{out}");
    // An illegal instruction kills the program; the shell reports it as bash does.
    let (code, out) = run("illegal; echo status $?");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("Illegal instruction") && out.contains("status 132"),
        "{out}"
    );
    let (code, _) = run("false || exit 9");
    assert_eq!(code, Some(9));
}

/// With no -c, init starts an interactive shell on the console.
#[test]
fn interactive_shell_reads_the_console() {
    let out = vitrine_with_input(&[], Some(b"echo interactive\nexit 4\n"));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    assert!(stdout.contains("\ninteractive\n"), "{stdout}");
}

/// Console input arrives by interrupt (UART -> PLIC -> supervisor external
/// interrupt), and the line discipline's ^U erases the line typed so far.
#[test]
fn console_input_is_interrupt_driven_with_line_editing() {
    let dir = scratch_dir("kernel-console-irq");
    let json = dir.join("stats.json");
    let out = vitrine_with_input(
        &["--stats-json", json.to_str().unwrap()],
        Some(b"echo bad\x15echo good\nexit 0\n"),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("\ngood\n") && !stdout.contains("\nbad\n"),
        "{stdout}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert!(
        v["traps"]["interrupts"]["supervisor_external"]
            .as_u64()
            .unwrap_or(0)
            > 0,
        "{v}"
    );
}

/// Bad boot input is refused, not a kernel panic: one line saying what is
/// wrong, and power-off with status 99 (a panic is 101).
#[test]
fn bad_boot_input_is_rejected_with_one_line() {
    let dir = scratch_dir("bad-initrd");
    let cases: [(&str, Vec<u8>); 3] = [
        ("garbage", b"this is not a cpio archive at all".repeat(10)),
        ("truncated", {
            let mut a = std::fs::read(root().join("guest-os/prebuilt/initrd-test.cpio")).unwrap();
            a.truncate(300);
            a
        }),
        ("empty-header", b"070701".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = vitrine(&["--initrd", path.to_str().unwrap()]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(99), "{name}: {stdout}");
        assert!(!stdout.contains("panic"), "{name}: {stdout}");
        let line = stdout.lines().last().unwrap_or("");
        assert!(
            line.starts_with("kernel: initrd: not a newc cpio archive (bad entry at byte "),
            "{name}: {stdout}"
        );
    }
    let out = vitrine(&["--append", "tlb=sometimes"]);
    assert_eq!(out.status.code(), Some(99));
    assert!(text(&out.stdout).contains("kernel: bad tlb=sometimes on the command line"));
    // The other values the kernel reads from its command line, and an init
    // that is not there.
    for (append, line) in [
        ("hz=0", "kernel: bad hz=0: want 1..=10000; powering off"),
        (
            "poweroff=70000",
            "kernel: bad poweroff=70000: want 0..=65535; powering off",
        ),
        (
            "init=/bin/nothing",
            "kernel: cannot run /bin/nothing: NotFound (no working init); powering off",
        ),
    ] {
        let out = vitrine(&["--append", append, "-c", "true"]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(99), "{append}: {stdout}");
        assert!(stdout.contains(line), "{append}: {stdout}");
    }
}
