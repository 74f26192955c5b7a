//! Hardware triggers (Sdtrig, RISC-V Debug Specification 1.0, chapter 5):
//! `tselect`, `tdata1`-`tdata3`, `tinfo` and `tcontrol`, with [`TRIGGERS`]
//! address-match triggers of type 2 (`mcontrol`) or 6 (`mcontrol6`) that
//! fire on instruction execution, loads and stores.
//!
//! What each field does here (the spec lets an implementation hard-wire
//! most of them; the choices are noted):
//!
//! - `type` 2, 6, or 15 (disabled); writing any other type disables the
//!   trigger (reads back 15). Triggers reset to 15.
//! - `m`/`s`/`u`: the privilege modes (the current mode, not `MPRV`'s) in
//!   which the trigger matches. `execute`/`load`/`store`: what it matches
//!   (an AMO is a load and a store).
//! - `match`: 0 equal, 2 at least, 3 below, 4/5 masked low/high half, and
//!   their negations 8, 12, 13; 1 (NAPOT) and 9 in `mcontrol6` only
//!   (`mcontrol`'s `maskmax` reads 0, so it has no NAPOT). Any other value
//!   reads back as 0. An access matches if any byte it touches matches; an
//!   instruction matches by its address.
//! - `action`: 0 raises a breakpoint exception (cause 3, `xtval` = the
//!   instruction's or the access's virtual address) before the instruction
//!   or access happens; 1 (enter Debug Mode) stops the hart for the host's
//!   debugger ([`Cpu::take_trigger_hit`]). Action 1 needs `dmode` = 1, which
//!   only Debug Mode, that is the host debugger ([`Cpu::debugger_set_trigger`]),
//!   can set; guest writes clear `dmode`, and cannot change a trigger whose
//!   `dmode` is set. Other actions read back as 0.
//! - `hit` (`hit0` in `mcontrol6`) is set when the trigger fires; software
//!   may clear it.
//! - `select`, `timing`, `size`, `chain`, `uncertain`, `vs`/`vu` and all of
//!   `tdata3` (`textra`) are hard-wired to 0: address matching, before the
//!   access, any size, no chains, no context matching.
//! - `tcontrol.mte` gates action-0 triggers in M-mode: a trap into M-mode
//!   saves it in `mpte` and clears it, `mret` restores it, so an M-mode
//!   handler is not re-triggered by its own breakpoints.
//!
//! Cost: with no trigger armed the CPU does no extra work. Execute triggers
//! are checked by a separate run loop (`Cpu::run_block` picks it only while
//! one is armed); load/store triggers ride on the branch the data path
//! already takes to decide whether accesses need PMP checks
//! (`Cpu::data_slow`).

use super::trap::cause;
use super::{Cpu, Privilege, Trap};

impl Trap {
    /// Not an exception: a debug-mode trigger stopped the hart before a
    /// load or store (the execute loop takes no trap for it).
    pub const DEBUG_HALT: Trap = Trap::new(u64::MAX - 1, 0);
}

/// Number of triggers.
pub const TRIGGERS: usize = 4;

pub const TSELECT: u16 = 0x7a0;
pub const TDATA1: u16 = 0x7a1;
pub const TDATA2: u16 = 0x7a2;
pub const TDATA3: u16 = 0x7a3;
pub const TINFO: u16 = 0x7a4;
pub const TCONTROL: u16 = 0x7a5;

const TYPE_SHIFT: u32 = 60;
const DMODE: u64 = 1 << 59;
const TYPE_MCONTROL: u64 = 2;
const TYPE_MCONTROL6: u64 = 6;
const TYPE_DISABLED: u64 = 15;
/// `tinfo`: version 1 (this specification) and the supported types.
pub const TINFO_VALUE: u64 =
    (1 << 24) | (1 << TYPE_MCONTROL) | (1 << TYPE_MCONTROL6) | (1 << TYPE_DISABLED);
const TCONTROL_MTE: u64 = 1 << 3;
const TCONTROL_MPTE: u64 = 1 << 7;

