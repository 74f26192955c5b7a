//! The physical address space: RAM plus memory-mapped devices at the
//! addresses QEMU's `virt` board uses.
//!
//! | base          | size      | device                         |
//! |---------------|-----------|--------------------------------|
//! | 0x0010_0000   | 0x1000    | SiFive test finisher           |
//! | 0x0010_2000   | 0x1000    | introspection (Vitrine's own)  |
//! | 0x0200_0000   | 0x1_0000  | CLINT (msip, mtimecmp, mtime)  |
//! | 0x0C00_0000   | 0x60_0000 | PLIC                           |
//! | 0x1000_0000   | 0x100     | 16550 UART (IRQ 10)            |
//! | 0x1000_1000   | 0x1000    | virtio-mmio block (IRQ 1), when a disk is given |
//! | 0x8000_0000   | -m        | RAM                            |

/// A memory-mapped device. Offsets are relative to the device's base;
/// `size` is 1, 2, 4 or 8. `None` means the access faults (the CPU raises an
/// access-fault exception), never a panic.
pub trait Device {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64>;
    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()>;
}

use crate::devices::clint::Clint;
use crate::devices::htif::{Htif, HtifAction};
use crate::devices::introspect::{self, Introspect};
use crate::devices::plic::Plic;
use crate::devices::test_finisher::{FinisherRequest, TestFinisher};
use crate::devices::uart::Uart16550;
use crate::devices::virtio::mmio::{self as virtio, VirtioMmio};
use crate::memory::{Memory, PAGE_WATCH};

pub const FINISHER_BASE: u64 = 0x0010_0000;
pub const CLINT_BASE: u64 = 0x0200_0000;
pub const PLIC_BASE: u64 = 0x0C00_0000;
pub const UART_BASE: u64 = 0x1000_0000;
pub const UART_LAST: u64 = UART_BASE + 0xff;
pub const UART_IRQ: u32 = 10;

/// Why the machine should stop, as requested by a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceExit {
    /// Exit with this code (test finisher or HTIF).
    Exit(u32),
    Reset,
}

pub struct Bus {
    pub mem: Memory,
    pub clint: Clint,
    pub plic: Plic,
    pub uart: Uart16550,
    pub finisher: TestFinisher,
    pub htif: Option<Htif>,
    pub introspect: Introspect,
    /// The virtio block device, when the machine has a disk.
    pub virtio: Option<VirtioMmio>,
    /// Set when a device asks the machine to stop.
    pub exit: Option<DeviceExit>,
}

impl Bus {
    pub fn new(mem: Memory, uart: Uart16550) -> Self {
        Bus {
            mem,
            clint: Clint::new(),
            plic: Plic::new(),
            uart,
            finisher: TestFinisher::default(),
            htif: None,
            introspect: Introspect::default(),
            virtio: None,
            exit: None,
        }
    }

    /// Watch the HTIF mailbox: stores to `tohost` are reported to `Htif`.
    pub fn attach_htif(&mut self, htif: Htif) {
        if let Some(off) = self.mem.offset(htif.tohost, 8) {
            self.mem.set_flag(off >> 12, PAGE_WATCH);
        }
        self.htif = Some(htif);
    }

    /// The device (and its base) that decodes physical address `pa`.
    fn device(&mut self, pa: u64) -> Option<(&mut dyn Device, u64)> {
        match pa {
            FINISHER_BASE..=0x0010_0fff => Some((&mut self.finisher, FINISHER_BASE)),
            introspect::BASE..=introspect::LAST => Some((&mut self.introspect, introspect::BASE)),
            CLINT_BASE..=0x0200_ffff => Some((&mut self.clint, CLINT_BASE)),
            PLIC_BASE..=0x0fff_ffff => Some((&mut self.plic, PLIC_BASE)),
            UART_BASE..=UART_LAST => Some((&mut self.uart, UART_BASE)),
            virtio::BASE..=virtio::LAST => {
                let dev = self.virtio.as_mut()?;
                Some((dev, virtio::BASE))
            }
            _ => None,
        }
    }

    /// MMIO read (the CPU handles RAM itself on its fast path).
    pub fn mmio_read(&mut self, pa: u64, size: u8, mtime: u64) -> Option<u64> {
        self.clint.now = mtime;
        let (dev, base) = self.device(pa)?;
        let v = dev.read(pa - base, size);
        // The UART signals its line at the register accesses that make it
        // re-evaluate its interrupt (reading RBR or IIR), as QEMU's does.
        self.signal_uart();
        v
    }

    /// Whether a write at `pa` changes nothing the machine looks at between
    /// blocks (an introspection event's argument, or an event nobody
    /// listens to), so the block may go on.
    pub fn write_keeps_block(&self, pa: u64) -> bool {
        pa.checked_sub(introspect::BASE).is_some_and(|off| {
            off < introspect::SIZE
                && (Introspect::sets_argument(off)
                    || (off == introspect::REG_EVENT && !self.introspect.listening))
        })
    }

    /// MMIO write. Afterwards the caller must end its block of instructions
    /// (unless `write_keeps_block`): the write may have changed interrupt
    /// lines, timers or asked for exit.
    pub fn mmio_write(&mut self, pa: u64, size: u8, value: u64, mtime: u64) -> Option<()> {
        self.clint.now = mtime;
        let (dev, base) = self.device(pa)?;
        dev.write(pa - base, size, value)?;
        if let Some(req) = self.finisher.request.take() {
            self.exit = Some(match req {
                FinisherRequest::Exit(code) => DeviceExit::Exit(code),
                FinisherRequest::Reset => DeviceExit::Reset,
            });
        }
        self.signal_uart();
        if let Some(v) = self
            .virtio
            .as_ref()
            .filter(|_| pa == virtio::BASE + virtio::INTERRUPT_ACK)
        {
            // InterruptACK updates the virtio line (as QEMU's virtio_update_irq).
            self.plic.set_level(virtio::IRQ, v.irq_level());
        }
        Some(())
    }

    /// Let the PLIC hear the UART's line if the UART has signalled it.
    pub fn signal_uart(&mut self) {
        if self.uart.take_signal() {
            self.plic.set_level(UART_IRQ, self.uart.irq_pending());
        }
    }

    /// A store hit a `PAGE_WATCH` page: if it was `tohost`, run the HTIF request.
    pub fn watched_store(&mut self, pa: u64) {
        let Some(htif) = self.htif.as_mut() else {
            return;
        };
        if pa & !7 != htif.tohost {
            return;
        }
        let value = self.mem.read_u64(htif.tohost).unwrap_or(0);
        if value == 0 {
            return;
        }
        let _ = self.mem.write_u64(htif.tohost, 0);
        let mut console = UartConsole(&mut self.uart);
        if let HtifAction::Exit(code) = htif.on_tohost_write(value, &mut self.mem, &mut console) {
            self.exit = Some(DeviceExit::Exit(code));
        }
    }
}

/// HTIF console output goes to the same place as the UART's.
struct UartConsole<'a>(&'a mut Uart16550);

impl std::io::Write for UartConsole<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.emit(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
