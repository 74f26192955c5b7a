//! Loads and stores as the CPU performs them: privilege for the access
//! (`mstatus.MPRV`), Sv39 translation through the MMU's TLB, then RAM or MMIO.
//!
//! Misaligned loads and stores are performed (split if they cross a page),
//! as QEMU's `virt` CPU does; only LR/SC/AMOs require natural alignment.

use super::csr::{MSTATUS_MPP_SHIFT, MSTATUS_MPRV, MSTATUS_MXR, MSTATUS_SUM};
use super::pmp::Pmp;
use super::trap::cause;
use super::{Cpu, Trap};
use crate::memory::{Memory, PAGE_CODE, PAGE_JOURNAL, PAGE_WATCH};
use vitrine_mmu::{AccessCtx, AccessType, Fault, PhysMem, Privilege};

/// The page walker reads PTEs from RAM only (PTEs in MMIO space are access faults).
impl PhysMem for Memory {
    fn read_u64(&mut self, pa: u64) -> Option<u64> {
        Memory::read_u64(self, pa)
    }
    fn write_u64(&mut self, pa: u64, value: u64) -> bool {
        Memory::write_u64(self, pa, value).is_some()
    }
}

/// RAM as the page walker of a hart sees it: PTE reads (and A/D writes) are
/// S-mode accesses checked by PMP; a denied one is an access fault, which
/// the walk reports as an access fault of the original access type.
pub struct WalkMem<'a> {
    pub mem: &'a mut Memory,
    pub pmp: &'a Pmp,
}

impl PhysMem for WalkMem<'_> {
    fn read_u64(&mut self, pa: u64) -> Option<u64> {
        if self.pmp.needs_check(Privilege::Supervisor)
            && !self
                .pmp
                .check(pa, 8, Privilege::Supervisor, AccessType::Load)
        {
            return None;
        }
        Memory::read_u64(self.mem, pa)
    }
    fn write_u64(&mut self, pa: u64, value: u64) -> bool {
        if self.pmp.needs_check(Privilege::Supervisor)
            && !self
                .pmp
                .check(pa, 8, Privilege::Supervisor, AccessType::Store)
        {
            return false;
        }
        Memory::write_u64(self.mem, pa, value).is_some()
    }
}

/// `mcause` for a failed translation of `access`.
pub fn fault_cause(access: AccessType, fault: Fault) -> u64 {
    match (access, fault) {
        (AccessType::Fetch, Fault::Page) => cause::INSN_PAGE_FAULT,
        (AccessType::Load, Fault::Page) => cause::LOAD_PAGE_FAULT,
        (AccessType::Store, Fault::Page) => cause::STORE_PAGE_FAULT,
        (AccessType::Fetch, Fault::Access) => cause::INSN_ACCESS_FAULT,
        (AccessType::Load, Fault::Access) => cause::LOAD_ACCESS_FAULT,
        (AccessType::Store, Fault::Access) => cause::STORE_ACCESS_FAULT,
    }
}

impl Cpu {
    /// The privilege loads and stores are checked at: `mstatus.MPP` when
    /// `MPRV` is set in M-mode, else the current privilege.
    #[inline(always)]
    pub fn data_privilege(&self) -> Privilege {
        if self.csr.mstatus & MSTATUS_MPRV != 0 && self.prv == Privilege::Machine {
            match (self.csr.mstatus >> MSTATUS_MPP_SHIFT) & 3 {
                0 => Privilege::User,
                1 => Privilege::Supervisor,
                _ => Privilege::Machine,
            }
        } else {
            self.prv
        }
    }

    /// Virtual-to-physical for an access at `privilege`: identity in Bare mode
    /// and in M-mode, otherwise an Sv39 translation through the TLB.
    #[inline(always)]
    pub fn translate(
        &mut self,
        va: u64,
        access: AccessType,
        privilege: Privilege,
    ) -> Result<u64, Trap> {
        if self.csr.satp >> 60 != 8 || privilege == Privilege::Machine {
            return Ok(va);
        }
        let ctx = AccessCtx {
            privilege,
            sum: self.csr.mstatus & MSTATUS_SUM != 0,
            mxr: self.csr.mstatus & MSTATUS_MXR != 0,
        };
        let mut mem = WalkMem {
            mem: &mut self.bus.mem,
            pmp: &self.pmp,
        };
        self.mmu
            .translate(va, access, self.csr.satp, ctx, &mut mem)
            .map_err(|f| Trap::new(fault_cause(access, f), va))
    }

