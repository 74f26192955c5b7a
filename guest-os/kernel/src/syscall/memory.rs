//! Memory system calls: brk, mmap, munmap, mprotect, riscv_flush_icache. They only change the
//! address space's areas (mm/vma.rs, mm/aspace.rs); pages arrive later,
//! on demand, through the page-fault handler (mm/fault.rs).

use super::*;

/// brk(addr): move the break if possible; always return the break.
pub(super) fn sys_brk(p: &mut Proc, addr: usize) -> usize {
    if addr != 0 {
        p.aspace.set_brk(addr, BRK_LIMIT);
    }
    p.aspace.brk
}

const PROT_READ: u64 = 1;
const PROT_WRITE: u64 = 2;
const PROT_EXEC: u64 = 4;
const MAP_SHARED: u64 = 0x01;
const MAP_PRIVATE: u64 = 0x02;
const MAP_ANONYMOUS: u64 = 0x20;
const MAP_NORESERVE: u64 = 0x4000;

/// mmap(addr, len, prot, flags, fd, offset): anonymous mappings, private
/// (MAP_PRIVATE: copy-on-write across fork) or shared (MAP_SHARED: parent
/// and children see each other's writes). fd is ignored as Linux does for
/// anonymous maps. The address is only a hint and we ignore it: the region
/// goes in the highest free range below the stack. Nothing is allocated
/// until the pages are touched (demand paging); the commit charge
/// (commit.rs) decides whether the promise can be made at all.
pub(super) fn sys_mmap(p: &mut Proc, len: u64, prot: u64, flags: u64, offset: u64) -> SysResult {
    if len == 0 || offset % PAGE_SIZE as u64 != 0 {
        return Err(EINVAL);
    }
    let kind = flags & (MAP_SHARED | MAP_PRIVATE);
    if flags & MAP_ANONYMOUS == 0 || !(kind == MAP_SHARED || kind == MAP_PRIVATE) {
        return Err(EINVAL);
    }
    if flags & !(MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE) != 0
        || prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0
    {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(ENOMEM)? & !(PAGE_SIZE - 1);
    let mut perm = vm::PTE_U;
    if prot & PROT_READ != 0 {
        perm |= vm::PTE_R;
    }
    if prot & PROT_WRITE != 0 {
        perm |= vm::PTE_W | vm::PTE_R; // RISC-V has no write-only pages
    }
    if prot & PROT_EXEC != 0 {
        perm |= vm::PTE_X;
    }
    let bottom = crate::mm::frame::page_up(p.aspace.brk).max(crate::mm::aspace::MMAP_MIN);
    p.aspace
        .map_anon(len, perm, kind == MAP_SHARED, bottom, BRK_LIMIT)
        .map(|va| va as i64)
        .map_err(|_| ENOMEM)
}

/// munmap(addr, len): addr page-aligned, len > 0 (rounded up to pages).
/// Whole regions, their heads, tails or middles; pages without a mapping
/// are fine. Only mmap regions: a range that meets the program, the heap
/// or the stack gives EINVAL (Linux would unmap those too).
pub(super) fn sys_munmap(p: &mut Proc, addr: u64, len: u64) -> SysResult {
    let addr = addr as usize;
    if addr % PAGE_SIZE != 0 || len == 0 {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(EINVAL)? & !(PAGE_SIZE - 1);
    let end = addr.checked_add(len).ok_or(EINVAL)?;
    if end > vm::MAXVA {
        return Err(EINVAL);
    }
    if p.aspace.meets_non_mmap(addr, end) {
        return Err(EINVAL);
    }
    p.aspace.unmap_vmas(addr, end);
    Ok(0)
}

/// mprotect(addr, len, prot): addr page-aligned (EINVAL), len rounded up
/// to pages, prot some of PROT_READ/WRITE/EXEC (anything else: EINVAL;
/// PROT_GROWSDOWN/UP are not supported). A hole in the range is ENOMEM, a
/// writable shared mapping of a read-only file EACCES (mm/protect.rs).
pub(super) fn sys_mprotect(p: &mut Proc, addr: u64, len: u64, prot: u64) -> SysResult {
    let addr = addr as usize;
    if addr % PAGE_SIZE != 0 || prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0 {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(ENOMEM)? & !(PAGE_SIZE - 1);
    if len == 0 {
        return Ok(0);
    }
    let end = addr.checked_add(len).ok_or(ENOMEM)?;
    if end > crate::mm::aspace::USER_TOP {
        return Err(ENOMEM);
    }
    use crate::mm::protect::{self, ProtectError};
    match protect::protect(&mut p.aspace, addr, end, protect::prot_to_perm(prot)) {
        Ok(()) => Ok(0),
        Err(ProtectError::NoMem) => Err(ENOMEM),
        Err(ProtectError::Access) => Err(EACCES),
    }
}

/// riscv_flush_icache(start, end, flags): what GCC's __builtin___clear_cache
/// calls after writing code. Only flag SYS_RISCV_FLUSH_ICACHE_LOCAL (1) is
/// defined. One hart: a fence.i here orders the kernel's view; the
/// program's own fence.i covers its hart (the machine's decoded-instruction
/// cache drops a page on any store to it anyway).
pub(super) fn sys_riscv_flush_icache(_start: u64, _end: u64, flags: u64) -> SysResult {
    if flags & !1 != 0 {
        return Err(EINVAL);
    }
    unsafe { core::arch::asm!("fence.i") };
    Ok(0)
}
