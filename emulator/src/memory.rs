//! Guest RAM: one flat byte array at `RAM_BASE`, allocated lazily by the host.
//!
//! `vec![0; n]` asks the allocator for zeroed memory, which for large sizes is
//! an anonymous mmap: a 512 MiB guest costs host memory only for the pages it
//! touches (in 2 MiB huge pages where the host allows, as QEMU asks for its
//! guest RAM: a guest that touches megabytes then costs the host one page
//! fault per 2 MiB; booting with `-m 512M` leaves 33 MiB resident, against
//! 27 MiB with 4 KiB pages). Each 4 KiB page also has a flags byte; stores check it so that
//! writes to pages holding decoded instructions (or HTIF mailboxes) are seen.

/// Physical address where RAM starts on QEMU's `virt` board.
pub const RAM_BASE: u64 = 0x8000_0000;
/// Default RAM size (QEMU `virt` uses 128 MiB; we default to 512 MiB as the brief asks).
pub const DEFAULT_RAM_SIZE: u64 = 512 << 20;

/// Page flag: the page holds instructions decoded into the instruction cache.
pub const PAGE_CODE: u8 = 1;
/// Page flag: a store here must be reported to the bus (HTIF `tohost`).
pub const PAGE_WATCH: u8 = 2;
/// Page flag: the page has not been written since the journal was last
/// started: its next write first saves its contents (see [`Memory::start_journal`]).
pub const PAGE_JOURNAL: u8 = 4;

mod journal;
pub use journal::SavedPage;

/// The contents of RAM pages before their first write of a journal
/// interval: (page index, its 4096 bytes in the memory's arena, or None if
/// they were all zero: a kernel that initialises every free frame at boot
/// costs no copies). Given back with [`Memory::release`].
pub type PageJournal = Vec<(usize, Option<SavedPage>)>;

pub struct Memory {
    bytes: Vec<u8>,
    /// One byte per 4 KiB page: `PAGE_CODE` | `PAGE_WATCH` | `PAGE_JOURNAL`.
    pub page_flags: Vec<u8>,
    /// Pages saved since the journal was last started.
    journal: PageJournal,
    /// One bit per page: never written since the RAM was created, so all
    /// zero (the journal then saves it without reading it: a kernel that
    /// initialises every free frame at boot touches each host page once,
    /// as without the journal). Kept by the slow write paths and the
    /// journal; stores the CPU makes while the journal is off do not clear
    /// it, so it is only trusted while `zero_map_trusted` (see
    /// [`Memory::trust_zero_map`]).
    never_written: Vec<u64>,
    zero_map_trusted: bool,
    /// Some page's flags went from none to some since the translating
    /// engine last looked: it keeps inline store paths only into pages
    /// without flags (`cpu/jit/mirror.rs`), and drops the others then.
    pub flags_raised: bool,
    /// Where saved pages are kept (`journal.rs`).
    saved: journal::Arena,
}

/// The host's huge pages: size and alignment (2 MiB).
const HUGE: usize = 2 << 20;

