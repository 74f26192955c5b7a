//! Dhrystone and CoreMark as bare-metal RV64 programs that run unchanged on
//! Vitrine (`vitrine run`) and on QEMU (`qemu-system-riscv64 -machine spike
//! -bios none -kernel`), built with Debian's `riscv64-unknown-elf-gcc` and
//! picolibc's headers from the unmodified archives in `../shared/thirdparty/`
//! (used by `tests/benchmark_programs.rs` and `benches/compute.rs`).
//!
//! Both use riscv-tests' benchmark runtime (`benchmarks/common`: `crt.S`,
//! `test.ld`, `syscalls.c` with its `printf`), built as its Makefile builds
//! `dhrystone.riscv` (same flags, `-march=rv64gc`). Its console goes
//! through the HTIF syscall proxy (device 0), which QEMU 7.2 lacks, so the
//! build works on copies in `out_dir`, changed as follows (the archives are
//! never patched):
//!
//! - `syscalls.c`: its `syscall()` (whose only callers print a byte) is
//!   replaced by `htif_console.inc`, the HTIF console's putchar (device 1,
//!   command 1), which both machines implement;
//! - Dhrystone: riscv-tests defines `debug_printf` empty; the copy of
//!   `dhrystone.c` loses that definition and `syscalls.c` gets a printing one
//!   (`dhrystone_report.inc`), so the run prints the benchmark's own "should
//!   be" checks; `dhrystone.h`'s `NUMBER_OF_RUNS` (500, fixed) becomes a
//!   default that `-DNUMBER_OF_RUNS=` overrides;
//! - `include/sys/signal.h` stands in for newlib's header that `syscalls.c`
//!   includes (picolibc has `<signal.h>`).
//!
//! CoreMark is built from its sources with the port in `coremark/`
//! (`core_portme.{c,h}`: the CLINT's `mtime`, 10 MHz, and the same
//! runtime; no float).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const GCC: &str = "riscv64-unknown-elf-gcc";

/// This directory (the port files).
fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bench_programs")
}

