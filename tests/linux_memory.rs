//! The memory side of real Linux programs (glibc, compiled with Debian's
//! riscv64-linux-gnu-gcc from tests/linux/*.c) on the teaching kernel:
//! mprotect (RELRO, PROT_NONE, a program patching its own text), mmap with
//! the flags glibc uses and its errors next to qemu-riscv64's, dynamically
//! linked programs (PT_INTERP, ld.so, libc shared through the page cache),
//! and bad input: a missing interpreter, a truncated library. After each,
//! the free-frame count at power-off is what one run leaves.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

const LIBS: &str = "/usr/riscv64-linux-gnu/lib";
const GCC: &str = "riscv64-linux-gnu-gcc";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Compile tests/linux/NAME.c (static unless `dynamic`) into the scratch
/// directory. The compiler is required: .ci/run installs it.
fn cross(name: &str, dynamic: bool, extra: &[&str]) -> PathBuf {
    assert!(
        have(GCC),
        "{GCC} is needed (apt-get install gcc-riscv64-linux-gnu)"
    );
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = scratch_dir(&format!("linux_memory_{name}_{n}"));
    let out = dir.join(format!("{name}{}", if dynamic { "-dyn" } else { "" }));
    let src = root().join(format!("tests/linux/{name}.c"));
    let mut cmd = Command::new(GCC);
    cmd.args(["-O2", "-o"]).arg(&out).arg(&src).args(extra);
    if !dynamic {
        cmd.arg("-static");
    }
    let r = cmd.output().unwrap();
    assert!(r.status.success(), "{GCC} {name}: {}", text(&r.stderr));
    out
}

/// `qemu-riscv64 [-L LIBS] prog args`: (stdout, exit code as a shell
/// shows it: 128 + the signal that ended it). Required.
fn qemu_user(prog: &Path, args: &[&str], libs: bool) -> (String, Option<i32>) {
    use std::os::unix::process::ExitStatusExt;
    assert!(
        have("qemu-riscv64"),
        "qemu-riscv64 is needed (apt-get install qemu-user)"
    );
    let mut cmd = Command::new("timeout");
    cmd.args(["-s", "KILL", "60", "qemu-riscv64"]);
    if libs {
        cmd.args(["-L", "/usr/riscv64-linux-gnu"]);
    }
    let r = cmd.arg(prog).args(args).output().unwrap();
    (
        text(&r.stdout),
        r.status.code().or(r.status.signal().map(|s| 128 + s)),
    )
}

/// `vitrine [flags] prog args` (a Linux program in the built-in OS).
fn vitrine_run(flags: &[&str], prog: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let mut a: Vec<&str> = vec!["run"];
    a.extend(flags);
    a.push(prog.to_str().unwrap());
    a.extend(args);
    let r = vitrine(&a);
    (text(&r.stdout), text(&r.stderr), r.status.code())
}

fn add(host: &Path, guest: &str) -> String {
    format!("{}:{guest}", host.display())
}

/// glibc's start-up mprotects its RELRO region (a static program would die
/// before main without mprotect); then errors, PROT_NONE keeping the
/// contents, copy-on-write through a read-only spell, and a program that
/// makes its text writable, patches an instruction, flushes with
/// __builtin___clear_cache (riscv_flush_icache + fence.i) and runs the new
/// instruction, while a child forked before keeps the original text. The
/// faults each end their own run with SIGSEGV. (qemu-riscv64 7.2 hangs on
/// fork after these mprotect sequences, so the expected lines are written
/// here, as Linux prints them.)
#[test]
fn mprotect_relro_prot_none_and_self_patching_text() {
    let prog = cross("mprotect", false, &[]);
    let (out, err, code) = vitrine_run(&[], &prog, &[]);
    let want = "\
unaligned: -1 right errno
bad prot: -1 right errno
over a hole: -1 right errno
middle page none: ok
back to read: ok
contents kept: 7
writable again: ok
written: 9
last page read-only: ok
read 7
read neighbour: exited 0
read-only before fork: ok
child wrote 2, parent sees 1
patchme() = 1
text writable: ok
patched patchme() = 42
text read-only: ok
still patched = 42
forked before the patch: patchme() = 1
";
    assert_eq!(out, want, "{err}");
    assert_eq!(code, Some(0));
    for mode in ["none", "ro", "text"] {
        let (_, _, code) = vitrine_run(&[], &prog, &[mode]);
        let (_, qcode) = qemu_user(&prog, &[mode], false);
        assert_eq!(code, Some(128 + 11), "{mode}: SIGSEGV");
        assert_eq!(qcode, code, "{mode}: as qemu-riscv64");
    }
    // The patched page was the program's private copy: the next run, from
    // the same page cache, has the original instruction again.
    let p = add(&prog, "/root/mprotect");
    let run = guest(
        &["--add", &p],
        "/root/mprotect > /tmp/a; /root/mprotect > /tmp/b; cat /tmp/b",
    );
    assert!(run.console.contains("\npatchme() = 1\n"), "{}", run.console);
    let once = guest(&["--add", &p], "/root/mprotect > /tmp/a");
    assert_eq!(
        frames_free(&run.console),
        frames_free(&once.console),
        "frames leaked"
    );
}

