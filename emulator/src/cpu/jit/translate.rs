//! RISC-V block -> Cranelift IR.
//!
//! A block is a straight run of instructions from one RAM page ([`scan`]):
//! a conditional branch inside it is a side exit (taken: leave, or jump
//! when it goes to a block of the same region, `region`; not taken: go
//! on), so a pass retires a prefix of the block and the instruction count
//! at each instruction is a constant. A function is a region: the entry's
//! block, and the blocks of a loop through it. It ends after a jump, at the end of the page, before a 32-bit
//! instruction that straddles the page, after an instruction that always
//! traps or changes privilege, or at [`MAX_INSNS`]. Its code depends only
//! on the instruction bytes, not on the virtual address, privilege or
//! translation mode it runs under: the virtual `pc` of the block's first
//! instruction is an argument (so `auipc`, `jal`, branch targets are
//! computed from it), and everything that depends on the hart's state
//! (translation, PMP, MPRV, MMIO, CSRs) happens in call-outs at run time.
//!
//! Integer computation, branches and jumps (RV64I and M) are native IR on
//! guest registers held in Cranelift variables (loaded from `Cpu::x` on
//! entry, written back at every exit). Loads and stores are inline over the
//! data TLB's mirror (`mirror`) and call out to `helpers` (the
//! interpreter's `mem_access` path) when it misses. Every other instruction
//! calls its interpreter handler through `helpers::exec`, with the
//! registers written back before and reloaded after.
//!
//! Function signature: `extern "C" fn(cpu: *mut Cpu, vpc: u64) -> u32`.
//! On return `cpu.pc` and `cpu.instret` are those of the next instruction
//! to run, or of the faulting instruction when it returns `helpers::TRAP`.

use super::super::csr::{Csrs, MSTATUS_FS, MSTATUS_SD};
use super::super::decode::{decode, lookup32};
use super::super::{Cpu, Insn};
use super::cache::{self, Chain};
use super::helpers;
use super::mirror;
use super::region;
use super::reloc::{self, Base};
use super::JitState;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{I32, I64};
use cranelift_codegen::ir::{
    AbiParam, Block, ExtFuncData, ExternalName, Function, GlobalValueData, InstBuilder,
    InstructionData, MemFlagsData, Opcode, SigRef, Signature, Type, Value, ValueDef,
};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use vitrine_mmu::tlb::{RAW_STAMP_OFFSET, RAW_VERSION_OFFSET};

/// The longest block: the dispatcher runs a block only if it fits before the
/// current instruction limit, so shorter blocks leave less to the interpreter
/// near a timer deadline.
pub const MAX_INSNS: usize = 32;

/// One instruction of a block: its byte offset in the page, and its decoding.
#[derive(Clone, Copy)]
pub struct Slot {
    pub off: u16,
    pub insn: Insn,
    pub kind: Kind,
}

/// Where a Zicsr instruction on a trap-handling CSR (`sscratch`, `sepc`,
/// `scause`, `stval`, `stvec`) keeps it in the `Cpu`, and the bits a write
/// keeps (`sepc` clears bit 0; 0 for `stvec`, whose write is ignored
/// where its mode would be 2 or 3, `Cpu::write_tvec`): a kernel reads and
/// writes them on every trap. Accessing them has no effect besides the value, as in
/// `Cpu::csr_read`/`csr_write` (they do not end a block, nor change
/// interrupts, translation or the mirror), so translated code does it
/// inline; only the privilege is checked (`Emit::plain_csr`). None for
/// every other instruction.
pub fn plain_csr(raw: u32) -> Option<(i32, u64)> {
    use super::super::csr::addr::{SCAUSE, SEPC, SSCRATCH, STVAL, STVEC};
    let funct3 = (raw >> 12) & 7;
    if raw & 0x7f != 0x73 || funct3 == 0 || funct3 == 4 {
        return None;
    }
    let field = |off: usize| (core::mem::offset_of!(Cpu, csr) + off) as i32;
    Some(match (raw >> 20) as u16 {
        SSCRATCH => (field(core::mem::offset_of!(Csrs, sscratch)), !0),
        SEPC => (field(core::mem::offset_of!(Csrs, sepc)), !1),
        SCAUSE => (field(core::mem::offset_of!(Csrs, scause)), !0),
        STVAL => (field(core::mem::offset_of!(Csrs, stval)), !0),
        STVEC => (field(core::mem::offset_of!(Csrs, stvec)), 0),
        _ => return None,
    })
}

/// The CSR of a Zicsr instruction on the FP status (`fflags`, `frm`,
/// `fcsr`): a kernel saves and restores `fcsr` on every trap. Translated
/// code does it inline once `mstatus.FS` is on (`Emit::fp_csr`), as
/// `Cpu::csr_read`/`csr_write` do: nothing else changes.
pub fn fp_csr(raw: u32) -> Option<u16> {
    use super::super::csr::addr::{FCSR, FFLAGS, FRM};
    let funct3 = (raw >> 12) & 7;
    let csr = (raw >> 20) as u16;
    (raw & 0x7f == 0x73 && funct3 != 0 && funct3 != 4 && matches!(csr, FFLAGS | FRM | FCSR))
        .then_some(csr)
}

/// Whether `raw` only reads the `time` CSR (`rdtime`: `csrrs`/`csrrc`
/// with `x0`, or their immediate forms with 0), which a kernel does on
/// every switch (its scheduler's clock). Translated code computes it from
/// the deterministic clock as `Cpu::csr_read` does (`Emit::read_time`).
pub fn reads_time(raw: u32) -> bool {
    let funct3 = (raw >> 12) & 7;
    raw & 0x7f == 0x73
        && (raw >> 20) as u16 == super::super::csr::addr::TIME
        && matches!(funct3, 2 | 3 | 6 | 7)
        && (raw >> 15) & 31 == 0
}

/// How an instruction is translated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Native(&'static str),
    /// Its interpreter handler, through `helpers::exec`.
    Call,
}

/// What the translated code natively implements, by the decode table's
/// name (and the AMOs, `is_amo`); everything else is a call to its
/// handler.
const NATIVE: &[&str] = &[
    "lui", "auipc", "jal", "jalr", "beq", "bne", "blt", "bge", "bltu", "bgeu", "lb", "lh", "lw",
    "ld", "lbu", "lhu", "lwu", "sb", "sh", "sw", "sd", "addi", "slti", "sltiu", "xori", "ori",
    "andi", "slli", "srli", "srai", "addiw", "slliw", "srliw", "sraiw", "add", "sub", "sll", "slt",
    "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw", "sllw", "srlw", "sraw", "fence",
    "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu", "mulw", "divw", "divuw",
    "remw", "remuw", "flw", "fld", "fsw", "fsd",
];

/// Instructions after which nothing of the block would run (they always
/// trap or jump through a handler): the scan stops after them.
const STOPS: &[&str] = &["ecall", "ebreak", "mret", "sret", "wfi", "sfence.vma"];

fn classify(insn: &Insn) -> (Kind, Option<&'static str>) {
    match lookup32(insn.raw) {
        // The same handler the interpreter would run: a compressed
        // encoding expands to `raw`, an illegal one has no entry.
        Some(op) if op.exec as usize == insn.exec as usize => {
            if NATIVE.contains(&op.name)
                || is_amo(op.name)
                || plain_csr(insn.raw).is_some()
                || reads_time(insn.raw)
                || fp_csr(insn.raw).is_some()
            {
                (Kind::Native(op.name), Some(op.name))
            } else {
                (Kind::Call, Some(op.name))
            }
        }
        _ => (Kind::Call, None),
    }
}

/// Decode the block starting at byte `off` of the page whose bytes are `page`.
///
/// A 32-bit instruction that straddles the end of the page is a block of
/// its own, and only when `next` (the first halfword of the next RAM page)
/// is given: the caller gives it only where fetches are not translated, so
/// that the next virtual page is the next RAM page and its fetch counts
/// nothing (see `cache::Cache::lookup` for how such a block is dropped
/// when the next page changes, and [`emit`] for when it may run).
pub fn scan(page: &[u8], off: usize, next: Option<u16>) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut at = off;
    while at + 2 <= 0x1000 && out.len() < MAX_INSNS {
        let lo = u16::from_le_bytes([page[at], page[at + 1]]);
        let hi = if lo & 3 == 3 {
            if at + 4 > 0x1000 {
                // Straddles the page: the interpreter fetches it, unless
                // it starts the block and the next page's half is known.
                match next {
                    Some(hi) if out.is_empty() => {
                        out.push(slot(at, decode(lo, hi)));
                    }
                    _ => {}
                }
                break;
            }
            u16::from_le_bytes([page[at + 2], page[at + 3]])
        } else {
            0
        };
        let insn = decode(lo, hi);
        out.push(slot(at, insn));
        at += insn.len as usize;
        let stop = match classify(&insn) {
            (Kind::Native(n), _) => matches!(n, "jal" | "jalr"),
            (Kind::Call, name) => name.is_none_or(|n| STOPS.contains(&n)),
        };
        if stop {
            break;
        }
    }
    out
}

/// The instructions of `page[start..end]`, a block `scan` found (or the
/// first part of one); None if they do not end exactly at `end`.
pub fn slots_in(page: &[u8], start: usize, end: usize) -> Option<Vec<Slot>> {
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let half = |i: usize| page.get(i..i + 2).map(|h| u16::from_le_bytes([h[0], h[1]]));
        let lo = half(at)?;
        let hi = if lo & 3 == 3 { half(at + 2)? } else { 0 };
        let insn = decode(lo, hi);
        if insn.len == 0 {
            return None;
        }
        out.push(slot(at, insn));
        at += insn.len as usize;
    }
    (at == end).then_some(out)
}

fn slot(at: usize, insn: Insn) -> Slot {
    Slot {
        off: at as u16,
        insn,
        kind: classify(&insn).0,
    }
}

