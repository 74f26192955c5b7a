//! Kernel stacks: every task has its own, KSTACK_PAGES frames mapped in
//! the kernel's page table at a slot of its own below the trampoline, with
//! an unmapped guard page under each, so that a kernel stack overflow is a
//! page fault (a clear kernel panic) instead of silent corruption of the
//! neighbour's stack, as in xv6.

use crate::klib::global::Global;
use crate::mm::frame::{self, PAGE_SIZE};
use crate::mm::vm::{self, PTE_R, PTE_W, TRAMPOLINE};
use alloc::vec::Vec;

pub const KSTACK_PAGES: usize = 4;
pub const KSTACK_SIZE: usize = KSTACK_PAGES * PAGE_SIZE;

/// Slot i's stack is [top - KSTACK_SIZE, top); a guard page below it.
const SLOT_SIZE: usize = KSTACK_SIZE + PAGE_SIZE;
/// Slots go down from here (1 GiB below the trampoline; far from RAM and devices).
const SLOTS_TOP: usize = TRAMPOLINE - (1 << 30);

struct Slots {
    free: Vec<usize>,
    next: usize,
}

static SLOTS: Global<Slots> = Global::new(Slots { free: Vec::new(), next: 0 });

/// The top (initial sp) of slot `slot`'s stack.
pub const fn top(slot: usize) -> usize {
    SLOTS_TOP - slot * SLOT_SIZE
}

/// A new kernel stack: (slot, top). None when out of frames.
pub fn alloc() -> Option<(usize, usize)> {
    let s = SLOTS.get();
    let slot = s.free.pop().unwrap_or_else(|| {
        s.next += 1;
        s.next - 1
    });
    let base = top(slot) - KSTACK_SIZE;
    let root = vm::kernel_pagetable();
    for i in 0..KSTACK_PAGES {
        let va = base + i * PAGE_SIZE;
        let ok = match frame::alloc() {
            Some(pa) => {
                vm::map(root, va, pa, PAGE_SIZE, PTE_R | PTE_W) || {
                    frame::put(pa);
                    false
                }
            }
            None => false,
        };
        if !ok {
            unmap(slot, i);
            SLOTS.get().free.push(slot);
            return None;
        }
        crate::arch::riscv::sfence_vma_addr(va);
    }
    Some((slot, top(slot)))
}

/// Unmap and free the first `pages` pages of slot `slot`, and the page
/// tables that held only them (so that the kernel's page table returns
/// to its size before a peak of tasks, e.g. a fork bomb).
fn unmap(slot: usize, pages: usize) {
    let base = top(slot) - KSTACK_SIZE;
    let root = vm::kernel_pagetable();
    for i in 0..pages {
        if let Some(pa) = vm::unmap(root, base + i * PAGE_SIZE) {
            frame::put(pa);
        }
        crate::arch::riscv::sfence_vma_addr(base + i * PAGE_SIZE);
    }
    vm::prune(root, base);
    vm::prune(root, base + KSTACK_SIZE - 1);
}

/// Give back the stack of slot `slot` (its task will never run again).
pub fn free(slot: usize) {
    unmap(slot, KSTACK_PAGES);
    SLOTS.get().free.push(slot);
}

/// Kernel stacks in use, in KiB (/proc/meminfo's KernelStack).
pub fn in_use_kb() -> usize {
    let s = SLOTS.get();
    (s.next - s.free.len()) * KSTACK_SIZE / 1024
}
