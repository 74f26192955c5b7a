//! Guest RAM: one flat byte array at `RAM_BASE`, allocated lazily by the host.
//!
//! `vec![0; n]` asks the allocator for zeroed memory, which for large sizes is
//! an anonymous mmap: a 512 MiB guest costs host memory only for the pages it
//! touches. Each 4 KiB page also has a flags byte; stores check it so that
//! writes to pages holding decoded instructions (or HTIF mailboxes) are seen.

/// Physical address where RAM starts on QEMU's `virt` board.
pub const RAM_BASE: u64 = 0x8000_0000;
/// Default RAM size (QEMU `virt` uses 128 MiB; we default to 512 MiB as the brief asks).
pub const DEFAULT_RAM_SIZE: u64 = 512 << 20;

/// Page flag: the page holds instructions decoded into the instruction cache.
pub const PAGE_CODE: u8 = 1;
/// Page flag: a store here must be reported to the bus (HTIF `tohost`).
pub const PAGE_WATCH: u8 = 2;

pub struct Memory {
    bytes: Vec<u8>,
    /// One byte per 4 KiB page: `PAGE_CODE` | `PAGE_WATCH`.
    pub page_flags: Vec<u8>,
}

impl Memory {
    /// RAM of `size` bytes (rounded up to whole pages).
    pub fn new(size: u64) -> Self {
        let size = (size + 0xfff) & !0xfff;
        Memory {
            bytes: vec![0; size as usize],
            page_flags: vec![0; (size >> 12) as usize],
        }
    }

    pub fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// Offset of `[pa, pa+len)` in RAM, if it lies entirely inside RAM.
    #[inline(always)]
    pub fn offset(&self, pa: u64, len: u64) -> Option<usize> {
        let off = pa.wrapping_sub(RAM_BASE);
        if off < self.bytes.len() as u64 && len <= self.bytes.len() as u64 - off {
            Some(off as usize)
        } else {
            None
        }
    }

    /// Read `N` bytes at RAM offset `off` (caller checked bounds with `offset`).
    #[inline(always)]
    pub fn read_at<const N: usize>(&self, off: usize) -> [u8; N] {
        self.bytes[off..off + N].try_into().unwrap()
    }

    #[inline(always)]
    pub fn write_at<const N: usize>(&mut self, off: usize, data: [u8; N]) {
        self.bytes[off..off + N].copy_from_slice(&data);
    }

    /// Copy out guest bytes; `None` if any part is outside RAM. No side effects.
    pub fn read_bytes(&self, pa: u64, buf: &mut [u8]) -> Option<()> {
        let off = self.offset(pa, buf.len() as u64)?;
        buf.copy_from_slice(&self.bytes[off..off + buf.len()]);
        Some(())
    }

    /// Copy bytes into guest RAM; `None` if any part is outside RAM.
    /// Pages written this way lose their decoded instructions: the caller
    /// (`Bus::write_bytes`) takes care of that.
    pub fn write_bytes(&mut self, pa: u64, data: &[u8]) -> Option<()> {
        let off = self.offset(pa, data.len() as u64)?;
        self.bytes[off..off + data.len()].copy_from_slice(data);
        Some(())
    }

    pub fn read_u64(&self, pa: u64) -> Option<u64> {
        let off = self.offset(pa, 8)?;
        Some(u64::from_le_bytes(self.read_at::<8>(off)))
    }

    pub fn write_u64(&mut self, pa: u64, v: u64) -> Option<()> {
        let off = self.offset(pa, 8)?;
        self.write_at(off, v.to_le_bytes());
        Some(())
    }

    /// Host bytes of RAM (for the decoder and bulk loaders).
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }
}
