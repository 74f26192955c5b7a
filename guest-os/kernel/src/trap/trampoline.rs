//! The trampoline page: uservec and userret, the only code that runs in
//! both the user's and the kernel's address space. It is mapped at
//! TRAMPOLINE (the top page) in every page table, so the instruction after
//! the `csrw satp` that switches tables is fetched from the same address
//! in the new one (see trap/mod.rs for the whole design, xv6's).

use crate::mm::vm::TRAMPOLINE;
use core::arch::global_asm;

unsafe extern "C" {
    static _trampoline: u8;
    pub static uservec: u8;
    pub static userret: u8;
}

// The trampoline page. TrapFrame layout (proc/mod.rs): 0 kernel_satp,
// 8 kernel_sp, 16 kernel_trap, 24 epc, 32 + 8*i register x<i>,
// 288 + 8*i register f<i>, 544 fcsr, 552 tlb_flush.
global_asm!(
    r#"
    .pushsection .trampoline, "ax", @progbits
    .balign 4
    .globl uservec
uservec:
    csrrw a0, sscratch, a0          # a0 = TRAPFRAME, sscratch = user a0
    .irp i, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\i, (32 + 8 * \i)(a0)
    .endr
    csrr t0, sscratch
    sd t0, (32 + 8 * 10)(a0)        # the user's a0
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd f\i, (288 + 8 * \i)(a0)
    .endr
    frcsr t0
    sd t0, 544(a0)
    ld sp, 8(a0)                    # this process's kernel stack
    ld t0, 16(a0)                   # usertrap
    ld t1, 0(a0)                    # the kernel's satp
    ld t2, 552(a0)                  # flush mode? (tlb.rs)
    beqz t2, 1f
    sfence.vma zero, zero
1:  csrw satp, t1
    beqz t2, 2f
    sfence.vma zero, zero
2:  jr t0

    .globl userret
userret:                            # a0 = the user's satp, a1 = the trap frame,
                                    # a2 = flush mode? (tlb.rs)
    mv t2, a2
    beqz t2, 1f
    sfence.vma zero, zero
1:  csrw satp, a0
    beqz t2, 2f
    sfence.vma zero, zero
2:  mv a0, a1
    ld t0, 544(a0)
    fscsr t0
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld f\i, (288 + 8 * \i)(a0)
    .endr
    .irp i, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld x\i, (32 + 8 * \i)(a0)
    .endr
    ld a0, (32 + 8 * 10)(a0)
    sret
    .popsection
"#
);

/// The address of trampoline symbol `sym` in the trampoline page.
pub fn tramp_va(sym: *const u8) -> usize {
    TRAMPOLINE + (sym as usize - &raw const _trampoline as usize)
}
