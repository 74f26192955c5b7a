//! The split virtqueue (virtio 1.x, section 2.7; legacy layout in 2.7.2 of
//! virtio 0.9.5): three areas in guest RAM that driver and device share.
//!
//! ```text
//!   descriptor table  16 bytes each: addr u64, len u32, flags u16, next u16
//!   driver area       "avail": flags u16, idx u16, ring[num] u16, used_event u16
//!   device area       "used":  flags u16, idx u16, ring[num] {id u32, len u32}, avail_event u16
//! ```
//!
//! The driver puts the head of a descriptor chain in the avail ring and
//! bumps `avail.idx`; the device takes chains in order (`pop`), and when it
//! is done puts the head and the number of bytes it wrote in the used ring
//! and bumps `used.idx` (`push_used`). A descriptor with `INDIRECT` points
//! at a table of further descriptors instead of a buffer.
//!
//! Everything here reads guest memory through [`Dma`] and trusts nothing in
//! it: a chain that loops, runs past the table, nests indirect tables or
//! points outside RAM is a [`QueueError`], never a panic. Ring addresses
//! are the driver's 64-bit values: arithmetic on them wraps (an area at
//! the end of the address space is outside RAM, not an overflow; found by
//! fuzz/virtio).

/// Device access to guest physical memory (bus-master DMA).
pub trait Dma {
    /// Copy guest bytes at `pa` into `buf`; `None` if any is outside RAM.
    fn read(&mut self, pa: u64, buf: &mut [u8]) -> Option<()>;
    /// Copy `data` to guest RAM at `pa`; `None` if any is outside RAM.
    fn write(&mut self, pa: u64, data: &[u8]) -> Option<()>;
}

/// Descriptor flags.
pub const DESC_F_NEXT: u16 = 1;
pub const DESC_F_WRITE: u16 = 2;
pub const DESC_F_INDIRECT: u16 = 4;

/// Largest queue this device offers (`QueueNumMax`).
pub const QUEUE_NUM_MAX: u16 = 256;

/// One buffer of a chain: `len` bytes at guest address `addr`, which the
/// device reads (`write == false`) or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buffer {
    pub addr: u64,
    pub len: u32,
    pub write: bool,
}

/// A descriptor chain taken from the avail ring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Index of the head descriptor (what goes back in the used ring).
    pub head: u16,
    pub buffers: Vec<Buffer>,
}

/// What is wrong with the queue the driver set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueError {
    /// A ring or descriptor lies (partly) outside RAM.
    OutsideRam(u64),
    /// A descriptor index is not below the queue (or indirect table) size.
    BadIndex(u16),
    /// A chain is longer than its table: it loops.
    Loop,
    /// An indirect descriptor inside an indirect table, or one whose length
    /// is not a multiple of 16, or with NEXT also set.
    BadIndirect,
    /// A device-readable buffer after a device-writable one (2.7.4.2).
    ReadAfterWrite,
}

/// The driver's view of one queue: its size and where its three areas are.
#[derive(Clone, Debug, Default)]
pub struct Virtqueue {
    /// Number of descriptors (a power of 2 up to `QUEUE_NUM_MAX`), 0 when unset.
    pub num: u16,
    pub desc: u64,
    pub avail: u64,
    pub used: u64,
    /// The queue is live (`QueueReady`, or a nonzero legacy `QueuePFN`).
    pub ready: bool,
    /// Next avail ring entry the device will take.
    pub last_avail: u16,
    /// The device's `used.idx`.
    pub used_idx: u16,
}

fn read_u16(dma: &mut dyn Dma, pa: u64) -> Result<u16, QueueError> {
    let mut b = [0; 2];
    dma.read(pa, &mut b).ok_or(QueueError::OutsideRam(pa))?;
    Ok(u16::from_le_bytes(b))
}

struct Desc {
    addr: u64,
    len: u32,
    flags: u16,
    next: u16,
}

fn read_desc(dma: &mut dyn Dma, table: u64, index: u16) -> Result<Desc, QueueError> {
    let pa = table.wrapping_add(16 * index as u64);
    let mut b = [0; 16];
    dma.read(pa, &mut b).ok_or(QueueError::OutsideRam(pa))?;
    Ok(Desc {
        addr: u64::from_le_bytes(b[0..8].try_into().unwrap()),
        len: u32::from_le_bytes(b[8..12].try_into().unwrap()),
        flags: u16::from_le_bytes(b[12..14].try_into().unwrap()),
        next: u16::from_le_bytes(b[14..16].try_into().unwrap()),
    })
}

