//! The one error type of the loader: every way an ELF file can be refused.
//!
//! Each message is a single line that says what is wrong and, where it
//! helps, what was expected, so the CLI can print it as is.

use std::path::PathBuf;

/// Why an ELF file could not be loaded.
#[derive(thiserror::Error, Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Shorter than the 4-byte ELF magic.
    #[error("not an ELF file: only {len} byte(s), too short for the ELF magic")]
    TooShort { len: usize },

    /// The first four bytes are not `\x7fELF`.
    #[error("not an ELF file: bad magic {found:02x?} (expected [7f, 45, 4c, 46] = \"\\x7fELF\")")]
    BadMagic { found: [u8; 4] },

    /// `EI_CLASS` is `ELFCLASS32`.
    #[error("32-bit ELF; vitrine runs RV64 programs")]
    Elf32,

    /// `EI_CLASS` is neither 32 nor 64 bit.
    #[error("invalid ELF class {0} (expected 2 = ELFCLASS64)")]
    BadClass(u8),

    /// `EI_DATA` is `ELFDATA2MSB`.
    #[error("big-endian ELF; vitrine runs little-endian RV64 programs")]
    BigEndian,

    /// `EI_DATA` is neither little- nor big-endian.
    #[error("invalid ELF data encoding {0} (expected 1 = little-endian)")]
    BadEncoding(u8),

    /// `e_machine` is not `EM_RISCV` (243).
    #[error("not a RISC-V ELF: e_machine is {machine} ({name}); expected 243 (RISC-V)")]
    NotRiscv { machine: u16, name: &'static str },

    /// `e_type` is not an executable (`ET_EXEC` or `ET_DYN`).
    #[error("not an executable ELF: e_type is {e_type} ({name}); expected ET_EXEC or ET_DYN (link the program first)")]
    NotExecutable { e_type: u16, name: &'static str },

    /// A part of the file (header, table or segment data) lies beyond its end.
    #[error("truncated ELF: {what} needs bytes {offset:#x}..{:#x} but the file has only {file_len:#x} bytes", *offset as u128 + *size as u128)]
    Truncated {
        what: String,
        offset: u64,
        size: u64,
        file_len: usize,
    },

    /// No `PT_LOAD` segment with a non-zero `p_memsz`.
    #[error("no loadable segments (no PT_LOAD program header with p_memsz > 0)")]
    NoLoadableSegments,

    /// A `PT_LOAD` segment claims more file bytes than memory bytes.
    #[error("program header {index}: p_filesz {filesz:#x} > p_memsz {memsz:#x}")]
    FileSizeExceedsMemSize {
        index: usize,
        filesz: u64,
        memsz: u64,
    },

    /// A segment's `p_paddr + p_memsz` (or `p_vaddr + p_memsz`) wraps past 2^64.
    #[error("program header {index}: address {addr:#x} + p_memsz {size:#x} overflows 64 bits")]
    AddressOverflow { index: usize, addr: u64, size: u64 },

    /// A segment does not lie inside guest RAM (see `ElfImage::check_fits`).
    #[error("segment at {paddr:#x}..{:#x} (p_paddr) does not fit in RAM {ram_base:#x}..{:#x}", *paddr as u128 + *mem_size as u128, *ram_base as u128 + *ram_size as u128)]
    OutsideRam {
        paddr: u64,
        mem_size: u64,
        ram_base: u64,
        ram_size: u64,
    },

    /// Two segments would be loaded at the same physical bytes (the later
    /// would silently overwrite the earlier); QEMU refuses such files too.
    #[error("segments at {first:#x}..{first_end:#x} and {second:#x}..{second_end:#x} (p_paddr) overlap: refusing to load one over the other")]
    Overlap {
        first: u64,
        first_end: u64,
        second: u64,
        second_end: u64,
    },

    /// Any other structural inconsistency (table entry sizes, links, ...).
    #[error("malformed ELF: {0}")]
    Malformed(String),
}