    /// Physical address of a data access of `len` bytes that stays inside
    /// one page, translated and PMP-checked. `amo`: a read-modify-write
    /// (checked as a store, and as a load by triggers). Everything beyond
    /// translation (PMP, load/store triggers) is behind one predictable
    /// branch on `data_slow`, false while PMP's summary says every access at
    /// this privilege passes and no load/store trigger is armed.
    #[inline(always)]
    fn data_pa(&mut self, va: u64, len: u64, access: AccessType, amo: bool) -> Result<u64, Trap> {
        let prv = self.data_privilege();
        if self.data_slow[prv as usize] {
            return self.data_pa_slow(va, len, access, amo, prv);
        }
        self.translate(va, access, prv)
    }

    /// `data_pa` with triggers (first: a load/store breakpoint outranks
    /// translation faults) and PMP.
    #[inline(never)]
    fn data_pa_slow(
        &mut self,
        va: u64,
        len: u64,
        access: AccessType,
        amo: bool,
        prv: Privilege,
    ) -> Result<u64, Trap> {
        self.check_data_triggers(va, len, access == AccessType::Store, amo)?;
        let pa = self.translate(va, access, prv)?;
        if self.pmp.needs_check(prv) {
            self.pmp_check_data(va, pa, len, prv, access)?;
        }
        Ok(pa)
    }

    /// PMP check of a load or store (AMOs check as stores); access fault
    /// with tval = the virtual address.
    #[inline(never)]
    fn pmp_check_data(
        &self,
        va: u64,
        pa: u64,
        len: u64,
        prv: Privilege,
        access: AccessType,
    ) -> Result<(), Trap> {
        if self.pmp.check(pa, len, prv, access) {
            Ok(())
        } else {
            Err(Trap::new(fault_cause(access, Fault::Access), va))
        }
    }

    /// Load `N` bytes (little-endian) from virtual address `va`.
    #[inline(always)]
    pub fn load<const N: usize>(&mut self, va: u64) -> Result<[u8; N], Trap> {
        if (va & 0xfff) as usize > 0x1000 - N {
            return self.load_split::<N>(va);
        }
        let pa = self.data_pa(va, N as u64, AccessType::Load, false)?;
        match self.bus.mem.offset(pa, N as u64) {
            Some(off) => Ok(self.bus.mem.read_at::<N>(off)),
            None => self.mmio_load::<N>(va, pa),
        }
    }

    #[cold]
    fn mmio_load<const N: usize>(&mut self, va: u64, pa: u64) -> Result<[u8; N], Trap> {
        let now = self.clock.mtime(self.instret);
        match self.bus.mmio_read(pa, N as u8, now) {
            Some(v) => Ok(v.to_le_bytes()[..N].try_into().unwrap()),
            None => Err(Trap::new(cause::LOAD_ACCESS_FAULT, va)),
        }
    }

    /// A misaligned load crossing a page boundary: byte by byte.
    #[cold]
    fn load_split<const N: usize>(&mut self, va: u64) -> Result<[u8; N], Trap> {
        let mut out = [0u8; N];
        for (i, b) in out.iter_mut().enumerate() {
            *b = self.load::<1>(va.wrapping_add(i as u64))?[0];
        }
        Ok(out)
    }

    /// Store `N` bytes (little-endian) at virtual address `va`.
    #[inline(always)]
    pub fn store<const N: usize>(&mut self, va: u64, data: [u8; N]) -> Result<(), Trap> {
        if (va & 0xfff) as usize > 0x1000 - N {
            return self.store_split::<N>(va, data);
        }
        let pa = self.data_pa(va, N as u64, AccessType::Store, false)?;
        match self.bus.mem.offset(pa, N as u64) {
            Some(off) => {
                if self.bus.mem.page_flags[off >> 12] != 0 {
                    self.flagged_store::<N>(pa, off, data);
                } else {
                    self.bus.mem.write_at::<N>(off, data);
                }
                Ok(())
            }
            None => self.mmio_store::<N>(va, pa, data),
        }
    }