/// Whether the block `slots` is one instruction straddling its page.
pub fn straddles(slots: &[Slot]) -> bool {
    slots
        .first()
        .is_some_and(|s| s.off as usize + s.insn.len as usize > 0x1000)
}

/// The constant `v` is, if an `iconst` defines it.
fn iconst_of(dfg: &cranelift_codegen::ir::DataFlowGraph, v: Value) -> Option<i64> {
    match dfg.value_def(v) {
        ValueDef::Result(inst, _) => match dfg.insts[inst] {
            InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } => Some(imm.bits()),
            _ => None,
        },
        _ => None,
    }
}

/// The function signature of a translated block: `(cpu, vpc) -> status`
/// in [`BLOCK_CC`], so that a block can end by jumping to the next one
/// (`return_call`) without growing the stack.
pub fn signature() -> Signature {
    sig_of(BLOCK_CC, 2, &[I32])
}

/// The convention blocks and the stubs they jump to share. On x86-64,
/// Cranelift's `winch` convention: the host's C convention with no
/// callee-saved registers. In `tail` (the convention Cranelift declares
/// for tail calls) every block saved and restored the callee-saved
/// registers it used (`rbx`, `r12`-`r15`) on each entry and exit, about
/// 12 % of a warm context switch's time in blocks; here none does, and
/// the one caller that returns to Rust, the trampoline, saves them once
/// per dispatch. x86-64's `return_call` emits the same jump for it
/// (Cranelift's verifier, which is off, would ask for `tail`; the
/// equivalence tests run the code). Measured: a warm switch 0.91 of the
/// time, `benchfork exec` 0.93, the kernel's code 13 % smaller.
/// Cranelift's own debug assertions reject a `return_call` outside
/// `tail`: builds that turn them on for Cranelift (the fuzz targets,
/// `fuzz/run.sh`, `--cfg fuzzing`) keep `tail`; the other profiles build
/// Cranelift without them (`Cargo.toml`). Should a Cranelift upgrade
/// stop emitting this jump, the equivalence tests fail: `tail` again.
pub const BLOCK_CC: CallConv = if cfg!(target_arch = "x86_64") && !cfg!(fuzzing) {
    CallConv::Winch
} else {
    CallConv::Tail
};

/// A signature of `params` 64-bit parameters returning `returns`.
pub fn sig_of(call_conv: CallConv, params: usize, returns: &[Type]) -> Signature {
    let mut s = Signature::new(call_conv);
    s.params.resize(params, AbiParam::new(I64));
    s.returns.extend(returns.iter().map(|&t| AbiParam::new(t)));
    s
}

/// Start building `func`: the builder, in the entry block, and the
/// function's parameters.
pub fn begin<'a>(
    func: &'a mut Function,
    fctx: &'a mut FunctionBuilderContext,
) -> (FunctionBuilder<'a>, Vec<Value>) {
    let mut b = FunctionBuilder::new(func, fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let p = b.block_params(entry).to_vec();
    (b, p)
}

/// Go on in `block`, a path the hot code rarely takes (a call-out on a
/// miss, a trap, a return to the dispatcher): Cranelift places cold blocks
/// after the function's hot code, so each load's or store's hit path is
/// one straight run of instructions (kernel code is spread thin, and the
/// host's instruction fetch is a limit there).
pub fn enter_cold(b: &mut FunctionBuilder<'_>, block: Block) {
    b.switch_to_block(block);
    b.seal_block(block);
    b.set_cold_block(block);
}

/// The trampoline's signature, in the host's C convention:
/// `(cpu, vpc, block) -> status` (`cache::Trampoline`).
pub fn trampoline_signature(call_conv: CallConv) -> Signature {
    sig_of(call_conv, 3, &[I32])
}

/// The trampoline: call `block(cpu, vpc)` and return its status.
pub fn emit_trampoline(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    target: TargetFrontendConfig,
) {
    let (mut b, p) = begin(func, fctx);
    let sig = b.import_signature(signature());
    let call = b.ins().call_indirect(sig, p[2], &[p[0], p[1]]);
    let st = b.inst_results(call)[0];
    b.ins().return_(&[st]);
    b.finalize(target);
}

/// A chaining exit's jump's signature: `(cpu, pc, cell) -> status`,
/// [`BLOCK_CC`]. A linked exit jumps to a block, which reads its first two; the
/// link stub (`emit_link_stub`) reads the cell too.
pub fn link_signature() -> Signature {
    sig_of(BLOCK_CC, 3, &[I32])
}

/// Where a chaining exit jumps until the dispatcher links it (`Emit::exit_to`):
/// the block has stored `pc` and `instret`; this leaves the exit's chain
/// cell in `cpu.jit.exit_cell` for the dispatcher to link, and returns.
pub fn emit_link_stub(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    target: TargetFrontendConfig,
) {
    let (mut b, p) = begin(func, fctx);
    let (cpu, cell) = (p[0], p[2]);
    b.ins()
        .store(MemFlagsData::trusted(), cell, cpu, EXIT_CELL_OFF);
    let s = b.ins().iconst(I32, helpers::CONTINUE as i64);
    b.ins().return_(&[s]);
    b.finalize(target);
}

/// A call adapter's signature: `(cpu, args.., f)` in Cranelift's
/// `preserve_all` convention (the callee saves every register it uses).
pub fn adapter_signature(n: usize) -> Signature {
    sig_of(CallConv::PreserveAll, n + 2, &[])
}

/// A call adapter: call the helper `f(cpu, args..)` (host C convention,
/// `helpers::Ret`) and leave its status in `cpu.jit.status`. Its
/// convention saves and restores every register the call clobbers, so a
/// block that calls a helper through it keeps all its values in registers
/// across the call: a load or store that misses the mirror costs the
/// block's hot path nothing but the branch, and nothing needs reading back
/// after it.
pub fn emit_adapter(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    target: TargetFrontendConfig,
    n: usize,
    call_conv: CallConv,
) {
    let (mut b, p) = begin(func, fctx);
    let sig = b.import_signature(sig_of(call_conv, n + 1, &[I64, I64]));
    let call = b.ins().call_indirect(sig, p[n + 1], &p[..n + 1]);
    let st = b.inst_results(call)[0];
    b.ins().store(MemFlagsData::trusted(), st, p[0], STATUS_OFF);
    b.ins().return_(&[]);
    b.finalize(target);
}

const X_OFF: i32 = core::mem::offset_of!(Cpu, x) as i32;
const F_OFF: i32 = core::mem::offset_of!(Cpu, f) as i32;
const MSTATUS_OFF: i32 =
    (core::mem::offset_of!(Cpu, csr) + core::mem::offset_of!(Csrs, mstatus)) as i32;
const PC_OFF: i32 = core::mem::offset_of!(Cpu, pc) as i32;
const PRV_OFF: i32 = core::mem::offset_of!(Cpu, prv) as i32;
const MCOUNTEREN_OFF: i32 =
    (core::mem::offset_of!(Cpu, csr) + core::mem::offset_of!(Csrs, mcounteren)) as i32;
const INSTRET_OFF: i32 = core::mem::offset_of!(Cpu, instret) as i32;
const BLOCK_END_OFF: i32 = core::mem::offset_of!(Cpu, block_end) as i32;
/// The TLBs' ticks and the data TLB's hit count, which translated code
/// advances in place (inline hits, the cross-page stub's iTLB access), at
/// fixed offsets in the hart (`mirror::change_context` checks them).
pub(super) const DTLB_TICK_OFF: i32 =
    (core::mem::offset_of!(Cpu, mmu) + vitrine_mmu::Mmu::DTLB_TICK_OFFSET) as i32;
pub(super) const ITLB_TICK_OFF: i32 =
    (core::mem::offset_of!(Cpu, mmu) + vitrine_mmu::Mmu::ITLB_TICK_OFFSET) as i32;
pub(super) const DTLB_HITS_OFF: i32 = (core::mem::offset_of!(Cpu, mmu)
    + core::mem::offset_of!(vitrine_mmu::Mmu, counters)
    + core::mem::offset_of!(vitrine_mmu::MmuCounters, dtlb)
    + core::mem::offset_of!(vitrine_mmu::TlbCounters, hits))
    as i32;
const STATUS_OFF: i32 =
    (core::mem::offset_of!(Cpu, jit) + core::mem::offset_of!(JitState, status)) as i32;
const RET_OFF: i32 =
    (core::mem::offset_of!(Cpu, jit) + core::mem::offset_of!(JitState, ret)) as i32;
const EXIT_CELL_OFF: i32 =
    (core::mem::offset_of!(Cpu, jit) + core::mem::offset_of!(JitState, exit_cell)) as i32;
pub(super) const MIRROR_OFF: i32 = (core::mem::offset_of!(Cpu, jit)
    + core::mem::offset_of!(JitState, mirror)
    + mirror::OFF_CURRENT) as i32;

struct Emit<'a> {
    b: FunctionBuilder<'a>,
    /// The hart (a call-out returns it again: with everything else read
    /// back after a call, see `after_call`, no value is live across one,
    /// so register allocation never spills the hot path around a cold call).
    cpu: Variable,
    /// The virtual `pc` of the current block's first instruction.
    vpc: Variable,
    /// `instret` at the start of this pass through the current block.
    instret0: Variable,
    /// The region's blocks (`region`): where each starts in the page, its
    /// length, and its IR block. An exit to one of them is a jump.
    members: Vec<Member>,
    /// The block being emitted (where it starts in its page, its
    /// instructions), and the index of its first instruction in the
    /// region's copy (`insns`, `read_after`).
    cur: Member,
    slot0: usize,
    /// The block calls out: guest registers live in `Cpu::x` and are
    /// cached in variables between call-outs only (nothing is live across
    /// a call, which keeps register allocation cheap).
    has_calls: bool,
    vars: [Variable; 32],
    /// Registers whose variable holds the current value.
    valid: u32,
    /// Registers whose variable is newer than `Cpu::x`.
    dirty: u32,
    call_conv: CallConv,
    flags: MemFlagsData,
    /// The region's chain cells, and the blocks' signature (for the jump
    /// to a chained block).
    chains: *mut Chain,
    n_chains: usize,
    next_cell: usize,
    block_sig: SigRef,
    /// The page's table of blocks (a `jalr` within the page looks there).
    table: *const cache::Entry,
    /// The cross-page stub, for exits that leave the page (`far`).
    far: usize,
    /// The call adapters (`emit_adapter`), for 2 and 3 arguments.
    adapters: [usize; 2],
    /// The block's own copy of its instructions (for `helpers::exec`).
    insns: *const Insn,
    /// What the addresses above are relative to in the code (`addr`).
    bases: reloc::Bases,
    /// For blocks with loads or stores: the mirror's address, and the data
    /// TLB's tick and hit count, held in variables for the whole block
    /// (see [`Counts`]).
    counts: Option<Counts>,
    /// Per instruction: the registers read after it (with, in a region
    /// that loops, all its loop reads), which `after_call` reads back.
    read_after: Vec<u32>,
    /// The register state every member starts with: `valid` and `dirty`
    /// (see `emit`).
    start_state: (u32, u32),
}

