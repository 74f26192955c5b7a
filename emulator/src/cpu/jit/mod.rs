//! The translating engine (`--engine jit`): hot basic blocks are compiled
//! to host code with Cranelift and run in place of the interpreter, with
//! every counter and the deterministic clock exactly as the interpreter
//! would leave them.
//!
//! Owns: the engine choice and its run-time state in the hart (`JitState`),
//! and the dispatcher `Cpu::run_block_jit`.
//! Calls: `region` (which blocks compile together), `translate` (RISC-V
//! -> Cranelift IR), `cache` (translations,
//! invalidation, memory bound), `reloc` and `store` (compiled code kept by
//! the guest bytes it translates, reused in other pages and later runs),
//! `helpers` (loads, stores and other
//! instructions through the interpreter's own code), and the interpreter
//! (`run_block_fast`) for everything the engine declines.
//!
//! Exactness, and who runs what:
//! - A block runs only if it ends before the instruction limit
//!   (`instret + len <= block_end`), so interrupts and timer deadlines land
//!   on the same instruction; the interpreter runs up to the limit otherwise.
//! - A block runs only from the current fetch page (`FetchState`), so each
//!   of its fetches is an iTLB hit the interpreter would count as a fast
//!   fetch; the dispatcher adds them (executed instructions, plus the
//!   faulting one). On a change of page the dispatcher makes the new page
//!   current through the MMU exactly as the interpreter's loop does (that
//!   access counts the first fetch), unless PMP checks fetches.
//! - The blocks of a loop are compiled together (`region`) and jump to
//!   each other inside one function while the next fits before the limit.
//! - Blocks jump to each other directly within one page (chaining: a
//!   jump the dispatcher patches, `cache::Chain`; a `jalr` looks its
//!   target up in the page's table), and to another page through the
//!   cross-page stub (`far`), which makes that page current as the
//!   dispatcher would (under Sv39 with the iTLB access done from the
//!   mirror's copy); and only while the next block fits before the
//!   instruction limit (a patched jump checks for the longest block), so
//!   the rules above hold across a chain.
//! - Loads, stores and AMOs hit inline in `mirror`, the host-side copy of
//!   the data TLB's translations, doing to the TLB model exactly what its
//!   own hit does; anything else, and every other non-integer
//!   instruction, runs the interpreter's code (`helpers`), but for the
//!   CSR accesses a kernel makes on every trap, done inline as their
//!   handlers do them (`translate::plain_csr`, `fp_csr`, `reads_time`).
//!   A trap leaves `pc`/`instret` at the
//!   faulting instruction and is taken here as the interpreter takes it.
//! - Cold blocks (reached fewer than `cache::HOT` times), execute or data
//!   triggers: the interpreter. Halt points (a debugger's breakpoints) keep
//!   their pages from ever being the current fetch page (`halt.rs`; the
//!   dispatcher leaves them to the interpreter, the mirror holds no fetch
//!   translation of them, and the cross-page stub looks untranslated pages
//!   up in its map of them), so translated code, which runs only from
//!   that page, never passes one; other pages run translated.

pub mod cache;
pub mod compiler;
pub mod far;
pub mod helpers;
pub mod mirror;
pub mod region;
pub mod reloc;
pub mod store;
pub mod translate;

use super::{Cpu, Trap};

/// Which engine runs guest code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The decoded-instruction interpreter (the reference).
    Interp,
    /// Translated blocks, the interpreter for the rest.
    #[default]
    Jit,
}

/// The translating engine's state in the hart.
pub struct JitState {
    /// A load helper's value (read by translated code).
    pub ret: u64,
    /// A call-out's status, where it cannot return it (`translate::emit_adapter`).
    pub status: u64,
    /// The exception a call-out raised.
    pub pending: Option<Trap>,
    /// The engine in use.
    pub engine: Engine,
    cache: Option<Box<cache::Cache>>,
    /// The data TLB's host-side mirrors (inline loads and stores).
    pub mirror: mirror::Mirrors,
    /// The chain cell of the exit the last block left by, if it could be
    /// linked (set by translated code; see `cache::Chain`).
    pub exit_cell: *mut cache::Chain,
    /// What the cross-page stub reads (`far`).
    pub far: far::Far,
}

