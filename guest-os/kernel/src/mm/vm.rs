//! Virtual memory: Sv39 page tables, the kernel's address space, and the
//! helpers that read and write user memory.
//!
//! Sv39 (privileged spec, 4.4) is defined once, in the files the
//! emulator's MMU is built from (arch/sv39.rs brings them in): `VirtAddr`
//! (the VPN fields), `Pte` (the entry and its bits) and `Satp` (MODE,
//! ASID, root PPN); mmu/src/addr.rs and pte.rs draw the layouts. The kernel and the machine it runs
//! on cannot disagree on a bit. What is the kernel's own is here: the two
//! software (RSW) bits, and how the kernel fills entries. A leaf in the
//! root maps 1 GiB, in the second level 2 MiB (a megapage, which the
//! kernel uses to map RAM), in the third 4 KiB. We set A and D in every
//! leaf, so hardware that does not update them (Svade) never faults on
//! them.
//!
//! The kernel's own address space maps RAM and devices at their physical
//! addresses (identity map), so kernel code can use a physical address as
//! a pointer. User address spaces map the program low and two special
//! pages at the top, see trap/: the trampoline and the trap frame.

use crate::arch::sv39::addr::{VA_BITS, page_size};
use crate::arch::sv39::{PhysAddr, Pte, Satp, VirtAddr};
use crate::boot::dtb::BootInfo;
use crate::klib::global::Global;
use crate::mm::frame::{self, PAGE_SIZE, page_down, page_up};
use crate::{arch::riscv, boot::memlayout, dev::power, dev::uart};

pub const PTE_V: u64 = Pte::V;
pub const PTE_R: u64 = Pte::R;
pub const PTE_W: u64 = Pte::W;
pub const PTE_X: u64 = Pte::X;
pub const PTE_U: u64 = Pte::U;
pub const PTE_A: u64 = Pte::A;
pub const PTE_D: u64 = Pte::D;
/// Software bits (RSW, 9..8: ignored by the hardware, ours to use).
/// COW: the page is shared copy-on-write; it is mapped read-only and a
/// write fault copies it (cow.rs). FILE: the frame is the page cache's
/// (pagecache.rs), so it counts as RssFile, not RssAnon.
pub const PTE_COW: u64 = 0b01 << Pte::RSW_SHIFT;
pub const PTE_FILE: u64 = 0b10 << Pte::RSW_SHIFT;

/// One past the highest virtual address we use: 2^38 (the top of the
/// lower half of Sv39, so no sign extension is ever involved).
pub const MAXVA: usize = 1 << (VA_BITS - 1);

const MEGAPAGE: usize = page_size(1) as usize;

/// A page table: the physical address of its root page.
pub type PageTable = usize;

/// The physical address a PTE points to.
pub const fn pte_pa(pte: u64) -> usize {
    Pte(pte).ppn().addr().0 as usize
}

/// A PTE pointing at physical address `pa` with flags `flags`.
pub const fn make_pte(pa: usize, flags: u64) -> u64 {
    Pte::new(PhysAddr(pa as u64).ppn(), flags).bits()
}

/// The 9-bit index of `va` in the table of level `level` (2 = root).
const fn vpn(va: usize, level: usize) -> usize {
    VirtAddr(va as u64).vpn_field(level as u8) as usize
}

/// The entry for `va` at level `stop` (0 = 4 KiB leaf, 1 = 2 MiB leaf) in
/// the table rooted at `root`, like xv6's walk(). With `alloc`, missing
/// intermediate tables are created (zeroed frames); without, a missing one
/// gives None. Also None when a leaf is found above `stop` (a megapage)
/// or when a table frame cannot be allocated.
pub fn walk(root: PageTable, va: usize, stop: usize, alloc: bool) -> Option<*mut u64> {
    assert!(va < MAXVA, "walk: {va:#x} is beyond Sv39's lower half");
    let mut table = root;
    for level in (stop + 1..=2).rev() {
        let pte = unsafe { (table as *mut u64).add(vpn(va, level)) };
        let e = unsafe { *pte };
        if e & PTE_V != 0 {
            if Pte(e).is_leaf() {
                return None; // a leaf above the level asked for
            }
            table = pte_pa(e);
        } else {
            if !alloc {
                return None;
            }
            let next = frame::alloc()?;
            unsafe { *pte = make_pte(next, PTE_V) };
            table = next;
        }
    }
    Some(unsafe { (table as *mut u64).add(vpn(va, stop)) })
}

