//! The initrd format: a `newc` cpio archive, as Linux's initramfs.
//!
//! The archive is a sequence of entries, each a 110-byte ASCII header,
//! the NUL-terminated path, padding to a multiple of 4, the data, padding
//! to a multiple of 4. The entry named "TRAILER!!!" ends it. The header is
//! "070701" then 13 fields of 8 hex digits: ino, mode, uid, gid, nlink,
//! mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize
//! (with the NUL), check (0 for newc).
//!
//! As Linux's initramfs, the initrd may be several archives one after the
//! other (NUL padding between them is skipped): `vitrine ./a.out` and
//! `--add` append one to the built-in root, and a later entry replaces an
//! earlier one of the same path.

/// One archive member. `data` points into the archive, which stays in RAM.
pub struct Entry {
    pub path: &'static str,
    pub mode: u32,
    pub data: &'static [u8],
}

/// Why an archive cannot be read: the offset of the bad entry.
#[derive(Debug)]
pub struct BadArchive(pub usize);

const HEADER_LEN: usize = 110;

fn hex(field: &[u8]) -> Option<usize> {
    usize::from_str_radix(core::str::from_utf8(field).ok()?, 16).ok()
}

fn align4(x: usize) -> usize {
    (x + 3) & !3
}

/// Call `f` for every entry of `archive` (one or more concatenated
/// archives), in archive order.
pub fn parse(archive: &'static [u8], mut f: impl FnMut(Entry)) -> Result<usize, BadArchive> {
    let mut at = 0;
    let mut count = 0;
    loop {
        let bad = BadArchive(at);
        let header = archive.get(at..at + HEADER_LEN).ok_or(BadArchive(at))?;
        if &header[..6] != b"070701" {
            return Err(bad);
        }
        let field = |i: usize| hex(&header[6 + 8 * i..14 + 8 * i]).ok_or(BadArchive(at));
        let (mode, filesize, namesize) = (field(1)?, field(6)?, field(11)?);
        let name_at = at + HEADER_LEN;
        let name =
            archive.get(name_at..name_at + namesize.saturating_sub(1)).ok_or(BadArchive(at))?;
        let path = core::str::from_utf8(name).map_err(|_| BadArchive(at))?;
        let data_at = align4(name_at + namesize);
        let data = archive.get(data_at..data_at + filesize).ok_or(BadArchive(at))?;
        if path == "TRAILER!!!" {
            // Another archive may follow, after NUL padding.
            at = align4(data_at + filesize);
            while archive.get(at) == Some(&0) {
                at += 1;
            }
            if at >= archive.len() {
                return Ok(count);
            }
            continue;
        }
        f(Entry { path, mode: mode as u32, data });
        count += 1;
        at = align4(data_at + filesize);
    }
}
