//! Writing newc cpio archives (the initramfs format; the teaching kernel
//! reads them in guest-os/kernel/src/fs/cpio.rs): each entry is "070701",
//! 13 fields of 8 hex digits (ino, mode, uid, gid, nlink, mtime, filesize,
//! devmajor, devminor, rdevmajor, rdevminor, namesize with the NUL, check),
//! the NUL-terminated name padded to 4 bytes, the data padded to 4 bytes;
//! "TRAILER!!!" ends the archive.
//!
//! Entries get uid 0, gid 0 and mtime 0, so that the same files give the
//! same archive, and the same run (determinism).

/// File type bits of a cpio mode (as st_mode).
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFLNK: u32 = 0o120000;

/// A newc archive being written.
#[derive(Default)]
pub struct Newc {
    bytes: Vec<u8>,
    next_ino: u32,
}

impl Newc {
    pub fn new() -> Newc {
        Newc::default()
    }

    /// Add `path` (without a leading "/", as cpio archives name their
    /// members) with `mode` (type and permission bits) and `data` (a
    /// symbolic link's data is its target).
    pub fn push(&mut self, path: &str, mode: u32, data: &[u8]) {
        self.next_ino += 1;
        let path = path.trim_start_matches('/');
        let nlink = if mode & 0o170000 == S_IFDIR { 2 } else { 1 };
        let fields = [
            self.next_ino,
            mode,
            0,
            0,
            nlink,
            0,
            data.len() as u32,
            0,
            0,
            0,
            0,
            path.len() as u32 + 1,
            0,
        ];
        self.bytes.extend_from_slice(b"070701");
        for f in fields {
            self.bytes.extend_from_slice(format!("{f:08x}").as_bytes());
        }
        self.bytes.extend_from_slice(path.as_bytes());
        self.bytes.push(0);
        self.pad();
        self.bytes.extend_from_slice(data);
        self.pad();
    }

    fn pad(&mut self) {
        let len = self.bytes.len().next_multiple_of(4);
        self.bytes.resize(len, 0);
    }

    /// The archive, with its trailer.
    pub fn finish(mut self) -> Vec<u8> {
        self.push("TRAILER!!!", 0, &[]);
        self.bytes
    }
}

/// `base` (an initrd: one or more archives) followed by `extra`, which the
/// kernel reads after it (later entries replace earlier ones).
pub fn concat(mut base: Vec<u8>, extra: &[u8]) -> Vec<u8> {
    let len = base.len().next_multiple_of(4);
    base.resize(len, 0);
    base.extend_from_slice(extra);
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_headers_names_and_data_padded_to_four() {
        let mut a = Newc::new();
        a.push("/root/hi", S_IFREG | 0o644, b"hello");
        let bytes = a.finish();
        let header = std::str::from_utf8(&bytes[..110]).unwrap();
        assert!(header.starts_with("070701"));
        let field = |i: usize| u32::from_str_radix(&header[6 + 8 * i..14 + 8 * i], 16).unwrap();
        assert_eq!(field(1), 0o100644);
        assert_eq!(field(6), 5, "filesize");
        assert_eq!(field(11), 8, "namesize counts the NUL");
        assert_eq!(&bytes[110..118], b"root/hi\0");
        // 110 + 8 = 118, padded to 120: the data.
        assert_eq!(&bytes[120..125], b"hello");
        let trailer = &bytes[128..];
        assert!(trailer.starts_with(b"070701"));
        assert_eq!(&trailer[110..121], b"TRAILER!!!\0");
        assert_eq!(bytes.len() % 4, 0);
    }

    #[test]
    fn concatenation_pads_the_first_archive() {
        assert_eq!(concat(vec![1, 2, 3], &[9]), vec![1, 2, 3, 0, 9]);
        assert_eq!(concat(vec![1, 2, 3, 4], &[9]), vec![1, 2, 3, 4, 9]);
    }
}
