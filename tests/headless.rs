//! What a new user sees when scripting Vitrine the way people script QEMU
//! or a shell: `-c` prints only what the command writes, piped input ends
//! the session as it ends `sh`, and /proc has the per-process links that
//! tools and the articles' experiments read.

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `vitrine -c CMD` writes exactly what CMD writes: the kernel is quiet.
#[test]
fn dash_c_stdout_is_only_the_commands_output() {
    let out = vitrine(&["-c", "echo hi"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "hi\n");
    let out = vitrine(&["-c", "echo one; echo two >&2; exit 3"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        text(&out.stdout),
        "one\ntwo\n",
        "the console is one terminal: stderr too"
    );
}

/// The boot log is back with --verbose or loglevel=7, as with Linux's quiet.
#[test]
fn verbose_and_loglevel_bring_the_boot_log_back() {
    for flags in [&["--verbose"][..], &["--append", "loglevel=7"][..]] {
        let mut args = flags.to_vec();
        args.extend(["-c", "echo hi"]);
        let out = vitrine(&args);
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("Vitrine teaching kernel"),
            "{flags:?}: {stdout}"
        );
        assert!(stdout.contains("\nhi\n"), "{stdout}");
        assert!(
            stdout.contains("kernel: power off, exit status 0"),
            "{stdout}"
        );
    }
    // quiet keeps errors: an out-of-memory kill is KERN_ERR.
    let out = vitrine(&["-m", "16M", "-c", "oomtest --touch"]);
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("Vitrine teaching kernel"), "{stdout}");
    assert!(
        stdout.contains("kernel: out of memory: killed process"),
        "{stdout}"
    );
    assert!(
        stdout.contains("oomtest: child killed by signal 9"),
        "{stdout}"
    );
}

/// `printf 'echo hi\n' | vitrine` ends like `printf 'echo hi\n' | sh`: the
/// shell reads the line, then end of file, and the machine powers off
/// with the shell's status.
#[test]
fn piped_input_ends_the_session() {
    let out = vitrine_with_input(&[], Some(b"echo hi\nexit 7\n"));
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("hi\n"));
    let out = vitrine_with_input(&[], Some(b"echo piped\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("piped\n"));
    // A last line without its newline still runs.
    let out = vitrine_with_input(&[], Some(b"echo partial"));
    assert!(
        text(&out.stdout).contains("partial\n"),
        "{}",
        text(&out.stdout)
    );
    // Nothing at all: the shell exits at once.
    let out = vitrine(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // A program reading stdin sees the end of it: cat stops, the next
    // command runs. (The console is a terminal: it echoes the input as it
    // arrives, then cat writes it.)
    let out = vitrine_with_input(&["-c", "cat; echo after"], Some(b"line 1\nline 2\n"));
    assert_eq!(text(&out.stdout), "line 1\nline 2\nline 1\nline 2\nafter\n");
}

/// /proc/PID/exe, fd/ and environ, as Linux has them.
#[test]
fn proc_pid_exe_fd_and_environ() {
    let out = vitrine(&["-c", "ls /proc/self/fd; ls /proc/1; cat /proc/self/environ"]);
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("0"), "{stdout}");
    assert_eq!(lines.next(), Some("1"));
    assert_eq!(lines.next(), Some("2"));
    let pid1: Vec<&str> = stdout
        .lines()
        .skip(3)
        .take_while(|l| !l.contains('='))
        .collect();
    for name in ["cmdline", "environ", "exe", "fd", "status", "task"] {
        assert!(pid1.contains(&name), "/proc/1 lacks {name}: {pid1:?}");
    }
    assert!(stdout.contains("PATH=/bin\0HOME=/\0"), "{stdout:?}");
    // exe opens the program: bigtext reads its own ELF header through it.
    let out = vitrine(&["-c", "bigtext"]);
    let stdout = text(&out.stdout);
    let text_size: u64 = stdout
        .split("text segment=")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        text_size > 1_572_864,
        "text segment holds the 1.5 MiB blob: {stdout}"
    );
}
