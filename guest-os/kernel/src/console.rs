//! The console's line discipline (a tiny "cooked mode" tty): what read(0)
//! returns. Typed characters are echoed and collected into a line, with
//! backspace erasing; a line is handed to readers only when Enter ends it
//! (or ^D, end of file), as a Linux terminal does by default. So a program
//! gets whole lines whatever the host's timing of the input, and an
//! interactive shell sees what it types.
//!
//! The UART is polled (no interrupts yet): a reader with nothing to read
//! sleeps one tick at a time and polls again.

use crate::global::Global;
use crate::uart;
use alloc::collections::VecDeque;
use alloc::vec::Vec;

struct Console {
    /// The line being typed.
    editing: Vec<u8>,
    /// Finished lines, not yet read.
    ready: VecDeque<u8>,
    /// ^D was typed on an empty line: the next read returns 0.
    eof: bool,
}

static CONSOLE: Global<Console> =
    Global::new(Console { editing: Vec::new(), ready: VecDeque::new(), eof: false });

const BACKSPACE: u8 = 0x08;
const DELETE: u8 = 0x7f;
const CTRL_D: u8 = 0x04;
/// Longest line kept; further characters are dropped (and not echoed).
const MAX_LINE: usize = 4096;

/// Take in whatever the UART has received.
fn poll() {
    let c = CONSOLE.get();
    while let Some(b) = uart::getc() {
        match b {
            b'\r' | b'\n' => {
                uart::write_bytes(b"\n");
                c.editing.push(b'\n');
                c.ready.extend(c.editing.drain(..));
            }
            BACKSPACE | DELETE => {
                if c.editing.pop().is_some() {
                    uart::write_bytes(b"\x08 \x08");
                }
            }
            CTRL_D => {
                if c.editing.is_empty() {
                    c.eof = true;
                } else {
                    c.ready.extend(c.editing.drain(..));
                }
            }
            _ if c.editing.len() < MAX_LINE => {
                uart::write_bytes(&[b]);
                c.editing.push(b);
            }
            _ => {}
        }
    }
}

/// Up to `max` bytes of finished lines, or None if there are none yet.
/// Some(empty) is end of file (^D on an empty line).
pub fn read(max: usize) -> Option<Vec<u8>> {
    poll();
    let c = CONSOLE.get();
    if !c.ready.is_empty() {
        let n = max.min(c.ready.len());
        return Some(c.ready.drain(..n).collect());
    }
    if c.eof {
        c.eof = false;
        return Some(Vec::new());
    }
    None
}
