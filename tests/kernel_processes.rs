//! Process management in the teaching kernel, seen the way the source
//! articles show it: the guest programs in guest-os/user reproduce each
//! experiment, print what they saw, and these tests assert the outcome a
//! reader of the article expects, and that the guest's own accounting
//! (/proc, rusage) agrees with the emulator's counters.

mod support;

use support::*;

/// The classic copy-on-write experiment (cow.rs; article 000): 100 MiB
/// mapped and touched, then fork. Used memory barely moves at fork and
/// rises by ~100 MiB only when the child writes; the child's minor faults
/// rise by one per 4 KiB page; its RSS does not change.
#[test]
fn cow_fork_shares_until_the_child_writes() {
    let r = guest(&[], "cow");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let c = &r.console;
    let delta = num(c, "cow: child", "delta");
    assert!(
        (25_600..25_700).contains(&delta),
        "one fault per page expected:\n{c}"
    );
    let rss_before = num(c, "cow: child", "rss_before_kb");
    let rss_after = num(c, "cow: child", "rss_after_kb");
    assert!(
        (rss_after - rss_before).abs() < 1024,
        "child RSS moved:\n{c}"
    );
    assert!(
        rss_before > 100 * 1024,
        "the child maps the parent's 100 MiB:\n{c}"
    );
    let before = num(c, "cow: used_kb", "before_fork");
    let after_fork = num(c, "cow: used_kb", "after_fork");
    let after_writes = num(c, "cow: used_kb", "after_child_writes");
    assert!(after_fork - before < 2 * 1024, "fork copied memory:\n{c}");
    let grew = after_writes - after_fork;
    assert!(
        (100 * 1024..104 * 1024).contains(&grew),
        "writes should copy 100 MiB:\n{c}"
    );
    // free and ps -o show the same story.
    assert!(c.contains("  RSS  MAJFL  MINFL\n"), "{c}");
    assert!(c.contains("buff/cache   available\nMem:"), "{c}");
}

/// The emulator's store page faults agree with the guest's accounting: a
/// run where the child writes every page, minus one where it does not,
/// is exactly the child's min_flt rise.
#[test]
fn cow_faults_seen_by_the_emulator_match_the_childs_min_flt() {
    let write = guest(&[], "cow -m 16");
    let control = guest(&[], "cow -m 16 --no-write");
    assert_eq!(write.status, Some(0), "{}", write.console);
    assert_eq!(control.status, Some(0), "{}", control.console);
    let rise =
        num(&write.console, "cow: child", "delta") - num(&control.console, "cow: child", "delta");
    assert_eq!(rise, 4096, "{}", write.console);
    let emulator =
        write.exceptions("store_page_fault") as i64 - control.exceptions("store_page_fault") as i64;
    assert_eq!(
        emulator, rise,
        "store page faults (emulator) vs min_flt rise (guest)"
    );
}

/// forkexec: the pid survives exec (same process, new program).
#[test]
fn exec_keeps_the_pid() {
    let r = guest(&[], "forkexec");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let child = num(&r.console, "forkexec: parent", "child");
    assert_eq!(num(&r.console, "forkexec: child", "pid"), child);
    assert_eq!(num(&r.console, "getpid:", "pid"), child, "{}", r.console);
    assert_eq!(
        num(&r.console, "getpid:", "ppid"),
        num(&r.console, "forkexec: parent", "pid")
    );
}

/// nonshared: a private mapping is the child's own after fork; a
/// MAP_SHARED one is the same memory in both.
#[test]
fn private_and_shared_mappings_after_fork() {
    let r = guest(&[], "nonshared; nonshared --shared");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let parents: Vec<&str> = r
        .console
        .lines()
        .filter(|l| l.starts_with("nonshared: parent"))
        .collect();
    assert_eq!(
        parents,
        ["nonshared: parent data=1000", "nonshared: parent data=2000"],
        "{}",
        r.console
    );
}

