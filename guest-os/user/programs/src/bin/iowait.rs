//! `iowait [FILE | -c COMMAND ARGS...]`: the experiment of tasks waiting
//! for the disk. Twice, with the caches dropped first, a child reads FILE
//! (default /bin/bigtext) in 4 KiB reads, or runs COMMAND: first alone,
//! then next to a CPU-bound task that spins. Every millisecond the parent
//! samples the child's state (/proc/PID/stat) and procs_blocked
//! (/proc/stat); the first time some task is in D it runs
//! `ps -e -o pid,stat,comm`, so a ps taken during the run shows the D.
//! For each run it prints:
//!
//! ```text
//! iowait: alone: took 120 ms; in D in 100 of 110 samples; procs_blocked up to 1
//! iowait: alone: /proc/stat iowait +8 ticks, idle +0, the cpu-bound task ran 0 ms
//! ```
//!
//! Alone, the CPU idles while the read is in flight: that idle time is
//! iowait (top's wa). Next to a CPU-bound task, the CPU is never idle, so
//! iowait stays near 0 although the reader waits just the same: iowait
//! is idle time, not a measure of I/O. Exit status 0, 1 on failure.
#![no_std]
#![no_main]
use ulib::fs::{O_RDONLY, O_WRONLY, OwnedFd};
use ulib::prelude::*;
use ulib::process::{Fork, WNOHANG, execvp, exit, fork, wait4};
use ulib::readfile::read_file;
use ulib::time::{Timespec, sleep};

ulib::main!(main);

/// procs_blocked, and the cpu line's idle and iowait, from /proc/stat.
fn proc_stat() -> (i64, i64, i64) {
    let text = read_file(b"/proc/stat").unwrap_or_default();
    let blocked = text
        .split(|&c| c == b'\n')
        .find_map(|l| l.strip_prefix(b"procs_blocked "))
        .and_then(ulib::procfs::parse_num)
        .unwrap_or(0);
    let cpu: Vec<i64> = text
        .split(|&c| c == b'\n')
        .find(|l| l.starts_with(b"cpu "))
        .map(|l| l.split(|&c| c == b' ').filter_map(ulib::procfs::parse_num).collect())
        .unwrap_or_default();
    (blocked, cpu.get(3).copied().unwrap_or(0), cpu.get(4).copied().unwrap_or(0))
}

fn stat_of(pid: i32) -> Option<ulib::procfs::Stat> {
    ulib::procfs::stat(format!("{pid}").as_bytes()).ok()
}

fn now_ms() -> i64 {
    ulib::time::now_ns(1) / 1_000_000
}

/// Drop the page cache and the buffer cache, then read /bin/ps back in,
/// so that the ps run during the experiment does not wait for the disk.
fn drop_caches() {
    match OwnedFd::open(b"/proc/sys/vm/drop_caches", O_WRONLY, 0) {
        Ok(f) => {
            let _ = write_all(f.fd(), b"3\n");
        }
        Err(e) => eprintln!("iowait: cannot drop the caches: {e}"),
    }
    let _ = read_file(b"/bin/ps");
}

/// What the child does: read `file` to the end, or run `cmd`.
fn child(file: &[u8], cmd: &[&[u8]], env: &Env) -> ! {
    if !cmd.is_empty() {
        let e = execvp(cmd[0], cmd, env);
        eprintln!("iowait: {}: {e}", Bytes(cmd[0]));
        exit(127)
    }
    let Ok(f) = OwnedFd::open(file, O_RDONLY, 0) else { exit(2) };
    let mut buf = vec![0u8; 4096];
    loop {
        match ulib::io::read(f.fd(), &mut buf) {
            Ok(0) => exit(0),
            Ok(_) => {}
            Err(_) => exit(3),
        }
    }
}

/// One run, with a CPU-bound task next to the child if `hog`.
fn run(label: &str, hog: bool, file: &[u8], cmd: &[&[u8]], env: &Env, ps_done: &mut bool) -> bool {
    drop_caches();
    let hog_pid = if hog {
        match fork() {
            Ok(Fork::Child) => {
                let mut x: u64 = 1;
                loop {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    core::hint::black_box(x);
                }
            }
            Ok(Fork::Parent(pid)) => Some(pid),
            Err(e) => {
                eprintln!("iowait: fork: {e}");
                return false;
            }
        }
    } else {
        None
    };
    let (_, idle0, iowait0) = proc_stat();
    let start = now_ms();
    let pid = match fork() {
        Ok(Fork::Child) => child(file, cmd, env),
        Ok(Fork::Parent(pid)) => pid,
        Err(e) => {
            eprintln!("iowait: fork: {e}");
            return false;
        }
    };
    let ps: [&[u8]; 4] = [b"ps", b"-e", b"-o", b"pid,stat,comm"];
    let (mut samples, mut in_d, mut max_blocked) = (0, 0, 0);
    let status = loop {
        let _ = sleep(Timespec::from_nanos(1_000_000));
        if let Ok((p, st)) = wait4(pid, WNOHANG) {
            if p == pid {
                break st;
            }
        }
        let (blocked, _, _) = proc_stat();
        let Some(s) = stat_of(pid) else { continue };
        samples += 1;
        max_blocked = max_blocked.max(blocked);
        in_d += (s.state == b'D') as i32;
        if !*ps_done && (s.state == b'D' || blocked > 0) {
            *ps_done = true;
            println!("iowait: ps during the run ({label}):");
            let _ = ulib::spawn::run(&ps, env);
        }
    };
    let elapsed = now_ms() - start;
    let (_, idle1, iowait1) = proc_stat();
    let hog_ms = hog_pid.and_then(stat_of).map_or(0, |s| (s.utime + s.stime) * 10);
    if let Some(h) = hog_pid {
        let _ = ulib::signal::kill(h, 9);
        let _ = wait4(h, 0);
    }
    if !status.exited() || status.exit_status() != 0 {
        eprintln!("iowait: the child failed ({label})");
        return false;
    }
    println!(
        "iowait: {label}: took {elapsed} ms; in D in {in_d} of {samples} samples; procs_blocked up to {max_blocked}"
    );
    println!(
        "iowait: {label}: /proc/stat iowait +{} ticks, idle +{}, the cpu-bound task ran {hog_ms} ms",
        iowait1 - iowait0,
        idle1 - idle0
    );
    true
}

fn main(args: Args, env: Env) -> i32 {
    let a: Vec<&[u8]> = args.iter().skip(1).collect();
    let (file, cmd): (&[u8], &[&[u8]]) = match a.as_slice() {
        [b"-c", cmd @ ..] if !cmd.is_empty() => (b"", cmd),
        [file] => (file, &[]),
        [] => (b"/bin/bigtext", &[]),
        _ => {
            eprintln!("usage: iowait [FILE | -c COMMAND ARGS...]");
            return 1;
        }
    };
    let mut ps_done = false;
    let ok = run("alone", false, file, cmd, &env, &mut ps_done)
        && run("with a cpu-bound task", true, file, cmd, &env, &mut ps_done);
    if ok { 0 } else { 1 }
}