// Fields common to mcontrol and mcontrol6.
const LOAD: u64 = 1 << 0;
const STORE: u64 = 1 << 1;
const EXECUTE: u64 = 1 << 2;
const U: u64 = 1 << 3;
const S: u64 = 1 << 4;
const M: u64 = 1 << 6;
const MATCH_SHIFT: u32 = 7;
const ACTION_SHIFT: u32 = 12;
const HIT_MCONTROL: u64 = 1 << 20;
const HIT0_MCONTROL6: u64 = 1 << 22;

/// What an access is, for matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Execute,
    Load,
    Store,
}

/// A trigger with action 1 fired: the hart stopped for the debugger before
/// the instruction at `pc` (which has not executed, nor its access).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TriggerHit {
    /// The trigger's index (`tselect` value).
    pub index: usize,
    pub access: Access,
    /// The instruction's address (execute) or the access's first byte.
    pub address: u64,
    pub pc: u64,
}

/// What the host debugger asks a trigger to watch ([`Cpu::debugger_set_trigger`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TriggerSpec {
    /// First byte watched.
    pub address: u64,
    /// Bytes watched: 1, or a power of two with `address` aligned to it.
    pub len: u64,
    pub execute: bool,
    pub load: bool,
    pub store: bool,
}

impl TriggerSpec {
    /// GDB's `hbreak ADDR`.
    pub fn breakpoint(address: u64) -> Self {
        TriggerSpec {
            address,
            len: 1,
            execute: true,
            load: false,
            store: false,
        }
    }
    /// GDB's `watch` (stores), `rwatch` (loads) or `awatch` (both) on
    /// `len` bytes at `address`.
    pub fn watchpoint(address: u64, len: u64, load: bool, store: bool) -> Self {
        TriggerSpec {
            address,
            len,
            execute: false,
            load,
            store,
        }
    }
}

/// Why [`Cpu::debugger_set_trigger`] refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    #[error("trigger {0} does not exist (there are {TRIGGERS})")]
    NoSuchTrigger(usize),
    #[error("watch length {0} is not a power of two")]
    BadLength(u64),
    #[error("address {address:#x} is not aligned to the watched length {len}")]
    Misaligned { address: u64, len: u64 },
    #[error("a trigger must watch execution, loads or stores")]
    NothingWatched,
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    tdata1: u64,
    tdata2: u64,
}

impl Slot {
    const DISABLED: Slot = Slot {
        tdata1: TYPE_DISABLED << TYPE_SHIFT,
        tdata2: 0,
    };

    fn kind(&self) -> u64 {
        self.tdata1 >> TYPE_SHIFT
    }

    fn enabled_for(&self, what: u64) -> bool {
        matches!(self.kind(), TYPE_MCONTROL | TYPE_MCONTROL6)
            && self.tdata1 & what != 0
            && self.tdata1 & (M | S | U) != 0
    }

    fn hit_bit(&self) -> u64 {
        if self.kind() == TYPE_MCONTROL {
            HIT_MCONTROL
        } else {
            HIT0_MCONTROL6
        }
    }

    /// Does the value `v` match `tdata2` under `match`?
    fn matches_value(&self, v: u64) -> bool {
        let t = self.tdata2;
        let m = (self.tdata1 >> MATCH_SHIFT) & 15;
        let hit = match m & 7 {
            0 => v == t,
            1 => {
                // NAPOT: the trailing ones of tdata2 (and the bit above
                // them) are ignored.
                let ones = t.trailing_ones();
                let mask = if ones >= 63 { 0 } else { !0u64 << (ones + 1) };
                v & mask == t & mask
            }
            2 => v >= t,
            3 => v < t,
            4 => (v & 0xffff_ffff) & (t >> 32) == t & 0xffff_ffff,
            5 => (v >> 32) & (t >> 32) == t & 0xffff_ffff,
            _ => false,
        };
        hit != (m & 8 != 0)
    }

    /// Does an access of `len` bytes at `addr` match (any byte)?
    fn matches_range(&self, addr: u64, len: u64) -> bool {
        (0..len.max(1)).any(|i| self.matches_value(addr.wrapping_add(i)))
    }

