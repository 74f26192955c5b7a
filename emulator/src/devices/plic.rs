//! PLIC at 0x0C00_0000, a SiFive PLIC configured as QEMU's `virt` board
//! configures it (hw/intc/sifive_plic.c) for one hart:
//!
//! * 96 sources, source 0 reserved (`riscv,ndev` = 95);
//! * 2 contexts: context 0 = hart 0 M-mode, context 1 = hart 0 S-mode;
//! * 7 priority levels: priority and threshold registers keep 3 bits
//!   (writes are WARL: the other bits are dropped).
//!
//! | offset                   | register                               |
//! |--------------------------|----------------------------------------|
//! | 0x00_0000 + 4*i          | priority of source i (i = 1..95)       |
//! | 0x00_1000 + 4*w          | pending bits, word w = 0..2 (read-only) |
//! | 0x00_2000 + 0x80*c + 4*w | enable bits of context c, word w       |
//! | 0x20_0000 + 0x1000*c     | priority threshold of context c        |
//! | 0x20_0004 + 0x1000*c     | claim (read) / complete (write)        |
//!
//! Only aligned 32-bit accesses are valid (anything else is an access
//! fault, as on QEMU); other offsets read as 0 and ignore writes.
//!
//! Gateway semantics, as QEMU's `sifive_plic` (the reference machine): a
//! source becomes pending each time its device *signals* a high level, at
//! the device's own events and register accesses (a byte received, a THR
//! write, an RBR or IIR read, a virtio completion or InterruptACK). It is
//! not cleared when the line drops, only by a claim; a signal while the
//! source is in service (claimed) leaves it pending for after completion;
//! and completion by itself does not look at the line again. So a line
//! that stays high without its device doing anything raises one request,
//! not a stream of them: xv6 never reads the UART's IIR, leaving a THRE
//! interrupt asserted, and takes it once, as on QEMU.
//!
//! Verified against qemu-system-riscv64 7.2: priority 0xffff_ffff reads back
//! 7, the threshold likewise; source 0's priority is read-only 0; all 32
//! bits of each enable word are stored; claim returns the source and clears
//! its pending bit (MEIP drops); 1-, 2- and 8-byte accesses fault.
use crate::bus::Device;

/// Number of interrupt sources including the reserved source 0.
pub const NUM_SOURCES: usize = 96;
/// Number of contexts (hart 0 M-mode, hart 0 S-mode).
pub const NUM_CONTEXTS: usize = 2;
/// Highest priority level; priorities and thresholds are 3-bit fields.
pub const MAX_PRIORITY: u32 = 7;
/// 32-bit words of pending/enable bits.
const WORDS: usize = NUM_SOURCES.div_ceil(32);

pub const PRIORITY_BASE: u64 = 0x0;
pub const PENDING_BASE: u64 = 0x1000;
pub const ENABLE_BASE: u64 = 0x2000;
pub const ENABLE_STRIDE: u64 = 0x80;
pub const CONTEXT_BASE: u64 = 0x20_0000;
pub const CONTEXT_STRIDE: u64 = 0x1000;

/// Context 0 = hart 0 M-mode, context 1 = hart 0 S-mode (as on QEMU `virt`).
#[derive(Clone)]
pub struct Plic {
    priority: [u32; NUM_SOURCES],
    pending: [u32; WORDS],
    /// Claimed and not yet completed (in service).
    claimed: [u32; WORDS],
    /// Current level of each source's interrupt line.
    level: [u32; WORDS],
    enable: [[u32; WORDS]; NUM_CONTEXTS],
    threshold: [u32; NUM_CONTEXTS],
}

fn bit(bits: &[u32; WORDS], irq: usize) -> bool {
    bits[irq / 32] & (1 << (irq % 32)) != 0
}

fn set_bit(bits: &mut [u32; WORDS], irq: usize, on: bool) {
    if on {
        bits[irq / 32] |= 1 << (irq % 32);
    } else {
        bits[irq / 32] &= !(1 << (irq % 32));
    }
}

impl Plic {
    pub fn new() -> Self {
        Plic {
            priority: [0; NUM_SOURCES],
            pending: [0; WORDS],
            claimed: [0; WORDS],
            level: [0; WORDS],
            enable: [[0; WORDS]; NUM_CONTEXTS],
            threshold: [0; NUM_CONTEXTS],
        }
    }

    /// Interrupt source `irq` (1..=95) signals its line at `level` (a high
    /// level makes it pending). Other numbers are ignored.
    pub fn set_level(&mut self, irq: u32, level: bool) {
        let irq = irq as usize;
        if irq == 0 || irq >= NUM_SOURCES {
            return;
        }
        set_bit(&mut self.level, irq, level);
        if level {
            set_bit(&mut self.pending, irq, true);
        }
    }

