//! What kind of program an ELF file is: a Linux user program (run inside
//! the built-in teaching OS, as `qemu-riscv64` runs it) or a bare-metal
//! program (loaded at its physical addresses and started in M-mode, as
//! `qemu-system-riscv64 -bios none -kernel` does).
//!
//! A file is a Linux user program when any of these holds, checked in this
//! order (the first one found is the reason given):
//!
//! 1. it has a `PT_INTERP` program header (a dynamically linked program);
//! 2. it is `ET_DYN` (a position-independent executable, static or not:
//!    the kernel picks its load address);
//! 3. `EI_OSABI` is `ELFOSABI_GNU` (3, also called `ELFOSABI_LINUX`);
//! 4. a `PT_NOTE` segment holds the `NT_GNU_ABI_TAG` note with OS Linux
//!    (glibc's `.note.ABI-tag`);
//! 5. its entry point lies below the RAM base and no `PT_LOAD` segment
//!    starts below 0x10000 (Linux's default `vm.mmap_min_addr`, where
//!    GNU ld puts riscv64 programs): user space. (A bare-metal program's
//!    entry must be in RAM to run at all; one linked at 0 or 0x1000 is
//!    still bare metal, and is refused as not fitting in RAM.)
//!
//! Anything else is bare metal. Classifying parses the headers with the
//! same checks as [`crate::parse`]: a damaged file is a [`LoadError`].

use goblin::elf::header::ET_DYN;
use goblin::elf::program_header::{PT_INTERP, PT_LOAD, PT_NOTE};

use crate::elf::{parse_header, program_headers, slice};
use crate::LoadError;

/// Linux's default `vm.mmap_min_addr`: no user mapping below it.
const MMAP_MIN_ADDR: u64 = 0x10000;
/// `EI_OSABI` value of GNU/Linux programs.
const ELFOSABI_GNU: u8 = 3;
/// Index of `EI_OSABI` in `e_ident`.
const EI_OSABI: usize = 7;
/// The note type of glibc's `.note.ABI-tag` (owner "GNU").
const NT_GNU_ABI_TAG: u32 = 1;
/// `ELF_NOTE_OS_LINUX`, the first word of the ABI tag's descriptor.
const ELF_NOTE_OS_LINUX: u32 = 0;

/// Why a file counts as a Linux user program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinuxReason {
    Interp,
    Pie,
    OsAbi,
    AbiNote,
    UserEntry,
}

impl LinuxReason {
    /// A few words for logs: "it has PT_INTERP".
    pub fn describe(self) -> &'static str {
        match self {
            LinuxReason::Interp => "it names a program interpreter (PT_INTERP)",
            LinuxReason::Pie => "it is a position-independent executable (ET_DYN)",
            LinuxReason::OsAbi => "its ELF OS ABI is GNU/Linux",
            LinuxReason::AbiNote => "it carries a GNU ABI tag note for Linux",
            LinuxReason::UserEntry => "its entry point is below RAM (user space)",
        }
    }
}

/// The kind of an RV64 executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramKind {
    /// Run it inside the teaching OS, as a process.
    Linux(LinuxReason),
    /// Load it at its physical addresses and start it in M-mode.
    BareMetal,
}

/// Classify the RV64 executable `bytes`, for a machine whose RAM starts at
/// `ram_base` (see the module documentation).
pub fn classify(bytes: &[u8], ram_base: u64) -> Result<ProgramKind, LoadError> {
    let h = parse_header(bytes)?;
    let phdrs = program_headers(bytes, &h)?;
    if phdrs.iter().any(|ph| ph.p_type == PT_INTERP) {
        return Ok(ProgramKind::Linux(LinuxReason::Interp));
    }
    if h.e_type == ET_DYN {
        return Ok(ProgramKind::Linux(LinuxReason::Pie));
    }
    if bytes[EI_OSABI] == ELFOSABI_GNU {
        return Ok(ProgramKind::Linux(LinuxReason::OsAbi));
    }
    for (i, ph) in phdrs.iter().enumerate() {
        if ph.p_type != PT_NOTE {
            continue;
        }
        let notes = slice(bytes, ph.p_offset, ph.p_filesz, &|| {
            format!("notes of program header {i}")
        })?;
        if has_linux_abi_tag(notes) {
            return Ok(ProgramKind::Linux(LinuxReason::AbiNote));
        }
    }
    let above_min_addr = phdrs
        .iter()
        .filter(|ph| ph.p_type == PT_LOAD && ph.p_memsz > 0)
        .all(|ph| ph.p_vaddr >= MMAP_MIN_ADDR);
    if h.e_entry < ram_base && above_min_addr {
        return Ok(ProgramKind::Linux(LinuxReason::UserEntry));
    }
    Ok(ProgramKind::BareMetal)
}

fn word(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Whether the note records `notes` hold NT_GNU_ABI_TAG "GNU" for Linux.
/// A note: namesz, descsz, type (4 bytes each), the name and the
/// descriptor, each padded to 4 bytes.
fn has_linux_abi_tag(notes: &[u8]) -> bool {
    let mut at = 0usize;
    while let (Some(namesz), Some(descsz), Some(kind)) =
        (word(notes, at), word(notes, at + 4), word(notes, at + 8))
    {
        let name_at = at + 12;
        let desc_at = name_at + (namesz as usize).next_multiple_of(4);
        let next = desc_at + (descsz as usize).next_multiple_of(4);
        if kind == NT_GNU_ABI_TAG
            && notes.get(name_at..name_at + namesz as usize) == Some(b"GNU\0")
            && descsz >= 4
            && word(notes, desc_at) == Some(ELF_NOTE_OS_LINUX)
        {
            return true;
        }
        if next <= at || next > notes.len() {
            return false;
        }
        at = next;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(kind: u32, name: &[u8], desc: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend((name.len() as u32).to_le_bytes());
        v.extend((desc.len() as u32).to_le_bytes());
        v.extend(kind.to_le_bytes());
        v.extend(name);
        v.resize(v.len().next_multiple_of(4), 0);
        v.extend(desc);
        v.resize(v.len().next_multiple_of(4), 0);
        v
    }

    #[test]
    fn the_abi_tag_note_is_found_after_others() {
        let build_id = note(3, b"GNU\0", &[0xab; 20]);
        let tag = note(
            1,
            b"GNU\0",
            &[0, 0, 0, 0, 4, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 0],
        );
        assert!(has_linux_abi_tag(&[build_id.clone(), tag.clone()].concat()));
        assert!(!has_linux_abi_tag(&build_id));
        // Another OS in the tag (1 = GNU Hurd), or a damaged record: no.
        let hurd = note(1, b"GNU\0", &[1, 0, 0, 0, 0, 0, 0, 0]);
        assert!(!has_linux_abi_tag(&hurd));
        assert!(!has_linux_abi_tag(&tag[..14]));
        let mut huge = tag.clone();
        huge[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(!has_linux_abi_tag(&huge));
    }
}
