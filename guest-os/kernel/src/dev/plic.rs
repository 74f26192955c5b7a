//! The PLIC (platform-level interrupt controller): device interrupts.
//!
//! Each device line is a *source* (the console UART is source 10 on the
//! virt board); each hart privilege mode is a *context* (on QEMU virt,
//! context 0 = hart 0 M-mode, context 1 = hart 0 S-mode, ours). A source
//! interrupts a context when its priority is above the context's
//! threshold and the context enables it; the PLIC then raises the
//! context's external interrupt line (here sip.SEIP). The handler claims
//! the source (reading claim returns its number, 0 if none), serves the
//! device, and completes it (writing the number back), after which the
//! source may interrupt again.
//!
//! Registers (32 bits each, offsets from the base in the device tree):
//!   0x00_0000 + 4*irq            priority of source irq (0 = never)
//!   0x00_2000 + 0x80*ctx + 4*w   enable bits of context ctx, word w
//!   0x20_0000 + 0x1000*ctx       priority threshold of context ctx
//!   0x20_0004 + 0x1000*ctx       claim (read) / complete (write)

use core::sync::atomic::{AtomicUsize, Ordering};

/// Hart 0's S-mode context.
const CONTEXT: usize = 1;

const PRIORITY: usize = 0x0;
const ENABLE: usize = 0x2000 + 0x80 * CONTEXT;
const THRESHOLD: usize = 0x20_0000 + 0x1000 * CONTEXT;
const CLAIM: usize = 0x20_0004 + 0x1000 * CONTEXT;

/// The PLIC's base address (0: none, no device interrupts).
static BASE: AtomicUsize = AtomicUsize::new(0);

fn write_reg(off: usize, v: u32) {
    let p = (BASE.load(Ordering::Relaxed) + off) as *mut u32;
    unsafe { p.write_volatile(v) }
}

fn read_reg(off: usize) -> u32 {
    let p = (BASE.load(Ordering::Relaxed) + off) as *const u32;
    unsafe { p.read_volatile() }
}

/// Use the PLIC at `base`, accepting every priority (threshold 0).
pub fn init(base: usize) {
    BASE.store(base, Ordering::Relaxed);
    write_reg(THRESHOLD, 0);
}

/// Let source `irq` interrupt our context, at priority 1.
pub fn enable(irq: u32) {
    let irq = irq as usize;
    write_reg(PRIORITY + 4 * irq, 1);
    let word = ENABLE + 4 * (irq / 32);
    write_reg(word, read_reg(word) | 1 << (irq % 32));
}

/// The highest-priority pending source, now in service; 0 if none.
pub fn claim() -> u32 {
    if BASE.load(Ordering::Relaxed) == 0 {
        return 0;
    }
    read_reg(CLAIM)
}

/// Source `irq` has been served: it may interrupt again.
pub fn complete(irq: u32) {
    write_reg(CLAIM, irq);
}