    /// Whether the trigger is enabled in mode `prv`.
    fn in_mode(&self, prv: Privilege) -> bool {
        let bit = match prv {
            Privilege::Machine => M,
            Privilege::Supervisor => S,
            Privilege::User => U,
        };
        self.tdata1 & bit != 0
    }

    fn action(&self) -> u64 {
        (self.tdata1 >> ACTION_SHIFT) & 15
    }
}

/// The trigger module's state.
#[derive(Clone, Debug)]
pub struct Triggers {
    tselect: usize,
    slots: [Slot; TRIGGERS],
    tcontrol: u64,
    /// Some trigger is enabled for execution / for loads or stores.
    pub(crate) exec_armed: bool,
    pub(crate) data_armed: bool,
    /// A debug-mode hit waiting for the debugger; the hart is stopped.
    hit: Option<TriggerHit>,
    /// (instret, pc) of the instruction that runs without trigger checks
    /// (the one a debugger resumes at after a hit).
    skip: Option<(u64, u64)>,
}

impl Default for Triggers {
    fn default() -> Self {
        Triggers {
            tselect: 0,
            slots: [Slot::DISABLED; TRIGGERS],
            tcontrol: 0,
            exec_armed: false,
            data_armed: false,
            hit: None,
            skip: None,
        }
    }
}

impl Triggers {
    /// `tdata1` as written, made legal (see the module documentation).
    /// `debug` is true for Debug Mode (the host debugger).
    fn legalize(v: u64, debug: bool) -> u64 {
        let dmode = if debug { v & DMODE } else { 0 };
        let kind = v >> TYPE_SHIFT;
        if kind != TYPE_MCONTROL && kind != TYPE_MCONTROL6 {
            return TYPE_DISABLED << TYPE_SHIFT | dmode;
        }
        let mut m = (v >> MATCH_SHIFT) & 15;
        let legal = match m {
            0 | 2 | 3 | 4 | 5 | 8 | 12 | 13 => true,
            1 | 9 => kind == TYPE_MCONTROL6,
            _ => false,
        };
        if !legal {
            m = 0;
        }
        let mut action = (v >> ACTION_SHIFT) & 15;
        if !(action == 0 || action == 1 && dmode != 0) {
            action = 0;
        }
        let hit = if kind == TYPE_MCONTROL {
            HIT_MCONTROL
        } else {
            HIT0_MCONTROL6
        };
        kind << TYPE_SHIFT
            | dmode
            | action << ACTION_SHIFT
            | m << MATCH_SHIFT
            | v & (hit | M | S | U | EXECUTE | STORE | LOAD)
    }

    fn rearm(&mut self) {
        self.exec_armed = self.slots.iter().any(|s| s.enabled_for(EXECUTE));
        self.data_armed = self.slots.iter().any(|s| s.enabled_for(LOAD | STORE));
    }

    /// The first trigger (by index) matching `access` of `len` bytes at
    /// `addr` in mode `prv`; M-mode breakpoint-exception triggers only with
    /// `tcontrol.mte`.
    fn find(&self, access: Access, addr: u64, len: u64, prv: Privilege) -> Option<usize> {
        let what = match access {
            Access::Execute => EXECUTE,
            Access::Load => LOAD,
            Access::Store => STORE,
        };
        let mte = self.tcontrol & TCONTROL_MTE != 0;
        self.slots.iter().position(|s| {
            s.enabled_for(what)
                && s.in_mode(prv)
                && (prv != Privilege::Machine || mte || s.action() == 1)
                && s.matches_range(addr, len)
        })
    }

    /// Trap entry into M-mode: `mpte = mte`, `mte = 0`.
    pub(crate) fn enter_machine_trap(&mut self) {
        let mte = self.tcontrol & TCONTROL_MTE;
        self.tcontrol = if mte != 0 { TCONTROL_MPTE } else { 0 };
    }

    /// `mret`: `mte = mpte`.
    pub(crate) fn mret(&mut self) {
        if self.tcontrol & TCONTROL_MPTE != 0 {
            self.tcontrol |= TCONTROL_MTE;
        } else {
            self.tcontrol &= !TCONTROL_MTE;
        }
    }
}

