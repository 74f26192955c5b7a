//! The host terminal as the guest's console. When stdin is a terminal it is
//! put in raw mode for the run, so keys go to the guest's line discipline
//! (which echoes) instead of being echoed and line-buffered by the host, and
//! restored afterwards. As in QEMU (`-nographic`), Ctrl-A x ends the
//! emulator from the keyboard, as an exit (with `--stats` reported), and
//! Ctrl-A h lists the escapes. Unlike QEMU, the Ctrl-A itself still reaches
//! the guest.

use std::io::IsTerminal;
use std::sync::Mutex;

/// The terminal settings to restore, while raw mode is on.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// Raw mode on stdin for as long as this guard lives.
pub struct RawTerminal(());

impl RawTerminal {
    /// Switch stdin to raw mode if it is a terminal; `None` otherwise.
    pub fn enable() -> Option<RawTerminal> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        // SAFETY: plain termios calls on fd 0 with a properly sized struct.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut t) != 0 {
                return None;
            }
            *SAVED.lock().unwrap() = Some(t);
            let mut raw = t;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
            raw.c_iflag &= !(libc::IXON | libc::ICRNL | libc::INLCR | libc::ISTRIP);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            libc::tcsetattr(0, libc::TCSANOW, &raw);
        }
        Some(RawTerminal(()))
    }
}

/// Put the terminal back as it was (idempotent).
pub fn restore() {
    if let Some(t) = SAVED.lock().unwrap().take() {
        // SAFETY: restoring settings read by tcgetattr.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &t);
        }
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore();
    }
}

/// What Ctrl-A h prints (on stderr; raw mode needs the \r).
pub const ESCAPE_HELP: &str =
    "\r\nC-a x    exit the emulator (--stats are reported as at any exit)\r\n\
C-a h    print this help\r\n";

/// What an input byte means to the console escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// An ordinary byte for the guest.
    None,
    /// Ctrl-A x: quit.
    Quit,
    /// Ctrl-A h: print the help (the `h` does not reach the guest).
    Help,
}

/// Watches console input for the Ctrl-A escapes.
#[derive(Default)]
pub struct EscapeDetector {
    after_ctrl_a: bool,
}

impl EscapeDetector {
    /// Feed one input byte.
    pub fn feed(&mut self, b: u8) -> Escape {
        let after = std::mem::replace(&mut self.after_ctrl_a, b == 0x01);
        match b {
            b'x' if after => Escape::Quit,
            b'h' if after => Escape::Help,
            _ => Escape::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Escape, EscapeDetector};

    #[test]
    fn ctrl_a_x_is_detected_only_in_sequence() {
        let mut d = EscapeDetector::default();
        let quit = |d: &mut EscapeDetector, b| d.feed(b) == Escape::Quit;
        assert!(!quit(&mut d, b'x'));
        assert!(!quit(&mut d, 0x01));
        assert!(quit(&mut d, b'x'));
        assert!(!quit(&mut d, b'x'));
        assert!(!quit(&mut d, 0x01));
        assert!(!quit(&mut d, b'a'));
        assert!(!quit(&mut d, b'x'));
    }

    #[test]
    fn ctrl_a_h_asks_for_help() {
        let mut d = EscapeDetector::default();
        assert_eq!(d.feed(b'h'), Escape::None);
        assert_eq!(d.feed(0x01), Escape::None);
        assert_eq!(d.feed(b'h'), Escape::Help);
        assert_eq!(d.feed(b'h'), Escape::None);
        // Ctrl-A Ctrl-A x: the second Ctrl-A starts the escape again.
        assert_eq!(d.feed(0x01), Escape::None);
        assert_eq!(d.feed(0x01), Escape::None);
        assert_eq!(d.feed(b'x'), Escape::Quit);
    }
}