/// A block of the region being emitted.
#[derive(Clone, Copy)]
struct Member {
    off: i64,
    len: i64,
    block: Block,
}

/// In a block that loads or stores: the mirror, and (where data accesses
/// are translated) the data TLB's tick and hit count, read once on entry,
/// advanced in registers by inline hits, written back at every exit and
/// around every call-out (which reads and advances them in the model
/// itself). That keeps a chain of memory round trips off every access.
/// Without translation (`identity`) the model counts nothing: neither
/// does the inline path.
#[derive(Clone, Copy)]
struct Counts {
    mirror: Variable,
    /// The tick and the hit count.
    lru: Option<(Variable, Variable)>,
}

impl Emit<'_> {
    fn get(&mut self, r: usize) -> Value {
        if r == 0 {
            return self.b.ins().iconst(I64, 0);
        }
        if self.valid & (1 << r) == 0 {
            let cpu = self.cpu();
            let v = self
                .b
                .ins()
                .load(I64, self.flags, cpu, X_OFF + 8 * r as i32);
            self.b.def_var(self.vars[r], v);
            self.valid |= 1 << r;
        }
        self.b.use_var(self.vars[r])
    }
    /// `rs1` and `rs2` at width `ty` (the low 32 bits for a W instruction).
    fn operands(&mut self, rs1: usize, rs2: usize, ty: Type) -> (Value, Value) {
        let (a, b) = (self.get(rs1), self.get(rs2));
        if ty == I32 {
            (self.b.ins().ireduce(I32, a), self.b.ins().ireduce(I32, b))
        } else {
            (a, b)
        }
    }
    /// Write a result of width `ty` to `rd`, sign-extended from 32 bits.
    fn set_sext(&mut self, rd: usize, v: Value, ty: Type) {
        let v = if ty == I32 {
            self.b.ins().sextend(I64, v)
        } else {
            v
        };
        self.set(rd, v);
    }
    fn set(&mut self, r: usize, v: Value) {
        if r != 0 {
            self.b.def_var(self.vars[r], v);
            self.valid |= 1 << r;
            self.dirty |= 1 << r;
        }
    }
    /// Store the dirty registers (the masks are the caller's business).
    fn store_dirty(&mut self) {
        self.store_dirty_regs();
        self.store_counts();
    }
    fn store_dirty_regs(&mut self) {
        for r in 1..32 {
            if self.dirty & (1 << r) != 0 {
                let v = self.b.use_var(self.vars[r]);
                let cpu = self.cpu();
                self.b.ins().store(self.flags, v, cpu, X_OFF + 8 * r as i32);
            }
        }
    }
    fn store_counts(&mut self) {
        if let Some(Counts {
            lru: Some((tick, hits)),
            ..
        }) = self.counts
        {
            let cpu = self.cpu();
            let t = self.b.use_var(tick);
            self.b.ins().store(self.flags, t, cpu, DTLB_TICK_OFF);
            let h = self.b.use_var(hits);
            self.b.ins().store(self.flags, h, cpu, DTLB_HITS_OFF);
        }
    }
    /// After a call-out that returned to the block: the tick and hit count
    /// as the model left them.
    fn reload_counts(&mut self) {
        if let Some(c) = self.counts {
            let cpu = self.cpu();
            let m = self.b.ins().load(I64, self.flags, cpu, MIRROR_OFF);
            self.b.def_var(c.mirror, m);
            if let Some((tick, hits)) = c.lru {
                let t = self.b.ins().load(I64, self.flags, cpu, DTLB_TICK_OFF);
                self.b.def_var(tick, t);
                let h = self.b.ins().load(I64, self.flags, cpu, DTLB_HITS_OFF);
                self.b.def_var(hits, h);
            }
        }
    }
    /// After a call-out for instruction `k` at `rel` that returned to the
    /// block (CONTINUE: `cpu.pc`/`instret` are still what `sync_for_call`
    /// stored, the registers what was written back): every value the
    /// block keeps in a register is read again from the `Cpu`, so none is
    /// live across the call.
    fn after_call(&mut self, k: i64, rel: i64) {
        let cpu = self.cpu();
        let pc = self.b.ins().load(I64, self.flags, cpu, PC_OFF);
        let vpc = self.add_imm(pc, -rel);
        self.b.def_var(self.vpc, vpc);
        let n = self.b.ins().load(I64, self.flags, cpu, INSTRET_OFF);
        let i0 = self.add_imm(n, -k);
        self.b.def_var(self.instret0, i0);
        self.reload_counts();
        // What is read later, and what must still be stored at an exit;
        // the rest is read from memory again if it is used after all.
        self.valid &= self.dirty | self.read_after[self.slot0 + k as usize];
        for r in 1..32 {
            if self.valid & (1 << r) != 0 {
                let v = self
                    .b
                    .ins()
                    .load(I64, self.flags, cpu, X_OFF + 8 * r as i32);
                self.b.def_var(self.vars[r], v);
            }
        }
    }
    /// `v + imm`, folded at translation time where it is `v` or a
    /// constant (Cranelift's optimiser, which would fold it, is off).
    fn add_imm(&mut self, v: Value, imm: i64) -> Value {
        if imm == 0 {
            return v;
        }
        let dfg = &self.b.func.dfg;
        if let Some(c) = iconst_of(dfg, v) {
            return self.b.ins().iconst(I64, c.wrapping_add(imm));
        }
        if let ValueDef::Result(inst, _) = dfg.value_def(v) {
            // `(x + a) + imm` as `x + (a + imm)`: one host `lea` (at
            // `opt_level` none Cranelift does not fold it; a load's or
            // store's last byte is its address plus size - 1).
            if let InstructionData::Binary {
                opcode: Opcode::Iadd,
                args: [x, a],
            } = dfg.insts[inst]
            {
                if let Some(a) = iconst_of(dfg, a) {
                    return self.b.ins().iadd_imm_s(x, a.wrapping_add(imm));
                }
            }
        }
        self.b.ins().iadd_imm_s(v, imm)
    }
    fn pc_at(&mut self, rel: i64) -> Value {
        let vpc = self.b.use_var(self.vpc);
        self.add_imm(vpc, rel)
    }
    fn instret_at(&mut self, retired: i64) -> Value {
        let i0 = self.b.use_var(self.instret0);
        self.add_imm(i0, retired)
    }
    fn store_state(&mut self, pc: Option<Value>, retired: i64) {
        if let Some(pc) = pc {
            let cpu = self.cpu();
            self.b.ins().store(self.flags, pc, cpu, PC_OFF);
        }
        let n = self.instret_at(retired);
        let cpu = self.cpu();
        self.b.ins().store(self.flags, n, cpu, INSTRET_OFF);
    }
    /// Leave the block here: dirty registers, `pc` and `instret` stored.
    fn exit(&mut self, pc: Option<Value>, retired: i64, status: u32) {
        self.store_dirty();
        self.store_state(pc, retired);
        let s = self.b.ins().iconst(I32, status as i64);
        self.b.ins().return_(&[s]);
    }
    /// Call `f(cpu, args...) -> u32` at its host address.
    fn call(&mut self, f: usize, args: &[Value]) -> Value {
        let sref = self
            .b
            .import_signature(sig_of(self.call_conv, 1 + args.len(), &[I64, I64]));
        let fp = self.addr(Base::Image, f);
        let mut all = vec![self.cpu()];
        all.extend_from_slice(args);
        let call = self.b.ins().call_indirect(sref, fp, &all);
        let (st, cpu) = (self.b.inst_results(call)[0], self.b.inst_results(call)[1]);
        self.b.def_var(self.cpu, cpu);
        self.b.ins().ireduce(I32, st)
    }
    /// Call `f(cpu, args...)` through the adapter for its arity
    /// (`emit_adapter`): no register is clobbered, so nothing is written
    /// back or read again around it but what the helper itself reads or
    /// changes. Returns the status (32 bits).
    fn call_preserving(&mut self, f: usize, args: &[Value]) -> Value {
        let n = args.len();
        let sref = self.b.import_signature(adapter_signature(n));
        let adapter = self.addr(Base::Arena, self.adapters[n - 2]);
        let fp = self.addr(Base::Image, f);
        let mut all = vec![self.cpu()];
        all.extend_from_slice(args);
        all.push(fp);
        self.b.ins().call_indirect(sref, adapter, &all);
        let cpu = self.cpu();
        self.b.ins().load(I32, self.flags, cpu, STATUS_OFF)
    }
    fn cpu(&mut self) -> Value {
        self.b.use_var(self.cpu)
    }

    /// The host address `value`, relative to `base`: a symbol whose
    /// relocation the cache fills in at install (`reloc`), so that the code
    /// can serve again wherever those bases are.
    fn addr(&mut self, base: Base, value: usize) -> Value {
        let name = reloc::name(self.b.func, base);
        let offset = (value as i64).wrapping_sub(self.bases.of(base) as i64);
        let gv = self.b.create_global_value(GlobalValueData::Symbol {
            name,
            offset: offset.into(),
            colocated: false,
            tls: false,
        });
        self.b.ins().symbol_value(I64, gv)
    }

    /// The address of the region's instruction `k` of the current block
    /// (in its copy, for `helpers::exec`).
    fn insn_ptr(&mut self, k: i64) -> Value {
        let at = self.insns.wrapping_add(self.slot0 + k as usize) as usize;
        self.addr(Base::Insns, at)
    }
    /// After a call-out: on TRAP or END (the helper has then finished the
    /// instruction's bookkeeping itself, see `helpers`) return the status at
    /// once, else go on.
    fn check(&mut self, status: Value) {
        self.check_or_jump(status, false);
    }
    /// `check` after a SYSTEM instruction's call-out, which may also return
    /// `JUMP`: go on at `cpu.pc` through the cross-page stub.
    fn check_system(&mut self, status: Value) {
        self.check_or_jump(status, true);
    }
    fn check_or_jump(&mut self, status: Value, may_jump: bool) {
        let cont = self.b.create_block();
        let out = self.b.create_block();
        self.b.ins().brif(status, out, &[], cont, &[]);
        if may_jump {
            self.b.switch_to_block(out);
            self.b.seal_block(out);
            let (jump, ret) = (self.b.create_block(), self.b.create_block());
            let is_jump = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, status, helpers::JUMP as i64);
            self.b.ins().brif(is_jump, jump, &[], ret, &[]);
            self.b.switch_to_block(jump);
            self.b.seal_block(jump);
            let cpu = self.cpu();
            let pc = self.b.ins().load(I64, self.flags, cpu, PC_OFF);
            self.to_far_stub(pc);
            self.b.switch_to_block(ret);
            self.b.seal_block(ret);
        } else {
            // A trap or the end of the block.
            enter_cold(&mut self.b, out);
        }
        self.b.ins().return_(&[status]);
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }
    /// The value a load helper left in `cpu.jit.ret`, extended as `name` says.
    fn loaded(&mut self, name: &str) -> Value {
        use cranelift_codegen::ir::types::{I16, I8};
        let cpu = self.cpu();
        let v = self.b.ins().load(I64, self.flags, cpu, RET_OFF);
        let narrow = match name {
            "lb" => I8,
            "lh" => I16,
            "lw" => I32,
            _ => return v,
        };
        let t = self.b.ins().ireduce(narrow, v);
        self.b.ins().sextend(I64, t)
    }
    /// Go on at `pc_rel` (relative to the block's start, a constant) after
    /// `retired` instructions of the block: to a block of the region
    /// (`region`; the block itself when it loops) by a jump while that
    /// block still ends before the instruction limit (`block_end`), exactly
    /// as a chain or the dispatcher would have entered it; anywhere else
    /// through `exit_to`.
    fn goto(&mut self, pc_rel: i64, retired: i64) {
        let target = self.cur.off + pc_rel;
        let Some(m) = self.members.iter().copied().find(|m| m.off == target) else {
            self.exit_to(pc_rel, retired);
            return;
        };
        if self.has_calls {
            // Each block starts with the registers in memory.
            self.store_dirty_regs();
        }
        let dirty = self.dirty;
        let next = self.instret_at(retired);
        let pc = self.pc_at(pc_rel);
        let cpu = self.cpu();
        let end = self.b.ins().load(I64, self.flags, cpu, BLOCK_END_OFF);
        let after = self.b.ins().iadd_imm_s(next, m.len);
        let fits = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, after, end);
        let again = self.b.create_block();
        let out = self.b.create_block();
        self.b.ins().brif(fits, again, &[], out, &[]);
        self.b.switch_to_block(again);
        self.b.seal_block(again);
        self.b.def_var(self.instret0, next);
        self.b.def_var(self.vpc, pc);
        self.b.ins().jump(m.block, &[]);
        enter_cold(&mut self.b, out);
        if self.has_calls {
            self.dirty = 0;
        }
        self.exit(Some(pc), retired, helpers::CONTINUE);
        self.dirty = dirty;
    }
    /// Load (`val` None: returns the value, extended as `name` says) or
    /// store `val` at `va`, for instruction `k` at `rel` (`len` bytes):
    /// inline when the mirror has the page (see `mirror`), else through
    /// the call-out `f`. The call-out leaves the guest registers alone, so
    /// the variables stay valid across it; the dirty ones are stored first
    /// only because a trap or the end of the block leaves from there.
    #[allow(clippy::too_many_arguments)]
    fn mem(
        &mut self,
        name: &'static str,
        va: Value,
        val: Option<Value>,
        f: usize,
        k: i64,
        rel: i64,
        len: i64,
        rd: usize,
    ) -> Option<Value> {
        let amo = is_amo(name);
        let size: i64 = match name {
            "lb" | "lbu" | "sb" => 1,
            "lh" | "lhu" | "sh" => 2,
            "lw" | "lwu" | "sw" | "flw" | "fsw" => 4,
            _ if amo && name.ends_with(".w") => 4,
            _ => 8,
        };
        // (An AMO is a store that also loads: `val` is `rs2`'s value.)
        let store = val.is_some();
        let table = if store {
            mirror::OFF_STORES
        } else {
            mirror::OFF_LOADS
        };
        let fl = self.flags;
        let c = self
            .counts
            .expect("blocks with loads or stores have counts");
        let m = self.b.use_var(c.mirror);
        // A load without translation needs no copy: it is inline wherever
        // the mirror would copy it (`mirror::copy`: RAM, within one page,
        // copies allowed), a range check off the load's own dependency
        // chain (a pointer chase pays one memory access, not three).
        let ram = !store && c.lru.is_none();
        let (ok, e) = if ram {
            let limit = self.b.ins().load(I64, fl, m, mirror::OFF_RAM_LIMIT);
            let off = self.add_imm(va, -(crate::memory::RAM_BASE as i64));
            let in_ram = self.b.ins().icmp(IntCC::UnsignedLessThan, off, limit);
            let in_page = self.b.ins().band_imm_s(va, 0xfff);
            let in_page =
                self.b
                    .ins()
                    .icmp_imm_s(IntCC::UnsignedLessThanOrEqual, in_page, 0x1000 - size);
            (self.b.ins().band(in_ram, in_page), m)
        } else {
            // Indexed by the first byte's page, compared with the last
            // byte's (as QEMU's soft TLB does): an entry is filed under its
            // own page's index, so a match also says the access stays in
            // the page. (The entry's offset, `(vpn % SIZE) * 32`, in two
            // operations.)
            let shifted = self.b.ins().ushr_imm_s(va, 12 - 5);
            let at = self
                .b
                .ins()
                .band_imm_s(shifted, ((mirror::SIZE - 1) << 5) as i64);
            let e = self.b.ins().iadd(m, at);
            let tag = self.b.ins().load(I64, fl, e, table + mirror::E_TAG);
            let last = self.add_imm(va, size - 1);
            let last_vpn = self.b.ins().ushr_imm_s(last, 12);
            let same = self.b.ins().icmp(IntCC::Equal, tag, last_vpn);
            if amo {
                // A misaligned AMO traps: the handler's business.
                let low = self.b.ins().band_imm_s(va, size - 1);
                let aligned = self.b.ins().icmp_imm_s(IntCC::Equal, low, 0);
                (self.b.ins().band(same, aligned), e)
            } else {
                (same, e)
            }
        };
        let hit = self.b.create_block();
        let slow = self.b.create_block();
        let join = self.b.create_block();
        let result = (!store || amo).then(|| self.b.append_block_param(join, I64));
        // Where data accesses are translated, the TLB slot must also be
        // unchanged; elsewhere the tag says it all.
        let check = if c.lru.is_some() {
            self.b.create_block()
        } else {
            hit
        };
        self.b.ins().brif(ok, check, &[], slow, &[]);
        if c.lru.is_some() {
            self.b.switch_to_block(check);
            self.b.seal_block(check);
        }
        let ent = c.lru.map(|_| {
            let ent = self.b.ins().load(I64, fl, e, table + mirror::E_SLOT);
            let version = self.b.ins().uload32(fl, e, table + mirror::E_VERSION);
            let now = self.b.ins().uload32(fl, ent, RAW_VERSION_OFFSET as i32);
            (ent, self.b.ins().icmp(IntCC::Equal, now, version))
        });
        // (A store's page has no flags: the stores table holds no other.)
        if let Some((_, good)) = ent {
            self.b.ins().brif(good, hit, &[], slow, &[]);
        }

        // A hit, as `Tlb::probe` counts and ages it; then the access.
        self.b.switch_to_block(hit);
        self.b.seal_block(hit);
        if let (Some((tick, hits)), Some((ent, _))) = (c.lru, ent) {
            let t = self.b.use_var(tick);
            let t = self.b.ins().iadd_imm_s(t, 1);
            self.b.def_var(tick, t);
            self.b.ins().store(fl, t, ent, RAW_STAMP_OFFSET as i32);
            let h = self.b.use_var(hits);
            let h = self.b.ins().iadd_imm_s(h, 1);
            self.b.def_var(hits, h);
        }
        let addend = if ram {
            self.b.ins().load(I64, fl, m, mirror::OFF_RAM_ADDEND)
        } else {
            self.b.ins().load(I64, fl, e, table + mirror::E_ADDEND)
        };
        let host = self.b.ins().iadd(va, addend);
        // Guest data may be misaligned (within the page).
        let g = MemFlagsData::new().with_notrap();
        match val {
            // The AMO's read, operation and write, as `Cpu::amo` does them.
            Some(src) if amo => {
                let old = if size == 4 {
                    let old = self.b.ins().load(I32, g, host, 0);
                    let src = self.b.ins().ireduce(I32, src);
                    let new = amo_value(&mut self.b, name, old, src);
                    self.b.ins().store(g, new, host, 0);
                    self.b.ins().sextend(I64, old)
                } else {
                    let old = self.b.ins().load(I64, g, host, 0);
                    let new = amo_value(&mut self.b, name, old, src);
                    self.b.ins().store(g, new, host, 0);
                    old
                };
                self.b.ins().jump(join, &[old.into()]);
            }
            Some(v) => {
                match size {
                    1 => self.b.ins().istore8(g, v, host, 0),
                    2 => self.b.ins().istore16(g, v, host, 0),
                    4 => self.b.ins().istore32(g, v, host, 0),
                    _ => self.b.ins().store(g, v, host, 0),
                };
                self.b.ins().jump(join, &[]);
            }
            None => {
                let v = match name {
                    "lb" => self.b.ins().sload8(I64, g, host, 0),
                    "lbu" => self.b.ins().uload8(I64, g, host, 0),
                    "lh" => self.b.ins().sload16(I64, g, host, 0),
                    "lhu" => self.b.ins().uload16(I64, g, host, 0),
                    "lw" => self.b.ins().sload32(g, host, 0),
                    "lwu" | "flw" => self.b.ins().uload32(g, host, 0),
                    _ => self.b.ins().load(I64, g, host, 0),
                };
                self.b.ins().jump(join, &[v.into()]);
            }
        }

        // Anything else: the interpreter's path. Registers to `Cpu::x`
        // first (a trap or the end of the block from the call-out leaves
        // from there, and an END writes a load's `rd` there); they stay
        // dirty, as the inline path left them. Under Sv39 the call goes
        // through an adapter that clobbers no register
        // (`call_preserving`), so the block goes on afterwards with every
        // value where it was: only the TLB's tick and hit count, which the
        // model itself advanced, are read again.
        enter_cold(&mut self.b, slow);
        self.store_dirty();
        self.sync_for_call(k, rel);
        // Where data accesses are not translated, a miss is rare once the
        // mirror is warm (a first touch, MMIO, a store to a page with
        // code): the call-out finishes the instruction (and fills the
        // mirror), and the block leaves; the interpreter runs the rest of
        // this pass. That keeps the block one straight path with side
        // exits (nothing to merge back after a call), which compiles
        // faster and leaves registers alone.
        let leave = c.lru.is_none();
        let mut desc = helpers::describe(rd, len as u8, name);
        if leave {
            desc |= helpers::FINISH;
        }
        let desc = self.b.ins().iconst(I64, desc as i64);
        let insn = amo.then(|| self.insn_ptr(k));
        let args: &[Value] = match (&val, insn) {
            (Some(_), Some(p)) => &[p, va, desc],
            (Some(v), None) => &[va, *v, desc],
            (None, _) => &[va, desc],
        };
        if !leave {
            // Through the adapter: every value stays in its register.
            let st = self.call_preserving(f, args);
            self.check(st);
            // (Still the slow path, until the join.)
            if let Some(after) = self.b.current_block() {
                self.b.set_cold_block(after);
            }
            self.reload_counts();
            match result {
                Some(_) => {
                    let v = if amo {
                        // The handler wrote `rd`.
                        match rd {
                            0 => self.b.ins().iconst(I64, 0),
                            _ => {
                                let cpu = self.cpu();
                                let at = X_OFF + 8 * rd as i32;
                                self.b.ins().load(I64, self.flags, cpu, at)
                            }
                        }
                    } else {
                        self.loaded(name)
                    };
                    self.b.ins().jump(join, &[v.into()]);
                }
                None => {
                    self.b.ins().jump(join, &[]);
                }
            }
            self.b.switch_to_block(join);
            self.b.seal_block(join);
            return result;
        }
        let st = self.call(f, args);
        {
            let rest = self.cur.len - k - 1;
            let st = if rest == 0 {
                st
            } else {
                let done = self
                    .b
                    .ins()
                    .icmp_imm_s(IntCC::Equal, st, helpers::END as i64);
                let go_on = self
                    .b
                    .ins()
                    .iconst(I32, helpers::INTERPRET as i64 + rest - 1);
                self.b.ins().select(done, go_on, st)
            };
            self.b.ins().return_(&[st]);
            self.b.switch_to_block(join);
            self.b.seal_block(join);
            result
        }
    }

    /// Leave the block for `pc_rel` (relative to its start, a constant)
    /// after `retired` instructions, through the next chain cell when the
    /// target is in the same page: the exit ends in a direct jump
    /// (`reloc::Base::Site`), to the link stub until the dispatcher links
    /// it to the block there (`cache::Chain`). It jumps only while any
    /// block (at most `MAX_INSNS` long) fits before the instruction limit,
    /// so it needs no load of the cell or of the target's length; else it
    /// returns, leaving the cell in `cpu.jit.exit_cell` (the dispatcher
    /// checks the block's own length, and runs it or the interpreter).
    fn exit_to(&mut self, pc_rel: i64, retired: i64) {
        let pc = self.pc_at(pc_rel);
        let target = self.cur.off + pc_rel;
        if !(0..0x1000).contains(&target) {
            self.exit_far(pc, retired);
            return;
        }
        self.store_dirty();
        let cell = self.next_cell;
        assert!(cell < self.n_chains, "chain cells counted by `chains`");
        self.next_cell += 1;
        self.store_state(Some(pc), retired);
        let at = self.addr(Base::Chains, self.chains.wrapping_add(cell) as usize);
        let cpu = self.cpu();
        let end = self.b.ins().load(I64, self.flags, cpu, BLOCK_END_OFF);
        let after = self.instret_at(retired + MAX_INSNS as i64);
        let fits = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, after, end);
        let (go, out) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(fits, go, &[], out, &[]);
        self.b.switch_to_block(go);
        self.b.seal_block(go);
        let name = reloc::site(self.b.func, cell);
        let signature = self.b.import_signature(link_signature());
        self.jump_to(name, signature, &[cpu, pc, at]);
        enter_cold(&mut self.b, out);
        self.b.ins().store(self.flags, at, cpu, EXIT_CELL_OFF);
        let s = self.b.ins().iconst(I32, helpers::CONTINUE as i64);
        self.b.ins().return_(&[s]);
    }

    /// Leave the block for `pc`, in another page, after `retired`
    /// instructions: through the cross-page stub, which jumps to the block
    /// there if it may (`far`) or returns.
    fn exit_far(&mut self, pc: Value, retired: i64) {
        self.store_dirty();
        self.store_state(Some(pc), retired);
        self.to_far_stub(pc);
    }

    /// Jump to the cross-page stub for `pc` (`cpu.pc` and `instret`
    /// stored): directly on x86-64 (`reloc::Base::Near`), else through
    /// its address.
    fn to_far_stub(&mut self, pc: Value) {
        let cpu = self.cpu();
        if reloc::NEAR {
            let name = reloc::near(self.b.func, self.far - self.bases.arena);
            self.jump_to(name, self.block_sig, &[cpu, pc]);
        } else {
            let sig = self.block_sig;
            let stub = self.addr(Base::Arena, self.far);
            self.b.ins().return_call_indirect(sig, stub, &[cpu, pc]);
        }
    }

    /// Jump (a tail call) to the symbol `name`, whose relocation the cache
    /// writes once the code is in place (`reloc::link_sites`): directly
    /// where `reloc::NEAR`.
    fn jump_to(&mut self, name: ExternalName, signature: SigRef, args: &[Value]) {
        let f = self.b.import_function(ExtFuncData {
            name,
            signature,
            colocated: reloc::NEAR,
            patchable: false,
        });
        self.b.ins().return_call(f, args);
    }

    /// Jump to the translated block `code` (0: none) at `pc`, `len`
    /// instructions long, if it ends before the instruction limit after
    /// this block's `retired` instructions; else go on at `out`.
    fn jump_if_fits(&mut self, code: Value, len: Value, retired: i64, pc: Value, out: Block) {
        let linked = self.b.create_block();
        let go = self.b.create_block();
        self.b.ins().brif(code, linked, &[], out, &[]);
        self.b.switch_to_block(linked);
        self.b.seal_block(linked);
        let cpu = self.cpu();
        let end = self.b.ins().load(I64, self.flags, cpu, BLOCK_END_OFF);
        let now = self.instret_at(retired);
        let after = self.b.ins().iadd(now, len);
        let fits = self
            .b
            .ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, after, end);
        self.b.ins().brif(fits, go, &[], out, &[]);
        self.b.switch_to_block(go);
        self.b.seal_block(go);
        let sig = self.block_sig;
        self.b.ins().return_call_indirect(sig, code, &[cpu, pc]);
    }

    /// Leave the block for the computed `target` after `retired`
    /// instructions: if it is in this page and its block is translated and
    /// fits before the instruction limit, jump there; else return.
    fn exit_indirect(&mut self, target: Value, retired: i64) {
        self.store_dirty();
        self.store_state(Some(target), retired);
        let look = self.b.create_block();
        let out = self.b.create_block();
        let start = self.pc_at(0);
        let x = self.b.ins().bxor(target, start);
        let page = self.b.ins().ushr_imm_s(x, 12);
        let far = self.b.create_block();
        self.b.ins().brif(page, far, &[], look, &[]);
        self.b.switch_to_block(far);
        self.b.seal_block(far);
        self.to_far_stub(target);
        self.b.switch_to_block(look);
        self.b.seal_block(look);
        let size = core::mem::size_of::<cache::Entry>() as i64;
        let half = self.b.ins().ushr_imm_s(target, 1);
        let idx = self.b.ins().band_imm_s(half, (cache::SLOTS - 1) as i64);
        let at = self.b.ins().imul_imm_s(idx, size);
        let table = self.addr(Base::Table, self.table as usize);
        let e = self.b.ins().iadd(table, at);
        let code_at = core::mem::offset_of!(cache::Entry, code) as i32;
        let code = self.b.ins().load(I64, self.flags, e, code_at);
        let len_at = core::mem::offset_of!(cache::Entry, len) as i32;
        let len = self.b.ins().uload16(I64, self.flags, e, len_at);
        self.jump_if_fits(code, len, retired, target, out);
        enter_cold(&mut self.b, out);
        let s = self.b.ins().iconst(I32, helpers::CONTINUE as i64);
        self.b.ins().return_(&[s]);
    }

    /// The FP instruction `k` (at `rel`) runs only with `mstatus.FS` on;
    /// otherwise its handler raises the illegal-instruction trap, as the
    /// interpreter's does, and the block returns.
    fn require_fp(&mut self, k: i64, rel: i64) {
        let cpu = self.cpu();
        let ms = self.b.ins().load(I64, self.flags, cpu, MSTATUS_OFF);
        let fs = self.b.ins().band_imm_s(ms, MSTATUS_FS as i64);
        self.else_trap(fs, k, rel);
    }
    /// Go on where `go` is non-zero; elsewhere instruction `k` (at `rel`)
    /// traps: its handler runs and raises it, and the block leaves with
    /// the status.
    fn else_trap(&mut self, go: Value, k: i64, rel: i64) {
        let (on, off) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(go, on, &[], off, &[]);
        enter_cold(&mut self.b, off);
        let st = self.run_handler(k, rel);
        self.b.ins().return_(&[st]);
        self.b.switch_to_block(on);
        self.b.seal_block(on);
    }
    /// Run instruction `k` (at `rel`) by its handler, the block's state
    /// written back first (the variables keep their values): its status.
    fn run_handler(&mut self, k: i64, rel: i64) -> Value {
        self.store_dirty();
        self.sync_for_call(k, rel);
        let p = self.insn_ptr(k);
        self.call(helpers::exec as *const () as usize, &[p])
    }
    /// A Zicsr instruction on a scratch CSR (`plain_csr`), as `zicsr`'s
    /// handler does it: read the old value, write the new one unless a
    /// set or clear has no bits (`x0`, or a zero `uimm`), `rd` = the old
    /// value. These CSRs need S-mode: in U-mode the handler runs and
    /// raises the illegal-instruction trap (`Cpu::csr_read`), and the
    /// block leaves with it.
    fn plain_csr(&mut self, i: &Insn, k: i64, rel: i64) {
        let (off, keep) = plain_csr(i.raw).expect("classified as a plain CSR");
        let cpu = self.cpu();
        let prv = self.b.ins().uload8(I32, self.flags, cpu, PRV_OFF);
        self.else_trap(prv, k, rel);
        let funct3 = (i.raw >> 12) & 7;
        let src = if funct3 >= 5 {
            self.b.ins().iconst(I64, i.rs1 as i64)
        } else {
            self.get(i.rs1())
        };
        let cpu = self.cpu();
        let old = self.b.ins().load(I64, self.flags, cpu, off);
        if funct3 & 3 == 1 || i.rs1 != 0 {
            let new = match funct3 & 3 {
                1 => src,
                2 => self.b.ins().bor(old, src),
                _ => self.b.ins().band_not(old, src),
            };
            let new = match keep {
                u64::MAX => new,
                // `stvec`: MODE 2 and 3 are reserved, the write is dropped.
                0 => {
                    let reserved = self.b.ins().band_imm_s(new, 2);
                    self.b.ins().select(reserved, old, new)
                }
                _ => self.b.ins().band_imm_s(new, keep as i64),
            };
            self.b.ins().store(self.flags, new, cpu, off);
        }
        self.set(i.rd(), old);
    }
    /// A Zicsr instruction on `fflags`, `frm` or `fcsr` (`fp_csr`), after
    /// `require_fp`: the old value to `rd`, and unless a set or clear has
    /// no bits, the new fields and `mstatus.FS` = Dirty.
    fn fp_csr(&mut self, i: &Insn) {
        use super::super::csr::addr::{FCSR, FFLAGS, FRM};
        let csr = fp_csr(i.raw).expect("classified as an FP CSR");
        let field = |off: usize| (core::mem::offset_of!(Cpu, csr) + off) as i32;
        let (fflags_at, frm_at) = (
            field(core::mem::offset_of!(Csrs, fflags)),
            field(core::mem::offset_of!(Csrs, frm)),
        );
        let cpu = self.cpu();
        let fflags = self.b.ins().uload8(I64, self.flags, cpu, fflags_at);
        let frm = self.b.ins().uload8(I64, self.flags, cpu, frm_at);
        let old = match csr {
            FFLAGS => fflags,
            FRM => frm,
            _ => {
                let hi = self.b.ins().ishl_imm_s(frm, 5);
                self.b.ins().bor(hi, fflags)
            }
        };
        let funct3 = (i.raw >> 12) & 7;
        if funct3 & 3 == 1 || i.rs1 != 0 {
            let src = if funct3 >= 5 {
                self.b.ins().iconst(I64, i.rs1 as i64)
            } else {
                self.get(i.rs1())
            };
            let new = match funct3 & 3 {
                1 => src,
                2 => self.b.ins().bor(old, src),
                _ => self.b.ins().band_not(old, src),
            };
            let store8 = |e: &mut Self, v: Value, shift: i64, mask: i64, at: i32| {
                let v = if shift == 0 {
                    v
                } else {
                    e.b.ins().ushr_imm_s(v, shift)
                };
                let v = e.b.ins().band_imm_s(v, mask);
                e.b.ins().istore8(e.flags, v, cpu, at);
            };
            match csr {
                FFLAGS => store8(self, new, 0, 0x1f, fflags_at),
                FRM => store8(self, new, 0, 7, frm_at),
                FCSR => {
                    store8(self, new, 0, 0x1f, fflags_at);
                    store8(self, new, 5, 7, frm_at);
                }
                _ => unreachable!(),
            }
            self.set_fs_dirty();
        }
        self.set(i.rd(), old);
    }
    /// `rdtime` (`reads_time`) in S-mode with `mcounteren.TM` set and a
    /// deterministic clock: `time` at this instruction, as
    /// `Clock::mtime(instret)`. Anywhere else (M- or U-mode, the counter
    /// not enabled, `--realtime`) the handler runs as for any call-out, and
    /// the block goes on with its result (or leaves with its trap).
    fn read_time(&mut self, i: &Insn, k: i64, rel: i64) {
        let clock = |off: usize| (core::mem::offset_of!(Cpu, clock) + off) as i32;
        let cpu = self.cpu();
        let prv = self.b.ins().uload8(I32, self.flags, cpu, PRV_OFF);
        let in_s = self.b.ins().icmp_imm_s(IntCC::Equal, prv, 1);
        let en = self.b.ins().load(I64, self.flags, cpu, MCOUNTEREN_OFF);
        let tm = self.b.ins().ushr_imm_s(en, 1);
        let det = self.b.ins().load(
            I64,
            self.flags,
            cpu,
            clock(crate::clock::Clock::INLINE.deterministic),
        );
        let ok = self.b.ins().band(tm, det);
        let ok = self.b.ins().band_imm_s(ok, 1);
        let in_s = self.b.ins().uextend(I64, in_s);
        let ok = self.b.ins().band(ok, in_s);
        let (fast, slow, join) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        // The handler, which reads `cpu.instret`, writes `rd` and keeps the
        // rest (the mirror and the TLB's counts included).
        enter_cold(&mut self.b, slow);
        let st = self.run_handler(k, rel);
        self.check(st);
        self.reload_counts();
        let cpu = self.cpu();
        let rd = i.rd();
        let v = self
            .b
            .ins()
            .load(I64, self.flags, cpu, X_OFF + 8 * rd as i32);
        self.set(rd, v);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(fast);
        self.b.seal_block(fast);
        let cpu = self.cpu();
        let field = |e: &mut Self, off: usize| e.b.ins().load(I64, e.flags, cpu, clock(off));
        let extra = field(self, crate::clock::Clock::INLINE.extra_cycles);
        let per_tick = field(self, crate::clock::Clock::INLINE.insns_per_tick);
        let offset = field(self, crate::clock::Clock::INLINE.mtime_offset);
        let n = self.instret_at(k);
        let cycles = self.b.ins().iadd(n, extra);
        let ticks = self.b.ins().udiv(cycles, per_tick);
        let v = self.b.ins().iadd(ticks, offset);
        self.set(rd, v);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        self.b.seal_block(join);
    }
    /// `mstatus.FS = Dirty` (and SD), as `Cpu::set_fs_dirty`.
    fn set_fs_dirty(&mut self) {
        let cpu = self.cpu();
        let ms = self.b.ins().load(I64, self.flags, cpu, MSTATUS_OFF);
        let ms = self.b.ins().bor_imm_s(ms, (MSTATUS_FS | MSTATUS_SD) as i64);
        self.b.ins().store(self.flags, ms, cpu, MSTATUS_OFF);
    }

    /// Before a call-out: the state handlers and devices read.
    fn sync_for_call(&mut self, k: i64, rel: i64) {
        let pc = self.pc_at(rel);
        self.store_state(Some(pc), k);
    }
}

