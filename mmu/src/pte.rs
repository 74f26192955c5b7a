//! The Sv39 page-table entry.
//!
//! ```text
//!  63  62 61  60     54 53                       10 9   8 7 6 5 4 3 2 1 0
//! +---+------+---------+---------------------------+-----+-+-+-+-+-+-+-+-+
//! | N | PBMT | reserved|            PPN            | RSW |D|A|G|U|X|W|R|V|
//! +---+------+---------+---------------------------+-----+-+-+-+-+-+-+-+-+
//! ```
//!
//! * `V` valid; `R`/`W`/`X` read/write/execute. `R=W=X=0` means "pointer to
//!   the next-level table" (a non-leaf PTE); anything else is a leaf.
//!   `W=1` with `R=0` is reserved (page fault).
//! * `U` user-accessible, `G` global (in every address space; on a non-leaf
//!   it makes everything below it global), `A` accessed, `D` dirty.
//! * `RSW` (bits 9:8) are for supervisor software; hardware ignores them.
//! * Bits 63:54 (Svnapot `N`, Svpbmt `PBMT`, reserved) must be zero: this
//!   MMU implements neither extension, so any of them set is a page fault.
//! * On a non-leaf PTE, `D`, `A` and `U` are reserved and must be zero
//!   (page fault otherwise, as in QEMU).

use super::addr::Ppn; // super, not crate: the guest kernel compiles this file too

/// A raw Sv39 page-table entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Pte(pub u64);

impl Pte {
    pub const V: u64 = 1 << 0;
    pub const R: u64 = 1 << 1;
    pub const W: u64 = 1 << 2;
    pub const X: u64 = 1 << 3;
    pub const U: u64 = 1 << 4;
    pub const G: u64 = 1 << 5;
    pub const A: u64 = 1 << 6;
    pub const D: u64 = 1 << 7;
    /// The two bits reserved for supervisor software (RSW, bits 9:8).
    pub const RSW_MASK: u64 = 0b11 << 8;
    pub const RSW_SHIFT: u32 = 8;
    pub const PPN_SHIFT: u32 = 10;
    /// PPN field, bits 53:10.
    pub const PPN_MASK: u64 = ((1 << 44) - 1) << Self::PPN_SHIFT;
    /// Bits 63:54: N, PBMT and reserved. All must be zero here.
    pub const RESERVED_MASK: u64 = !((1 << 54) - 1);
    /// Bits that are reserved on a non-leaf PTE.
    pub const NON_LEAF_RESERVED: u64 = Self::D | Self::A | Self::U;
    /// The R, W and X bits.
    pub const RWX: u64 = Self::R | Self::W | Self::X;

    /// Build a PTE from a PPN and flag bits (the low 10 bits of `flags`).
    #[inline]
    pub const fn new(ppn: Ppn, flags: u64) -> Pte {
        Pte(((ppn.0 << Self::PPN_SHIFT) & Self::PPN_MASK) | (flags & 0x3ff))
    }

    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }
    /// The low 8 flag bits, `D A G U X W R V`.
    #[inline(always)]
    pub const fn flags(self) -> u8 {
        self.0 as u8
    }
    #[inline(always)]
    pub const fn ppn(self) -> Ppn {
        Ppn((self.0 & Self::PPN_MASK) >> Self::PPN_SHIFT)
    }
    /// The two RSW software bits.
    #[inline(always)]
    pub const fn rsw(self) -> u8 {
        ((self.0 & Self::RSW_MASK) >> Self::RSW_SHIFT) as u8
    }
    #[inline(always)]
    pub const fn has(self, bit: u64) -> bool {
        self.0 & bit != 0
    }
    #[inline(always)]
    pub const fn is_valid(self) -> bool {
        self.has(Self::V)
    }
    /// A leaf has at least one of R, W, X.
    #[inline(always)]
    pub const fn is_leaf(self) -> bool {
        self.0 & Self::RWX != 0
    }
    #[inline(always)]
    pub const fn is_global(self) -> bool {
        self.has(Self::G)
    }

    /// The encodings the walk must reject with a page fault at any level:
    /// V=0, W=1 without R, or any of bits 63:54 set; on a non-leaf, also
    /// D, A or U set.
    #[inline]
    pub const fn is_malformed(self) -> bool {
        !self.is_valid()
            || (self.0 & (Self::R | Self::W)) == Self::W
            || self.0 & Self::RESERVED_MASK != 0
            || (!self.is_leaf() && self.0 & Self::NON_LEAF_RESERVED != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let p = Pte::new(
            Ppn(0x8_0123),
            Pte::V | Pte::R | Pte::W | Pte::A | Pte::D | (0b10 << 8),
        );
        assert_eq!(p.ppn(), Ppn(0x8_0123));
        assert_eq!(p.rsw(), 0b10);
        assert_eq!(
            p.flags(),
            (Pte::V | Pte::R | Pte::W | Pte::A | Pte::D) as u8
        );
        assert!(p.is_leaf() && p.is_valid() && !p.is_global());
        assert!(!p.is_malformed());
        // The widest PPN fits and does not spill into the reserved bits.
        let wide = Pte::new(Ppn((1 << 44) - 1), Pte::V);
        assert_eq!(wide.ppn(), Ppn((1 << 44) - 1));
        assert_eq!(wide.0 & Pte::RESERVED_MASK, 0);
    }

    #[test]
    fn malformed_encodings() {
        assert!(Pte(0).is_malformed());
        assert!(Pte(Pte::R).is_malformed(), "V=0");
        assert!(Pte(Pte::V | Pte::W).is_malformed(), "W without R");
        assert!(Pte(Pte::V | Pte::W | Pte::X).is_malformed(), "WX without R");
        assert!(!Pte(Pte::V | Pte::X).is_malformed());
        assert!(!Pte(Pte::V | Pte::R | Pte::W | Pte::X).is_malformed());
        assert!(Pte(Pte::V | Pte::R | (1 << 63)).is_malformed(), "N");
        assert!(Pte(Pte::V | Pte::R | (1 << 61)).is_malformed(), "PBMT");
        assert!(Pte(Pte::V | Pte::R | (1 << 54)).is_malformed(), "reserved");
        // Non-leaf: D/A/U reserved, G and RSW allowed.
        assert!(!Pte(Pte::V).is_malformed());
        assert!(!Pte(Pte::V | Pte::G | Pte::RSW_MASK).is_malformed());
        assert!(Pte(Pte::V | Pte::A).is_malformed());
        assert!(Pte(Pte::V | Pte::D).is_malformed());
        assert!(Pte(Pte::V | Pte::U).is_malformed());
        // Leaf: D/A/U are normal bits.
        assert!(!Pte(Pte::V | Pte::R | Pte::U | Pte::A | Pte::D).is_malformed());
    }
}