/// Lines of mmap.c's output where qemu-riscv64 7.2 is not Linux: Linux's
/// answer (mm/mmap.c, mm/mremap.c, mm/madvise.c), which Vitrine gives.
const QEMU_DIFFERS: &[&str] = &[
    "validate unknown flag        failed: EOPNOTSUPP", // qemu: EINVAL
    "fixed noreplace over a map   failed: EEXIST",     // qemu: takes it as a hint
    "mremap unmapped              failed: EFAULT",     // qemu: EINVAL
    "madvise bad advice           failed: EINVAL",     // qemu ignores madvise
    "madvise unmapped             failed: ENOMEM",
];

/// mmap's flag matrix (MAP_STACK, PROT_NONE reservations with
/// MAP_NORESERVE, MAP_FIXED, MAP_FIXED_NOREPLACE, hints, MAP_POPULATE,
/// MAP_GROWSDOWN, private and shared file mappings with offsets, partial
/// munmap, mremap, madvise(MADV_DONTNEED), msync, brk) and its errors:
/// the same lines as qemu-riscv64, except where qemu is not Linux.
#[test]
fn mmap_flag_matrix_matches_qemu_and_linux() {
    let prog = cross("mmap", false, &[]);
    let dir = scratch_dir("linux_memory_files");
    let (q, qcode) = qemu_user(&prog, &[dir.to_str().unwrap()], false);
    let (v, err, code) = vitrine_run(&[], &prog, &["/tmp"]);
    assert_eq!(code, Some(0), "{v}{err}");
    assert_eq!(qcode, Some(0), "{q}");
    let (ql, vl): (Vec<&str>, Vec<&str>) = (q.lines().collect(), v.lines().collect());
    assert_eq!(ql.len(), vl.len(), "qemu:\n{q}\nvitrine:\n{v}");
    for (q, v) in ql.iter().zip(&vl) {
        if QEMU_DIFFERS.contains(v) {
            continue;
        }
        assert_eq!(q, v, "qemu-riscv64 and Vitrine differ");
    }
    for want in QEMU_DIFFERS {
        assert!(vl.contains(want), "missing {want:?} in:\n{v}");
    }
    // Nothing leaks: two runs leave what one leaves.
    let p = add(&prog, "/root/mmap");
    let once = guest(&["--add", &p], "/root/mmap > /tmp/o");
    let twice = guest(&["--add", &p], "/root/mmap > /tmp/o; /root/mmap > /tmp/o");
    assert_eq!(
        frames_free(&once.console),
        frames_free(&twice.console),
        "frames leaked"
    );
}

/// A dynamically linked hello world: the kernel loads the program at
/// ELF_ET_DYN_BASE and ld.so from PT_INTERP, ld.so maps libc from /lib.
/// Same output and status as `qemu-riscv64 -L /usr/riscv64-linux-gnu`.
#[test]
fn dynamic_hello_world_as_qemu() {
    let dir = scratch_dir("linux_memory_hello");
    let src = dir.join("hello.c");
    std::fs::write(&src, "#include <stdio.h>\nint main(int c, char **v) { printf(\"hello %s %d\\n\", v[1], c); return 3; }\n").unwrap();
    let prog = dir.join("hello-dyn");
    let r = Command::new(GCC)
        .args(["-O2", "-o"])
        .arg(&prog)
        .arg(&src)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", text(&r.stderr));
    let libs = format!("{LIBS}:/lib");
    let (v, err, code) = vitrine_run(&["--add", &libs], &prog, &["world"]);
    let (q, qcode) = qemu_user(&prog, &["world"], true);
    assert_eq!(v, "hello world 2\n", "{err}");
    assert_eq!((v, code), (q, qcode));
}