impl Virtqueue {
    /// Forget everything (device reset).
    pub fn reset(&mut self) {
        *self = Virtqueue::default();
    }

    /// Legacy (version 1) layout: all three areas in one block of guest
    /// memory at `base`, the used ring aligned to `align`.
    pub fn set_legacy_layout(&mut self, base: u64, align: u64) {
        let num = self.num as u64;
        self.desc = base;
        self.avail = base + 16 * num;
        let avail_end = self.avail + 6 + 2 * num;
        let align = align.max(1);
        self.used = avail_end.div_ceil(align) * align;
    }

    /// Take the next chain the driver made available, if any.
    pub fn pop(&mut self, dma: &mut dyn Dma) -> Result<Option<Chain>, QueueError> {
        if !self.ready || self.num == 0 {
            return Ok(None);
        }
        let avail_idx = read_u16(dma, self.avail.wrapping_add(2))?;
        if avail_idx == self.last_avail {
            return Ok(None);
        }
        let slot = self.last_avail % self.num;
        let head = read_u16(dma, self.avail.wrapping_add(4 + 2 * slot as u64))?;
        self.last_avail = self.last_avail.wrapping_add(1);
        let buffers = self.walk(dma, head)?;
        Ok(Some(Chain { head, buffers }))
    }

    /// The buffers of the chain starting at descriptor `head`.
    fn walk(&self, dma: &mut dyn Dma, head: u16) -> Result<Vec<Buffer>, QueueError> {
        let mut buffers = Vec::new();
        let (mut table, mut size, mut index) = (self.desc, self.num, head);
        let mut indirect = false;
        let mut seen = 0u32;
        loop {
            if index >= size {
                return Err(QueueError::BadIndex(index));
            }
            seen += 1;
            if seen > size as u32 {
                return Err(QueueError::Loop);
            }
            let d = read_desc(dma, table, index)?;
            if d.flags & DESC_F_INDIRECT != 0 {
                // An indirect table replaces the rest of the chain.
                if indirect || d.flags & DESC_F_NEXT != 0 || d.len % 16 != 0 || d.len == 0 {
                    return Err(QueueError::BadIndirect);
                }
                let entries = d.len / 16;
                if entries > u16::MAX as u32 {
                    return Err(QueueError::BadIndirect);
                }
                (table, size, index) = (d.addr, entries as u16, 0);
                indirect = true;
                seen = 0;
                continue;
            }
            let write = d.flags & DESC_F_WRITE != 0;
            if !write && buffers.iter().any(|b: &Buffer| b.write) {
                return Err(QueueError::ReadAfterWrite);
            }
            buffers.push(Buffer {
                addr: d.addr,
                len: d.len,
                write,
            });
            if d.flags & DESC_F_NEXT == 0 {
                return Ok(buffers);
            }
            index = d.next;
        }
    }

