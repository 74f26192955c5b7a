//! The virtio block device (virtio 1.x, section 5.2): requests on queue 0,
//! each a chain of a 16-byte header (type u32, reserved u32, sector u64),
//! data buffers, and a status byte the device writes last.
//!
//! | type | request | data |
//! |---|---|---|
//! | 0 `VIRTIO_BLK_T_IN` | read sectors | device-writable |
//! | 1 `VIRTIO_BLK_T_OUT` | write sectors | device-readable |
//! | 4 `VIRTIO_BLK_T_FLUSH` | write back to the host file | none |
//! | 8 `VIRTIO_BLK_T_GET_ID` | the serial number, 20 bytes | device-writable |
//!
//! Time: a request is not done at once. It takes `latency` ticks of guest
//! time (10 MHz `mtime`; 80 µs by default, a fast SSD) plus the transfer at
//! `bytes_per_tick`, one request after the other, and only when its time
//! has come does the data move and the interrupt rise: a driver really waits
//! for its read. All of it is counted in guest time, so runs stay
//! deterministic.

use super::disk::{DiskImage, SECTOR};
use super::queue::{Buffer, Chain, Dma};
use std::collections::VecDeque;

pub const T_IN: u32 = 0;
pub const T_OUT: u32 = 1;
pub const T_FLUSH: u32 = 4;
pub const T_GET_ID: u32 = 8;
pub const S_OK: u8 = 0;
pub const S_IOERR: u8 = 1;
pub const S_UNSUPP: u8 = 2;
/// Length of the GET_ID answer.
pub const ID_BYTES: usize = 20;

/// Default request latency: 80 µs of guest time at the 10 MHz timebase.
pub const DEFAULT_LATENCY_TICKS: u64 = 800;
/// Default transfer rate: 2 GB/s = 200 bytes per 100 ns tick.
pub const DEFAULT_BYTES_PER_TICK: u64 = 200;

/// What the block device has done (`--stats`: the `disk-*` rows; `disk`
/// in `--stats-json`, times in mtime ticks of 100 ns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct BlkStats {
    pub requests: u64,
    pub reads: u64,
    pub writes: u64,
    pub flushes: u64,
    pub sectors_read: u64,
    pub sectors_written: u64,
    /// Requests answered IOERR or UNSUPP.
    pub errors: u64,
    /// Sum over requests of (completion - submission), in mtime ticks.
    pub in_flight_ticks: u64,
}

/// Requests as the driver hands them over (at QueueNotify), for the
/// per-task counters (tasks/counters.rs): the task running when a request
/// is submitted is the one that asked for it. Sectors are counted from
/// the buffers' lengths (device-writable data: read; the rest past the
/// 16-byte header: written).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Submitted {
    pub requests: u64,
    pub sectors_read: u64,
    pub sectors_written: u64,
}

#[derive(Clone, Debug)]
struct Request {
    chain: Chain,
    submitted: u64,
    done_at: u64,
}

#[derive(Clone, Debug)]
pub struct VirtioBlk {
    pub disk: DiskImage,
    /// What GET_ID answers (QEMU: the drive's `serial=`).
    pub serial: String,
    pub latency_ticks: u64,
    pub bytes_per_tick: u64,
    in_flight: VecDeque<Request>,
    /// When the device finishes what it has been given so far.
    busy_until: u64,
    pub stats: BlkStats,
    pub submitted: Submitted,
}

/// Reads and writes a chain's buffers as one stream of bytes.
struct Cursor<'a> {
    bufs: Vec<&'a Buffer>,
    index: usize,
    offset: u32,
}

impl<'a> Cursor<'a> {
    fn new(bufs: impl Iterator<Item = &'a Buffer>) -> Self {
        Cursor {
            bufs: bufs.collect(),
            index: 0,
            offset: 0,
        }
    }

    fn total(&self) -> u64 {
        self.bufs.iter().map(|b| b.len as u64).sum()
    }

    /// Move `len` bytes between the stream and `data` (`out`: into guest
    /// memory). `None` if the stream ends or a buffer is outside RAM.
    fn transfer(&mut self, dma: &mut dyn Dma, data: &mut [u8], out: bool) -> Option<()> {
        let mut done = 0;
        while done < data.len() {
            let b = self.bufs.get(self.index)?;
            let left = (b.len - self.offset) as usize;
            if left == 0 {
                self.index += 1;
                self.offset = 0;
                continue;
            }
            let n = left.min(data.len() - done);
            let pa = b.addr.checked_add(self.offset as u64)?;
            if out {
                dma.write(pa, &data[done..done + n])?;
            } else {
                dma.read(pa, &mut data[done..done + n])?;
            }
            done += n;
            self.offset += n as u32;
        }
        Some(())
    }
}

impl VirtioBlk {
    pub fn new(disk: DiskImage, serial: String) -> Self {
        VirtioBlk {
            disk,
            serial,
            latency_ticks: DEFAULT_LATENCY_TICKS,
            bytes_per_tick: DEFAULT_BYTES_PER_TICK,
            in_flight: VecDeque::new(),
            busy_until: 0,
            stats: BlkStats::default(),
            submitted: Submitted::default(),
        }
    }

    /// Forget requests in flight (device reset).
    pub fn reset(&mut self) {
        self.in_flight.clear();
        self.busy_until = 0;
    }

