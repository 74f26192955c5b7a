//! The input of a text filter (`grep`, `sed`, `sort`, `uniq`, `head`,
//! `tail`): a file named on the command line, or standard input for `-`
//! (and for no name at all), read in lines, in chunks or whole.
//!
//! Reads are buffered (4 KiB at a time), so a line costs no system call of
//! its own. A filter that stops early (`head -n 1`, `grep -q`) has then
//! consumed at most one buffer more than it used; that is fine for a
//! filter, unlike for a shell reading its commands (see `io::read_line`).

use crate::errno::Errno;
use crate::fs::{O_RDONLY, OwnedFd};
use crate::io::{STDIN, read};
use alloc_crate::vec;
use alloc_crate::vec::Vec;

/// An open input: its descriptor and a read buffer.
pub struct Input {
    fd: i32,
    _file: Option<OwnedFd>, // closed when the Input is dropped
    buf: Vec<u8>,
    pos: usize,
    len: usize,
}

/// How messages name standard input (as coreutils do).
pub const STDIN_NAME: &[u8] = b"standard input";

impl Input {
    /// Standard input.
    pub fn stdin() -> Input {
        Input { fd: STDIN, _file: None, buf: vec![0; 4096], pos: 0, len: 0 }
    }

    /// The file `name`, or standard input if `name` is "-".
    pub fn open(name: &[u8]) -> Result<Input, Errno> {
        if name == b"-" {
            return Ok(Input::stdin());
        }
        let file = OwnedFd::open(name, O_RDONLY, 0)?;
        Ok(Input { fd: file.fd(), _file: Some(file), buf: vec![0; 4096], pos: 0, len: 0 })
    }

    /// Refills the buffer if it is empty; false at end of file.
    fn fill(&mut self) -> Result<bool, Errno> {
        while self.pos == self.len {
            match read(self.fd, &mut self.buf) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.pos = 0;
                    self.len = n;
                }
                Err(Errno::EINTR) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// The next line into `line` (replacing what it held), with its '\n'
    /// if it has one (the last line of a file may not). Ok(false) at end
    /// of file.
    pub fn read_line(&mut self, line: &mut Vec<u8>) -> Result<bool, Errno> {
        line.clear();
        while self.fill()? {
            let avail = &self.buf[self.pos..self.len];
            match avail.iter().position(|&c| c == b'\n') {
                Some(i) => {
                    line.extend_from_slice(&avail[..=i]);
                    self.pos += i + 1;
                    return Ok(true);
                }
                None => {
                    line.extend_from_slice(avail);
                    self.pos = self.len;
                }
            }
        }
        Ok(!line.is_empty())
    }

    /// The next bytes, as many as one read gives (empty at end of file).
    pub fn read_chunk(&mut self) -> Result<&[u8], Errno> {
        if !self.fill()? {
            return Ok(&[]);
        }
        let chunk = &self.buf[self.pos..self.len];
        self.pos = self.len;
        Ok(chunk)
    }

    /// Everything that is left, to end of file.
    pub fn read_all(&mut self) -> Result<Vec<u8>, Errno> {
        let mut all = Vec::new();
        loop {
            let chunk = self.read_chunk()?;
            if chunk.is_empty() {
                return Ok(all);
            }
            all.extend_from_slice(chunk);
        }
    }
}

/// `line` without its final '\n', if any.
pub fn chomp(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}
