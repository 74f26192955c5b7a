//! The `satp` CSR (Supervisor Address Translation and Protection), RV64 layout:
//!
//! ```text
//!  63    60 59            44 43                               0
//! +--------+----------------+----------------------------------+
//! |  MODE  |      ASID      |        PPN of the root table      |
//! +--------+----------------+----------------------------------+
//! ```
//!
//! MODE 0 is Bare (no translation), 8 is Sv39. The ASID tags TLB entries so
//! that switching address spaces needs no flush.

use super::addr::Ppn; // super, not crate: the guest kernel compiles this file too

/// The MODE field value for Bare (no translation).
pub const MODE_BARE: u8 = 0;
/// The MODE field value for Sv39.
pub const MODE_SV39: u8 = 8;

/// The decoded MODE field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SatpMode {
    Bare,
    Sv39,
    /// Sv48, Sv57 or a reserved encoding: not implemented here.
    Other(u8),
}

/// A raw `satp` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Satp(pub u64);

impl Satp {
    pub const MODE_SHIFT: u32 = 60;
    pub const ASID_SHIFT: u32 = 44;
    pub const PPN_MASK: u64 = (1 << 44) - 1;

    /// Build a `satp` value.
    #[inline]
    pub const fn new(mode: u8, asid: u16, root: Ppn) -> Satp {
        Satp(
            ((mode as u64 & 0xf) << Self::MODE_SHIFT)
                | ((asid as u64) << Self::ASID_SHIFT)
                | (root.0 & Self::PPN_MASK),
        )
    }

    /// An Sv39 `satp` value.
    #[inline]
    pub const fn sv39(asid: u16, root: Ppn) -> Satp {
        Satp::new(MODE_SV39, asid, root)
    }

    /// The raw MODE field.
    #[inline(always)]
    pub const fn mode_bits(self) -> u8 {
        (self.0 >> Self::MODE_SHIFT) as u8
    }

    #[inline]
    pub const fn mode(self) -> SatpMode {
        match self.mode_bits() {
            MODE_BARE => SatpMode::Bare,
            MODE_SV39 => SatpMode::Sv39,
            m => SatpMode::Other(m),
        }
    }

    #[inline(always)]
    pub const fn is_sv39(self) -> bool {
        self.mode_bits() == MODE_SV39
    }

    #[inline(always)]
    pub const fn asid(self) -> u16 {
        (self.0 >> Self::ASID_SHIFT) as u16
    }

    /// PPN of the root (level-2) page table.
    #[inline(always)]
    pub const fn root(self) -> Ppn {
        Ppn(self.0 & Self::PPN_MASK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let s = Satp::sv39(0xbeef, Ppn(0x8_0042));
        assert_eq!(s.0, (8 << 60) | (0xbeef << 44) | 0x8_0042);
        assert_eq!(s.mode(), SatpMode::Sv39);
        assert!(s.is_sv39());
        assert_eq!(s.asid(), 0xbeef);
        assert_eq!(s.root(), Ppn(0x8_0042));
        assert_eq!(Satp(0).mode(), SatpMode::Bare);
        assert_eq!(Satp(9 << 60).mode(), SatpMode::Other(9));
        assert_eq!(Satp(u64::MAX).asid(), 0xffff);
        assert_eq!(Satp(u64::MAX).root(), Ppn((1 << 44) - 1));
    }
}