impl Cpu {
    /// Read a trigger CSR (the caller checked privilege: M-mode).
    pub(crate) fn trigger_csr_read(&self, csr: u16) -> u64 {
        let t = &self.triggers;
        let slot = &t.slots[t.tselect];
        match csr {
            TSELECT => t.tselect as u64,
            TDATA1 => slot.tdata1,
            TDATA2 => slot.tdata2,
            TINFO => TINFO_VALUE,
            TCONTROL => t.tcontrol,
            _ => 0, // tdata3: textra, hard-wired to 0
        }
    }

    /// Write a trigger CSR from the guest (M-mode): a trigger with `dmode`
    /// set belongs to the debugger and ignores the write.
    pub(crate) fn trigger_csr_write(&mut self, csr: u16, v: u64) {
        let t = &mut self.triggers;
        let owned_by_debugger = t.slots[t.tselect].tdata1 & DMODE != 0;
        match csr {
            TSELECT if v < TRIGGERS as u64 => t.tselect = v as usize,
            TDATA1 if !owned_by_debugger => {
                t.slots[t.tselect].tdata1 = Triggers::legalize(v, false);
            }
            TDATA2 if !owned_by_debugger => t.slots[t.tselect].tdata2 = v,
            TCONTROL => t.tcontrol = v & (TCONTROL_MTE | TCONTROL_MPTE),
            _ => {} // tdata3, tinfo: read-only here
        }
        self.triggers_changed();
    }

    /// Re-derive the summaries the fast paths test after a trigger change.
    fn triggers_changed(&mut self) {
        self.triggers.rearm();
        self.refresh_data_slow();
        self.end_block();
    }

    /// `Cpu::data_slow`: data accesses at a privilege take the slow path
    /// if PMP must check them or a load/store trigger is armed.
    pub(crate) fn refresh_data_slow(&mut self) {
        for p in [Privilege::User, Privilege::Supervisor, Privilege::Machine] {
            self.data_slow[p as usize] = self.pmp.needs_check(p) || self.triggers.data_armed;
        }
    }

    /// Whether this instruction runs without trigger checks (see `skip`).
    fn trigger_skipped(&self) -> bool {
        self.triggers.skip == Some((self.instret, self.pc))
    }

    /// A trigger fired: set its hit bit, then raise the breakpoint
    /// exception (action 0) or stop for the debugger (action 1).
    fn fire(&mut self, index: usize, access: Access, address: u64) -> Trap {
        let slot = &mut self.triggers.slots[index];
        slot.tdata1 |= slot.hit_bit();
        if slot.action() == 1 {
            self.triggers.hit = Some(TriggerHit {
                index,
                access,
                address,
                pc: self.pc,
            });
            self.end_block();
            Trap::DEBUG_HALT
        } else {
            Trap::new(cause::BREAKPOINT, address)
        }
    }

    /// Check load/store triggers for an access of `len` bytes at `va`
    /// (before translation: the breakpoint outranks page faults). AMOs
    /// check as stores and as loads.
    pub(crate) fn check_data_triggers(
        &mut self,
        va: u64,
        len: u64,
        store: bool,
        amo: bool,
    ) -> Result<(), Trap> {
        if !self.triggers.data_armed || self.trigger_skipped() {
            return Ok(());
        }
        let kinds: &[Access] = match (store, amo) {
            (_, true) => &[Access::Load, Access::Store],
            (true, false) => &[Access::Store],
            (false, false) => &[Access::Load],
        };
        for &access in kinds {
            if let Some(i) = self.triggers.find(access, va, len, self.prv) {
                return Err(self.fire(i, access, va));
            }
        }
        Ok(())
    }

    /// Check execute triggers for the instruction at `pc`; `Err` if one
    /// fired (its trap is taken, or the hart stopped for the debugger).
    fn check_execute_trigger(&mut self) -> Result<(), ()> {
        if self.trigger_skipped() {
            return Ok(());
        }
        let pc = self.pc;
        match self.triggers.find(Access::Execute, pc, 1, self.prv) {
            None => Ok(()),
            Some(i) => {
                let t = self.fire(i, Access::Execute, pc);
                if t != Trap::DEBUG_HALT {
                    self.take_trap(t.cause(), t.tval);
                }
                Err(())
            }
        }
    }

