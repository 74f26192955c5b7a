//! Chaining across pages: a block whose exit leaves its page (a call, a
//! return, a jump to another function) jumps straight to the translated
//! block there, through one shared stub, instead of returning to the
//! dispatcher.
//!
//! Only while no PMP check applies to fetches (kept by [`sync`] in
//! `Far::ok` and `Far::sv39`), and never to a page holding a halt point:
//! under Sv39 the mirror's fetch copies exclude their pages; where fetches
//! are not translated the stub looks the page up in `Far::halt_pages`
//! while halt points are set (`Far::ok` = 2). Making the new page
//! current is then what `Cpu::refill_fetch` would do, which the stub does
//! itself (it writes the `FetchState`):
//! - where fetches are not translated (M-mode, or `satp` Bare), a change
//!   of fetch page has no effect on any counter: the page is the physical
//!   one;
//! - under Sv39 the first fetch from the page is an iTLB access: the stub
//!   finds the translation in the mirror's fetch table (`mirror`), checks
//!   that its iTLB slot still has the version it had when copied (so the
//!   model would hit on it, with the same permissions), and does what the
//!   model's hit does (the iTLB's tick advances and stamps the slot; the
//!   hit is counted by the dispatcher with the block's other fetches, as
//!   it counts every fetch from the current page). Without a copy, the
//!   block returns and the dispatcher makes the change through the MMU.
//!
//! The stub jumps only to a block whose page still has its decoded
//! instructions (`icache`) and its translations (`cache` table): both are
//! dropped together by a store into the page, and such a store ends the
//! running block (`mem_access::flagged_store`), so the dispatcher has
//! dropped a changed page's translations before any translated code runs
//! again. And, as every link, only if the block fits before the
//! instruction limit.

use super::super::execute::FetchState;
use super::super::{Cpu, Privilege};
use super::helpers;
use super::translate::signature;
use super::JitState;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{Function, InstBuilder, MemFlagsData, Value};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

/// What the stub reads: whether it may chain, and where the pages are.
#[repr(C)]
pub struct Far {
    /// Non-zero while a change of fetch page counts nothing (see the
    /// module): 1, or 2 when halt points are set (then the stub does not
    /// enter a RAM page marked in `halt_pages`).
    pub ok: u64,
    /// 1 while fetches are translated (Sv39) and need no other check: a
    /// change of page is an iTLB access the stub may do from the mirror.
    pub sv39: u64,
    pub ram_base: u64,
    pub ram_pages: u64,
    /// The translation cache's per-page tables (`Option<Box<[Entry]>>`,
    /// null when the page has none) of the set that applies now, and both
    /// sets (`cache::Cache::key`).
    pub tables: usize,
    pub table_sets: [usize; 2],
    /// The instruction cache's per-page slot arrays (null when dropped).
    pub icache: usize,
    /// `halt_map`'s bytes, read while `ok` is 2.
    pub halt_pages: usize,
    /// One byte per RAM page, 1 where a halt point's pc is that page's
    /// physical address (as where fetches are not translated); allocated
    /// when halt points are first set (`set_halt_pages`).
    halt_map: Vec<u8>,
    /// The pages marked in `halt_map`.
    marked: Vec<usize>,
}

impl Default for Far {
    fn default() -> Self {
        Far {
            ok: 0,
            sv39: 0,
            ram_base: crate::memory::RAM_BASE,
            ram_pages: 0,
            tables: 0,
            table_sets: [0; 2],
            icache: 0,
            halt_pages: 0,
            halt_map: Vec::new(),
            marked: Vec::new(),
        }
    }
}

impl Far {
    /// Mark the RAM pages of halt points `pcs` (and only those), for a RAM
    /// of `ram_pages` pages. (A debugger sets them at every resume: this
    /// clears only what it marked.)
    pub fn set_halt_pages(&mut self, pcs: &[u64], ram_pages: usize) {
        for page in self.marked.drain(..) {
            self.halt_map[page] = 0;
        }
        if pcs.is_empty() {
            return;
        }
        if self.halt_map.len() != ram_pages {
            self.halt_map = vec![0; ram_pages];
            self.halt_pages = self.halt_map.as_ptr() as usize;
        }
        for pc in pcs {
            let page = (pc.wrapping_sub(self.ram_base) >> 12) as usize;
            if page < ram_pages {
                self.halt_map[page] = 1;
                self.marked.push(page);
            }
        }
    }
}

