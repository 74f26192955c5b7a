//! TLB geometry: how many entries, how associative.

use alloc::format;
use alloc::string::String;

/// Geometry of each TLB (the instruction and data TLBs are alike).
///
/// Valid when `1 <= ways <= entries <= MAX_ENTRIES`, `ways` divides
/// `entries`, and the number of sets `entries / ways` is a power of two
/// (so the set index is a mask of the VPN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TlbConfig {
    /// Entries per side (instruction and data TLBs each have this many).
    pub entries: usize,
    /// Associativity; `entries` for fully associative, 1 for direct-mapped.
    pub ways: usize,
}

impl TlbConfig {
    /// The largest TLB this model accepts.
    pub const MAX_ENTRIES: usize = 1 << 16;

    /// Check the geometry; the error says what is wrong, for the CLI to print.
    pub fn validate(&self) -> Result<(), String> {
        let (e, w) = (self.entries, self.ways);
        if e == 0 {
            return Err(String::from("TLB must have at least 1 entry"));
        }
        if e > Self::MAX_ENTRIES {
            return Err(format!(
                "TLB has {e} entries; at most {} are supported",
                Self::MAX_ENTRIES
            ));
        }
        if w == 0 {
            return Err(String::from("TLB associativity (ways) must be at least 1"));
        }
        if w > e {
            return Err(format!(
                "TLB has {w} ways but only {e} entries; ways must be <= entries"
            ));
        }
        if e % w != 0 {
            return Err(format!(
                "TLB entries ({e}) must be a multiple of ways ({w})"
            ));
        }
        if !(e / w).is_power_of_two() {
            return Err(format!(
                "TLB sets (entries / ways = {e} / {w} = {}) must be a power of two",
                e / w
            ));
        }
        Ok(())
    }

    /// The nearest valid geometry: entries clamped to `1..=MAX_ENTRIES`, ways
    /// to `1..=entries`, then the set count rounded down to a power of two.
    /// A valid configuration is returned unchanged.
    pub fn clamped(&self) -> TlbConfig {
        let entries = self.entries.clamp(1, Self::MAX_ENTRIES);
        let ways = self.ways.clamp(1, entries);
        let sets = entries / ways; // >= 1
        let sets = 1usize << (usize::BITS - 1 - sets.leading_zeros()); // round down to 2^k
        TlbConfig {
            entries: sets * ways,
            ways,
        }
    }

    /// Number of sets (`entries / ways`).
    #[inline]
    pub fn sets(&self) -> usize {
        self.entries / self.ways
    }
}

impl Default for TlbConfig {
    /// 64 entries, 4-way set associative (16 sets).
    fn default() -> Self {
        TlbConfig {
            entries: 64,
            ways: 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(entries: usize, ways: usize) -> TlbConfig {
        TlbConfig { entries, ways }
    }

    #[test]
    fn validate() {
        assert!(cfg(64, 4).validate().is_ok());
        assert!(cfg(1, 1).validate().is_ok());
        assert!(cfg(48, 48).validate().is_ok(), "fully associative, 1 set");
        assert!(cfg(48, 3).validate().is_ok(), "16 sets of 3");
        assert!(TlbConfig::default().validate().is_ok());
        assert!(cfg(0, 1)
            .validate()
            .unwrap_err()
            .contains("at least 1 entry"));
        assert!(cfg(8, 0).validate().unwrap_err().contains("ways"));
        assert!(cfg(4, 8)
            .validate()
            .unwrap_err()
            .contains("ways must be <= entries"));
        assert!(cfg(10, 4).validate().unwrap_err().contains("multiple"));
        assert!(cfg(48, 4).validate().unwrap_err().contains("power of two"));
        assert!(cfg(1 << 20, 4).validate().unwrap_err().contains("at most"));
    }

    #[test]
    fn clamped_is_always_valid_and_keeps_valid_configs() {
        for e in 0..200 {
            for w in 0..70 {
                let c = cfg(e, w);
                let k = c.clamped();
                assert!(k.validate().is_ok(), "{c:?} -> {k:?}");
                if c.validate().is_ok() {
                    assert_eq!(k, c);
                }
            }
        }
        assert_eq!(cfg(48, 4).clamped(), cfg(32, 4));
        assert_eq!(cfg(0, 0).clamped(), cfg(1, 1));
        assert_eq!(cfg(4, 8).clamped(), cfg(4, 4));
        assert_eq!(cfg(usize::MAX, 1).clamped(), cfg(TlbConfig::MAX_ENTRIES, 1));
    }
}