fn is_mem(name: &str) -> bool {
    is_amo(name)
        || matches!(
            name,
            "lb" | "lh"
                | "lw"
                | "ld"
                | "lbu"
                | "lhu"
                | "lwu"
                | "sb"
                | "sh"
                | "sw"
                | "sd"
                | "flw"
                | "fld"
                | "fsw"
                | "fsd"
        )
}

/// An atomic memory operation (`lr`/`sc` are not: they call their
/// handlers, for the reservation).
fn is_amo(name: &str) -> bool {
    name.starts_with("amo")
}

/// The value an AMO `name` stores, from the old value and `rs2`'s (both
/// of the AMO's width).
fn amo_value(b: &mut FunctionBuilder<'_>, name: &str, old: Value, src: Value) -> Value {
    match name.split('.').next().expect("an AMO's name") {
        "amoswap" => src,
        "amoadd" => b.ins().iadd(old, src),
        "amoxor" => b.ins().bxor(old, src),
        "amoand" => b.ins().band(old, src),
        "amoor" => b.ins().bor(old, src),
        "amomin" => b.ins().smin(old, src),
        "amomax" => b.ins().smax(old, src),
        "amominu" => b.ins().umin(old, src),
        _ => b.ins().umax(old, src),
    }
}

/// The chain cells block `slots` needs: one per exit to a constant target
/// (each branch's taken side, a `jal`, and the fall-through at the end).
pub fn chains(slots: &[Slot]) -> usize {
    1 + slots.iter().filter(|s| region::direct(s)).count()
}

