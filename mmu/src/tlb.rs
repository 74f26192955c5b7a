//! One set-associative TLB with LRU replacement.
//!
//! # Layout
//!
//! `entries` slots in one flat `Vec`, grouped into `sets = entries / ways`
//! consecutive runs of `ways` slots. The set of an address is picked by
//! masking its 4 KiB VPN: `set = (va >> 12) & (sets - 1)`.
//!
//! # Superpages
//!
//! Every lookup probes one set only: the set of the accessed address's
//! 4 KiB VPN. A 2 MiB or 1 GiB translation is inserted into the set of the
//! address whose miss caused the walk, and stored with its level; it matches
//! any address inside the superpage (`va >> page_shift == tag`). Touching a
//! superpage at addresses that index different sets may therefore leave
//! copies of it in several sets; all are correct. `sfence.vma` by address
//! finds them by scanning every set whenever the TLB holds any superpage
//! entry (it keeps a count), and only the address's own set otherwise.
//!
//! # Matching
//!
//! An entry matches `va` under ASID `asid` when its tag equals
//! `va >> (12 + 9*level)` (the full 64-bit VA shifted, so a non-canonical VA
//! never matches) and it is global or was filled under the same ASID. An
//! empty slot has a tag no shifted VA can equal.
//!
//! # Replacement
//!
//! Least recently used within the set: each TLB keeps a 64-bit tick that
//! advances on every hit and fill, and each entry records the tick of its
//! last use. A fill takes an empty way if there is one, else the way with
//! the oldest tick.
//!
//! # Fast path
//!
//! The TLB remembers the slot of the most recently used entry and the 4 KiB
//! VPN it was used for. An access to that same 4 KiB page checks that one
//! slot first (same set, so the answer is the one a set search would give),
//! skipping the set search. It refreshes the tick like any hit (the entry
//! stays the most recently used one), so every hit, however it is found,
//! leaves the same LRU state: the translating engine's host-side mirror
//! (`emulator/src/cpu/jit/mirror.rs`) relies on that.
//!
//! # Versions
//!
//! Every slot has a version that changes whenever its content does (fill,
//! refresh, invalidation, flush). A copy of a translation made elsewhere
//! (the translating engine's mirror) records the slot and its version and is
//! still the slot's translation while the version is unchanged.
//!
//! # What an entry holds
//!
//! The tag and level, the ASID (or "global"), the physical page base, the
//! PTE's low flag byte (V R W X U G A D) and, precomputed from it, the mask
//! of access contexts the entry may serve without a walk
//! ([`permissions::tlb_mask`]): stores only once D=1.

use alloc::vec;
use alloc::vec::Vec;

use crate::addr::{level_shift, Ppn};
use crate::config::TlbConfig;
use crate::permissions;
use crate::walk::{page_tag, WalkResult};

/// The `asid` of a global entry: matches every ASID.
pub(crate) const GLOBAL_ASID: u32 = 1 << 16;
/// The `asid` of an empty slot: matches no ASID and no sfence.
const EMPTY_ASID: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct Entry {
    /// `va >> shift` for the cached page; `u64::MAX` when empty.
    pub(crate) tag: u64,
    /// Physical address of the first byte of the page.
    pub(crate) pa_base: u64,
    /// Tick of the last use (LRU).
    pub(crate) stamp: u64,
    /// ASID the entry was filled under, `GLOBAL_ASID`, or `EMPTY_ASID`.
    pub(crate) asid: u32,
    /// Access contexts served without a walk (`permissions::tlb_mask`).
    pub(crate) allowed: u32,
    /// Changes with every change of the slot (see "Versions" above).
    pub(crate) version: u32,
    /// `12 + 9 * level`; 63 when empty (so `va >> 63` never equals the tag).
    pub(crate) shift: u8,
    pub(crate) level: u8,
    /// The PTE's low 8 bits: V R W X U G A D.
    pub(crate) flags: u8,
}

