//! Linux programs run unmodified: `vitrine ./a.out ARGS...` runs a Linux
//! riscv64 ELF in the built-in teaching OS, as `qemu-riscv64 ./a.out`
//! runs it on the host, with the same stdout, stderr and exit status.
//! Programs are C sources in tests/linux/, built with Debian's
//! riscv64-linux-gnu-gcc (`support::linux_program`); qemu-riscv64 is the
//! reference (`support::compare_with_qemu`). Both tools are installed by
//! .ci/run: without them these tests fail, saying what to install.
//!
//! Also here: bare-metal ELFs still run the old way, `--add` of files and
//! directories, unknown system calls (ENOSYS, logged, counted), and bad
//! input (a malformed ELF, a missing --add path).

mod support;

use std::path::{Path, PathBuf};
use support::*;

/// A test program, built `-static` as a student would (RELRO and all).
fn program(name: &str) -> PathBuf {
    linux_program(name, Link::Static)
}

/// A program's path as a user types it: relative to the current
/// directory when it can be (argv[0] then reads "target/...").
fn as_typed(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap();
    p.strip_prefix(&cwd)
        .map(Path::to_path_buf)
        .unwrap_or(p.to_path_buf())
}

#[test]
fn hello_world_matches_qemu_stdout_stderr_and_status() {
    let hello = program("hello");
    let c = compare_with_qemu(&hello, &[], None);
    c.assert_same();
    assert_eq!(c.vitrine.stdout_text(), "hello, world\n");
    assert_eq!(c.vitrine.stderr_text(), "a line on stderr\n");
}

/// argv arrives exactly: spaces, quotes, empty strings, option-looking
/// words (which vitrine must not take as its own), non-UTF-8 bytes; and
/// argv[0] as typed. The status is argc.
#[test]
fn argv_arrives_byte_for_byte() {
    let args = as_typed(&program("args"));
    let weird = [
        "plain",
        "two words",
        "",
        "it's \"quoted\"",
        "--stats",
        "-c",
        "--",
        "tab\there",
    ];
    let c = compare_with_qemu(&args, &weird, None);
    c.assert_same();
    assert_eq!(c.vitrine.status, 9);
    assert!(
        c.vitrine
            .stdout_text()
            .contains("argv[2] = [two words]\nargv[3] = []\n"),
        "{}",
        c.vitrine.stdout_text()
    );
    assert!(c.vitrine.stdout_text().contains("PATH=/bin\n"));
    // `vitrine run PROG` is the same as `vitrine PROG`.
    let run = run_linux(&["run"], &args, &["x"], None);
    assert_eq!(run.status, 2);
    assert!(run.stdout_text().contains("argv[1] = [x]\n"));
}

