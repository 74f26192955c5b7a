//! A raw disk image on the host, as the block device sees it: 512-byte
//! sectors read from the host file, and sectors the guest wrote kept in
//! memory until a flush writes them to the file.
//!
//! Written sectors stay in memory after they have been flushed too, so a
//! copy of this value (a debugger snapshot) holds the disk exactly as the
//! guest saw it at that moment, whatever has reached the host file since:
//! going back in time never reads a later write from the file.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

pub const SECTOR: u64 = 512;

#[derive(Clone)]
pub struct DiskImage {
    file: Arc<File>,
    /// Size in bytes (the device's capacity is `size / 512` sectors).
    size: u64,
    pub read_only: bool,
    /// Sectors written by the guest, by sector number.
    written: BTreeMap<u64, Box<[u8; SECTOR as usize]>>,
    /// Written sectors the host file does not have yet.
    unflushed: std::collections::BTreeSet<u64>,
}

impl DiskImage {
    /// Open `path` as a raw image. Errors are one line, for the command line.
    pub fn open(path: &Path, read_only: bool) -> Result<DiskImage, String> {
        let name = path.display();
        let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
        if meta.is_dir() {
            return Err(format!("{name}: is a directory, not a disk image"));
        }
        // Root may open any file for writing: go by the file's mode, as a
        // user would expect of a read-only image.
        if !read_only && meta.permissions().readonly() {
            return Err(format!(
                "{name}: the image is read-only; add ,ro (or readonly=on) to use it so"
            ));
        }
        let file = OpenOptions::new()
            .read(true)
            .write(!read_only)
            .open(path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied if !read_only => {
                    format!("{name}: cannot open for writing ({e}); add ,ro (or readonly=on) to use it read-only")
                }
                _ => format!("{name}: {e}"),
            })?;
        let size = meta.len();
        if size < SECTOR {
            return Err(format!(
                "{name}: {size} bytes is smaller than one 512-byte sector"
            ));
        }
        Ok(DiskImage {
            file: Arc::new(file),
            size,
            read_only,
            written: BTreeMap::new(),
            unflushed: Default::default(),
        })
    }

    /// Capacity in 512-byte sectors (a partial last sector is not used).
    pub fn sectors(&self) -> u64 {
        self.size / SECTOR
    }

    /// Read sector `n` into `buf`.
    pub fn read_sector(&self, n: u64, buf: &mut [u8; SECTOR as usize]) -> std::io::Result<()> {
        match self.written.get(&n) {
            Some(s) => buf.copy_from_slice(&s[..]),
            None => self.file.read_exact_at(buf, n * SECTOR)?,
        }
        Ok(())
    }

    /// Write sector `n` (kept in memory until `flush`).
    pub fn write_sector(&mut self, n: u64, data: &[u8; SECTOR as usize]) {
        self.written.insert(n, Box::new(*data));
        self.unflushed.insert(n);
    }

    /// Write what the guest wrote to the host file and sync it.
    pub fn flush(&mut self) -> std::io::Result<()> {
        if self.unflushed.is_empty() {
            return Ok(());
        }
        for n in std::mem::take(&mut self.unflushed) {
            self.file.write_all_at(&self.written[&n][..], n * SECTOR)?;
        }
        self.file.sync_data()
    }
}

impl std::fmt::Debug for DiskImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DiskImage({} sectors, {} written)",
            self.sectors(),
            self.written.len()
        )
    }
}
