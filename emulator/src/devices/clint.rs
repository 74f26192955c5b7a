//! CLINT (core-local interruptor) at 0x0200_0000, laid out as on QEMU `virt`:
//! `msip` at +0x0, `mtimecmp` at +0x4000, `mtime` at +0xbff8 (hart 0 only).
//!
//! The CLINT does not own the clock: the machine's deterministic clock does
//! (`crate::clock`). The bus stores the current `mtime` in `now` before each
//! access; a guest write to `mtime` is left in `set_mtime` for the clock.
use crate::bus::Device;

#[derive(Clone, Default)]
pub struct Clint {
    /// MSIP bit for hart 0 (drives `mip.MSIP`).
    pub msip: bool,
    pub mtimecmp: u64,
    /// Current mtime, refreshed by the bus before every access.
    pub now: u64,
    /// A guest write to `mtime`, to be applied by the clock.
    pub set_mtime: Option<u64>,
}

impl Clint {
    pub fn new() -> Self {
        // As on QEMU, mtimecmp resets to 0 (so MTIP reads pending until set).
        Clint::default()
    }
}

/// Read `size` bytes at byte `off` inside the 8-byte little-endian `reg`.
fn read_part(reg: u64, off: u64, size: u8) -> u64 {
    let v = reg >> (off * 8);
    if size >= 8 {
        v
    } else {
        v & ((1u64 << (size * 8)) - 1)
    }
}

/// Replace `size` bytes at byte `off` of `reg` with `value`.
fn write_part(reg: u64, off: u64, size: u8, value: u64) -> u64 {
    if size >= 8 {
        return value;
    }
    let mask = ((1u64 << (size * 8)) - 1) << (off * 8);
    (reg & !mask) | ((value << (off * 8)) & mask)
}

impl Device for Clint {
    fn read(&mut self, offset: u64, size: u8) -> Option<u64> {
        match offset {
            0..=3 => Some(read_part(self.msip as u64, offset, size)),
            0x4000..=0x4007 => Some(read_part(self.mtimecmp, offset - 0x4000, size)),
            0xbff8..=0xbfff => Some(read_part(self.now, offset - 0xbff8, size)),
            _ => Some(0),
        }
    }

    fn write(&mut self, offset: u64, size: u8, value: u64) -> Option<()> {
        match offset {
            0..=3 => self.msip = write_part(self.msip as u64, offset, size, value) & 1 != 0,
            0x4000..=0x4007 => {
                self.mtimecmp = write_part(self.mtimecmp, offset - 0x4000, size, value)
            }
            0xbff8..=0xbfff => {
                self.set_mtime = Some(write_part(self.now, offset - 0xbff8, size, value));
            }
            _ => {}
        }
        Some(())
    }
}
