//! Fault injection in the teaching kernel (guest-os/kernel/src/mm/fail.rs),
//! as Linux's fail_page_alloc: frame allocations and user-sized heap
//! allocations that fail on purpose. The experiments (cow, forkexec,
//! threads, clonedemo, oomtest) run with one allocation in N failing: every
//! failure ends in ENOMEM/EAGAIN or an OOM kill, never a kernel panic, and
//! every frame comes back. Also: the knobs of /proc/sys/debug, the boot
//! parameter, and the heap paths a user can push (big tmpfs and pipe
//! writes), which used to panic the kernel.

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run CMD in the built-in OS: (exit status, console output).
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = vitrine(args);
    let mut s = text(&out.stdout);
    s.push_str(&text(&out.stderr));
    (out.status.code(), s)
}

const EXPERIMENTS: &str = "cow; forkexec; threads; clonedemo; oomtest";

/// The experiments with `knobs` written to /proc/sys/debug (name value
/// pairs), then injection off and the count of failures injected; with
/// the kernel's power-off line, which counts the free frames when every
/// process has ended (a MemFree reading inside the shell would count the
/// shell's own heap, which grows with the error messages it prints).
fn experiments_with(knobs: &[(&str, u32)]) -> (Option<i32>, String) {
    let set: String = knobs
        .iter()
        .map(|(k, v)| format!("echo {v} > /proc/sys/debug/{k}; "))
        .collect();
    // The shell's own forks fail too while injection is on: turning it
    // off is tried three times (a fork needs about ten allocations).
    let off = "echo 0 > /proc/sys/debug/fail_page_alloc; ".repeat(3);
    let script =
        format!("{set}{EXPERIMENTS}; {off}echo injected; cat /proc/sys/debug/fail_injected");
    run(&["--verbose", "-c", &script])
}

/// Free frames at power-off after a run of `true`.
fn baseline() -> u64 {
    let (code, out) = run(&["--verbose", "-c", "true"]);
    assert_eq!(code, Some(0), "{out}");
    frames_free(&out)
}

/// The number on the line after the line `label`.
fn after(out: &str, label: &str) -> Option<u64> {
    let mut lines = out.lines().skip_while(|l| *l != label);
    lines.next()?;
    lines.next()?.trim().parse().ok()
}

fn assert_clean(what: &str, code: Option<i32>, out: &str, baseline: u64) {
    assert!(
        !out.contains("kernel panic"),
        "{what}: kernel panic:\n{out}"
    );
    assert_ne!(code, Some(101), "{what}: exit status of a panic:\n{out}");
    assert_eq!(frames_free(out), baseline, "{what}: frames leaked:\n{out}");
    let injected =
        after(out, "injected").unwrap_or_else(|| panic!("{what}: no injected count:\n{out}"));
    assert!(injected > 0, "{what}: nothing was failed:\n{out}");
    // The failures surfaced to user space: as errors or as OOM kills.
    assert!(
        out.contains("Cannot allocate memory")
            || out.contains("Resource temporarily unavailable")
            || out.contains("out of memory: killed process"),
        "{what}: no failure was visible:\n{out}"
    );
}

#[test]
fn every_nth_allocation_failing_ends_in_errors_or_oom_kills_and_leaks_no_frame() {
    let base = baseline();
    for n in [61, 101, 199, 499] {
        let (code, out) = experiments_with(&[("fail_page_alloc", n)]);
        assert_clean(&format!("fail_page_alloc={n}"), code, &out, base);
    }
}

#[test]
fn random_failures_are_deterministic_and_leak_no_frame() {
    let knobs = [("fail_random", 1), ("fail_page_alloc", 97)];
    let (code, first) = experiments_with(&knobs);
    assert_clean("fail_random, 1 in 97", code, &first, baseline());
    let (_, second) = experiments_with(&knobs);
    let guest = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with('['))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        guest(&first),
        guest(&second),
        "the same seed, another run (host log lines aside)"
    );
}

