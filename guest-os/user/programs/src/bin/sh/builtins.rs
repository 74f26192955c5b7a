//! Builtins: commands the shell runs itself, because they change the
//! shell's own state (`cd`, `exit`, `wait`, the job control commands
//! `jobs`, `fg`, `bg`, and `kill %N`) or need no process (`pwd`).

use crate::exec::Shell;
use ulib::fs::{chdir, getcwd};
use ulib::prelude::*;
use ulib::process::waitpid;

/// Is `name` one of ours?
pub fn is_builtin(name: &[u8]) -> bool {
    matches!(name, b"cd" | b"pwd" | b"exit" | b"wait" | b"jobs" | b"fg" | b"bg")
}

/// Runs builtin `argv[0]`; returns its status.
pub fn run(sh: &mut Shell, argv: &[Vec<u8>]) -> i32 {
    match argv[0].as_slice() {
        b"cd" => cd(sh, argv),
        b"pwd" => pwd(),
        b"exit" => exit(sh, argv),
        b"wait" => wait(sh, argv),
        b"jobs" => jobs(sh),
        b"fg" | b"bg" => fg_bg(sh, argv),
        b"kill" => kill(sh, argv),
        _ => unreachable!("not a builtin"),
    }
}

/// `cd [DIR]`: changes the shell's directory (default `$HOME`, else "/").
fn cd(sh: &Shell, argv: &[Vec<u8>]) -> i32 {
    if argv.len() > 2 {
        eprintln!("sh: cd: too many arguments");
        return 1;
    }
    let dir: &[u8] = match argv.get(1) {
        Some(d) => d,
        None => sh.env.get(b"HOME").unwrap_or(b"/"),
    };
    match chdir(dir) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("sh: cd: {}: {}", Bytes(dir), e);
            1
        }
    }
}

/// `pwd`: prints the current directory (getcwd).
fn pwd() -> i32 {
    match getcwd() {
        Ok(dir) => {
            println!("{}", Bytes(&dir));
            0
        }
        Err(e) => {
            eprintln!("sh: pwd: {}", e);
            1
        }
    }
}

/// `exit [N]`: leaves the shell with status N (default: the last status).
fn exit(sh: &mut Shell, argv: &[Vec<u8>]) -> i32 {
    let status = match argv.get(1) {
        None => sh.status,
        Some(a) => match core::str::from_utf8(a).ok().and_then(|s| s.parse::<i64>().ok()) {
            Some(n) => (n & 0xff) as i32,
            None => {
                eprintln!("sh: exit: {}: numeric argument required", Bytes(a));
                2
            }
        },
    };
    sh.exit = Some(status);
    status
}

/// `wait [PID]...`: waits for the given background children, or for all
/// children; the status is that of the last PID waited for (0 without PIDs).
fn wait(sh: &mut Shell, argv: &[Vec<u8>]) -> i32 {
    if argv.len() == 1 {
        while let Ok((pid, _)) = waitpid(-1) {
            sh.forget_job(pid);
        }
        return 0;
    }
    let mut status = 0;
    for a in &argv[1..] {
        let Some(pid) = core::str::from_utf8(a).ok().and_then(|s| s.parse::<i32>().ok()) else {
            eprintln!("sh: wait: `{}': not a pid or valid job spec", Bytes(a));
            status = 2;
            continue;
        };
        match waitpid(pid) {
            Ok((_, st)) => {
                sh.forget_job(pid);
                status = st.shell_status();
            }
            Err(_) => {
                eprintln!("sh: wait: pid {} is not a child of this shell", pid);
                status = 127;
            }
        }
    }
    status
}

/// `jobs`: lists the jobs (`[1]+  Stopped                 sleep 100`).
fn jobs(sh: &mut Shell) -> i32 {
    sh.jobs.list_all();
    0
}

/// `fg [%N]`: continues a job in the foreground and waits for it;
/// `bg [%N]`: continues a stopped job in the background.
fn fg_bg(sh: &mut Shell, argv: &[Vec<u8>]) -> i32 {
    let name = Bytes(&argv[0]);
    if !sh.jobs.enabled() {
        eprintln!("sh: {}: no job control", name);
        return 1;
    }
    let id = match sh.jobs.find(argv.get(1).map(|a| a.as_slice())) {
        Ok(id) => id,
        Err(msg) => {
            eprintln!("sh: {}: {}", name, msg);
            return 1;
        }
    };
    if argv[0] == b"bg" {
        sh.jobs.background(id);
        return 0;
    }
    let st = sh.jobs.foreground(id);
    crate::exec::report_foreground(st);
    if st.stopped() { 128 + st.stop_signal() } else { st.shell_status() }
}

/// `kill [-SIG] %N|PID...` (run by the shell only when a `%N` is among
/// the arguments; otherwise /bin/kill runs): a job's whole process group.
fn kill(sh: &mut Shell, argv: &[Vec<u8>]) -> i32 {
    let mut sig = ulib::signal::SIGTERM;
    let mut args = &argv[1..];
    if let Some(a) = args.first().filter(|a| a.starts_with(b"-") && a.len() > 1) {
        let spec = a[1..].strip_prefix(b"s ").unwrap_or(&a[1..]);
        match ulib::signal::parse(spec) {
            Some(s) => sig = s,
            None => {
                eprintln!("sh: kill: {}: invalid signal specification", Bytes(&a[1..]));
                return 1;
            }
        }
        args = &args[1..];
    }
    let mut status = 0;
    for a in args {
        let r = if a.starts_with(b"%") {
            match sh.jobs.find(Some(a)) {
                Ok(id) => sh.jobs.signal(id, sig),
                Err(msg) => {
                    eprintln!("sh: kill: {}", msg);
                    status = 1;
                    continue;
                }
            }
        } else {
            match core::str::from_utf8(a).ok().and_then(|s| s.parse::<i32>().ok()) {
                Some(pid) => ulib::signal::kill(pid, sig),
                None => {
                    eprintln!("sh: kill: {}: arguments must be process or job IDs", Bytes(a));
                    status = 1;
                    continue;
                }
            }
        };
        if let Err(e) = r {
            eprintln!("sh: kill: ({}) - {}", Bytes(a), e);
            status = 1;
        }
    }
    status
}
