//! Real Linux programs on the teaching kernel: small C programs compiled
//! with Debian's cross compiler (`riscv64-linux-gnu-gcc -static -O2`,
//! glibc 2.36), one per theme (tests/linux/*.c), run unmodified inside
//! Vitrine and under `qemu-riscv64` (user mode: the host's Linux kernel
//! answers the system calls) on the same binary. Their stdout and exit
//! status must be identical. The programs print what a user would see
//! and check themselves what differs by nature between two machines
//! (pids, times, host limits), printing only whether it is right.
//!
//! The articles' experiments written in C as a student writes them for
//! Linux (tests/linux/articles/) run in Vitrine next to our own Rust
//! versions (guest-os/user/programs/src/bin/) and must give the same
//! figures.
//!
//! Where qemu-user itself is not Linux (it runs a vfork as a fork; its
//! 7.2 has no clone3), the C program or the test says so and checks
//! Linux's behaviour inside Vitrine alone.

mod support;

use std::path::{Path, PathBuf};
use support::*;

/// tests/linux/NAME.c built statically (support::linux_program: cached,
/// rebuilt when the source changes).
fn compile(name: &str) -> PathBuf {
    require_qemu_user();
    linux_program(name, Link::Static)
}

/// Run `bin ARGS` inside Vitrine (the shell runs it `repeat` times,
/// separated by `;`): (exit status, console output). `verbose` adds the
/// power-off line (free frames).
fn in_vitrine(bin: &Path, args: &[&str], repeat: usize, verbose: bool) -> (Option<i32>, String) {
    let name = bin.file_name().unwrap().to_str().unwrap();
    let one = std::iter::once(format!("/root/{name}"))
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    in_vitrine_with(bin, &vec![one; repeat].join("; "), verbose)
}

