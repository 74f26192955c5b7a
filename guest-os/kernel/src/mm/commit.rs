//! The commit charge: how much private writable memory (and shared
//! anonymous memory) all address spaces could need if every page were
//! touched, and the policy that decides whether mmap, brk, fork and stack
//! growth may promise more: Linux's vm.overcommit_memory.
//!
//!   0  heuristic (the default): refuse only a single request larger than
//!      all of RAM; a program that then touches more than RAM has is
//!      killed when a page fault finds no free frame (the OOM case)
//!   1  always: never refuse
//!   2  strict: refuse when the total charge would pass the commit limit,
//!      RAM x vm.overcommit_ratio / 100 (there is no swap); then memory
//!      runs out at mmap/brk/fork time, with ENOMEM, and faults never do

use crate::mm::frame;
use core::sync::atomic::{AtomicUsize, Ordering};

static COMMITTED: AtomicUsize = AtomicUsize::new(0);

/// Charge `pages` more; false (and nothing charged) if the policy refuses.
pub fn charge(pages: usize) -> bool {
    let (_, usable) = frame::stats();
    let ok = match crate::klib::sysctl::overcommit_memory() {
        1 => true,
        2 => COMMITTED.load(Ordering::Relaxed) + pages <= limit(),
        _ => pages <= usable,
    };
    if ok {
        COMMITTED.fetch_add(pages, Ordering::Relaxed);
    }
    ok
}

/// Give back `pages` charged earlier.
pub fn uncharge(pages: usize) {
    COMMITTED.fetch_sub(pages, Ordering::Relaxed);
}

/// Pages charged now (/proc/meminfo's Committed_AS).
pub fn committed() -> usize {
    COMMITTED.load(Ordering::Relaxed)
}

/// The most strict mode lets everyone charge (/proc/meminfo's CommitLimit).
pub fn limit() -> usize {
    let (_, usable) = frame::stats();
    usable * crate::klib::sysctl::overcommit_ratio() / 100
}
