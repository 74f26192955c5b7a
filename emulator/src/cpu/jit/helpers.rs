//! The call-outs translated code makes into the emulator (`extern "C"`, so
//! their calling convention is the one Cranelift's `SystemV`/host default
//! uses): loads and stores that missed the inline path (`mirror`), through
//! the very same `mem_access` path the
//! interpreter's handlers use (TLB counts, PMP, MMIO, misaligned accesses,
//! faults and code-page invalidation are therefore identical), and any other
//! instruction through its interpreter handler.
//!
//! Each returns a status for the translated code:
//! - [`CONTINUE`]: go on with the next instruction; `pc`/`instret` are
//!   still what the translated code stored (it reads them back);
//! - [`TRAP`]: the instruction raised an exception, now in `cpu.jit.pending`
//!   (with the `xtval` the interpreter would report); `pc`/`instret` stay
//!   those of the faulting instruction;
//! - [`END`]: the instruction retired but ended the block (`end_block`, or a
//!   handler moved `pc` itself): the helper has finished the instruction as
//!   the translated code would have (its `rd`, `pc` and `instret`, see
//!   [`describe`]), and the block returns at once;
//! - [`JUMP`]: a SYSTEM instruction retired and left the fetch page stale
//!   (`sret`, `mret`, `sfence.vma`, a `satp` write: `Cpu::refetch`) without ending the
//!   block: the block goes on at `cpu.pc` through the cross-page stub
//!   (`far`), which makes the page current as the dispatcher would.
//!
//! The translated code stores `pc` and `instret` of the instruction into
//! the `Cpu` before calling (handlers, MMIO and the clock read them there).

use super::super::trap::cause;
use super::super::{Cpu, Insn};

pub const CONTINUE: u32 = 0;
pub const TRAP: u32 = 1;
pub const END: u32 = 2;
/// A block that cannot run now did nothing (`translate::straddles`): the
/// dispatcher interprets its instruction. `INTERPRET + n - 1`: the block
/// left at an instruction it does not run inline (`pc`/`instret` are that
/// instruction's), and the dispatcher interprets the next `n`.
pub const INTERPRET: u32 = 3;
/// See the module (above every `INTERPRET + n - 1`; translated code never
/// returns it).
pub const JUMP: u32 = 1 << 16;

/// What a call-out returns: the status, and the hart again (so translated
/// code keeps no value at all alive across a call; two integers come back
/// in registers in the C convention).
#[repr(C)]
pub struct Ret {
    pub status: u64,
    pub cpu: *mut Cpu,
}

#[inline(always)]
fn ret(cpu: &mut Cpu, status: u32) -> Ret {
    Ret {
        status: status as u64,
        cpu,
    }
}

#[inline(always)]
fn after_ok(cpu: &Cpu) -> u32 {
    if cpu.block_end == 0 {
        END
    } else {
        CONTINUE
    }
}

/// What a load or store helper needs to finish its instruction on END:
/// `rd`, the instruction's length, whether the load sign-extends from its
/// width, and whether `rd` is an FP register.
/// `describe(..) | FINISH`: finish the instruction on success in any case
/// (and return END), for a caller that leaves the block after the access.
pub const FINISH: u64 = 1 << 18;

pub fn describe(rd: usize, len: u8, name: &str) -> u64 {
    let signed = matches!(name, "lb" | "lh" | "lw");
    let fp = matches!(name, "flw" | "fld");
    rd as u64 | (len as u64) << 8 | (signed as u64) << 16 | (fp as u64) << 17
}

/// Retire the load or store described by `desc` (the translated code
/// stored `pc` and `instret` of the instruction before calling), writing
/// `value` (`bits` wide) to `rd` for a load.
#[cold]
fn finish(cpu: &mut Cpu, desc: u64, load: Option<(u64, u32)>) {
    if let Some((value, bits)) = load {
        let rd = (desc & 31) as usize;
        let v = if desc >> 16 & 1 != 0 && bits < 64 {
            ((value << (64 - bits)) as i64 >> (64 - bits)) as u64
        } else {
            value
        };
        if desc >> 17 & 1 != 0 {
            if bits == 32 {
                cpu.write_f32(rd, v as u32);
            } else {
                cpu.write_f64(rd, v);
            }
        } else if rd != 0 {
            cpu.x[rd] = v;
        }
    }
    cpu.pc = cpu.pc.wrapping_add(desc >> 8 & 0xff);
    cpu.instret += 1;
}

macro_rules! load_helper {
    ($name:ident, $f:ident) => {
        /// Load through `Cpu::load`; the zero-extended value goes to `cpu.jit.ret`.
        pub extern "C" fn $name(cpu: *mut Cpu, va: u64, desc: u64) -> Ret {
            // SAFETY: translated code passes the `Cpu` it was entered with,
            // and nothing else refers to it while the block runs.
            let cpu = unsafe { &mut *cpu };
            match cpu.$f(va) {
                Ok(v) => {
                    cpu.jit.ret = v as u64;
                    let size = core::mem::size_of_val(&v) as u64;
                    super::mirror::copy(cpu, va, size, false);
                    let st = after_ok(cpu);
                    if st == END || desc & FINISH != 0 {
                        finish(cpu, desc, Some((v as u64, 8 * size as u32)));
                        return ret(cpu, END);
                    }
                    ret(cpu, st)
                }
                Err(t) => {
                    cpu.jit.pending = Some(t);
                    ret(cpu, TRAP)
                }
            }
        }
    };
}
load_helper!(load_u8, load_u8);
load_helper!(load_u16, load_u16);
load_helper!(load_u32, load_u32);
load_helper!(load_u64, load_u64);