/// Copies every regular file of `from` into `to`.
fn copy_files(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// Replaces `old` (which must be there: the build says so if the archive
/// changed) by `new` in file `path`.
fn edit(path: &Path, old: &str, new: &str) {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(
        s.contains(old),
        "{}: expected text not found (a different riscv-tests snapshot?): {old:?}",
        path.display()
    );
    std::fs::write(path, s.replacen(old, new, 1)).unwrap();
}

/// Copies riscv-tests' `benchmarks/common` into `dir` with the HTIF console
/// (see the module documentation); returns its C and assembly sources.
fn runtime(riscv_tests: &Path, dir: &Path) -> Vec<PathBuf> {
    copy_files(&riscv_tests.join("benchmarks/common"), dir);
    let syscalls = dir.join("syscalls.c");
    let s = std::fs::read_to_string(&syscalls).unwrap();
    let start = s
        .find("static uintptr_t syscall(")
        .expect("syscalls.c: no syscall()");
    let end_marker = "return magic_mem[0];\n}\n";
    let end = start
        + s[start..]
            .find(end_marker)
            .expect("syscalls.c: end of syscall()")
        + end_marker.len();
    let console = std::fs::read_to_string(here().join("htif_console.inc")).unwrap();
    std::fs::write(&syscalls, format!("{}{console}{}", &s[..start], &s[end..])).unwrap();
    vec![syscalls, dir.join("crt.S")]
}

/// `gcc` with riscv-tests' benchmark flags (`RISCV_GCC_OPTS`, `-march=rv64gc`)
/// and picolibc's headers.
fn gcc(riscv_tests: &Path, dir: &Path) -> Command {
    let mut c = Command::new(GCC);
    c.arg("--specs=picolibc.specs")
        .arg("-I")
        .arg(dir)
        .arg("-I")
        .arg(here().join("include"))
        .arg("-I")
        .arg(riscv_tests.join("env"))
        .args([
            "-U_FORTIFY_SOURCE",
            "-DPREALLOCATE=1",
            "-mcmodel=medany",
            "-static",
            "-std=gnu99",
            "-O2",
            "-ffast-math",
            "-fno-common",
            "-fno-builtin-printf",
            "-fno-tree-loop-distribute-patterns",
            "-Wno-implicit-int",
            "-Wno-implicit-function-declaration",
            "-mabi=lp64d",
            "-march=rv64gc",
        ]);
    c
}

/// Links with riscv-tests' `RISCV_LINK_OPTS`.
fn link(mut c: Command, dir: &Path, elf: &Path) {
    c.args([
        "-static",
        "-nostdlib",
        "-nostartfiles",
        "-lm",
        "-lgcc",
        "-T",
    ])
    .arg(dir.join("test.ld"))
    .arg("-o")
    .arg(elf);
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "building {}: {}",
        elf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds riscv-tests' Dhrystone with `runs` runs into `out_dir`
/// (`dhrystone-<runs>`; reused if already there).
pub fn dhrystone(riscv_tests: &Path, runs: u32, out_dir: &Path) -> PathBuf {
    let elf = out_dir.join(format!("dhrystone-{runs}"));
    if elf.exists() {
        return elf;
    }
    let dir = out_dir.join(format!("dhrystone-{runs}.src-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut sources = runtime(riscv_tests, &dir);
    copy_files(&riscv_tests.join("benchmarks/dhrystone"), &dir);
    edit(
        &dir.join("dhrystone.c"),
        "void debug_printf(const char* str, ...)\n{\n}\n",
        "",
    );
    let report = std::fs::read_to_string(here().join("dhrystone_report.inc")).unwrap();
    let syscalls = dir.join("syscalls.c");
    let s = std::fs::read_to_string(&syscalls).unwrap();
    std::fs::write(&syscalls, format!("{s}\n{report}")).unwrap();
    edit(
        &dir.join("dhrystone.h"),
        "#define NUMBER_OF_RUNS\t\t500 /* Default number of runs */",
        "#ifndef NUMBER_OF_RUNS\n#define NUMBER_OF_RUNS\t\t500 /* Default number of runs */\n#endif",
    );
    sources.push(dir.join("dhrystone.c"));
    sources.push(dir.join("dhrystone_main.c"));
    let mut c = gcc(riscv_tests, &dir);
    c.arg(format!("-DNUMBER_OF_RUNS={runs}")).args(&sources);
    let tmp = out_dir.join(format!(
        "dhrystone-{runs}.tmp-{}",
        crate::support::tmp_suffix()
    ));
    link(c, &dir, &tmp);
    std::fs::rename(&tmp, &elf).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    elf
}

/// Builds CoreMark (performance run: 2000-byte data set, seeds 0, 0, 0x66)
/// with `iterations` iterations into `out_dir` (`coremark-<iterations>`;
/// reused if already there).
pub fn coremark(riscv_tests: &Path, coremark: &Path, iterations: u32, out_dir: &Path) -> PathBuf {
    let elf = out_dir.join(format!("coremark-{iterations}"));
    if elf.exists() {
        return elf;
    }
    let dir = out_dir.join(format!("coremark-{iterations}.src-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut sources = runtime(riscv_tests, &dir);
    for f in [
        "core_list_join.c",
        "core_main.c",
        "core_matrix.c",
        "core_state.c",
        "core_util.c",
    ] {
        sources.push(coremark.join(f));
    }
    sources.push(here().join("coremark/core_portme.c"));
    let mut c = gcc(riscv_tests, &dir);
    c.arg("-I")
        .arg(here().join("coremark"))
        .arg("-I")
        .arg(coremark)
        .arg(format!("-DITERATIONS={iterations}"))
        .arg("-DPERFORMANCE_RUN=1")
        .arg("-DFLAGS_STR=\"-O2 -march=rv64gc (riscv-tests benchmark flags)\"")
        .args(&sources);
    let tmp = out_dir.join(format!(
        "coremark-{iterations}.tmp-{}",
        crate::support::tmp_suffix()
    ));
    link(c, &dir, &tmp);
    std::fs::rename(&tmp, &elf).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    elf
}