impl Entry {
    pub(crate) const EMPTY: Entry = Entry {
        tag: u64::MAX,
        pa_base: 0,
        stamp: 0,
        asid: EMPTY_ASID,
        allowed: 0,
        version: 0,
        shift: 63,
        level: 0,
        flags: 0,
    };

    #[inline(always)]
    pub(crate) fn is_valid(&self) -> bool {
        self.asid != EMPTY_ASID
    }

    #[inline(always)]
    pub(crate) fn maps(&self, va: u64) -> bool {
        va >> self.shift == self.tag
    }

    #[inline(always)]
    pub(crate) fn is_global(&self) -> bool {
        self.asid == GLOBAL_ASID
    }
}

/// Where a `Tlb`'s tick is in it (see [`Tlb::raw_parts`] and
/// `Mmu::DTLB_TICK_OFFSET`).
pub(crate) const TICK_OFFSET: usize = core::mem::offset_of!(Tlb, tick);
/// See [`Tlb::raw_parts`].
pub const RAW_ENTRY_SIZE: usize = core::mem::size_of::<Entry>();
/// See [`Tlb::raw_parts`].
pub const RAW_STAMP_OFFSET: usize = core::mem::offset_of!(Entry, stamp);
/// See [`Tlb::raw_parts`].
pub const RAW_VERSION_OFFSET: usize = core::mem::offset_of!(Entry, version);

/// A read-only view of one valid TLB entry, for debuggers and visualisers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TlbEntryView {
    pub set: usize,
    pub way: usize,
    /// First virtual address of the cached page (sign-extended).
    pub va_base: u64,
    /// 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB.
    pub level: u8,
    /// `None` for a global entry.
    pub asid: Option<u16>,
    pub global: bool,
    /// Physical page number of the page's first 4 KiB.
    pub ppn: Ppn,
    /// The leaf PTE's low flag byte as cached: V R W X U G A D.
    pub flags: u8,
}

/// One TLB (the MMU has one for instructions and one for data).
#[derive(Clone, Debug)]
pub struct Tlb {
    entries: Vec<Entry>,
    set_mask: usize,
    ways: usize,
    tick: u64,
    /// Valid entries with level > 0 (see "Superpages" above).
    superpages: usize,
    /// Slot of the most recently used entry, and the 4 KiB VPN (`va >> 12`)
    /// it was last used for (see "Fast path" above).
    last: usize,
    last_vpn: u64,
}

impl Tlb {
    /// An empty TLB; an invalid `config` is replaced by [`TlbConfig::clamped`].
    pub fn new(config: TlbConfig) -> Tlb {
        let config = config.clamped();
        Tlb {
            entries: vec![Entry::EMPTY; config.entries],
            set_mask: config.sets() - 1,
            ways: config.ways,
            tick: 0,
            superpages: 0,
            last: 0,
            last_vpn: u64::MAX,
        }
    }

    /// The geometry actually in use.
    pub fn config(&self) -> TlbConfig {
        TlbConfig {
            entries: self.entries.len(),
            ways: self.ways,
        }
    }

    /// Number of valid entries.
    pub fn occupancy(&self) -> usize {
        self.entries.iter().filter(|e| e.is_valid()).count()
    }

