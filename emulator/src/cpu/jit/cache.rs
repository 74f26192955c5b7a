//! The translation cache: for every RAM page code runs from, one entry per
//! halfword (a block may start at any instruction), holding either the
//! translated block or, until it is hot, the block's length and how often
//! the dispatcher reached it. Blocks are compiled with Cranelift on a
//! thread of their own (`compiler`) and copied into one executable arena
//! when they arrive (call-outs are by absolute address, so the code is
//! position independent and needs no linking).
//!
//! Invalidation is by page and precise: whatever drops a page's decoded
//! instructions (a store into it, DMA, the debugger; see `icache`) also
//! queues the page for this cache, which drops its entries before the next
//! lookup. A running block that stores into its own page ends right after
//! that store (the store ends the block), so no stale code runs.
//!
//! Memory is bounded: when the generated code nears [`CODE_LIMIT`] bytes,
//! everything is flushed between two blocks and compilation starts over.

use super::super::Insn;
use super::compiler::{Codegen, Compiled, Job, Stubs, Worker};
use super::reloc::{self, Bases};
use super::store::{self, Shape, Store};
use super::{helpers, region, translate};

/// A translated block's code (in `translate::BLOCK_CC`, a convention in
/// which blocks jump to each other; Rust enters them through
/// [`Trampoline`]).
pub type BlockFn = *const u8;

/// Entry from Rust: `trampoline(cpu, vpc, block)` runs `block` (and
/// whatever it chains to) and returns its status.
pub type Trampoline = unsafe extern "C" fn(*mut super::super::Cpu, u64, BlockFn) -> u32;

/// A block's link to the block one of its exits goes to (block chaining):
/// where that exit's jump is in the code (`reloc::Base::Site`). The jump
/// goes to the shared link stub until the dispatcher, the first time that
/// exit leads to a translated block of the same page, patches it to that
/// block; the exit then jumps there directly while the next block fits
/// before the instruction limit. Both blocks are dropped together (a
/// page's translations go as a whole), so a link never outlives its
/// target.
#[repr(C)]
pub struct Chain {
    /// The jump's target field (`reloc::SITE_WIDTH` bytes), null until
    /// the code is in place.
    site: *mut u8,
}

impl Chain {
    const NONE: Chain = Chain {
        site: core::ptr::null_mut(),
    };

    /// The cell of the jump whose target field is at `site`.
    pub fn at(site: *mut u8) -> Chain {
        Chain { site }
    }

    /// Make the exit jump to `to`.
    ///
    /// # Safety
    /// The cell's code is in the arena, writable, and no block runs (only
    /// between blocks); `to` is in the arena too (within 2 GiB of it).
    pub unsafe fn link(&self, to: BlockFn) {
        if self.site.is_null() {
            return;
        }
        reloc::write_jump(self.site, reloc::Base::Site.width(), to as usize);
    }
}

/// `Entry::heat` of a block being compiled on the compiler thread (the
/// interpreter runs it meanwhile).
const COMPILING: u16 = u16::MAX - 1;

/// `Entry::heat` from which a block waits in the backlog (see
/// [`Cache::feed`]); what it has above this counts how often the
/// dispatcher reached it since.
const QUEUED: u16 = 0x8000;

/// Blocks on the compiler thread at a time: one compiling and one waiting,
/// so the thread never idles between a result and the next poll. The
/// rest wait in the backlog, and the hottest of them goes next.
const IN_FLIGHT: usize = 2;

/// Bytes the arena took for the block just put at `f` (code and padding).
fn code_len(code: &Option<Code>, f: BlockFn) -> usize {
    code.as_ref()
        .map_or(0, |c| c.arena.base as usize + c.arena.used - f as usize)
}

