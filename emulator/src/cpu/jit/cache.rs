//! The translation cache: for every RAM page code runs from, one entry per
//! halfword (a block may start at any instruction), holding either the
//! translated block or, until it is hot, the block's length and how often
//! the dispatcher reached it. Blocks are compiled with Cranelift and copied
//! into one executable arena (call-outs are by absolute address, so the code
//! is position independent and needs no linking).
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
use super::translate::{self, Slot};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;

/// A translated block's code (see `translate`: Cranelift's `tail` calling
/// convention, so blocks can jump to each other; Rust enters them through
/// [`Trampoline`]).
pub type BlockFn = *const u8;

/// Entry from Rust: `trampoline(cpu, vpc, block)` runs `block` (and
/// whatever it chains to) and returns its status.
pub type Trampoline = unsafe extern "C" fn(*mut super::super::Cpu, u64, BlockFn) -> u32;

/// A block's link to the block one of its exits goes to (block chaining):
/// set by the dispatcher the first time that exit leads to a translated
/// block of the same page; the exit then jumps there directly while the
/// next block fits before the instruction limit. Both blocks are dropped
/// together (a page's translations go as a whole), so a link never
/// outlives its target.
#[repr(C)]
pub struct Chain {
    pub code: BlockFn,
    pub len: u64,
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
    /// block the interpreter must run, e.g. a straddling first instruction).
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

struct Compiler {
    isa: cranelift_codegen::isa::OwnedTargetIsa,
    ctx: Context,
    fctx: FunctionBuilderContext,
    arena: Arena,
    /// The trampoline, at the start of the arena (kept by `clear`).
    trampoline: Trampoline,
    kept: usize,
    /// Each block's copy of its instructions (`helpers::exec` gets
    /// pointers) and its chain cells.
    blocks: Vec<(Box<[Insn]>, Box<[Chain]>)>,
}

impl Compiler {
    fn new() -> Option<Compiler> {
        let mut flags = settings::builder();
        flags.set("opt_level", "speed").expect("cranelift flag");
        // Cranelift's tail calls (block chaining) need frame pointers.
        flags
            .set("preserve_frame_pointers", "true")
            .expect("cranelift flag");
        // Translation is checked by the equivalence tests, not per function.
        flags
            .set("enable_verifier", "false")
            .expect("cranelift flag");
        let isa = cranelift_native::builder()
            .map_err(|e| log::warn!("jit: host not supported: {e}"))
            .ok()?
            .finish(settings::Flags::new(flags))
            .map_err(|e| log::warn!("jit: host ISA: {e}"))
            .ok()?;
        let mut c = Compiler {
            isa,
            ctx: Context::new(),
            fctx: FunctionBuilderContext::new(),
            arena: Arena::new()?,
            trampoline: {
                unsafe extern "C" fn none(_: *mut super::super::Cpu, _: u64, _: BlockFn) -> u32 {
                    unreachable!("replaced before use")
                }
                none
            },
            kept: 0,
            blocks: Vec::new(),
        };
        let call_conv = c.isa.default_call_conv();
        c.ctx.clear();
        c.ctx.func.signature = translate::trampoline_signature(call_conv);
        translate::emit_trampoline(&mut c.ctx.func, &mut c.fctx);
        let p = c.finish()?;
        // SAFETY: built with `translate::trampoline_signature`.
        c.trampoline = unsafe { core::mem::transmute::<*const u8, Trampoline>(p) };
        c.kept = c.arena.used;
        Some(c)
    }

    /// Forget all generated code but the trampoline (only between blocks).
    fn clear(&mut self) {
        self.arena.used = self.kept;
        self.blocks.clear();
    }

    /// Compile `self.ctx.func` into the arena.
    fn finish(&mut self) -> Option<*const u8> {
        let code = match self.ctx.compile(
            &*self.isa,
            &mut cranelift_codegen::control::ControlPlane::default(),
        ) {
            Ok(c) => c,
            Err(e) => {
                log::warn!("jit: compile: {:?}", e.inner);
                return None;
            }
        };
        // Call-outs are by absolute address: the code needs no relocation.
        if !code.buffer.relocs().is_empty() {
            log::warn!("jit: block needs relocations; left to the interpreter");
            return None;
        }
        self.arena.put(code.code_buffer())
    }

