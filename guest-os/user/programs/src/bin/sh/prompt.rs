//! The interactive shell's line input, and ^C at its prompt.
//!
//! At the prompt the shell's process group has the terminal, so ^C sends
//! SIGINT to the shell itself; the console echoes "^C" and throws away
//! what was typed. bash then starts a new line with a fresh prompt (and
//! `$?` is 130). To do the same, the shell's SIGINT handler records that
//! the signal came, and while the shell waits for a line the handler is
//! installed *without* SA_RESTART: the kernel then ends the read with
//! EINTR instead of restarting it, and the shell sees the interrupt. At
//! other times (waiting for a job) SA_RESTART is back, and a ^C that
//! reaches the shell changes nothing.

use core::sync::atomic::{AtomicBool, Ordering};
use ulib::io::{STDIN, read};
use ulib::prelude::*;
use ulib::sighandler::{SA_RESTART, set_handler};
use ulib::signal::{SIGINT, SIGQUIT};

/// SIGINT arrived since the last look.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_interrupt(_: i32) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// The handler for ^\ at the prompt: nothing (bash ignores SIGQUIT too).
extern "C" fn on_quit(_: i32) {}

/// Installs the interactive shell's handlers: ^C and ^\ end the foreground
/// command, not the shell. (A handler, not SIG_IGN: exec resets it to the
/// default for the commands the shell runs.)
pub fn install_handlers() {
    let _ = set_handler(SIGINT, on_interrupt as *const () as usize, SA_RESTART, 0);
    let _ = set_handler(SIGQUIT, on_quit as *const () as usize, SA_RESTART, 0);
}

/// Forgets a ^C that came before the prompt was printed (one that reached
/// the shell while it ran a command, when it has no job control).
pub fn forget_interrupt() {
    INTERRUPTED.store(false, Ordering::Relaxed);
}

/// What reading a line gave.
pub enum Read {
    /// A line, in the buffer (without its '\n').
    Line,
    /// End of input with nothing typed (^D).
    Eof,
    /// ^C: the line was thrown away.
    Interrupted,
    Error(Errno),
}

/// Reads one line from standard input, a byte at a time (what follows the
/// line stays for the commands), ending early at ^C.
pub fn read_line(line: &mut Vec<u8>) -> Read {
    line.clear();
    let _ = set_handler(SIGINT, on_interrupt as *const () as usize, 0, 0);
    let mut byte = [0u8; 1];
    let result = loop {
        if INTERRUPTED.swap(false, Ordering::Relaxed) {
            break Read::Interrupted;
        }
        match read(STDIN, &mut byte) {
            Ok(0) if line.is_empty() => break Read::Eof,
            Ok(0) => break Read::Line,
            Ok(_) if byte[0] == b'\n' => break Read::Line,
            Ok(_) => line.push(byte[0]),
            Err(Errno::EINTR) => {} // the loop's first check decides
            Err(e) => break Read::Error(e),
        }
    };
    let _ = set_handler(SIGINT, on_interrupt as *const () as usize, SA_RESTART, 0);
    result
}
