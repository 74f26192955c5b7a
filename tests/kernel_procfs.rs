//! /proc in the teaching kernel, seen from the built-in OS's shell
//! (`vitrine -c CMD`): the files a user (or ps, top, free) reads, in
//! Linux's formats, and a writable tunable under /proc/sys.

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run CMD in the built-in OS (with extra vitrine flags): (exit status,
/// what the guest printed after the kernel started init).
fn run_with(flags: &[&str], cmd: &str) -> (Option<i32>, String) {
    let mut args = vec!["--verbose"]; // the boot log ends at "kernel: starting"
    args.extend(flags);
    args.extend(["-c", cmd]);
    let out = vitrine(&args);
    let stdout = text(&out.stdout);
    let after = match stdout.find("\nkernel: starting ") {
        Some(i) => stdout[i + 1..]
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .to_string(),
        None => panic!("init did not start:\n{stdout}\n{}", text(&out.stderr)),
    };
    (out.status.code(), after)
}

fn run(cmd: &str) -> (Option<i32>, String) {
    run_with(&[], cmd)
}

/// The value of a `Name:\tvalue` line.
fn field<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(":\t"))
        .unwrap_or_else(|| panic!("no {name} line in:\n{out}"))
}

#[test]
fn pid_1_status_has_linux_fields() {
    let (code, out) = run("cat /proc/1/status");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("Name:\tinit\n"), "{out}");
    assert_eq!(field(&out, "State"), "S (sleeping)", "{out}");
    assert_eq!(field(&out, "Pid"), "1");
    assert_eq!(field(&out, "Tgid"), "1");
    assert_eq!(field(&out, "PPid"), "0");
    assert_eq!(field(&out, "Uid"), "0\t0\t0\t0");
    assert_eq!(field(&out, "Threads"), "1");
    // "VmRSS:\t     320 kB": the number right-aligned in 8 columns.
    for name in [
        "VmPeak", "VmSize", "VmHWM", "VmRSS", "RssAnon", "VmData", "VmStk", "VmExe",
    ] {
        let v = field(&out, name);
        assert_eq!(v.len(), 11, "{name}: {v:?}");
        let kb: u64 = v.strip_suffix(" kB").unwrap().trim_start().parse().unwrap();
        assert!(kb > 0, "{name}: {v:?}");
    }
    let rss: u64 = field(&out, "VmRSS")
        .trim_end_matches(" kB")
        .trim()
        .parse()
        .unwrap();
    let size: u64 = field(&out, "VmSize")
        .trim_end_matches(" kB")
        .trim()
        .parse()
        .unwrap();
    assert!(rss <= size, "{out}");
    // Linux's order: Name, Umask, State, Tgid, Ngid, Pid, PPid, ...
    let names: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(at("Name") < at("State") && at("State") < at("Tgid") && at("Tgid") < at("Pid"));
    assert!(at("Pid") < at("PPid") && at("VmPeak") < at("VmRSS") && at("VmRSS") < at("Threads"));
}

#[test]
fn self_stat_has_52_fields_and_names_the_reader() {
    // The shell runs `cat` as a child: /proc/self is cat, its parent the shell.
    let (code, out) = run("cat /proc/self/stat; echo shell=$$");
    assert_eq!(code, Some(0), "{out}");
    let line = out.lines().next().unwrap();
    let (head, rest) = line.split_once(" (").unwrap();
    let (comm, rest) = rest.rsplit_once(") ").unwrap();
    assert_eq!(comm, "cat");
    let fields: Vec<&str> = std::iter::once(head)
        .chain(std::iter::once(comm))
        .chain(rest.split(' '))
        .collect();
    assert_eq!(fields.len(), 52, "{line}");
    let pid: i32 = fields[0].parse().unwrap();
    assert!(pid > 1, "{line}");
    assert_eq!(fields[2], "R", "{line}");
    // Field 25, rsslim: RLIM_INFINITY. Field 38: exit_signal SIGCHLD.
    assert_eq!(fields[24], u64::MAX.to_string(), "{line}");
    assert_eq!(fields[37], "17", "{line}");
    // vsize (bytes) and rss (pages) agree with statm's first two fields.
    let (_, statm) = run("cat /proc/self/statm");
    let statm: Vec<u64> = statm
        .lines()
        .next()
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(statm.len(), 7);
    assert!(
        statm[0] > 0 && statm[1] > 0 && statm[1] <= statm[0],
        "{statm:?}"
    );
    let vsize: u64 = fields[22].parse().unwrap();
    assert!(vsize > 0 && vsize % 4096 == 0, "{line}");
}

