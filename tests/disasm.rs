//! The disassembler (`vitrine_emulator::disasm`) against GNU objdump 2.40:
//! every instruction line of `objdump -d` (address, bytes, text) on the
//! project's ISA test programs and the official riscv-tests, every 16-bit
//! encoding, and a deterministic sample of 32-bit encodings.
//!
//! objdump disassembles for the extensions Vitrine implements beyond RV64GC
//! (Zba, Zbb, Zbc, Zbs, Zicbom, Zicboz, Zicbop's hints): the official Zb*
//! programs carry them in their ELF attributes, and raw encodings are
//! wrapped in an object assembled with them ([`ARCH`]).
//!
//! The only differences allowed are encodings the CPU rejects (illegal
//! instruction), which the disassembler prints as data while objdump names
//! some of them (`c.addi16sp` with a zero immediate, `dret`, `hret`), and
//! Zicond's `czero.eqz`/`czero.nez`, which objdump 2.40 predates (it prints
//! them as data; binutils 2.41 spells them as the disassembler does).

mod official;
mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use vitrine_emulator::cpu::decode::lookup32;
use vitrine_emulator::cpu::rvc;
use vitrine_emulator::disasm::{hex_column, Disassembler};

const OBJDUMP: &str = "riscv64-unknown-elf-objdump";
const AS: &str = "riscv64-unknown-elf-as";
const OBJCOPY: &str = "riscv64-unknown-elf-objcopy";
/// The ISA objdump is told about (objdump 2.40 has no Zicond).
const ARCH: &str = "rv64gc_zba_zbb_zbc_zbs_zicbom_zicboz_zicbop";

/// One instruction line of objdump's output.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    addr: u64,
    bytes: String,
    text: String,
}