/// Whether the stub may chain now, and in which set of translations;
/// before translated code runs (after `mirror::sync`), and after a
/// call-out that may have changed privilege, `satp` or PMP.
#[inline(always)]
pub fn sync(cpu: &mut Cpu) {
    let unchecked = !cpu.pmp.needs_check(cpu.prv);
    // With halt points set, the stub looks untranslated pages up in
    // `halt_pages` (2); under Sv39 the mirror's fetch copies exclude halt
    // pages (`Mirrors::drop_fetches`).
    cpu.jit.far.ok = may_chain(cpu) as u64 * (1 + cpu.halt.armed as u64);
    cpu.jit.far.sv39 = (unchecked && !untranslated(cpu)) as u64;
    cpu.jit.far.tables = cpu.jit.far.table_sets[super::mirror::identity(cpu) as usize];
}

/// Whether a change of fetch page counts nothing and needs no check now
/// (`Far::ok` non-zero): then an instruction may straddle into the next
/// page in translated code (a halt point is only ever at an instruction's
/// start, and the block's exit into that page goes through the stub).
#[inline(always)]
pub fn may_chain(cpu: &Cpu) -> bool {
    untranslated(cpu) && !cpu.pmp.needs_check(cpu.prv)
}

/// Whether fetches are not translated (M-mode, or `satp` not Sv39).
#[inline(always)]
fn untranslated(cpu: &Cpu) -> bool {
    cpu.csr.satp >> 60 != 8 || cpu.prv == Privilege::Machine
}

const FAR_OFF: i32 =
    (core::mem::offset_of!(Cpu, jit) + core::mem::offset_of!(JitState, far)) as i32;
/// Where translated code reads `Far::ok`.
pub const OK_OFF: i32 = FAR_OFF + core::mem::offset_of!(Far, ok) as i32;
const FETCH_OFF: i32 = core::mem::offset_of!(Cpu, fetch) as i32;
const INSTRET_OFF: i32 = core::mem::offset_of!(Cpu, instret) as i32;
const BLOCK_END_OFF: i32 = core::mem::offset_of!(Cpu, block_end) as i32;

fn far_field(off: usize) -> i32 {
    FAR_OFF + off as i32
}

fn fetch_field(off: usize) -> i32 {
    FETCH_OFF + off as i32
}

/// The stub, with a block's signature (`(cpu, vpc) -> status`, `translate::BLOCK_CC`):
/// `cpu.pc`/`instret` are already those of `vpc`. Jumps to the block at
/// `vpc`, making its page the fetch page, or returns `CONTINUE`.
pub fn emit_stub(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    target: TargetFrontendConfig,
) {
    use super::mirror;
    use vitrine_mmu::tlb::{RAW_STAMP_OFFSET, RAW_VERSION_OFFSET};
    let fl = MemFlagsData::trusted();
    let (mut b, p) = super::translate::begin(func, fctx);
    let out = b.create_block();
    let (cpu, vpc) = (p[0], p[1]);
    let field =
        |b: &mut FunctionBuilder<'_>, off: usize| b.ins().load(I64, fl, cpu, far_field(off));
    let ok = field(&mut b, core::mem::offset_of!(Far, ok));
    let (physical, virt) = (b.create_block(), b.create_block());
    b.ins().brif(ok, physical, &[], virt, &[]);

    // Fetches not translated: the RAM page of `vpc` itself.
    b.switch_to_block(physical);
    b.seal_block(physical);
    let base = field(&mut b, core::mem::offset_of!(Far, ram_base));
    let pages = field(&mut b, core::mem::offset_of!(Far, ram_pages));
    let off = b.ins().isub(vpc, base);
    let page = b.ins().ushr_imm_s(off, 12);
    let inside = b.ins().icmp(IntCC::UnsignedLessThan, page, pages);
    next(&mut b, inside, out);
    // With halt points set, not into a page holding one.
    let (halts, clear) = (b.create_block(), b.create_block());
    let plain = b.ins().icmp_imm_s(IntCC::Equal, ok, 1);
    b.ins().brif(plain, clear, &[], halts, &[]);
    super::translate::enter_cold(&mut b, halts);
    let map = field(&mut b, core::mem::offset_of!(Far, halt_pages));
    let at = b.ins().iadd(map, page);
    let marked = b.ins().uload8(I32, fl, at, 0);
    b.ins().brif(marked, out, &[], clear, &[]);
    b.switch_to_block(clear);
    b.seal_block(clear);
    enter(&mut b, cpu, vpc, page, None, out);

    // Sv39: the mirror's copy of the iTLB translation of `vpc`'s page.
    b.switch_to_block(virt);
    b.seal_block(virt);
    let sv39 = field(&mut b, core::mem::offset_of!(Far, sv39));
    next(&mut b, sv39, out);
    let m = b.ins().load(I64, fl, cpu, super::translate::MIRROR_OFF);
    let vpn = b.ins().ushr_imm_s(vpc, 12);
    let idx = b.ins().band_imm_s(vpn, (mirror::FETCH_SIZE - 1) as i64);
    let at = b.ins().ishl_imm_s(idx, 5);
    let e = b.ins().iadd(m, at);
    let tag = b
        .ins()
        .load(I64, fl, e, mirror::OFF_FETCHES + mirror::F_TAG);
    let same = b.ins().icmp(IntCC::Equal, tag, vpn);
    next(&mut b, same, out);
    let slot = b
        .ins()
        .load(I64, fl, e, mirror::OFF_FETCHES + mirror::F_SLOT);
    let version = b
        .ins()
        .uload32(fl, e, mirror::OFF_FETCHES + mirror::F_VERSION);
    let now = b.ins().uload32(fl, slot, RAW_VERSION_OFFSET as i32);
    let unchanged = b.ins().icmp(IntCC::Equal, now, version);
    next(&mut b, unchanged, out);
    let page = b.ins().uload32(fl, e, mirror::OFF_FETCHES + mirror::F_PAGE);
    // The model's hit, done only once the jump is certain (otherwise the
    // dispatcher's own access does it).
    let hit = |b: &mut FunctionBuilder<'_>| {
        let t = b.ins().load(I64, fl, cpu, super::translate::ITLB_TICK_OFF);
        let t = b.ins().iadd_imm_s(t, 1);
        b.ins().store(fl, t, cpu, super::translate::ITLB_TICK_OFF);
        b.ins().store(fl, t, slot, RAW_STAMP_OFFSET as i32);
    };
    enter(&mut b, cpu, vpc, page, Some(&hit), out);

    super::translate::enter_cold(&mut b, out);
    let st = b.ins().iconst(I32, helpers::CONTINUE as i64);
    b.ins().return_(&[st]);
    b.finalize(target);
}

