//! Job control in the interactive shell (guest-os/user/programs/src/bin/sh,
//! jobs.rs) on the teaching kernel: ^Z stops the foreground job and the
//! prompt comes back, `jobs` lists it, `fg` and `bg` continue it, `kill %N`
//! ends it, ^C ends the foreground job but not the shell.
//!
//! Console input is typed step by step, each step once the output shows
//! what comes before it (the command is then running in the foreground
//! when ^Z or ^C arrives: the console line discipline signals the
//! foreground group as soon as the byte is received).

mod support;

use support::*;

/// ^Z stops the foreground job (here `cat`, reading the console, so it is
/// surely running when ^Z comes): "[1]+  Stopped  cat" and the prompt,
/// `$?` 148 (128 + SIGTSTP); `jobs` lists it; `fg` continues it in the
/// foreground: it reads and copies a line, ends at ^D, and the table is
/// empty again.
#[test]
fn ctrl_z_stops_the_job_and_fg_resumes_it() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"cat\n"),
        ("cat\n", b"\x1a"),
        ("Stopped", b"echo status $?\n"),
        ("status 148\n", b"jobs\n"),
        ("jobs\n", b"fg\n"),
        ("fg\ncat\n", b"hello\n"),
        ("hello\nhello\n", b"\x04"),
        ("# ", b"echo after fg $?\n"),
        ("after fg 0\n", b"jobs\n"),
        ("jobs\n", b"exit 0\n"),
    ]);
    assert_eq!(code, Some(0), "{s}");
    assert!(s.contains("\n[1]+  Stopped                 cat\n"), "{s}");
    // `jobs` shows it a second time.
    assert_eq!(
        s.matches("[1]+  Stopped                 cat\n").count(),
        2,
        "{s}"
    );
    // After the job ended, the table is empty.
    let tail = &s[s.find("after fg 0").unwrap()..];
    assert!(!tail.contains("[1]"), "{s}");
}

/// `bg` continues a stopped job in the background: `jobs` says Running;
/// a job that stopped itself (SIGSTOP) and is continued with `bg %2` goes
/// on and prints, and "Done" is reported at the next prompt.
#[test]
fn bg_resumes_a_stopped_job_in_the_background() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"sleep 100000\n"),
        ("sleep 100000\n", b"\x1a"),
        ("Stopped", b"bg\n"),
        ("bg\n", b"jobs\n"),
        ("jobs\n", b"sh -c 'kill -STOP $$; echo $0-finished' job2\n"),
        ("Stopped (signal)", b"jobs\n"),
        ("jobs\n", b"bg %2\n"),
        ("job2-finished\n", b"\n"),
        ("Done", b"exit 0\n"),
    ]);
    assert_eq!(code, Some(0), "{s}");
    assert!(s.contains("[1]+ sleep 100000 &\n"), "{s}");
    assert!(
        s.contains("[1]+  Running                 sleep 100000 &\n"),
        "{s}"
    );
    let job2 = "sh -c 'kill -STOP $$; echo $0-finished' job2";
    assert!(
        s.contains(&format!("[2]+  Stopped (signal)        {job2}\n")),
        "{s}"
    );
    assert!(
        s.contains("[1]-  Running                 sleep 100000 &\n"),
        "{s}"
    );
    assert!(s.contains(&format!("[2]+ {job2} &\n")), "{s}");
    assert!(
        s.contains(&format!("[2]+  Done                    {job2}\n")),
        "{s}"
    );
}

/// ^C ends the foreground job (status 130), not the shell; with two
/// stopped jobs, `kill %1` ends one (reported "Terminated") and `fg %2`
/// continues the other.
#[test]
fn ctrl_c_and_kill_end_jobs_not_the_shell() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"sleep 100000\n"),
        ("sleep 100000\n", b"\x03"),
        ("^C", b"echo status $?\n"),
        ("status 130\n", b"sleep 100001\n"),
        ("sleep 100001\n", b"\x1a"),
        ("Stopped", b"cat\n"),
        ("cat\n", b"\x1a"),
        ("Stopped", b"jobs\n"),
        ("jobs\n", b"kill %1\n"),
        ("kill %1\n", b"\n"),
        ("Terminated", b"fg %2\n"),
        ("fg %2\ncat\n", b"bye\n"),
        ("bye\nbye\n", b"\x04"),
        ("# ", b"jobs\n"),
        ("jobs\n", b"exit 5\n"),
    ]);
    assert_eq!(code, Some(5), "{s}");
    assert!(
        s.contains("[1]-  Stopped                 sleep 100001\n"),
        "{s}"
    );
    assert!(s.contains("[2]+  Stopped                 cat\n"), "{s}");
    assert!(s.contains("Terminated              sleep 100001\n"), "{s}");
    let tail = &s[s.rfind("jobs\n").unwrap()..];
    assert!(!tail.contains("[2]"), "{s}");
}

/// Leaving the shell with a stopped job does not hang the machine: the
/// job gets SIGHUP and SIGCONT.
#[test]
fn exit_with_a_stopped_job() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"sleep 100000\n"),
        ("sleep 100000\n", b"\x1a"),
        ("Stopped", b"exit 3\n"),
    ]);
    assert_eq!(code, Some(3), "{s}");
}

/// Scripts and `sh -c` have no job control: no process groups of their
/// own, jobs reported as before.
#[test]
fn sh_c_has_no_job_control() {
    let out = support::vitrine_with_input(&[], Some(b"sh -c 'fg; echo fg status $?'\nexit 0\n"));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("sh: fg: no job control"), "{s}");
    assert!(s.contains("fg status 1"), "{s}");
}

/// A pipeline is one job (one process group): ^Z stops both processes,
/// `fg` continues both, the line goes through both.
#[test]
fn a_pipeline_is_one_job() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"cat | cat\n"),
        ("cat | cat\n", b"\x1a"),
        ("Stopped", b"fg\n"),
        ("fg\ncat | cat\n", b"piped\n"),
        ("piped\npiped\n", b"\x04"),
        ("# ", b"echo status $?\n"),
        ("status 0\n", b"exit 0\n"),
    ]);
    assert_eq!(code, Some(0), "{s}");
    assert!(
        s.contains("\n[1]+  Stopped                 cat | cat\n"),
        "{s}"
    );
}

/// ^C at the prompt, as in bash: the console echoes "^C", the shell goes
/// to a new line with a fresh prompt, what was typed is gone and `$?` is
/// 130; the same at a continuation prompt ("> "). After ^C ends a
/// foreground command, the prompt comes on a new line too ("^C", newline,
/// "# "), not glued to the "^C".
#[test]
fn ctrl_c_at_the_prompt_gives_a_fresh_prompt() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"echo typed"),
        ("# echo typed", b"\x03"),
        ("^C", b"echo status $?\n"),
        ("status 130\n", b"echo \"open\n"),
        ("> ", b"\x03"),
        ("^C", b"cat\n"),
        ("cat\n", b"\x03"),
        ("^C", b"exit 0\n"),
    ]);
    assert_eq!(code, Some(0), "{s}");
    assert!(
        s.contains("# echo typed^C\n# echo status $?\nstatus 130\n"),
        "{s}"
    );
    assert!(
        s.contains("# echo \"open\n> ^C\n# cat\n^C\n# exit 0\n"),
        "{s}"
    );
}