    /// True if `context` has a pending, enabled source above its threshold
    /// (this is the MEIP line for context 0, SEIP for context 1).
    pub fn interrupt_pending(&self, context: usize) -> bool {
        self.best(context) != 0
    }

    /// The source a claim by `context` would return (0 if none), without
    /// claiming it.
    pub fn best(&self, context: usize) -> u32 {
        let Some(enable) = self.enable.get(context) else {
            return 0;
        };
        let mut best = 0;
        let mut best_prio = self.threshold[context];
        for (w, en) in enable.iter().enumerate() {
            let mut cand = self.pending[w] & !self.claimed[w] & en;
            while cand != 0 {
                let irq = w * 32 + cand.trailing_zeros() as usize;
                cand &= cand - 1;
                // Strictly greater: ties go to the lowest source number.
                if self.priority[irq] > best_prio {
                    best = irq as u32;
                    best_prio = self.priority[irq];
                }
            }
        }
        best
    }

    /// Claim for `context`: the best pending source, which stops being
    /// pending and goes in service. 0 if none.
    pub fn claim(&mut self, context: usize) -> u32 {
        let irq = self.best(context);
        if irq != 0 {
            set_bit(&mut self.pending, irq as usize, false);
            set_bit(&mut self.claimed, irq as usize, true);
        }
        irq
    }

    /// Completion of source `irq` (as QEMU, the context's enable bits are
    /// not checked). The source can be taken again if its device signalled
    /// while it was in service.
    pub fn complete(&mut self, irq: u32) {
        let irq = irq as usize;
        if irq == 0 || irq >= NUM_SOURCES {
            return;
        }
        set_bit(&mut self.claimed, irq, false);
    }

    /// Pending bit of `irq` (for tests and tracing).
    pub fn is_pending(&self, irq: u32) -> bool {
        (irq as usize) < NUM_SOURCES && bit(&self.pending, irq as usize)
    }

    /// True while `irq` is claimed and not completed.
    pub fn is_claimed(&self, irq: u32) -> bool {
        (irq as usize) < NUM_SOURCES && bit(&self.claimed, irq as usize)
    }
}

impl Default for Plic {
    fn default() -> Self {
        Self::new()
    }
}