impl Default for JitState {
    fn default() -> Self {
        JitState {
            ret: 0,
            status: 0,
            pending: None,
            engine: Engine::default(),
            cache: None,
            mirror: mirror::Mirrors::default(),
            exit_cell: core::ptr::null_mut(),
            far: far::Far::default(),
        }
    }
}

// SAFETY: `exit_cell` points into the translation cache of the same
// `JitState` (see the mirror's `Send`).
unsafe impl Send for JitState {}

// SAFETY: the mirror's pointers point into the `Cpu` that owns it (its TLB,
// counters and RAM), which moves between threads as a whole; they are only
// used by that `Cpu`'s translated code, after `mirror::sync`.
unsafe impl Send for mirror::Mirrors {}

impl JitState {
    /// Translation counters (not part of `--stats`: they differ between
    /// engines by design): blocks compiled, bytes of code, flushes, pages
    /// invalidated.
    pub fn counters(&self) -> (u64, usize, u64, u64) {
        match &self.cache {
            Some(c) => (c.compiled, c.code_bytes, c.flushes, c.invalidated),
            None => (0, 0, 0, 0),
        }
    }
}

impl Cpu {
    /// Whether `run_block` may use translated code now.
    #[inline]
    pub(crate) fn jit_usable(&self) -> bool {
        self.jit.engine == Engine::Jit && !self.triggers.data_armed
    }

