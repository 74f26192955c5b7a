//! The virtio-mmio transport (virtio 1.x, section 4.2): the register file
//! through which a driver finds the device, agrees on features, tells the
//! device where its queue is, and is told that requests completed.
//!
//! Version 2 is the modern interface (virtio 1.0 and later); version 1 is
//! the legacy one (`-global virtio-mmio.force-legacy=true`, QEMU's default
//! for `virt`), where the queue is one block of guest memory at
//! `QueuePFN * GuestPageSize` and there is no `QueueReady`.
//!
//! The transport does no I/O itself: a store to `QueueNotify` only sets a
//! flag, and the machine's run loop calls [`VirtioMmio::service`] between
//! blocks of instructions, with access to guest RAM, to take the new
//! requests and to complete those whose time has come.

use super::blk::VirtioBlk;
use super::queue::{Dma, Virtqueue, QUEUE_NUM_MAX};
use crate::bus::Device;

/// Where QEMU `virt` puts its first virtio-mmio slot, and its PLIC source.
pub const BASE: u64 = 0x1000_1000;
pub const SIZE: u64 = 0x1000;
pub const LAST: u64 = BASE + SIZE - 1;
pub const IRQ: u32 = 1;
/// The InterruptACK register's offset.
pub const INTERRUPT_ACK: u64 = 0x064;

pub const MAGIC: u32 = 0x7472_6976; // "virt"
pub const VENDOR_QEMU: u32 = 0x554d_4551; // "QEMU"
pub const DEVICE_ID_BLOCK: u32 = 2;

// Device status bits (2.1).
pub const STATUS_ACKNOWLEDGE: u32 = 1;
pub const STATUS_DRIVER: u32 = 2;
pub const STATUS_DRIVER_OK: u32 = 4;
pub const STATUS_FEATURES_OK: u32 = 8;
pub const STATUS_NEEDS_RESET: u32 = 0x40;

// Feature bits offered.
pub const BLK_F_BLK_SIZE: u64 = 1 << 6;
pub const BLK_F_RO: u64 = 1 << 5;
pub const BLK_F_FLUSH: u64 = 1 << 9;
pub const F_INDIRECT_DESC: u64 = 1 << 28;
pub const F_VERSION_1: u64 = 1 << 32;

#[derive(Clone, Debug)]
pub struct VirtioMmio {
    legacy: bool,
    device_features_sel: u32,
    driver_features_sel: u32,
    driver_features: u64,
    status: u32,
    interrupt_status: u32,
    queue_sel: u32,
    guest_page_size: u32,
    queue_align: u32,
    queue_pfn: u32,
    queue: Virtqueue,
    /// A driver stored to QueueNotify since the last `service`.
    notified: bool,
    pub blk: VirtioBlk,
}

impl VirtioMmio {
    pub fn new(blk: VirtioBlk, legacy: bool) -> Self {
        VirtioMmio {
            legacy,
            device_features_sel: 0,
            driver_features_sel: 0,
            driver_features: 0,
            status: 0,
            interrupt_status: 0,
            queue_sel: 0,
            guest_page_size: 4096,
            queue_align: 4096,
            queue_pfn: 0,
            queue: Virtqueue::default(),
            notified: false,
            blk,
        }
    }

    fn device_features(&self) -> u64 {
        let mut f = BLK_F_BLK_SIZE | BLK_F_FLUSH | F_INDIRECT_DESC;
        if self.blk.disk.read_only {
            f |= BLK_F_RO;
        }
        if !self.legacy {
            f |= F_VERSION_1;
        }
        f
    }

    fn reset(&mut self) {
        let blk = self.blk.clone();
        *self = VirtioMmio::new(blk, self.legacy);
        self.blk.reset();
    }

    /// The interrupt line (PLIC source [`IRQ`]).
    pub fn irq_level(&self) -> bool {
        self.interrupt_status != 0
    }

    /// When the next request in flight completes (an `mtime` value).
    pub fn next_deadline(&self) -> Option<u64> {
        self.blk.next_deadline()
    }

    /// Whether `service` has anything to do at `now`.
    pub fn wants_service(&self, now: u64) -> bool {
        self.notified || self.next_deadline().is_some_and(|t| t <= now)
    }

    /// Take new requests (after a notify) and complete those due at `now`.
    /// True if the interrupt status changed (the line is to be signalled).
    pub fn service(&mut self, now: u64, dma: &mut dyn Dma) -> bool {
        let before = self.interrupt_status;
        self.service_queue(now, dma);
        self.interrupt_status != before
    }