/// Whether the native instruction `name` writes `rd` (stores and
/// branches have no `rd`: those bits are part of the immediate).
fn writes_rd(name: &str) -> bool {
    !matches!(
        name,
        "sb" | "sh"
            | "sw"
            | "sd"
            | "beq"
            | "bne"
            | "blt"
            | "bge"
            | "bltu"
            | "bgeu"
            | "fence"
            | "flw"
            | "fld"
            | "fsw"
            | "fsd"
    )
}

fn bool64(b: &mut FunctionBuilder, c: Value) -> Value {
    b.ins().uextend(I64, c)
}

/// Emit the IR of the region `runs` (`region::find`: its blocks, the
/// entry first) into `func`. `insns` is the region's own stable copy of
/// its instructions, block after block (handed to `helpers::exec`),
/// `chains` its chain cells; `call_conv` is the host's C convention (for
/// call-outs).
pub fn emit(
    func: &mut Function,
    fctx: &mut FunctionBuilderContext,
    runs: &[Vec<Slot>],
    insns: *const Insn,
    chains: *mut Chain,
    table: *const cache::Entry,
    stubs: super::compiler::Stubs,
    identity: bool,
    call_conv: CallConv,
    target: TargetFrontendConfig,
) {
    let (mut b, p) = begin(func, fctx);
    let (cpu, vpc) = (p[0], p[1]);
    let flags = MemFlagsData::trusted();
    if straddles(&runs[0]) {
        // Its second half is in the next page: only while a change of page
        // counts nothing and needs no check (`far`); else the dispatcher
        // interprets it.
        let ok = b.ins().load(I64, flags, cpu, super::far::OK_OFF);
        let (go, no) = (b.create_block(), b.create_block());
        b.ins().brif(ok, go, &[], no, &[]);
        enter_cold(&mut b, no);
        let st = b.ins().iconst(I32, helpers::INTERPRET as i64);
        b.ins().return_(&[st]);
        b.switch_to_block(go);
        b.seal_block(go);
    }
    let instret_in = b.ins().load(I64, flags, cpu, INSTRET_OFF);

    let all = || runs.iter().flatten();
    let has_calls = all().any(|s| s.kind == Kind::Call);
    let mut vars = [Variable::from_u32(0); 32];
    for v in vars.iter_mut() {
        *v = b.declare_var(I64);
    }
    // The loop part of each block: up to its last jump to a block of the
    // region (all of it when its end falls through into one).
    let starts: Vec<usize> = runs.iter().map(|r| r[0].off as usize).collect();
    let loop_part = |run: &[Slot]| region::loop_part(run, &starts);
    let loops = || runs.iter().flat_map(|r| &r[..loop_part(r)]);
    // Without call-outs to handlers, registers stay in variables for the
    // whole region, across its loops: the registers its loops (up to each
    // block's last jump within the region) use are loaded up front, and
    // every block starts with them; from the second pass on, any register
    // the loops write may be newer than `Cpu::x`: they count as dirty from
    // the start (storing one that is not is harmless). Registers used only
    // after the loops are loaded on first use, so that the loops carry
    // only what they use. With call-outs, every block starts with the
    // registers in memory.
    let mut valid = 0u32;
    let mut dirty = 0u32;
    if !has_calls {
        for s in loops() {
            if let Kind::Native(n) = s.kind {
                if writes_rd(n) {
                    dirty |= 1 << s.insn.rd();
                }
            }
        }
        dirty &= !1;
        for s in loops() {
            let i = &s.insn;
            for r in [i.rs1(), i.rs2(), i.rd()] {
                if r != 0 && valid & (1 << r) == 0 {
                    let x = b.ins().load(I64, flags, cpu, X_OFF + 8 * r as i32);
                    b.def_var(vars[r], x);
                    valid |= 1 << r;
                }
            }
        }
    }
    let block_sig = b.import_signature(signature());
    let counts = all()
        .any(|s| matches!(s.kind, Kind::Native(n) if is_mem(n)))
        .then(|| {
            let m = b.ins().load(I64, flags, cpu, MIRROR_OFF);
            let mirror = b.declare_var(I64);
            b.def_var(mirror, m);
            let lru = (!identity).then(|| {
                let (tick, hits) = (b.declare_var(I64), b.declare_var(I64));
                let t = b.ins().load(I64, flags, cpu, DTLB_TICK_OFF);
                b.def_var(tick, t);
                let h = b.ins().load(I64, flags, cpu, DTLB_HITS_OFF);
                b.def_var(hits, h);
                (tick, hits)
            });
            Counts { mirror, lru }
        });
    let reads = |s: &Slot| (1u32 << s.insn.rs1()) | (1u32 << s.insn.rs2());
    let loop_reads = loops().map(reads).fold(0, |a, r| a | r);
    let mut read_after = Vec::with_capacity(all().count());
    for run in runs {
        let mut later = loop_reads;
        let mut after = vec![0u32; run.len()];
        for (k, s) in run.iter().enumerate().rev() {
            after[k] = later;
            later |= reads(s);
        }
        read_after.extend(after);
    }
    let (vpc_var, instret0, cpu_var) = (b.declare_var(I64), b.declare_var(I64), b.declare_var(I64));
    b.def_var(vpc_var, vpc);
    b.def_var(cpu_var, cpu);
    b.def_var(instret0, instret_in);
    let members: Vec<Member> = runs
        .iter()
        .map(|r| Member {
            off: r[0].off as i64,
            len: r.len() as i64,
            block: b.create_block(),
        })
        .collect();
    b.ins().jump(members[0].block, &[]);
    let mut e = Emit {
        b,
        cpu: cpu_var,
        vpc: vpc_var,
        instret0,
        cur: members[0],
        members,
        slot0: 0,
        has_calls,
        vars,
        valid,
        dirty,
        call_conv,
        flags,
        chains,
        n_chains: runs.iter().map(|r| self::chains(r)).sum(),
        next_cell: 0,
        block_sig,
        table,
        far: stubs.far,
        adapters: stubs.adapters,
        insns,
        bases: reloc::Bases {
            arena: stubs.arena,
            insns: insns as usize,
            chains: chains as usize,
            table: table as usize,
            link: stubs.link,
        },
        counts,
        read_after,
        start_state: (valid, dirty),
    };
    for (m, slots) in runs.iter().enumerate() {
        e.emit_block(slots, m);
        e.slot0 += slots.len();
    }
    e.b.seal_all_blocks();
    e.b.finalize(target);
}