    /// `run_block` with translated blocks (see the module documentation).
    pub(crate) fn run_block_jit(&mut self, limit: u64) {
        if self.jit.cache.is_none() {
            let pages = (self.bus.mem.size() >> 12) as usize;
            let cache = Box::new(cache::Cache::new(pages));
            self.jit.far.table_sets = [cache.tables_ptr(false), cache.tables_ptr(true)];
            self.jit.far.icache = self.icache.pages_ptr();
            self.jit.far.ram_pages = pages as u64;
            self.jit.cache = Some(cache);
            self.icache.report_dropped = true;
        }
        self.block_end = limit;
        self.jumped = false;
        // The exit the last block left by, to link to the next block if
        // that is translated, in the same page, and nothing was dropped
        // in between: (cell, cache key (page and set), cache epoch).
        let mut link: Option<(*mut cache::Chain, usize, u64)> = None;
        // The block at `pc` returned INTERPRET (+ n - 1): its next n
        // instructions go to the interpreter.
        let mut declined = 0u64;
        while self.instret < self.block_end {
            let cache = self.jit.cache.as_mut().expect("created above");
            for page in self.icache.dropped.drain(..) {
                cache.invalidate(page);
            }
            let pc = self.pc;
            let linkable = link.take();
            // A new fetch page: made current here, as the interpreter would
            // (its MMU access counts this first fetch: `counted`), so the
            // block can run translated. With PMP checks on a page may not be
            // cacheable, and a page holding a halt point (a breakpoint) is
            // never current: the interpreter does those.
            let mut counted = 0;
            if (pc.wrapping_sub(self.fetch.vbase) >= 0x1000 || self.fetch.slots.is_null())
                && !self.pmp.needs_check(self.prv)
                && !(self.halt.armed && self.halt.page_has(pc & !0xfff))
            {
                if let Err(t) = self.refill_fetch(pc) {
                    self.take_trap(t.cause(), t.tval);
                    self.jumped = false;
                    continue;
                }
                counted = 1;
            }
            let off = pc.wrapping_sub(self.fetch.vbase);
            let n = if declined > 0 {
                core::mem::take(&mut declined)
            } else if off < 0x1000 && !self.fetch.slots.is_null() {
                let page = self.fetch.ram_page;
                // A 32-bit instruction straddling into the next RAM page
                // may be translated where fetches are not (`translate::scan`);
                // that page becomes a code page, whose changes drop it.
                let mut next = None;
                if pc & 0xfff == 0xffe && far::may_chain(self) && page + 1 < self.icache.pages() {
                    self.bus.mem.set_flag(page + 1, crate::memory::PAGE_CODE);
                    self.icache.slots(page + 1);
                    let at = (page + 1) << 12;
                    next = Some(u16::from_le_bytes(self.bus.mem.read_at::<2>(at)));
                }
                // Whether data accesses are translated decides the set of
                // translations (`cache::Cache::key`; `mirror::sync` below
                // makes the mirror's context agree).
                let identity = mirror::identity(self);
                let cache = self.jit.cache.as_mut().expect("created above");
                let key = cache.key(page, identity);
                let bytes = &self.bus.mem.as_slice()[page << 12..(page + 1) << 12];
                match cache.lookup(key, (pc & 0xfff) as usize, bytes, next) {
                    cache::Action::Run(f, len) if self.instret + len <= self.block_end => {
                        if let Some((cell, p, epoch)) = linkable {
                            if p == key && epoch == cache.epoch {
                                // A linked jump checks the limit for the
                                // longest block (`Emit::exit_to`).
                                debug_assert!(len <= translate::MAX_INSNS as u64);
                                // SAFETY: the cell belongs to a block of
                                // this page, not dropped since (same epoch),
                                // and no block runs.
                                unsafe { (*cell).link(f) };
                            }
                        }
                        let trampoline = cache.trampoline().expect("a block was compiled");
                        let epoch = cache.epoch;
                        let before = self.instret;
                        mirror::sync(self);
                        far::sync(self);
                        if counted == 1 && self.fetch.translated == 1 {
                            mirror::copy_fetch(self, pc);
                        }
                        self.jit.exit_cell = core::ptr::null_mut();
                        // SAFETY: `f` was compiled by the cache for this
                        // page's current bytes (invalidated on any change)
                        // and takes the hart it runs on; so were the blocks
                        // it chains to, all of this page.
                        let st = unsafe { trampoline(self as *mut Cpu, pc, f) };
                        debug_assert_ne!(st, helpers::JUMP, "blocks go on at a JUMP");
                        let trapped = st == helpers::TRAP;
                        declined = st
                            .checked_sub(helpers::INTERPRET)
                            .map_or(0, |n| n as u64 + 1);
                        let fetched = self.instret - before + trapped as u64 - counted;
                        self.mmu.counters.itlb.hits += fetched * self.fetch.translated;
                        if trapped {
                            let t = self.jit.pending.take().expect("a trap was raised");
                            self.take_trap(t.cause(), t.tval);
                            self.jumped = false;
                        } else if !self.jit.exit_cell.is_null() {
                            // The cell is the last block's, of the fetch
                            // page it ran from (chains may change pages).
                            let identity = mirror::identity(self);
                            let cache = self.jit.cache.as_ref().expect("created above");
                            let key = cache.key(self.fetch.ram_page, identity);
                            link = Some((self.jit.exit_cell, key, epoch));
                        }
                        continue;
                    }
                    cache::Action::Run(_, len) | cache::Action::Interpret(len) => len,
                }
            } else if self.halt.armed && self.halt.page_has(pc & !0xfff) {
                // A halt page: the interpreter's `refill_fetch` lowers the
                // limit to the instructions before its next halt point.
                0x800
            } else {
                1
            };
            // The interpreter, for `n` instructions (or up to the limit).
            let end = self.block_end;
            self.run_block_counted(end.min(self.instret + n), counted);
            if self.block_end != 0 {
                self.block_end = end;
            }
        }
        self.icache.reclaim();
    }
}
