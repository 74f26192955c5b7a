//! Signals and job control in the teaching kernel (signal.rs): handlers
//! with Linux's riscv64 signal frame, masks, default actions (exit
//! statuses 128+n in the shell, core dumps), stop/continue seen by wait4
//! and /proc, SIGPIPE, EINTR and SA_RESTART, process groups and sessions,
//! and ^C on the console. The guest side is /bin/sigtest (guest-os/user).

mod support;

use support::*;

fn run(cmd: &str) -> String {
    let r = guest(&[], cmd);
    assert_eq!(r.status, Some(0), "{cmd}:\n{}", r.console);
    r.console
}

#[test]
fn a_handler_runs_and_returns() {
    let c = run("sigtest handler; echo status $?");
    assert!(
        c.contains("handler ran: signal 15 from pid self (self 1)"),
        "{c}"
    );
    assert!(c.contains("once: 2"), "SA_RESETHAND: {c}");
    assert!(!c.contains("not reached"), "{c}");
    assert!(
        c.contains("status 140"),
        "second SIGUSR2 kills (128 + 12): {c}"
    );
}

#[test]
fn a_segv_handler_sees_the_fault_address() {
    let c = run("sigtest segv; echo status $?");
    assert!(c.contains("caught signal 11 code 1 at 0x10"), "{c}");
    assert!(c.contains("status 0"), "{c}");
    assert!(
        !c.contains("killed by signal"),
        "a caught fault is not reported: {c}"
    );
}

#[test]
fn blocked_signals_stay_pending_until_unblocked() {
    let c = run("sigtest mask");
    assert!(c.contains("blocked: count 0 pending 0x200"), "{c}");
    assert!(c.contains("unblocked: count 1 old mask 0x200"), "{c}");
    assert!(
        c.contains("full mask reads 0xfffffffffffbfeff"),
        "KILL and STOP unblockable: {c}"
    );
}

#[test]
fn sigreturn_restores_integer_and_fp_registers() {
    let c = run("sigtest regs");
    assert!(
        c.contains("regs after handler: s2 7 fs0 4242 count 1"),
        "{c}"
    );
}

#[test]
fn default_actions_give_shell_statuses() {
    let c = run("sigtest raise 15; echo status $?; sigtest raise 11; echo status $?; sigtest raise 17; echo status $?");
    assert!(c.contains("status 143"), "SIGTERM: {c}");
    assert!(
        c.contains("Segmentation fault (core dumped)") && c.contains("status 139"),
        "{c}"
    );
    assert!(
        c.contains("survived signal 17") && c.contains("status 0"),
        "SIGCHLD ignored: {c}"
    );
}

#[test]
fn stop_and_continue_are_seen_by_wait4_and_proc() {
    let c = run("sigtest stop");
    assert!(c.contains("stopped: true status 0x137f"), "{c}");
    assert!(c.contains("state Some('T')"), "{c}");
    assert!(c.contains("continued: true status 0xffff"), "{c}");
    assert!(c.contains("terminated: true status 0xf"), "{c}");
}

#[test]
fn a_stopped_background_job_shows_state_t() {
    let c = run("sleep 30 & sleep 1; kill -STOP $!; sleep 1; cat /proc/$!/stat; kill -CONT $!; kill $!; echo done");
    assert!(c.contains(" (sleep) T "), "{c}");
    assert!(c.contains("done"), "{c}");
}

#[test]
fn sigpipe_kills_a_writer_and_ignored_gives_epipe() {
    let c = run("sigtest pipe");
    assert!(c.contains("writer status 13"), "{c}");
    assert!(c.contains("ignored: Err(32)"), "{c}");
}

#[test]
fn sleeps_are_interrupted_or_restarted() {
    let c = run("sigtest eintr; sigtest restart");
    assert!(
        c.contains("nanosleep: Err(4) left>=4s true handler 10"),
        "{c}"
    );
    assert!(
        c.contains("flags 0x10000000: read Ok(4)"),
        "SA_RESTART: {c}"
    );
    assert!(c.contains("flags 0x0: read Err(4)"), "EINTR: {c}");
}

#[test]
fn ignoring_sigchld_reaps_children_automatically() {
    let c = run("sigtest autoreap");
    assert!(c.contains("wait4 after SIGCHLD ignored: -10"), "{c}");
}

#[test]
fn process_signals_go_to_a_thread_that_takes_them() {
    let c = run("sigtest threads");
    assert!(c.contains("taken by the thread true interrupted 1"), "{c}");
    assert!(c.contains("pending for main 0x200"), "{c}");
}

#[test]
fn proc_status_shows_signal_sets() {
    let c = run("sigtest status");
    assert!(c.contains("SigPnd:\t0000000000000000"), "{c}");
    assert!(
        c.contains("ShdPnd:\t0000000000004000"),
        "SIGTERM pending: {c}"
    );
    assert!(c.contains("SigBlk:\t0000000000004000"), "{c}");
    assert!(c.contains("SigIgn:\t0000000000000800"), "SIGUSR2: {c}");
    assert!(c.contains("SigCgt:\t0000000000000200"), "SIGUSR1: {c}");
}

#[test]
fn process_groups_and_sessions() {
    let c = run("sigtest pgrp");
    assert!(c.contains("before: pgid is self false sid 1"), "{c}");
    assert!(c.contains("after setpgid: pgid is self true"), "{c}");
    assert!(c.contains("child in our group true"), "{c}");
    assert!(c.contains("group kill: child exit 10 self got 10"), "{c}");
    assert!(
        c.contains("setsid child status 0; setsid as group leader: Err(1)"),
        "{c}"
    );
}

/// ^C typed at the console: SIGINT to the foreground process group (the
/// program put itself there with tcsetpgrp); the shell sees 130.
#[test]
fn ctrl_c_interrupts_the_foreground_group() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"sigtest fg\n"),
        ("\nready", b"\x03"),
        ("^C", b"echo after $?\nexit 0\n"),
    ]);
    assert_eq!(code, Some(0), "{s}");
    assert!(s.contains("foreground true"), "{s}");
    assert!(s.contains("after 130"), "{s}");
}

/// ^C at the interactive shell: the foreground command dies of SIGINT
/// (status 130), the shell (which catches SIGINT) lives on, also through
/// a ^C typed at its prompt.
#[test]
fn ctrl_c_kills_the_command_not_the_shell() {
    let (code, s) = interactive(&[
        ("starting /bin/init", b"sleep 100000\n"),
        ("sleep 100000\n", b"\x03"),
        ("^C", b"echo status $?\n"),
        ("status 130\n", b"\x03"),
        ("^C", b"exit 7\n"),
    ]);
    assert_eq!(code, Some(7), "{s}");
    assert!(s.contains("status 130"), "{s}");
}

/// sigdemo (the article's experiment): SIGTERM runs a handler that cleans
/// up and exits 0; SIGKILL kills with no handler; SIGSTOP shows T in ps and
/// SIGCONT resumes.
#[test]
fn sigdemo_term_kill_stop_continue() {
    let r = support::guest(&[], "sigdemo");
    assert_eq!(r.status, Some(0), "{}", r.console);
    for line in [
        "sigdemo: child: cleanup",
        "sigdemo: term handler status=0",
        "sigdemo: kill status=signal 9",
        "sigdemo: stop state=T",
        "sigdemo: continued",
    ] {
        assert!(
            r.console.lines().any(|l| l == line),
            "missing {line:?}:\n{}",
            r.console
        );
    }
}
