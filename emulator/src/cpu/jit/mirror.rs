//! The host-side mirror of the data TLB: what lets translated code do a
//! load or store inline, with the TLB model's counts and LRU state left
//! exactly as the interpreter's `Cpu::load`/`Cpu::store` would leave them.
//!
//! Two direct-mapped tables of [`SIZE`] entries (loads, stores), indexed by
//! the 4 KiB virtual page number, each entry a copy of one translation the
//! model made: the page, where it is in host memory, and the data-TLB slot
//! that served it with that slot's version (`vitrine_mmu::tlb`, "Versions").
//! Translated code checks, inline:
//!
//! 1. the entry's page is the access's page, and the access stays in it;
//! 2. the TLB slot still has the version it had when copied (so the model
//!    would find the same entry, with the same permissions: any fill,
//!    refresh, `sfence.vma` or flush of the slot changes its version);
//! 3. for a store, nothing more: the stores table only ever holds pages
//!    whose flags byte is 0 (no decoded code, no HTIF mailbox, no journal:
//!    what the interpreter's store path checks). A copy is made only for
//!    such a page, and [`sync`] drops the copies of pages flagged since
//!    (`Memory::set_flag` says when there are any), before any translated code runs: a
//!    page is flagged only between blocks (the first fetch from it, the
//!    debugger), and flags are cleared only by the slow path itself;
//!
//! and on a hit does what `Tlb::probe` does on a hit (the tick advances and
//! the slot's stamp takes it: the model refreshes LRU on every hit) plus the
//! data TLB's hit count, then the host access. Anything else calls out to
//! the interpreter's path (`helpers`), which copies the translation it used
//! into the mirror when it was a plain RAM access within one page.
//!
//! The mirror is valid for one *context*: `satp` (mode and ASID), the
//! effective data privilege (`mstatus.MPRV`/`MPP`), `SUM`, `MXR`, whether
//! data accesses take the slow path (PMP, triggers), and where the TLB's
//! slots and RAM are. [`sync`] checks it before every translated block and
//! after every instruction a block runs through its interpreter handler
//! (the only way a block changes it), and switches to the mirror of the
//! new context when it changed: one kept from before (its copies are still
//! checked against their slots' versions), or one emptied for it (and a
//! debugger's snapshot empties them all when it puts back an earlier TLB,
//! whose slots have earlier versions). Without translation (M-mode, or
//! `satp` Bare) the entries use a dummy slot, and the inline path counts
//! nothing: the model counts nothing there either.
//!
//! Each mirror also keeps a smaller table of the instruction TLB's
//! translations ([`FetchEntry`]), for the cross-page stub (`far`): under
//! Sv39 the first fetch from a new page is an iTLB access, and a copy whose
//! slot still has its version lets the stub do that access inline (the
//! iTLB's tick advances and stamps the slot, as `Tlb::probe` does on a hit;
//! the hit itself is counted by the dispatcher with the block's other
//! fetches). The dispatcher copies the translation it made a page current
//! with ([`copy_fetch`]); the fetch context (`satp`, privilege) is part of
//! the mirror's.

use super::super::csr::{MSTATUS_MPP, MSTATUS_MPRV, MSTATUS_MXR, MSTATUS_SUM};
use super::super::Cpu;
use vitrine_mmu::tlb::RAW_ENTRY_SIZE;
use vitrine_mmu::Privilege;

/// Entries per table.
pub const SIZE: usize = 256;

/// Entries of the fetch table.
pub const FETCH_SIZE: usize = 64;

/// One copied instruction-TLB translation (32 bytes).
#[derive(Clone, Copy)]
#[repr(C)]
pub struct FetchEntry {
    /// Virtual page number (`va >> 12`); `u64::MAX` when empty.
    pub tag: u64,
    /// The iTLB slot (its host address) and its version when copied.
    pub slot: u64,
    pub version: u32,
    /// The RAM page the virtual page maps to.
    pub page: u32,
    _pad: u64,
}

const FETCH_EMPTY: FetchEntry = FetchEntry {
    tag: u64::MAX,
    slot: 0,
    version: 0,
    page: 0,
    _pad: 0,
};

