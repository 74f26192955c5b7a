//! Debian's busybox-static for riscv64, unmodified, against the teaching
//! kernel's /proc and system calls: its applets must agree with our own
//! tools (ps, free, uptime, ls) and its shell must run pipelines, jobs and
//! signals. `.ci/fetch-busybox` downloads the package (cached); without it
//! these tests fail and say how to get it: they never pass silently.

mod support;

use std::path::PathBuf;
use support::guest;

fn busybox() -> PathBuf {
    let cache = std::env::var_os("VITRINE_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/vitrine")))
        .expect("HOME is not set");
    let bb = cache.join("busybox-riscv64");
    assert!(
        bb.exists(),
        "{} not found: run .ci/fetch-busybox (Debian's busybox-static for riscv64) first",
        bb.display()
    );
    bb
}

/// Run `cmd` in the built-in OS with busybox at /bin/busybox.
fn with_busybox(cmd: &str) -> support::GuestRun {
    let add = format!("{}:/bin/busybox", busybox().display());
    let r = guest(&["--add", &add], cmd);
    assert_eq!(r.status, Some(0), "{cmd}:\n{}", r.console);
    r
}

/// The lines of `out` between the markers `== name` and the next marker.
fn section<'a>(out: &'a str, name: &str) -> Vec<&'a str> {
    let start = format!("== {name}");
    out.lines()
        .skip_while(|l| *l != start)
        .skip(1)
        .take_while(|l| !l.starts_with("== "))
        .filter(|l| !l.starts_with("kernel: "))
        .collect()
}

#[test]
fn ps_lists_what_our_ps_lists() {
    // Both read /proc/PID/stat and cmdline: the same processes, pids, parents and names.
    let r = with_busybox(
        "sleep 5 & echo == ours; ps -eo pid,ppid,stat,comm; echo == busybox; busybox ps -o pid,ppid,stat,comm; kill $!",
    );
    let rows = |name: &str| -> Vec<(String, String, String)> {
        section(&r.console, name)
            .iter()
            .skip(1)
            .filter_map(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                // Leave out the two ps processes themselves (different pids by nature).
                (w.len() >= 4 && w[3] != "ps" && w[3] != "busybox").then(|| {
                    (
                        w[0].to_string(),
                        w[1].to_string(),
                        w[3].trim_matches(['[', ']']).to_string(),
                    )
                })
            })
            .collect()
    };
    let (ours, theirs) = (rows("ours"), rows("busybox"));
    assert!(ours.iter().any(|r| r.2 == "sleep"), "{}", r.console);
    assert!(
        ours.iter().any(|r| r.2 == "init" && r.0 == "1"),
        "{}",
        r.console
    );
    assert_eq!(ours, theirs, "ps and busybox ps disagree:\n{}", r.console);
    // Users come from /etc/passwd, as on Linux.
    let user = with_busybox("busybox ps -o user,comm | busybox grep init");
    assert!(user.console.contains("root"), "{}", user.console);
}

#[test]
fn free_and_uptime_agree_with_ours() {
    let r = with_busybox("echo == ours; free; echo == busybox; busybox free; echo == up; cat /proc/uptime; busybox uptime");
    let total = |name: &str| -> u64 {
        let mem = section(&r.console, name)
            .into_iter()
            .find(|l| l.starts_with("Mem:"))
            .unwrap_or_else(|| panic!("{}", r.console));
        mem.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let ours = total("ours");
    assert!(ours > 400_000, "{}", r.console);
    assert_eq!(ours, total("busybox"), "MemTotal in KiB:\n{}", r.console);
    let up = section(&r.console, "up");
    assert!(
        up.iter()
            .any(|l| l.contains(" up ") && l.contains("load average: ")),
        "{}",
        r.console
    );
    let top = with_busybox("busybox top -bn1");
    assert!(
        top.console.contains("busybox top -bn1") && top.console.contains("/bin/init"),
        "{}",
        top.console
    );
}

#[test]
fn shell_pipelines_jobs_and_signals() {
    let r = with_busybox(
        "busybox sh -c 'echo hello world | busybox tr a-z A-Z | busybox wc -c; \
         busybox sleep 10 & busybox kill $!; wait $!; echo status $?; \
         busybox cat /etc/motd | busybox head -c 10; echo; \
         for i in 1 2 3; do echo -n $i; done; echo'",
    );
    let c = &r.console;
    assert!(c.contains("12\n"), "wc -c of 'HELLO WORLD\\n':\n{c}");
    assert!(
        c.contains("status 143"),
        "a TERM-killed job exits 128+15:\n{c}"
    );
    assert!(c.contains("Welcome to"), "{c}");
    assert!(c.contains("123\n"), "{c}");
}

#[test]
fn ls_and_sleep_agree_with_the_kernel() {
    let r = with_busybox("echo == ls; busybox ls -l /etc/motd; ls -l /etc/motd; echo == sleep; cat /proc/uptime; busybox sleep 1; cat /proc/uptime");
    let ls = section(&r.console, "ls");
    let size = |l: &str| l.split_whitespace().nth(4).map(str::to_string);
    assert_eq!(ls.len(), 2, "{}", r.console);
    assert_eq!(size(ls[0]), size(ls[1]), "{}", r.console);
    let up: Vec<f64> = section(&r.console, "sleep")
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert!(
        up[1] - up[0] >= 1.0 && up[1] - up[0] < 1.2,
        "busybox sleep 1 slept {:?}",
        up
    );
}