#[test]
fn the_knobs_read_back_refuse_bad_values_and_fail_nth_fires_once() {
    let (code, out) = run(&[
        "-c",
        "cat /proc/sys/debug/fail_page_alloc; echo 100000 > /proc/sys/debug/fail_page_alloc; \
         cat /proc/sys/debug/fail_page_alloc; echo 0 > /proc/sys/debug/fail_page_alloc; \
         echo -1 > /proc/sys/debug/fail_page_alloc; echo 2 > /proc/sys/debug/fail_random; \
         echo 5 > /proc/sys/debug/fail_injected; ls /proc/sys/debug; \
         echo 1 > /proc/sys/debug/fail_nth; true; echo nth; cat /proc/sys/debug/fail_nth; \
         echo injected; cat /proc/sys/debug/fail_injected",
    ]);
    assert!(!out.contains("kernel panic"), "{out}");
    assert_ne!(code, Some(101), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(&lines[..2], ["0", "100000"], "{out}");
    // Out of range: EINVAL, as Linux's proc_dointvec_minmax.
    assert_eq!(
        out.matches("Invalid argument").count(),
        3,
        "-1, fail_random 2 and fail_injected 5 are refused:\n{out}"
    );
    for knob in [
        "fail_injected",
        "fail_nth",
        "fail_page_alloc",
        "fail_random",
    ] {
        assert!(
            lines.contains(&knob),
            "{knob} not in /proc/sys/debug:\n{out}"
        );
    }
    // fail_nth=1: the next injectable allocation (in the fork or exec of
    // `true`) failed, once; the knob is back at 0.
    assert_eq!(after(&out, "nth"), Some(0), "{out}");
    assert_eq!(after(&out, "injected"), Some(1), "{out}");
}

#[test]
fn the_boot_parameter_sets_the_knob_and_a_bad_value_is_refused() {
    let (code, out) = run(&[
        "--append",
        "fail_page_alloc=100000",
        "-c",
        "cat /proc/sys/debug/fail_page_alloc",
    ]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("100000\n"), "{out}");
    let (code, out) = run(&["--append", "fail_page_alloc=many", "-c", "true"]);
    assert_eq!(code, Some(99), "refused, not a panic:\n{out}");
    assert!(
        out.contains("kernel: bad fail_page_alloc=many: want 0..=1000000000; powering off"),
        "{out}"
    );
    // On from init's start: whatever init and the shell lose, the kernel
    // stays up and powers off normally.
    let (code, out) = run(&[
        "--verbose",
        "--append",
        "fail_page_alloc=50",
        "-c",
        EXPERIMENTS,
    ]);
    assert!(!out.contains("kernel panic"), "{out}");
    assert_ne!(code, Some(101), "{out}");
    assert!(
        out.contains("kernel: fault injection: one allocation in 50 fails"),
        "{out}"
    );
    assert_eq!(frames_free(&out), baseline(), "frames leaked:\n{out}");
}

/// What a user can ask of the kernel heap (4 MiB) through files and pipes:
/// a tmpfs file that would not fit is ENOSPC (the kernel used to panic on
/// the heap allocation), a pipe takes any amount piece by piece.
const BIG_WRITES: &str = r#"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fd = open("/tmp/big", O_CREAT | O_RDWR | O_TRUNC, 0644);
    lseek(fd, 1LL << 40, SEEK_SET);
    ssize_t r = write(fd, "x", 1);
    printf("far write: %s\n", r < 0 ? strerror(errno) : "ok");
    size_t n = 8 << 20;
    char *buf = malloc(n);
    memset(buf, 'a', n);
    lseek(fd, 0, SEEK_SET);
    r = write(fd, buf, n);
    printf("8 MiB file write: %s\n", r < 0 ? strerror(errno) : "ok");
    r = write(fd, buf, 4096);
    printf("4 KiB file write: %zd\n", r);
    int p[2];
    pipe(p);
    if (fork() == 0) {
        close(p[1]);
        size_t got = 0;
        static char b[65536];
        ssize_t k;
        while ((k = read(p[0], b, sizeof b)) > 0)
            got += k;
        printf("child read %zu\n", got);
        return 0;
    }
    close(p[0]);
    r = write(p[1], buf, n);
    printf("8 MiB pipe write: %zd\n", r);
    close(p[1]);
    wait(NULL);
    return 0;
}
"#;

#[test]
fn big_file_and_pipe_writes_are_errors_or_pieces_not_heap_panics() {
    let prog = linux_program(BIG_WRITES, Link::Static);
    let ran = run_linux(&[], &prog, &[], None);
    let out = ran.stdout_text();
    assert_eq!(ran.status, 0, "{out}{}", ran.stderr_text());
    assert!(
        out.contains("far write: No space left on device\n"),
        "{out}"
    );
    assert!(
        out.contains("8 MiB file write: No space left on device\n"),
        "{out}"
    );
    assert!(out.contains("4 KiB file write: 4096\n"), "{out}");
    assert!(out.contains("8 MiB pipe write: 8388608\n"), "{out}");
    assert!(out.contains("child read 8388608\n"), "{out}");
}

/// 300 processes each filling 30 pipes (4 KiB each, on the 4 MiB kernel
/// heap): the kernel used to panic ("memory allocation of 4096 bytes
/// failed"); now pipe writes are ENOMEM once the heap is down to the
/// reserve the kernel keeps for itself, and so are forks.
const MANY_PIPES: &str = r#"
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char buf[4096];

int main(void) {
    for (int c = 0; c < 300; c++) {
        if (fork() == 0) {
            for (int i = 0; i < 30; i++) {
                int p[2];
                if (pipe2(p, O_NONBLOCK) < 0)
                    break;
                if (write(p[1], buf, sizeof buf) < 0) {
                    printf("write: %s\n", strerror(errno));
                    break;
                }
            }
            fflush(stdout);
            sleep(2);
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    printf("all reaped\n");
    return 0;
}
"#;

#[test]
fn pipes_filling_the_kernel_heap_are_enomem_not_a_panic() {
    let prog = linux_program(MANY_PIPES, Link::Static);
    let ran = run_linux(&["--verbose"], &prog, &[], None);
    let out = ran.stdout_text();
    assert!(!out.contains("kernel panic"), "{out}");
    assert_eq!(ran.status, 0, "{out}");
    assert!(out.contains("write: Cannot allocate memory\n"), "{out}");
    assert!(out.contains("all reaped\n"), "{out}");
}
