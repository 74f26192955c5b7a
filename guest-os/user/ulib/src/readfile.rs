//! Reading a whole file into memory, for /proc and small text files.
//!
//! /proc files have no meaningful size (`st_size` is 0), so the file is read
//! until `read` returns 0, whatever stat says.

use crate::errno::Errno;
use crate::fs::{O_RDONLY, OwnedFd};
use crate::io;
use alloc_crate::vec::Vec;

/// The contents of the file at `path`, read to its end.
pub fn read_file(path: &[u8]) -> Result<Vec<u8>, Errno> {
    let file = OwnedFd::open(path, O_RDONLY, 0)?;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match io::read(file.fd(), &mut buf) {
            Ok(0) => return Ok(data),
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}