/// Ask the host for transparent huge pages (2 MiB) for the `len` bytes at
/// `at` (`madvise`; the aligned part of them), as QEMU does for guest RAM
/// on Linux: for RAM, the journal's arena and the jit's code. Only a hint:
/// without transparent huge pages nothing changes.
pub(crate) fn huge_pages(at: *const u8, len: usize) {
    let start = (at as usize).next_multiple_of(HUGE);
    let end = (at as usize + len) & !(HUGE - 1);
    if end > start {
        // SAFETY: advice on memory the caller owns; it changes no contents.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}

impl Memory {
    /// RAM of `size` bytes (rounded up to whole pages).
    pub fn new(size: u64) -> Self {
        let size = (size + 0xfff) & !0xfff;
        let bytes = vec![0u8; size as usize];
        huge_pages(bytes.as_ptr(), bytes.len());
        Memory {
            bytes,
            page_flags: vec![0; (size >> 12) as usize],
            journal: Vec::new(),
            never_written: vec![u64::MAX; (size >> 12).div_ceil(64) as usize],
            zero_map_trusted: false,
            flags_raised: false,
            saved: journal::Arena::default(),
        }
    }

    /// Set `flag` on RAM page `page` (noting `flags_raised` when it had none).
    #[inline]
    pub fn set_flag(&mut self, page: usize, flag: u8) {
        self.flags_raised |= self.page_flags[page] == 0;
        self.page_flags[page] |= flag;
    }

    /// Say whether every CPU store since the RAM was created went through
    /// the journal (true for a debugger that started journaling before the
    /// first instruction and keeps it on while the hart runs), so that
    /// pages never written can be taken as zero without reading them.
    pub fn trust_zero_map(&mut self, trusted: bool) {
        self.zero_map_trusted = trusted;
    }

    #[inline]
    fn mark_written(&mut self, page: usize) {
        self.never_written[page / 64] &= !(1 << (page % 64));
    }

    /// Start a journal interval (the debugger's snapshots, for reverse
    /// execution): from now on, the first write to each page saves the
    /// page as it was. Returns what the previous interval saved. Costs one
    /// pass over the page flags (a byte per 4 KiB page); the cost of each
    /// page's first write afterwards is one 4 KiB copy. The CPU's store
    /// path finds the flag with the check it already makes for decoded
    /// code (`page_flags != 0`), so journaling adds nothing to stores to
    /// pages already saved.
    pub fn start_journal(&mut self) -> PageJournal {
        for f in &mut self.page_flags {
            *f |= PAGE_JOURNAL;
        }
        self.flags_raised = true;
        std::mem::take(&mut self.journal)
    }

    /// Stop journaling; returns what the current interval saved.
    pub fn stop_journal(&mut self) -> PageJournal {
        for f in &mut self.page_flags {
            *f &= !PAGE_JOURNAL;
        }
        std::mem::take(&mut self.journal)
    }

    /// Pages saved so far in the current journal interval (all, and those
    /// that were not zero, which take host memory).
    pub fn journal_len(&self) -> (usize, usize) {
        let copied = self.journal.iter().filter(|(_, d)| d.is_some()).count();
        (self.journal.len(), copied)
    }

    /// Save RAM page `page` into the journal if this is its first write of
    /// the interval.
    #[cold]
    #[inline(never)]
    pub fn save_page(&mut self, page: usize) {
        if self.page_flags[page] & PAGE_JOURNAL != 0 {
            self.page_flags[page] &= !PAGE_JOURNAL;
            let never = self.never_written[page / 64] >> (page % 64) & 1 != 0;
            self.mark_written(page);
            let at = page << 12;
            let data = &self.bytes[at..at + 0x1000];
            let zero = (never && self.zero_map_trusted)
                || data
                    .chunks_exact(8)
                    .all(|w| u64::from_ne_bytes(w.try_into().unwrap()) == 0);
            let copy = (!zero).then(|| self.saved.save(data));
            self.journal.push((page, copy));
        }
    }

    /// `save_page` for every page of RAM offsets `[off, off + len)`.
    #[inline]
    fn save_range(&mut self, off: usize, len: usize) {
        if len == 0 {
            return;
        }
        for page in (off >> 12)..=((off + len - 1) >> 12) {
            if self.page_flags[page] & PAGE_JOURNAL != 0 {
                self.save_page(page);
            }
            self.mark_written(page);
        }
    }

    /// Put back a page saved by the journal (restoring a snapshot). The
    /// caller drops decoded instructions of the page (`PAGE_CODE`).
    pub fn restore_page(&mut self, page: usize, data: Option<&SavedPage>) {
        let at = page << 12;
        self.mark_written(page);
        match data {
            Some(d) => self.bytes[at..at + 0x1000].copy_from_slice(self.saved.get(d)),
            None => self.bytes[at..at + 0x1000].fill(0),
        }
    }

    /// Give back the pages of a journal no longer needed (a snapshot
    /// dropped or restored), for the pages saved next.
    pub fn release(&mut self, journal: PageJournal) {
        for p in journal.into_iter().filter_map(|(_, d)| d) {
            self.saved.release(p);
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

    /// Write `N` bytes at RAM offset `off`. The caller checked bounds, and
    /// called `save_page` first if the page's flags have `PAGE_JOURNAL`.
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
        self.save_range(off, data.len());
        self.bytes[off..off + data.len()].copy_from_slice(data);
        Some(())
    }

    pub fn read_u64(&self, pa: u64) -> Option<u64> {
        let off = self.offset(pa, 8)?;
        Some(u64::from_le_bytes(self.read_at::<8>(off)))
    }

    pub fn write_u64(&mut self, pa: u64, v: u64) -> Option<()> {
        let off = self.offset(pa, 8)?;
        self.save_range(off, 8);
        self.write_at(off, v.to_le_bytes());
        Some(())
    }

    /// Host bytes of RAM (for the decoder and bulk loaders).
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// Where RAM and its page flags are in host memory, for translated
    /// code's inline loads and stores (`cpu/jit/mirror.rs`). Both stay put
    /// for the life of the `Memory` (neither is ever resized).
    pub fn raw_parts(&mut self) -> (*mut u8, *mut u8) {
        (self.bytes.as_mut_ptr(), self.page_flags.as_mut_ptr())
    }
}
