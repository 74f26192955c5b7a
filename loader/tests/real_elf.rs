//! `parse` on ELF files made by the real RISC-V toolchain, assembled and
//! linked at test time. Each test is skipped (with a message) when
//! `riscv64-unknown-elf-as`/`-ld` are not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use vitrine_loader::{load_file, parse, LoadError};

const AS: &str = "riscv64-unknown-elf-as";
const LD: &str = "riscv64-unknown-elf-ld";

const PROGRAM: &str = r#"
    .option norvc
    .section .text.init, "ax", @progbits
    .globl _start
_start:
    la      t0, tohost
    li      t1, 1
    sd      t1, 0(t0)
1:  j       1b
    .word   0xdeadbeef

    .section .tohost, "aw", @progbits
    .align 6
    .globl tohost
tohost: .dword 0
    .align 6
    .globl fromhost
fromhost: .dword 0

    .data
local_data: .word 0x11223344

    .bss
    .globl big_buffer
big_buffer: .space 0x2000
"#;

/// `vma`/`lma`: where the text is linked and loaded.
fn linker_script(vma: u64, lma: u64) -> String {
    format!(
        r#"
OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS
{{
  . = {vma:#x};
  .text : AT({lma:#x}) {{ *(.text.init) *(.text) }}
  . = ALIGN(0x1000);
  .tohost : {{ *(.tohost) }}
  .data : {{ *(.data) }}
  .bss : {{ *(.bss) }}
}}
"#
    )
}

fn tools_present() -> bool {
    let ok = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ok(AS) && ok(LD) {
        true
    } else {
        eprintln!("SKIPPED: {AS}/{LD} not found; install the RISC-V binutils to run this test");
        false
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Assemble `source` with `as_args` into `dir/prog.o`.
fn assemble(dir: &Path, source: &str, as_args: &[&str]) -> PathBuf {
    let src = dir.join("prog.S");
    let obj = dir.join("prog.o");
    std::fs::write(&src, source).unwrap();
    run(Command::new(AS).args(as_args).arg("-o").arg(&obj).arg(&src));
    obj
}

/// Assemble and link for RV64 with the text at `vma`, loaded at `lma`.
fn build(dir: &Path, vma: u64, lma: u64, ld_args: &[&str]) -> PathBuf {
    let obj = assemble(dir, PROGRAM, &["-march=rv64imac_zicsr", "-mabi=lp64"]);
    let script = dir.join("link.ld");
    std::fs::write(&script, linker_script(vma, lma)).unwrap();
    let elf = dir.join("prog.elf");
    run(Command::new(LD)
        .args(ld_args)
        .arg("-T")
        .arg(&script)
        .arg("-o")
        .arg(&elf)
        .arg(&obj));
    elf
}

#[test]
fn real_rv64_program() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let elf = build(dir.path(), 0x8000_0000, 0x8000_0000, &[]);
    let img = load_file(&elf).unwrap();

    assert_eq!(img.entry, 0x8000_0000);
    assert_eq!(img.symbol("_start"), Some(0x8000_0000));
    assert_eq!(img.symbol("tohost"), Some(0x8000_1000));
    assert_eq!(img.symbol("fromhost"), Some(0x8000_1040));
    assert_eq!(
        img.symbol("local_data").map(|a| a > 0x8000_1040),
        Some(true)
    );
    assert!(img.symbol("big_buffer").is_some());

    let text = img
        .segments
        .iter()
        .find(|s| s.executable)
        .expect("a text segment");
    assert_eq!(text.paddr, 0x8000_0000);
    assert!(text.readable && !text.writable);
    // `j .` then our marker word, right after `la` (2 insns), `li`, `sd`.
    assert_eq!(&text.data[16..20], &[0x6f, 0, 0, 0]);
    assert_eq!(&text.data[20..24], &0xdeadbeefu32.to_le_bytes());

    let data = img
        .segments
        .iter()
        .find(|s| s.writable)
        .expect("a data segment");
    assert!(
        data.mem_size >= data.data.len() as u64 + 0x2000,
        "bss is in mem_size"
    );
    img.check_fits(0x8000_0000, 1 << 20).unwrap();
    assert!(matches!(
        img.check_fits(0x8000_0000, 0x1000),
        Err(LoadError::OutsideRam { .. })
    ));

    // Every truncation of a real file is refused, never a panic.
    let bytes = std::fs::read(&elf).unwrap();
    for len in (0..bytes.len()).step_by(7) {
        assert!(parse(&bytes[..len]).is_err(), "cut at {len}");
    }
}

#[test]
fn real_program_linked_high_loaded_low() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let elf = build(dir.path(), 0xffff_ffff_8000_0000, 0x8000_0000, &[]);
    let img = load_file(&elf).unwrap();
    let text = img.segments.iter().find(|s| s.executable).unwrap();
    assert_eq!(
        (text.vaddr, text.paddr),
        (0xffff_ffff_8000_0000, 0x8000_0000)
    );
    // Entry moved to the physical address, as QEMU's loader does.
    assert_eq!(img.entry, 0x8000_0000);
    // Symbols keep their link-time addresses.
    assert_eq!(img.symbol("_start"), Some(0xffff_ffff_8000_0000));
}

#[test]
fn real_stripped_program() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let elf = build(dir.path(), 0x8000_0000, 0x8000_0000, &["-s"]);
    let img = load_file(&elf).unwrap();
    assert!(img.symbols.is_empty());
    assert_eq!(img.symbol("tohost"), None);
    assert_eq!(img.entry, 0x8000_0000);
}

#[test]
fn real_object_file_is_not_executable() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let obj = assemble(dir.path(), PROGRAM, &["-march=rv64imac", "-mabi=lp64"]);
    let e = load_file(&obj).unwrap_err();
    assert!(
        matches!(e, LoadError::NotExecutable { e_type: 1, .. }),
        "{e}"
    );
}

#[test]
fn real_rv32_object_is_refused_as_32_bit() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = ".globl _start\n_start: nop\n1: j 1b\n";
    let obj = assemble(dir.path(), source, &["-march=rv32imac", "-mabi=ilp32"]);
    let e = load_file(&obj).unwrap_err();
    assert!(matches!(e, LoadError::Elf32), "{e}");
    assert_eq!(e.to_string(), "32-bit ELF; vitrine runs RV64 programs");
}