    /// Compile `slots`, the block at byte `off` of the page whose table is
    /// `table`; the code size in bytes with the function. None if the arena
    /// is full or Cranelift refused (the interpreter runs it).
    fn compile(
        &mut self,
        slots: &[Slot],
        off: usize,
        table: *const Entry,
    ) -> Option<(BlockFn, usize)> {
        let insns: Box<[Insn]> = slots.iter().map(|s| s.insn).collect();
        let mut chains: Box<[Chain]> = (0..translate::chains(slots))
            .map(|_| Chain {
                code: core::ptr::null(),
                len: 0,
            })
            .collect();
        self.ctx.clear();
        self.ctx.func.signature = translate::signature();
        translate::emit(
            &mut self.ctx.func,
            &mut self.fctx,
            slots,
            insns.as_ptr(),
            chains.as_mut_ptr(),
            off,
            table,
            self.isa.default_call_conv(),
        );
        let before = self.arena.used;
        let p = self.finish()?;
        self.blocks.push((insns, chains));
        Some((p, self.arena.used - before))
    }
}

pub struct Cache {
    compiler: Option<Compiler>,
    hot: u16,
    tables: Vec<Option<Table>>,
    /// Bytes of generated code since the last flush.
    pub code_bytes: usize,
    /// Blocks compiled, flushes of everything, pages invalidated.
    pub compiled: u64,
    pub flushes: u64,
    pub invalidated: u64,
    /// Changes whenever translations are dropped (a chain cell seen before
    /// may be gone).
    pub epoch: u64,
}

impl Drop for Cache {
    fn drop(&mut self) {
        log::debug!(
            "jit: {} blocks compiled, {} bytes of code, {} flushes, {} pages invalidated",
            self.compiled,
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
            compiler: None,
            hot: hot_threshold(),
            tables: (0..ram_pages).map(|_| None).collect(),
            code_bytes: 0,
            compiled: 0,
            flushes: 0,
            invalidated: 0,
            epoch: 0,
        }
    }

    /// The trampoline translated code is entered by (None before the first
    /// block is compiled).
    #[inline]
    pub fn trampoline(&self) -> Option<Trampoline> {
        self.compiler.as_ref().map(|c| c.trampoline)
    }

    /// Forget the translations of RAM page `page`.
    pub fn invalidate(&mut self, page: usize) {
        if let Some(t) = self.tables.get_mut(page) {
            if t.take().is_some() {
                self.invalidated += 1;
                self.epoch += 1;
            }
        }
    }

    /// Drop everything, generated code included. Only between blocks.
    fn flush(&mut self) {
        for t in &mut self.tables {
            *t = None;
        }
        // No translated code is running (we are between blocks) and every
        // pointer to it was in the tables just cleared.
        if let Some(c) = self.compiler.as_mut() {
            c.clear();
        }
        self.code_bytes = 0;
        self.flushes += 1;
        self.epoch += 1;
    }

    /// The action for the block at byte `off` of RAM page `page`, whose
    /// bytes are `bytes`.
    #[inline]
    pub fn lookup(&mut self, page: usize, off: usize, bytes: &[u8]) -> Action {
        let table = self.tables[page].get_or_insert_with(|| Box::new([Entry::default(); SLOTS]));
        let e = &mut table[off >> 1];
        if let Some(f) = e.code {
            return Action::Run(f.as_ptr(), e.len as u64);
        }
        if e.heat == u16::MAX {
            return Action::Interpret(e.len as u64);
        }
        if e.len == 0 {
            let slots = translate::scan(bytes, off);
            if slots.is_empty() {
                e.len = 1;
                e.heat = u16::MAX;
                return Action::Interpret(1);
            }
            e.len = slots.len() as u16;
        }
        e.heat += 1;
        if e.heat < self.hot {
            return Action::Interpret(e.len as u64);
        }
        self.build(page, off, bytes)
    }

    #[cold]
    fn build(&mut self, page: usize, off: usize, bytes: &[u8]) -> Action {
        if self.code_bytes > CODE_LIMIT - (1 << 20) {
            self.flush();
        }
        let slots = translate::scan(bytes, off);
        if self.compiler.is_none() {
            self.compiler = Compiler::new();
        }
        let Some(compiler) = self.compiler.as_mut() else {
            return self.decline(page, off);
        };
        let table = self.tables[page].get_or_insert_with(|| Box::new([Entry::default(); SLOTS]));
        let table_at = table.as_ptr();
        let e = &mut table[off >> 1];
        e.len = slots.len() as u16;
        match compiler.compile(&slots, off, table_at) {
            Some((f, size)) => {
                e.code = core::ptr::NonNull::new(f as *mut u8);
                self.code_bytes += size;
                self.compiled += 1;
                Action::Run(f, e.len as u64)
            }
            None => self.decline(page, off),
        }
    }

    /// Leave the block at `off` of `page` to the interpreter for good.
    fn decline(&mut self, page: usize, off: usize) -> Action {
        let e = &mut self.tables[page].as_mut().expect("looked up")[off >> 1];
        e.heat = u16::MAX;
        Action::Interpret(e.len.max(1) as u64)
    }
}
