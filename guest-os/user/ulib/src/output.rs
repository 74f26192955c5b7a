//! Buffered standard output for the text filters: bytes are collected and
//! written 4 KiB at a time, or at each end of line when standard output is
//! a terminal (as C's stdio does), so a filter in a pipeline makes few
//! `write` calls and one typing at the console sees each line at once.
//!
//! A write error ends the program, as in coreutils ("PROG: write error:
//! Broken pipe", status 1): there is nothing useful left to do. (With
//! SIGPIPE at its default, a closed pipe kills the writer before that.)

use crate::env::args;
use crate::io::{Bytes, STDOUT, write_all};
use crate::stat::fstat;
use alloc_crate::vec::Vec;
use core::fmt;

/// Buffered standard output.
pub struct Output {
    buf: Vec<u8>,
    line_buffered: bool,
}

const CAPACITY: usize = 4096;

impl Output {
    /// Standard output, line-buffered if it is a terminal.
    pub fn stdout() -> Output {
        let tty = fstat(STDOUT).is_ok_and(|st| st.is_char_device());
        Output { buf: Vec::with_capacity(CAPACITY), line_buffered: tty }
    }

    /// Appends `bytes`.
    pub fn write(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CAPACITY || (self.line_buffered && bytes.contains(&b'\n')) {
            self.flush();
        }
    }

    /// Appends `line` and a '\n' if it does not end with one.
    pub fn write_line(&mut self, line: &[u8]) {
        self.write(line);
        if !line.ends_with(b"\n") {
            self.write(b"\n");
        }
    }

    /// Writes out what is buffered (before an error message, so that the
    /// two come out in order, and at the end).
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        if let Err(e) = write_all(STDOUT, &self.buf) {
            crate::eprintln!("{}: write error: {}", Bytes(args().program_name()), e);
            crate::process::exit(1);
        }
        self.buf.clear();
    }
}

impl fmt::Write for Output {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write(s.as_bytes());
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.flush();
    }
}
