//! Memory system calls: brk, mmap, munmap, mprotect, mremap, madvise,
//! msync, riscv_flush_icache. They only change the
//! address space's areas (mm/vma.rs, mm/aspace.rs); pages arrive later,
//! on demand, through the page-fault handler (mm/fault.rs).

use super::*;
use crate::fs::{self, Kind};
use crate::mm::aspace;
use crate::mm::fault::Access;
use crate::mm::frame::{page_down, page_up};
use crate::mm::vma::{Backing, VM_GROWSDOWN, VM_MAYWRITE, VM_NORESERVE, VM_SHARED, Vma, VmaKind};

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
const MAP_SHARED_VALIDATE: u64 = 0x03;
const MAP_TYPE: u64 = 0x0f;
const MAP_FIXED: u64 = 0x10;
const MAP_ANONYMOUS: u64 = 0x20;
const MAP_GROWSDOWN: u64 = 0x0100;
const MAP_DENYWRITE: u64 = 0x0800;
const MAP_EXECUTABLE: u64 = 0x1000;
const MAP_LOCKED: u64 = 0x2000;
const MAP_NORESERVE: u64 = 0x4000;
const MAP_POPULATE: u64 = 0x8000;
const MAP_NONBLOCK: u64 = 0x1_0000;
const MAP_STACK: u64 = 0x2_0000;
const MAP_FIXED_NOREPLACE: u64 = 0x10_0000;
/// The flags MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK and
/// the ones we implement); MAP_SHARED and MAP_PRIVATE ignore unknown ones.
const KNOWN_FLAGS: u64 = MAP_TYPE
    | MAP_FIXED
    | MAP_ANONYMOUS
    | MAP_GROWSDOWN
    | MAP_DENYWRITE
    | MAP_EXECUTABLE
    | MAP_LOCKED
    | MAP_NORESERVE
    | MAP_POPULATE
    | MAP_NONBLOCK
    | MAP_STACK
    | MAP_FIXED_NOREPLACE;
const EOPNOTSUPP: i64 = 95;
const EOVERFLOW: i64 = 75;
const ENODEV: i64 = 19;

/// Where mmap looks for room when no address is asked for: from the top
/// (just below the stack's reach) down to the heap, as Linux's top-down
/// layout does.
fn mmap_window(p: &Proc) -> (usize, usize) {
    let bottom = page_up(p.aspace.brk).max(aspace::MMAP_MIN);
    (bottom, BRK_LIMIT)
}