/// Map [va, va + size) to [pa, pa + size) with permissions `perm` (some of
/// R, W, X, U). Uses 2 MiB leaves where both addresses are aligned and
/// the rest is long enough, 4 KiB ones elsewhere. Fails (false) if a
/// table cannot be allocated; panics on an already mapped page (a bug).
pub fn map(root: PageTable, va: usize, pa: usize, size: usize, perm: u64) -> bool {
    let (mut va, mut pa, end) = (page_down(va), page_down(pa), page_up(va + size));
    while va < end {
        let mega = va % MEGAPAGE == 0 && pa % MEGAPAGE == 0 && end - va >= MEGAPAGE;
        let (level, step) = if mega { (1, MEGAPAGE) } else { (0, PAGE_SIZE) };
        let Some(pte) = walk(root, va, level, true) else { return false };
        unsafe {
            if *pte & PTE_V != 0 {
                panic!("map: {va:#x} is already mapped");
            }
            *pte = make_pte(pa, perm | PTE_V | PTE_A | PTE_D);
        }
        va += step;
        pa += step;
    }
    true
}

/// Remove the 4 KiB mapping of `va`, if any; return the frame it mapped.
pub fn unmap(root: PageTable, va: usize) -> Option<usize> {
    let pte = walk(root, va, 0, false)?;
    let e = unsafe { *pte };
    if e & PTE_V == 0 {
        return None;
    }
    unsafe { *pte = 0 };
    Some(pte_pa(e))
}

/// Free the last-level table that maps `va` once none of its 512 entries
/// is in use, and clear the entry pointing at it (kstack.rs: the kernel's
/// page table shrinks back after a peak of tasks instead of keeping a
/// table per 2 MiB of stack slots ever used). True if it was freed.
pub fn prune(root: PageTable, va: usize) -> bool {
    let Some(pte) = walk(root, va, 1, false) else { return false };
    let e = unsafe { *pte };
    if e & PTE_V == 0 || Pte(e).is_leaf() {
        return false;
    }
    let table = pte_pa(e);
    if (0..512).any(|i| unsafe { *(table as *const u64).add(i) } != 0) {
        return false;
    }
    unsafe { *pte = 0 };
    crate::arch::riscv::sfence_vma();
    frame::put(table);
    true
}

/// The leaf entry of user page `va` (4 KiB pages only), if mapped.
pub fn lookup(root: PageTable, va: usize) -> Option<u64> {
    if va >= MAXVA {
        return None;
    }
    let e = unsafe { *walk(root, va, 0, false)? };
    (e & PTE_V != 0).then_some(e)
}

/// Call `f(va, pte)` for every valid 4 KiB leaf mapping an address in
/// [start, end) (page-aligned), in address order, skipping absent tables
/// whole: fork, munmap and exit visit what is mapped, not every address.
pub fn for_each_leaf(
    root: PageTable,
    start: usize,
    end: usize,
    mut f: impl FnMut(usize, *mut u64),
) {
    fn visit(
        table: PageTable,
        level: usize,
        base: usize,
        start: usize,
        end: usize,
        f: &mut dyn FnMut(usize, *mut u64),
    ) {
        let span = PAGE_SIZE << (9 * level);
        let first = start.saturating_sub(base) / span;
        for i in first..512 {
            let va = base + i * span;
            if va >= end {
                break;
            }
            let pte = unsafe { (table as *mut u64).add(i) };
            let e = unsafe { *pte };
            if e & PTE_V == 0 {
                continue;
            }
            if level == 0 {
                // A leaf, or a PROT_NONE page (V without R, W, X: at the
                // last level that is no pointer, see protect.rs).
                if va >= start {
                    f(va, pte);
                }
            } else if !Pte(e).is_leaf() {
                visit(pte_pa(e), level - 1, va, start.max(va), end, f);
            }
        }
    }
    if start < end {
        visit(root, 2, 0, start, end.min(MAXVA), &mut f);
    }
}