    /// `run_block` while an execute trigger is armed: one instruction at a
    /// time, each checked first.
    #[cold]
    #[inline(never)]
    pub(crate) fn run_block_triggered(&mut self, limit: u64) {
        while self.instret < limit && self.triggers.hit.is_none() {
            if self.check_execute_trigger().is_err() {
                return;
            }
            self.run_block_fast(self.instret + 1);
            if self.block_end == 0 || !self.triggers.exec_armed {
                return;
            }
        }
    }

    /// The hart is stopped by a debug-mode trigger hit that the debugger
    /// has not taken yet (`run_block` does nothing meanwhile).
    pub fn trigger_halted(&self) -> bool {
        self.triggers.hit.is_some()
    }

    /// The debug-mode trigger hit that stopped the hart, if any. Taking it
    /// lets the hart run again, starting with the instruction at `hit.pc`
    /// without trigger checks, so that continuing steps past the trigger
    /// (as a debugger's `continue` does).
    pub fn take_trigger_hit(&mut self) -> Option<TriggerHit> {
        let hit = self.triggers.hit.take()?;
        self.triggers.skip = Some((self.instret, self.pc));
        Some(hit)
    }

    /// Program trigger `index` for the host debugger (Debug Mode): `dmode`
    /// = 1 and action 1, in all privilege modes, so a match stops the hart
    /// ([`Cpu::take_trigger_hit`]) and the guest cannot change it. `None`
    /// frees the trigger (disabled, guest-writable again).
    pub fn debugger_set_trigger(
        &mut self,
        index: usize,
        spec: Option<TriggerSpec>,
    ) -> Result<(), TriggerError> {
        if index >= TRIGGERS {
            return Err(TriggerError::NoSuchTrigger(index));
        }
        let slot = match spec {
            None => Slot::DISABLED,
            Some(s) => {
                if !(s.execute || s.load || s.store) {
                    return Err(TriggerError::NothingWatched);
                }
                if !s.len.is_power_of_two() {
                    return Err(TriggerError::BadLength(s.len));
                }
                if s.address & (s.len - 1) != 0 {
                    return Err(TriggerError::Misaligned {
                        address: s.address,
                        len: s.len,
                    });
                }
                let (m, tdata2) = if s.len == 1 {
                    (0, s.address)
                } else {
                    (1, s.address | (s.len / 2 - 1))
                };
                let v = TYPE_MCONTROL6 << TYPE_SHIFT
                    | DMODE
                    | 1 << ACTION_SHIFT
                    | m << MATCH_SHIFT
                    | M
                    | S
                    | U
                    | if s.execute { EXECUTE } else { 0 }
                    | if s.store { STORE } else { 0 }
                    | if s.load { LOAD } else { 0 };
                Slot {
                    tdata1: Triggers::legalize(v, true),
                    tdata2,
                }
            }
        };
        self.triggers.slots[index] = slot;
        self.triggers_changed();
        Ok(())
    }

    /// A trigger the guest is not using (disabled, or enabled for nothing),
    /// for the debugger to take.
    pub fn free_trigger(&self) -> Option<usize> {
        (0..TRIGGERS).find(|&i| self.trigger_is_free(i))
    }

    /// Whether trigger `index` is free for the debugger (see `free_trigger`).
    pub fn trigger_is_free(&self, index: usize) -> bool {
        self.triggers
            .slots
            .get(index)
            .is_some_and(|s| !s.enabled_for(EXECUTE | LOAD | STORE) && s.tdata1 & DMODE == 0)
    }

    /// Whether trigger `index` belongs to the host debugger (`dmode` set by
    /// [`Cpu::debugger_set_trigger`]).
    pub fn trigger_owned_by_debugger(&self, index: usize) -> bool {
        self.triggers
            .slots
            .get(index)
            .is_some_and(|s| s.tdata1 & DMODE != 0)
    }
}
