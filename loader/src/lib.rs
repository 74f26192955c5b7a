//! Loading RV64 ELF programs: loadable segments, entry point and symbols.
//!
//! ```no_run
//! let image = vitrine_loader::load_file("prog.elf".as_ref())?;
//! image.check_fits(0x8000_0000, 128 << 20)?;
//! for seg in &image.segments {
//!     // copy seg.data to seg.paddr, zero-fill up to seg.mem_size
//! }
//! let tohost = image.symbol("tohost");
//! # Ok::<(), vitrine_loader::LoadError>(())
//! ```
//!
//! # Placement: physical addresses
//!
//! Segments are placed at their **`p_paddr`**, as QEMU's `-kernel` does for
//! bare-metal ELF files (its `load_elf` with no address translation). For
//! the usual bare-metal program `p_paddr == p_vaddr`; a kernel linked at a
//! virtual address with a `AT(...)` load address is loaded where it asks.
//! Following QEMU, [`ElfImage::entry`] is `e_entry` moved into physical
//! space when it lies in an executable segment whose `p_vaddr != p_paddr`.
//! Symbol values are left as in the file (link-time addresses).
//!
//! # Robustness
//!
//! [`parse`] never panics: every offset and size read from the file is
//! checked against the file length (also `p_offset + p_filesz`, which
//! goblin does not check), and failures are [`LoadError`]s with one-line
//! messages. A property test feeds it random and mutated files.

mod elf;
mod error;
mod kind;
mod segment;
mod symbols;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::LoadError;
pub use kind::{classify, LinuxReason, ProgramKind};
pub use segment::Segment;
pub use symbols::{Symbol, SymbolKind};

/// A parsed RV64 executable, ready to copy into guest memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElfImage {
    /// Physical entry point (see the crate documentation).
    pub entry: u64,
    /// `PT_LOAD` segments with `p_memsz > 0`, in program header order.
    pub segments: Vec<Segment>,
    /// Defined, named symbols of `.symtab` (empty if stripped).
    pub symbols: BTreeMap<String, u64>,
}

impl ElfImage {
    /// The value of symbol `name` (e.g. `"tohost"`), if the file defines it.
    pub fn symbol(&self, name: &str) -> Option<u64> {
        self.symbols.get(name).copied()
    }

    /// Check that every segment's `[paddr, paddr + mem_size)` lies inside
    /// `[ram_base, ram_base + ram_size)`; the error names the first segment
    /// that does not, and the RAM range.
    pub fn check_fits(&self, ram_base: u64, ram_size: u64) -> Result<(), LoadError> {
        self.segments
            .iter()
            .try_for_each(|s| s.check_fits(ram_base, ram_size))
    }
}

/// Parse an RV64 little-endian executable ELF held in memory.
///
/// Refuses anything else (32-bit, big-endian, other machines, relocatable
/// objects) and damaged files, with a [`LoadError`] saying why.
pub fn parse(bytes: &[u8]) -> Result<ElfImage, LoadError> {
    elf::parse(bytes)
}

/// Every defined symbol of an RV64 ELF's `.symtab` with its size and kind
/// (for debuggers, which name addresses as `symbol+offset`); the same
/// checks as [`parse`], and an empty list for a stripped file.
pub fn symbol_table(bytes: &[u8]) -> Result<Vec<Symbol>, LoadError> {
    elf::symbol_table(bytes)
}

/// Read and [`parse`] the file at `path`; I/O errors carry the path.
pub fn load_file(path: &Path) -> Result<ElfImage, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&bytes)
}