/// One copied translation (32 bytes: translated code indexes by `<< 5`).
#[derive(Clone, Copy)]
#[repr(C)]
pub struct Entry {
    /// Virtual page number (`va >> 12`); `u64::MAX` when empty.
    pub tag: u64,
    /// Host address minus virtual address, for every byte of the page.
    pub addend: u64,
    /// The data-TLB slot (its host address: translated code reads its
    /// version and stamps it without indexing), and its version when copied.
    pub slot: u64,
    pub version: u32,
    /// RAM page index (for dropping the copies of a flagged page).
    pub page: u32,
}

const EMPTY: Entry = Entry {
    tag: u64::MAX,
    addend: 0,
    slot: 0,
    version: 0,
    page: 0,
};

/// What the tables are valid for (see the module documentation): the
/// fields that decide the context, compared before every translated block,
/// so cheap to get. Where the TLB's slots and RAM are follows from the
/// hart's address (a snapshot that puts back another TLB clears the mirror).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    satp: u64,
    /// `mstatus` masked to MPRV, MPP, SUM and MXR.
    mstatus: u64,
    prv: u8,
    /// `Cpu::data_slow`, all four privileges.
    slow: u32,
    cpu: usize,
}

/// The mirror. Translated code reads the header's pointers and the tables
/// at the `OFF_*` offsets.
#[repr(C)]
pub struct Mirror {
    /// The data TLB's slots (or `dummy`). (Its tick and hit count are at
    /// fixed offsets in the hart: `translate::DTLB_TICK_OFF`.)
    pub entries: *mut u8,
    pub loads: [Entry; SIZE],
    pub stores: [Entry; SIZE],
    pub fetches: [FetchEntry; FETCH_SIZE],
    key: Option<Key>,
    /// Whether copies may be made (no PMP or trigger checks needed).
    enabled: bool,
    /// Whether there is no translation (M-mode or Bare).
    identity: bool,
    /// Without translation, with copies allowed: RAM's size (else 0), and
    /// what turns a physical address in RAM into its host address. Loads
    /// check these instead of copies (`translate`: a copy would be made
    /// for exactly those loads).
    ram_limit: u64,
    ram_addend: u64,
    dummy: [u64; 8],
}

const _: () = assert!(core::mem::size_of::<Entry>() == 32);
const _: () = assert!(core::mem::size_of::<FetchEntry>() == 32);
const _: () = assert!(RAW_ENTRY_SIZE <= 64, "dummy holds one slot");

pub const OFF_LOADS: i32 = core::mem::offset_of!(Mirror, loads) as i32;
pub const OFF_STORES: i32 = core::mem::offset_of!(Mirror, stores) as i32;
pub const OFF_RAM_LIMIT: i32 = core::mem::offset_of!(Mirror, ram_limit) as i32;
pub const OFF_RAM_ADDEND: i32 = core::mem::offset_of!(Mirror, ram_addend) as i32;
pub const E_TAG: i32 = core::mem::offset_of!(Entry, tag) as i32;
pub const E_ADDEND: i32 = core::mem::offset_of!(Entry, addend) as i32;
pub const E_SLOT: i32 = core::mem::offset_of!(Entry, slot) as i32;
pub const E_VERSION: i32 = core::mem::offset_of!(Entry, version) as i32;
pub const OFF_FETCHES: i32 = core::mem::offset_of!(Mirror, fetches) as i32;
pub const F_TAG: i32 = core::mem::offset_of!(FetchEntry, tag) as i32;
pub const F_SLOT: i32 = core::mem::offset_of!(FetchEntry, slot) as i32;
pub const F_VERSION: i32 = core::mem::offset_of!(FetchEntry, version) as i32;
pub const F_PAGE: i32 = core::mem::offset_of!(FetchEntry, page) as i32;

impl Default for Mirror {
    fn default() -> Self {
        Mirror {
            entries: core::ptr::null_mut(),
            loads: [EMPTY; SIZE],
            stores: [EMPTY; SIZE],
            fetches: [FETCH_EMPTY; FETCH_SIZE],
            key: None,
            enabled: false,
            identity: true,
            ram_limit: 0,
            ram_addend: 0,
            dummy: [0; 8],
        }
    }
}

