//! init (guest-os/user/programs/src/bin/init.rs) at the end of a
//! `vitrine -c CMD` run: when the shell has exited, what is left of the
//! session (orphans, background jobs, re-parented to init) gets up to 5 s
//! of guest time to finish before the machine powers off with the shell's
//! status. So an orphan's last line is not lost, and a forgotten
//! background job does not keep the machine up forever.

mod support;

use support::*;

/// Guest time at power-off, in seconds (mtime runs at 10 MHz).
fn guest_seconds(r: &GuestRun) -> f64 {
    r.stats["mtime"].as_u64().expect("mtime in --stats-json") as f64 / 1e7
}

/// `vitrine -c orphan`: the parent exits at once, and so does the shell;
/// the child, adopted by init, still prints its line.
#[test]
fn an_orphans_last_line_is_printed() {
    let r = guest(&[], "orphan");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let parent = num(&r.console, "orphan: parent", "pid");
    let child = num(&r.console, "orphan: parent", "child");
    assert!(
        r.console.contains(&format!(
            "orphan: parent pid={parent} child={child}, parent exits\n\
             orphan: child pid={child} new ppid=1\n\
             kernel: power off, exit status 0"
        )),
        "{}",
        r.console
    );
}

/// The shell's status is the machine's, also when init waited for others.
#[test]
fn the_status_is_the_shells() {
    let r = guest(&[], "orphan; exit 3");
    assert_eq!(r.status, Some(3), "{}", r.console);
    assert!(r.console.contains("new ppid=1\n"), "{}", r.console);
}

/// A background job that ends in time is waited for (and not longer);
/// one that would run for long is given 5 s, then the machine powers off.
#[test]
fn leftovers_get_a_grace_period_of_5_s() {
    let short = guest(&[], "sleep 1 & echo started");
    assert_eq!(short.status, Some(0), "{}", short.console);
    let t = guest_seconds(&short);
    assert!(
        (1.0..1.2).contains(&t),
        "powered off at {t} s:\n{}",
        short.console
    );

    let long = guest(&[], "sleep 100 & echo started");
    assert_eq!(long.status, Some(0), "{}", long.console);
    let t = guest_seconds(&long);
    assert!(
        (5.0..5.3).contains(&t),
        "powered off at {t} s:\n{}",
        long.console
    );

    // Nothing left: no wait at all.
    let none = guest(&[], "echo alone");
    let t = guest_seconds(&none);
    assert!(t < 0.5, "powered off at {t} s:\n{}", none.console);
}