/// Parses the instruction lines of `objdump -d`/`-D` output, in order.
fn parse_objdump(out: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for l in out.lines() {
        let mut f = l.splitn(3, '\t');
        let (Some(a), Some(b), Some(t)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let Some(a) = a.trim().strip_suffix(':') else {
            continue;
        };
        let Ok(addr) = u64::from_str_radix(a, 16) else {
            continue;
        };
        lines.push(Line {
            addr,
            bytes: b.trim().to_string(),
            text: t.to_string(),
        });
    }
    lines
}

fn objdump(args: &[&str], file: &Path) -> String {
    let out = Command::new(OBJDUMP).args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{OBJDUMP} {args:?} {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// ---------------------------------------------------------------------------
// A minimal ELF64 reader: sections and symbols, for the symbol lookup.
// ---------------------------------------------------------------------------

struct Section {
    addr: u64,
    size: u64,
    offset: u64,
    nobits: bool,
}

struct Symbol {
    name: String,
    value: u64,
    /// Section index (0xfff1 = absolute).
    shndx: u16,
    global: bool,
    function: bool,
    object: bool,
}

struct Elf {
    bytes: Vec<u8>,
    sections: Vec<Section>,
    symbols: Vec<Symbol>,
}

fn u16_at(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes(b[o..o + 2].try_into().unwrap())
}
fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes(b[o..o + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], o: usize) -> u64 {
    u64::from_le_bytes(b[o..o + 8].try_into().unwrap())
}
fn cstr(b: &[u8], o: usize) -> String {
    let end = b[o..].iter().position(|&c| c == 0).unwrap();
    String::from_utf8_lossy(&b[o..o + end]).into_owned()
}

impl Elf {
    fn read(path: &Path) -> Elf {
        let b = std::fs::read(path).unwrap();
        let shoff = u64_at(&b, 0x28) as usize;
        let shnum = u16_at(&b, 0x3c) as usize;
        let sh = |i: usize| shoff + i * 64;
        let mut sections = Vec::new();
        let mut symtab = None;
        for i in 0..shnum {
            let h = sh(i);
            let kind = u32_at(&b, h + 4);
            sections.push(Section {
                addr: u64_at(&b, h + 0x10),
                offset: u64_at(&b, h + 0x18),
                size: u64_at(&b, h + 0x20),
                nobits: kind == 8,
            });
            if kind == 2 {
                symtab = Some(h);
            }
        }
        let mut symbols = Vec::new();
        if let Some(h) = symtab {
            let (off, size) = (u64_at(&b, h + 0x18) as usize, u64_at(&b, h + 0x20) as usize);
            let strtab = sections[u32_at(&b, h + 0x28) as usize].offset as usize;
            for s in (off..off + size).step_by(24).skip(1) {
                let info = b[s + 4];
                let shndx = u16_at(&b, s + 6);
                let kind = info & 15;
                // Not section (3) or file (4) symbols, not undefined ones.
                if kind == 3 || kind == 4 || shndx == 0 {
                    continue;
                }
                let name = cstr(&b, strtab + u32_at(&b, s) as usize);
                // Mapping symbols ($x, $d) mark code and data for objdump.
                if name.is_empty() || name.starts_with('$') {
                    continue;
                }
                symbols.push(Symbol {
                    name,
                    value: u64_at(&b, s + 8),
                    shndx,
                    global: info >> 4 != 0,
                    function: kind == 2,
                    object: kind == 1,
                });
            }
        }
        Elf {
            bytes: b,
            sections,
            symbols,
        }
    }

    /// The file bytes at virtual address `addr` (in a section with contents).
    fn bytes_at(&self, addr: u64, len: usize) -> &[u8] {
        let s = self
            .sections
            .iter()
            .find(|s| !s.nobits && s.addr != 0 && addr >= s.addr && addr < s.addr + s.size)
            .unwrap_or_else(|| panic!("no section holds {addr:#x}"));
        let start = (s.offset + addr - s.addr) as usize;
        let end = (start + len).min((s.offset + s.size) as usize);
        &self.bytes[start..end]
    }

    fn section_of(&self, addr: u64) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.addr != 0 && addr >= s.addr && addr < s.addr + s.size)
    }

    /// Symbols ordered as objdump ranks them: by value; at one value,
    /// functions, then objects, then global before local, then by name.
    fn ranked_symbols(&self) -> Vec<&Symbol> {
        let mut v: Vec<&Symbol> = self.symbols.iter().collect();
        v.sort_by_key(|s| (s.value, !s.function, !s.object, !s.global, s.name.as_str()));
        v
    }
}

/// objdump's choice of symbol for an address: the last symbol at or below
/// it (the lowest symbol if none is), the best-ranked of those sharing its
/// value, preferring one in the section being disassembled.
fn objdump_symbol(ranked: &[&Symbol], current_section: usize, addr: u64) -> Option<(String, u64)> {
    let below = ranked.partition_point(|s| s.value <= addr).max(1);
    let value = ranked.get(below - 1)?.value;
    let first = ranked.partition_point(|s| s.value < value);
    let same = &ranked[first..below];
    let pick = same
        .iter()
        .find(|s| s.shndx as usize == current_section)
        .unwrap_or(&same[0]);
    Some((pick.name.clone(), pick.value))
}

/// What a comparison of one program found.
#[derive(Default)]
struct Tally {
    compared: usize,
    compressed: usize,
    fp: usize,
    data_lines: usize,
    mismatches: Vec<String>,
}

/// Compares every instruction line of `objdump -d elf` with the
/// disassembler's output for the same bytes.
fn compare_elf(elf_path: &Path, tally: &mut Tally) {
    let elf = Elf::read(elf_path);
    let ranked = elf.ranked_symbols();
    let mut dis = match elf.symbols.iter().find(|s| s.name == "__global_pointer$") {
        Some(gp) => Disassembler::with_gp(gp.value),
        None => Disassembler::new(),
    };
    for line in parse_objdump(&objdump(&["-d"], elf_path)) {
        // Data in code (marked by `$d` mapping symbols) is not disassembled.
        if [".word", ".short", ".byte", ".dword"]
            .iter()
            .any(|d| line.text.starts_with(d))
        {
            tally.data_lines += 1;
            continue;
        }
        let section = elf.section_of(line.addr).unwrap();
        let lookup = |a: u64| objdump_symbol(&ranked, section, a);
        let bytes = elf.bytes_at(line.addr, 22);
        let (text, len) = dis.next(bytes, line.addr, Some(&lookup));
        let ours = Line {
            addr: line.addr,
            bytes: hex_column(&bytes[..len]).trim_end().to_string(),
            text,
        };
        tally.compared += 1;
        if len == 2 {
            tally.compressed += 1;
        }
        if line.text.starts_with('f') && !line.text.starts_with("fence") {
            tally.fp += 1;
        }
        if ours != line {
            tally.mismatches.push(format!(
                "{}: objdump {:?} {:?}, vitrine {:?} {:?}",
                elf_path.file_name().unwrap().to_string_lossy(),
                line.bytes,
                line.text,
                ours.bytes,
                ours.text
            ));
        }
    }
}

/// The project's ISA programs (tests/isa/*.S), assembled for rv64gc.
fn project_programs() -> Vec<PathBuf> {
    let dir = support::scratch_dir("disasm-isa");
    let mut elfs = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(support::root().join("tests/isa"))
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "S").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    for name in names {
        let src = support::root().join(format!("tests/isa/{name}.S"));
        elfs.push(support::build_elf(&name, &[&src], &dir));
    }
    elfs
}

