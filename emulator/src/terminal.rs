//! The host terminal as the guest's console. When stdin is a terminal it is
//! put in raw mode for the run, so keys go to the guest's line discipline
//! (which echoes) instead of being echoed and line-buffered by the host, and
//! restored afterwards. As in QEMU, Ctrl-A x ends the emulator from the
//! keyboard (the guest may not handle ^C yet).

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

/// Watches console input for the Ctrl-A x escape.
#[derive(Default)]
pub struct EscapeDetector {
    after_ctrl_a: bool,
}

impl EscapeDetector {
    /// Feed one input byte; true when it completes Ctrl-A x.
    pub fn quit(&mut self, b: u8) -> bool {
        let quit = self.after_ctrl_a && b == b'x';
        self.after_ctrl_a = b == 0x01;
        quit
    }
}

#[cfg(test)]
mod tests {
    use super::EscapeDetector;

    #[test]
    fn ctrl_a_x_is_detected_only_in_sequence() {
        let mut d = EscapeDetector::default();
        assert!(!d.quit(b'x'));
        assert!(!d.quit(0x01));
        assert!(d.quit(b'x'));
        assert!(!d.quit(b'x'));
        assert!(!d.quit(0x01));
        assert!(!d.quit(b'a'));
        assert!(!d.quit(b'x'));
    }
}