/// libc's text is shared through the page cache: two runs of a dynamic
/// program see libc mapped r-xp, r--p, rw-p from the same device and
/// inode, and the second run takes no major fault (every page of ld.so,
/// libc and the program is already cached), only minor ones.
#[test]
fn libc_shared_through_the_page_cache() {
    let prog = cross("maps", true, &[]);
    let libs = format!("{LIBS}:/lib");
    let p = add(&prog, "/root/maps");
    let run = guest(&["--add", &libs, "--add", &p], "/root/maps; /root/maps");
    let c = &run.console;
    let runs: Vec<&str> = c.split("faults:").collect();
    assert_eq!(runs.len(), 3, "{c}");
    let libc = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("/lib/libc.so.6"))
            .map(String::from)
            .collect()
    };
    let (first, second) = (libc(runs[0]), libc(runs[1]));
    assert_eq!(first.len(), 3, "{c}");
    assert_eq!(first, second, "both processes map the same file and inode");
    let perms: Vec<&str> = first.iter().map(|l| &l[..4]).collect();
    assert_eq!(perms, ["r-xp", "r--p", "rw-p"], "{c}");
    assert!(
        first
            .iter()
            .all(|l| l.split_whitespace().nth(2) == Some("00:01")),
        "{c}"
    );
    let faults = |s: &str, k: &str| -> u64 {
        let w: Vec<&str> = s.split_whitespace().collect();
        let i = w.iter().position(|x| *x == k).unwrap();
        w[i + 1].parse().unwrap()
    };
    let (first_run, second_run) = (
        runs[1].lines().next().unwrap(),
        runs[2].lines().next().unwrap(),
    );
    assert!(faults(first_run, "major") > 0, "{c}");
    assert_eq!(faults(second_run, "major"), 0, "{c}");
    assert!(faults(second_run, "minor") > 0, "{c}");
    let once = guest(&["--add", &libs, "--add", &p], "/root/maps");
    assert_eq!(frames_free(&once.console), frames_free(c), "frames leaked");
}

/// A program whose interpreter does not exist: execve fails with ENOENT,
/// and the shell says so as Linux's shells do; the system goes on.
#[test]
fn missing_interpreter_is_enoent() {
    let prog = cross("maps", true, &["-Wl,--dynamic-linker=/lib/no-such-ld.so.1"]);
    let p = add(&prog, "/root/nointerp");
    let run = guest(
        &["--add", &p],
        "/root/nointerp; echo status $?; echo still here",
    );
    let c = &run.console;
    assert!(c.contains("No such file or directory"), "{c}");
    assert!(c.contains("still here"), "{c}");
    let once = guest(&["--add", &p], "echo still here");
    assert_eq!(frames_free(&once.console), frames_free(c), "frames leaked");
}

/// A truncated shared library: ld.so refuses it with its own message
/// ("error while loading shared libraries: ... cannot read file data") and
/// status 127, as under qemu-riscv64 with the same truncated file; no
/// kernel trouble, and no frame lost.
#[test]
fn truncated_library_fails_cleanly() {
    let dir = scratch_dir("linux_memory_trunc");
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    let ld = "ld-linux-riscv64-lp64d.so.1";
    std::fs::copy(format!("{LIBS}/{ld}"), lib.join(ld)).unwrap();
    let libc = std::fs::read(format!("{LIBS}/libc.so.6")).unwrap();
    // Cut inside the program headers: ld.so must read the rest (pread64)
    // and finds the file short.
    std::fs::write(lib.join("libc.so.6"), &libc[..500]).unwrap();
    let prog = cross("maps", true, &[]);
    let libs = format!("{}:/lib", lib.display());
    let (v, err, code) = vitrine_run(&["--add", &libs], &prog, &[]);
    assert!(err.contains("libc.so.6: cannot read file data"), "{v}{err}");
    assert_eq!(code, Some(127));
    let q = Command::new("timeout")
        .args(["-s", "KILL", "60", "qemu-riscv64", "-L"])
        .arg(&dir)
        .arg(&prog)
        .output()
        .unwrap();
    assert_eq!(q.status.code(), code, "{}", text(&q.stderr));
    let p = add(&prog, "/root/maps");
    let run = guest(&["--add", &libs, "--add", &p], "/root/maps; echo after $?");
    assert!(run.console.contains("after 127"), "{}", run.console);
    let base = guest(&["--add", &libs, "--add", &p], "echo after 127");
    assert_eq!(
        frames_free(&base.console),
        frames_free(&run.console),
        "frames leaked"
    );
}