    fn service_queue(&mut self, now: u64, dma: &mut dyn Dma) {
        if self.status & STATUS_NEEDS_RESET != 0 {
            return;
        }
        if std::mem::take(&mut self.notified) && self.status & STATUS_DRIVER_OK != 0 {
            loop {
                match self.queue.pop(dma) {
                    Ok(Some(chain)) => self.blk.submit(chain, now),
                    Ok(None) => break,
                    Err(e) => return self.broken(e),
                }
            }
        }
        for (head, len) in self.blk.complete_due(now, dma) {
            if let Err(e) = self.queue.push_used(dma, head, len) {
                return self.broken(e);
            }
            self.interrupt_status |= 1;
        }
    }

    /// The driver broke the queue: stop, and say so (DEVICE_NEEDS_RESET
    /// and a configuration-change interrupt), as 2.1.2 asks.
    fn broken(&mut self, e: super::queue::QueueError) {
        log::warn!("virtio-blk: bad queue ({e:?}); the device needs a reset");
        self.status |= STATUS_NEEDS_RESET;
        self.interrupt_status |= 2;
        self.blk.reset();
    }

    fn config_read(&self, off: u64, size: u8) -> u64 {
        let mut cfg = [0u8; 24];
        cfg[0..8].copy_from_slice(&self.blk.disk.sectors().to_le_bytes()); // capacity
        cfg[20..24].copy_from_slice(&512u32.to_le_bytes()); // blk_size
        let mut v = 0u64;
        for i in 0..size as u64 {
            let b = cfg.get((off + i) as usize).copied().unwrap_or(0);
            v |= (b as u64) << (8 * i);
        }
        v
    }
}

impl Device for VirtioMmio {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64> {
        if offset >= 0x100 {
            return Some(self.config_read(offset - 0x100, size));
        }
        if size != 4 {
            return Some(0); // registers are 32 bits wide (QEMU ignores others too)
        }
        let q = self.queue_sel == 0;
        let v: u32 = match offset {
            0x000 => MAGIC,
            0x004 => {
                if self.legacy {
                    1
                } else {
                    2
                }
            }
            0x008 => DEVICE_ID_BLOCK,
            0x00c => VENDOR_QEMU,
            0x010 => match self.device_features_sel {
                0 => self.device_features() as u32,
                1 => (self.device_features() >> 32) as u32,
                _ => 0,
            },
            0x034 if q => QUEUE_NUM_MAX as u32,
            0x040 if self.legacy && q => self.queue_pfn,
            0x044 if !self.legacy && q => self.queue.ready as u32,
            0x060 => self.interrupt_status,
            0x070 => self.status,
            0x0fc => 0, // config generation: the configuration never changes
            _ => 0,
        };
        Some(v as u64)
    }

    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()> {
        if offset >= 0x100 || size != 4 {
            return Some(()); // the block configuration is read-only
        }
        let v = value as u32;
        let q = self.queue_sel == 0;
        let set_low = |x: &mut u64| *x = (*x & !0xffff_ffff) | v as u64;
        let set_high = |x: &mut u64| *x = (*x & 0xffff_ffff) | (v as u64) << 32;
        match offset {
            0x014 => self.device_features_sel = v,
            0x020 => match self.driver_features_sel {
                0 => set_low(&mut self.driver_features),
                1 => set_high(&mut self.driver_features),
                _ => {}
            },
            0x024 => self.driver_features_sel = v,
            0x028 if self.legacy => self.guest_page_size = v,
            0x030 => self.queue_sel = v,
            0x038 if q => {
                // A size that is not a power of 2 up to the maximum leaves the queue unusable.
                self.queue.num = if v.is_power_of_two() && v <= QUEUE_NUM_MAX as u32 {
                    v as u16
                } else {
                    0
                };
            }
            0x03c if self.legacy => self.queue_align = v,
            0x040 if self.legacy && q => {
                self.queue_pfn = v;
                if v == 0 {
                    self.queue.reset();
                } else {
                    let base = v as u64 * self.guest_page_size as u64;
                    self.queue.set_legacy_layout(base, self.queue_align as u64);
                    self.queue.ready = true;
                }
            }
            0x044 if !self.legacy && q => self.queue.ready = v & 1 != 0,
            0x050 => self.notified |= v == 0,
            0x064 => self.interrupt_status &= !v,
            0x070 => {
                if v == 0 {
                    self.reset();
                } else {
                    let mut v = v;
                    // FEATURES_OK sticks only for features the device offered.
                    if v & STATUS_FEATURES_OK != 0
                        && self.driver_features & !self.device_features() != 0
                    {
                        v &= !STATUS_FEATURES_OK;
                    }
                    self.status = v | (self.status & STATUS_NEEDS_RESET);
                }
            }
            0x080 if q => set_low(&mut self.queue.desc),
            0x084 if q => set_high(&mut self.queue.desc),
            0x090 if q => set_low(&mut self.queue.avail),
            0x094 if q => set_high(&mut self.queue.avail),
            0x0a0 if q => set_low(&mut self.queue.used),
            0x0a4 if q => set_high(&mut self.queue.used),
            _ => {}
        }
        Some(())
    }
}
