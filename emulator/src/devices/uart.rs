//! 16550A UART at 0x1000_0000, IRQ 10, modelled on QEMU's `serial`
//! (hw/char/serial.c) as the `virt` board maps it (`regshift` 0).
//!
//! | off | DLAB=0 read | DLAB=0 write | DLAB=1  |
//! |-----|-------------|--------------|---------|
//! | 0   | RBR         | THR          | DLL     |
//! | 1   | IER         | IER          | DLM     |
//! | 2   | IIR         | FCR          |         |
//! | 3   | LCR         | LCR          |         |
//! | 4   | MCR         | MCR          |         |
//! | 5   | LSR         | (ignored)    |         |
//! | 6   | MSR         | (ignored)    |         |
//! | 7   | SCR         | SCR          |         |
//!
//! Behaviour checked against qemu-system-riscv64 7.2 (`-M virt`):
//! * reset: IER 0, IIR 0x01, LCR 0, MCR 0x08 (OUT2), LSR 0x60, MSR 0xb0,
//!   SCR 0, divisor 0x000c;
//! * IER keeps 4 bits, MCR 5 bits; IIR carries 0xc0 while FCR.FE is set;
//! * transmission is instantaneous: after a THR write LSR.THRE|TEMT are set
//!   again and the THR-empty interrupt is immediately re-armed (QEMU reports
//!   IIR 0xc2 right after the write when IER.THRI is set);
//! * the THR-empty interrupt is re-armed when IER.THRI goes 0->1 while THRE
//!   (and by an FCR transmit-FIFO reset), and cleared by an IIR read that
//!   reports it;
//! * receive overrun: with the FIFO on, bytes beyond 16 are dropped and
//!   LSR.OE is set; without it the new byte replaces RBR and OE is set. An LSR
//!   read clears OE and BI;
//! * in loopback (MCR.LOOP) transmitted bytes are received, MSR reads
//!   DCD/RI/DSR/CTS from OUT2/OUT1/DTR/RTS with no delta bits, and nothing
//!   reaches the host;
//! * the MMIO region is 8 bytes: any access size is accepted and addresses a
//!   single register (the low byte of a write is used, a read returns the
//!   register zero-extended); misaligned accesses and offsets 8.. fault.
//!
//! Carrier detect: the host's stdin is the serial line's far end. MSR reads
//! DCD, DSR and CTS set (0xb0, as QEMU) while it is open. When a host input
//! that is not a terminal reaches end of file ([`Uart16550::hang_up`]), the
//! carrier drops as on a modem hangup, but only once every byte received
//! before the end of file has been read by the guest (or dropped by a
//! receive FIFO reset): DCD clears, the delta bit DDCD (MSR bit 3) is set,
//! and with IER.EDSSI (bit 3) the modem-status interrupt (IIR id 0x00, the
//! lowest priority) is raised. Reading MSR clears the delta bits and so the
//! interrupt. The carrier never comes back.
//!
//! One deliberate difference: QEMU raises the "character timeout" (IIR 0x0c)
//! four character times after the last received byte when fewer bytes than
//! the FIFO trigger level are waiting. This model has no notion of line time,
//! so the timeout is considered to have expired at once: with fewer bytes
//! than the trigger level waiting, IIR reports 0x0c; at or above it, 0x04.
use crate::bus::Device;
use std::collections::VecDeque;
use std::io::Write;

/// Receive and transmit FIFO depth of a 16550A.
pub const FIFO_SIZE: usize = 16;

// Interrupt enable register.
pub const IER_RDI: u8 = 0x01;
pub const IER_THRI: u8 = 0x02;
pub const IER_RLSI: u8 = 0x04;
pub const IER_MSI: u8 = 0x08;

// Interrupt identification register.
pub const IIR_NO_INT: u8 = 0x01;
pub const IIR_ID: u8 = 0x06;
pub const IIR_MSI: u8 = 0x00;
pub const IIR_THRI: u8 = 0x02;
pub const IIR_RDI: u8 = 0x04;
pub const IIR_RLSI: u8 = 0x06;
pub const IIR_CTI: u8 = 0x0c;
pub const IIR_FIFO_ENABLED: u8 = 0xc0;

// FIFO control register.
pub const FCR_FE: u8 = 0x01;
pub const FCR_RFR: u8 = 0x02;
pub const FCR_XFR: u8 = 0x04;

