//! Physical Memory Protection (privileged spec, "Physical Memory
//! Protection"), as QEMU 7.2's `virt` machine implements it: 16 entries
//! (`pmpcfg0`, `pmpcfg2`, `pmpaddr0..15`), granularity G = 0 (4 bytes),
//! address-matching modes OFF/TOR/NA4/NAPOT, R/W/X and the L (lock) bit.
//!
//! Rules (checked by [`Pmp::check`]):
//! * The lowest-numbered entry that matches any byte of an access decides.
//!   If it matches only some of the bytes, the access fails, whatever the
//!   privilege and the L/R/W/X bits.
//! * S/U-mode accesses need the entry's R/W/X bit; M-mode accesses pass
//!   unless the entry is locked, then they need the bit too.
//! * No matching entry: M-mode passes; S/U-mode fails (entries are
//!   implemented, even if none is configured).
//!
//! CSR side ([`Pmp::write_cfg`], [`Pmp::write_addr`]): a locked entry's
//! pmpcfg byte and pmpaddr are read-only, and so is pmpaddr[i-1] when entry
//! i is locked TOR. As QEMU 7.2 (not the spec's WARL suggestion), the
//! reserved R=0/W=1 combination and the reserved cfg bits 5..6 are stored as
//! written; permissions are then just the bits (W=1, R=0: stores pass, loads
//! fail). pmpaddr keeps bits 53..0 (the spec's width; QEMU 7.2 keeps all 64).
//!
//! Speed: the emulator never runs [`Pmp::check`] when the precomputed
//! summary ([`Pmp::needs_check`], one bool per privilege) says every access
//! at that privilege that reaches RAM or a device is allowed. That is the
//! case with no entries for M-mode, and for all modes once firmware has put
//! an unlocked RWX entry over all of memory first (what a kernel's boot code
//! or the ISA suite's `TEST_BEGIN` does). The summary only changes when a
//! PMP CSR is written.

use vitrine_mmu::{AccessType, Privilege};

/// Number of implemented entries (QEMU 7.2: 16).
pub const PMP_ENTRIES: usize = 16;

pub const PMP_R: u8 = 1 << 0;
pub const PMP_W: u8 = 1 << 1;
pub const PMP_X: u8 = 1 << 2;
pub const PMP_A_SHIFT: u8 = 3;
pub const PMP_A: u8 = 3 << PMP_A_SHIFT;
pub const PMP_L: u8 = 1 << 7;

pub const A_OFF: u8 = 0;
pub const A_TOR: u8 = 1;
pub const A_NA4: u8 = 2;
pub const A_NAPOT: u8 = 3;

/// pmpaddr holds physical address bits 55..2.
const ADDR_MASK: u64 = (1 << 54) - 1;

/// What one entry says about a whole range (see [`Pmp::classify`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeVerdict {
    /// Every access inside the range is decided the same way.
    Uniform(bool),
    /// Some entry boundary falls inside the range: check each access.
    Mixed,
}

/// The PMP state of one hart: the raw CSR fields, the decoded regions and
/// the summary that lets the emulator skip checks.
#[derive(Clone, Debug)]
pub struct Pmp {
    cfg: [u8; PMP_ENTRIES],
    addr: [u64; PMP_ENTRIES],
    /// Decoded region of each entry, inclusive bounds; `None` for OFF or an
    /// empty TOR range.
    region: [Option<(u64, u64)>; PMP_ENTRIES],
    /// Indexed by `Privilege as usize`: accesses at that privilege must be
    /// checked. Element 2 (reserved H) is never used.
    need: [bool; 4],
    /// Physical addresses at and above this answer nothing (end of RAM);
    /// accesses there fault anyway, so the summary ignores them.
    limit: u64,
}

impl Pmp {
    /// Reset state: all entries OFF, unlocked. `limit` is the end of the
    /// highest physical region that answers accesses (RAM's end).
    pub fn new(limit: u64) -> Self {
        let mut p = Pmp {
            cfg: [0; PMP_ENTRIES],
            addr: [0; PMP_ENTRIES],
            region: [None; PMP_ENTRIES],
            need: [false; 4],
            limit,
        };
        p.update();
        p
    }