#[test]
fn self_maps_lines_are_in_linux_format() {
    let (code, out) = run("cat /proc/self/maps");
    assert_eq!(code, Some(0), "{out}");
    let maps: Vec<&str> = out
        .lines()
        .take_while(|l| !l.starts_with("kernel:"))
        .collect();
    assert!(maps.len() >= 3, "{out}");
    for l in &maps {
        let (range, rest) = l.split_once(' ').unwrap();
        let (start, end) = range.split_once('-').unwrap();
        assert!(start.len() >= 8 && end.len() >= 8, "{l}");
        assert!(u64::from_str_radix(start, 16).unwrap() < u64::from_str_radix(end, 16).unwrap());
        let f: Vec<&str> = rest.splitn(4, ' ').collect();
        assert_eq!(f[0].len(), 4, "{l}");
        assert!(f[0].ends_with('p'), "{l}");
        assert_eq!(f[1].len(), 8, "{l}");
        // A named region's name (a [pseudo] name or the file's path)
        // starts at column 73; anonymous regions end with inode 0 and a space.
        if l.ends_with(']') {
            assert_eq!(f[2], "00:00", "{l}");
            assert_eq!(l.find('[').unwrap(), 73, "{l:?}");
        } else if l.ends_with("/bin/cat") {
            assert_eq!(f[2], "00:01", "a file of the root file system: {l}");
            assert_eq!(l.find('/').unwrap(), 73, "{l:?}");
        } else {
            assert_eq!(f[2], "00:00", "{l}");
            assert!(l.ends_with(" 0 "), "anonymous lines end in a space: {l:?}");
        }
    }
    // The program's text is mapped from its file, at the file's offset 0.
    assert!(
        maps.iter()
            .any(|l| l.contains(" r-xp 00000000 00:01 ") && l.ends_with("/bin/cat")),
        "{out}"
    );
    assert!(maps.iter().any(|l| l.contains(" r-xp ")), "{out}");
    assert!(maps.iter().any(|l| l.ends_with(" [stack]")), "{out}");
    assert!(maps.iter().any(|l| l.ends_with(" [heap]")), "{out}");
}

/// MemTotal is the RAM the kernel manages: what -m gives minus the kernel
/// image, heap and initrd (Linux's MemTotal excludes them too).
#[test]
fn meminfo_total_follows_the_machine_ram() {
    for mib in [128u64, 512] {
        let (code, out) = run_with(&["-m", &format!("{mib}M")], "cat /proc/meminfo");
        assert_eq!(code, Some(0), "{out}");
        let kb = |name: &str| -> u64 {
            let l = out
                .lines()
                .find(|l| l.starts_with(&format!("{name}:")))
                .unwrap_or_else(|| panic!("no {name} in:\n{out}"));
            // "MemTotal:         522420 kB": name padded to 16, number in 8.
            assert_eq!(l.len(), 16 + 8 + 3, "{l:?}");
            assert!(l.ends_with(" kB"), "{l:?}");
            l[16..24].trim().parse().unwrap()
        };
        let (total, free, avail) = (kb("MemTotal"), kb("MemFree"), kb("MemAvailable"));
        let ram = mib * 1024;
        assert!(
            total <= ram && total > ram - 8 * 1024,
            "-m {mib}M: MemTotal {total} kB"
        );
        assert!(free > 0 && free <= total && avail <= total, "{out}");
        for name in [
            "Buffers",
            "Cached",
            "SwapTotal",
            "SwapFree",
            "Shmem",
            "SReclaimable",
            "Slab",
        ] {
            kb(name);
        }
    }
}