// Line control register.
pub const LCR_DLAB: u8 = 0x80;

// Modem control register.
pub const MCR_DTR: u8 = 0x01;
pub const MCR_RTS: u8 = 0x02;
pub const MCR_OUT1: u8 = 0x04;
pub const MCR_OUT2: u8 = 0x08;
pub const MCR_LOOP: u8 = 0x10;

// Line status register.
pub const LSR_DR: u8 = 0x01;
pub const LSR_OE: u8 = 0x02;
pub const LSR_BI: u8 = 0x10;
pub const LSR_THRE: u8 = 0x20;
pub const LSR_TEMT: u8 = 0x40;
/// Status bits that raise the receiver-line-status interrupt.
pub const LSR_INT_ANY: u8 = 0x1e;

// Modem status register.
/// Delta data carrier detect: DCD changed since MSR was last read.
pub const MSR_DDCD: u8 = 0x08;
/// The delta bits (DCTS, DDSR, TERI, DDCD), cleared by reading MSR.
pub const MSR_DELTAS: u8 = 0x0f;
pub const MSR_CTS: u8 = 0x10;
pub const MSR_DSR: u8 = 0x20;
pub const MSR_DCD: u8 = 0x80;

/// Host-side output is collected here and handed to `out` in chunks of at
/// least this many bytes (or by `flush`).
const OUT_CHUNK: usize = 4096;

pub struct Uart16550 {
    out: Box<dyn Write + Send>,
    /// Transmitted bytes not yet handed to `out`.
    out_buf: Vec<u8>,
    /// Receive FIFO (FCR.FE set).
    rx_fifo: VecDeque<u8>,
    /// Receive buffer register (FIFO disabled).
    rbr: u8,
    ier: u8,
    /// Interrupt identification as last computed, with the FIFO bits.
    iir: u8,
    /// The sticky FCR bits (FE, DMS and the trigger level).
    fcr: u8,
    lcr: u8,
    mcr: u8,
    lsr: u8,
    msr: u8,
    scr: u8,
    divisor: u16,
    /// Receive FIFO trigger level (1, 4, 8 or 14 bytes).
    rx_trigger: usize,
    /// THR-empty interrupt latched (cleared by an IIR read reporting it).
    thr_ipending: bool,
    /// The guest has set the receiver up: written FCR (drivers do that last,
    /// with a FIFO reset) or enabled the receive interrupt. Until then host
    /// input waits on the host side: on real hardware bytes that arrive
    /// before the driver runs are lost (the FIFO reset drops them), which
    /// would make piped input to a booting guest racy.
    receiving: bool,
    /// The host input has ended: the carrier drops once the receiver is empty.
    hangup: bool,
    /// The UART has re-evaluated its interrupt since the bus last looked
    /// (QEMU's `serial_update_irq`): only then does the PLIC hear its line.
    signalled: bool,
}