/// mmap(addr, len, prot, flags, fd, offset), with Linux's checks in
/// Linux's order (do_mmap):
///   - anonymous (MAP_ANONYMOUS; fd ignored) or a regular file through fd
///     (EBADF; not a regular file: ENODEV; not open for reading: EACCES;
///     MAP_SHARED with PROT_WRITE on a file not open for writing: EACCES);
///   - MAP_PRIVATE: private pages (copy-on-write across fork; a file's
///     pages come from the page cache and are copied on the first write);
///     MAP_SHARED: one set of pages for every mapping (a file's: the page
///     cache's frames, written back to the file at munmap/exit/msync);
///   - MAP_FIXED: exactly at addr, replacing whatever was there;
///     MAP_FIXED_NOREPLACE: exactly there or EEXIST; otherwise addr is a
///     hint, taken if the range is free, else the highest free range;
///   - MAP_NORESERVE: no commit charge (unless vm.overcommit_memory=2);
///     MAP_POPULATE: the pages are faulted in now; MAP_GROWSDOWN: a fault
///     just below the region grows it; MAP_STACK, MAP_DENYWRITE,
///     MAP_EXECUTABLE, MAP_LOCKED, MAP_NONBLOCK: accepted, nothing to do.
/// Nothing else is allocated until the pages are touched (demand paging).
pub(super) fn sys_mmap(
    p: &mut Proc,
    addr: u64,
    len: u64,
    prot: u64,
    flags: u64,
    fd: u64,
    offset: u64,
) -> SysResult {
    if offset % PAGE_SIZE as u64 != 0 {
        return Err(EINVAL);
    }
    let anon = flags & MAP_ANONYMOUS != 0;
    let file = if anon { None } else { Some(p.fds.get(fd).ok_or(EBADF)?.clone()) };
    if len == 0 {
        return Err(EINVAL);
    }
    let fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0;
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(ENOMEM)? & !(PAGE_SIZE - 1);
    if len == 0 || len > aspace::USER_TOP {
        return Err(ENOMEM);
    }
    let pgoff = offset as usize / PAGE_SIZE;
    if pgoff.checked_add(len / PAGE_SIZE).is_none() {
        return Err(EOVERFLOW);
    }
    if p.aspace.vmas.len() >= aspace::MAX_MAP_COUNT {
        return Err(ENOMEM);
    }
    let addr = addr as usize;
    if fixed {
        if addr % PAGE_SIZE != 0 {
            return Err(EINVAL);
        }
        if addr.checked_add(len).is_none_or(|e| e > aspace::USER_TOP) {
            return Err(ENOMEM);
        }
        if addr < aspace::MMAP_MIN {
            return Err(EPERM);
        }
        if flags & MAP_FIXED_NOREPLACE != 0 && p.aspace.overlaps(addr, addr + len) {
            return Err(EEXIST);
        }
    }
    let kind = flags & MAP_TYPE;
    if kind == MAP_SHARED_VALIDATE && flags & !KNOWN_FLAGS != 0 {
        return Err(EOPNOTSUPP);
    }
    let shared = match kind {
        MAP_SHARED | MAP_SHARED_VALIDATE => true,
        MAP_PRIVATE => false,
        _ => return Err(EINVAL),
    };
    if prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0 {
        return Err(EINVAL);
    }
    let mut vflags = VM_MAYWRITE;
    if flags & MAP_NORESERVE != 0 && crate::klib::sysctl::overcommit_memory() != 2 {
        vflags |= VM_NORESERVE;
    }
    let backing = match &file {
        None => {
            if flags & MAP_GROWSDOWN != 0 {
                vflags |= VM_GROWSDOWN;
            }
            if shared {
                Backing::Shm { obj: alloc::rc::Rc::new(Default::default()), pgoff: 0 }
            } else {
                Backing::Anon
            }
        }
        Some(f) => {
            if shared {
                if prot & PROT_WRITE != 0 && !f.writable {
                    return Err(EACCES);
                }
                if !f.writable {
                    vflags &= !VM_MAYWRITE;
                }
                vflags |= VM_SHARED;
            }
            if !f.readable {
                return Err(EACCES);
            }
            let node = f.node().ok_or(ENODEV)?;
            let Kind::File(data) = &fs::node(node).kind else { return Err(ENODEV) };
            let path = fs::path_of(node).unwrap_or_default();
            Backing::File {
                node,
                path: alloc::rc::Rc::from(path.as_str()),
                offset: offset as usize,
                file_end: data.len(),
            }
        }
    };
    let perm = crate::mm::protect::prot_to_perm(prot);
    let vma = Vma { end: 0, perm, kind: VmaKind::Mmap, backing, flags: vflags };
    let (bottom, top) = mmap_window(p);
    let mm = &mut p.aspace;
    let start = if fixed {
        mm.unmap_vmas(addr, addr + len);
        addr
    } else {
        let hint = page_down(addr);
        let free = hint >= aspace::MMAP_MIN
            && hint.checked_add(len).is_some_and(|e| e <= aspace::USER_TOP)
            && !mm.overlaps(hint, hint + len);
        if addr != 0 && free { hint } else { mm.find_gap(len, bottom, top).ok_or(ENOMEM)? }
    };
    mm.add_vma(start, Vma { end: start + len, ..vma }).map_err(|_| ENOMEM)?;
    mm.merge_around(start);
    if flags & MAP_POPULATE != 0 && perm & (vm::PTE_R | vm::PTE_X) != 0 {
        let access = if perm & vm::PTE_W != 0 { Access::Write } else { Access::Read };
        for va in (start..start + len).step_by(PAGE_SIZE) {
            if crate::mm::fault::resolve(mm, va, access).is_err() {
                break; // as Linux: populating is best effort
            }
        }
    }
    Ok(start as i64)
}