    /// A store to a page with decoded instructions, the HTIF mailbox, or
    /// not yet saved by the snapshot journal: save it if needed, write, and
    /// tell whoever needs to know.
    #[cold]
    fn flagged_store<const N: usize>(&mut self, pa: u64, off: usize, data: [u8; N]) {
        let page = off >> 12;
        let flags = self.bus.mem.page_flags[page];
        if flags & PAGE_JOURNAL != 0 {
            self.bus.mem.save_page(page);
        }
        self.bus.mem.write_at::<N>(off, data);
        if flags & PAGE_CODE != 0 {
            self.icache.invalidate_page(page);
            self.bus.mem.page_flags[page] &= !PAGE_CODE;
            if page == self.fetch.ram_page {
                self.flush_fetch();
            }
            // Translated code chained across pages (`jit::far`) must not
            // run this page's old translations: the block ends here, and
            // the dispatcher drops them before the next.
            self.end_block();
        }
        if flags & PAGE_WATCH != 0 {
            self.bus.watched_store(pa);
            self.end_block();
        }
    }

    #[cold]
    fn mmio_store<const N: usize>(&mut self, va: u64, pa: u64, data: [u8; N]) -> Result<(), Trap> {
        let mut v = [0u8; 8];
        v[..N].copy_from_slice(&data);
        let now = self.clock.mtime(self.instret);
        if !self.bus.write_keeps_block(pa) {
            self.end_block();
        }
        match self.bus.mmio_write(pa, N as u8, u64::from_le_bytes(v), now) {
            Some(()) => {
                if let Some(t) = self.bus.clint.set_mtime.take() {
                    self.clock.set_mtime(t, self.instret);
                }
                Ok(())
            }
            None => Err(Trap::new(cause::STORE_ACCESS_FAULT, va)),
        }
    }

    #[cold]
    fn store_split<const N: usize>(&mut self, va: u64, data: [u8; N]) -> Result<(), Trap> {
        // Check both pages first so a fault on the second leaves memory
        // untouched; a fault there reports the start of the second page.
        let second = (va | 0xfff).wrapping_add(1);
        let first_len = second.wrapping_sub(va);
        self.data_pa(va, first_len, AccessType::Store, false)?;
        self.data_pa(second, N as u64 - first_len, AccessType::Store, false)?;
        for (i, b) in data.iter().enumerate() {
            self.store::<1>(va.wrapping_add(i as u64), [*b])?;
        }
        Ok(())
    }

    #[inline(always)]
    pub fn load_u8(&mut self, va: u64) -> Result<u8, Trap> {
        Ok(self.load::<1>(va)?[0])
    }
    #[inline(always)]
    pub fn load_u16(&mut self, va: u64) -> Result<u16, Trap> {
        Ok(u16::from_le_bytes(self.load::<2>(va)?))
    }
    #[inline(always)]
    pub fn load_u32(&mut self, va: u64) -> Result<u32, Trap> {
        Ok(u32::from_le_bytes(self.load::<4>(va)?))
    }
    #[inline(always)]
    pub fn load_u64(&mut self, va: u64) -> Result<u64, Trap> {
        Ok(u64::from_le_bytes(self.load::<8>(va)?))
    }
    #[inline(always)]
    pub fn store_u8(&mut self, va: u64, v: u8) -> Result<(), Trap> {
        self.store::<1>(va, [v])
    }
    #[inline(always)]
    pub fn store_u16(&mut self, va: u64, v: u16) -> Result<(), Trap> {
        self.store::<2>(va, v.to_le_bytes())
    }
    #[inline(always)]
    pub fn store_u32(&mut self, va: u64, v: u32) -> Result<(), Trap> {
        self.store::<4>(va, v.to_le_bytes())
    }
    #[inline(always)]
    pub fn store_u64(&mut self, va: u64, v: u64) -> Result<(), Trap> {
        self.store::<8>(va, v.to_le_bytes())
    }
}