/// The official riscv-tests of the RV64GC user and machine/supervisor
/// suites, `-p` variants, assembled for rv64gc (so compressed instructions
/// appear throughout).
fn official_programs() -> Vec<PathBuf> {
    let Some(dir) = official::dir() else {
        return Vec::new();
    };
    let out = support::scratch_dir("disasm-official");
    let mut elfs = Vec::new();
    for suite in [
        "rv64ui", "rv64um", "rv64ua", "rv64uf", "rv64ud", "rv64uc", "rv64mi", "rv64si", "rv64uzba",
        "rv64uzbb", "rv64uzbc", "rv64uzbs",
    ] {
        let march = match suite.strip_prefix("rv64u") {
            Some(ext) if ext.starts_with('z') => format!("rv64gc_{ext}"),
            _ => "rv64gc".to_string(),
        };
        for name in official::suite_tests(&dir, suite) {
            elfs.push(official::build(&dir, suite, &name, &march, &out));
        }
    }
    elfs
}

fn report(what: &str, tally: &Tally) {
    eprintln!(
        "{what}: {} instructions compared with objdump ({} compressed, {} floating-point), {} data lines skipped",
        tally.compared, tally.compressed, tally.fp, tally.data_lines
    );
    assert!(
        tally.mismatches.is_empty(),
        "{} of {} instructions differ from objdump:\n{}",
        tally.mismatches.len(),
        tally.compared,
        tally.mismatches[..tally.mismatches.len().min(40)].join("\n")
    );
}

#[test]
fn disasm_matches_objdump_on_the_isa_programs() {
    support::require_toolchain();
    let mut tally = Tally::default();
    for elf in project_programs() {
        compare_elf(&elf, &mut tally);
    }
    report("tests/isa", &tally);
    assert!(tally.compared > 5000 && tally.compressed > 500 && tally.fp > 300);
}

#[test]
fn disasm_matches_objdump_on_the_official_isa_tests() {
    support::require_toolchain();
    let elfs = official_programs();
    if elfs.is_empty() {
        return;
    }
    let mut tally = Tally::default();
    for elf in &elfs {
        compare_elf(elf, &mut tally);
    }
    report("riscv-tests", &tally);
    assert!(tally.compared > 20000 && tally.compressed > 5000 && tally.fp > 1000);
}