macro_rules! store_helper {
    ($name:ident, $f:ident, $t:ty) => {
        /// Store through `Cpu::store`.
        pub extern "C" fn $name(cpu: *mut Cpu, va: u64, v: u64, desc: u64) -> Ret {
            // SAFETY: as for the loads.
            let cpu = unsafe { &mut *cpu };
            match cpu.$f(va, v as $t) {
                Ok(()) => {
                    super::mirror::copy(cpu, va, core::mem::size_of::<$t>() as u64, true);
                    let st = after_ok(cpu);
                    if st == END || desc & FINISH != 0 {
                        finish(cpu, desc, None);
                        return ret(cpu, END);
                    }
                    ret(cpu, st)
                }
                Err(t) => {
                    cpu.jit.pending = Some(t);
                    ret(cpu, TRAP)
                }
            }
        }
    };
}
store_helper!(store_u8, store_u8, u8);
store_helper!(store_u16, store_u16, u16);
store_helper!(store_u32, store_u32, u32);
store_helper!(store_u64, store_u64, u64);

/// An AMO that missed the inline path (`translate`): its interpreter
/// handler, which translates its address once as a store (what the inline
/// path counts), then the mirror's copy of that translation, so that the
/// next AMO or store to the page is inline. `desc` as for a store: with
/// [`FINISH`], the AMO is retired on success (END) for a caller that
/// leaves the block; else its `rd` is in `cpu.x`.
pub extern "C" fn amo(cpu: *mut Cpu, insn: *const Insn, va: u64, desc: u64) -> Ret {
    // SAFETY: as for the loads; `insn` as for `exec`.
    let cpu = unsafe { &mut *cpu };
    let width = if unsafe { (*insn).raw } >> 12 & 1 == 0 {
        4
    } else {
        8
    };
    let mut st = exec_status(cpu, insn);
    if st != TRAP {
        super::mirror::copy(cpu, va, width, true);
        if st == CONTINUE && desc & FINISH != 0 {
            finish(cpu, desc, None);
            st = END;
        }
    }
    ret(cpu, st)
}

/// Run one instruction through its interpreter handler, exactly as the
/// execute loop does (`x0` cleared afterwards, the 16-bit `xtval` of an
/// illegal compressed instruction). `END` also when the handler jumped: the
/// handler has then set `cpu.pc` itself.
pub extern "C" fn exec(cpu: *mut Cpu, insn: *const Insn) -> Ret {
    // SAFETY: as for the loads.
    let st = exec_status(unsafe { &mut *cpu }, insn);
    Ret {
        status: st as u64,
        cpu,
    }
}

/// After a handler that jumped: whether the block may go on at `cpu.pc`
/// through the cross-page stub ([`JUMP`]). The fetch page must have been
/// dropped (`Cpu::refetch`: the stub's entry is the first fetch from a
/// page, as the dispatcher's would be), the block not ended, and fetches
/// still translated or still not, as before the instruction (the
/// dispatcher counts a run's fetches as iTLB hits, or not, as a whole).
fn refetched(cpu: &Cpu) -> bool {
    let far = &cpu.jit.far;
    cpu.block_end != 0
        && cpu.fetch.slots.is_null()
        && if cpu.fetch.translated == 1 {
            far.sv39 == 1
        } else {
            far.ok != 0
        }
}

#[inline(always)]
fn exec_status(cpu: &mut Cpu, insn: *const Insn) -> u32 {
    // SAFETY: `insn` points into the block's own copy of its
    // instructions, alive as long as the translation.
    let insn = unsafe { &*insn };
    let pc = cpu.pc;
    let r = (insn.exec)(cpu, insn);
    cpu.x[0] = 0;
    // The one way a block changes the mirror's context: a SYSTEM
    // instruction (a CSR write; the others end the block).
    if insn.raw & 0x7f == 0x73 {
        super::mirror::sync(cpu);
        super::far::sync(cpu);
    }
    match r {
        Ok(()) => {
            // The handler moved `pc`; the block returns at once on END, so
            // the instruction is retired here.
            if cpu.jumped {
                cpu.jumped = false;
                cpu.instret += 1;
                if refetched(cpu) {
                    JUMP
                } else {
                    END
                }
            } else {
                let st = after_ok(cpu);
                cpu.instret += (st == END) as u64;
                if st == CONTINUE {
                    // Handlers move past their instruction; the block goes
                    // on from `pc` as it stored it (see `after_call`).
                    cpu.pc = pc;
                }
                st
            }
        }
        Err(t) => {
            let t = if t.cause() == cause::ILLEGAL_INSN && insn.len == 2 {
                let at = (cpu.fetch.ram_page << 12) + (cpu.pc & 0xfff) as usize;
                let bits = u16::from_le_bytes(cpu.bus.mem.read_at::<2>(at)) as u64;
                super::super::Trap::new(cause::ILLEGAL_INSN, bits)
            } else {
                t
            };
            cpu.jit.pending = Some(t);
            TRAP
        }
    }
}