    /// Accept a request at time `now`; it completes after the requests
    /// before it, `latency_ticks` plus its transfer time later.
    pub fn submit(&mut self, chain: Chain, now: u64) {
        let bytes: u64 = chain.buffers.iter().map(|b| b.len as u64).sum();
        let to_guest: u64 = chain
            .buffers
            .iter()
            .filter(|b| b.write)
            .map(|b| b.len as u64)
            .sum();
        self.submitted.requests += 1;
        self.submitted.sectors_read += to_guest.saturating_sub(1) / 512;
        self.submitted.sectors_written += (bytes - to_guest).saturating_sub(16) / 512;
        let cost = self.latency_ticks + bytes / self.bytes_per_tick.max(1);
        let done_at = now.max(self.busy_until).saturating_add(cost);
        self.busy_until = done_at;
        self.in_flight.push_back(Request {
            chain,
            submitted: now,
            done_at,
        });
    }

    /// When the next request completes, if one is in flight.
    pub fn next_deadline(&self) -> Option<u64> {
        self.in_flight.front().map(|r| r.done_at)
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Carry out every request whose time has come: move its data, write
    /// its status. Returns (head, bytes written to the guest) of each, in
    /// order, for the used ring.
    pub fn complete_due(&mut self, now: u64, dma: &mut dyn Dma) -> Vec<(u16, u32)> {
        let mut done = Vec::new();
        while self.in_flight.front().is_some_and(|r| r.done_at <= now) {
            let r = self.in_flight.pop_front().unwrap();
            self.stats.requests += 1;
            self.stats.in_flight_ticks += r.done_at - r.submitted;
            let written = self.execute(&r.chain, dma);
            done.push((r.chain.head, written));
        }
        done
    }

    /// Carry out one request; the number of bytes written to the guest.
    fn execute(&mut self, chain: &Chain, dma: &mut dyn Dma) -> u32 {
        let mut readable = Cursor::new(chain.buffers.iter().filter(|b| !b.write));
        let mut writable = Cursor::new(chain.buffers.iter().filter(|b| b.write));
        let writable_len = writable.total();
        // The status byte is the last writable byte; without one the driver
        // cannot be told anything.
        let Some(data_out) = writable_len.checked_sub(1) else {
            self.stats.errors += 1;
            return 0;
        };
        let mut header = [0u8; 16];
        let (status, data_written) = if readable.transfer(dma, &mut header, false).is_none() {
            (S_IOERR, 0)
        } else {
            let kind = u32::from_le_bytes(header[0..4].try_into().unwrap());
            let sector = u64::from_le_bytes(header[8..16].try_into().unwrap());
            let data_in = readable.total() - 16;
            match kind {
                T_IN => self.read(sector, data_out, &mut writable, dma),
                T_OUT => (self.write(sector, data_in, &mut readable, dma), 0),
                T_FLUSH => {
                    self.stats.flushes += 1;
                    let ok = self.disk.read_only || self.disk.flush().is_ok();
                    (if ok { S_OK } else { S_IOERR }, 0)
                }
                T_GET_ID => {
                    let mut id = [0u8; ID_BYTES];
                    let s = self.serial.as_bytes();
                    id[..s.len().min(ID_BYTES)].copy_from_slice(&s[..s.len().min(ID_BYTES)]);
                    let n = (data_out as usize).min(ID_BYTES);
                    match writable.transfer(dma, &mut id[..n], true) {
                        Some(()) => (S_OK, n as u64),
                        None => (S_IOERR, 0),
                    }
                }
                _ => (S_UNSUPP, 0),
            }
        };
        if status != S_OK {
            self.stats.errors += 1;
        }
        // The status goes in the very last writable byte.
        let mut tail = Cursor::new(chain.buffers.iter().filter(|b| b.write));
        if tail.seek(data_out).is_none() || tail.transfer(dma, &mut [status], true).is_none() {
            return 0;
        }
        (data_written + 1) as u32
    }

    /// `len` bytes from `sector` on, into the writable stream.
    fn read(&mut self, sector: u64, len: u64, out: &mut Cursor, dma: &mut dyn Dma) -> (u8, u64) {
        if len % SECTOR != 0 || !self.in_range(sector, len) {
            return (S_IOERR, 0);
        }
        self.stats.reads += 1;
        let mut buf = [0u8; SECTOR as usize];
        for k in 0..len / SECTOR {
            if self.disk.read_sector(sector + k, &mut buf).is_err()
                || out.transfer(dma, &mut buf, true).is_none()
            {
                return (S_IOERR, k * SECTOR);
            }
            self.stats.sectors_read += 1;
        }
        (S_OK, len)
    }

    /// `len` bytes of the readable stream to `sector` on.
    fn write(&mut self, sector: u64, len: u64, data: &mut Cursor, dma: &mut dyn Dma) -> u8 {
        if self.disk.read_only || len % SECTOR != 0 || !self.in_range(sector, len) {
            return S_IOERR;
        }
        self.stats.writes += 1;
        let mut buf = [0u8; SECTOR as usize];
        for k in 0..len / SECTOR {
            if data.transfer(dma, &mut buf, false).is_none() {
                return S_IOERR;
            }
            self.disk.write_sector(sector + k, &buf);
            self.stats.sectors_written += 1;
        }
        S_OK
    }

    fn in_range(&self, sector: u64, len: u64) -> bool {
        sector
            .checked_add(len / SECTOR)
            .is_some_and(|end| end <= self.disk.sectors())
    }
}

impl Cursor<'_> {
    /// Skip `n` bytes. `None` if the stream is shorter.
    fn seek(&mut self, mut n: u64) -> Option<()> {
        while n > 0 {
            let b = self.bufs.get(self.index)?;
            let left = (b.len - self.offset) as u64;
            let step = left.min(n);
            self.offset += step as u32;
            n -= step;
            if self.offset == b.len {
                self.index += 1;
                self.offset = 0;
            }
        }
        Some(())
    }
}