impl Emit<'_> {
    /// Emit the region's block `m` (`slots`).
    fn emit_block(&mut self, slots: &[Slot], m: usize) {
        let e = self;
        let member = e.members[m];
        e.b.switch_to_block(member.block);
        (e.valid, e.dirty) = e.start_state;
        e.cur = member;
        let base = member.off;
        let mut ended = false;
        for (k, s) in slots.iter().enumerate() {
            let i = s.insn;
            let k = k as i64;
            let rel = s.off as i64 - base;
            let len = i.len as i64;
            let imm = i.imm as i64;
            let (rd, rs1, rs2) = (i.rd(), i.rs1(), i.rs2());
            let name = match s.kind {
                Kind::Native(n) => n,
                Kind::Call => {
                    let st = e.run_handler(k, rel);
                    // Nothing is live across the call: registers are read
                    // again on use (`after_call`).
                    (e.dirty, e.valid) = (0, 0);
                    if i.raw & 0x7f == 0x73 {
                        e.check_system(st);
                    } else {
                        e.check(st);
                    }
                    e.after_call(k, rel);
                    continue;
                }
            };
            macro_rules! r {
                ($f:ident) => {{
                    let a = e.get(rs1);
                    let bb = e.get(rs2);
                    let v = e.b.ins().$f(a, bb);
                    e.set(rd, v);
                }};
            }
            macro_rules! ri {
                ($f:ident) => {{
                    let a = e.get(rs1);
                    let v = e.b.ins().$f(a, imm);
                    e.set(rd, v);
                }};
            }
            macro_rules! w {
                ($f:ident, $bexpr:expr) => {{
                    let a = e.get(rs1);
                    let a = e.b.ins().ireduce(I32, a);
                    let bv: Value = $bexpr(&mut *e);
                    let bv = e.b.ins().ireduce(I32, bv);
                    let v = e.b.ins().$f(a, bv);
                    let v = e.b.ins().sextend(I64, v);
                    e.set(rd, v);
                }};
            }
            let reg2 = |e: &mut Emit| e.get(rs2);
            let immv = |e: &mut Emit| e.b.ins().iconst(I64, imm);
            match name {
                "lui" => {
                    let v = e.b.ins().iconst(I64, imm);
                    e.set(rd, v);
                }
                "auipc" => {
                    let v = e.pc_at(rel + imm);
                    e.set(rd, v);
                }
                // `mv` (from x0 in either operand).
                "add" | "or" | "xor" if rs1 == 0 || rs2 == 0 => {
                    let v = e.get(rs1 | rs2);
                    e.set(rd, v);
                }
                "add" => r!(iadd),
                "sub" => r!(isub),
                "xor" => r!(bxor),
                "or" => r!(bor),
                "and" => r!(band),
                "sll" => r!(ishl),
                "srl" => r!(ushr),
                "sra" => r!(sshr),
                "mul" => r!(imul),
                "mulh" => r!(smulhi),
                "mulhu" => r!(umulhi),
                "mulhsu" => {
                    let a = e.get(rs1);
                    let bb = e.get(rs2);
                    let hu = e.b.ins().umulhi(a, bb);
                    let neg = e.b.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                    let zero = e.b.ins().iconst(I64, 0);
                    let corr = e.b.ins().select(neg, bb, zero);
                    let v = e.b.ins().isub(hu, corr);
                    e.set(rd, v);
                }
                "slt" | "sltu" => {
                    let cc = if name == "slt" {
                        IntCC::SignedLessThan
                    } else {
                        IntCC::UnsignedLessThan
                    };
                    let a = e.get(rs1);
                    let bb = e.get(rs2);
                    let c = e.b.ins().icmp(cc, a, bb);
                    let v = bool64(&mut e.b, c);
                    e.set(rd, v);
                }
                "addi" => {
                    // (`li` and `mv` are `addi` from x0 and with 0.)
                    let a = e.get(rs1);
                    let v = e.add_imm(a, imm);
                    e.set(rd, v);
                }
                "xori" => ri!(bxor_imm_s),
                "ori" => ri!(bor_imm_s),
                "andi" => ri!(band_imm_s),
                "slli" => ri!(ishl_imm_s),
                "srli" => ri!(ushr_imm_s),
                "srai" => ri!(sshr_imm_s),
                "slti" | "sltiu" => {
                    let cc = if name == "slti" {
                        IntCC::SignedLessThan
                    } else {
                        IntCC::UnsignedLessThan
                    };
                    let a = e.get(rs1);
                    let c = e.b.ins().icmp_imm_s(cc, a, imm);
                    let v = bool64(&mut e.b, c);
                    e.set(rd, v);
                }
                "addw" => w!(iadd, reg2),
                "subw" => w!(isub, reg2),
                "sllw" => w!(ishl, reg2),
                "srlw" => w!(ushr, reg2),
                "sraw" => w!(sshr, reg2),
                "mulw" => w!(imul, reg2),
                "addiw" => w!(iadd, immv),
                "slliw" => w!(ishl, immv),
                "srliw" => w!(ushr, immv),
                "sraiw" => w!(sshr, immv),
                "div" | "rem" | "divw" | "remw" => {
                    let ty = if name.ends_with('w') { I32 } else { I64 };
                    let (a, bb) = e.operands(rs1, rs2, ty);
                    let min = if ty == I32 { i32::MIN as i64 } else { i64::MIN };
                    let one = e.b.ins().iconst(ty, 1);
                    let bz = e.b.ins().icmp_imm_s(IntCC::Equal, bb, 0);
                    let amin = e.b.ins().icmp_imm_s(IntCC::Equal, a, min);
                    let bm1 = e.b.ins().icmp_imm_s(IntCC::Equal, bb, -1);
                    let ovf = e.b.ins().band(amin, bm1);
                    let bad = e.b.ins().bor(bz, ovf);
                    // Overflow: a / 1 == MIN and a % 1 == 0, as the spec says.
                    let safe = e.b.ins().select(bad, one, bb);
                    let v = if name.starts_with("div") {
                        let q = e.b.ins().sdiv(a, safe);
                        let m1 = e.b.ins().iconst(ty, -1);
                        e.b.ins().select(bz, m1, q)
                    } else {
                        let r = e.b.ins().srem(a, safe);
                        e.b.ins().select(bz, a, r)
                    };
                    e.set_sext(rd, v, ty);
                }
                "divu" | "remu" | "divuw" | "remuw" => {
                    let ty = if name.ends_with('w') { I32 } else { I64 };
                    let (a, bb) = e.operands(rs1, rs2, ty);
                    let one = e.b.ins().iconst(ty, 1);
                    let bz = e.b.ins().icmp_imm_s(IntCC::Equal, bb, 0);
                    let safe = e.b.ins().select(bz, one, bb);
                    let v = if name.starts_with("div") {
                        let q = e.b.ins().udiv(a, safe);
                        let m1 = e.b.ins().iconst(ty, -1);
                        e.b.ins().select(bz, m1, q)
                    } else {
                        let r = e.b.ins().urem(a, safe);
                        e.b.ins().select(bz, a, r)
                    };
                    e.set_sext(rd, v, ty);
                }
                "fence" => {}
                "csrrs" | "csrrc" | "csrrsi" | "csrrci" if reads_time(i.raw) => {
                    e.read_time(&i, k, rel)
                }
                "csrrw" | "csrrs" | "csrrc" | "csrrwi" | "csrrsi" | "csrrci"
                    if fp_csr(i.raw).is_some() =>
                {
                    e.require_fp(k, rel);
                    e.fp_csr(&i);
                }
                "csrrw" | "csrrs" | "csrrc" | "csrrwi" | "csrrsi" | "csrrci" => {
                    e.plain_csr(&i, k, rel)
                }
                "flw" | "fld" => {
                    let a = e.get(rs1);
                    let va = e.add_imm(a, imm);
                    e.require_fp(k, rel);
                    let f = if name == "fld" {
                        helpers::load_u64 as *const () as usize
                    } else {
                        helpers::load_u32 as *const () as usize
                    };
                    let v = e.mem(name, va, None, f, k, rel, len, rd);
                    let v = v.expect("a load has a value");
                    let v = if name == "flw" {
                        // NaN-boxed, as `Cpu::write_f32`.
                        e.b.ins().bor_imm_s(v, 0xffff_ffff_0000_0000u64 as i64)
                    } else {
                        v
                    };
                    let cpu = e.cpu();
                    e.b.ins().store(e.flags, v, cpu, F_OFF + 8 * rd as i32);
                    e.set_fs_dirty();
                }
                "fsw" | "fsd" => {
                    let a = e.get(rs1);
                    let va = e.add_imm(a, imm);
                    e.require_fp(k, rel);
                    let cpu = e.cpu();
                    let v = e.b.ins().load(I64, e.flags, cpu, F_OFF + 8 * rs2 as i32);
                    let f = if name == "fsd" {
                        helpers::store_u64 as *const () as usize
                    } else {
                        helpers::store_u32 as *const () as usize
                    };
                    e.mem(name, va, Some(v), f, k, rel, len, 0);
                }
                "lb" | "lh" | "lw" | "ld" | "lbu" | "lhu" | "lwu" => {
                    let a = e.get(rs1);
                    let va = e.add_imm(a, imm);
                    let f = match name {
                        "lb" | "lbu" => helpers::load_u8 as *const () as usize,
                        "lh" | "lhu" => helpers::load_u16 as *const () as usize,
                        "lw" | "lwu" => helpers::load_u32 as *const () as usize,
                        _ => helpers::load_u64 as *const () as usize,
                    };
                    let v = e.mem(name, va, None, f, k, rel, len, rd);
                    e.set(rd, v.expect("a load has a value"));
                }
                _ if is_amo(name) => {
                    let va = e.get(rs1);
                    let src = e.get(rs2);
                    let f = helpers::amo as *const () as usize;
                    let v = e.mem(name, va, Some(src), f, k, rel, len, rd);
                    e.set(rd, v.expect("an AMO has a value"));
                }
                "sb" | "sh" | "sw" | "sd" => {
                    let a = e.get(rs1);
                    let va = e.add_imm(a, imm);
                    let v = e.get(rs2);
                    let f = match name {
                        "sb" => helpers::store_u8 as *const () as usize,
                        "sh" => helpers::store_u16 as *const () as usize,
                        "sw" => helpers::store_u32 as *const () as usize,
                        _ => helpers::store_u64 as *const () as usize,
                    };
                    e.mem(name, va, Some(v), f, k, rel, len, 0);
                }
                "jal" => {
                    let link = e.pc_at(rel + len);
                    e.set(rd, link);
                    e.goto(rel + imm, k + 1);
                    ended = true;
                }
                "jalr" => {
                    let a = e.get(rs1);
                    let t = e.b.ins().iadd_imm_s(a, imm);
                    let target = e.b.ins().band_imm_s(t, !1);
                    let link = e.pc_at(rel + len);
                    e.set(rd, link);
                    e.exit_indirect(target, k + 1);
                    ended = true;
                }
                "beq" | "bne" | "blt" | "bge" | "bltu" | "bgeu" => {
                    let cc = match name {
                        "beq" => IntCC::Equal,
                        "bne" => IntCC::NotEqual,
                        "blt" => IntCC::SignedLessThan,
                        "bge" => IntCC::SignedGreaterThanOrEqual,
                        "bltu" => IntCC::UnsignedLessThan,
                        _ => IntCC::UnsignedGreaterThanOrEqual,
                    };
                    let a = e.get(rs1);
                    let bb = e.get(rs2);
                    let c = e.b.ins().icmp(cc, a, bb);
                    let taken: Block = e.b.create_block();
                    let not: Block = e.b.create_block();
                    e.b.ins().brif(c, taken, &[], not, &[]);
                    e.b.switch_to_block(taken);
                    e.b.seal_block(taken);
                    e.goto(rel + imm, k + 1);
                    e.b.switch_to_block(not);
                    e.b.seal_block(not);
                    // Not taken: on with the block (a side exit), or out.
                    if k + 1 == e.cur.len {
                        e.goto(rel + len, k + 1);
                        ended = true;
                    }
                }
                other => unreachable!("native instruction {other} without a translation"),
            }
        }
        if !ended {
            let last = slots.last().expect("blocks are not empty");
            let rel = last.off as i64 - base + last.insn.len as i64;
            e.goto(rel, slots.len() as i64);
        }
    }
}