/// Runs objdump over raw instruction bytes and the disassembler over the
/// same bytes, in order (state carried as objdump carries it); returns the
/// differences, each with the encoding.
fn compare_blob(name: &str, blob: &[u8]) -> (usize, Vec<(u32, String, String)>) {
    let dir = support::scratch_dir(name);
    let bin = dir.join("code.bin");
    std::fs::write(&bin, blob).unwrap();
    // An object whose .text is the blob and whose attributes name ARCH;
    // without symbols (no `$d` mapping symbol) objdump reads it all as code.
    let src = dir.join("code.S");
    std::fs::write(&src, format!(".text\n.incbin \"{}\"\n", bin.display())).unwrap();
    let obj = dir.join("code.o");
    let file = dir.join("code.stripped.o");
    for (tool, args) in [
        (
            AS,
            vec![
                format!("-march={ARCH}"),
                "-o".into(),
                obj.display().to_string(),
                src.display().to_string(),
            ],
        ),
        (
            OBJCOPY,
            vec![
                "--strip-all".into(),
                obj.display().to_string(),
                file.display().to_string(),
            ],
        ),
    ] {
        let out = Command::new(tool).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let theirs = parse_objdump(&objdump(&["-d", "-M", "priv-spec=1.11"], &file));
    let mut dis = Disassembler::new();
    let mut diffs = Vec::new();
    for line in &theirs {
        let at = line.addr as usize;
        let (text, len) = dis.next(&blob[at..], line.addr, None);
        let ours = Line {
            addr: line.addr,
            bytes: hex_column(&blob[at..at + len]).trim_end().to_string(),
            text,
        };
        if &ours != line {
            let mut raw = [0u8; 4];
            raw[..len.min(4)].copy_from_slice(&blob[at..at + len.min(4)]);
            diffs.push((
                u32::from_le_bytes(raw),
                format!("{} {}", line.bytes, line.text),
                format!("{} {}", ours.bytes, ours.text),
            ));
        }
    }
    (theirs.len(), diffs)
}

#[test]
fn disasm_matches_objdump_on_every_compressed_encoding() {
    support::require_toolchain();
    let blob: Vec<u8> = (0..=u16::MAX)
        .filter(|c| c & 3 != 3)
        .flat_map(|c| c.to_le_bytes())
        .collect();
    let (n, diffs) = compare_blob("disasm-rvc", &blob);
    assert_eq!(n, 49152);
    for (c, theirs, ours) in &diffs {
        assert!(
            rvc::expand(*c as u16).is_none() && ours.contains(".2byte"),
            "{c:#06x}: objdump {theirs:?}, vitrine {ours:?}"
        );
    }
    // The one encoding objdump names and the CPU rejects: c.addi16sp 0.
    assert_eq!(diffs.len(), 1, "{diffs:?}");
}

/// xorshift64*: a fixed sequence, so the sample is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[(self.next() % v.len() as u64) as usize]
    }
}