/// munmap(addr, len): addr page-aligned, len > 0 (rounded up to pages).
/// Whole regions, their heads, tails or middles, of any kind; pages
/// without a mapping are fine. Shared file pages go back to the file.
pub(super) fn sys_munmap(p: &mut Proc, addr: u64, len: u64) -> SysResult {
    let addr = addr as usize;
    if addr % PAGE_SIZE != 0 || len == 0 {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(EINVAL)? & !(PAGE_SIZE - 1);
    let end = addr.checked_add(len).ok_or(EINVAL)?;
    if end > aspace::USER_TOP {
        return Err(EINVAL);
    }
    p.aspace.unmap_vmas(addr, end);
    Ok(0)
}

const MADV_NORMAL: u64 = 0;
const MADV_RANDOM: u64 = 1;
const MADV_SEQUENTIAL: u64 = 2;
const MADV_WILLNEED: u64 = 3;
const MADV_DONTNEED: u64 = 4;
const MADV_FREE: u64 = 8;
const MADV_DONTFORK: u64 = 10;
const MADV_DOFORK: u64 = 11;
const MADV_HUGEPAGE: u64 = 14;
const MADV_NOHUGEPAGE: u64 = 15;
const MADV_DONTDUMP: u64 = 16;
const MADV_DODUMP: u64 = 17;

/// madvise(addr, len, advice). MADV_DONTNEED (and MADV_FREE, which may
/// behave the same) drop the pages of the range: the next touch of a
/// private anonymous page gets a zero page, of a private file page the
/// file's bytes again; shared pages keep their contents (they live in the
/// page cache or the shm object). The other advice Linux knows is
/// accepted and changes nothing here. addr unaligned or unknown advice:
/// EINVAL; a hole in the range: ENOMEM (after advising what is mapped).
pub(super) fn sys_madvise(p: &mut Proc, addr: u64, len: u64, advice: u64) -> SysResult {
    let addr = addr as usize;
    if addr % PAGE_SIZE != 0 {
        return Err(EINVAL);
    }
    let known = [
        MADV_NORMAL,
        MADV_RANDOM,
        MADV_SEQUENTIAL,
        MADV_WILLNEED,
        MADV_DONTNEED,
        MADV_FREE,
        MADV_DONTFORK,
        MADV_DOFORK,
        MADV_HUGEPAGE,
        MADV_NOHUGEPAGE,
        MADV_DONTDUMP,
        MADV_DODUMP,
    ];
    if !known.contains(&advice) {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(EINVAL)? & !(PAGE_SIZE - 1);
    let end = addr.checked_add(len).ok_or(EINVAL)?;
    if len == 0 {
        return Ok(0);
    }
    let mm = &mut p.aspace;
    if advice == MADV_DONTNEED || advice == MADV_FREE {
        let hit: alloc::vec::Vec<(usize, Vma)> = mm
            .vmas
            .range(..end)
            .filter(|(_, v)| v.end > addr)
            .map(|(&s, v)| (s, v.clone()))
            .collect();
        for (s, v) in hit {
            mm.unmap_pages(s, &v, s.max(addr), v.end.min(end));
        }
    }
    if !mm.covered(addr, end) {
        return Err(ENOMEM);
    }
    Ok(0)
}

/// msync(addr, len, flags): write a MAP_SHARED file mapping's pages back to
/// the file now (they stay mapped). flags: MS_ASYNC 1, MS_INVALIDATE 2,
/// MS_SYNC 4, not both ASYNC and SYNC (EINVAL); a hole: ENOMEM.
pub(super) fn sys_msync(p: &mut Proc, addr: u64, len: u64, flags: u64) -> SysResult {
    let addr = addr as usize;
    if addr % PAGE_SIZE != 0 || flags & !7 != 0 || flags & 5 == 5 {
        return Err(EINVAL);
    }
    let len = (len as usize).checked_add(PAGE_SIZE - 1).ok_or(ENOMEM)? & !(PAGE_SIZE - 1);
    let end = addr.checked_add(len).ok_or(ENOMEM)?;
    if !p.aspace.covered(addr, end) {
        return Err(ENOMEM);
    }
    p.aspace.writeback(addr, end);
    Ok(0)
}

/// mremap(old, old_len, new_len, flags, new_addr): MREMAP_MAYMOVE (1),
/// MREMAP_FIXED (2, needs MAYMOVE) as Linux (mm/remap.rs).
pub(super) fn sys_mremap(
    p: &mut Proc,
    old: u64,
    old_len: u64,
    new_len: u64,
    flags: u64,
    new_addr: u64,
) -> SysResult {
    use crate::mm::remap::{self, RemapError};
    let (bottom, top) = mmap_window(p);
    match remap::mremap(
        &mut p.aspace,
        old as usize,
        old_len as usize,
        new_len as usize,
        flags,
        new_addr as usize,
        (bottom, top),
    ) {
        Ok(va) => Ok(va as i64),
        Err(RemapError::Inval) => Err(EINVAL),
        Err(RemapError::NoMem) => Err(ENOMEM),
        Err(RemapError::Fault) => Err(EFAULT),
    }
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