/// Free the page-table pages of a table (not the pages it maps: the
/// caller has unmapped those already). Leaves left behind are a bug.
pub fn free_tables(table: PageTable, level: usize) {
    for i in 0..512 {
        let e = unsafe { *(table as *const u64).add(i) };
        if Pte(e).is_valid() && !Pte(e).is_leaf() && level > 0 {
            free_tables(pte_pa(e), level - 1);
        }
    }
    frame::put(table);
}

/// The `satp` value that selects Sv39 with root `root` (ASID 0).
pub const fn satp(root: PageTable) -> u64 {
    satp_asid(root, 0)
}

/// The `satp` value for root `root` tagged with address-space id `asid`.
pub const fn satp_asid(root: PageTable, asid: u16) -> u64 {
    Satp::sv39(asid, PhysAddr(root as u64).ppn()).0
}

static KERNEL_PT: Global<PageTable> = Global::new(0);

/// The kernel's page table.
pub fn kernel_pagetable() -> PageTable {
    *KERNEL_PT.get()
}

unsafe extern "C" {
    static _text_end: u8;
    static _rodata_end: u8;
    static _trampoline: u8;
}

/// The physical address of the trampoline page (in the kernel image).
pub fn kernel_trampoline_pa() -> usize {
    &raw const _trampoline as usize
}

/// Where the trampoline page sits, in every address space: the top page.
pub const TRAMPOLINE: usize = MAXVA - PAGE_SIZE;

/// Build the kernel's address space and turn paging on. RAM and devices
/// are identity-mapped: text R+X, rodata R, everything else in RAM R+W,
/// devices R+W; nothing is executable but the kernel's code.
pub fn init(boot: &BootInfo) -> usize {
    let root = frame::alloc().expect("no frame for the kernel page table");
    let (free_before, _) = frame::stats();
    let (kstart, _) = memlayout::kernel();
    let text_end = &raw const _text_end as usize;
    let rodata_end = &raw const _rodata_end as usize;
    let (ram_start, ram_size) = boot.ram;
    let rw = PTE_R | PTE_W;
    let mut ok = map(root, kstart, kstart, text_end - kstart, PTE_R | PTE_X)
        && map(root, text_end, text_end, rodata_end - text_end, PTE_R)
        && map(root, rodata_end, rodata_end, ram_start + ram_size - rodata_end, rw);
    // Devices: console, power, the interrupt controllers.
    ok = ok && map(root, uart::base(), uart::base(), PAGE_SIZE, rw);
    ok = ok && map(root, power::base(), power::base(), PAGE_SIZE, rw);
    for (base, size) in [boot.plic, boot.clint].into_iter().flatten() {
        ok = ok && map(root, base, base, size, rw);
    }
    // virtio-mmio slots (the disk, dev/virtio_blk.rs): next to the UART,
    // so no page-table page more.
    for &(base, _) in boot.virtio_slots() {
        ok = ok && map(root, base, base, PAGE_SIZE, rw);
    }
    // Vitrine's introspection device, when the board has it (not QEMU:
    // next to the test finisher, so no page-table page more either way).
    if let Some(base) = crate::dev::introspect::base() {
        ok = ok && map(root, base, base, PAGE_SIZE, rw);
    }
    // The trampoline, at the same address as in user address spaces.
    let tramp = &raw const _trampoline as usize;
    ok = ok && map(root, TRAMPOLINE, tramp, PAGE_SIZE, PTE_R | PTE_X);
    assert!(ok, "out of memory building the kernel page table");
    *KERNEL_PT.get() = root;
    csr_switch(root);
    let (free_after, _) = frame::stats();
    free_before - free_after + 1
}

