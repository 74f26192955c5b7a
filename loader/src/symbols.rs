//! Named symbols from `.symtab` (e.g. `tohost`/`fromhost` for HTIF).
//!
//! Kept: every defined symbol (`st_shndx != SHN_UNDEF`) with a non-empty
//! name, except `STT_FILE` and `STT_SECTION` entries. Values are `st_value`,
//! i.e. link-time (virtual) addresses. When a name appears more than once
//! (static symbols of several files), a global or weak definition wins over
//! a local one; otherwise the first one in the table wins.
//!
//! A file without section headers or without `.symtab` (stripped) simply has
//! no symbols. A section header table, `.symtab` or its string table that
//! lies beyond the end of the file is an error (the file is truncated).

use std::collections::BTreeMap;

use goblin::elf::header::Header;
use goblin::elf::section_header::{SectionHeader, SHN_UNDEF, SHT_SYMTAB};
use goblin::elf::sym::{self, Symtab};

use crate::elf::{ctx, slice, table_size};
use crate::LoadError;

/// Size of an ELF64 section header.
const SHDR_SIZE: u64 = 64;
/// Size of an ELF64 symbol.
const SYM_SIZE: u64 = 24;

/// All section headers, bounds-checked; empty if the file has none.
fn section_headers(bytes: &[u8], h: &Header) -> Result<Vec<SectionHeader>, LoadError> {
    if h.e_shoff == 0 {
        return Ok(Vec::new());
    }
    if h.e_shentsize as u64 != SHDR_SIZE {
        return Err(LoadError::Malformed(format!(
            "e_shentsize is {}; expected {SHDR_SIZE} for ELF64",
            h.e_shentsize
        )));
    }
    // With more than 0xff00 sections, e_shnum is 0 and the count is in the
    // sh_size of section 0: read that entry first.
    slice(bytes, h.e_shoff, SHDR_SIZE, &|| {
        "section header table".into()
    })?;
    let count = if h.e_shnum != 0 {
        h.e_shnum as u64
    } else {
        let sh0 = SectionHeader::parse_from(bytes, h.e_shoff as usize, 1, ctx())
            .map_err(|e| LoadError::Malformed(format!("section header 0: {e}")))?;
        sh0.first().map_or(0, |s| s.sh_size)
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    let size = table_size(count, SHDR_SIZE, "section header table")?;
    slice(bytes, h.e_shoff, size, &|| {
        format!("section header table ({count} entries)")
    })?;
    SectionHeader::parse_from(bytes, h.e_shoff as usize, count as usize, ctx())
        .map_err(|e| LoadError::Malformed(format!("section headers: {e}")))
}

/// The NUL-terminated name at `offset` in `strtab`, if any.
fn name_at(strtab: &[u8], offset: usize) -> Option<String> {
    let rest = strtab.get(offset..)?;
    let len = rest.iter().position(|&b| b == 0)?;
    (len > 0).then(|| String::from_utf8_lossy(&rest[..len]).into_owned())
}

/// What a symbol names (`st_type`), as far as a debugger cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// `STT_FUNC`: code.
    Function,
    /// `STT_OBJECT`: data.
    Object,
    /// `STT_NOTYPE` and anything else (assembly labels are often untyped).
    Other,
}

/// One defined symbol of `.symtab`, with what a debugger needs to name
/// addresses: its size and kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Symbol {
    /// The name as stored (mangled, for Rust).
    pub name: String,
    /// `st_value`: the link-time (virtual) address.
    pub value: u64,
    /// `st_size` (0 when unknown, as for most assembly labels).
    pub size: u64,
    pub kind: SymbolKind,
    /// Global or weak binding (not `STB_LOCAL`).
    pub global: bool,
    /// An absolute value (`SHN_ABS`, e.g. a size set by a linker script),
    /// not an address in the program.
    pub absolute: bool,
}

/// Every symbol [`parse`] keeps (see the module documentation), in table
/// order, duplicates included.
pub(crate) fn table(bytes: &[u8], h: &Header) -> Result<Vec<Symbol>, LoadError> {
    let mut out = Vec::new();
    let shdrs = section_headers(bytes, h)?;
    let Some((index, symtab)) = shdrs
        .iter()
        .enumerate()
        .find(|(_, s)| s.sh_type == SHT_SYMTAB)
    else {
        return Ok(Vec::new());
    };
    if symtab.sh_entsize != SYM_SIZE {
        return Err(LoadError::Malformed(format!(
            ".symtab (section {index}) sh_entsize is {}; expected {SYM_SIZE}",
            symtab.sh_entsize
        )));
    }
    let strtab = shdrs.get(symtab.sh_link as usize).ok_or_else(|| {
        LoadError::Malformed(format!(
            ".symtab (section {index}) links to string table section {}, but there are only {} sections",
            symtab.sh_link,
            shdrs.len()
        ))
    })?;
    let strtab = slice(bytes, strtab.sh_offset, strtab.sh_size, &|| {
        format!("symbol string table (section {})", symtab.sh_link)
    })?;
    let count = symtab.sh_size / SYM_SIZE;
    let table = slice(bytes, symtab.sh_offset, count * SYM_SIZE, &|| {
        format!(".symtab (section {index})")
    })?;
    let syms = Symtab::parse(table, 0, count as usize, ctx())
        .map_err(|e| LoadError::Malformed(format!(".symtab: {e}")))?;
    for s in syms.iter() {
        let kind = s.st_type();
        if s.st_shndx == SHN_UNDEF as usize || kind == sym::STT_FILE || kind == sym::STT_SECTION {
            continue;
        }
        let Some(name) = name_at(strtab, s.st_name) else {
            continue;
        };
        out.push(Symbol {
            name,
            value: s.st_value,
            size: s.st_size,
            kind: match kind {
                sym::STT_FUNC => SymbolKind::Function,
                sym::STT_OBJECT => SymbolKind::Object,
                _ => SymbolKind::Other,
            },
            global: s.st_bind() != sym::STB_LOCAL,
            absolute: s.st_shndx == goblin::elf::section_header::SHN_ABS as usize,
        });
    }
    Ok(out)
}

/// See the module documentation.
pub(crate) fn parse(bytes: &[u8], h: &Header) -> Result<BTreeMap<String, u64>, LoadError> {
    let mut out: BTreeMap<String, (u64, bool)> = BTreeMap::new();
    for s in table(bytes, h)? {
        match out.get(&s.name) {
            Some(&(_, was_global)) if was_global || !s.global => {}
            _ => {
                out.insert(s.name, (s.value, s.global));
            }
        }
    }
    Ok(out.into_iter().map(|(k, (v, _))| (k, v)).collect())
}

#[cfg(test)]
mod tests {
    use super::name_at;

    #[test]
    fn names_are_nul_terminated_and_bounded() {
        let tab = b"\0tohost\0fromhost\0bad";
        assert_eq!(name_at(tab, 1).as_deref(), Some("tohost"));
        assert_eq!(name_at(tab, 3).as_deref(), Some("host"));
        assert_eq!(name_at(tab, 8).as_deref(), Some("fromhost"));
        assert_eq!(name_at(tab, 0), None, "empty name");
        assert_eq!(name_at(tab, 17), None, "no terminating NUL");
        assert_eq!(name_at(tab, 999), None, "past the end");
    }
}
