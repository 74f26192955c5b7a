//! `init`: process 1.
//!
//! ```text
//! init -c COMMAND    run `sh -c COMMAND`, then power off with its status
//! init --launch FILE run the program FILE describes (below), then power
//!                    off with its status
//! init               run an interactive `sh -i`; power off with its status
//!                    when it exits
//! ```
//!
//! `--launch FILE` is how `vitrine ./a.out ARGS...` runs a Linux program
//! (emulator/src/launch/): FILE holds NUL-terminated strings, the
//! program's path, its working directory, then its argv (argv[0] first;
//! any bytes but NUL, so no quoting is involved). init runs it in place of
//! the shell, with /dev/hvc0 (the host's stderr, when the machine has
//! one) as its fd 2, so that its stdout and stderr go where
//! `qemu-riscv64 ./a.out` would send them. A program that cannot be run
//! gives one line on stderr and status 127 (126 if it exists but is not
//! executable), as a shell says it.
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
use ulib::fs::{O_RDWR, O_WRONLY, chdir, close, dup2, open};
use ulib::prelude::*;
use ulib::process::WNOHANG;
use ulib::process::{DEFAULT_PATH, Fork, execve, execvpe, exit, fork, wait4};
use ulib::readfile::read_file;
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

/// What `--launch FILE` says to run.
struct Launch {
    path: Vec<u8>,
    cwd: Vec<u8>,
    argv: Vec<Vec<u8>>,
}

/// Read a launch file: path, working directory, argv, each NUL-terminated.
fn read_launch(file: &[u8]) -> Result<Launch, &'static str> {
    let data = read_file(file).map_err(|_| "cannot read it")?;
    let body = data.strip_suffix(b"\0").ok_or("not NUL-terminated")?;
    let mut fields = body.split(|&b| b == 0).map(|f| f.to_vec());
    let (Some(path), Some(cwd)) = (fields.next(), fields.next()) else {
        return Err("no program path and directory");
    };
    let argv: Vec<Vec<u8>> = fields.collect();
    if argv.is_empty() {
        return Err("no argv");
    }
    Ok(Launch { path, cwd, argv })
}

/// The child's side of a launch: fd 2 to the host's stderr, the working
/// directory, then the program. Never returns.
fn exec_launch(l: &Launch, envp: *const *const u8) -> ! {
    if let Ok(fd) = open(b"/dev/hvc0", O_WRONLY, 0) {
        let _ = dup2(fd, 2);
        let _ = close(fd);
    }
    if let Err(e) = chdir(&l.cwd) {
        eprintln!("init: {}: {}", core::str::from_utf8(&l.cwd).unwrap_or("?"), e);
    }
    let argv: Vec<&[u8]> = l.argv.iter().map(|a| a.as_slice()).collect();
    let err = execve(&l.path, &argv, envp);
    eprintln!("{}: {}", core::str::from_utf8(&l.path).unwrap_or("?"), err);
    exit(if err == Errno::EACCES { 126 } else { 127 });
}

fn main(args: Args, env: Env) -> i32 {
    ensure_console();
    let mut launch = None;
    let command = match (args.get(1), args.get(2)) {
        (Some(b"-c"), Some(cmd)) => Some(cmd),
        (Some(b"--launch"), Some(file)) => match read_launch(file) {
            Ok(l) => {
                launch = Some(l);
                None
            }
            Err(why) => {
                eprintln!("init: --launch {}: {}", core::str::from_utf8(file).unwrap_or("?"), why);
                let _ = power_off(127);
                return 127;
            }
        },
        (None, _) => None,
        _ => {
            eprintln!(
                "init: usage: init [-c COMMAND | --launch FILE]; starting an interactive shell"
            );
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
                Ok(envp) => match &launch {
                    Some(l) => exec_launch(l, envp.as_ptr()),
                    None => execvpe(b"sh", &sh_argv, path, envp.as_ptr()),
                },
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
