//! The virtio block device (virtio 1.x over MMIO, "version 2"): the disk.
//!
//! Probe: the device tree's `virtio,mmio` nodes (QEMU's virt board has
//! eight slots, most of them empty: device id 0); the first whose magic is
//! "virt" and device id 2 (block) is ours.
//!
//! Init (virtio 1.2, 3.1.1): reset; ACKNOWLEDGE, DRIVER; read the
//! features, accept VERSION_1, FLUSH and RO (nothing else); FEATURES_OK and
//! check it stuck; set up queue 0 (its three addresses, QueueReady);
//! DRIVER_OK. The legacy interface (version 1, QEMU's default for
//! virtio-mmio) has no FEATURES_OK and takes the queue as one page frame
//! number (QueuePFN) with the used ring at QueueAlign: the same layout.
//!
//! The queue is one *split virtqueue* of QUEUE_SIZE entries in one frame:
//! the descriptor table (16 bytes per entry), the available ring (the
//! driver's: which chains are ready) and the used ring (the device's:
//! which are done). A request is a chain of three descriptors: the 16-byte
//! header (type, sector), the data (device-writable for a read), and the
//! one-byte status the device writes (0 = OK). Writing the queue number to
//! QueueNotify starts it.
//!
//! One request is in flight at a time. The requesting task sleeps in
//! state D (uninterruptible: no signal can end the wait) until the
//! completion interrupt (PLIC source 1 on virt) wakes it. Before the
//! scheduler runs (mounting the root at boot) there is no task to put to
//! sleep: the driver polls the used ring instead.

use crate::klib::global::Global;
use crate::mm::frame;
use crate::sched;
use core::sync::atomic::{Ordering, fence};

const MAGIC: usize = 0x000;
const VERSION: usize = 0x004;
const DEVICE_ID: usize = 0x008;
const DEVICE_FEATURES: usize = 0x010;
const DEVICE_FEATURES_SEL: usize = 0x014;
const DRIVER_FEATURES: usize = 0x020;
const DRIVER_FEATURES_SEL: usize = 0x024;
const GUEST_PAGE_SIZE: usize = 0x028; // legacy
const QUEUE_SEL: usize = 0x030;
const QUEUE_NUM_MAX: usize = 0x034;
const QUEUE_NUM: usize = 0x038;
const QUEUE_ALIGN: usize = 0x03c; // legacy
const QUEUE_PFN: usize = 0x040; // legacy
const QUEUE_READY: usize = 0x044;
const QUEUE_NOTIFY: usize = 0x050;
const INTERRUPT_STATUS: usize = 0x060;
const INTERRUPT_ACK: usize = 0x064;
const STATUS: usize = 0x070;
const QUEUE_DESC: usize = 0x080;
const QUEUE_AVAIL: usize = 0x090;
const QUEUE_USED: usize = 0x0a0;
const CONFIG_CAPACITY: usize = 0x100;

const STATUS_ACKNOWLEDGE: u32 = 1;
const STATUS_DRIVER: u32 = 2;
const STATUS_DRIVER_OK: u32 = 4;
const STATUS_FEATURES_OK: u32 = 8;

const F_RO: u64 = 1 << 5;
const F_FLUSH: u64 = 1 << 9;
const F_VERSION_1: u64 = 1 << 32;

const T_IN: u32 = 0;
const T_OUT: u32 = 1;
const T_FLUSH: u32 = 4;

const DESC_F_NEXT: u16 = 1;
const DESC_F_WRITE: u16 = 2;

/// Entries in the queue (a request takes three).
const QUEUE_SIZE: usize = 8;
/// Offsets in the queue's frame: descriptors, available ring, used ring,
/// then the request header and status byte.
const AVAIL_OFF: usize = 16 * QUEUE_SIZE;
const USED_OFF: usize = 1024;
const HDR_OFF: usize = 2048;
const STATUS_OFF: usize = 2048 + 16;

/// Bytes in a sector (virtio-blk's unit, whatever the medium).
pub const SECTOR: usize = 512;

struct Disk {
    base: usize,
    irq: u32,
    /// The queue's frame (identity mapped, so also its physical address).
    queue: usize,
    /// Sectors on the disk; whether it is read-only.
    capacity: u64,
    read_only: bool,
    avail_idx: u16,
    used_seen: u16,
    /// A request is in flight (others wait on LOCK_CHAN).
    busy: bool,
    /// Interrupts work: tasks may sleep for completions.
    irq_on: bool,
}

static DISK: Global<Option<Disk>> = Global::new(None);

/// The channel a task sleeps on until its request completes, and the one
/// tasks wait on for the device to be free.
const DONE_CHAN: usize = 0x5_0000_0000;
const LOCK_CHAN: usize = 0x5_0000_0001;

