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
    /// Segments that overlap each other are refused too.
    pub fn check_fits(&self, ram_base: u64, ram_size: u64) -> Result<(), LoadError> {
        self.segments
            .iter()
            .try_for_each(|s| s.check_fits(ram_base, ram_size))?;
        self.check_no_overlap()
    }

    /// No two segments share a physical byte.
    pub fn check_no_overlap(&self) -> Result<(), LoadError> {
        let mut spans: Vec<(u64, u64)> = self
            .segments
            .iter()
            .map(|s| (s.paddr, s.paddr.saturating_add(s.mem_size)))
            .collect();
        spans.sort_unstable();
        match spans.windows(2).find(|w| w[1].0 < w[0].1) {
            Some(w) => Err(LoadError::Overlap {
                first: w[0].0,
                first_end: w[0].1,
                second: w[1].0,
                second_end: w[1].1,
            }),
            None => Ok(()),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(paddr: u64, mem_size: u64) -> Segment {
        Segment {
            vaddr: paddr,
            paddr,
            data: vec![],
            mem_size,
            readable: true,
            writable: false,
            executable: true,
        }
    }

    #[test]
    fn overlapping_segments_are_refused() {
        let image = |segments| ElfImage {
            entry: 0x8000_0000,
            segments,
            symbols: BTreeMap::new(),
        };
        let ok = image(vec![seg(0x8000_2000, 0x1000), seg(0x8000_0000, 0x2000)]);
        assert!(
            ok.check_fits(0x8000_0000, 1 << 20).is_ok(),
            "touching is not overlapping"
        );
        let bad = image(vec![seg(0x8000_0000, 0x2000), seg(0x8000_1000, 0x100)]);
        let err = bad
            .check_fits(0x8000_0000, 1 << 20)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "segments at 0x80000000..0x80002000 and 0x80001000..0x80001100 (p_paddr) overlap: refusing to load one over the other"
        );
    }
}
