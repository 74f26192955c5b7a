//! The console's line discipline (a tiny "cooked mode" tty): what read(0)
//! returns. Typed characters are echoed and collected into a line, with
//! backspace erasing; a line is handed to readers only when Enter ends it
//! (or ^D, end of file), as a Linux terminal does by default. So a program
//! gets whole lines whatever the host's timing of the input, and an
//! interactive shell sees what it types.
//!
//! Input is interrupt-driven: the UART's receive interrupt comes through
//! the PLIC (trap/mod.rs), and `interrupt` drains the UART into a raw queue.
//! A reader with nothing to read sleeps on CHAN. The line discipline
//! (echo, editing) runs on the raw bytes when someone reads: at once in
//! the interrupt if a reader is waiting, which it then wakes when a line
//! (or ^D) is ready; else when the next reader comes. So input typed
//! ahead (or piped) is echoed when it is read, after the program's
//! prompt, as it always was. The signal characters (^C, ^\, ^Z) act
//! when they arrive, as Linux's ISIG: the typed input is flushed and
//! SIGINT, SIGQUIT or SIGTSTP goes to the foreground process group
//! (TIOCSPGRP, syscall/signal.rs; init's group until set).
//!
//! Raw mode (termios with ISIG, ICANON and ECHO off, as cfmakeraw sets
//! it: TCSETS, syscall/signal.rs; or from boot with `tty=raw` on the
//! kernel command line): no line discipline at all; bytes are read as
//! they came, without echo, editing or signal characters. `vitrine
//! ./a.out` boots with it when the host's stdin is not a terminal, so
//! that piped input reaches the program as it would under
//! `qemu-riscv64` (no echo on stdout, ^C or ^D are bytes like others).
//!
//! Hangup: when the UART's carrier (DCD) drops, the other end is gone, as
//! when a modem line or a pty master closes. What was typed before is
//! still read; after it, every read returns 0 (end of file), for good.
//! Vitrine drops the carrier when its piped stdin ends, so `printf 'echo
//! hi\n' | vitrine` ends as `printf 'echo hi\n' | sh` does.

use crate::klib::global::Global;
use crate::{dev::uart, sched};
use alloc::collections::VecDeque;
use alloc::vec::Vec;

struct Console {
    /// Received, not yet through the line discipline.
    raw: VecDeque<u8>,
    /// The line being typed.
    editing: Vec<u8>,
    /// Finished lines, not yet read.
    ready: VecDeque<u8>,
    /// ^D was typed on an empty line: the next read returns 0.
    eof: bool,
    /// The carrier dropped: once the input is read, reads return 0.
    hangup: bool,
    /// No line discipline (see the module documentation).
    raw_mode: bool,
}

static CONSOLE: Global<Console> = Global::new(Console {
    raw: VecDeque::new(),
    editing: Vec::new(),
    ready: VecDeque::new(),
    eof: false,
    hangup: false,
    raw_mode: false,
});

const BACKSPACE: u8 = 0x08;
const DELETE: u8 = 0x7f;
const CTRL_D: u8 = 0x04;
const CTRL_U: u8 = 0x15;
/// ^C, ^\\ and ^Z: SIGINT, SIGQUIT and SIGTSTP to the foreground group.
const CTRL_C: u8 = 0x03;
const CTRL_BACKSLASH: u8 = 0x1c;
const CTRL_Z: u8 = 0x1a;

/// The foreground process group of the console (0: init's, 1).
static FG_PGRP: Global<i32> = Global::new(0);

pub fn fg_pgrp() -> i32 {
    match *FG_PGRP.get() {
        0 => crate::proc::INIT_PID,
        g => g,
    }
}

pub fn set_fg_pgrp(pgid: i32) {
    *FG_PGRP.get() = pgid;
}

/// The sleep channel of console readers.
pub const CHAN: usize = 1;
/// Longest line kept; further characters are dropped (and not echoed).
const MAX_LINE: usize = 4096;
/// Most raw bytes kept; further ones are dropped.
const MAX_RAW: usize = 65536;

/// Move what the UART has received to the raw queue (this drains RBR
/// while LSR.DR, which lowers the UART's interrupt line).
fn drain() {
    let c = CONSOLE.get();
    while let Some(b) = uart::getc() {
        if c.raw.len() < MAX_RAW {
            c.raw.push_back(b);
        }
    }
}