    /// Whether accesses at `prv` must go through [`Pmp::check`].
    #[inline(always)]
    pub fn needs_check(&self, prv: Privilege) -> bool {
        self.need[prv as usize]
    }

    pub fn cfg(&self, i: usize) -> u8 {
        self.cfg[i]
    }

    pub fn addr(&self, i: usize) -> u64 {
        self.addr[i]
    }

    fn locked(&self, i: usize) -> bool {
        self.cfg[i] & PMP_L != 0
    }

    /// Read `pmpcfg<n>` (n even, 0 or 2): eight cfg bytes.
    pub fn read_cfg_csr(&self, n: usize) -> u64 {
        let base = n * 4;
        (0..8).fold(0u64, |v, i| v | (self.cfg[base + i] as u64) << (8 * i))
    }

    /// Write `pmpcfg<n>` (n even, 0 or 2); locked entries keep their byte.
    pub fn write_cfg_csr(&mut self, n: usize, v: u64) {
        let base = n * 4;
        for i in 0..8 {
            self.write_cfg(base + i, (v >> (8 * i)) as u8);
        }
        self.update();
    }

    fn write_cfg(&mut self, i: usize, b: u8) {
        if !self.locked(i) {
            self.cfg[i] = b;
        }
    }

    /// Write `pmpaddr<i>`: ignored if entry i is locked, or if entry i+1
    /// is locked and TOR (its range starts at pmpaddr<i>).
    pub fn write_addr(&mut self, i: usize, v: u64) {
        if self.locked(i) {
            return;
        }
        if i + 1 < PMP_ENTRIES {
            let next = self.cfg[i + 1];
            if next & PMP_L != 0 && (next & PMP_A) >> PMP_A_SHIFT == A_TOR {
                return;
            }
        }
        self.addr[i] = v & ADDR_MASK;
        self.update();
    }

    /// Recompute the decoded regions and the summary.
    fn update(&mut self) {
        for i in 0..PMP_ENTRIES {
            let a = self.addr[i];
            self.region[i] = match (self.cfg[i] & PMP_A) >> PMP_A_SHIFT {
                A_TOR => {
                    let lo = if i == 0 { 0 } else { self.addr[i - 1] << 2 };
                    let hi = a << 2;
                    (lo < hi).then(|| (lo, hi - 1))
                }
                A_NA4 => Some((a << 2, (a << 2) + 3)),
                A_NAPOT => {
                    // a = base | (2^t - 1) with t trailing ones: 2^(t+3) bytes.
                    let x = (a << 2) | 3;
                    Some((x & x.wrapping_add(1), x | x.wrapping_add(1)))
                }
                _ => None,
            };
        }
        // Summary. With no active entry: M-mode unchecked, S/U always denied
        // (checked, and failing). If the first active entry covers all of
        // [0, limit), every access below `limit` fully matches it, so its
        // bits decide uniformly; accesses at or above `limit` fail anyway
        // (nothing answers there) with the same access fault.
        let first = (0..PMP_ENTRIES).find(|&i| self.region[i].is_some());
        self.need = match first {
            None => [true, true, true, false],
            Some(i) => {
                let (lo, hi) = self.region[i].unwrap();
                let covers = lo == 0 && hi >= self.limit.saturating_sub(1);
                let rwx = self.cfg[i] & (PMP_R | PMP_W | PMP_X) == PMP_R | PMP_W | PMP_X;
                let su = !(covers && rwx);
                let m = !(covers && (rwx || !self.locked(i)));
                [su, su, true, m]
            }
        };
    }

    /// Whether an access of `len` bytes (1..=4096) at physical `pa` by
    /// privilege `prv` is allowed.
    pub fn check(&self, pa: u64, len: u64, prv: Privilege, access: AccessType) -> bool {
        // A partial match (None) fails.
        self.decide(pa, len, prv, access).unwrap_or(false)
    }

    /// How accesses by `prv` inside `[pa, pa + len)` are decided: all the
    /// same way, or depending on the address (an entry boundary inside).
    pub fn classify(&self, pa: u64, len: u64, prv: Privilege, access: AccessType) -> RangeVerdict {
        match self.decide(pa, len, prv, access) {
            Some(ok) => RangeVerdict::Uniform(ok),
            None => RangeVerdict::Mixed,
        }
    }