    /// Give chain `head` back to the driver with `len` bytes written.
    pub fn push_used(&mut self, dma: &mut dyn Dma, head: u16, len: u32) -> Result<(), QueueError> {
        let slot = (self.used_idx % self.num.max(1)) as u64;
        let at = self.used.wrapping_add(4 + 8 * slot);
        let mut elem = [0; 8];
        elem[0..4].copy_from_slice(&(head as u32).to_le_bytes());
        elem[4..8].copy_from_slice(&len.to_le_bytes());
        dma.write(at, &elem).ok_or(QueueError::OutsideRam(at))?;
        self.used_idx = self.used_idx.wrapping_add(1);
        let idx = self.used.wrapping_add(2);
        dma.write(idx, &self.used_idx.to_le_bytes())
            .ok_or(QueueError::OutsideRam(idx))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A flat guest memory for queue tests: addresses are offsets.
    pub struct Ram(pub Vec<u8>);

    impl Dma for Ram {
        fn read(&mut self, pa: u64, buf: &mut [u8]) -> Option<()> {
            let s = usize::try_from(pa).ok()?;
            buf.copy_from_slice(self.0.get(s..s.checked_add(buf.len())?)?);
            Some(())
        }
        fn write(&mut self, pa: u64, data: &[u8]) -> Option<()> {
            let s = usize::try_from(pa).ok()?;
            self.0
                .get_mut(s..s.checked_add(data.len())?)?
                .copy_from_slice(data);
            Some(())
        }
    }

    impl Ram {
        pub fn desc(&mut self, table: u64, i: u16, addr: u64, len: u32, flags: u16, next: u16) {
            let mut b = Vec::new();
            b.extend(addr.to_le_bytes());
            b.extend(len.to_le_bytes());
            b.extend(flags.to_le_bytes());
            b.extend(next.to_le_bytes());
            self.write(table + 16 * i as u64, &b).unwrap();
        }
        pub fn offer(&mut self, q: &Virtqueue, heads: &[u16]) {
            for (k, h) in heads.iter().enumerate() {
                self.write(q.avail + 4 + 2 * k as u64, &h.to_le_bytes())
                    .unwrap();
            }
            self.write(q.avail + 2, &(heads.len() as u16).to_le_bytes())
                .unwrap();
        }
    }

    pub fn queue() -> Virtqueue {
        Virtqueue {
            num: 8,
            desc: 0x1000,
            avail: 0x2000,
            used: 0x3000,
            ready: true,
            ..Default::default()
        }
    }

    #[test]
    fn takes_chains_in_order_and_returns_them() {
        let mut ram = Ram(vec![0; 0x10000]);
        let mut q = queue();
        ram.desc(q.desc, 0, 0x8000, 16, DESC_F_NEXT, 1);
        ram.desc(q.desc, 1, 0x9000, 512, DESC_F_WRITE | DESC_F_NEXT, 2);
        ram.desc(q.desc, 2, 0xa000, 1, DESC_F_WRITE, 0);
        ram.desc(q.desc, 3, 0xb000, 16, 0, 0);
        ram.offer(&q, &[0, 3]);
        let c = q.pop(&mut ram).unwrap().unwrap();
        assert_eq!(c.head, 0);
        assert_eq!(c.buffers.len(), 3);
        assert!(!c.buffers[0].write && c.buffers[1].write && c.buffers[2].write);
        assert_eq!(q.pop(&mut ram).unwrap().unwrap().head, 3);
        assert_eq!(q.pop(&mut ram).unwrap(), None);
        q.push_used(&mut ram, 0, 513).unwrap();
        let mut b = [0; 12];
        ram.read(q.used, &mut b).unwrap();
        assert_eq!(u16::from_le_bytes([b[2], b[3]]), 1, "used.idx");
        assert_eq!(u32::from_le_bytes(b[4..8].try_into().unwrap()), 0, "id");
        assert_eq!(u32::from_le_bytes(b[8..12].try_into().unwrap()), 513, "len");
    }

    #[test]
    fn follows_an_indirect_table() {
        let mut ram = Ram(vec![0; 0x10000]);
        let mut q = queue();
        ram.desc(q.desc, 5, 0x4000, 32, DESC_F_INDIRECT, 0);
        ram.desc(0x4000, 0, 0x8000, 16, DESC_F_NEXT, 1);
        ram.desc(0x4000, 1, 0x9000, 1, DESC_F_WRITE, 0);
        ram.offer(&q, &[5]);
        let c = q.pop(&mut ram).unwrap().unwrap();
        assert_eq!(c.head, 5);
        assert_eq!(
            c.buffers,
            vec![
                Buffer {
                    addr: 0x8000,
                    len: 16,
                    write: false
                },
                Buffer {
                    addr: 0x9000,
                    len: 1,
                    write: true
                },
            ]
        );
    }

    #[test]
    fn hostile_queues_are_errors() {
        let mut ram = Ram(vec![0; 0x10000]);
        let mut q = queue();
        // A loop.
        ram.desc(q.desc, 0, 0x8000, 16, DESC_F_NEXT, 1);
        ram.desc(q.desc, 1, 0x8000, 16, DESC_F_NEXT, 0);
        ram.offer(&q, &[0]);
        assert_eq!(q.pop(&mut ram), Err(QueueError::Loop));
        // An index past the table.
        let mut q = queue();
        ram.offer(&q, &[9]);
        assert_eq!(q.pop(&mut ram), Err(QueueError::BadIndex(9)));
        // Nested indirect tables.
        let mut q = queue();
        ram.desc(q.desc, 0, 0x4000, 16, DESC_F_INDIRECT, 0);
        ram.desc(0x4000, 0, 0x5000, 16, DESC_F_INDIRECT, 0);
        ram.offer(&q, &[0]);
        assert_eq!(q.pop(&mut ram), Err(QueueError::BadIndirect));
        // Rings outside RAM.
        let mut q = Virtqueue {
            avail: 0xffff_ffff_0000,
            ..queue()
        };
        assert!(matches!(q.pop(&mut ram), Err(QueueError::OutsideRam(_))));
    }

    #[test]
    fn legacy_layout_aligns_the_used_ring() {
        let mut q = Virtqueue {
            num: 8,
            ..Default::default()
        };
        q.set_legacy_layout(0x10000, 4096);
        assert_eq!((q.desc, q.avail, q.used), (0x10000, 0x10080, 0x11000));
    }
}