impl Uart16550 {
    /// Transmitted bytes go to `out` (flushed by `flush`).
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Uart16550 {
            out,
            out_buf: Vec::with_capacity(OUT_CHUNK),
            rx_fifo: VecDeque::with_capacity(FIFO_SIZE),
            rbr: 0,
            ier: 0,
            iir: IIR_NO_INT,
            fcr: 0,
            lcr: 0,
            mcr: MCR_OUT2,
            lsr: LSR_TEMT | LSR_THRE,
            msr: MSR_DCD | MSR_DSR | MSR_CTS,
            scr: 0,
            divisor: 0x0c,
            rx_trigger: 1,
            thr_ipending: false,
            receiving: false,
            hangup: false,
            signalled: false,
        }
    }

    /// A copy of this UART's state (registers, FIFOs, output not yet handed
    /// to the host) that writes to `out`: the debugger's machine snapshots
    /// keep one and put it back with [`Uart16550::restore`].
    pub fn duplicate(&self, out: Box<dyn Write + Send>) -> Uart16550 {
        Uart16550 {
            out,
            out_buf: self.out_buf.clone(),
            rx_fifo: self.rx_fifo.clone(),
            ..*self
        }
    }

    /// Take the state of `saved` (see [`Uart16550::duplicate`]), keeping
    /// this UART's host writer.
    pub fn restore(&mut self, saved: &Uart16550) {
        self.out_buf.clone_from(&saved.out_buf);
        self.rx_fifo.clone_from(&saved.rx_fifo);
        let Uart16550 {
            out: _,
            out_buf: _,
            rx_fifo: _,
            rbr,
            ier,
            iir,
            fcr,
            lcr,
            mcr,
            lsr,
            msr,
            scr,
            divisor,
            rx_trigger,
            thr_ipending,
            receiving,
            hangup,
            signalled,
        } = *saved;
        (self.rbr, self.ier, self.iir, self.fcr, self.lcr, self.mcr) =
            (rbr, ier, iir, fcr, lcr, mcr);
        (self.lsr, self.msr, self.scr, self.divisor) = (lsr, msr, scr, divisor);
        (
            self.rx_trigger,
            self.thr_ipending,
            self.receiving,
            self.hangup,
        ) = (rx_trigger, thr_ipending, receiving, hangup);
        self.signalled = signalled;
    }

    /// Whether the UART has signalled its interrupt line since the last
    /// call (then the PLIC is to hear `irq_pending()`).
    pub fn take_signal(&mut self) -> bool {
        std::mem::take(&mut self.signalled)
    }

    /// The host input reached end of file (after every byte already pushed):
    /// drop the carrier (MSR.DCD) once the guest has read those bytes.
    pub fn hang_up(&mut self) {
        self.hangup = true;
        self.check_carrier();
    }

    /// MSR.DCD as the line sees it (outside loopback): true until a hangup
    /// has reached the guest.
    pub fn carrier(&self) -> bool {
        self.msr & MSR_DCD != 0
    }

    /// After a hangup, drop DCD when the receiver has become empty.
    fn check_carrier(&mut self) {
        if self.hangup && self.msr & MSR_DCD != 0 && self.rx_len() == 0 {
            self.msr = (self.msr & !MSR_DCD) | MSR_DDCD;
            self.update_irq();
        }
    }

    /// A byte arrived on the host side (stdin); it becomes readable from RBR.
    /// Callers should check `wants_input` first: a byte pushed into a full
    /// receiver is an overrun (LSR.OE), as on the real chip.
    pub fn push_input(&mut self, byte: u8) {
        self.receive(byte);
    }

    /// True while the receiver can accept more bytes: room in the FIFO, or
    /// (FIFO disabled) RBR empty. False in loopback mode, where the receiver
    /// is connected to the transmitter instead of the host.
    pub fn wants_input(&self) -> bool {
        if !self.receiving || self.mcr & MCR_LOOP != 0 {
            return false;
        }
        if self.fifo_enabled() {
            self.rx_fifo.len() < FIFO_SIZE
        } else {
            self.lsr & LSR_DR == 0
        }
    }

    /// The interrupt line to the PLIC (source 10).
    pub fn irq_pending(&self) -> bool {
        self.iir & 0x0f != IIR_NO_INT
    }

    /// Send bytes straight to the host side (used by HTIF console output).
    pub fn emit(&mut self, bytes: &[u8]) {
        self.out_buf.extend_from_slice(bytes);
        if self.out_buf.len() >= OUT_CHUNK {
            self.write_out();
        }
    }

    /// Hand everything transmitted so far to the host writer and flush it.
    pub fn flush(&mut self) {
        self.write_out();
        let _ = self.out.flush();
    }

    /// Bytes transmitted but not yet handed to the host writer.
    pub fn buffered_output(&self) -> &[u8] {
        &self.out_buf
    }

    /// Number of bytes waiting in the receiver (FIFO, or RBR when the FIFO
    /// is disabled).
    pub fn rx_len(&self) -> usize {
        if self.fifo_enabled() {
            self.rx_fifo.len()
        } else {
            (self.lsr & LSR_DR != 0) as usize
        }
    }

    fn write_out(&mut self) {
        if !self.out_buf.is_empty() {
            if let Err(e) = self.out.write_all(&self.out_buf) {
                log::warn!("uart: host output failed: {e}");
            }
            self.out_buf.clear();
        }
    }

    fn fifo_enabled(&self) -> bool {
        self.fcr & FCR_FE != 0
    }

    /// Recompute IIR (and so the interrupt line), highest priority first.
    fn update_irq(&mut self) {
        self.signalled = true;
        let ier = self.ier;
        let id = if ier & IER_RLSI != 0 && self.lsr & LSR_INT_ANY != 0 {
            IIR_RLSI
        } else if ier & IER_RDI != 0 && self.lsr & LSR_DR != 0 {
            if self.fifo_enabled() && self.rx_fifo.len() < self.rx_trigger {
                // Below the trigger level: the character timeout (see the
                // module documentation).
                IIR_CTI
            } else {
                IIR_RDI
            }
        } else if ier & IER_THRI != 0 && self.thr_ipending {
            IIR_THRI
        } else if ier & IER_MSI != 0 && self.msr & MSR_DELTAS != 0 {
            IIR_MSI
        } else {
            IIR_NO_INT
        };
        self.iir = id | (self.iir & 0xf0);
    }

    /// The receiver got `byte` (from the host or, in loopback, from THR).
    fn receive(&mut self, byte: u8) {
        if self.fifo_enabled() {
            if self.rx_fifo.len() < FIFO_SIZE {
                self.rx_fifo.push_back(byte);
            } else {
                // Overruns do not overwrite FIFO contents.
                self.lsr |= LSR_OE;
            }
        } else {
            if self.lsr & LSR_DR != 0 {
                self.lsr |= LSR_OE;
            }
            self.rbr = byte;
        }
        self.lsr |= LSR_DR;
        self.update_irq();
    }

    fn transmit(&mut self, byte: u8) {
        // The transmitter is infinitely fast: THR is empty again at once and
        // the THR-empty interrupt is re-armed, as QEMU does after sending.
        self.thr_ipending = true;
        self.lsr |= LSR_THRE | LSR_TEMT;
        if self.mcr & MCR_LOOP != 0 {
            self.receive(byte);
        } else {
            self.emit(&[byte]);
        }
        self.update_irq();
    }

    fn read_rbr(&mut self) -> u8 {
        let v = if self.fifo_enabled() {
            let v = self.rx_fifo.pop_front().unwrap_or(0);
            if self.rx_fifo.is_empty() {
                self.lsr &= !(LSR_DR | LSR_BI);
            }
            v
        } else {
            self.lsr &= !(LSR_DR | LSR_BI);
            self.rbr
        };
        self.update_irq();
        self.check_carrier();
        v
    }

    fn write_fcr(&mut self, value: u8) {
        let mut v = value;
        // Switching the FIFOs on or off flushes them.
        if (v ^ self.fcr) & FCR_FE != 0 {
            v |= FCR_XFR | FCR_RFR;
        }
        if v & FCR_RFR != 0 {
            self.lsr &= !(LSR_DR | LSR_BI);
            self.rx_fifo.clear();
        }
        let flushed = v & FCR_RFR != 0;
        if v & FCR_XFR != 0 {
            self.lsr |= LSR_THRE;
            self.thr_ipending = true;
        }
        self.fcr = v & 0xc9;
        if self.fcr & FCR_FE != 0 {
            self.iir |= IIR_FIFO_ENABLED;
            self.rx_trigger = match self.fcr & 0xc0 {
                0x00 => 1,
                0x40 => 4,
                0x80 => 8,
                _ => 14,
            };
        } else {
            self.iir &= !IIR_FIFO_ENABLED;
        }
        self.update_irq();
        if flushed {
            self.check_carrier();
        }
    }

    fn read_reg(&mut self, reg: u64) -> u8 {
        let dlab = self.lcr & LCR_DLAB != 0;
        match reg {
            0 if dlab => self.divisor as u8,
            0 => self.read_rbr(),
            1 if dlab => (self.divisor >> 8) as u8,
            1 => self.ier,
            2 => {
                let v = self.iir;
                if v & IIR_ID == IIR_THRI {
                    self.thr_ipending = false;
                    self.update_irq();
                }
                v
            }
            3 => self.lcr,
            4 => self.mcr,
            5 => {
                let v = self.lsr;
                if self.lsr & (LSR_BI | LSR_OE) != 0 {
                    self.lsr &= !(LSR_BI | LSR_OE);
                    self.update_irq();
                }
                v
            }
            6 => {
                if self.mcr & MCR_LOOP != 0 {
                    // The modem outputs are wired back to the inputs.
                    ((self.mcr & (MCR_OUT2 | MCR_OUT1)) << 4)
                        | ((self.mcr & MCR_RTS) << 3)
                        | ((self.mcr & MCR_DTR) << 5)
                } else {
                    let v = self.msr;
                    if self.msr & MSR_DELTAS != 0 {
                        self.msr &= !MSR_DELTAS;
                        self.update_irq();
                    }
                    v
                }
            }
            _ => self.scr,
        }
    }

    fn write_reg(&mut self, reg: u64, v: u8) {
        let dlab = self.lcr & LCR_DLAB != 0;
        match reg {
            0 if dlab => self.divisor = (self.divisor & 0xff00) | v as u16,
            0 => {
                self.thr_ipending = false;
                self.transmit(v);
            }
            1 if dlab => self.divisor = (self.divisor & 0x00ff) | (v as u16) << 8,
            1 => {
                self.receiving |= v & 1 != 0;
                let changed = (self.ier ^ v) & 0x0f;
                self.ier = v & 0x0f;
                // Turning THRI on while THR is empty raises the interrupt
                // even if an IIR read had cleared it (QEMU, Bochs, Windows).
                if changed & IER_THRI != 0 {
                    self.thr_ipending = self.ier & IER_THRI != 0 && self.lsr & LSR_THRE != 0;
                }
                if changed != 0 {
                    self.update_irq();
                }
            }
            2 => {
                self.receiving = true;
                self.write_fcr(v)
            }
            3 => self.lcr = v,
            4 => self.mcr = v & 0x1f,
            5 | 6 => {}
            _ => self.scr = v,
        }
    }
}