impl Mirror {
    /// Forget every copy (and the context: the next `sync` starts over).
    pub fn clear(&mut self) {
        self.loads = [EMPTY; SIZE];
        self.stores = [EMPTY; SIZE];
        self.fetches = [FETCH_EMPTY; FETCH_SIZE];
        self.key = None;
        self.enabled = false;
        self.ram_limit = 0;
    }
}

/// A few mirrors, one per recent context, so that going back and forth
/// between contexts (a system call and its return, the kernel setting and
/// clearing `SUM` around a copy from user memory, a switch between two
/// processes) finds its copies again instead of emptying a table: a copy
/// stays good in its own context for as long as its TLB slot keeps the
/// version it had (see the module documentation). Translated code reads
/// `current` (the first field).
#[repr(C)]
pub struct Mirrors {
    pub current: *mut Mirror,
    pool: Box<[Mirror; POOL]>,
    /// The next mirror to reuse for a new context (round robin).
    victim: usize,
}

/// Contexts kept.
const POOL: usize = 8;

impl Default for Mirrors {
    fn default() -> Self {
        let mut pool: Box<[Mirror; POOL]> = Box::new(Default::default());
        Mirrors {
            current: &mut pool[0],
            pool,
            victim: 0,
        }
    }
}

impl Mirrors {
    /// Forget every copy of every context.
    pub fn clear(&mut self) {
        for m in self.pool.iter_mut() {
            m.clear();
        }
    }

    /// Forget, in every context, the fetch translations of the virtual
    /// pages `pages` (4 KiB aligned) holds: the cross-page stub must not
    /// make one the fetch page (halt points, `halt.rs`).
    pub fn drop_fetches(&mut self, pages: impl Fn(u64) -> bool) {
        for m in self.pool.iter_mut() {
            for e in m.fetches.iter_mut() {
                if e.tag != FETCH_EMPTY.tag && pages(e.tag << 12) {
                    *e = FETCH_EMPTY;
                }
            }
        }
    }

    #[inline(always)]
    fn current(&mut self) -> &mut Mirror {
        // SAFETY: `current` always points into `pool`, which lives as
        // long as `self` and does not move (boxed).
        unsafe { &mut *self.current }
    }
}

pub const OFF_CURRENT: usize = core::mem::offset_of!(Mirrors, current);

/// Make the mirror of the hart's current context current (a kept one, or
/// the next one emptied for it), before translated code runs.
#[inline(always)]
pub fn sync(cpu: &mut Cpu) {
    let key = Key {
        satp: cpu.csr.satp,
        mstatus: cpu.csr.mstatus & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR),
        prv: cpu.prv as u8,
        slow: u32::from_ne_bytes(cpu.data_slow.map(u8::from)),
        cpu: cpu as *const Cpu as usize,
    };
    if cpu.jit.mirror.current().key != Some(key) {
        change_context(cpu, key);
    }
    if cpu.bus.mem.flags_raised {
        drop_flagged(cpu);
    }
}

/// Whether data accesses have no translation now (M-mode, or Bare): the
/// `identity` of the context `sync` makes current.
#[inline(always)]
pub fn identity(cpu: &Cpu) -> bool {
    cpu.csr.satp >> 60 != 8 || cpu.data_privilege() == Privilege::Machine
}