impl Device for Plic {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64> {
        if size != 4 || offset & 3 != 0 {
            return None;
        }
        let v = match offset {
            o if o < PRIORITY_BASE + 4 * NUM_SOURCES as u64 => self.priority[(o / 4) as usize],
            o if (PENDING_BASE..PENDING_BASE + 4 * WORDS as u64).contains(&o) => {
                self.pending[((o - PENDING_BASE) / 4) as usize]
            }
            o if (ENABLE_BASE..ENABLE_BASE + ENABLE_STRIDE * NUM_CONTEXTS as u64).contains(&o) => {
                let ctx = ((o - ENABLE_BASE) / ENABLE_STRIDE) as usize;
                let word = ((o - ENABLE_BASE) % ENABLE_STRIDE / 4) as usize;
                self.enable[ctx].get(word).copied().unwrap_or(0)
            }
            o if (CONTEXT_BASE..CONTEXT_BASE + CONTEXT_STRIDE * NUM_CONTEXTS as u64)
                .contains(&o) =>
            {
                let ctx = ((o - CONTEXT_BASE) / CONTEXT_STRIDE) as usize;
                match (o - CONTEXT_BASE) % CONTEXT_STRIDE {
                    0 => self.threshold[ctx],
                    4 => self.claim(ctx),
                    _ => 0,
                }
            }
            _ => 0,
        };
        Some(v as u64)
    }

    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()> {
        if size != 4 || offset & 3 != 0 {
            return None;
        }
        let value = value as u32;
        match offset {
            o if o < PRIORITY_BASE + 4 * NUM_SOURCES as u64 => {
                let irq = (o / 4) as usize;
                // Source 0 does not exist: its priority stays 0.
                if irq != 0 {
                    self.priority[irq] = value & MAX_PRIORITY;
                }
            }
            o if (ENABLE_BASE..ENABLE_BASE + ENABLE_STRIDE * NUM_CONTEXTS as u64).contains(&o) => {
                let ctx = ((o - ENABLE_BASE) / ENABLE_STRIDE) as usize;
                let word = ((o - ENABLE_BASE) % ENABLE_STRIDE / 4) as usize;
                if let Some(w) = self.enable[ctx].get_mut(word) {
                    *w = value;
                }
            }
            o if (CONTEXT_BASE..CONTEXT_BASE + CONTEXT_STRIDE * NUM_CONTEXTS as u64)
                .contains(&o) =>
            {
                let ctx = ((o - CONTEXT_BASE) / CONTEXT_STRIDE) as usize;
                match (o - CONTEXT_BASE) % CONTEXT_STRIDE {
                    0 => self.threshold[ctx] = value & MAX_PRIORITY,
                    4 => self.complete(value),
                    _ => {}
                }
            }
            // Pending bits are read-only; everything else is reserved.
            _ => {}
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UART: u32 = 10;

    fn rd(p: &mut Plic, off: u64) -> u32 {
        p.read(off, 4).unwrap() as u32
    }

    fn wr(p: &mut Plic, off: u64, v: u32) {
        p.write(off, 4, v as u64).unwrap();
    }

    fn claim_reg(ctx: u64) -> u64 {
        CONTEXT_BASE + CONTEXT_STRIDE * ctx + 4
    }

    fn threshold_reg(ctx: u64) -> u64 {
        CONTEXT_BASE + CONTEXT_STRIDE * ctx
    }

    fn enable(p: &mut Plic, ctx: u64, irq: u32) {
        let off = ENABLE_BASE + ENABLE_STRIDE * ctx + 4 * (irq as u64 / 32);
        let v = rd(p, off) | 1 << (irq % 32);
        wr(p, off, v);
    }

    #[test]
    fn register_widths() {
        let mut p = Plic::new();
        wr(&mut p, 4 * 10, 0xffff_ffff);
        assert_eq!(rd(&mut p, 4 * 10), 7);
        wr(&mut p, 4 * 95, 0x0d);
        assert_eq!(rd(&mut p, 4 * 95), 5);
        wr(&mut p, 0, 5);
        assert_eq!(rd(&mut p, 0), 0, "source 0 is reserved");
        wr(&mut p, threshold_reg(1), 0xff);
        assert_eq!(rd(&mut p, threshold_reg(1)), 7);
        wr(&mut p, ENABLE_BASE + 8, 0xffff_ffff);
        assert_eq!(rd(&mut p, ENABLE_BASE + 8), 0xffff_ffff);
        // Beyond the 3 enable words, 96 sources, 2 contexts: reads 0.
        wr(&mut p, ENABLE_BASE + 12, 0xffff_ffff);
        assert_eq!(rd(&mut p, ENABLE_BASE + 12), 0);
        assert_eq!(rd(&mut p, 4 * 96), 0);
        assert_eq!(rd(&mut p, PENDING_BASE + 12), 0);
        assert_eq!(rd(&mut p, CONTEXT_BASE + 2 * CONTEXT_STRIDE), 0);
        assert_eq!(rd(&mut p, CONTEXT_BASE + 8), 0);
    }

    #[test]
    fn only_aligned_words() {
        let mut p = Plic::new();
        assert_eq!(p.read(PENDING_BASE, 1), None);
        assert_eq!(p.read(PENDING_BASE, 2), None);
        assert_eq!(p.read(PENDING_BASE, 8), None);
        assert_eq!(p.read(PENDING_BASE + 2, 4), None);
        assert_eq!(p.write(40, 8, 7), None);
        assert_eq!(p.write(40, 1, 7), None);
        assert_eq!(rd(&mut p, 40), 0);
    }

    #[test]
    fn pending_is_read_only() {
        let mut p = Plic::new();
        wr(&mut p, PENDING_BASE, 0xffff_ffff);
        assert_eq!(rd(&mut p, PENDING_BASE), 0);
        p.set_level(UART, true);
        p.set_level(33, true);
        assert_eq!(rd(&mut p, PENDING_BASE), 1 << 10);
        assert_eq!(rd(&mut p, PENDING_BASE + 4), 1 << 1);
    }

    #[test]
    fn claim_and_complete() {
        let mut p = Plic::new();
        wr(&mut p, 4 * UART as u64, 1);
        enable(&mut p, 0, UART);
        assert!(!p.interrupt_pending(0));
        p.set_level(UART, true);
        assert!(p.interrupt_pending(0));
        assert!(!p.interrupt_pending(1), "not enabled for S-mode");
        assert_eq!(rd(&mut p, claim_reg(0)), UART);
        assert!(!p.interrupt_pending(0));
        assert!(!p.is_pending(UART));
        assert!(p.is_claimed(UART));
        assert_eq!(rd(&mut p, claim_reg(0)), 0, "nothing left to claim");
        // The device drops its line while in service; completion does not
        // re-pend.
        p.set_level(UART, false);
        wr(&mut p, claim_reg(0), UART);
        assert!(!p.is_claimed(UART));
        assert!(!p.interrupt_pending(0));
    }

    #[test]
    fn a_signal_in_service_is_taken_after_completion() {
        let mut p = Plic::new();
        wr(&mut p, 4 * UART as u64, 3);
        enable(&mut p, 1, UART);
        p.set_level(UART, true);
        assert!(p.interrupt_pending(1));
        assert_eq!(rd(&mut p, claim_reg(1)), UART);
        // The device signals again while in service (the handler read RBR
        // and more bytes wait): pending, but not deliverable until completion.
        p.set_level(UART, true);
        assert!(p.is_pending(UART));
        assert!(!p.interrupt_pending(1));
        wr(&mut p, claim_reg(1), UART);
        assert!(p.interrupt_pending(1));
        assert_eq!(rd(&mut p, claim_reg(1)), UART);
        // No new signal: the still-high line raises no further request.
        wr(&mut p, claim_reg(1), UART);
        assert!(!p.is_pending(UART));
        assert!(!p.interrupt_pending(1));
    }

    #[test]
    fn pending_survives_line_drop() {
        let mut p = Plic::new();
        wr(&mut p, 4 * 5, 1);
        enable(&mut p, 0, 5);
        p.set_level(5, true);
        p.set_level(5, false);
        assert!(p.is_pending(5));
        assert!(p.interrupt_pending(0));
        assert_eq!(rd(&mut p, claim_reg(0)), 5);
        wr(&mut p, claim_reg(0), 5);
        assert!(!p.interrupt_pending(0));
    }

    #[test]
    fn priority_and_threshold() {
        let mut p = Plic::new();
        for (irq, prio) in [(1, 2), (7, 5), (8, 5), (40, 3), (95, 1)] {
            wr(&mut p, 4 * irq as u64, prio);
            enable(&mut p, 0, irq);
            p.set_level(irq, true);
        }
        // Priority 0 never interrupts.
        enable(&mut p, 0, 3);
        p.set_level(3, true);
        wr(&mut p, threshold_reg(0), 2);
        // Highest priority first, ties to the lowest id; threshold 2 hides
        // priorities 1 and 2.
        let order: Vec<u32> =
            std::iter::from_fn(|| Some(rd(&mut p, claim_reg(0))).filter(|&i| i != 0)).collect();
        assert_eq!(order, [7, 8, 40]);
        assert!(!p.interrupt_pending(0));
        wr(&mut p, threshold_reg(0), 1);
        assert!(p.interrupt_pending(0));
        assert_eq!(rd(&mut p, claim_reg(0)), 1);
        wr(&mut p, threshold_reg(0), 0);
        assert_eq!(rd(&mut p, claim_reg(0)), 95);
        assert_eq!(rd(&mut p, claim_reg(0)), 0);
        assert!(p.is_pending(3));
        // Threshold 7 masks everything.
        wr(&mut p, threshold_reg(0), 7);
        for irq in [1, 7, 8, 40, 95] {
            wr(&mut p, claim_reg(0), irq);
            p.set_level(irq, true); // the devices signal their lines again
        }
        assert!(!p.interrupt_pending(0));
        wr(&mut p, threshold_reg(0), 0);
        assert!(p.interrupt_pending(0));
    }

    #[test]
    fn contexts_are_independent() {
        let mut p = Plic::new();
        wr(&mut p, 4 * UART as u64, 1);
        enable(&mut p, 0, UART);
        enable(&mut p, 1, UART);
        p.set_level(UART, true);
        assert!(p.interrupt_pending(0) && p.interrupt_pending(1));
        wr(&mut p, threshold_reg(0), 1);
        assert!(!p.interrupt_pending(0) && p.interrupt_pending(1));
        // A claim by either context takes the source from both.
        assert_eq!(rd(&mut p, claim_reg(1)), UART);
        wr(&mut p, threshold_reg(0), 0);
        assert!(!p.interrupt_pending(0));
        assert!(!p.interrupt_pending(2), "no such context");
    }

    #[test]
    fn bad_sources_are_ignored() {
        let mut p = Plic::new();
        p.set_level(0, true);
        p.set_level(96, true);
        p.set_level(u32::MAX, true);
        assert_eq!(rd(&mut p, PENDING_BASE), 0);
        wr(&mut p, claim_reg(0), 0);
        wr(&mut p, claim_reg(0), 1000);
        assert_eq!(rd(&mut p, claim_reg(0)), 0);
    }
}