    /// `Some(allowed)` if the range is decided as a whole; `None` if the
    /// deciding entry matches only part of it.
    fn decide(&self, pa: u64, len: u64, prv: Privilege, access: AccessType) -> Option<bool> {
        let first = pa;
        let last = pa.saturating_add(len - 1);
        for i in 0..PMP_ENTRIES {
            let Some((lo, hi)) = self.region[i] else {
                continue;
            };
            if last < lo || first > hi {
                continue;
            }
            if first < lo || last > hi {
                return None;
            }
            if prv == Privilege::Machine && !self.locked(i) {
                return Some(true);
            }
            let bit = match access {
                AccessType::Load => PMP_R,
                AccessType::Store => PMP_W,
                AccessType::Fetch => PMP_X,
            };
            return Some(self.cfg[i] & bit != 0);
        }
        Some(prv == Privilege::Machine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccessType::*;
    use Privilege::*;

    const RAM_END: u64 = 0x8000_0000 + (512 << 20);
    const RWX: u8 = PMP_R | PMP_W | PMP_X;

    fn cfg(a: u8, perm: u8) -> u8 {
        (a << PMP_A_SHIFT) | perm
    }

    fn napot(base: u64, size: u64) -> u64 {
        (base | (size / 2 - 1)) >> 2
    }

    #[test]
    fn reset_state_allows_m_denies_s_u() {
        let p = Pmp::new(RAM_END);
        assert!(!p.needs_check(Machine));
        assert!(p.needs_check(Supervisor) && p.needs_check(User));
        assert!(p.check(0x8000_0000, 8, Machine, Store));
        assert!(!p.check(0x8000_0000, 8, Supervisor, Load));
        assert!(!p.check(0x8000_0000, 4, User, Fetch));
    }

    #[test]
    fn napot_all_memory_needs_no_checks() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, u64::MAX);
        assert_eq!(p.addr(0), (1 << 54) - 1);
        p.write_cfg_csr(0, cfg(A_NAPOT, RWX) as u64);
        assert!(!p.needs_check(Machine) && !p.needs_check(Supervisor));
        assert!(p.check(0x1000_0000, 1, User, Store));
    }