/// Switch to page table `root` and flush stale translations.
pub fn csr_switch(root: PageTable) {
    riscv::sfence_vma();
    riscv::csr_write!("satp", satp(root));
    riscv::sfence_vma();
}

// --- user memory ---------------------------------------------------------

/// The leaf of user page `page` for a kernel access of kind `access`: if
/// the page is not mapped yet (demand paging) or is copy-on-write and we
/// write, run the page-fault handler first, as the hardware would have on
/// a user access. Err: the process may not access it (EFAULT).
fn user_pte(root: PageTable, page: usize, access: crate::mm::fault::Access) -> Result<u64, ()> {
    let want = match access {
        crate::mm::fault::Access::Write => PTE_U | PTE_W,
        _ => PTE_U | PTE_R,
    };
    if let Some(e) = lookup(root, page) {
        if e & want == want {
            return Ok(e);
        }
    }
    crate::mm::fault::kernel_access(root, page, access)?;
    let e = lookup(root, page).ok_or(())?;
    if e & want == want { Ok(e) } else { Err(()) }
}

/// Copy `src` to user address `va` in `root`. Every page must be mapped
/// user-writable; otherwise nothing more is copied and Err(()) comes back
/// (the system call then returns -EFAULT).
pub fn copy_out(root: PageTable, mut va: usize, src: &[u8]) -> Result<(), ()> {
    let mut done = 0;
    while done < src.len() {
        let page = page_down(va);
        let e = user_pte(root, page, crate::mm::fault::Access::Write)?;
        let off = va - page;
        let n = (PAGE_SIZE - off).min(src.len() - done);
        let dst = pte_pa(e) + off;
        unsafe { core::ptr::copy_nonoverlapping(src[done..].as_ptr(), dst as *mut u8, n) };
        done += n;
        va += n;
    }
    Ok(())
}

/// Copy user memory at `va` into `dst`; every page must be user-readable.
pub fn copy_in(root: PageTable, mut va: usize, dst: &mut [u8]) -> Result<(), ()> {
    let mut done = 0;
    while done < dst.len() {
        let page = page_down(va);
        let e = user_pte(root, page, crate::mm::fault::Access::Read)?;
        let off = va - page;
        let n = (PAGE_SIZE - off).min(dst.len() - done);
        let src = pte_pa(e) + off;
        unsafe { core::ptr::copy_nonoverlapping(src as *const u8, dst[done..].as_mut_ptr(), n) };
        done += n;
        va += n;
    }
    Ok(())
}

/// Can `len` bytes at user address `va` be read (faulting pages in as
/// `copy_in` would), without copying them anywhere?
pub fn user_range_ok(root: PageTable, va: usize, len: usize) -> bool {
    let Some(end) = va.checked_add(len) else { return false };
    let mut page = page_down(va);
    while page < end {
        if user_pte(root, page, crate::mm::fault::Access::Read).is_err() {
            return false;
        }
        page += PAGE_SIZE;
    }
    true
}

/// Read user memory at `va` into `dst` without faulting anything in (for
/// /proc reading another process's arguments): false if a page is absent.
pub fn peek(root: PageTable, mut va: usize, dst: &mut [u8]) -> bool {
    let mut done = 0;
    while done < dst.len() {
        let page = page_down(va);
        let Some(e) = lookup(root, page) else { return false };
        let off = va - page;
        let n = (PAGE_SIZE - off).min(dst.len() - done);
        let src = pte_pa(e) + off;
        unsafe { core::ptr::copy_nonoverlapping(src as *const u8, dst[done..].as_mut_ptr(), n) };
        done += n;
        va += n;
    }
    true
}

/// A NUL-terminated user string of at most `max` bytes (without the NUL).
pub fn copy_in_str(root: PageTable, mut va: usize, max: usize) -> Result<alloc::vec::Vec<u8>, ()> {
    let mut out = alloc::vec::Vec::new();
    loop {
        let mut b = [0u8];
        copy_in(root, va, &mut b)?;
        if b[0] == 0 {
            return Ok(out);
        }
        if out.len() >= max {
            return Err(());
        }
        out.push(b[0]);
        va += 1;
    }
}