/// A 32-bit encoding with the major opcode and fields biased towards the
/// cases objdump treats specially (x0, ra, sp, gp, tp; immediates 0, 1, -1,
/// 255; valid funct fields), sometimes preceded by a `lui`/`auipc` of its
/// base register so that address comments are exercised.
fn sample32(rng: &mut Rng, out: &mut Vec<u32>) {
    const OPS: [u32; 21] = [
        0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b, 0x43, 0x47, 0x4b,
        0x4f, 0x53, 0x63, 0x67, 0x6f, 0x73,
    ];
    let reg = |rng: &mut Rng| {
        let any = rng.next() as u32 & 31;
        rng.pick(&[0, 1, 2, 3, 4, 5, 10, 11, 31, any])
    };
    let imm12 = |rng: &mut Rng| {
        let any = rng.next() as u32 & 0xfff;
        rng.pick(&[0u32, 1, 0xfff, 255, 0x800, 0x7ff, 8, any])
    };
    let word = if rng.next().is_multiple_of(8) {
        // Anything at all (but 32-bit).
        (rng.next() as u32 | 3) & !(1 << 2)
    } else {
        let op = rng.pick(&OPS);
        let (rd, rs1, mut rs2) = (reg(rng), reg(rng), reg(rng));
        let mut f3 = rng.next() as u32 & 7;
        let mut f7 = rng.next() as u32 & 127;
        match op {
            // Base, M, and the Zba/Zbb/Zbs/Zbc/Zicond funct7 values.
            0x33 | 0x3b => {
                f7 = rng.pick(&[
                    0, 1, 0x20, f7, 0x04, 0x05, 0x07, 0x10, 0x14, 0x24, 0x30, 0x34,
                ])
            }
            // Shifts, and Zba/Zbb/Zbs immediate forms (slli.uw, rori, clz..,
            // orc.b, rev8, b*i).
            0x13 | 0x1b if f3 == 1 || f3 == 5 => {
                f7 = rng.pick(&[
                    0, 1, 0x20, 0x21, f7, 0x04, 0x05, 0x30, 0x31, 0x14, 0x15, 0x24, 0x25, 0x34,
                    0x35,
                ])
            }
            0x53 => {
                f7 = rng.pick(&[
                    0x00, 0x04, 0x08, 0x0c, 0x2c, 0x10, 0x14, 0x20, 0x50, 0x60, 0x68, 0x70, 0x78,
                ]) | rng.pick(&[0, 1, 0, 1, 2]);
                rs2 = rng.pick(&[rs2, 0, 1, 2, 3, rs1]);
                f3 = rng.pick(&[0, 1, 2, 7, f3]);
            }
            0x2f => {
                f7 = rng.pick(&[0, 1, 2, 3, 4, 8, 12, 16, 20, 24, 28, f7 >> 2]) << 2
                    | (rng.next() as u32 & 3);
                f3 = rng.pick(&[2, 3, f3]);
                if f7 >> 2 == 2 && !rng.next().is_multiple_of(4) {
                    rs2 = 0;
                }
            }
            0x07 | 0x27 => f3 = rng.pick(&[2, 3, f3]),
            0x67 => f3 = rng.pick(&[0, 0, f3]),
            0x0f => f7 = rng.pick(&[0x07, 0x41, 0x01, 0, 0x41 | 0x40, f7]),
            _ => {}
        }
        match op {
            0x73 if rng.next().is_multiple_of(4) => rng.pick(&[
                0x73,
                0x0010_0073,
                0x3020_0073,
                0x1020_0073,
                0x1050_0073,
                0x1200_0073 | rs1 << 15 | rs2 << 20,
                0x7b20_0073,
            ]),
            0x73 => {
                let csr = rng.pick(&[1, 2, 3, 0x300, 0xc00, 0xc01, 0xc02, 0x7a0, 0x7a5, 0x30a, 0]);
                let csr = if csr == 0 {
                    rng.next() as u32 & 0xfff
                } else {
                    csr
                };
                csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op
            }
            0x03 | 0x07 | 0x13 | 0x1b | 0x67
                if !(f3 == 1 || f3 == 5) || op != 0x13 && op != 0x1b =>
            {
                imm12(rng) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op
            }
            0x43 | 0x47 | 0x4b | 0x4f => {
                reg(rng) << 27
                    | (rng.next() as u32 & 3) << 25
                    | rs2 << 20
                    | rs1 << 15
                    | f3 << 12
                    | rd << 7
                    | op
            }
            _ => f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op,
        }
    };
    if rng.next().is_multiple_of(5) {
        let base = rng.pick(&[(word >> 15) & 31, (word >> 7) & 31, 0, 3, 4]);
        out.push((rng.next() as u32 & 0xffff_f000) | base << 7 | rng.pick(&[0x17, 0x37]));
    }
    out.push(word);
}

#[test]
fn disasm_matches_objdump_on_sampled_32bit_encodings() {
    support::require_toolchain();
    let mut rng = Rng(0x005e_ed0f_d15a_5e3b);
    let mut words = Vec::new();
    while words.len() < 60_000 {
        sample32(&mut rng, &mut words);
    }
    let blob: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let (n, diffs) = compare_blob("disasm-rv32bit", &blob);
    assert_eq!(n, words.len());
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for (w, theirs, ours) in &diffs {
        // Only encodings the CPU rejects may differ (objdump's dret, hret),
        // and Zicond's, which objdump 2.40 does not know.
        let zicond = ours.contains("czero.") && theirs.contains(".4byte");
        assert!(
            zicond || lookup32(*w).is_none() && ours.contains(".4byte"),
            "{w:#010x}: objdump {theirs:?}, vitrine {ours:?}"
        );
        *by_text
            .entry(theirs.split_whitespace().nth(1).unwrap_or("").to_string())
            .or_default() += 1;
    }
    eprintln!("{n} sampled 32-bit encodings compared; CPU-illegal ones objdump names: {by_text:?}");
}
