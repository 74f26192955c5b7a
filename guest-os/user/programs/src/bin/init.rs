//! `init`: process 1.
//!
//! ```text
//! init -c COMMAND    run `sh -c COMMAND`, then power off with its status
//! init               run an interactive `sh -i`; power off with its status
//!                    when it exits
//! ```
//!
//! The kernel starts init with the arguments from its command line (how the
//! kernel maps its boot arguments to init's argv is the kernel's business;
//! e.g. `init -c "echo hi | wc -c"`). init:
//!
//! 1. makes sure fds 0, 1, 2 are open (if the kernel did not open them, it
//!    opens /dev/console for all three);
//! 2. forks and executes `sh` (found with `$PATH`, default "/bin": so
//!    /bin/sh on Vitrine), passing its environment on, with PATH=/bin and
//!    HOME=/ added if missing;
//! 3. reaps every child with `wait4(-1)`: orphans are re-parented to
//!    process 1, and only it can collect their exit status; when the shell
//!    itself ends,
//! 4. gives what is left of the session (orphans, background jobs, all
//!    children of init by now) a grace period to finish: it goes on
//!    reaping until it has no child left or 5 s have passed (a short
//!    version of the wait of systemd's shutdown before its final kill), so
//!    that `init -c orphan` shows the orphan's last line; then
//! 5. powers off with `reboot(MAGIC1, MAGIC2, LINUX_REBOOT_CMD_POWER_OFF,
//!    status)`, where status is the shell's exit code (128 + signal if a
//!    signal killed it). Passing the status in the 4th argument is Vitrine's
//!    convention (see `ulib::system`). If reboot fails (EPERM when testing
//!    under qemu-riscv64 without CAP_SYS_BOOT), init says so and exits with
//!    that status instead.
#![no_std]
#![no_main]
use ulib::cstr::CStringArray;
use ulib::fs::{O_RDWR, dup2, open};
use ulib::prelude::*;
use ulib::process::WNOHANG;
use ulib::process::{DEFAULT_PATH, Fork, execvpe, exit, fork, wait4};
use ulib::stat::fstat;
use ulib::system::power_off;
use ulib::time::{self, CLOCK_MONOTONIC, Timespec};

ulib::main!(main);

/// Is `fd` closed? (Only EBADF says so: a kernel without fstat is not a
/// reason to reopen the console.)
fn is_closed(fd: i32) -> bool {
    fstat(fd).err() == Some(Errno::EBADF)
}

/// Opens /dev/console on whichever of fds 0, 1, 2 is not open.
fn ensure_console() {
    if !(0..3).any(is_closed) {
        return;
    }
    let Ok(console) = open(b"/dev/console", O_RDWR, 0) else { return };
    for fd in 0..3 {
        if is_closed(fd) {
            let _ = dup2(console, fd);
        }
    }
}

/// init's environment plus defaults for PATH and HOME.
fn shell_environment(env: &Env) -> Vec<Vec<u8>> {
    let mut vars: Vec<Vec<u8>> = env.iter().map(|v| v.to_vec()).collect();
    if env.get(b"PATH").is_none() {
        vars.push([&b"PATH="[..], DEFAULT_PATH].concat());
    }
    if env.get(b"HOME").is_none() {
        vars.push(b"HOME=/".to_vec());
    }
    vars
}

/// Reaps children until `shell` ends; returns its status as a shell would
/// report it (exit code, or 128 + signal).
fn reap_until(shell: i32) -> i32 {
    loop {
        match wait4(-1, 0) {
            Ok((pid, st)) if pid == shell => return st.shell_status(),
            Ok(_) => {} // an orphan, now laid to rest
            Err(Errno::EINTR) => {}
            Err(e) => {
                eprintln!("init: wait4: {}", e);
                return 1;
            }
        }
    }
}

/// How long the rest of the session may go on after the shell ended.
const GRACE_NS: i64 = 5_000_000_000;
/// How often init looks for ended children meanwhile.
const POLL_NS: i64 = 10_000_000;

/// Reaps children until there is none left or the grace period is over.
/// (A poll: nothing here can wait for "a child, or a time-out" at once;
/// no alarm, no sigtimedwait. Every 10 ms is plenty for a shutdown.)
fn reap_the_rest() {
    let deadline = time::now_ns(CLOCK_MONOTONIC) + GRACE_NS;
    loop {
        match wait4(-1, WNOHANG) {
            Ok((0, _)) => {}                       // children left, none ended
            Ok(_) | Err(Errno::EINTR) => continue, // one laid to rest: look again
            Err(_) => return,                      // ECHILD: nobody left
        }
        if time::now_ns(CLOCK_MONOTONIC) >= deadline {
            return;
        }
        let _ = time::sleep(Timespec::from_nanos(POLL_NS));
    }
}

fn main(args: Args, env: Env) -> i32 {
    ensure_console();
    let command = match (args.get(1), args.get(2)) {
        (Some(b"-c"), Some(cmd)) => Some(cmd),
        (None, _) => None,
        _ => {
            eprintln!("init: usage: init [-c COMMAND]; starting an interactive shell");
            None
        }
    };
    let sh_argv: Vec<&[u8]> = match command {
        Some(cmd) => vec![b"sh", b"-c", cmd],
        None => vec![b"sh", b"-i"], // -i: prompt, whatever fstat says about the console
    };
    let vars = shell_environment(&env);
    let path = env.get(b"PATH").unwrap_or(DEFAULT_PATH);

    let status = match fork() {
        Ok(Fork::Child) => {
            let err = match CStringArray::new(vars.iter().map(|v| v.as_slice())) {
                Ok(envp) => execvpe(b"sh", &sh_argv, path, envp.as_ptr()),
                Err(e) => e,
            };
            eprintln!("init: cannot run sh: {}", err);
            exit(127);
        }
        Ok(Fork::Parent(pid)) => {
            let status = reap_until(pid);
            reap_the_rest();
            status
        }
        Err(e) => {
            eprintln!("init: fork: {}", e);
            1
        }
    };
    let err = power_off(status as u8);
    eprintln!("init: reboot(POWER_OFF, {}): {}", status, err);
    status
}