#[test]
fn pid_max_round_trips_and_rejects_garbage() {
    let (code, out) = run(
        "cat /proc/sys/kernel/pid_max; echo 500 > /proc/sys/kernel/pid_max; \
         cat /proc/sys/kernel/pid_max; echo garbage > /proc/sys/kernel/pid_max; \
         echo status=$?; echo 5 > /proc/sys/kernel/pid_max; cat /proc/sys/kernel/pid_max",
    );
    assert_eq!(code, Some(0), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "32768", "{out}");
    assert_eq!(lines[1], "500", "{out}");
    assert!(lines[2].contains("Invalid argument"), "{out}");
    assert_eq!(lines[3], "status=1", "{out}");
    // Out of range (below 301): refused too, the value stays.
    assert!(lines[4].contains("Invalid argument"), "{out}");
    assert_eq!(lines[5], "500", "{out}");
}

#[test]
fn read_only_proc_files_refuse_writes() {
    let (code, out) = run("echo x > /proc/meminfo; echo status=$?");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Permission denied"), "{out}");
    assert!(out.contains("status=1"), "{out}");
}

#[test]
fn ls_proc_lists_pids_self_and_files() {
    let (code, out) = run("ls /proc; ls /proc/sys/kernel; ls /proc/1; ls /proc/99999");
    assert_eq!(code, Some(2), "{out}");
    let names: Vec<&str> = out.lines().collect();
    for want in [
        "1",
        "self",
        "thread-self",
        "meminfo",
        "vmstat",
        "uptime",
        "loadavg",
        "sys",
    ] {
        assert!(names.contains(&want), "no {want} in:\n{out}");
    }
    for want in [
        "pid_max",
        "threads-max",
        "status",
        "stat",
        "statm",
        "maps",
        "cmdline",
        "comm",
        "task",
    ] {
        assert!(names.contains(&want), "no {want} in:\n{out}");
    }
    assert!(out.contains("No such file or directory"), "{out}");
    let (_, root) = run("ls /");
    assert!(root.lines().any(|l| l == "proc"), "{root}");
}

#[test]
fn self_and_thread_self_follow_the_reader() {
    let (code, out) = run("cat /proc/self/comm /proc/thread-self/comm; ls -l /proc");
    assert_eq!(code, Some(0), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(&lines[..2], ["cat", "cat"], "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("lrwxrwxrwx") && l.ends_with(" self")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("dr-xr-xr-x") && l.ends_with(" 1")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("-r--r--r--") && l.ends_with(" meminfo")),
        "{out}"
    );
}

#[test]
fn uptime_and_loadavg_formats() {
    let (code, out) = run("cat /proc/uptime /proc/loadavg");
    assert_eq!(code, Some(0), "{out}");
    let mut lines = out.lines();
    let up: Vec<&str> = lines.next().unwrap().split(' ').collect();
    assert_eq!(up.len(), 2, "{out}");
    for v in up {
        let (s, cs) = v.split_once('.').unwrap();
        assert!(s.parse::<u64>().is_ok() && cs.len() == 2, "{out}");
    }
    let load: Vec<&str> = lines.next().unwrap().split(' ').collect();
    assert_eq!(load.len(), 5, "{out}");
    assert_eq!(&load[..3], ["0.00", "0.00", "0.00"]);
    let (running, total) = load[3].split_once('/').unwrap();
    assert!(
        running.parse::<u32>().unwrap() >= 1 && total.parse::<u32>().unwrap() >= 3,
        "{out}"
    );
}

/// A zombie (exited, not yet waited for) keeps its pid directory, with
/// state Z and, like Linux, no memory lines.
#[test]
fn zombie_status_has_no_vm_lines() {
    let (code, out) = run("true & sleep 1; cat /proc/$!/status /proc/$!/statm; wait");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(field(&out, "Name"), "true");
    assert_eq!(field(&out, "State"), "Z (zombie)");
    assert!(!out.contains("VmRSS") && !out.contains("Umask"), "{out}");
    assert!(out.contains("\n0 0 0 0 0 0 0\n"), "{out}");
}
