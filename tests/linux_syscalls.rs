//! Real Linux programs on the teaching kernel: small C programs compiled
//! with Debian's cross compiler (`riscv64-linux-gnu-gcc -static -O2`,
//! glibc 2.36), one per theme (tests/linux/*.c), run unmodified inside
//! Vitrine and under `qemu-riscv64` (user mode: the host's Linux kernel
//! answers the system calls) on the same binary. Their stdout and exit
//! status must be identical. The programs print what a user would see
//! and check themselves what differs by nature between two machines
//! (pids, times, host limits), printing only whether it is right.
//!
//! Where qemu-user itself is not Linux (it runs a vfork as a fork; its
//! 7.2 has no clone3), the C program or the test says so and checks
//! Linux's behaviour inside Vitrine alone.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

const CC: &str = "riscv64-linux-gnu-gcc";
const QEMU_USER: &str = "qemu-riscv64";

/// CI installs the compiler and QEMU (.ci/run): missing tools are a setup
/// error, not a reason to skip.
fn require_cross_tools() {
    assert!(
        have(CC),
        "{CC} not found: apt-get install gcc-riscv64-linux-gnu libc6-dev-riscv64-cross"
    );
    assert!(
        have(QEMU_USER),
        "{QEMU_USER} not found: apt-get install qemu-user"
    );
}

/// Compile tests/linux/NAME.c statically into a scratch directory.
fn compile(name: &str) -> PathBuf {
    require_cross_tools();
    let dir = scratch_dir(&format!("linux-{}", name.replace('/', "-")));
    let src = root().join("tests/linux").join(format!("{name}.c"));
    let bin = dir.join(Path::new(name).file_name().unwrap());
    let out = Command::new(CC)
        .args(["-static", "-O2", "-Wall", "-Wl,-z,norelro", "-o"])
        .arg(&bin)
        .arg(&src)
        .arg("-lpthread")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{CC} {}:\n{}",
        src.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    bin
}

/// One newc cpio entry (Linux's initramfs format).
fn cpio_entry(out: &mut Vec<u8>, ino: u32, name: &str, mode: u32, data: &[u8]) {
    let header = format!(
        "070701{ino:08X}{mode:08X}{:08X}{:08X}{:08X}{:08X}{:08X}{:08X}{:08X}{:08X}{:08X}{:08X}{:08X}",
        0,
        0,
        1,
        0,
        data.len(),
        0,
        0,
        0,
        0,
        name.len() + 1,
        0
    );
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    while out.len() % 4 != 0 {
        out.push(0);
    }
    out.extend_from_slice(data);
    while out.len() % 4 != 0 {
        out.push(0);
    }
}

/// The built-in root file system with `bin` added as /root/NAME (the
/// kernel reads concatenated archives, later entries overriding).
fn initrd_with(bin: &Path) -> PathBuf {
    let mut img = std::fs::read(root().join("guest-os/prebuilt/initramfs.cpio")).unwrap();
    let name = bin.file_name().unwrap().to_str().unwrap();
    cpio_entry(
        &mut img,
        90_001,
        &format!("root/{name}"),
        0o100755,
        &std::fs::read(bin).unwrap(),
    );
    cpio_entry(&mut img, 0, "TRAILER!!!", 0, &[]);
    let path = bin.with_extension("cpio");
    std::fs::write(&path, img).unwrap();
    path
}

