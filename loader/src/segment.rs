//! A loadable segment: the bytes to copy into guest memory and where.

use crate::LoadError;

/// One `PT_LOAD` program header with `p_memsz > 0`, with its file bytes.
///
/// The loader places it at [`paddr`](Segment::paddr), like QEMU's `-kernel`
/// does for bare-metal ELF files; `vaddr` is kept for information (it is where
/// the program was linked to run, possibly behind the MMU).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `p_vaddr`: the link-time (virtual) address.
    pub vaddr: u64,
    /// `p_paddr`: the physical address the segment is loaded at.
    pub paddr: u64,
    /// The `p_filesz` bytes from the file.
    pub data: Vec<u8>,
    /// `p_memsz`, always `>= data.len()`; the bytes past `data` are zero (`.bss`).
    pub mem_size: u64,
    pub readable: bool,
    pub writable: bool,
    pub executable: bool,
}

impl Segment {
    /// Check that `[paddr, paddr + mem_size)` lies inside
    /// `[ram_base, ram_base + ram_size)`; the RAM end may be 2^64.
    pub(crate) fn check_fits(&self, ram_base: u64, ram_size: u64) -> Result<(), LoadError> {
        let start = self.paddr as u128;
        let end = start + self.mem_size as u128;
        let ram_start = ram_base as u128;
        let ram_end = ram_start + ram_size as u128;
        if start >= ram_start && end <= ram_end {
            Ok(())
        } else {
            Err(LoadError::OutsideRam {
                paddr: self.paddr,
                mem_size: self.mem_size,
                ram_base,
                ram_size,
            })
        }
    }
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
    fn fits_exactly() {
        assert!(seg(0x8000_0000, 0x1000)
            .check_fits(0x8000_0000, 0x1000)
            .is_ok());
    }

    #[test]
    fn below_above_and_straddling_are_refused() {
        let (base, size) = (0x8000_0000, 0x10_0000);
        assert!(seg(0x7fff_f000, 0x1000).check_fits(base, size).is_err());
        assert!(seg(0x8010_0000, 1).check_fits(base, size).is_err());
        assert!(seg(0x800f_f000, 0x1001).check_fits(base, size).is_err());
    }

    #[test]
    fn ram_up_to_the_top_of_the_address_space() {
        assert!(seg(u64::MAX - 0xfff, 0x1000)
            .check_fits(u64::MAX - 0xffff, 0x10000)
            .is_ok());
        assert!(seg(0, 1).check_fits(0, u64::MAX).is_ok());
    }

    #[test]
    fn message_names_segment_and_ram() {
        let e = seg(0x1000, 0x200)
            .check_fits(0x8000_0000, 0x800_0000)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "segment at 0x1000..0x1200 (p_paddr) does not fit in RAM 0x80000000..0x88000000"
        );
    }
}
