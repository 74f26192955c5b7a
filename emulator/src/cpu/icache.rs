//! The decoded-instruction cache: for every RAM page that instructions have
//! been fetched from, an array of 2048 [`Insn`] slots (one per halfword).
//! Slots start out as `execute::decode_on_first_use`, which decodes the
//! instruction, stores it in its slot and runs it; later executions call the
//! handler directly. A store to a cached page drops the whole page (the page
//! is flagged `PAGE_CODE` in RAM so stores notice cheaply), which keeps
//! self-modifying code and program loading correct without `fence.i`.

use super::{execute, Insn};

pub const SLOTS: usize = 2048;

pub struct ICache {
    pages: Vec<Option<Box<[Insn]>>>,
    /// Pages invalidated during the current block. The running handler may
    /// hold a reference into one of them (a store into its own page), so
    /// they are freed only between blocks, by `reclaim`.
    retired: Vec<Box<[Insn]>>,
    /// Pages decoded since reset (a measure of code footprint).
    pub pages_built: u64,
    pub pages_invalidated: u64,
}

const EMPTY: Insn = Insn { exec: execute::decode_on_first_use, imm: 0, raw: 0, rd: 0, rs1: 0, rs2: 0, len: 0 };

impl ICache {
    pub fn new(ram_pages: usize) -> Self {
        ICache { pages: (0..ram_pages).map(|_| None).collect(), retired: Vec::new(), pages_built: 0, pages_invalidated: 0 }
    }

    /// The slot array of RAM page `page`, created if needed. The pointer
    /// stays valid until the page is invalidated and `reclaim` runs.
    #[inline]
    pub fn slots(&mut self, page: usize) -> *const Insn {
        let p = self.pages[page].get_or_insert_with(|| vec![EMPTY; SLOTS].into_boxed_slice());
        p.as_ptr()
    }

    #[inline]
    pub fn set(&mut self, page: usize, off: u64, insn: Insn) {
        if let Some(p) = &mut self.pages[page] {
            p[(off as usize & 0xfff) >> 1] = insn;
        }
    }

    pub fn invalidate_page(&mut self, page: usize) {
        if let Some(p) = self.pages[page].take() {
            self.pages_invalidated += 1;
            self.retired.push(p);
        }
    }

    /// Free pages invalidated during the last block.
    #[inline]
    pub fn reclaim(&mut self) {
        if !self.retired.is_empty() {
            self.retired.clear();
        }
    }
}