/// Go on if `go` is non-zero, else to `out`.
fn next(b: &mut FunctionBuilder<'_>, go: Value, out: cranelift_codegen::ir::Block) {
    let blk = b.create_block();
    b.ins().brif(go, blk, &[], out, &[]);
    b.switch_to_block(blk);
    b.seal_block(blk);
}

/// The stub's end, for RAM page `page`: jump to the block at `vpc` if the
/// page still has its translations and decoded instructions, the block is
/// translated and fits before the instruction limit, making the page the
/// fetch page (translated if `hit`, which does the iTLB's hit first).
fn enter(
    b: &mut FunctionBuilder<'_>,
    cpu: Value,
    vpc: Value,
    page: Value,
    hit: Option<&dyn Fn(&mut FunctionBuilder<'_>)>,
    out: cranelift_codegen::ir::Block,
) {
    use super::cache::{Entry, SLOTS};
    let fl = MemFlagsData::trusted();
    // The page's translations and decoded instructions: a pointer per
    // RAM page in each array, null when there are none.
    let at = b.ins().ishl_imm_s(page, 3);
    let per_page = |b: &mut FunctionBuilder<'_>, array: usize| {
        let base = b.ins().load(I64, fl, cpu, far_field(array));
        let p = b.ins().iadd(base, at);
        let v = b.ins().load(I64, fl, p, 0);
        next(b, v, out);
        v
    };
    let table = per_page(b, core::mem::offset_of!(Far, tables));
    let slots = per_page(b, core::mem::offset_of!(Far, icache));
    let half = b.ins().ushr_imm_s(vpc, 1);
    let idx = b.ins().band_imm_s(half, (SLOTS - 1) as i64);
    let e = b
        .ins()
        .imul_imm_s(idx, core::mem::size_of::<Entry>() as i64);
    let e = b.ins().iadd(table, e);
    let code = b
        .ins()
        .load(I64, fl, e, core::mem::offset_of!(Entry, code) as i32);
    next(b, code, out);
    let len = b
        .ins()
        .uload16(I64, fl, e, core::mem::offset_of!(Entry, len) as i32);
    let now = b.ins().load(I64, fl, cpu, INSTRET_OFF);
    let end = b.ins().load(I64, fl, cpu, BLOCK_END_OFF);
    let after = b.ins().iadd(now, len);
    let fits = b.ins().icmp(IntCC::UnsignedLessThanOrEqual, after, end);
    next(b, fits, out);
    if let Some(hit) = hit {
        hit(b);
    }
    // The new fetch page, as `refill_fetch` would leave it.
    let vbase = b.ins().band_imm_s(vpc, !0xfff);
    let translated = b.ins().iconst(I64, hit.is_some() as i64);
    for (field, v) in [
        (core::mem::offset_of!(FetchState, vbase), vbase),
        (core::mem::offset_of!(FetchState, slots), slots),
        (core::mem::offset_of!(FetchState, ram_page), page),
        (core::mem::offset_of!(FetchState, translated), translated),
    ] {
        b.ins().store(fl, v, cpu, fetch_field(field));
    }
    let sig = b.import_signature(signature());
    b.ins().return_call_indirect(sig, code, &[cpu, vpc]);
}