/// zombie: an exited child is Z in ps until its parent waits; then gone.
#[test]
fn zombies_last_until_reaped() {
    let r = guest(&[], "zombie");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let child = num(&r.console, "zombie: child", "pid");
    let row = format!("{child:>5} ");
    let z = r
        .console
        .lines()
        .find(|l| l.starts_with(&row))
        .unwrap_or_else(|| panic!("{}", r.console));
    assert!(z.contains(" Z") && z.ends_with("<defunct>"), "{z}");
    assert!(
        r.console.contains("zombie: before wait state=Z\n"),
        "{}",
        r.console
    );
    assert!(
        r.console.contains("zombie: after wait gone\n"),
        "{}",
        r.console
    );
}

/// orphan: when the parent exits first, the child's parent becomes init.
#[test]
fn orphans_are_adopted_by_init() {
    let r = guest(&[], "orphan; sleep 1");
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert_eq!(num(&r.console, "orphan: child", "ppid"), 1, "{}", r.console);
}

/// demand: a program with 1.5 MiB of text that calls one function takes a
/// handful of faults, not one per page of its file, and stays small.
#[test]
fn exec_maps_lazily() {
    let r = guest(&[], "demand");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let pages = num(&r.console, "demand:", "file") / 4096;
    let faults = num(&r.console, "demand:", "faults");
    assert!(pages > 380, "{}", r.console);
    assert!(
        faults > 0 && faults < 30,
        "faults follow pages touched:\n{}",
        r.console
    );
    let rss_line = r
        .console
        .lines()
        .find(|l| l.starts_with("bigtext: VmRSS="))
        .unwrap();
    let rss: u64 = rss_line["bigtext: VmRSS=".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(rss < 200, "RSS stays small: {rss_line}");
}

/// A second run of the same program finds its pages in the page cache:
/// its faults are minor, and twenty shells do not cost twenty texts.
#[test]
fn text_pages_are_shared_through_the_page_cache() {
    let r = guest(&[], "demand; demand");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let runs: Vec<&str> = r
        .console
        .lines()
        .filter(|l| l.starts_with("demand:"))
        .collect();
    assert_eq!(runs.len(), 2, "{}", r.console);
    assert!(
        !runs[0].contains("maj 0)"),
        "first run reads the file: {}",
        runs[0]
    );
    assert!(
        runs[1].contains("maj 0)"),
        "second run finds it cached: {}",
        runs[1]
    );
}

/// clonedemo: each flag shares exactly its own thing.
#[test]
fn clone_flags_share_what_they_name() {
    let r = guest(&[], "clonedemo");
    assert_eq!(r.status, Some(0), "{}", r.console);
    for (flag, with, without) in [
        ("CLONE_VM", "x=2", "x=1"),
        ("CLONE_FILES", "fd 3 closed", "fd 3 open"),
        ("CLONE_FS", "cwd=/tmp", "cwd=/"),
        ("CLONE_SIGHAND", "SIGUSR1 ignored", "SIGUSR1 default"),
    ] {
        let line = r
            .console
            .lines()
            .find(|l| l.contains(&format!("{flag} ")))
            .unwrap();
        let (w, wo) = line.split_once("without:").unwrap();
        assert!(w.contains(with) && wo.contains(without), "{line}");
    }
}

/// threads: one process (same getpid), distinct tids, and a futex mutex
/// that loses no increment; joins wait for CLONE_CHILD_CLEARTID.
#[test]
fn threads_share_memory_and_pid() {
    let r = guest(&[], "threads");
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(
        r.console.contains("threads: 4 threads x 10000 = 40000\n"),
        "{}",
        r.console
    );
    let lines: Vec<&str> = r.console.lines().filter(|l| l.contains(" tid=")).collect();
    let pids: std::collections::BTreeSet<&str> = lines
        .iter()
        .map(|l| l.rsplit_once(' ').unwrap().1)
        .collect();
    let tids: std::collections::BTreeSet<&str> = lines
        .iter()
        .map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("tid="))
                .unwrap()
        })
        .collect();
    assert_eq!(pids.len(), 1, "{}", r.console);
    assert_eq!(tids.len(), 5, "{}", r.console);
}

