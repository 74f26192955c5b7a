//! System calls of the teaching kernel seen from user programs of the
//! built-in OS (`vitrine -c CMD`): fork/exit/wait in a loop, anonymous
//! mmap/munmap, readv/writev. The kernel's free-frame count, printed at
//! power-off, proves that nothing leaks.

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run CMD in the built-in OS: (exit status, stdout).
fn run(cmd: &str) -> (Option<i32>, String) {
    let out = vitrine(&["--verbose", "-c", cmd]); // with the power-off line
    (out.status.code(), text(&out.stdout))
}

/// 1,000 sequential fork + exit + wait cycles: every child's status comes
/// back right, and every frame a child had (page tables, trap frame, kernel
/// stack, copied pages) is free again: the count at power-off is exactly
/// what one cycle leaves.
#[test]
fn thousand_forks_leave_the_free_frame_count_unchanged() {
    let (code, one) = run("forkloop 1");
    assert_eq!(code, Some(0), "{one}");
    assert!(one.contains("\nforkloop: 1 children ok\n"), "{one}");
    let (code, many) = run("forkloop 1000");
    assert_eq!(code, Some(0), "{many}");
    assert!(many.contains("\nforkloop: 1000 children ok\n"), "{many}");
    assert_eq!(
        frames_free(&many),
        frames_free(&one),
        "frames leaked:\n{many}"
    );
}

/// memtest mmaps 1 MiB, writes and checks every page, munmaps it in two
/// halves, passes data through a pipe with writev/readv and prints its
/// result with writev. Afterwards the free-frame count is that of a run
/// of `true`: munmap and exit gave every frame back.
#[test]
fn mmap_munmap_readv_writev_and_no_frame_leaks() {
    let (code, base) = run("true");
    assert_eq!(code, Some(0), "{base}");
    let (code, out) = run("memtest");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("\nmemtest: ok\n"), "{out}");
    assert_eq!(
        frames_free(&out),
        frames_free(&base),
        "frames leaked:\n{out}"
    );
    // Twice in one boot, and a fork loop after: still no leak.
    let (code, out) = run("memtest && memtest && forkloop 10");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out.matches("memtest: ok").count(), 2, "{out}");
    assert_eq!(
        frames_free(&out),
        frames_free(&base),
        "frames leaked:\n{out}"
    );
}

/// Bad arguments are refused without killing anything.
#[test]
fn forkloop_usage_error() {
    let (code, _) = run("forkloop");
    assert_eq!(code, Some(2));
}
