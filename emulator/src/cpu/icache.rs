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
    /// Pages decoded since reset (a measure of code footprint).
    pub pages_built: u64,
    pub pages_invalidated: u64,
}

const EMPTY: Insn = Insn { exec: execute::decode_on_first_use, imm: 0, raw: 0, rd: 0, rs1: 0, rs2: 0, len: 0 };

impl ICache {
    pub fn new(ram_pages: usize) -> Self {
        ICache { pages: (0..ram_pages).map(|_| None).collect(), pages_built: 0, pages_invalidated: 0 }
    }

    /// Make sure RAM page `page` has a slot array.
    #[inline]
    pub fn ensure(&mut self, page: usize) {
        if self.pages[page].is_none() {
            self.pages[page] = Some(vec![EMPTY; SLOTS].into_boxed_slice());
            self.pages_built += 1;
        }
    }

    /// The slot for the instruction at byte offset `off` of RAM page `page`
    /// (the page must have been `ensure`d).
    #[inline(always)]
    pub fn get(&self, page: usize, off: u64) -> Insn {
        match &self.pages[page] {
            Some(p) => p[(off as usize & 0xfff) >> 1],
            None => EMPTY,
        }
    }

    #[inline]
    pub fn set(&mut self, page: usize, off: u64, insn: Insn) {
        if let Some(p) = &mut self.pages[page] {
            p[(off as usize & 0xfff) >> 1] = insn;
        }
    }

    pub fn invalidate_page(&mut self, page: usize) {
        if self.pages[page].take().is_some() {
            self.pages_invalidated += 1;
        }
    }
}