/// The cache-block size of Zicbom and Zicboz (`riscv,cbom-block-size`,
/// `riscv,cboz-block-size` in the device tree), as on QEMU.
pub const CACHE_BLOCK: u64 = 64;

impl Cpu {
    /// `cbo.zero`: zero the cache block containing `va` as one store of
    /// [`CACHE_BLOCK`] bytes at the block's (aligned) address: one
    /// translation with store permission (one TLB access), faults as a
    /// store, then the write. As the CMO specification says, `xtval` of a
    /// fault is `va` (rs1), not the block's address.
    pub fn zero_block(&mut self, va: u64) -> Result<(), Trap> {
        const N: usize = CACHE_BLOCK as usize;
        let block = va & !(CACHE_BLOCK - 1);
        let pa = self
            .data_pa(block, CACHE_BLOCK, AccessType::Store, false)
            .map_err(|t| with_address(t, va))?;
        match self.bus.mem.offset(pa, CACHE_BLOCK) {
            Some(off) => {
                if self.bus.mem.page_flags[off >> 12] != 0 {
                    self.flagged_store::<N>(pa, off, [0; N]);
                } else {
                    self.bus.mem.write_at::<N>(off, [0; N]);
                }
                Ok(())
            }
            None => {
                for k in (0..CACHE_BLOCK).step_by(8) {
                    self.mmio_store::<8>(va, pa + k, [0; 8])?;
                }
                Ok(())
            }
        }
    }

    /// The access check of `cbo.clean`, `cbo.flush` and `cbo.inval` (which
    /// have no effect on data here: there is no cache to model). As QEMU
    /// (and the CMO spec: permitted where a load or a store would be): the
    /// block is probed for a load; if that fails with a fault, it must be
    /// writable, and a failure is reported as a store fault (`xtval` = `va`).
    pub fn probe_block(&mut self, va: u64) -> Result<(), Trap> {
        let block = va & !(CACHE_BLOCK - 1);
        match self.data_pa(block, CACHE_BLOCK, AccessType::Load, false) {
            Ok(_) => Ok(()),
            Err(t)
                if t.cause() == cause::LOAD_PAGE_FAULT || t.cause() == cause::LOAD_ACCESS_FAULT =>
            {
                self.data_pa(block, CACHE_BLOCK, AccessType::Store, false)
                    .map(|_| ())
                    .map_err(|t| with_address(t, va))
            }
            Err(t) => Err(t),
        }
    }
}

/// A page or access fault of a cache-block operation, reported at the
/// instruction's address `va` (other traps unchanged).
fn with_address(t: Trap, va: u64) -> Trap {
    match t.cause() {
        cause::STORE_PAGE_FAULT
        | cause::STORE_ACCESS_FAULT
        | cause::LOAD_PAGE_FAULT
        | cause::LOAD_ACCESS_FAULT => Trap::new(t.cause(), va),
        _ => t,
    }
}

impl Cpu {
    /// Atomic read-modify-write of `N` bytes at `va` for AMOs and SC: the
    /// address must be naturally aligned (else store/AMO misaligned) and is
    /// translated with store permission (faults are store faults, as the spec
    /// requires for AMOs). Load and store triggers both apply. Returns the
    /// old value.
    pub fn amo<const N: usize>(
        &mut self,
        va: u64,
        f: impl FnOnce(u64) -> u64,
    ) -> Result<u64, Trap> {
        if va & (N as u64 - 1) != 0 {
            return Err(Trap::new(cause::STORE_MISALIGNED, va));
        }
        let pa = self.data_pa(va, N as u64, AccessType::Store, true)?;
        let off = self
            .bus
            .mem
            .offset(pa, N as u64)
            .ok_or(Trap::new(cause::STORE_ACCESS_FAULT, va))?;
        let mut buf = [0u8; 8];
        buf[..N].copy_from_slice(&self.bus.mem.read_at::<N>(off));
        let old = u64::from_le_bytes(buf);
        let new: [u8; N] = f(old).to_le_bytes()[..N].try_into().unwrap();
        if self.bus.mem.page_flags[off >> 12] != 0 {
            self.flagged_store::<N>(pa, off, new);
        } else {
            self.bus.mem.write_at::<N>(off, new);
        }
        Ok(old)
    }
}