/// Run `bin ARGS` inside Vitrine: (exit status, console output). With
/// `repeat`, the shell runs it that many times, separated by `;`, and
/// `--verbose` adds the power-off line (free frames).
fn in_vitrine(bin: &Path, args: &[&str], repeat: usize, verbose: bool) -> (Option<i32>, String) {
    let initrd = initrd_with(bin);
    let name = bin.file_name().unwrap().to_str().unwrap();
    let one = std::iter::once(format!("/root/{name}"))
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    let cmd = vec![one; repeat].join("; ");
    let mut flags = vec!["--initrd", initrd.to_str().unwrap(), "-c", &cmd];
    if verbose {
        flags.insert(0, "--verbose");
    }
    let out = vitrine(&flags);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Run `bin ARGS` under qemu-riscv64: (exit status, stdout).
fn in_qemu(bin: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new("timeout")
        .args(["120", QEMU_USER])
        .arg(bin)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Compile tests/linux/NAME.c, run it in both, and require the same
/// stdout and exit status; returns Vitrine's output.
fn same_as_qemu(name: &str, args: &[&str]) -> String {
    let bin = compile(name);
    let (qs, qout) = in_qemu(&bin, args);
    let (vs, vout) = in_vitrine(&bin, args, 1, false);
    assert_eq!(
        vout, qout,
        "{name}: Vitrine's output (left) differs from qemu-riscv64's (right)"
    );
    assert_eq!(
        vs, qs,
        "{name}: exit status differs from qemu-riscv64's\n{vout}"
    );
    vout
}

#[test]
fn sleeping_and_clocks_as_on_linux() {
    let out = same_as_qemu("time", &[]);
    assert!(out.contains("sleep(1): 0 ok\n"), "{out}");
    assert!(
        out.contains("interrupted nanosleep: -1 Interrupted system call, rem+slept ~ 5s: yes"),
        "{out}"
    );
    assert!(
        out.contains("stopped+continued nanosleep(1s): 0 ok"),
        "{out}"
    );
}

#[test]
fn files_fcntl_statx_access_as_on_linux() {
    let out = same_as_qemu("files", &[]);
    assert!(
        out.contains("after exec: cloexec fd: -1 Bad file descriptor; kept fd: 0\n"),
        "{out}"
    );
    assert!(
        out.contains("read empty nonblocking pipe: -1 Resource temporarily unavailable\n"),
        "{out}"
    );
}

#[test]
fn poll_and_select_on_pipes_as_on_linux() {
    let out = same_as_qemu("poll", &[]);
    assert!(
        out.contains("poll woken by a writer: 1 revents 0 1, after the write: yes"),
        "{out}"
    );
}

#[test]
fn limits_ids_random_rusage_as_on_linux() {
    let out = same_as_qemu("misc", &[]);
    assert!(
        out.contains("getrusage: touching 256 new pages: minflt +256..299, majflt 0"),
        "{out}"
    );
}

/// Inside Vitrine the console is a terminal (qemu's stdout here is a
/// pipe, so this one is checked against what the console says).
#[test]
fn the_console_is_a_terminal_for_glibc() {
    let bin = compile("misc");
    let (status, out) = in_vitrine(&bin, &["tty"], 1, false);
    assert_eq!(status, Some(0), "{out}");
    assert_eq!(out, "isatty(1) 1 TIOCGWINSZ 0 rows 24 cols 80\n");
}

#[test]
fn threads_mutexes_condition_variables_as_on_linux() {
    let out = same_as_qemu("threads", &[]);
    assert!(
        out.contains("counter 80000 (expected 80000), join values sum 60\n"),
        "{out}"
    );
    assert!(
        out.contains("cond_timedwait: Connection timed out, not before the deadline: yes"),
        "{out}"
    );
}

#[test]
fn system_popen_posix_spawn_as_on_linux() {
    let out = same_as_qemu("spawn", &[]);
    assert!(
        out.contains("from system\nsystem: exited 1 status 0\n"),
        "{out}"
    );
}

/// exit() in main, and exit() in a thread, while a thread sleeps and one
/// spins: the whole process ends with that status; run twice in one boot,
/// the second run leaves exactly as many free frames as the first (no
/// task, stack or page left behind).
#[test]
fn exit_group_while_other_threads_run() {
    same_as_qemu("exitgroup", &[]);
    let bin = compile("exitgroup");
    let (qs, _) = in_qemu(&bin, &["thread"]);
    let (vs, out) = in_vitrine(&bin, &["thread"], 1, false);
    assert_eq!((vs, qs), (Some(9), Some(9)), "{out}");
    let (_, once) = in_vitrine(&bin, &["thread"], 1, true);
    let (_, twice) = in_vitrine(&bin, &["thread"], 2, true);
    assert_eq!(
        frames_free(&once),
        frames_free(&twice),
        "frames leaked:\n{twice}"
    );
}

/// clone3 (435): qemu-riscv64 7.2 does not have it (ENOSYS) and glibc
/// 2.36 for riscv64 does not use it, so Linux's answers are checked here:
/// a fork-like clone3 runs the child, a size below CLONE_ARGS_SIZE_VER0
/// and an exit signal in the flags are EINVAL.
#[test]
fn clone3_forks_and_checks_its_arguments() {
    let bin = compile("clone3");
    let (status, out) = in_vitrine(&bin, &[], 1, false);
    assert_eq!(status, Some(0), "{out}");
    assert_eq!(
        out,
        "clone3 fork: reaped, child status 5\n\
         clone3 size 10: -1 Invalid argument\n\
         clone3 signal in flags: -1 Invalid argument\n"
    );
}