/// Why a request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoError {
    /// The device said no (VIRTIO_BLK_S_IOERR, a sector past the end, a
    /// write to a read-only disk): the status byte.
    Device(u8),
    /// No disk.
    NoDevice,
}

fn reg(d: &Disk, off: usize) -> *mut u32 {
    (d.base + off) as *mut u32
}

fn rd(d: &Disk, off: usize) -> u32 {
    unsafe { reg(d, off).read_volatile() }
}

fn wr(d: &Disk, off: usize, v: u32) {
    unsafe { reg(d, off).write_volatile(v) }
}

fn wr64(d: &Disk, off: usize, v: u64) {
    wr(d, off, v as u32);
    wr(d, off + 4, (v >> 32) as u32);
}

/// Probe the virtio-mmio slots `slots` ((base, irq), mapped by vm.rs) for
/// a block device and initialise the first one found. Returns (base,
/// sectors, read-only) or why not.
pub fn init(slots: &[(usize, u32)]) -> Option<Result<(usize, u64, bool), &'static str>> {
    for &(base, irq) in slots {
        let mut d = Disk {
            base,
            irq,
            queue: 0,
            capacity: 0,
            read_only: false,
            avail_idx: 0,
            used_seen: 0,
            busy: false,
            irq_on: false,
        };
        if rd(&d, MAGIC) != 0x7472_6976 || rd(&d, DEVICE_ID) != 2 {
            continue;
        }
        let version = rd(&d, VERSION);
        if version != 1 && version != 2 {
            return Some(Err("unknown virtio-mmio version"));
        }
        let legacy = version == 1;
        wr(&d, STATUS, 0);
        wr(&d, STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
        wr(&d, DEVICE_FEATURES_SEL, 0);
        let mut features = rd(&d, DEVICE_FEATURES) as u64;
        wr(&d, DEVICE_FEATURES_SEL, 1);
        features |= (rd(&d, DEVICE_FEATURES) as u64) << 32;
        if !legacy && features & F_VERSION_1 == 0 {
            return Some(Err("device does not offer VIRTIO_F_VERSION_1"));
        }
        let want = features & (F_VERSION_1 | F_FLUSH | F_RO);
        wr(&d, DRIVER_FEATURES_SEL, 0);
        wr(&d, DRIVER_FEATURES, want as u32);
        wr(&d, DRIVER_FEATURES_SEL, 1);
        wr(&d, DRIVER_FEATURES, (want >> 32) as u32);
        if !legacy {
            wr(&d, STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
            if rd(&d, STATUS) & STATUS_FEATURES_OK == 0 {
                return Some(Err("device refused our features"));
            }
        }
        wr(&d, QUEUE_SEL, 0);
        let in_use = rd(&d, if legacy { QUEUE_PFN } else { QUEUE_READY }) != 0;
        if (rd(&d, QUEUE_NUM_MAX) as usize) < QUEUE_SIZE || in_use {
            return Some(Err("queue 0 unusable"));
        }
        let Some(q) = frame::alloc() else { return Some(Err("no memory for the queue")) };
        d.queue = q;
        wr(&d, QUEUE_NUM, QUEUE_SIZE as u32);
        if legacy {
            // The used ring at the first QueueAlign boundary after the
            // available ring: USED_OFF.
            wr(&d, GUEST_PAGE_SIZE, frame::PAGE_SIZE as u32);
            wr(&d, QUEUE_ALIGN, USED_OFF as u32);
            wr(&d, QUEUE_PFN, (q / frame::PAGE_SIZE) as u32);
        } else {
            wr64(&d, QUEUE_DESC, q as u64);
            wr64(&d, QUEUE_AVAIL, (q + AVAIL_OFF) as u64);
            wr64(&d, QUEUE_USED, (q + USED_OFF) as u64);
            wr(&d, QUEUE_READY, 1);
        }
        wr(&d, STATUS, rd(&d, STATUS) | STATUS_DRIVER_OK);
        d.capacity = rd(&d, CONFIG_CAPACITY) as u64 | (rd(&d, CONFIG_CAPACITY + 4) as u64) << 32;
        d.read_only = want & F_RO != 0;
        let out = (base, d.capacity, d.read_only);
        *DISK.get() = Some(d);
        return Some(Ok(out));
    }
    None
}

/// Whether there is a disk.
pub fn present() -> bool {
    DISK.get().is_some()
}

/// The disk's PLIC source, once interrupts are to be used (trap/mod.rs
/// enables it; from then on requests sleep instead of polling).
pub fn irq() -> Option<u32> {
    DISK.get().as_ref().map(|d| d.irq)
}

/// trap/mod.rs enabled our interrupt.
pub fn interrupts_on() {
    if let Some(d) = DISK.get() {
        d.irq_on = true;
    }
}

/// Whether a request is in flight (the idle CPU counts iowait).
pub fn in_flight() -> bool {
    DISK.get().as_ref().is_some_and(|d| d.busy)
}

/// Sectors on the disk.
pub fn capacity() -> u64 {
    DISK.get().as_ref().map_or(0, |d| d.capacity)
}

/// Whether the disk is read-only (VIRTIO_BLK_F_RO).
pub fn read_only() -> bool {
    DISK.get().as_ref().is_some_and(|d| d.read_only)
}

/// The completion interrupt: acknowledge it, wake the waiting task.
pub fn interrupt() {
    if let Some(d) = DISK.get() {
        let isr = rd(d, INTERRUPT_STATUS);
        wr(d, INTERRUPT_ACK, isr & 3);
        sched::wakeup(DONE_CHAN);
    }
}

/// Read `buf.len()` bytes (a multiple of SECTOR) from `sector` on.
pub fn read(sector: u64, buf: &mut [u8]) -> Result<(), IoError> {
    request(T_IN, sector, buf.as_mut_ptr() as usize, buf.len())
}

/// Write `buf` (a multiple of SECTOR bytes) at `sector`.
pub fn write(sector: u64, buf: &[u8]) -> Result<(), IoError> {
    request(T_OUT, sector, buf.as_ptr() as usize, buf.len())
}

/// Ask the device to make what it was given durable (VIRTIO_BLK_T_FLUSH).
pub fn flush() -> Result<(), IoError> {
    request(T_FLUSH, 0, 0, 0)
}

/// Whether the calling code can sleep: a task runs, and interrupts will
/// wake it.
fn can_sleep(d: &Disk) -> bool {
    d.irq_on && !sched::current().is_null()
}

fn request(ty: u32, sector: u64, buf: usize, len: usize) -> Result<(), IoError> {
    // Wait for the device (one request at a time).
    loop {
        let d = DISK.get().as_mut().ok_or(IoError::NoDevice)?;
        if !d.busy {
            d.busy = true;
            break;
        }
        sched::sleep_uninterruptible(LOCK_CHAN);
    }
    let d = DISK.get().as_mut().unwrap();
    let q = d.queue;
    unsafe {
        let hdr = (q + HDR_OFF) as *mut u32;
        hdr.write_volatile(ty);
        hdr.add(1).write_volatile(0);
        ((q + HDR_OFF + 8) as *mut u64).write_volatile(sector);
        ((q + STATUS_OFF) as *mut u8).write_volatile(0xff);
        let desc = |i: usize, addr: usize, len: usize, flags: u16, next: u16| {
            let p = (q + 16 * i) as *mut u8;
            (p as *mut u64).write_volatile(addr as u64);
            (p.add(8) as *mut u32).write_volatile(len as u32);
            (p.add(12) as *mut u16).write_volatile(flags);
            (p.add(14) as *mut u16).write_volatile(next);
        };
        desc(0, q + HDR_OFF, 16, DESC_F_NEXT, 1);
        let mut next = 1;
        if len > 0 {
            let flags = DESC_F_NEXT | if ty == T_IN { DESC_F_WRITE } else { 0 };
            desc(1, buf, len, flags, 2);
            next = 2;
        }
        desc(next, q + STATUS_OFF, 1, DESC_F_WRITE, 0);
        let avail = (q + AVAIL_OFF) as *mut u16;
        avail.add(2 + d.avail_idx as usize % QUEUE_SIZE).write_volatile(0);
        fence(Ordering::SeqCst);
        d.avail_idx = d.avail_idx.wrapping_add(1);
        avail.add(1).write_volatile(d.avail_idx);
        fence(Ordering::SeqCst);
    }
    wr(d, QUEUE_NOTIFY, 0);
    let used_idx = (q + USED_OFF + 2) as *const u16;
    loop {
        let d = DISK.get().as_mut().unwrap();
        fence(Ordering::SeqCst);
        if unsafe { used_idx.read_volatile() } != d.used_seen {
            break;
        }
        if can_sleep(d) {
            sched::sleep_uninterruptible(DONE_CHAN);
        } else {
            core::hint::spin_loop();
        }
    }
    let d = DISK.get().as_mut().unwrap();
    d.used_seen = d.used_seen.wrapping_add(1);
    if !d.irq_on {
        // Polled: acknowledge here (the handler is not called).
        let isr = rd(d, INTERRUPT_STATUS);
        wr(d, INTERRUPT_ACK, isr & 3);
    }
    let status = unsafe { ((q + STATUS_OFF) as *const u8).read_volatile() };
    d.busy = false;
    sched::wakeup(LOCK_CHAN);
    if status == 0 { Ok(()) } else { Err(IoError::Device(status)) }
}
