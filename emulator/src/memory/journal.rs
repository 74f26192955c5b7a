//! Where the snapshot journal keeps the pages it saves (`Memory::save_page`):
//! 4 KiB slots in 4 MiB chunks whose aligned interior the host backs with
//! huge pages, and slots given back when a snapshot goes are used again.
//!
//! Why not one allocation per page: a debugging session saves thousands of
//! pages (2,361 in the 17.5-million-instruction run of `cargo bench --bench
//! debugger`), nearly all into memory new to the process, and the host's
//! page faults on that memory were the largest part of what the snapshots
//! cost. A huge page takes one fault for 512 slots.

use super::HUGE;

/// Pages per chunk.
const CHUNK_PAGES: usize = 1024;

/// A page saved in the [`Arena`]: its slot. Not `Clone`: each slot is
/// given back once ([`Arena::release`]).
#[derive(Debug)]
pub struct SavedPage(u32);

/// See the module documentation.
#[derive(Default)]
pub struct Arena {
    /// Each chunk with the offset of its first slot: allocated 2 MiB
    /// larger than its slots, which start at its first 2 MiB boundary (the
    /// rest is never touched, so never backed).
    chunks: Vec<(Vec<u8>, usize)>,
    /// Slots handed out from the chunks so far, given back or not.
    used: usize,
    /// Slots given back.
    free: Vec<u32>,
}

impl Arena {
    /// Keep a copy of `page` (4 KiB).
    pub fn save(&mut self, page: &[u8]) -> SavedPage {
        let slot = match self.free.pop() {
            Some(s) => s as usize,
            None => {
                if self.used == self.chunks.len() * CHUNK_PAGES {
                    // Zeroed by the host on first touch, not here.
                    let chunk = vec![0u8; (CHUNK_PAGES << 12) + HUGE];
                    let start = chunk.as_ptr().align_offset(HUGE);
                    super::huge_pages(chunk.as_ptr(), chunk.len());
                    self.chunks.push((chunk, start));
                }
                self.used += 1;
                self.used - 1
            }
        };
        let at = self.at(slot);
        self.chunks[slot / CHUNK_PAGES].0[at..at + 0x1000].copy_from_slice(page);
        SavedPage(slot as u32)
    }

    /// The 4 KiB saved in `p`.
    pub fn get(&self, p: &SavedPage) -> &[u8] {
        let slot = p.0 as usize;
        let at = self.at(slot);
        &self.chunks[slot / CHUNK_PAGES].0[at..at + 0x1000]
    }

    /// Where `slot` is in its chunk.
    fn at(&self, slot: usize) -> usize {
        self.chunks[slot / CHUNK_PAGES].1 + ((slot % CHUNK_PAGES) << 12)
    }

    /// Give `p`'s slot back for a later `save`.
    pub fn release(&mut self, p: SavedPage) {
        self.free.push(p.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_given_back_are_used_again_and_keep_their_own_bytes() {
        let mut a = Arena::default();
        let pages: Vec<SavedPage> = (0..3u8).map(|i| a.save(&[i; 4096])).collect();
        let mut pages = pages.into_iter();
        let (p0, p1, p2) = (
            pages.next().unwrap(),
            pages.next().unwrap(),
            pages.next().unwrap(),
        );
        a.release(p1);
        let p3 = a.save(&[7; 4096]);
        assert_eq!(p3.0, 1, "the slot given back");
        assert!(a.get(&p0).iter().all(|&b| b == 0));
        assert!(a.get(&p3).iter().all(|&b| b == 7));
        assert!(a.get(&p2).iter().all(|&b| b == 2));
        // A second chunk once the first is full.
        let more: Vec<SavedPage> = (0..CHUNK_PAGES).map(|_| a.save(&[9; 4096])).collect();
        assert_eq!(a.chunks.len(), 2);
        assert!(a.get(more.last().unwrap()).iter().all(|&b| b == 9));
        assert!(a.get(&p2).iter().all(|&b| b == 2));
    }
}
