//! ps in the built-in OS (guest-os/user/programs/src/bin/ps), in the forms
//! the source articles use: `ps -ef`, `ps -l`, `ps -eLf`, `ps ax`,
//! `ps aux`, and in pipelines through grep and head. Headers and columns
//! are procps's, byte for byte; the command line comes from
//! /proc/PID/cmdline, "[comm]" when there is none (a kernel thread, a
//! zombie).

mod support;

use support::*;

/// Runs `cmd`: the exit status and what the guest printed (without the
/// kernel's power-off line), with every start time (STIME, START: HH:MM)
/// written "HH:MM": the guest's clock is not what these tests are about.
fn run(cmd: &str) -> (Option<i32>, String) {
    let r = guest(&[], cmd);
    let out = match r.console.rfind("kernel: power off") {
        Some(i) => &r.console[..i],
        None => panic!("no power-off line:\n{}", r.console),
    };
    let masked: Vec<String> = out
        .lines()
        .map(|l| {
            l.split(' ')
                .map(|w| {
                    let b = w.as_bytes();
                    let hhmm = b.len() == 5
                        && b[2] == b':'
                        && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
                    if hhmm {
                        "HH:MM"
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    (r.status, masked.iter().map(|l| format!("{l}\n")).collect())
}

/// Asserts that `cmd` prints `want` and exits 0.
fn check(cmd: &str, want: &str) {
    let (code, out) = run(cmd);
    assert_eq!(out, want, "{cmd}");
    assert_eq!(code, Some(0), "{cmd}\n{out}");
}

#[test]
fn ps_ef_full_format_with_command_lines() {
    check(
        "ps -ef",
        "UID        PID  PPID  C STIME TTY          TIME CMD\n\
         root         1     0  0 HH:MM console  00:00:00 /bin/init -c ps -ef\n\
         root         2     0  0 HH:MM ?        00:00:00 [kworker/0:0]\n\
         root         3     1  0 HH:MM console  00:00:00 sh -c ps -ef\n\
         root         4     3  0 HH:MM console  00:00:00 ps -ef\n",
    );
}

#[test]
fn ps_l_long_format() {
    // Without -e: your processes on your terminal (no kernel thread).
    check(
        "ps -l",
        "F S   UID   PID  PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD\n\
         0 S     0     1     0  0  80   0 -    48 -      console  00:00:00 init\n\
         0 S     0     3     1  0  80   0 -    48 -      console  00:00:00 sh\n\
         0 R     0     4     3  0  80   0 -    64 -      console  00:00:00 ps\n",
    );
    check(
        "ps -elf | head -n 3",
        "F S UID        PID  PPID  C PRI  NI ADDR SZ WCHAN  STIME TTY          TIME CMD\n\
         0 S root         1     0  0  80   0 -    48 -      HH:MM console  00:00:00 /bin/init -c ps -elf | head -n 3\n\
         0 I root         2     0  0  80   0 -     0 -      HH:MM ?        00:00:00 [kworker/0:0]\n",
    );
}

#[test]
fn ps_bsd_ax_and_aux() {
    check(
        "ps ax",
        "  PID TTY      STAT   TIME COMMAND\n\
         \x20   1 console  Ss+    0:00 /bin/init -c ps ax\n\
         \x20   2 ?        I      0:00 [kworker/0:0]\n\
         \x20   3 console  S+     0:00 sh -c ps ax\n\
         \x20   4 console  R+     0:00 ps ax\n",
    );
    check(
        "ps aux | head -n 2",
        "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n\
         root         1  0.0  0.0    192    36 console  Ss+  HH:MM   0:00 /bin/init -c ps aux | head -n 2\n",
    );
}

#[test]
fn ps_elf_shows_one_row_per_thread() {
    let (code, out) = run("threads 2 3000000 & sleep 0.2; ps -eLf");
    assert_eq!(code, Some(0), "{out}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("UID        PID  PPID   LWP  C NLWP STIME TTY          TIME CMD"),
        "{out}"
    );
    // The rows of `threads`: one process, three threads (LWPs), NLWP 3.
    let rows: Vec<Vec<&str>> = lines
        .filter(|l| l.ends_with(" threads 2 3000000"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 3, "{out}");
    let pid = rows[0][1];
    assert_eq!(rows[0][3], pid, "the main thread's LWP is the PID:\n{out}");
    for r in &rows {
        assert_eq!((r[0], r[1], r[5]), ("root", pid, "3"), "{out}");
    }
    let mut lwps: Vec<&str> = rows.iter().map(|r| r[3]).collect();
    lwps.dedup();
    assert_eq!(lwps.len(), 3, "{out}");
}

#[test]
fn ps_without_e_shows_your_terminal_only() {
    check(
        "ps; ps -e | grep kworker",
        "  PID TTY          TIME CMD\n\
         \x20   1 console  00:00:00 init\n\
         \x20   3 console  00:00:00 sh\n\
         \x20   4 console  00:00:00 ps\n\
         \x20   2 ?        00:00:00 kworker/0:0\n",
    );
}

#[test]
fn ps_in_pipelines_as_the_articles_use_it() {
    // The classic: grep finds itself too.
    check(
        "ps -ef | grep init",
        "root         1     0  0 HH:MM console  00:00:00 /bin/init -c ps -ef | grep init\n\
         root         3     1  0 HH:MM console  00:00:00 sh -c ps -ef | grep init\n\
         root         5     3  0 HH:MM console  00:00:00 grep init\n",
    );
    let (code, out) = run("sleep 3 & ps aux | grep -v grep | grep sleep");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("root         4 "), "{out}");
    assert!(
        out.ends_with(" console  S+   HH:MM   0:00 sleep 3\n"),
        "{out}"
    );
}

#[test]
fn ps_shows_a_zombie_as_comm_defunct() {
    // (The pattern's `$` keeps out the lines of init, sh and grep, whose
    // command lines hold "<defunct>$" followed by something else.)
    check(
        "sleep 0.1 & sleep 0.5; ps -ef | grep '<defunct>$'",
        "root         4     3  0 HH:MM console  00:00:00 [sleep] <defunct>\n",
    );
}

#[test]
fn ps_bad_options_are_one_line_errors() {
    check(
        "ps -q; echo $?; ps -ef -o pid; echo $?; ps -o pid,bogus; echo $?",
        "ps: error: unsupported SysV option -- 'q'\n1\n\
         ps: error: conflicting format options\n1\n\
         ps: error: unknown user-defined format specifier \"bogus\"\n1\n",
    );
}
