//! `parse` on hand-made ELF files: the valid case and one test per error.

mod common;

use common::*;
use vitrine_loader::{load_file, parse, ElfImage, LoadError};

fn ok(bytes: &[u8]) -> ElfImage {
    parse(bytes).unwrap_or_else(|e| panic!("expected Ok, got: {e}"))
}

fn err(bytes: &[u8]) -> LoadError {
    let e = parse(bytes).expect_err("expected an error");
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "message is not one line: {msg:?}");
    e
}

#[test]
fn valid_image() {
    let img = ok(&Builder::default().build());
    assert_eq!(img.entry, 0x8000_0000);
    assert_eq!(img.segments.len(), 2);
    let text = &img.segments[0];
    assert_eq!(
        (text.vaddr, text.paddr, text.mem_size),
        (0x8000_0000, 0x8000_0000, 16)
    );
    assert_eq!(text.data, CODE);
    assert!(text.readable && text.executable && !text.writable);
    let data = &img.segments[1];
    assert_eq!(data.data, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(data.mem_size, 0x100);
    assert!(data.readable && data.writable && !data.executable);
    assert_eq!(img.symbol("tohost"), Some(0x8000_1000));
    assert_eq!(img.symbol("fromhost"), Some(0x8000_1040));
    assert_eq!(img.symbol("_start"), Some(0x8000_0000));
    assert_eq!(img.symbol("nope"), None);
    assert_eq!(img.symbols.len(), 3);
    img.check_fits(0x8000_0000, 0x10_0000).unwrap();
}

#[test]
fn symbol_selection() {
    let symbols = Some(vec![
        Sym::local("dup_a", 1),
        Sym::global("dup_a", 2), // global wins over an earlier local
        Sym::global("dup_b", 3),
        Sym::local("dup_b", 4), // ... and over a later local
        Sym::local("dup_c", 5),
        Sym::local("dup_c", 6), // first local wins
        Sym {
            bind: STB_WEAK,
            ..Sym::global("weak", 7)
        },
        Sym {
            shndx: SHN_UNDEF,
            ..Sym::global("undefined", 0)
        },
        Sym {
            kind: STT_FILE,
            ..Sym::local("crt.S", 0)
        },
        Sym {
            kind: STT_SECTION,
            ..Sym::local("", 0x8000_0000)
        },
    ]);
    let b = Builder {
        symbols,
        ..Builder::default()
    };
    let img = ok(&b.build());
    let got: Vec<(&str, u64)> = img.symbols.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(got, [("dup_a", 2), ("dup_b", 3), ("dup_c", 5), ("weak", 7)]);
}

#[test]
fn stripped_file_has_no_symbols() {
    let b = Builder {
        symbols: None,
        ..Builder::default()
    };
    let img = ok(&b.build());
    assert!(img.symbols.is_empty());
    assert_eq!(img.segments.len(), 2);
}

#[test]
fn zero_memsz_and_non_load_segments_are_skipped() {
    let mut b = Builder::default();
    b.segments.push(Seg::load(0x9000_0000, PF_R, &[], 0));
    b.segments.push(Seg {
        p_type: PT_NOTE,
        ..Seg::load(0, PF_R, &[9; 8], 8)
    });
    assert_eq!(ok(&b.build()).segments.len(), 2);
}

#[test]
fn entry_is_moved_to_physical_like_qemu() {
    let mut b = Builder::default();
    b.segments[0].vaddr = 0xffff_ffff_8000_0000;
    b.entry = 0xffff_ffff_8000_0008;
    assert_eq!(ok(&b.build()).entry, 0x8000_0008);
    // Outside the executable segment's file bytes: left alone.
    b.entry = 0xffff_ffff_8000_0010;
    assert_eq!(ok(&b.build()).entry, 0xffff_ffff_8000_0010);
}

#[test]
fn too_short() {
    for len in 0..4 {
        let e = err(&b"\x7fELF"[..len]);
        assert!(matches!(e, LoadError::TooShort { .. }), "{e:?}");
    }
    assert_eq!(
        err(b"").to_string(),
        "not an ELF file: only 0 byte(s), too short for the ELF magic"
    );
}

#[test]
fn bad_magic() {
    let e = err(b"MZ\x90\x00 this is a PE file");
    assert!(matches!(e, LoadError::BadMagic { found } if found == *b"MZ\x90\x00"));
    assert_eq!(
        e.to_string(),
        "not an ELF file: bad magic [4d, 5a, 90, 00] (expected [7f, 45, 4c, 46] = \"\\x7fELF\")"
    );
    assert!(matches!(
        err(b"#!/bin/sh\necho hi\n"),
        LoadError::BadMagic { .. }
    ));
}

#[test]
fn elf32() {
    let mut bytes = Builder::default().build();
    bytes[ehdr::CLASS] = 1;
    let e = err(&bytes);
    assert!(matches!(e, LoadError::Elf32));
    assert_eq!(e.to_string(), "32-bit ELF; vitrine runs RV64 programs");
    // Even when the rest would be too short for an ELF64 header.
    assert!(matches!(err(&bytes[..20]), LoadError::Elf32));
}

#[test]
fn bad_class() {
    let mut bytes = Builder::default().build();
    for class in [0, 3, 0xff] {
        bytes[ehdr::CLASS] = class;
        assert!(matches!(err(&bytes), LoadError::BadClass(c) if c == class));
    }
}

#[test]
fn big_endian() {
    let mut bytes = Builder::default().build();
    bytes[ehdr::DATA] = 2;
    let e = err(&bytes);
    assert!(matches!(e, LoadError::BigEndian));
    assert_eq!(
        e.to_string(),
        "big-endian ELF; vitrine runs little-endian RV64 programs"
    );
    bytes[ehdr::DATA] = 0;
    assert!(matches!(err(&bytes), LoadError::BadEncoding(0)));
}

#[test]
fn not_riscv() {
    let mut bytes = Builder::default().build();
    poke16(&mut bytes, ehdr::MACHINE, 62);
    let e = err(&bytes);
    assert!(matches!(e, LoadError::NotRiscv { machine: 62, .. }));
    assert_eq!(
        e.to_string(),
        "not a RISC-V ELF: e_machine is 62 (X86_64); expected 243 (RISC-V)"
    );
    poke16(&mut bytes, ehdr::MACHINE, 183);
    assert!(err(&bytes).to_string().contains("183 (AARCH64)"));
    poke16(&mut bytes, ehdr::MACHINE, 0xbeef);
    assert!(err(&bytes).to_string().contains("48879"));
}

#[test]
fn not_executable() {
    let mut bytes = Builder::default().build();
    poke16(&mut bytes, ehdr::TYPE, 1);
    let e = err(&bytes);
    assert!(matches!(e, LoadError::NotExecutable { e_type: 1, .. }));
    assert!(e.to_string().contains("e_type is 1 (REL)"), "{e}");
    poke16(&mut bytes, ehdr::TYPE, 3); // ET_DYN (PIE) is accepted
    ok(&bytes);
}

#[test]
fn truncated_header() {
    let bytes = Builder::default().build();
    for len in [5, 16, 17, 40, 63] {
        let e = err(&bytes[..len]);
        assert!(matches!(e, LoadError::Truncated { .. }), "len {len}: {e:?}");
    }
    assert_eq!(
        err(&bytes[..40]).to_string(),
        "truncated ELF: ELF header needs bytes 0x0..0x40 but the file has only 0x28 bytes"
    );
}

#[test]
fn truncated_program_headers() {
    let bytes = Builder::default().build();
    let e = err(&bytes[..64 + 56 + 10]);
    assert!(
        e.to_string().contains("program header table (2 entries)"),
        "{e}"
    );
    let mut bytes = bytes;
    poke64(&mut bytes, ehdr::PHOFF, u64::MAX - 8);
    assert!(matches!(err(&bytes), LoadError::Truncated { .. }));
}

#[test]
fn truncated_segment_data() {
    let (bytes, layout) = Builder::default().build_with_layout();
    let e = err(&bytes[..layout.seg_offsets[1] as usize + 4]);
    assert_eq!(
        e.to_string(),
        format!(
            "truncated ELF: data of program header 1 (PT_LOAD at 0x80001000) needs bytes {:#x}..{:#x} but the file has only {:#x} bytes",
            layout.seg_offsets[1],
            layout.seg_offsets[1] + 8,
            layout.seg_offsets[1] + 4
        )
    );
    // Offsets and sizes that would overflow when added.
    let mut bad = bytes.clone();
    poke64(&mut bad, phdr::at(0) + phdr::OFFSET, u64::MAX);
    assert!(matches!(err(&bad), LoadError::Truncated { .. }));
    let mut bad = bytes.clone();
    poke64(&mut bad, phdr::at(0) + phdr::FILESZ, u64::MAX);
    poke64(&mut bad, phdr::at(0) + phdr::MEMSZ, u64::MAX);
    assert!(matches!(err(&bad), LoadError::AddressOverflow { .. }));
    let mut bad = bytes;
    poke64(&mut bad, phdr::at(0) + phdr::PADDR, 0);
    poke64(&mut bad, phdr::at(0) + phdr::FILESZ, u64::MAX);
    poke64(&mut bad, phdr::at(0) + phdr::MEMSZ, u64::MAX);
    assert!(matches!(err(&bad), LoadError::Truncated { .. }));
}

#[test]
fn no_loadable_segments() {
    let b = Builder {
        segments: vec![],
        ..Builder::default()
    };
    let e = err(&b.build());
    assert!(matches!(e, LoadError::NoLoadableSegments));
    assert_eq!(
        e.to_string(),
        "no loadable segments (no PT_LOAD program header with p_memsz > 0)"
    );
    let b = Builder {
        segments: vec![
            Seg::load(0x8000_0000, PF_R, &[], 0),
            Seg {
                p_type: PT_NOTE,
                ..Seg::load(0, PF_R, &[0; 4], 4)
            },
        ],
        ..Builder::default()
    };
    assert!(matches!(err(&b.build()), LoadError::NoLoadableSegments));
}

#[test]
fn filesz_greater_than_memsz() {
    let mut b = Builder::default();
    b.segments[1].memsz = 4;
    let e = err(&b.build());
    assert!(matches!(
        e,
        LoadError::FileSizeExceedsMemSize {
            index: 1,
            filesz: 8,
            memsz: 4
        }
    ));
    assert_eq!(
        e.to_string(),
        "program header 1: p_filesz 0x8 > p_memsz 0x4"
    );
}

#[test]
fn address_overflow() {
    let mut b = Builder::default();
    b.segments[1].paddr = u64::MAX - 0x10;
    let e = err(&b.build());
    assert!(matches!(e, LoadError::AddressOverflow { index: 1, .. }));
    assert_eq!(
        e.to_string(),
        "program header 1: address 0xffffffffffffffef + p_memsz 0x100 overflows 64 bits"
    );
}

#[test]
fn malformed_tables() {
    let bytes = Builder::default().build();
    let mut bad = bytes.clone();
    poke16(&mut bad, ehdr::PHENTSIZE, 32);
    assert_eq!(
        err(&bad).to_string(),
        "malformed ELF: e_phentsize is 32; expected 56 for ELF64"
    );
    let mut bad = bytes.clone();
    poke16(&mut bad, ehdr::SHENTSIZE, 40);
    assert!(matches!(err(&bad), LoadError::Malformed(_)));
    let mut bad = bytes.clone();
    poke16(&mut bad, ehdr::PHNUM, 0);
    assert!(matches!(err(&bad), LoadError::NoLoadableSegments));
}

#[test]
fn broken_symbol_table() {
    let (bytes, layout) = Builder::default().build_with_layout();
    let sh = |i: usize| layout.shoff as usize + 64 * i;
    // Section header table cut off.
    let e = err(&bytes[..sh(2) + 10]);
    assert!(
        e.to_string().contains("section header table (4 entries)"),
        "{e}"
    );
    // .symtab's sh_link out of range.
    let mut bad = bytes.clone();
    poke32(&mut bad, sh(1) + 40, 99);
    assert_eq!(
        err(&bad).to_string(),
        "malformed ELF: .symtab (section 1) links to string table section 99, but there are only 4 sections"
    );
    // Wrong symbol entry size.
    let mut bad = bytes.clone();
    poke64(&mut bad, sh(1) + 56, 16);
    assert!(matches!(err(&bad), LoadError::Malformed(_)));
    // .symtab beyond the end of the file.
    let mut bad = bytes.clone();
    poke64(&mut bad, sh(1) + 24, 0x10_0000);
    assert!(err(&bad).to_string().contains(".symtab (section 1)"));
    // String table beyond the end of the file.
    let mut bad = bytes.clone();
    poke64(&mut bad, sh(2) + 32, u64::MAX);
    assert!(matches!(err(&bad), LoadError::Truncated { .. }));
    // A symbol name offset past the string table is skipped, not an error.
    let mut bad = bytes.clone();
    poke32(&mut bad, layout.symtab as usize + 24, 0xffff);
    assert_eq!(ok(&bad).symbols.len(), 2);
    // e_shnum = 0 takes the count from section 0's sh_size.
    let mut ext = bytes;
    poke16(&mut ext, ehdr::SHNUM, 0);
    poke64(&mut ext, sh(0) + 32, 4);
    assert_eq!(ok(&ext).symbol("tohost"), Some(0x8000_1000));
}

#[test]
fn check_fits_names_segment_and_ram() {
    let img = ok(&Builder::default().build());
    img.check_fits(0x8000_0000, 0x1100).unwrap();
    let e = img.check_fits(0x8000_0000, 0x1080).unwrap_err();
    assert!(matches!(
        e,
        LoadError::OutsideRam {
            paddr: 0x8000_1000,
            ..
        }
    ));
    assert_eq!(
        e.to_string(),
        "segment at 0x80001000..0x80001100 (p_paddr) does not fit in RAM 0x80000000..0x80001080"
    );
    assert!(img.check_fits(0x8000_0004, 0x10_0000).is_err());
}

#[test]
fn load_file_reads_and_reports_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prog.elf");
    std::fs::write(&path, Builder::default().build()).unwrap();
    assert_eq!(
        load_file(&path).unwrap(),
        parse(&Builder::default().build()).unwrap()
    );

    let missing = dir.path().join("missing.elf");
    let e = load_file(&missing).unwrap_err();
    assert!(matches!(e, LoadError::Io { .. }));
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("cannot read {}: ", missing.display())),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
    // A directory is an I/O error too.
    assert!(matches!(load_file(dir.path()), Err(LoadError::Io { .. })));
}
