//! Physical memory layout: where the kernel is, and what else is in RAM.
//!
//! linker.ld places the image at 0x8000_0000 and claims the RAM right after
//! it for the stacks and the heap, up to _kernel_end. The board put the
//! device tree (and maybe an initrd) somewhere else in RAM; nothing may
//! overlap, and all of it must be inside RAM.

use crate::boot::dtb::BootInfo;

unsafe extern "C" {
    static _kernel_start: u8;
    static _kernel_end: u8;
    static _heap_start: u8;
    static _heap_end: u8;
}

/// [start, end) of the kernel: image, stacks and heap.
pub fn kernel() -> (usize, usize) {
    (&raw const _kernel_start as usize, &raw const _kernel_end as usize)
}

/// [start, end) of the kernel heap.
pub fn heap() -> (usize, usize) {
    (&raw const _heap_start as usize, &raw const _heap_end as usize)
}

/// Check that the kernel fits in RAM and that the board did not put the
/// device tree or the initrd on top of it; panic otherwise.
pub fn check(boot: &BootInfo) {
    let (ram_start, ram_size) = boot.ram;
    let (start, end) = kernel();
    if start < ram_start || end > ram_start + ram_size {
        panic!(
            "kernel {start:#x}..{end:#x} is not inside RAM {ram_start:#x}..{:#x}",
            ram_start + ram_size
        );
    }
    let others =
        [("device tree", Some((boot.dtb, boot.dtb + boot.dtb_size))), ("initrd", boot.initrd)];
    for (what, range) in others {
        if let Some((s, e)) = range {
            if s < end && start < e {
                panic!("{what} {s:#x}..{e:#x} overlaps the kernel {start:#x}..{end:#x}");
            }
        }
    }
}
