//! Addresses and page numbers, and the Sv39 field layout.
//!
//! # Sv39 in one picture
//!
//! A virtual address has 39 meaningful bits; bits 63:39 must all equal bit 38
//! (the address is *canonical*), otherwise the access page-faults:
//!
//! ```text
//!  63        39 38      30 29      21 20      12 11           0
//! +------------+----------+----------+----------+--------------+
//! | sign ext.  |  VPN[2]  |  VPN[1]  |  VPN[0]  | page offset  |
//! +------------+----------+----------+----------+--------------+
//!      25 bits     9 bits     9 bits     9 bits     12 bits
//! ```
//!
//! A physical address has 56 bits: a 44-bit physical page number (PPN) and
//! the 12-bit offset. Each page table is one 4 KiB page of 512 eight-byte
//! PTEs; `VPN[i]` indexes the table at level `i` (level 2 is the root).
//!
//! A leaf found at level `i` maps a page of `2^(12 + 9*i)` bytes:
//! level 0 = 4 KiB page, level 1 = 2 MiB megapage, level 2 = 1 GiB gigapage.
//! For a superpage the low `VPN[i-1:0]` bits of the virtual address pass
//! straight through to the physical address, so the leaf's low PPN fields
//! must be zero (else: misaligned superpage, page fault).

/// Bits in the page offset.
pub const PAGE_SHIFT: u32 = 12;
/// Bytes in a base page.
pub const PAGE_SIZE: u64 = 1 << PAGE_SHIFT;
/// Bits in each VPN field (512 PTEs per table).
pub const VPN_BITS: u32 = 9;
/// Levels of page table in Sv39.
pub const LEVELS: usize = 3;
/// Meaningful virtual-address bits in Sv39.
pub const VA_BITS: u32 = 39;
/// Physical-address bits (44-bit PPN + 12-bit offset).
pub const PA_BITS: u32 = 56;
/// Size of one PTE in bytes.
pub const PTE_SIZE: u64 = 8;

/// log2 of the size of the page mapped by a leaf at `level` (12, 21 or 30).
#[inline(always)]
pub const fn level_shift(level: u8) -> u32 {
    PAGE_SHIFT + VPN_BITS * level as u32
}

/// Size in bytes of the page mapped by a leaf at `level`.
#[inline(always)]
pub const fn page_size(level: u8) -> u64 {
    1 << level_shift(level)
}

/// A virtual address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VirtAddr(pub u64);

impl VirtAddr {
    /// True when bits 63:39 all equal bit 38.
    #[inline(always)]
    pub const fn is_canonical(self) -> bool {
        // Sign-extend from bit 38 and compare.
        (((self.0 << (64 - VA_BITS)) as i64) >> (64 - VA_BITS)) as u64 == self.0
    }

    /// The 9-bit `VPN[level]` field: the PTE index in the level-`level` table.
    #[inline(always)]
    pub const fn vpn_field(self, level: u8) -> u64 {
        (self.0 >> level_shift(level)) & ((1 << VPN_BITS) - 1)
    }

    /// The 4 KiB virtual page number (all VPN fields, without sign extension).
    #[inline(always)]
    pub const fn vpn(self) -> Vpn {
        Vpn((self.0 >> PAGE_SHIFT) & ((1 << (VA_BITS - PAGE_SHIFT)) - 1))
    }

    /// Offset inside a page mapped at `level`.
    #[inline(always)]
    pub const fn offset_in(self, level: u8) -> u64 {
        self.0 & (page_size(level) - 1)
    }
}

/// A physical address (56 significant bits in Sv39).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhysAddr(pub u64);

impl PhysAddr {
    /// The physical page number of this address.
    #[inline(always)]
    pub const fn ppn(self) -> Ppn {
        Ppn(self.0 >> PAGE_SHIFT)
    }
}

/// A 4 KiB virtual page number (27 bits in Sv39).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vpn(pub u64);

/// A physical page number (44 bits in Sv39).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ppn(pub u64);

impl Ppn {
    /// Address of the first byte of the page.
    #[inline(always)]
    pub const fn addr(self) -> PhysAddr {
        PhysAddr(self.0 << PAGE_SHIFT)
    }

    /// True when the PPN is aligned for a leaf at `level`, i.e. its low
    /// `9 * level` bits (`PPN[level-1:0]`) are zero.
    #[inline(always)]
    pub const fn is_aligned_for(self, level: u8) -> bool {
        self.0 & ((1u64 << (VPN_BITS * level as u32)) - 1) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_addresses() {
        assert!(VirtAddr(0).is_canonical());
        assert!(VirtAddr(0x3f_ffff_ffff).is_canonical()); // top of the low half
        assert!(!VirtAddr(0x40_0000_0000).is_canonical()); // bit 38 set, 63:39 clear
        assert!(VirtAddr(0xffff_ffc0_0000_0000).is_canonical()); // bottom of the high half
        assert!(VirtAddr(u64::MAX).is_canonical());
        assert!(!VirtAddr(0x8000_0000_0000_0000).is_canonical());
        assert!(!VirtAddr(0x0000_0080_0000_0000).is_canonical()); // bit 39 only
        assert!(!VirtAddr(0xffff_ff80_0000_0000).is_canonical()); // bit 38 clear, upper set
    }

    #[test]
    fn vpn_fields() {
        let va = VirtAddr((3 << 30) | (5 << 21) | (7 << 12) | 0x123);
        assert_eq!(va.vpn_field(2), 3);
        assert_eq!(va.vpn_field(1), 5);
        assert_eq!(va.vpn_field(0), 7);
        assert_eq!(va.offset_in(0), 0x123);
        assert_eq!(va.offset_in(1), (7 << 12) | 0x123);
        assert_eq!(va.vpn(), Vpn((3 << 18) | (5 << 9) | 7));
        // The VPN drops the sign extension.
        assert_eq!(VirtAddr(u64::MAX).vpn(), Vpn((1 << 27) - 1));
        assert_eq!(VirtAddr(u64::MAX).vpn_field(2), 511);
    }

    #[test]
    fn page_sizes_and_alignment() {
        assert_eq!(page_size(0), 4096);
        assert_eq!(page_size(1), 2 << 20);
        assert_eq!(page_size(2), 1 << 30);
        assert!(Ppn(0x200).is_aligned_for(1));
        assert!(!Ppn(0x201).is_aligned_for(1));
        assert!(Ppn(0x201).is_aligned_for(0));
        assert!(Ppn(0x40000).is_aligned_for(2));
        assert!(!Ppn(0x40200).is_aligned_for(2));
        assert_eq!(Ppn(0x80000).addr(), PhysAddr(0x8000_0000));
        assert_eq!(PhysAddr(0x8000_0fff).ppn(), Ppn(0x80000));
    }
}