/// A fork bomb meets kernel.threads-max with EAGAIN; afterwards the system
/// works and every frame is back.
#[test]
fn fork_bomb_hits_the_task_limit_and_the_system_survives() {
    let base = guest(&[], "forkloop 5");
    let r = guest(
        &[],
        "echo 40 > /proc/sys/kernel/threads-max; forkbomb; forkloop 5",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(r.console.contains(": EAGAIN\n"), "{}", r.console);
    assert!(
        r.console.contains("forkloop: 5 children ok\n"),
        "{}",
        r.console
    );
    assert_eq!(
        frames_free(&r.console),
        frames_free(&base.console),
        "frames leaked:\n{}",
        r.console
    );
}

/// Out of memory: strict overcommit makes mmap fail with ENOMEM; under the
/// default heuristic a process touching more than RAM is killed (SIGKILL)
/// and the kernel, and the frame count, survive.
#[test]
fn running_out_of_memory_fails_cleanly() {
    let base = guest(&["-m", "64M"], "true");
    let r = guest(
        &["-m", "64M"],
        "echo 2 > /proc/sys/vm/overcommit_memory; oomtest; echo 0 > /proc/sys/vm/overcommit_memory; oomtest --touch; echo alive",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(r.console.contains("ENOMEM"), "{}", r.console);
    assert!(r.console.contains("killed by signal 9"), "{}", r.console);
    assert!(r.console.contains("\nalive\n"), "{}", r.console);
    assert_eq!(
        frames_free(&r.console),
        frames_free(&base.console),
        "frames leaked:\n{}",
        r.console
    );
}

/// PIDs go up, wrap at kernel.pid_max to 300, and skip those in use.
#[test]
fn pids_wrap_at_pid_max() {
    let r = guest(
        &[],
        "echo 305 > /proc/sys/kernel/pid_max; forkloop 300; getpid; getpid",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    let pids: Vec<i64> = r
        .console
        .lines()
        .filter(|l| l.starts_with("getpid:"))
        .map(|l| num(l, "getpid:", "pid"))
        .collect();
    assert_eq!(pids.len(), 2);
    assert!(pids.iter().all(|p| (300..305).contains(p)), "{}", r.console);
}

/// ps, pstree and /proc agree on the process tree and the fault counts.
#[test]
fn ps_and_pstree_show_the_tree() {
    let r = guest(
        &[],
        "pstree -p; ps -o pid,ppid,stat,rss,maj_flt,min_flt,comm 1",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(
        r.console.contains("init(1)───sh(3)───pstree("),
        "{}",
        r.console
    );
    assert!(
        r.console
            .contains("  PID  PPID STAT   RSS  MAJFL  MINFL COMMAND\n"),
        "{}",
        r.console
    );
    let row = r
        .console
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap();
    assert!(row.trim_end().ends_with("init"), "{row}");
}

/// The same kernel and programs on QEMU (the reference machine) give the
/// same copy-on-write and demand-paging counts: the accounting is the
/// kernel's, not an artefact of our emulator.
#[test]
fn experiments_count_the_same_on_qemu() {
    let cmd = "cow -m 8; demand; forkexec";
    let ours = guest(&[], cmd);
    assert_eq!(ours.status, Some(0), "{}", ours.console);
    let kernel = root().join("guest-os/prebuilt/kernel.elf");
    let initrd = root().join("guest-os/prebuilt/initramfs.cpio");
    let append = format!("-- -c '{cmd}'");
    let Some(q) = qemu_with(
        &kernel,
        &["-initrd", initrd.to_str().unwrap(), "-append", &append],
        std::time::Duration::from_secs(120),
    ) else {
        eprintln!("SKIPPED: qemu-system-riscv64 not installed");
        return;
    };
    let theirs = String::from_utf8_lossy(&q.stdout).into_owned();
    assert_eq!(q.status.code(), Some(0), "{theirs}");
    for (prefix, key) in [
        ("cow: child", "delta"),
        ("cow: child", "rss_before_kb"),
        ("demand:", "faults"),
    ] {
        assert_eq!(
            num(&ours.console, prefix, key),
            num(&theirs, prefix, key),
            "{prefix} {key}:\n{theirs}"
        );
    }
}
