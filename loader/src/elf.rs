//! ELF parsing: identification, header checks and `PT_LOAD` segments.
//!
//! goblin decodes the fixed-size records (header, program headers, section
//! headers, symbols); every offset and size taken from the file is checked
//! here against the file length *before* goblin or a slice touches it, so a
//! hostile or damaged file yields a [`LoadError`], never a panic or a huge
//! allocation.

use goblin::container::{Container, Ctx, Endian};
use goblin::elf::header::{self, Header};
use goblin::elf::program_header::{ProgramHeader, PT_LOAD};
use goblin::elf::Elf;

use crate::{symbols, ElfImage, LoadError, Segment};

/// Size of an ELF64 file header.
const EHDR_SIZE: u64 = 64;
/// Size of an ELF64 program header.
const PHDR_SIZE: u64 = 56;

/// goblin's context for RV64: 64-bit, little-endian.
pub(crate) fn ctx() -> Ctx {
    Ctx::new(Container::Big, Endian::Little)
}

/// `bytes[offset..offset + size]`, or [`LoadError::Truncated`] naming `what`.
pub(crate) fn slice<'a>(
    bytes: &'a [u8],
    offset: u64,
    size: u64,
    what: &dyn Fn() -> String,
) -> Result<&'a [u8], LoadError> {
    let end = offset as u128 + size as u128;
    if end > bytes.len() as u128 {
        return Err(LoadError::Truncated {
            what: what(),
            offset,
            size,
            file_len: bytes.len(),
        });
    }
    // Both fit in the file, hence in usize.
    Ok(&bytes[offset as usize..end as usize])
}

/// `count * entry_size` for a table, as `u64`, or `Malformed` on overflow.
pub(crate) fn table_size(count: u64, entry_size: u64, what: &str) -> Result<u64, LoadError> {
    count
        .checked_mul(entry_size)
        .ok_or_else(|| LoadError::Malformed(format!("{what} size overflows ({count} entries)")))
}

/// Check `e_ident`: magic, 64-bit class, little-endian data.
fn check_ident(bytes: &[u8]) -> Result<(), LoadError> {
    if bytes.len() < 4 {
        return Err(LoadError::TooShort { len: bytes.len() });
    }
    let magic = [bytes[0], bytes[1], bytes[2], bytes[3]];
    if &magic != header::ELFMAG {
        return Err(LoadError::BadMagic { found: magic });
    }
    // EI_CLASS and EI_DATA: byte 4 and 5.
    slice(bytes, 0, header::SIZEOF_IDENT as u64, &|| "e_ident".into())?;
    match bytes[header::EI_CLASS] {
        header::ELFCLASS64 => {}
        header::ELFCLASS32 => return Err(LoadError::Elf32),
        c => return Err(LoadError::BadClass(c)),
    }
    match bytes[header::EI_DATA] {
        header::ELFDATA2LSB => Ok(()),
        header::ELFDATA2MSB => Err(LoadError::BigEndian),
        d => Err(LoadError::BadEncoding(d)),
    }
}

/// Decode and check the ELF64 header: RISC-V, executable.
pub(crate) fn parse_header(bytes: &[u8]) -> Result<Header, LoadError> {
    check_ident(bytes)?;
    slice(bytes, 0, EHDR_SIZE, &|| "ELF header".into())?;
    let h = Elf::parse_header(bytes).map_err(|e| LoadError::Malformed(e.to_string()))?;
    if h.e_machine != header::EM_RISCV {
        return Err(LoadError::NotRiscv {
            machine: h.e_machine,
            name: header::machine_to_str(h.e_machine),
        });
    }
    if h.e_type != header::ET_EXEC && h.e_type != header::ET_DYN {
        return Err(LoadError::NotExecutable {
            e_type: h.e_type,
            name: header::et_to_str(h.e_type),
        });
    }
    Ok(h)
}

/// All program headers, bounds-checked.
pub(crate) fn program_headers(bytes: &[u8], h: &Header) -> Result<Vec<ProgramHeader>, LoadError> {
    let count = h.e_phnum as u64;
    if count == 0 {
        return Ok(Vec::new());
    }
    if h.e_phentsize as u64 != PHDR_SIZE {
        return Err(LoadError::Malformed(format!(
            "e_phentsize is {}; expected {PHDR_SIZE} for ELF64",
            h.e_phentsize
        )));
    }
    let size = table_size(count, PHDR_SIZE, "program header table")?;
    slice(bytes, h.e_phoff, size, &|| {
        format!("program header table ({count} entries)")
    })?;
    ProgramHeader::parse(bytes, h.e_phoff as usize, count as usize, ctx())
        .map_err(|e| LoadError::Malformed(format!("program headers: {e}")))
}

/// Turn one `PT_LOAD` program header into a [`Segment`] with its file bytes.
fn load_segment(bytes: &[u8], index: usize, ph: &ProgramHeader) -> Result<Segment, LoadError> {
    if ph.p_filesz > ph.p_memsz {
        return Err(LoadError::FileSizeExceedsMemSize {
            index,
            filesz: ph.p_filesz,
            memsz: ph.p_memsz,
        });
    }
    if ph.p_paddr.checked_add(ph.p_memsz).is_none() {
        return Err(LoadError::AddressOverflow {
            index,
            addr: ph.p_paddr,
            size: ph.p_memsz,
        });
    }
    let data = slice(bytes, ph.p_offset, ph.p_filesz, &|| {
        format!(
            "data of program header {index} (PT_LOAD at {:#x})",
            ph.p_paddr
        )
    })?;
    Ok(Segment {
        vaddr: ph.p_vaddr,
        paddr: ph.p_paddr,
        data: data.to_vec(),
        mem_size: ph.p_memsz,
        readable: ph.is_read(),
        writable: ph.is_write(),
        executable: ph.is_executable(),
    })
}

/// The physical entry point, as QEMU's ELF loader computes it: `e_entry` is a
/// virtual address; if it falls in the file bytes of an executable segment
/// whose `p_vaddr != p_paddr`, it is moved by that segment's offset.
fn physical_entry(entry: u64, phdrs: &[ProgramHeader]) -> u64 {
    phdrs
        .iter()
        .filter(|ph| ph.p_type == PT_LOAD && ph.p_memsz > 0 && ph.is_executable())
        .filter(|ph| ph.p_vaddr != ph.p_paddr)
        .find(|ph| entry >= ph.p_vaddr && entry - ph.p_vaddr < ph.p_filesz)
        .map(|ph| ph.p_paddr.wrapping_add(entry - ph.p_vaddr))
        .unwrap_or(entry)
}

/// See [`crate::symbol_table`].
pub(crate) fn symbol_table(bytes: &[u8]) -> Result<Vec<symbols::Symbol>, LoadError> {
    let h = parse_header(bytes)?;
    symbols::table(bytes, &h)
}

/// See [`crate::parse`].
pub(crate) fn parse(bytes: &[u8]) -> Result<ElfImage, LoadError> {
    let h = parse_header(bytes)?;
    let phdrs = program_headers(bytes, &h)?;
    let mut segments = Vec::new();
    for (index, ph) in phdrs.iter().enumerate() {
        if ph.p_type == PT_LOAD && ph.p_memsz > 0 {
            segments.push(load_segment(bytes, index, ph)?);
        }
    }
    if segments.is_empty() {
        return Err(LoadError::NoLoadableSegments);
    }
    let symbols = symbols::parse(bytes, &h)?;
    Ok(ElfImage {
        entry: physical_entry(h.e_entry, &phdrs),
        segments,
        symbols,
    })
}
