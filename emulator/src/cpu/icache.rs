//! The decoded-instruction cache: for every RAM page that instructions have
//! been fetched from, an array of 2048 [`Insn`] slots (one per halfword).
//! Slots start out empty (`len == 0`); the execute loop decodes a slot the
//! first time it runs it, and calls the handler directly afterwards. A store
//! to a cached page drops the whole page (the page is flagged `PAGE_CODE` in
//! RAM so stores notice cheaply), which keeps self-modifying code and program
//! loading correct without `fence.i`.
//!
//! Pages are raw heap allocations rather than `Box`es owned by the cache: the
//! execute loop hands a `&Insn` that points into a page to the handler
//! together with `&mut Cpu`, so the page memory must not be reachable through
//! the `Cpu` as uniquely owned data. Nothing writes a slot while its handler
//! runs (decoding happens before the call), and invalidated pages are freed
//! only between blocks (`reclaim`).

use super::{execute, Insn};

pub const SLOTS: usize = 2048;

pub struct ICache {
    /// Slot arrays by RAM page; null where nothing was decoded.
    pages: Vec<*mut Insn>,
    /// Pages invalidated during the current block, freed by `reclaim`.
    retired: Vec<*mut Insn>,
    /// Pages decoded since reset (a measure of code footprint).
    pub pages_built: u64,
    pub pages_invalidated: u64,
    /// Pages invalidated since the translating engine last looked (only
    /// while `report_dropped`): its translations of them are stale too.
    pub dropped: Vec<usize>,
    pub report_dropped: bool,
}

const EMPTY: Insn = Insn {
    exec: execute::decode_on_first_use,
    imm: 0,
    raw: 0,
    rd: 0,
    rs1: 0,
    rs2: 0,
    len: 0,
};

fn alloc_page() -> *mut Insn {
    Box::into_raw(vec![EMPTY; SLOTS].into_boxed_slice()) as *mut Insn
}

/// Free a page made by `alloc_page`.
///
/// SAFETY: `p` came from `alloc_page` and is freed once.
unsafe fn free_page(p: *mut Insn) {
    drop(Box::from_raw(core::ptr::slice_from_raw_parts_mut(p, SLOTS)));
}

impl ICache {
    pub fn new(ram_pages: usize) -> Self {
        ICache {
            pages: vec![core::ptr::null_mut(); ram_pages],
            retired: Vec::new(),
            pages_built: 0,
            pages_invalidated: 0,
            dropped: Vec::new(),
            report_dropped: false,
        }
    }

    /// The slot array of RAM page `page`, created if needed. The pointer
    /// stays valid until the page is invalidated and `reclaim` runs.
    #[inline]
    pub fn slots(&mut self, page: usize) -> *const Insn {
        if self.pages[page].is_null() {
            self.pages[page] = alloc_page();
            self.pages_built += 1;
        }
        self.pages[page]
    }

    /// RAM pages covered.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// The per-page slot arrays (null: not decoded, or dropped), as the
    /// translating engine's cross-page stub reads them. Never moves.
    pub fn pages_ptr(&self) -> usize {
        self.pages.as_ptr() as usize
    }

    /// Store the decoded instruction for byte offset `off` of RAM page `page`.
    #[inline]
    pub fn set(&mut self, page: usize, off: u64, insn: Insn) {
        let p = self.pages[page];
        if !p.is_null() {
            // SAFETY: `p` is a live page of SLOTS slots; the index is < SLOTS.
            unsafe { *p.add((off as usize & 0xfff) >> 1) = insn };
        }
    }

    pub fn invalidate_page(&mut self, page: usize) {
        let p = core::mem::replace(&mut self.pages[page], core::ptr::null_mut());
        if !p.is_null() {
            self.pages_invalidated += 1;
            self.retired.push(p);
            if self.report_dropped {
                self.dropped.push(page);
            }
        }
    }

    /// Free pages invalidated during the last block.
    #[inline]
    pub fn reclaim(&mut self) {
        for p in self.retired.drain(..) {
            // SAFETY: retired pages are no longer in `pages`; each is freed once.
            unsafe { free_page(p) };
        }
    }
}

impl Drop for ICache {
    fn drop(&mut self) {
        self.reclaim();
        for &p in &self.pages {
            if !p.is_null() {
                // SAFETY: live pages, freed once.
                unsafe { free_page(p) };
            }
        }
    }
}

// SAFETY: the raw pages are owned exclusively by this cache (like a Box).
unsafe impl Send for ICache {}
