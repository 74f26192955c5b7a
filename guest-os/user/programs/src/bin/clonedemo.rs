//! `clonedemo`: what each clone flag shares. For CLONE_VM, CLONE_FILES,
//! CLONE_FS and CLONE_SIGHAND a child is created twice with clone (its own
//! function on its own stack): with the flag (plus SIGCHLD) and without
//! (just SIGCHLD). The child changes the thing the flag is about; the
//! parent waits and says what it sees:
//!
//! ```text
//! clonedemo: CLONE_VM       with: parent sees x=2          without: parent sees x=1
//! clonedemo: CLONE_FILES    with: parent sees fd 3 closed  without: parent sees fd 3 open
//! clonedemo: CLONE_FS       with: parent sees cwd=/        without: parent sees cwd=/home
//! clonedemo: CLONE_SIGHAND  with: parent sees SIGUSR1 ignored  without: parent sees SIGUSR1 default
//! ```
//!
//! The child writes x=2 (a global variable), closes fd N (a dup of stdout),
//! chdirs to "/" (or to "/tmp" if it is already in "/"), or sets SIGUSR1 to SIG_IGN. Linux refuses CLONE_SIGHAND
//! without CLONE_VM (EINVAL), so that row's "with" uses CLONE_VM |
//! CLONE_SIGHAND. A clone that fails prints "clone failed: ERRNO" in its
//! column (qemu-user, for one, only accepts CLONE_VM with all of a thread's
//! flags). The parent undoes each change before the next run.
#![no_std]
#![no_main]
use core::sync::atomic::{AtomicI32, Ordering};
use ulib::clone::{self, CLONE_FILES, CLONE_FS, CLONE_SIGHAND, CLONE_VM, Stack};
use ulib::prelude::*;
use ulib::signal::{SIGCHLD, SIGUSR1};
use ulib::sigaction::{self, SIG_DFL, SIG_IGN};
use ulib::{fs, process, stat};

ulib::main!(main);

/// The variable the CLONE_VM child sets to 2.
static X: AtomicI32 = AtomicI32::new(1);

/// The four experiments; the child's function gets one as its argument.
const VM: usize = 0;
const FILES: usize = 1;
const FS: usize = 2;
const SIGHAND: usize = 3;

/// The child: changes what `what` is about. `what >> 8` is the fd to close
/// for FILES. Returns 0 (its exit status), 1 if its call failed.
extern "C" fn child(what: usize) -> i32 {
    let ok = match what & 0xff {
        VM => {
            X.store(2, Ordering::SeqCst);
            true
        }
        FILES => fs::close((what >> 8) as i32).is_ok(),
        // Somewhere else than where we are (on Vitrine we start in "/").
        FS => {
            let at_root = fs::getcwd().is_ok_and(|c| c.as_slice() == b"/");
            fs::chdir(if at_root { b"/tmp" as &[u8] } else { b"/" }).is_ok()
        }
        _ => sigaction::set_disposition(SIGUSR1, SIG_IGN).is_ok(),
    };
    if ok { 0 } else { 1 }
}

/// What the parent sees now, as text for the row.
/// `fd` is the descriptor the FILES child closes.
fn observe(what: usize, fd: i32) -> String {
    match what {
        VM => format!("x={}", X.load(Ordering::SeqCst)),
        FILES => {
            let open = stat::fstat(fd).is_ok();
            format!("fd {} {}", fd, if open { "open" } else { "closed" })
        }
        FS => match fs::getcwd() {
            Ok(cwd) => format!("cwd={}", Bytes(&cwd)),
            Err(e) => format!("cwd unknown ({})", e.name()),
        },
        _ => match sigaction::disposition(SIGUSR1) {
            Ok(SIG_IGN) => "SIGUSR1 ignored".to_string(),
            Ok(SIG_DFL) => "SIGUSR1 default".to_string(),
            Ok(_) => "SIGUSR1 handled".to_string(),
            Err(e) => format!("SIGUSR1 unknown ({})", e.name()),
        },
    }
}

/// Puts back what the child may have changed: x, the fd, the cwd, SIGUSR1.
/// Returns the (possibly new) fd to use next.
fn restore(fd: i32, cwd: &[u8]) -> i32 {
    X.store(1, Ordering::SeqCst);
    let fd = if stat::fstat(fd).is_ok() { fd } else { fs::dup(1).unwrap_or(fd) };
    let _ = fs::chdir(cwd);
    let _ = sigaction::set_disposition(SIGUSR1, SIG_DFL);
    fd
}

/// One run: clone the child with `flags | SIGCHLD`, wait, observe.
/// The result is the column's text.
fn run(what: usize, flags: usize, fd: i32) -> String {
    let stack = match Stack::new(64 * 1024) {
        Ok(s) => s,
        Err(e) => return format!("no stack: {}", e.name()),
    };
    let arg = what | ((fd as usize) << 8);
    // SAFETY: the child runs on its own stack and only touches X, an fd,
    // the cwd or a disposition; we wait for it before using the stack again.
    let pid = unsafe { clone::clone(child, stack.top(), flags | SIGCHLD as usize, arg, 0, 0, 0) };
    match pid {
        Err(e) => format!("clone failed: {}", e.name()),
        Ok(pid) => match process::waitpid(pid) {
            Ok((_, st)) if st.exited() && st.exit_status() == 0 => {
                format!("parent sees {}", observe(what, fd))
            }
            Ok((_, st)) => format!("child failed (status {:#x})", st.0),
            Err(e) => format!("wait failed: {}", e.name()),
        },
    }
}

/// The four rows. Exit status 0 (even if a clone was refused: that is
/// reported in the row), 1 if the setup failed.
fn main(_args: Args, _env: Env) -> i32 {
    let Ok(cwd) = fs::getcwd() else {
        eprintln!("clonedemo: getcwd failed");
        return 1;
    };
    let Ok(mut fd) = fs::dup(1) else {
        eprintln!("clonedemo: dup failed");
        return 1;
    };
    let rows = [
        (VM, "CLONE_VM", CLONE_VM),
        (FILES, "CLONE_FILES", CLONE_FILES),
        (FS, "CLONE_FS", CLONE_FS),
        (SIGHAND, "CLONE_SIGHAND", CLONE_VM | CLONE_SIGHAND),
    ];
    for (what, name, flags) in rows {
        let with = run(what, flags, fd);
        fd = restore(fd, &cwd);
        let without = run(what, 0, fd);
        fd = restore(fd, &cwd);
        println!("clonedemo: {:<14} with: {:<28} without: {}", name, with, without);
    }
    println!("clonedemo: (CLONE_SIGHAND needs CLONE_VM: its \"with\" is CLONE_VM|CLONE_SIGHAND)");
    0
}