/// One line of a perf map (`START SIZE NAME`, hexadecimal) naming the block
/// at `off` of RAM page `page`; with `VITRINE_JIT_PERF_MAP=dump`, its code
/// also goes to `/tmp/vitrine-jit-PID/ADDRESS.bin` (for `objdump -b binary`;
/// the shared stubs' to `NAME-ADDRESS.bin`).
#[cold]
fn perf_map(map: &mut std::fs::File, f: BlockFn, code: &[u8], page: usize, off: usize) {
    use std::io::Write;
    let pa = crate::memory::RAM_BASE + (page << 12 | off) as u64;
    let _ = writeln!(map, "{:x} {:x} guest_{pa:x}", f as usize, code.len());
    dump(&format!("{:x}", f as usize), code);
}

/// With `VITRINE_JIT_PERF_MAP=dump`, write `code` to
/// `/tmp/vitrine-jit-PID/FILE.bin`.
#[cold]
fn dump(file: &str, code: &[u8]) {
    if std::env::var_os("VITRINE_JIT_PERF_MAP").is_some_and(|v| v == "dump") {
        let dir = format!("/tmp/vitrine-jit-{}", std::process::id());
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(format!("{dir}/{file}.bin"), code);
    }
}

/// Where installed code comes from.
enum Source {
    /// The compiler; kept in the store by this shape (None: not kept).
    Compiled(Option<Shape>),
    /// The store.
    Store,
}

/// A region's own copy of its instructions (`helpers::exec` gets pointers
/// into it) and its chain cells, all unlinked.
fn region_memory(runs: &[Vec<translate::Slot>]) -> (Box<[Insn]>, Box<[Chain]>) {
    let insns: Box<[Insn]> = runs.iter().flatten().map(|s| s.insn).collect();
    let cells: usize = runs.iter().map(|r| translate::chains(r)).sum();
    let chains: Box<[Chain]> = (0..cells).map(|_| Chain::NONE).collect();
    (insns, chains)
}

/// Times the dispatcher reaches a block start before it is compiled
/// (the interpreter runs it meanwhile). The environment variable
/// `VITRINE_JIT_HOT` overrides it (1: compile every block on first sight,
/// as the equivalence tests do).
pub const HOT: u16 = 500;

fn hot_threshold() -> u16 {
    std::env::var("VITRINE_JIT_HOT")
        .ok()
        .and_then(|v| v.parse::<u16>().ok())
        .map_or(HOT, |n| n.clamp(1, u16::MAX - 1))
}

/// Generated code beyond which the cache is flushed.
pub const CODE_LIMIT: usize = 64 << 20;

#[derive(Clone, Copy, Default)]
#[repr(C)]
pub struct Entry {
    pub code: Option<core::ptr::NonNull<u8>>,
    /// Instructions in the block (0: not scanned yet).
    pub len: u16,
    /// Times reached while not compiled; `u16::MAX`: never compiled (a
    /// block the interpreter must run, e.g. a straddling first instruction);
    /// `COMPILING`: on the compiler thread; from `QUEUED`: in the backlog.
    pub heat: u16,
}

/// Entries per page: one per halfword.
pub const SLOTS: usize = 2048;
type Table = Box<[Entry; SLOTS]>;

/// What the dispatcher should do at a block start.
pub enum Action {
    Run(BlockFn, u64),
    /// Interpret this many instructions (the block's length).
    Interpret(u64),
}

/// Executable memory for generated code: one anonymous mapping of
/// [`CODE_LIMIT`] bytes (the host backs only the pages written), filled
/// from the start and emptied as a whole by a flush.
struct Arena {
    base: *mut u8,
    used: usize,
}