    /// The valid entries, set by set.
    pub fn iter(&self) -> impl Iterator<Item = TlbEntryView> + '_ {
        let ways = self.ways;
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_valid())
            .map(move |(i, e)| TlbEntryView {
                set: i / ways,
                way: i % ways,
                va_base: e.tag << e.shift,
                level: e.level,
                asid: if e.is_global() {
                    None
                } else {
                    Some(e.asid as u16)
                },
                global: e.is_global(),
                ppn: Ppn(e.pa_base >> 12),
                flags: e.flags,
            })
    }

    /// Index of the first slot of the set `va` maps to.
    #[inline(always)]
    pub(crate) fn set_base(&self, va: u64) -> usize {
        ((va >> 12) as usize & self.set_mask) * self.ways
    }

    /// Look `va` up under `asid` and check the cached permissions for the
    /// access context `ctx_bit` ([`permissions::ctx_bit`]).
    ///
    /// * `Ok(pa)`: a hit the entry may serve (its LRU tick is refreshed);
    /// * `Err(Some(slot))`: a hit whose cached bits refuse the access (or a
    ///   store to a clean page): the caller must walk;
    /// * `Err(None)`: a miss.
    #[inline(always)]
    pub(crate) fn probe(&mut self, va: u64, asid: u16, ctx_bit: u32) -> Result<u64, Option<usize>> {
        if va >> 12 == self.last_vpn {
            let e = &mut self.entries[self.last];
            if e.maps(va)
                && (e.asid == asid as u32 || e.asid == GLOBAL_ASID)
                && e.allowed & ctx_bit != 0
            {
                self.tick += 1;
                e.stamp = self.tick;
                return Ok(e.pa_base | (va & ((1u64 << e.shift) - 1)));
            }
        }
        self.probe_set(va, asid, ctx_bit)
    }

    /// [`Tlb::probe`] without the fast path: search `va`'s set.
    #[inline(always)]
    fn probe_set(&mut self, va: u64, asid: u16, ctx_bit: u32) -> Result<u64, Option<usize>> {
        let base = self.set_base(va);
        let asid = asid as u32;
        let set = &mut self.entries[base..base + self.ways];
        for (way, e) in set.iter_mut().enumerate() {
            if e.maps(va) && (e.asid == asid || e.asid == GLOBAL_ASID) {
                if e.allowed & ctx_bit == 0 {
                    return Err(Some(base + way));
                }
                self.tick += 1;
                e.stamp = self.tick;
                self.last = base + way;
                self.last_vpn = va >> 12;
                return Ok(e.pa_base | (va & ((1u64 << e.shift) - 1)));
            }
        }
        Err(None)
    }

    /// Cache the walk `w` of `va` under `asid`: in `slot` if given (a slot of
    /// `va`'s set whose entry is being refreshed), else in the LRU way of
    /// `va`'s set. `w.pte` must have A set.
    pub(crate) fn fill(&mut self, va: u64, asid: u16, w: &WalkResult, slot: Option<usize>) {
        debug_assert!(
            w.pte.has(crate::pte::Pte::A),
            "only accessed leaves are cached"
        );
        let i = match slot {
            Some(i) => i,
            None => self.victim(va),
        };
        debug_assert_eq!(i / self.ways, self.set_base(va) / self.ways);
        self.tick += 1;
        self.last = i;
        self.last_vpn = va >> 12;
        let flags = w.pte.flags();
        self.put(
            i,
            Entry {
                tag: page_tag(va, w.level),
                pa_base: w.pte.ppn().addr().0,
                stamp: self.tick,
                asid: if w.global { GLOBAL_ASID } else { asid as u32 },
                allowed: permissions::tlb_mask(flags),
                version: 0,
                shift: level_shift(w.level) as u8,
                level: w.level,
                flags,
            },
        );
    }

    /// The way of `va`'s set to replace: an empty one, else the least
    /// recently used.
    fn victim(&self, va: u64) -> usize {
        let base = self.set_base(va);
        let set = &self.entries[base..base + self.ways];
        let mut best = 0;
        for (way, e) in set.iter().enumerate() {
            if !e.is_valid() {
                return base + way;
            }
            if e.stamp < set[best].stamp {
                best = way;
            }
        }
        base + best
    }

    /// Overwrite slot `i`, keeping the superpage count right and moving
    /// the slot to its next version.
    #[inline]
    fn put(&mut self, i: usize, new: Entry) {
        let old = &mut self.entries[i];
        if old.is_valid() && old.level > 0 {
            self.superpages -= 1;
        }
        if new.is_valid() && new.level > 0 {
            self.superpages += 1;
        }
        let version = old.version.wrapping_add(1);
        *old = Entry { version, ..new };
    }

    /// Empty every slot.
    pub(crate) fn clear(&mut self) {
        for i in 0..self.entries.len() {
            if self.entries[i].is_valid() {
                self.put(i, Entry::EMPTY);
            }
        }
    }

    /// For a translating engine's copy of the translation of `va` that
    /// the last successful [`Tlb::probe`] or fill used (the most recently
    /// used slot): the slot, its version and the physical address of `va`;
    /// None if that slot does not map `va`.
    pub fn last_used(&self, va: u64) -> Option<(u32, u32, u64)> {
        let e = &self.entries[self.last];
        (e.is_valid() && e.maps(va)).then(|| {
            (
                self.last as u32,
                e.version,
                e.pa_base | (va & ((1u64 << e.shift) - 1)),
            )
        })
    }

    /// The raw state a translated hit updates in place, exactly as
    /// [`Tlb::probe`] does on a hit: the first slot (slots are
    /// [`RAW_ENTRY_SIZE`] bytes; a hit stores the new tick at
    /// [`RAW_STAMP_OFFSET`] and checks the version at
    /// [`RAW_VERSION_OFFSET`]), and the tick. Valid until the TLB is
    /// dropped (its slots are never reallocated).
    pub fn raw_parts(&mut self) -> (*mut u8, *mut u64) {
        (self.entries.as_mut_ptr() as *mut u8, &mut self.tick)
    }

    /// Empty every slot for which `remove` holds, among the slots that may
    /// hold an entry mapping `va` if `va` is given (its set, plus every set
    /// while superpages are cached), else among all slots.
    pub(crate) fn invalidate_where(&mut self, va: Option<u64>, remove: impl Fn(&Entry) -> bool) {
        let range = match va {
            Some(va) if self.superpages == 0 => {
                let base = self.set_base(va);
                base..base + self.ways
            }
            _ => 0..self.entries.len(),
        };
        for i in range {
            if self.entries[i].is_valid() && remove(&self.entries[i]) {
                self.put(i, Entry::EMPTY);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn superpage_count(&self) -> usize {
        self.superpages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AccessCtx, AccessType, Privilege};
    use crate::pte::Pte;

    const S: AccessCtx = AccessCtx {
        privilege: Privilege::Supervisor,
        sum: false,
        mxr: false,
    };

    fn leaf(va: u64, level: u8, ppn: u64, flags: u64) -> WalkResult {
        let pte = Pte::new(Ppn(ppn), flags | Pte::V | Pte::A);
        WalkResult {
            pa: (ppn << 12) | (va & ((1 << level_shift(level)) - 1)),
            level,
            pte,
            pte_addr: 0,
            global: flags & Pte::G != 0,
        }
    }

    fn load() -> u32 {
        permissions::ctx_bit(AccessType::Load, S)
    }

    #[test]
    fn hit_after_fill() {
        let mut t = Tlb::new(TlbConfig {
            entries: 8,
            ways: 2,
        });
        assert_eq!(t.probe(0x5123, 1, load()), Err(None));
        t.fill(0x5123, 1, &leaf(0x5123, 0, 0x80005, Pte::R), None);
        assert_eq!(t.probe(0x5fff, 1, load()), Ok(0x8000_5fff));
        assert_eq!(t.probe(0x6000, 1, load()), Err(None), "next page");
        assert_eq!(t.probe(0x5000, 2, load()), Err(None), "other ASID");
        assert_eq!(t.occupancy(), 1);
    }

    #[test]
    fn global_entries_match_every_asid() {
        let mut t = Tlb::new(TlbConfig {
            entries: 4,
            ways: 4,
        });
        t.fill(0x5000, 1, &leaf(0x5000, 0, 0x80005, Pte::R | Pte::G), None);
        assert_eq!(t.probe(0x5000, 7, load()), Ok(0x8000_5000));
        let v: Vec<_> = t.iter().collect();
        assert_eq!(v.len(), 1);
        assert!(v[0].global);
        assert_eq!(v[0].asid, None);
    }

    #[test]
    fn superpage_matches_whole_range_from_its_set() {
        // 4 sets of 1: a 2 MiB page filled at 0x20_3000 (set 3) is found by
        // addresses of set 3 only; other sets miss and get their own copy.
        let mut t = Tlb::new(TlbConfig {
            entries: 4,
            ways: 1,
        });
        let va = 0x20_3000;
        t.fill(va, 1, &leaf(va, 1, 0x80200, Pte::R), None);
        assert_eq!(t.superpage_count(), 1);
        assert_eq!(t.probe(0x2f_f123, 1, load()), Ok(0x802f_f123));
        assert_eq!(t.probe(0x3f_f123, 1, load()), Ok(0x803f_f123));
        assert_eq!(
            t.probe(0x20_0000, 1, load()),
            Err(None),
            "set 0 has no copy"
        );
        t.fill(0x20_0000, 1, &leaf(0x20_0000, 1, 0x80200, Pte::R), None);
        assert_eq!(t.superpage_count(), 2);
        assert_eq!(t.probe(0x20_0000, 1, load()), Ok(0x8020_0000));
    }

    /// A TLB of one set of two ways, holding 0x1000 (filled first) and
    /// 0x2000 for ASID 1.
    fn one_set_of_two_ways() -> Tlb {
        let mut t = Tlb::new(TlbConfig {
            entries: 2,
            ways: 2,
        });
        t.fill(0x1000, 1, &leaf(0x1000, 0, 0x1, Pte::R), None);
        t.fill(0x2000, 1, &leaf(0x2000, 0, 0x2, Pte::R), None);
        t
    }

    #[test]
    fn lru_replacement() {
        let mut t = one_set_of_two_ways();
        // Use 0x1000 so 0x2000 becomes the LRU.
        assert!(t.probe(0x1000, 1, load()).is_ok());
        t.fill(0x3000, 1, &leaf(0x3000, 0, 0x3, Pte::R), None);
        assert!(t.probe(0x1000, 1, load()).is_ok());
        assert_eq!(t.probe(0x2000, 1, load()), Err(None));
        assert!(t.probe(0x3000, 1, load()).is_ok());
        // Now 0x1000 is LRU again.
        t.fill(0x4000, 1, &leaf(0x4000, 0, 0x4, Pte::R), None);
        assert_eq!(t.probe(0x1000, 1, load()), Err(None));
        assert_eq!(t.occupancy(), 2);
    }

    #[test]
    fn permission_refusal_reports_the_slot() {
        let mut t = Tlb::new(TlbConfig {
            entries: 4,
            ways: 4,
        });
        t.fill(0x1000, 1, &leaf(0x1000, 0, 0x1, Pte::R | Pte::W), None);
        let store = permissions::ctx_bit(AccessType::Store, S);
        let slot = match t.probe(0x1000, 1, store) {
            Err(Some(s)) => s,
            other => panic!("clean page: store must go to the walker, got {other:?}"),
        };
        t.fill(
            0x1000,
            1,
            &leaf(0x1000, 0, 0x1, Pte::R | Pte::W | Pte::D),
            Some(slot),
        );
        assert_eq!(t.probe(0x1000, 1, store), Ok(0x1000));
        assert_eq!(t.occupancy(), 1, "refreshed in place");
    }

    #[test]
    fn fast_path_keeps_lru_order() {
        let mut t = one_set_of_two_ways();
        assert!(t.probe(0x1000, 1, load()).is_ok()); // set search: 0x1000 is MRU
        assert!(t.probe(0x1008, 1, load()).is_ok()); // fast path
        t.fill(0x3000, 1, &leaf(0x3000, 0, 0x3, Pte::R), None);
        assert_eq!(t.probe(0x2000, 1, load()), Err(None), "0x2000 was the LRU");
        assert!(t.probe(0x1000, 1, load()).is_ok());
        // A fill makes the new entry the MRU: the fast path then targets it.
        t.fill(0x4000, 1, &leaf(0x4000, 0, 0x4, Pte::R), None);
        assert!(t.probe(0x4000, 1, load()).is_ok());
        assert_eq!(t.probe(0x3000, 1, load()), Err(None), "0x3000 was the LRU");
    }

    #[test]
    fn fast_path_respects_fences_asids_and_permissions() {
        let mut t = Tlb::new(TlbConfig {
            entries: 4,
            ways: 4,
        });
        t.fill(0x1000, 1, &leaf(0x1000, 0, 0x1, Pte::R | Pte::W), None);
        assert!(t.probe(0x1000, 1, load()).is_ok());
        assert_eq!(t.probe(0x1000, 2, load()), Err(None), "other ASID");
        let store = permissions::ctx_bit(AccessType::Store, S);
        assert!(
            matches!(t.probe(0x1000, 1, store), Err(Some(_))),
            "D=0: store must walk"
        );
        t.sfence(crate::SfenceScope::Addr(0x1000));
        assert_eq!(t.probe(0x1000, 1, load()), Err(None), "fenced");
        // The slot is reused for another page: no false hit for the old one.
        t.fill(0x5000, 1, &leaf(0x5000, 0, 0x5, Pte::R), None);
        assert_eq!(t.probe(0x1000, 1, load()), Err(None));
        assert_eq!(t.probe(0x5000, 1, load()), Ok(0x5000));
    }

    #[test]
    fn a_slot_changes_version_exactly_when_its_content_changes() {
        let mut t = Tlb::new(TlbConfig {
            entries: 2,
            ways: 2,
        });
        t.fill(0x1000, 1, &leaf(0x1000, 0, 0x81, Pte::R), None);
        let (a, va, pa) = t.last_used(0x1008).unwrap();
        assert_eq!(pa, 0x81008);
        t.fill(0x2000, 1, &leaf(0x2000, 0, 0x82, Pte::R), None);
        let (b, vb, _) = t.last_used(0x2000).unwrap();
        assert_ne!(a, b);
        assert!(t.probe(0x1000, 1, load()).is_ok());
        assert_eq!(t.entries[a as usize].version, va, "hits leave it");
        assert_eq!(t.last_used(0x2000), None, "the last used is 0x1000's");
        t.sfence(crate::SfenceScope::Addr(0x2000));
        assert_ne!(t.entries[b as usize].version, vb, "fenced");
        assert_eq!(t.entries[a as usize].version, va, "not fenced");
        t.sfence(crate::SfenceScope::All);
        assert_ne!(t.entries[a as usize].version, va, "flushed");
    }

    #[test]
    fn every_hit_refreshes_lru_even_on_the_fast_path() {
        // What a translating engine's mirror does on each hit (advance the
        // tick, stamp the slot) must be what the model does: a fast-path
        // hit refreshes the stamp like any other.
        let mut t = one_set_of_two_ways();
        let before = t.tick;
        assert!(t.probe(0x2008, 1, load()).is_ok()); // fast path
        assert_eq!(t.tick, before + 1);
        let (slot, _, _) = t.last_used(0x2008).unwrap();
        assert_eq!(t.entries[slot as usize].stamp, t.tick);
    }

    #[test]
    fn non_canonical_never_hits() {
        let mut t = Tlb::new(TlbConfig {
            entries: 1,
            ways: 1,
        });
        t.fill(0, 1, &leaf(0, 2, 0, Pte::R), None);
        assert!(t.probe(0x3fff_ffff, 1, load()).is_ok());
        assert_eq!(t.probe(1 << 63, 1, load()), Err(None));
        let mut t = Tlb::new(TlbConfig {
            entries: 1,
            ways: 1,
        });
        assert_eq!(t.probe(u64::MAX, 1, load()), Err(None), "empty slot");
    }
}