/// Turn the line discipline off (`raw`) or on again.
pub fn set_raw(raw: bool) {
    let c = CONSOLE.get();
    if raw && !c.raw_mode {
        // What was typed on the unfinished line is input now.
        let line: Vec<u8> = c.editing.drain(..).collect();
        c.ready.extend(line);
    }
    c.raw_mode = raw;
}

/// Whether the line discipline is off.
pub fn is_raw() -> bool {
    CONSOLE.get().raw_mode
}

/// Run the raw bytes through the line discipline.
fn cook() {
    let c = CONSOLE.get();
    if c.raw_mode {
        let bytes: Vec<u8> = c.raw.drain(..).collect();
        c.ready.extend(bytes);
        return;
    }
    while let Some(b) = c.raw.pop_front() {
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
            CTRL_U => {
                // Kill the line: erase it on the terminal, too.
                for _ in c.editing.drain(..) {
                    uart::write_bytes(b"\x08 \x08");
                }
            }
            CTRL_C | CTRL_BACKSLASH | CTRL_Z => {
                // Echoed as Linux's ECHOCTL does; the typed input is
                // flushed (no NOFLSH) and the signal goes to the
                // foreground group.
                uart::write_bytes(&[b'^', b + 0x40]);
                c.editing.clear();
                c.ready.clear();
                let sig = match b {
                    CTRL_C => crate::signal::SIGINT,
                    CTRL_Z => crate::signal::SIGTSTP,
                    _ => crate::signal::SIGQUIT,
                };
                let _ = crate::signal::kill_pgrp(fg_pgrp(), sig);
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

/// Whether a reader sleeps on the console, or a poller (ppoll/pselect6,
/// which may be waiting for it among other files).
fn readers_waiting() -> bool {
    sched::sleeping_on(CHAN) || sched::sleeping_on(crate::fs::file::POLL_CHAN)
}

fn wake_readers() {
    sched::wakeup(CHAN);
    sched::wakeup(crate::fs::file::POLL_CHAN);
}

/// Whether a read would not wait: a finished line, end of file, or a
/// hangup (poll's POLLIN).
pub fn readable() -> bool {
    drain();
    cook();
    let c = CONSOLE.get();
    if !c.hangup && !uart::carrier() {
        c.hangup = true; // as read() finds it
    }
    !c.ready.is_empty() || c.eof || c.hangup
}

/// The UART's receive interrupt (from trap/mod.rs): take in what it has
/// received; if readers wait, cook it and wake them if there is
/// something for them.
pub fn interrupt() {
    drain();
    let c = CONSOLE.get();
    let hung_up = !c.hangup && !uart::carrier(); // reading MSR acknowledges it
    c.hangup |= hung_up;
    if hung_up && readers_waiting() {
        cook();
        wake_readers();
        return;
    }
    let isig = !c.raw_mode && c.raw.iter().any(|&b| matches!(b, CTRL_C | CTRL_BACKSLASH | CTRL_Z));
    if !readers_waiting() && !isig {
        return; // cooked when read; signal characters act at once
    }
    cook();
    let c = CONSOLE.get();
    if !c.ready.is_empty() || c.eof {
        wake_readers();
    }
}

/// Up to `max` bytes of finished lines, or None if there are none yet.
/// Some(empty) is end of file (^D on an empty line, or after a hangup).
pub fn read(max: usize) -> Option<Vec<u8>> {
    // drain: for bytes that came before uart::init (uart.rs keeps them;
    // they raised no interrupt). Kernel code runs with interrupts off, so
    // nothing is received unseen between this and the reader's sleep.
    drain();
    cook();
    let c = CONSOLE.get();
    if !c.ready.is_empty() {
        let n = max.min(c.ready.len());
        return Some(c.ready.drain(..n).collect());
    }
    if c.eof {
        c.eof = false;
        return Some(Vec::new());
    }
    if !c.hangup && !uart::carrier() {
        c.hangup = true; // dropped while no reader waited for it
    }
    if c.hangup {
        // A last line without its newline, then end of file.
        return Some(c.editing.drain(..max.min(c.editing.len())).collect());
    }
    None
}