/// Shell command line `cmd` inside Vitrine, with `bin` added as
/// /root/NAME (`vitrine --add`).
fn in_vitrine_with(bin: &Path, cmd: &str, verbose: bool) -> (Option<i32>, String) {
    let name = bin.file_name().unwrap().to_str().unwrap();
    let add = format!("{}:/root/{name}", bin.display());
    let mut flags = vec!["--add", &add, "-c", cmd];
    if verbose {
        flags.insert(0, "--verbose");
    }
    let out = vitrine(&flags);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A shell command line of the built-in OS: (exit status, console).
fn in_vitrine_cmd(cmd: &str) -> (Option<i32>, String) {
    let out = vitrine(&["-c", cmd]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Run `bin ARGS` under qemu-riscv64: (exit status, stdout).
fn in_qemu(bin: &Path, args: &[&str]) -> (Option<i32>, String) {
    let r = run_qemu_user(bin, args, None);
    (Some(r.status), r.stdout_text())
}

/// Compile tests/linux/NAME.c, run it as `vitrine ./NAME ARGS` and as
/// `qemu-riscv64 ./NAME ARGS`, and require the same stdout, stderr and
/// exit status; returns Vitrine's stdout.
fn same_as_qemu(name: &str, args: &[&str]) -> String {
    let bin = compile(name);
    let c = compare_with_qemu(&bin, args, None);
    c.assert_same();
    c.vitrine.stdout_text()
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

/// futex between processes (a MAP_SHARED page): WAIT_BITSET, CMP_REQUEUE,
/// WAKE_BITSET, WAKE, timeouts and the errors, as Linux answers them.
#[test]
fn futex_operations_as_on_linux() {
    let out = same_as_qemu("futex", &[]);
    assert!(out.contains("requeued 3 waiters from a to b\n"), "{out}");
    assert!(
        out.contains("FUTEX_WAKE_BITSET on b, bit 1: 1\nchild 1 exited 0, woken mask 2\n"),
        "{out}"
    );
    assert!(out.contains("woken mask 7\n"), "{out}");
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

/// poll on standard input: a typed line makes the console readable
/// (POLLIN), as a pipe with the same line is under qemu.
#[test]
fn poll_on_the_console() {
    let bin = compile("poll");
    let q = run_qemu_user(&bin, &["stdin"], Some(b"hello\n")).stdout_text();
    assert_eq!(q, "poll stdin: 1 revents 1, read 6: hello\n");
    let add = format!("{}:/root/poll", bin.display());
    let out = vitrine_with_input(&["--add", &add, "-c", "/root/poll stdin"], Some(b"hello\n"));
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains(&q), "{out}");
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

// --- The articles' experiments in C, against our Rust versions ----------

/// The number after `key=` in the first line starting with `prefix`.
fn figure(out: &str, prefix: &str, key: &str) -> i64 {
    num(out, prefix, key)
}

/// Copy-on-write with 100 MiB (malloc) and `system("free; ps -o
/// rss,maj_flt,min_flt PID")`: the child's writes take one minor fault
/// per page, as in the Rust cow; used memory grows by ~100 MiB only when
/// the child writes. (The C buffer comes from malloc, whose 100 MiB +
/// header is a mmap of 25,601 pages; the loop writes one byte in each of
/// 25,600 pages from the buffer's start, so the counts agree exactly.)
#[test]
fn article_cow_in_c_gives_the_rust_figures() {
    let bin = compile("articles/cow");
    let (status, c) = in_vitrine(&bin, &[], 1, false);
    assert_eq!(status, Some(0), "{c}");
    let (status, rust) = in_vitrine_cmd("cow");
    assert_eq!(status, Some(0), "{rust}");
    let (dc, dr) = (
        figure(&c, "cow: child", "delta"),
        figure(&rust, "cow: child", "delta"),
    );
    assert_eq!(
        dc, dr,
        "min_flt rise of the child's writes: C {dc}, Rust {dr}\n{c}\n{rust}"
    );
    assert!((25_600..25_700).contains(&dc), "{c}");
    let grew =
        figure(&c, "cow: used_kb", "after_child_writes") - figure(&c, "cow: used_kb", "after_fork");
    assert!(
        (100 * 1024..104 * 1024).contains(&grew),
        "writes should copy 100 MiB:\n{c}"
    );
    let forked =
        figure(&c, "cow: used_kb", "after_fork") - figure(&c, "cow: used_kb", "before_fork");
    assert!(forked < 2 * 1024, "fork copied memory:\n{c}");
    // system() ran our free and ps, three times each.
    assert_eq!(c.matches("  RSS  MAJFL  MINFL\n").count(), 3, "{c}");
    assert_eq!(c.matches("buff/cache   available\nMem:").count(), 3, "{c}");
}

/// fork + exec (`wc -l` on a file) + wait: the child's pid is the one the
/// parent got from fork, wc counts 3 lines, the status comes back; the
/// Rust forkexec shows the same pid relation. The output matches
/// qemu-riscv64's once pids are replaced by names.
#[test]
fn article_forkexec_in_c() {
    let bin = compile("articles/forkexec");
    let (status, c) = in_vitrine(&bin, &[], 1, false);
    assert_eq!(status, Some(0), "{c}");
    let child = figure(&c, "forkexec: parent", "child");
    assert_eq!(figure(&c, "forkexec: child", "pid"), child, "{c}");
    let (_, rust) = in_vitrine_cmd("forkexec");
    assert_eq!(
        figure(&rust, "forkexec: child", "pid"),
        figure(&rust, "forkexec: parent", "child"),
        "{rust}"
    );
    let (qs, q) = in_qemu(&bin, &[]);
    let normal = |s: &str, parent: i64, child: i64| {
        s.replace(&format!("pid={child}"), "pid=CHILD")
            .replace(&format!("child={child}"), "child=CHILD")
            .replace(&format!("pid={parent}"), "pid=PARENT")
    };
    let (qp, qc) = (
        figure(&q, "forkexec: parent", "pid"),
        figure(&q, "forkexec: parent", "child"),
    );
    let vp = figure(&c, "forkexec: parent", "pid");
    assert_eq!(normal(&c, vp, child), normal(&q, qp, qc));
    assert_eq!(status, qs);
    assert!(c.contains("\n3\n"), "{c}");
}

/// A zombie: Z in ps and /proc until waited for, then gone; the same
/// lines (but for the pids) as the Rust zombie.
#[test]
fn article_zombie_in_c_matches_rust() {
    let bin = compile("articles/zombie");
    let (status, c) = in_vitrine(&bin, &[], 1, false);
    assert_eq!(status, Some(0), "{c}");
    let (_, rust) = in_vitrine_cmd("zombie");
    for out in [&c, &rust] {
        assert!(out.contains("zombie: before wait state=Z\n"), "{out}");
        assert!(out.contains("zombie: after wait gone\n"), "{out}");
        let pid = figure(out, "zombie: child", "pid");
        assert!(
            out.lines().any(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                cols.len() > 2 && cols[0] == pid.to_string() && cols[2].starts_with('Z')
            }),
            "ps shows the zombie:\n{out}"
        );
    }
}

/// An orphan is adopted by init (pid 1) in both versions.
#[test]
fn article_orphan_in_c_matches_rust() {
    let bin = compile("articles/orphan");
    // The shell waits for the parent only: `sleep 1` keeps the machine
    // on until the orphan has spoken.
    let (_, c) = in_vitrine_with(&bin, "/root/orphan; sleep 1", false);
    let (_, rust) = in_vitrine_cmd("orphan; sleep 1");
    assert_eq!(figure(&c, "orphan: child", "ppid"), 1, "{c}");
    assert_eq!(figure(&rust, "orphan: child", "ppid"), 1, "{rust}");
}

/// clone flags: each row (with and without the flag) says exactly what
/// the Rust clonedemo says, run from the same directory.
#[test]
fn article_clone_flags_in_c_match_rust() {
    let bin = compile("articles/clone");
    let (status, c) = in_vitrine(&bin, &[], 1, false);
    assert_eq!(status, Some(0), "{c}");
    let (_, rust) = in_vitrine_cmd("clonedemo");
    let rows = |s: &str| {
        s.lines()
            .filter(|l| l.contains(" with: "))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&c).len(), 4, "{c}");
    assert_eq!(rows(&c), rows(&rust));
}

/// nice and CFS: three spinning children at nice 0, -5 and 10 get CPU
/// shares close to 24.1 / 73.3 / 2.6 % in C as in the Rust cfsdemo.
#[test]
fn article_nice_shares_in_c_match_rust() {
    let bin = compile("articles/nice");
    let (status, c) = in_vitrine(&bin, &[], 1, false);
    assert_eq!(status, Some(0), "{c}");
    let (_, rust) = in_vitrine_cmd("cfsdemo");
    let shares = |s: &str| -> Vec<f64> {
        let line = s
            .lines()
            .find(|l| l.contains(" shares "))
            .unwrap_or_else(|| panic!("{s}"));
        ["nice0=", "nice-5=", "nice10="]
            .iter()
            .map(|k| {
                let v = &line[line.find(k).unwrap() + k.len()..];
                v.split_whitespace().next().unwrap().parse().unwrap()
            })
            .collect()
    };
    let (sc, sr) = (shares(&c), shares(&rust));
    for (i, expected) in [24.1, 73.3, 2.6].iter().enumerate() {
        assert!((sc[i] - expected).abs() < 3.0, "C shares {sc:?}\n{c}");
        assert!(
            (sc[i] - sr[i]).abs() < 3.0,
            "C {sc:?} vs Rust {sr:?}\n{c}\n{rust}"
        );
    }
}
