//! The console as a user meets it: a terminal (a pseudo-terminal here) or a
//! pipe on stdin. On a terminal an idle guest waits in real time; headless
//! runs skip idle time and stay reproducible.

mod support;

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

/// `vitrine` (built-in OS, interactive shell) with a pseudo-terminal as
/// stdin; stdout is collected from a pipe.
struct Terminal {
    child: Child,
    master: std::fs::File,
    out: Arc<Mutex<String>>,
    /// How far `expect` has read.
    seen: usize,
}

impl Terminal {
    fn start(args: &[&str]) -> Terminal {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty fills in two new descriptors, which we own.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
            .args(args)
            .stdin(Stdio::from(slave))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stdout.take().unwrap();
        let o = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                o.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Terminal {
            child,
            master: master.into(),
            out,
            seen: 0,
        }
    }

    /// Wait (at most a minute) for `text` after what was seen so far;
    /// returns the output up to and including it.
    fn expect(&mut self, text: &str) -> String {
        let start = Instant::now();
        loop {
            {
                let out = self.out.lock().unwrap();
                if let Some(at) = out[self.seen..].find(text) {
                    let got = out[self.seen..self.seen + at + text.len()].to_string();
                    self.seen += at + text.len();
                    return got;
                }
            }
            if start.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("no {text:?} in:\n{}", self.out.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn type_in(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
    }

    /// User plus system CPU time the emulator has used so far.
    fn cpu_time(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        // Fields after the command name (which is in parentheses).
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
        Duration::from_millis(ticks * 1000 / hz)
    }

    fn wait(mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            if start.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                panic!("vitrine did not exit:\n{}", self.out.lock().unwrap());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The first number of each `/proc/uptime` line in `text`.
fn uptimes(text: &str) -> Vec<f64> {
    text.lines()
        .filter_map(|l| {
            let (a, b) = l.trim().split_once(' ')?;
            b.parse::<f64>().ok()?;
            a.parse().ok()
        })
        .collect()
}

/// On a terminal, an idle guest waits in real time: `sleep 1` takes a
/// second of wall time, guest time at the prompt keeps pace with the wall
/// clock instead of racing ahead, and the idle emulator uses little CPU.
#[test]
fn on_a_terminal_idle_time_is_real_time() {
    let mut t = Terminal::start(&[]);
    t.expect("# ");
    let start = Instant::now();
    t.type_in("cat /proc/uptime; sleep 1; cat /proc/uptime\n");
    let out = t.expect("# ");
    let wall = start.elapsed();
    let up = uptimes(&out);
    assert_eq!(up.len(), 2, "{out}");
    assert!(up[1] - up[0] >= 1.0, "{out}");
    assert!(
        wall >= Duration::from_millis(900),
        "sleep 1 took {wall:?} of wall time"
    );
    // Two seconds at the prompt: the guest's clock moves by about as much
    // as the wall clock does (not by minutes), and the emulator sleeps.
    let cpu_before = t.cpu_time();
    t.type_in("cat /proc/uptime\n");
    let first = uptimes(&t.expect("# "))[0];
    let since = Instant::now();
    std::thread::sleep(Duration::from_secs(2));
    t.type_in("cat /proc/uptime\n");
    let second = uptimes(&t.expect("# "))[0];
    let wall = since.elapsed().as_secs_f64();
    let cpu = t.cpu_time() - cpu_before;
    assert!(
        second - first >= 1.5 && second - first <= wall + 0.5,
        "guest time moved {:.2} s in {wall:.2} s of wall time",
        second - first
    );
    assert!(
        cpu < Duration::from_millis(1000),
        "the idle emulator used {cpu:?} of CPU in {wall:.1} s"
    );
    t.type_in("exit 3\n");
    assert_eq!(t.wait(), Some(3));
}

/// Headless runs (-c, stdin not a terminal) skip idle time: `sleep 20`
/// takes far less than 20 s, and two runs print the same uptimes and give
/// the same counters.
#[test]
fn headless_runs_skip_idle_time_and_are_reproducible() {
    let cmd = "cat /proc/uptime; sleep 20; cat /proc/uptime";
    let start = Instant::now();
    let a = guest(&[], cmd);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(a.status, Some(0), "{}", a.console);
    let up = uptimes(&a.console);
    assert_eq!(up.len(), 2, "{}", a.console);
    assert!(up[1] - up[0] >= 20.0, "{}", a.console);
    let b = guest(&[], cmd);
    assert_eq!(a.console, b.console);
    for key in ["instructions", "cycles", "mtime", "traps"] {
        assert_eq!(a.stats[key], b.stats[key], "{key} differs between two runs");
    }
}