#[test]
fn non_utf8_arguments_pass_through() {
    use std::os::unix::ffi::OsStrExt;
    let args = program("args");
    let raw = std::ffi::OsStr::from_bytes(b"caf\xe9");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg(&args)
        .arg(raw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let needle: &[u8] = b"argv[1] = [caf\xe9]\n";
    assert!(
        out.stdout.windows(needle.len()).any(|w| w == needle),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Exit codes, signals (128 + N, as a shell reports them) and abort.
#[test]
fn exit_statuses_match_qemu() {
    let status = program("status");
    for args in [
        &["exit", "0"][..],
        &["exit", "1"],
        &["exit", "42"],
        &["exit", "255"],
        &["exit", "256"],
        &["signal", "15"],
        &["signal", "9"],
        &["signal", "10"],
        &["abort"],
        &[],
    ] {
        let c = compare_with_qemu(&status, args, None);
        c.assert_same();
    }
    let killed = run_linux(&[], &status, &["signal", "15"], None);
    assert_eq!(killed.status, 128 + 15);
}

/// stdin from a pipe reaches the program as from a pipe: no echo on
/// stdout, a last line without newline, control bytes as bytes; and an
/// empty stdin is end of file at once.
#[test]
fn stdin_is_read_as_from_a_pipe() {
    let prog = program("stdin");
    let input: &[u8] = b"first line\nsecond \x03 with ^C\n\x04 and ^D\nno newline at the end";
    let c = compare_with_qemu(&prog, &[], Some(input));
    c.assert_same();
    assert!(
        c.vitrine.stdout_text().contains("\n4 lines, "),
        "{}",
        c.vitrine.stdout_text()
    );
    let empty = compare_with_qemu(&prog, &[], None);
    empty.assert_same();
    assert!(empty.vitrine.stdout_text().contains("0 lines, 0 bytes"));
}

/// `--add` puts a host file (default: /root/NAME), a file at a chosen
/// path, and a whole directory (modes and symbolic links kept) into the
/// guest's root.
#[test]
fn add_files_and_directories_to_the_guest_root() {
    let dir = scratch_dir("linux-add");
    std::fs::write(dir.join("note.txt"), "a note\n").unwrap();
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    std::fs::write(tree.join("sub/deep.txt"), "deep\n").unwrap();
    std::fs::write(tree.join("run.sh"), "echo ran\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(tree.join("run.sh"), std::fs::Permissions::from_mode(0o750)).unwrap();
    std::os::unix::fs::symlink("sub/deep.txt", tree.join("link")).unwrap();
    let note = dir.join("note.txt");
    let readfile = program("readfile");
    let add1 = note.to_str().unwrap().to_string();
    let add2 = format!("{}:/etc/motd", note.display());
    let add3 = format!("{}:/data/", tree.display());
    let out = run_linux(
        &["--add", &add1, "--add", &add2, "--add", &add3],
        &readfile,
        &[
            "/root/note.txt",
            "/etc/motd",
            "/data/tree/sub/deep.txt",
            "/data/tree/link",
            "/data/tree/missing",
        ],
        None,
    );
    assert_eq!(
        out.stdout_text(),
        "a note\na note\ndeep\ndeep\n",
        "{}",
        out.stderr_text()
    );
    assert_eq!(
        out.stderr_text(),
        "/data/tree/missing: No such file or directory\n"
    );
    assert_eq!(out.status, 1);
    // Modes and symbolic links are kept.
    let lsl = program("lstat");
    let out = run_linux(
        &["--add", &add3],
        &lsl,
        &["/data/tree/run.sh", "/data/tree/link", "/data/tree/sub"],
        None,
    );
    assert_eq!(
        out.stdout_text(),
        "/data/tree/run.sh 100750\n/data/tree/link 120777 -> sub/deep.txt\n/data/tree/sub 40755\n",
        "{}",
        out.stderr_text()
    );
    // With -c, the shell sees them too.
    let cat = vitrine(&["--add", &add3, "-c", "cat /data/tree/link"]);
    assert_eq!(String::from_utf8_lossy(&cat.stdout), "deep\n");
    assert_eq!(cat.status.code(), Some(0));
}

/// A missing --add path: one line, exit status 2, before anything runs.
#[test]
fn add_of_a_missing_path_is_one_line_and_status_2() {
    let out = vitrine(&["--add", "/nonexistent/thing", "-c", "true"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("vitrine: --add /nonexistent/thing: No such file"),
        "{err}"
    );
}

/// An unknown system call returns ENOSYS (the program goes on), is
/// counted as syscalls:unknown (machine-wide and per task), and is logged
/// with its name where the log level shows warnings.
#[test]
fn unknown_system_calls_are_enosys_logged_and_counted() {
    let prog = program("enosys");
    let c = compare_with_qemu(&prog, &[], None);
    c.assert_same();
    let dir = scratch_dir("linux-enosys");
    let json = dir.join("stats.json");
    let out = run_linux(
        &["--stats=task", "--stats-json", json.to_str().unwrap()],
        &prog,
        &[],
        None,
    );
    assert_eq!(out.status, 0, "{}", out.stderr_text());
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let unknown = s["syscalls"]["unknown"].as_u64().unwrap();
    assert!(unknown >= 1, "{s}");
    let mine: u64 = s["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["comm"] == "enosys")
        .map(|t| t["syscalls_unknown"].as_u64().unwrap())
        .sum();
    assert_eq!(mine, unknown, "all of them are the program's");
    assert!(
        out.stderr_text().contains("syscalls:unknown"),
        "{}",
        out.stderr_text()
    );
    // Quiet by default; named at loglevel 5 (and with --verbose).
    assert!(!out.stdout_text().contains("unknown system call"));
    let loud = run_linux(&["--append", "loglevel=5"], &prog, &[], None);
    assert!(
        loud.stdout_text()
            .contains("kernel: enosys[3]: unknown system call 1000 (not a Linux riscv64 system call), returning ENOSYS\n"),
        "{}",
        loud.stdout_text()
    );
    assert_eq!(loud.stdout_text().matches("system call 1000").count(), 1);
}

/// The launched program is a task like any other: --stats=task names it.
#[test]
fn per_task_stats_name_the_launched_program() {
    let hello = program("hello");
    let out = run_linux(&["--stats=task"], &hello, &[], None);
    assert_eq!(out.status, 0);
    let err = out.stderr_text();
    assert!(err.contains("Performance counter stats for '"), "{err}");
    assert!(err.contains(" hello "), "a row for the program: {err}");
    assert!(err.contains("Performance counter stats for '"), "{err}");
    assert_eq!(out.stdout_text(), "hello, world\n");
}

/// A bare-metal ELF (linked in RAM) still runs the old way: M-mode at its
/// entry, output on the UART, status from the test finisher.
#[test]
fn bare_metal_elfs_still_run_bare_metal() {
    let dir = scratch_dir("linux-bare");
    let elf = build_elf_from_text(
        "bare",
        "
        .globl _start
_start: li t0, 0x10000000
        li t1, 'k'
        sb t1, 0(t0)
        li t1, '\\n'
        sb t1, 0(t0)
        li t0, 0x100000
        li t1, (7 << 16) | 0x3333
        sw t1, 0(t0)
1:      j 1b
",
        &dir,
    );
    // Options after a bare-metal program are still vitrine's.
    let out = vitrine(&[elf.to_str().unwrap(), "--max-insns", "1000"]);
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "k\n");
}

/// A malformed ELF: one line naming the file, status 125, as before.
#[test]
fn a_malformed_elf_is_one_line() {
    let dir = scratch_dir("linux-malformed");
    let hello = std::fs::read(program("hello")).unwrap();
    let cut = dir.join("truncated");
    std::fs::write(&cut, &hello[..100]).unwrap();
    let out = vitrine(&[cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(125));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("vitrine: ") && err.contains("truncated"),
        "{err}"
    );
}

/// Headless runs of a launched program are deterministic: the same
/// output and the same counters, bit for bit (host time aside). (With
/// empty stdin: when piped bytes reach the UART depends on the host's
/// timing, as for any run of the machine.)
#[test]
fn launched_runs_are_deterministic() {
    let prog = program("args");
    let dir = scratch_dir("linux-determinism");
    let counters = |n: usize| {
        let json = dir.join(format!("run{n}.json"));
        let out = run_linux(
            &["--stats-json", json.to_str().unwrap()],
            &prog,
            &["same", "input"],
            None,
        );
        let mut s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        for host in ["host_seconds", "mips"] {
            s.as_object_mut().unwrap().remove(host);
        }
        (out, s)
    };
    let (a, sa) = counters(1);
    let (b, sb) = counters(2);
    assert_eq!(a, b);
    assert_eq!(sa, sb);
    assert!(sa["instructions"]["user"].as_u64().unwrap() > 0);
}

/// The debugger works on a launched program: the session starts at the
/// kernel's first instruction, and `c` runs the program, whose stdout and
/// stderr both appear on the session's console.
#[test]
fn the_debugger_runs_a_launched_program() {
    let hello = program("hello");
    let dir = scratch_dir("linux-debug");
    let script = dir.join("script");
    std::fs::write(&script, "c\n").unwrap();
    let out = run_linux(
        &["--debug-script", script.to_str().unwrap()],
        &hello,
        &[],
        None,
    );
    let text = out.stdout_text();
    assert_eq!(out.status, 0, "{text}{}", out.stderr_text());
    assert!(text.contains("<_kernel_start>"), "{text}");
    assert!(
        text.contains("hello, world\na line on stderr\n[guest exited with code 0]"),
        "{text}"
    );
}

/// A program built for a modern target (`-march=rv64gc_zba_zbb_zbc_zbs`,
/// as compilers are asked to for RVA22 machines), whose code is full of
/// Zba, Zbb, Zbs and Zbc instructions, prints what it prints on
/// qemu-riscv64 (which has them too): counts, rotations, byte swaps,
/// min/max, single bits, carry-less products, scaled indexing.
#[test]
fn bit_manipulation_extensions_run_as_on_qemu() {
    let prog = linux_program_with("bitmanip", Link::Static, &["-march=rv64gc_zba_zbb_zbc_zbs"]);
    // The compiler did use them (else the comparison would prove nothing).
    let out = std::process::Command::new("riscv64-linux-gnu-objdump")
        .arg("-d")
        .arg(&prog)
        .output()
        .expect("riscv64-linux-gnu-objdump (binutils-riscv64-linux-gnu)");
    let dis = String::from_utf8_lossy(&out.stdout);
    for m in [
        "sh2add", "sh3add", "slli.uw", "clz", "ctz", "cpop", "cpopw", "rev8", "orc.b", "rol",
        "rorw", "min", "maxu", "andn", "xnor", "sext.b", "bset", "bclr", "binv", "clmul", "clmulh",
        "clmulr",
    ] {
        assert!(dis.contains(&format!("\t{m}\t")), "no {m} in the program");
    }
    let c = compare_with_qemu(&prog, &[], None);
    c.assert_same();
    assert!(c.vitrine.stdout_text().contains("checksum "));
}