#[cold]
#[inline(never)]
fn change_context(cpu: &mut Cpu, key: Key) {
    let at = cpu as *const Cpu as usize;
    let mirrors = &mut cpu.jit.mirror;
    if let Some(i) = mirrors.pool.iter().position(|m| m.key == Some(key)) {
        mirrors.current = &mut mirrors.pool[i];
        return;
    }
    let i = mirrors.victim;
    mirrors.victim = (i + 1) % POOL;
    mirrors.current = &mut mirrors.pool[i];
    let prv = cpu.data_privilege();
    let identity = identity(cpu);
    // (Whole pages of RAM, so that an access within one page that starts
    // in them ends in them.)
    let ram_size = cpu.bus.mem.size() & !0xfff;
    let ram_addend = (cpu.bus.mem.raw_parts().0 as u64).wrapping_sub(crate::memory::RAM_BASE);
    let m = &mut cpu.jit.mirror.pool[i];
    let entries = if identity {
        m.dummy.as_mut_ptr() as *mut u8
    } else {
        let (e, t) = cpu.mmu.dtlb_mut().raw_parts();
        let (_, it) = cpu.mmu.itlb_mut().raw_parts();
        // Translated code finds the ticks and the hit count at fixed
        // offsets in the hart.
        assert_eq!(t as usize, at + super::translate::DTLB_TICK_OFF as usize);
        assert_eq!(it as usize, at + super::translate::ITLB_TICK_OFF as usize);
        let hits = &mut cpu.mmu.counters.dtlb.hits as *mut u64 as usize;
        assert_eq!(hits, at + super::translate::DTLB_HITS_OFF as usize);
        e
    };
    m.loads = [EMPTY; SIZE];
    m.stores = [EMPTY; SIZE];
    m.fetches = [FETCH_EMPTY; FETCH_SIZE];
    m.key = Some(key);
    m.enabled = !cpu.data_slow[prv as usize];
    m.identity = identity;
    m.ram_limit = if identity && m.enabled { ram_size } else { 0 };
    m.ram_addend = ram_addend;
    m.entries = entries;
}

/// Drop every store copy, in every context kept, of a page that now has
/// flags (see the module documentation, 3.).
#[cold]
#[inline(never)]
fn drop_flagged(cpu: &mut Cpu) {
    let mem = &mut cpu.bus.mem;
    mem.flags_raised = false;
    for m in cpu.jit.mirror.pool.iter_mut() {
        for e in m.stores.iter_mut() {
            if e.tag != u64::MAX && mem.page_flags[e.page as usize] != 0 {
                *e = EMPTY;
            }
        }
    }
}

/// After the interpreter's path did a load (`store` false) or store of
/// `len` bytes at `va` successfully: copy the translation it used, if it
/// was one RAM page and the context allows copies.
#[inline]
pub fn copy(cpu: &mut Cpu, va: u64, len: u64, store: bool) {
    let m = cpu.jit.mirror.current();
    if !m.enabled || (va & 0xfff) + len > 0x1000 {
        return;
    }
    let entries = m.entries as u64;
    let (slot, version, pa) = if m.identity {
        (0, 0, va)
    } else {
        match cpu.mmu.dtlb_mut().last_used(va) {
            Some(t) => t,
            None => return,
        }
    };
    let Some(off) = cpu.bus.mem.offset(pa & !0xfff, 0x1000) else {
        return; // MMIO: always the interpreter's path
    };
    if store && cpu.bus.mem.page_flags[off >> 12] != 0 {
        return; // decoded code, the HTIF mailbox, the journal: ditto
    }
    let ram = cpu.bus.mem.raw_parts().0 as u64;
    let e = Entry {
        tag: va >> 12,
        addend: (ram + off as u64).wrapping_sub(va & !0xfff),
        slot: entries + slot as u64 * RAW_ENTRY_SIZE as u64,
        version,
        page: (off >> 12) as u32,
    };
    let m = cpu.jit.mirror.current();
    let table = if store { &mut m.stores } else { &mut m.loads };
    table[(va >> 12) as usize % SIZE] = e;
}

/// After the dispatcher made the page of `pc` the fetch page through the
/// MMU (an iTLB access, fetches translated) and made the mirror of the
/// context current (`sync`): copy the iTLB translation it used, for the
/// cross-page stub.
#[inline]
pub fn copy_fetch(cpu: &mut Cpu, pc: u64) {
    let page = cpu.fetch.ram_page as u32;
    let Some((slot, version, _)) = cpu.mmu.itlb().last_used(pc) else {
        return;
    };
    let (entries, _) = cpu.mmu.itlb_mut().raw_parts();
    let m = cpu.jit.mirror.current();
    if m.identity {
        return;
    }
    m.fetches[(pc >> 12) as usize % FETCH_SIZE] = FetchEntry {
        tag: pc >> 12,
        slot: entries as u64 + slot as u64 * RAW_ENTRY_SIZE as u64,
        version,
        page,
        _pad: 0,
    };
}