impl Arena {
    fn new() -> Option<Arena> {
        // SAFETY: a fresh private anonymous mapping; nothing else uses it.
        let p = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                CODE_LIMIT,
                libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            log::warn!(
                "jit: no executable memory: {}",
                std::io::Error::last_os_error()
            );
            return None;
        }
        // Translated code jumps between blocks compiled at different
        // times, so the hot code is spread over the arena: 2 MiB host
        // pages keep it in a few iTLB entries.
        crate::memory::huge_pages(p as *const u8, CODE_LIMIT);
        Some(Arena {
            base: p as *mut u8,
            used: 0,
        })
    }

    /// Copy `code` in (16-byte aligned); None when full.
    fn put(&mut self, code: &[u8]) -> Option<*const u8> {
        let at = (self.used + 15) & !15;
        if at + code.len() > CODE_LIMIT {
            return None;
        }
        // SAFETY: `at + len` is inside the mapping, and no running code
        // is at or past `used` (code is only added between blocks).
        unsafe { core::ptr::copy_nonoverlapping(code.as_ptr(), self.base.add(at), code.len()) };
        self.used = at + code.len();
        Some(self.base.wrapping_add(at) as *const u8)
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`; no code runs from it any more.
        unsafe { libc::munmap(self.base as *mut libc::c_void, CODE_LIMIT) };
    }
}

/// Generated code and what it points into.
struct Code {
    arena: Arena,
    /// The trampoline, at the start of the arena (kept by `clear`).
    trampoline: Trampoline,
    /// The cross-page stub (`far`) and the call adapters, after it.
    stubs: Stubs,
    kept: usize,
    /// Each block's copy of its instructions (`helpers::exec` gets
    /// pointers) and its chain cells, until the next flush (a block
    /// being compiled points into them too).
    blocks: Vec<(Box<[Insn]>, Box<[Chain]>)>,
    /// Compiling in place (first sight, or no thread), else the thread.
    codegen: Option<Codegen>,
    worker: Option<Worker>,
}

impl Code {
    fn new(sync: bool) -> Option<Code> {
        let mut codegen = Codegen::new()?;
        let mut arena = Arena::new()?;
        let p = arena.put(&codegen.trampoline()?)?;
        // SAFETY: built with `translate::trampoline_signature`.
        let trampoline = unsafe { core::mem::transmute::<*const u8, Trampoline>(p) };
        let far = arena.put(&codegen.far_stub()?)? as usize;
        let mut adapters = [0; 2];
        for (n, a) in adapters.iter_mut().enumerate() {
            *a = arena.put(&codegen.adapter(n + 2)?)? as usize;
        }
        let link = arena.put(&codegen.link_stub()?)? as usize;
        let stubs = Stubs {
            arena: arena.base as usize,
            far,
            link,
            adapters,
        };
        let worker = if sync { None } else { Worker::spawn() };
        Some(Code {
            kept: arena.used,
            arena,
            trampoline,
            stubs,
            blocks: Vec::new(),
            codegen: worker.is_none().then_some(codegen),
            worker,
        })
    }

    /// Name the shared stubs in a perf map, as `perf_map` names blocks.
    fn name_stubs(&self, map: &mut std::fs::File) {
        use std::io::Write;
        let s = &self.stubs;
        let mut named = vec![
            (self.trampoline as usize, "jit_trampoline"),
            (s.far, "jit_far_stub"),
            (s.link, "jit_link_stub"),
        ];
        named.extend(s.adapters.iter().map(|&a| (a, "jit_adapter")));
        named.sort_unstable();
        let end = self.arena.base as usize + self.kept;
        for (i, &(at, name)) in named.iter().enumerate() {
            let next = named.get(i + 1).map_or(end, |n| n.0);
            let _ = writeln!(map, "{at:x} {:x} {name}", next - at);
            // SAFETY: the stubs lie in the arena's kept part, written.
            let code = unsafe { core::slice::from_raw_parts(at as *const u8, next - at) };
            dump(&format!("{name}-{at:x}"), code);
        }
    }

    /// Forget all generated code but the trampoline (only between blocks).
    fn clear(&mut self) {
        self.arena.used = self.kept;
        self.blocks.clear();
    }
}

pub struct Cache {
    code: Option<Code>,
    /// Whether creating `code` failed (the interpreter runs everything).
    no_code: bool,
    hot: u16,
    /// Per key (`key`: a RAM page and whether data accesses are
    /// translated), the page's blocks.
    tables: Vec<Option<Table>>,
    ram_pages: usize,
    /// Per RAM page: it has a block straddling into the next page, which
    /// goes when either page changes.
    straddles: Vec<bool>,
    /// Per page, changes whenever its translations are dropped; and the
    /// same for the whole cache (flushes): a compiled block arriving from
    /// the thread is installed only if neither changed since it was asked.
    page_gens: Vec<u32>,
    flush_gen: u64,
    /// Bytes of generated code since the last flush.
    pub code_bytes: usize,
    /// Blocks compiled, blocks installed from the store, flushes of
    /// everything, pages invalidated.
    pub compiled: u64,
    pub reused: u64,
    pub flushes: u64,
    pub invalidated: u64,
    /// Changes whenever translations are dropped (a chain cell seen before
    /// may be gone).
    pub epoch: u64,
    /// `VITRINE_JIT_PERF_MAP`: the perf map (`/tmp/perf-PID.map`) profilers
    /// name translated code by.
    perf_map: Option<std::fs::File>,
    /// Hot blocks waiting for the compiler thread (see [`Cache::feed`]).
    backlog: Vec<Job>,
    /// Code kept by the guest bytes it translates (`store`; None: no
    /// code generator for this host).
    store: Option<Store>,
}

impl Drop for Cache {
    fn drop(&mut self) {
        let loaded = self.store.as_ref().map_or(0, |s| s.loaded);
        log::debug!(
            "jit: {} blocks compiled, {} from the store ({} read from its file), {} bytes of code, {} flushes, {} pages invalidated",
            self.compiled,
            self.reused,
            loaded,
            self.code_bytes,
            self.flushes,
            self.invalidated
        );
    }
}

// SAFETY: the JIT module and the code it owns are used by the one thread
// that owns the hart (like the instruction cache's raw pages).
unsafe impl Send for Cache {}

impl Cache {
    pub fn new(ram_pages: usize) -> Cache {
        Cache {
            code: None,
            no_code: false,
            hot: hot_threshold(),
            tables: (0..2 * ram_pages).map(|_| None).collect(),
            ram_pages,
            straddles: vec![false; ram_pages],
            page_gens: vec![0; ram_pages],
            flush_gen: 0,
            code_bytes: 0,
            compiled: 0,
            reused: 0,
            flushes: 0,
            invalidated: 0,
            epoch: 0,
            backlog: Vec::new(),
            store: Codegen::new().map(|c| {
                // Also tells apart builds whose executable looks the same.
                let exec = helpers::exec as *const () as usize;
                let host = format!(
                    "{} {}",
                    c.host(),
                    exec.wrapping_sub(reloc::anchor as *const () as usize)
                );
                Store::open(store::fingerprint(&host))
            }),
            perf_map: std::env::var_os("VITRINE_JIT_PERF_MAP").and_then(|_| {
                let path = format!("/tmp/perf-{}.map", std::process::id());
                std::fs::File::create(&path)
                    .map_err(|e| log::warn!("jit: {path}: {e}"))
                    .ok()
            }),
        }
    }

    /// The trampoline translated code is entered by (None before the first
    /// block is compiled).
    #[inline]
    pub fn trampoline(&self) -> Option<Trampoline> {
        self.code.as_ref().map(|c| c.trampoline)
    }

    /// Where the blocks of RAM page `page` are kept: a page has one set of
    /// translations for contexts where data accesses are translated (Sv39:
    /// inline accesses check and age the TLB slot, see `mirror`) and one for
    /// contexts where they are not (`identity`: M-mode or Bare, where the
    /// inline path is a plain host access). Which applies changes only with
    /// the mirror's context, which no block changes while it runs (every
    /// CSR write and privilege change ends the block).
    #[inline]
    pub fn key(&self, page: usize, identity: bool) -> usize {
        page + identity as usize * self.ram_pages
    }

    fn page_of(&self, key: usize) -> usize {
        key % self.ram_pages
    }

    /// The per-page tables of one set (see `key`), as the cross-page stub
    /// reads them (`far`): one pointer per RAM page, null without a table.
    /// Never moves.
    pub fn tables_ptr(&self, identity: bool) -> usize {
        const _: () =
            assert!(core::mem::size_of::<Option<Table>>() == core::mem::size_of::<usize>());
        self.tables[self.key(0, identity)..].as_ptr() as usize
    }

    /// Forget the translations of RAM page `page`.
    pub fn invalidate(&mut self, page: usize) {
        if page >= self.ram_pages {
            return;
        }
        if page > 0 && core::mem::take(&mut self.straddles[page - 1]) {
            self.invalidate(page - 1);
        }
        self.straddles[page] = false;
        let mut dropped = false;
        for key in [self.key(page, false), self.key(page, true)] {
            dropped |= self.tables[key].take().is_some();
        }
        if dropped {
            self.invalidated += 1;
            self.epoch += 1;
            self.page_gens[page] = self.page_gens[page].wrapping_add(1);
        }
    }

    /// Drop everything, generated code included. Only between blocks.
    fn flush(&mut self) {
        for t in &mut self.tables {
            *t = None;
        }
        self.straddles.fill(false);
        // No translated code is running (we are between blocks) and every
        // pointer to it was in the tables just cleared.
        if let Some(c) = self.code.as_mut() {
            c.clear();
        }
        self.backlog.clear();
        self.code_bytes = 0;
        self.flushes += 1;
        self.epoch += 1;
        self.flush_gen += 1;
    }

    /// The action for the block at byte `off` of the page of `key`, whose
    /// bytes are `bytes`; `next`: the next RAM page's first halfword, where
    /// a block may straddle into it (`translate::scan`; the caller has made
    /// that page a code page, so that a store into it drops the block too).
    #[inline]
    pub fn lookup(&mut self, key: usize, off: usize, bytes: &[u8], next: Option<u16>) -> Action {
        if self
            .code
            .as_ref()
            .is_some_and(|c| c.worker.as_ref().is_some_and(|w| w.ready()))
        {
            self.poll();
        }
        let table = self.tables[key].get_or_insert_with(|| Box::new([Entry::default(); SLOTS]));
        let e = &mut table[off >> 1];
        if let Some(f) = e.code {
            return Action::Run(f.as_ptr(), e.len as u64);
        }
        if e.heat >= COMPILING {
            return Action::Interpret(e.len as u64);
        }
        if e.len == 0 {
            let slots = translate::scan(bytes, off, next);
            if slots.is_empty() {
                e.len = 1;
                e.heat = u16::MAX;
                return Action::Interpret(1);
            }
            e.len = slots.len() as u16;
            // Seen for the first time: compiled before (elsewhere, or in
            // an earlier run)?
            if self.store.as_ref().is_some_and(|s| !s.is_empty()) {
                if let Some(f) = self.reuse(key, bytes, &slots) {
                    return Action::Run(f, slots.len() as u64);
                }
            }
            return self.count(key, off, bytes, next);
        }
        self.count(key, off, bytes, next)
    }

    /// A block not translated yet: count it, and send it to the compiler
    /// when hot.
    #[inline]
    fn count(&mut self, key: usize, off: usize, bytes: &[u8], next: Option<u16>) -> Action {
        let e = &mut self.tables[key].as_mut().expect("looked up")[off >> 1];
        if e.heat >= QUEUED {
            e.heat = (e.heat + 1).min(COMPILING - 1);
            return Action::Interpret(e.len as u64);
        }
        e.heat += 1;
        if e.heat < self.hot {
            return Action::Interpret(e.len as u64);
        }
        self.build(key, off, bytes, next)
    }

    #[cold]
    fn build(&mut self, key: usize, off: usize, bytes: &[u8], next: Option<u16>) -> Action {
        if self.code_bytes > CODE_LIMIT - (1 << 20) {
            self.flush();
        }
        self.make_code();
        if self.code.is_none() {
            return self.decline(key, off);
        }
        let runs = region::find(bytes, off, next);
        if let Some(f) = self.reuse(key, bytes, &runs[0]) {
            return Action::Run(f, runs[0].len() as u64);
        }
        let code = self.code.as_mut().expect("made above");
        log::trace!(
            "region at {key:#x}+{off:#x}: {:?}",
            runs.iter().map(|r| (r[0].off, r.len())).collect::<Vec<_>>()
        );
        if translate::straddles(&runs[0]) {
            self.straddles[key % self.ram_pages] = true;
        }
        let table = self.tables[key].get_or_insert_with(|| Box::new([Entry::default(); SLOTS]));
        let table_at = table.as_ptr() as usize;
        let e = &mut table[off >> 1];
        e.len = runs[0].len() as u16;
        let (insns, mut chains) = region_memory(&runs);
        let shape = Shape::of(&runs, bytes, key >= self.ram_pages);
        let job = Job {
            off,
            insns: insns.as_ptr() as usize,
            chains: chains.as_mut_ptr() as usize,
            table: table_at,
            stubs: code.stubs,
            page: key,
            identity: key >= self.ram_pages,
            page_gen: self.page_gens[key % self.ram_pages],
            flush_gen: self.flush_gen,
            runs,
            shape,
        };
        code.blocks.push((insns, chains));
        if code.worker.is_some() {
            e.heat = QUEUED;
            let len = e.len as u64;
            self.backlog.push(job);
            self.feed();
            return Action::Interpret(len);
        }
        let done = code
            .codegen
            .as_mut()
            .expect("no thread: in place")
            .block(&job);
        let bases = Bases {
            arena: job.stubs.arena,
            insns: job.insns,
            chains: job.chains,
            table: job.table,
            link: job.stubs.link,
        };
        match self.install(key, off, done, bases, Source::Compiled(job.shape)) {
            Some(f) => Action::Run(
                f,
                self.tables[key].as_ref().expect("kept")[off >> 1].len as u64,
            ),
            None => self.decline(key, off),
        }
    }

    /// Make the arena and the compiler (false: there can be none).
    fn make_code(&mut self) -> bool {
        if self.code.is_none() && !self.no_code {
            self.code = Code::new(self.hot <= 1);
            self.no_code = self.code.is_none();
            if let (Some(c), Some(map)) = (self.code.as_ref(), self.perf_map.as_mut()) {
                c.name_stubs(map);
            }
        }
        self.code.is_some()
    }

    /// Keep the compiler thread busy with the hottest blocks: while fewer
    /// than [`IN_FLIGHT`] are on it, send the backlog's block the dispatcher
    /// reached most often since it was queued (blocks become hot in the
    /// order a program first runs them, and all of a program's loops do so
    /// within milliseconds; compiling the busiest first shortens the time
    /// it spends interpreting them). Blocks whose page was dropped
    /// meanwhile are forgotten.
    fn feed(&mut self) {
        let Some(code) = self.code.as_mut() else {
            return;
        };
        fn heat(tables: &[Option<Table>], j: &Job) -> Option<u16> {
            tables[j.page]
                .as_ref()
                .map(|t| t[j.off >> 1].heat)
                .filter(|&h| (QUEUED..COMPILING).contains(&h))
        }
        while let Some(w) = code.worker.as_mut().filter(|w| w.pending < IN_FLIGHT) {
            let (tables, page_gens, ram_pages) = (&self.tables, &self.page_gens, self.ram_pages);
            self.backlog.retain(|j| {
                heat(tables, j).is_some() && j.page_gen == page_gens[j.page % ram_pages]
            });
            let hottest =
                (0..self.backlog.len()).max_by_key(|&i| heat(&self.tables, &self.backlog[i]));
            let Some(i) = hottest else {
                return;
            };
            let job = self.backlog.swap_remove(i);
            let (key, off) = (job.page, job.off);
            let e = &mut self.tables[key].as_mut().expect("kept above")[off >> 1];
            if w.send(job) {
                e.heat = COMPILING;
            } else {
                // The thread is gone: compile here from now on.
                e.heat = 0;
                code.worker = None;
                code.codegen = Codegen::new();
                self.backlog.clear();
                return;
            }
        }
    }

    /// Install blocks the compiler thread has finished.
    #[cold]
    fn poll(&mut self) {
        while let Some(d) = self
            .code
            .as_mut()
            .and_then(|c| c.worker.as_mut())
            .and_then(|w| w.try_recv())
        {
            if d.flush_gen != self.flush_gen || d.page_gen != self.page_gens[self.page_of(d.page)] {
                continue; // its page (or everything) was dropped meanwhile
            }
            let Some(stubs) = self.code.as_ref().map(|c| c.stubs) else {
                return;
            };
            let bases = Bases {
                arena: stubs.arena,
                insns: d.insns,
                chains: d.chains,
                table: d.table,
                link: stubs.link,
            };
            if self
                .install(d.page, d.off, d.code, bases, Source::Compiled(d.shape))
                .is_none()
            {
                self.decline(d.page, d.off);
            }
        }
        self.feed();
    }

    /// The code the store keeps for the region whose entry block is
    /// `entry` in the page of `key` (`bytes`), installed for this page.
    fn reuse(&mut self, key: usize, bytes: &[u8], entry: &[translate::Slot]) -> Option<BlockFn> {
        if translate::straddles(entry) {
            return None;
        }
        let identity = key >= self.ram_pages;
        let stored = self.store.as_mut()?.find(identity, bytes, entry)?;
        let runs = stored
            .shape
            .runs
            .iter()
            .map(|&(a, b)| translate::slots_in(bytes, a as usize, b as usize))
            .collect::<Option<Vec<_>>>()?;
        let done = Some((stored.code.clone(), stored.relocs.clone()));
        if runs[0].len() != entry.len() || !self.make_code() {
            return None;
        }
        let table = self.tables[key].as_ref()?.as_ptr() as usize;
        let (insns, mut chains) = region_memory(&runs);
        let code = self.code.as_mut()?;
        let bases = Bases {
            arena: code.stubs.arena,
            insns: insns.as_ptr() as usize,
            chains: chains.as_mut_ptr() as usize,
            table,
            link: code.stubs.link,
        };
        code.blocks.push((insns, chains));
        let off = entry[0].off as usize;
        self.tables[key].as_mut()?[off >> 1].len = entry.len() as u16;
        self.install(key, off, done, bases, Source::Store)
    }

    /// Copy `code` (the block at `off` of `page`) into the arena, its
    /// addresses written in for `bases`, and make it the block's code; code
    /// just compiled also goes into the store.
    fn install(
        &mut self,
        key: usize,
        off: usize,
        code: Option<Compiled>,
        bases: Bases,
        from: Source,
    ) -> Option<BlockFn> {
        let (mut code, relocs) = code?;
        if !reloc::apply(&mut code, &relocs, &bases) {
            return None;
        }
        let f = self.code.as_mut()?.arena.put(&code)?;
        // SAFETY: the code just put, with `apply`'s checks passed; its
        // chain cells are at `bases.chains` (`region_memory`).
        unsafe { reloc::link_sites(f as *mut u8, &relocs, &bases) };
        match from {
            Source::Compiled(shape) => {
                self.compiled += 1;
                if let (Some(store), Some(shape)) = (self.store.as_mut(), shape) {
                    store.add(shape, &code, relocs);
                }
            }
            Source::Store => self.reused += 1,
        }
        let page = self.page_of(key);
        if let Some(map) = self.perf_map.as_mut() {
            perf_map(map, f, &code, page, off);
        }
        self.code_bytes += code_len(&self.code, f);
        let e = &mut self.tables[key].as_mut()?[off >> 1];
        e.code = core::ptr::NonNull::new(f as *mut u8);
        e.heat = 0;
        Some(f)
    }

    /// Leave the block at `off` of `page` to the interpreter for good.
    fn decline(&mut self, key: usize, off: usize) -> Action {
        let e = &mut self.tables[key].as_mut().expect("looked up")[off >> 1];
        e.heat = u16::MAX;
        Action::Interpret(e.len.max(1) as u64)
    }
}