impl Drop for Uart16550 {
    fn drop(&mut self) {
        self.flush();
    }
}

/// An access of `size` bytes at `offset` must be aligned and inside the
/// 8-byte register window (QEMU faults on anything else).
fn valid(offset: u64, size: u8) -> bool {
    offset < 8 && size.is_power_of_two() && size <= 8 && offset & (size as u64 - 1) == 0
}

impl Device for Uart16550 {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64> {
        if !valid(offset, size) {
            return None;
        }
        Some(self.read_reg(offset) as u64)
    }

    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()> {
        if !valid(offset, size) {
            return None;
        }
        self.write_reg(offset, value as u8);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes the test can inspect.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn uart() -> (Uart16550, Shared) {
        let out = Shared::default();
        (Uart16550::new(Box::new(out.clone())), out)
    }

    fn rd(u: &mut Uart16550, off: u64) -> u8 {
        u.read(off, 1).unwrap() as u8
    }

    fn wr(u: &mut Uart16550, off: u64, v: u8) {
        u.write(off, 1, v as u64).unwrap();
    }

    /// What Linux's 8250 driver (roughly) does at probe and open.
    fn linux_init(u: &mut Uart16550) {
        wr(u, 3, 0x80);
        wr(u, 0, 0x01);
        wr(u, 1, 0x00);
        wr(u, 3, 0x03);
        wr(u, 2, 0x07);
        wr(u, 1, 0x01);
    }

    #[test]
    fn reset_values_match_qemu() {
        let (mut u, _) = uart();
        let regs: Vec<u8> = (1..8).map(|r| rd(&mut u, r)).collect();
        assert_eq!(regs, [0x00, 0x01, 0x00, 0x08, 0x60, 0xb0, 0x00]);
        wr(&mut u, 3, 0x80);
        assert_eq!((rd(&mut u, 0), rd(&mut u, 1)), (0x0c, 0x00));
        assert!(!u.irq_pending());
    }

    #[test]
    fn dlab_selects_divisor_latch() {
        let (mut u, out) = uart();
        wr(&mut u, 1, 0x05);
        wr(&mut u, 3, 0x83);
        wr(&mut u, 0, 0x34);
        wr(&mut u, 1, 0x12);
        assert_eq!((rd(&mut u, 0), rd(&mut u, 1)), (0x34, 0x12));
        wr(&mut u, 3, 0x03);
        assert_eq!(rd(&mut u, 1), 0x05, "IER untouched by DLM writes");
        assert_eq!(rd(&mut u, 3), 0x03);
        u.flush();
        assert!(
            out.0.lock().unwrap().is_empty(),
            "DLL writes are not output"
        );
    }

    #[test]
    fn register_masks() {
        let (mut u, _) = uart();
        wr(&mut u, 4, 0xff);
        wr(&mut u, 1, 0xff);
        wr(&mut u, 3, 0x7f);
        wr(&mut u, 7, 0xa5);
        assert_eq!(
            [rd(&mut u, 4), rd(&mut u, 1), rd(&mut u, 3), rd(&mut u, 7)],
            [0x1f, 0x0f, 0x7f, 0xa5]
        );
    }

    #[test]
    fn linux_init_then_receive() {
        let (mut u, _) = uart();
        linux_init(&mut u);
        assert_eq!(rd(&mut u, 2), 0xc1);
        assert!(!u.irq_pending());
        assert!(u.wants_input());
        for b in b"hi!" {
            u.push_input(*b);
        }
        assert_eq!(rd(&mut u, 5), 0x61);
        assert!(u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc4);
        let mut got = Vec::new();
        while rd(&mut u, 5) & LSR_DR != 0 {
            got.push(rd(&mut u, 0));
        }
        assert_eq!(got, b"hi!");
        assert!(!u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc1);
        assert_eq!(rd(&mut u, 5), 0x60);
        // An empty FIFO reads as 0.
        assert_eq!(rd(&mut u, 0), 0);
    }

    #[test]
    fn rx_interrupt_needs_ier() {
        let (mut u, _) = uart();
        wr(&mut u, 2, 0x07);
        u.push_input(b'x');
        assert!(!u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc1);
        wr(&mut u, 1, IER_RDI);
        assert!(u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc4);
    }

    #[test]
    fn fifo_overrun_keeps_first_16_bytes() {
        let (mut u, _) = uart();
        linux_init(&mut u);
        wr(&mut u, 1, IER_RDI | IER_RLSI);
        for i in 0..17u8 {
            assert_eq!(u.wants_input(), i < 16);
            u.push_input(i);
        }
        assert_eq!(rd(&mut u, 2), 0xc6, "line status has top priority");
        assert_eq!(rd(&mut u, 5), 0x63);
        assert_eq!(rd(&mut u, 5), 0x61, "LSR read clears OE");
        assert_eq!(rd(&mut u, 2), 0xc4);
        let got: Vec<u8> = (0..16).map(|_| rd(&mut u, 0)).collect();
        assert_eq!(got, (0..16).collect::<Vec<u8>>());
        assert_eq!(rd(&mut u, 5), 0x60);
    }

    #[test]
    fn trigger_level_and_character_timeout() {
        let (mut u, _) = uart();
        wr(&mut u, 2, 0x81); // FIFO on, trigger at 8 bytes (as Linux sets it)
        wr(&mut u, 1, IER_RDI);
        u.push_input(b'a');
        assert_eq!(rd(&mut u, 2), 0xcc);
        for b in b"bcdefgh" {
            u.push_input(*b);
        }
        assert_eq!(rd(&mut u, 2), 0xc4);
        rd(&mut u, 0);
        assert_eq!(rd(&mut u, 2), 0xcc);
    }

    #[test]
    fn non_fifo_mode() {
        let (mut u, _) = uart();
        wr(&mut u, 1, IER_RDI | IER_RLSI);
        assert!(u.wants_input());
        u.push_input(b'C');
        assert!(!u.wants_input());
        assert_eq!(rd(&mut u, 2), 0x04);
        u.push_input(b'D');
        assert_eq!(rd(&mut u, 2), 0x06);
        assert_eq!(rd(&mut u, 5), 0x63);
        assert_eq!(rd(&mut u, 0), b'D', "an overrun replaces RBR");
        assert_eq!(rd(&mut u, 5), 0x60);
        assert_eq!(rd(&mut u, 2), 0x01);
    }

    #[test]
    fn fifo_toggle_flushes_receiver() {
        let (mut u, _) = uart();
        wr(&mut u, 2, 0x01);
        u.push_input(1);
        u.push_input(2);
        wr(&mut u, 2, 0x00);
        assert_eq!(rd(&mut u, 5), 0x60);
        assert_eq!(rd(&mut u, 2), 0x01, "no FIFO bits once disabled");
        wr(&mut u, 2, 0x01);
        u.push_input(3);
        wr(&mut u, 2, 0x03); // receive FIFO reset, FIFO stays on
        assert_eq!(rd(&mut u, 5), 0x60);
        assert_eq!(u.rx_len(), 0);
    }

    #[test]
    fn thre_interrupt() {
        let (mut u, out) = uart();
        wr(&mut u, 2, 0x07);
        assert!(!u.irq_pending(), "THRI disabled");
        wr(&mut u, 1, IER_THRI);
        // Enabling THRI while THR is empty raises it.
        assert!(u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc2);
        // Reading IIR when it reports THRE clears it.
        assert!(!u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc1);
        // Writing THR: sent at once, THR empty again -> raised again.
        wr(&mut u, 0, b'A');
        assert!(u.irq_pending());
        assert_eq!(rd(&mut u, 5), 0x60);
        assert_eq!(rd(&mut u, 2), 0xc2);
        // Toggling IER.THRI re-arms it.
        wr(&mut u, 1, 0);
        assert!(!u.irq_pending());
        wr(&mut u, 1, IER_THRI);
        assert_eq!(rd(&mut u, 2), 0xc2);
        // Rewriting the same IER value does not.
        wr(&mut u, 1, IER_THRI);
        assert_eq!(rd(&mut u, 2), 0xc1);
        // A transmit FIFO reset does.
        wr(&mut u, 2, 0x05);
        assert_eq!(rd(&mut u, 2), 0xc2);
        u.flush();
        assert_eq!(&*out.0.lock().unwrap(), b"A");
    }

    #[test]
    fn rx_data_outranks_thre_and_hides_it() {
        let (mut u, _) = uart();
        wr(&mut u, 2, 0x07);
        wr(&mut u, 1, IER_RDI | IER_THRI);
        u.push_input(b'z');
        // THRE is pending but RX data has priority; reading IIR then must
        // not clear the THRE condition.
        assert_eq!(rd(&mut u, 2), 0xc4);
        assert_eq!(rd(&mut u, 2), 0xc4);
        assert_eq!(rd(&mut u, 0), b'z');
        assert_eq!(rd(&mut u, 2), 0xc2);
        assert_eq!(rd(&mut u, 2), 0xc1);
    }

    #[test]
    fn loopback() {
        let (mut u, out) = uart();
        wr(&mut u, 2, 0x07);
        wr(&mut u, 4, MCR_LOOP | MCR_OUT2);
        assert!(!u.wants_input());
        assert_eq!(rd(&mut u, 6), 0x80);
        wr(&mut u, 4, MCR_LOOP | MCR_OUT2 | MCR_RTS | MCR_DTR);
        assert_eq!(rd(&mut u, 6), 0xb0);
        wr(&mut u, 0, b'L');
        assert_eq!(rd(&mut u, 5), 0x61);
        assert_eq!(rd(&mut u, 0), b'L');
        wr(&mut u, 4, MCR_OUT2);
        assert_eq!(rd(&mut u, 6), 0xb0);
        u.flush();
        assert!(
            out.0.lock().unwrap().is_empty(),
            "looped bytes are not output"
        );
    }

    #[test]
    fn carrier_is_up_while_host_input_is_open() {
        let (mut u, _) = uart();
        linux_init(&mut u);
        assert_eq!(rd(&mut u, 6), MSR_DCD | MSR_DSR | MSR_CTS);
        assert!(u.carrier());
        // Reading MSR again: no delta bits, nothing changes.
        assert_eq!(rd(&mut u, 6), 0xb0);
    }

    #[test]
    fn hangup_on_empty_receiver_drops_dcd_at_once() {
        let (mut u, _) = uart();
        linux_init(&mut u);
        u.hang_up();
        assert!(!u.carrier());
        // DCD low, DDCD set; DSR and CTS stay as they were.
        assert_eq!(rd(&mut u, 6), MSR_DSR | MSR_CTS | MSR_DDCD);
        // The read cleared the delta bit; DCD stays low for good.
        assert_eq!(rd(&mut u, 6), MSR_DSR | MSR_CTS);
        assert_eq!(rd(&mut u, 5), 0x60, "no data, no line status error");
    }

    #[test]
    fn hangup_waits_until_pending_bytes_are_read() {
        let (mut u, _) = uart();
        linux_init(&mut u);
        for b in b"ab" {
            u.push_input(*b);
        }
        u.hang_up();
        // Bytes that arrived before the end of file come first.
        assert_eq!(rd(&mut u, 6), 0xb0, "carrier still up while data waits");
        assert_eq!(rd(&mut u, 0), b'a');
        assert_eq!(rd(&mut u, 6), 0xb0);
        assert_eq!(rd(&mut u, 0), b'b');
        // The last byte is read: now the carrier drops.
        assert_eq!(rd(&mut u, 5), 0x60);
        assert_eq!(rd(&mut u, 6), 0x38);
    }

    #[test]
    fn hangup_in_non_fifo_mode_waits_for_rbr() {
        let (mut u, _) = uart();
        wr(&mut u, 1, IER_RDI);
        u.push_input(b'q');
        u.hang_up();
        assert!(u.carrier());
        assert_eq!(rd(&mut u, 0), b'q');
        assert!(!u.carrier());
    }

    #[test]
    fn receive_fifo_reset_counts_as_consuming_the_bytes() {
        let (mut u, _) = uart();
        linux_init(&mut u);
        u.push_input(b'x');
        u.hang_up();
        assert!(u.carrier());
        wr(&mut u, 2, 0x03); // FIFO on, receive FIFO reset
        assert!(!u.carrier());
    }

    #[test]
    fn modem_status_interrupt() {
        let (mut u, _) = uart();
        linux_init(&mut u); // IER = RDI only
        u.push_input(b'z');
        u.hang_up();
        assert_eq!(rd(&mut u, 0), b'z');
        // DDCD is set but EDSSI is off: no interrupt.
        assert!(!u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc1);
        // Enabling EDSSI with the delta bit set raises it: IIR id 0x00.
        wr(&mut u, 1, IER_RDI | IER_MSI);
        assert!(u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc0);
        // Reading IIR does not clear it; reading MSR does.
        assert_eq!(rd(&mut u, 2), 0xc0);
        assert_eq!(rd(&mut u, 6), 0x38);
        assert!(!u.irq_pending());
        assert_eq!(rd(&mut u, 2), 0xc1);
    }

    #[test]
    fn modem_status_is_the_lowest_priority_interrupt() {
        let (mut u, _) = uart();
        wr(&mut u, 2, 0x07);
        wr(&mut u, 1, IER_RDI | IER_THRI | IER_MSI);
        u.hang_up();
        // THR empty outranks modem status; once it is acknowledged, the
        // modem status interrupt shows.
        assert_eq!(rd(&mut u, 2), 0xc2);
        assert_eq!(rd(&mut u, 2), 0xc0);
        assert_eq!(rd(&mut u, 6), 0x38);
        assert_eq!(rd(&mut u, 2), 0xc1);
    }

    #[test]
    fn loopback_msr_is_unaffected_by_hangup() {
        let (mut u, _) = uart();
        wr(&mut u, 2, 0x07);
        u.hang_up();
        wr(&mut u, 4, MCR_LOOP | MCR_OUT2);
        assert_eq!(rd(&mut u, 6), 0x80, "DCD follows OUT2 in loopback");
        wr(&mut u, 4, MCR_OUT2);
        assert_eq!(rd(&mut u, 6), 0x38, "the line's own DCD is down");
    }

    #[test]
    fn output_is_buffered_until_flush() {
        let (mut u, out) = uart();
        for b in b"hello" {
            wr(&mut u, 0, *b);
        }
        u.emit(b", world\n");
        assert!(out.0.lock().unwrap().is_empty());
        assert_eq!(u.buffered_output(), b"hello, world\n");
        u.flush();
        assert_eq!(&*out.0.lock().unwrap(), b"hello, world\n");
        // Large output goes out without waiting for flush.
        u.emit(&[b'x'; OUT_CHUNK]);
        assert_eq!(out.0.lock().unwrap().len(), 13 + OUT_CHUNK);
        // Dropping the UART flushes what is left.
        wr(&mut u, 0, b'!');
        drop(u);
        assert_eq!(out.0.lock().unwrap().last(), Some(&b'!'));
    }

    #[test]
    fn access_sizes() {
        let (mut u, out) = uart();
        wr(&mut u, 4, 0x0b);
        // A wider access addresses one register; writes use the low byte.
        assert_eq!(u.read(4, 4), Some(0x0b));
        assert_eq!(u.read(0, 8), Some(0));
        assert_eq!(u.write(0, 4, 0xffff_ff41), Some(()));
        assert_eq!(u.write(4, 2, 0x1108), Some(()));
        assert_eq!(u.read(4, 1), Some(0x08));
        // Misaligned or outside the 8-byte window: access fault.
        assert_eq!(u.read(5, 4), None);
        assert_eq!(u.read(8, 1), None);
        assert_eq!(u.write(0xff, 1, 0), None);
        assert_eq!(u.read(2, 3), None);
        u.flush();
        assert_eq!(&*out.0.lock().unwrap(), b"A");
    }
}