    #[test]
    fn tor_to_top_needs_no_checks_but_read_only_does() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, u64::MAX);
        p.write_cfg_csr(0, cfg(A_TOR, RWX) as u64);
        assert!(!p.needs_check(Supervisor));
        p.write_cfg_csr(0, cfg(A_TOR, PMP_R) as u64);
        assert!(p.needs_check(Supervisor) && !p.needs_check(Machine));
        assert!(p.check(0x8000_0000, 8, Supervisor, Load));
        assert!(!p.check(0x8000_0000, 8, Supervisor, Store));
        assert!(p.check(0x8000_0000, 8, Machine, Store));
    }

    #[test]
    fn tor_na4_napot_ranges() {
        let mut p = Pmp::new(RAM_END);
        // 0: TOR [0, 0x8000_1000) R; 1: NA4 at 0x8000_2000 W; 2: NAPOT 8 KiB at 0x8000_4000 X
        p.write_addr(0, 0x8000_1000 >> 2);
        p.write_addr(1, 0x8000_2000 >> 2);
        p.write_addr(2, napot(0x8000_4000, 0x2000));
        let v = cfg(A_TOR, PMP_R) as u64
            | (cfg(A_NA4, PMP_W) as u64) << 8
            | (cfg(A_NAPOT, PMP_X) as u64) << 16;
        p.write_cfg_csr(0, v);
        assert_eq!(p.read_cfg_csr(0), v);
        assert!(p.check(0x8000_0ff8, 8, Supervisor, Load));
        assert!(!p.check(0x8000_1000, 8, Supervisor, Load));
        assert!(p.check(0x8000_2000, 4, User, Store));
        assert!(!p.check(0x8000_2004, 4, User, Store));
        assert!(p.check(0x8000_4000, 4, Supervisor, Fetch));
        assert!(p.check(0x8000_5ffc, 4, Supervisor, Fetch));
        assert!(!p.check(0x8000_6000, 4, Supervisor, Fetch));
        assert!(!p.check(0x8000_4000, 4, Supervisor, Load));
    }

    #[test]
    fn partial_match_fails_even_in_m_mode() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, 0x8000_1004 >> 2);
        p.write_addr(1, u64::MAX);
        p.write_cfg_csr(0, cfg(A_TOR, RWX) as u64 | (cfg(A_NAPOT, RWX) as u64) << 8);
        assert!(!p.check(0x8000_1000, 8, Machine, Load));
        assert!(!p.check(0x8000_1000, 8, Supervisor, Load));
        assert!(p.check(0x8000_1000, 4, Supervisor, Load));
        assert!(p.needs_check(Machine));
        assert_eq!(
            p.classify(0x8000_1000, 4096, Supervisor, Fetch),
            RangeVerdict::Mixed
        );
        assert_eq!(
            p.classify(0x8000_2000, 4096, Supervisor, Fetch),
            RangeVerdict::Uniform(true)
        );
    }

    #[test]
    fn lowest_numbered_entry_wins() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, napot(0x8000_1000, 0x1000));
        p.write_addr(1, u64::MAX);
        p.write_cfg_csr(
            0,
            (cfg(A_NAPOT, 0) as u64) | (cfg(A_NAPOT, RWX) as u64) << 8,
        );
        assert!(!p.check(0x8000_1008, 8, Supervisor, Load));
        assert!(p.check(0x8000_2008, 8, Supervisor, Load));
        assert!(p.check(0x8000_1008, 8, Machine, Load));
    }

    #[test]
    fn lock_applies_to_m_mode_and_freezes_csrs() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, 0x8000_0000 >> 2);
        p.write_addr(1, 0x8000_1000 >> 2);
        p.write_cfg_csr(0, ((cfg(A_TOR, PMP_R) | PMP_L) as u64) << 8);
        assert!(p.needs_check(Machine));
        assert!(!p.check(0x8000_0000, 4, Machine, Store));
        assert!(p.check(0x8000_0000, 4, Machine, Load));
        assert!(p.check(0x8000_1000, 4, Machine, Store));
        // cfg byte 1 and pmpaddr1 are frozen, and pmpaddr0 (TOR base) too.
        p.write_cfg_csr(0, 0);
        assert_eq!(p.cfg(1), cfg(A_TOR, PMP_R) | PMP_L);
        p.write_addr(1, 0);
        p.write_addr(0, 0);
        assert_eq!(p.addr(1), 0x8000_1000 >> 2);
        assert_eq!(p.addr(0), 0x8000_0000 >> 2);
        // An unlocked entry in the same CSR still changes.
        p.write_cfg_csr(0, cfg(A_NA4, PMP_R) as u64);
        assert_eq!(p.cfg(0), cfg(A_NA4, PMP_R));
    }

    #[test]
    fn locked_napot_does_not_freeze_previous_addr() {
        let mut p = Pmp::new(RAM_END);
        p.write_cfg_csr(0, ((cfg(A_NAPOT, RWX) | PMP_L) as u64) << 8);
        p.write_addr(0, 0x1234);
        assert_eq!(p.addr(0), 0x1234);
    }

    #[test]
    fn write_only_is_stored_as_written() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, u64::MAX);
        p.write_cfg_csr(0, (cfg(A_NAPOT, PMP_W) | 0x60) as u64);
        assert_eq!(p.read_cfg_csr(0), (cfg(A_NAPOT, PMP_W) | 0x60) as u64);
        assert!(p.check(0x8000_0000, 8, Supervisor, Store));
        assert!(!p.check(0x8000_0000, 8, Supervisor, Load));
    }

    #[test]
    fn empty_tor_matches_nothing() {
        let mut p = Pmp::new(RAM_END);
        p.write_addr(0, 0x8000_1000 >> 2);
        p.write_addr(1, 0x8000_0000 >> 2);
        p.write_cfg_csr(0, (cfg(A_TOR, RWX) as u64) << 8);
        assert!(!p.check(0x8000_0800, 4, Supervisor, Load));
        assert!(p.needs_check(Supervisor));
    }
}
