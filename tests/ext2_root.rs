//! The teaching OS on a disk: `vitrine --disk guest-os/prebuilt/rootfs.ext2`
//! boots with `root=/dev/vda`, the kernel's virtio-blk driver and ext2 (1 KiB
//! and 4 KiB blocks) serve the root, file data goes through the page cache
//! (major faults that waited for the disk, D in ps), metadata through the
//! buffer cache, and what the guest wrote is on the host's image afterwards:
//! `e2fsck -fn` finds it clean and `debugfs` reads back what the guest
//! believes it wrote. Each test works on its own copy of the image.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{guest, root, scratch_dir, vitrine, GuestRun};

/// A sbin tool of e2fsprogs (CI installs it: .ci/run).
fn e2tool(name: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} not found: apt-get install e2fsprogs");
}

/// A fresh copy of the prebuilt root image (1 KiB blocks) for test `name`.
fn disk(name: &str) -> PathBuf {
    let dir = scratch_dir(&format!("ext2-{name}"));
    let img = dir.join("rootfs.ext2");
    std::fs::copy(root().join("guest-os/prebuilt/rootfs.ext2"), &img).unwrap();
    img
}

/// The same tree as the prebuilt image, in an ext2 of 4 KiB blocks.
fn disk_4k(name: &str) -> PathBuf {
    let dir = scratch_dir(&format!("ext2-{name}"));
    let tree = dir.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    let out = Command::new(e2tool("debugfs"))
        .arg("-R")
        .arg(format!("rdump / {}", tree.display()))
        .arg(root().join("guest-os/prebuilt/rootfs.ext2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let _ = std::fs::remove_dir_all(tree.join("lost+found"));
    let img = dir.join("rootfs4k.ext2");
    let out = Command::new(e2tool("mke2fs"))
        .args([
            "-q", "-F", "-t", "ext2", "-b", "4096", "-I", "128", "-m", "0",
        ])
        .args(["-O", "^dir_index,^resize_inode,^ext_attr", "-d"])
        .arg(&tree)
        .arg(&img)
        .arg("16M")
        .output()
        .unwrap();
    assert!(out.status.success(), "mke2fs: {out:?}");
    img
}

/// `e2fsck -fn IMG`: its exit status and report.
fn fsck(img: &Path) -> (i32, String) {
    let out = Command::new(e2tool("e2fsck"))
        .arg("-fn")
        .arg(img)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn assert_clean(img: &Path) {
    let (code, report) = fsck(img);
    assert_eq!(
        code,
        0,
        "e2fsck -fn {} is not clean:\n{report}",
        img.display()
    );
}

/// Boot the built-in OS from `img` and run `cmd`.
fn on_disk(img: &Path, flags: &[&str], cmd: &str) -> GuestRun {
    let mut all = vec!["--disk", img.to_str().unwrap()];
    all.extend(flags);
    guest(&all, cmd)
}

/// `debugfs -R REQUEST IMG`'s standard output.
fn debugfs(img: &Path, request: &str) -> String {
    let out = Command::new(e2tool("debugfs"))
        .arg("-R")
        .arg(request)
        .arg(img)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Boot with `img` as the root disk and `args`; the console output of a
/// run that powered off with status 0.
fn boot_ok(img: &Path, args: &[&str]) -> String {
    let mut all = vec!["--disk", img.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = vitrine(&all);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    text
}

#[test]
fn the_disk_is_the_root_file_system() {
    let img = disk("root");
    let text = boot_ok(
        &img,
        &[
            "--verbose",
            "-c",
            "cat /proc/mounts; df; mount; umount /; ls /bin | grep -c .",
        ],
    );
    assert!(text.contains("bootargs \"root=/dev/vda "), "{text}");
    assert!(
        text.contains("virtio-blk: vda at 0x10001000: 16384 512-byte sectors (8 MiB)"),
        "{text}"
    );
    assert!(
        text.contains("EXT2-fs (vda): mounted as /: 1024-byte blocks"),
        "{text}"
    );
    assert!(
        text.contains("/dev/vda / ext2 rw,relatime 0 0\nproc /proc proc rw,relatime 0 0\n"),
        "{text}"
    );
    assert!(
        text.contains("/dev/vda on / type ext2 (rw,relatime)"),
        "{text}"
    );
    assert!(text.contains("umount: /: target is busy."), "{text}");
    let df = text.lines().find(|l| l.starts_with("/dev/vda  ")).unwrap();
    let cols: Vec<&str> = df.split_whitespace().collect();
    assert_eq!(cols[1], "8192", "{df}");
    let (used, avail): (u64, u64) = (cols[2].parse().unwrap(), cols[3].parse().unwrap());
    assert_eq!(used + avail, 8192, "{df}");
    assert!(used > 3000, "the user space takes some room: {df}");
    // Without a disk, the root is the initramfs, as before.
    let r = guest(&[], "cat /proc/mounts");
    assert!(
        r.console.starts_with("rootfs / rootfs rw 0 0\n"),
        "{}",
        r.console
    );
}

#[test]
fn a_bad_root_is_refused_with_one_line() {
    let img = disk("badroot");
    let out = vitrine(&[
        "--disk",
        img.to_str().unwrap(),
        "--append",
        "root=/dev/vdb",
        "-c",
        "true",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("root=/dev/vdb: the only block device is /dev/vda"),
        "{text}"
    );
    assert_ne!(out.status.code(), Some(0));
    // A disk that is not ext2 (zeros): refused, not a panic.
    let dir = scratch_dir("ext2-zeros");
    let zeros = dir.join("zeros.img");
    std::fs::write(&zeros, vec![0u8; 1 << 20]).unwrap();
    let out = vitrine(&["--disk", zeros.to_str().unwrap(), "-c", "true"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("root=/dev/vda: no ext2 file system (bad magic)"),
        "{text}"
    );
    assert!(!text.contains("panicked"), "{text}");
}

/// (min, maj) of each `demand:` line.
fn demand_faults(console: &str) -> Vec<(i64, i64)> {
    console
        .lines()
        .filter(|l| l.starts_with("demand: "))
        .map(|l| {
            let inner = l.split_once("(min ").unwrap().1;
            let (min, rest) = inner.split_once(", maj ").unwrap();
            let maj = rest.split_once(')').unwrap().0;
            (min.parse().unwrap(), maj.parse().unwrap())
        })
        .collect()
}

#[test]
fn demand_takes_major_faults_from_the_disk_then_minor_ones() {
    let img = disk("demand");
    let r = on_disk(
        &img,
        &[],
        "demand; demand; echo 3 > /proc/sys/vm/drop_caches; demand",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    let runs = demand_faults(&r.console);
    assert_eq!(runs.len(), 3, "{}", r.console);
    assert!(
        runs[0].1 > 0,
        "first run: major faults from the disk: {runs:?}"
    );
    assert_eq!(runs[1].1, 0, "second run: all in the page cache: {runs:?}");
    assert_eq!(
        runs[1].0,
        runs[0].0 + runs[0].1,
        "same faults, all minor: {runs:?}"
    );
    assert_eq!(runs[2], runs[0], "after drop_caches, major again: {runs:?}");
    // The disk did the reads.
    assert!(
        r.stats["disk"]["requests"].as_u64().unwrap_or(0) > 0,
        "{}",
        r.stats
    );
}

#[test]
fn a_ps_taken_while_demand_runs_shows_d() {
    let img = disk("demand-ps");
    let r = on_disk(&img, &["--disk-latency", "2ms"], "iowait -c demand");
    assert_eq!(r.status, Some(0), "{}", r.console);
    let ps: Vec<&str> = r
        .console
        .lines()
        .skip_while(|l| !l.starts_with("iowait: ps during the run"))
        .take_while(|l| !l.starts_with("iowait: ") || l.starts_with("iowait: ps"))
        .collect();
    assert!(
        ps.iter().any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() == 3 && f[1].starts_with('D') && (f[2] == "bigtext" || f[2] == "demand")
        }),
        "no task in D in the ps taken during demand:\n{}",
        r.console
    );
}

/// The numbers of an `iowait: LABEL: took T ms; in D in X of Y samples;
/// procs_blocked up to B` line and of the one after it.
fn iowait_run(console: &str, label: &str) -> (i64, i64, i64, i64, i64) {
    let head = format!("iowait: {label}: ");
    let mut lines = console.lines().filter(|l| l.starts_with(&head));
    let a = lines
        .next()
        .unwrap_or_else(|| panic!("no {head:?} in:\n{console}"));
    let b = lines.next().unwrap();
    let nums = |s: &str| -> Vec<i64> {
        s.split(|c: char| !c.is_ascii_digit())
            .filter(|w| !w.is_empty())
            .map(|w| w.parse().unwrap())
            .collect()
    };
    let (na, nb) = (nums(&a[head.len()..]), nums(&b[head.len()..]));
    // took T; in D in X of Y; up to B / iowait +W, idle +I, ran H
    (na[1], na[2], na[3], nb[0], nb[2])
}

#[test]
fn iowait_shows_d_procs_blocked_and_idle_time_as_iowait() {
    let img = disk("iowait");
    let r = on_disk(
        &img,
        &["--disk-latency", "2ms"],
        "iowait; top -b -n 1 | head -3",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    let (in_d, samples, blocked, iowait, _) = iowait_run(&r.console, "alone");
    assert!(
        samples > 10 && in_d * 2 > samples,
        "the reader waits for the disk: {}",
        r.console
    );
    assert!(blocked >= 1, "procs_blocked counts it: {}", r.console);
    assert!(
        iowait > 0,
        "alone, the idle CPU's time is iowait: {}",
        r.console
    );
    let (in_d, samples, _, iowait, hog) = iowait_run(&r.console, "with a cpu-bound task");
    assert!(in_d * 2 > samples, "the reader still waits: {}", r.console);
    assert!(hog > 0, "the cpu-bound task keeps running: {}", r.console);
    assert!(
        iowait <= 1,
        "a busy CPU is not idle: no iowait: {}",
        r.console
    );
    assert!(r
        .console
        .lines()
        .any(|l| l.starts_with("iowait: ps during the run")));
    assert!(r.console.contains(" wa,"), "top's wa column: {}", r.console);
}

/// The buff/cache column of `free`'s Mem: lines, in order.
fn buff_cache(console: &str) -> Vec<u64> {
    console
        .lines()
        .filter(|l| l.starts_with("Mem:"))
        .map(|l| l.split_whitespace().nth(5).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn free_shows_buff_cache_growing_with_reads_and_dropping() {
    let img = disk("free");
    let r = on_disk(
        &img,
        &[],
        "echo 3 > /proc/sys/vm/drop_caches; free; cat /bin/bigtext > /dev/null; free; \
         echo 3 > /proc/sys/vm/drop_caches; free; grep Buffers /proc/meminfo",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    let bc = buff_cache(&r.console);
    assert_eq!(bc.len(), 3, "{}", r.console);
    // bigtext is 1.5 MiB: its pages stay in the page cache after the read.
    assert!(bc[1] >= bc[0] + 1500, "{bc:?}");
    assert!(bc[2] + 1500 <= bc[1], "{bc:?}");
}

#[test]
fn what_the_guest_writes_is_on_the_image_and_e2fsck_finds_it_clean() {
    let img = disk("write");
    let r = on_disk(
        &img,
        &[],
        "mkdir /tmp/a /tmp/a/b; echo hello > /tmp/a/b/f; cat /bin/bigtext > /tmp/big; \
         ln /tmp/a/b/f /tmp/hard; ln -s a/b/f /tmp/soft; cat /tmp/soft; \
         echo one > /tmp/r1; echo two > /tmp/r2; mv /tmp/r1 /tmp/r2; cat /tmp/r2; \
         mv /tmp/a/b /tmp/moved; rm -r /tmp/a; echo gone > /tmp/x; rm /tmp/x; \
         ls /tmp",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(r.console.starts_with("hello\none\n"), "{}", r.console);
    assert_eq!(
        r.console
            .lines()
            .skip(2)
            .filter(|l| !l.starts_with("kernel: "))
            .collect::<Vec<_>>(),
        ["big", "hard", "moved", "r2", "soft"],
        "{}",
        r.console
    );
    assert_clean(&img);
    assert_eq!(debugfs(&img, "cat /tmp/moved/f"), "hello\n");
    assert_eq!(debugfs(&img, "cat /tmp/r2"), "one\n");
    assert!(debugfs(&img, "stat /tmp/hard").contains("Links: 2"));
    assert!(debugfs(&img, "stat /tmp/soft").contains("Fast link dest: \"a/b/f\""));
    // 1.5 MiB with 1 KiB blocks: direct, indirect and double-indirect blocks.
    let dir = scratch_dir("ext2-write-dump");
    let dumped = dir.join("big");
    debugfs(&img, &format!("dump /tmp/big {}", dumped.display()));
    let tree = root().join("guest-os/prebuilt/rootfs.ext2");
    let orig = dir.join("bigtext");
    debugfs(&tree, &format!("dump /bin/bigtext {}", orig.display()));
    assert_eq!(
        std::fs::read(&dumped).unwrap(),
        std::fs::read(&orig).unwrap()
    );
    // The next boot sees the same.
    let again = on_disk(
        &img,
        &[],
        "cat /tmp/moved/f /tmp/r2; wc -c /tmp/big; ls /tmp",
    );
    assert!(
        again.console.starts_with("hello\none\n1594792 /tmp/big\n"),
        "{}",
        again.console
    );
}

#[test]
fn truncate_and_an_unlinked_open_file_free_their_blocks() {
    let img = disk("unlink-open");
    let r = on_disk(
        &img,
        &[],
        "cat /bin/bigtext > /tmp/x; df | grep vda; \
         cat /tmp/x | sh -c 'rm /tmp/x; df | grep vda; cat > /dev/null'; df | grep vda; \
         cat /bin/bigtext > /tmp/y; truncate -s 1000 /tmp/y; df | grep vda; wc -c /tmp/y",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    let used: Vec<u64> = r
        .console
        .lines()
        .filter(|l| l.starts_with("/dev/vda"))
        .map(|l| l.split_whitespace().nth(2).unwrap().parse().unwrap())
        .collect();
    assert_eq!(used.len(), 4, "{}", r.console);
    assert_eq!(used[1], used[0], "still open: its blocks stay: {used:?}");
    assert!(
        used[2] + 1500 < used[1],
        "freed at the last close: {used:?}"
    );
    assert!(
        used[3] < used[2] + 10,
        "truncate freed the blocks past 1000 bytes: {used:?}"
    );
    assert!(r.console.contains("1000 /tmp/y"), "{}", r.console);
    assert_clean(&img);
}

#[test]
fn killed_after_sync_the_image_is_clean() {
    let img = disk("sync-kill");
    let out = vitrine(&[
        "--disk",
        img.to_str().unwrap(),
        "--max-insns",
        "400000000",
        "-c",
        "fsops 11 60 /tmp/s > /dev/null; cat /bin/bigtext > /tmp/s/big; sync; echo synced; sleep 100000",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("synced"), "{text}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("instruction limit reached"),
        "{out:?}"
    );
    assert_clean(&img);
}

/// The host's view of the tree under `dir` of `img` (debugfs rdump):
/// the same lines fsops prints.
fn host_manifest(img: &Path, dir: &str, scratch: &Path) -> Vec<String> {
    let out = scratch.join("rdump");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    debugfs(img, &format!("rdump {dir} {}", out.display()));
    let base = out.join(Path::new(dir).file_name().unwrap());
    let mut lines = BTreeMap::new();
    fn walk(p: &Path, rel: &str, lines: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(p).unwrap() {
            let e = e.unwrap();
            let name = format!("{rel}/{}", e.file_name().to_string_lossy());
            let ft = e.file_type().unwrap();
            if ft.is_symlink() {
                let t = std::fs::read_link(e.path()).unwrap();
                lines.insert(name.clone(), format!("L {name} {}", t.display()));
            } else if ft.is_dir() {
                lines.insert(name.clone(), format!("D {name}"));
                walk(&e.path(), &name, lines);
            } else {
                let data = std::fs::read(e.path()).unwrap();
                let mut h: u64 = 0xcbf29ce484222325;
                for &c in &data {
                    h ^= c as u64;
                    h = h.wrapping_mul(0x100000001b3);
                }
                lines.insert(name.clone(), format!("F {name} {} {h:016x}", data.len()));
            }
        }
    }
    walk(&base, dir, &mut lines);
    lines.into_values().collect()
}

/// fsops SEED in the guest on `img`; then the host's e2fsck and debugfs
/// must agree with what the guest believes it wrote.
fn random_operations(img: &Path, seed: u64, count: u64, name: &str) {
    let dir = "/tmp/p";
    let r = on_disk(img, &[], &format!("fsops {seed} {count} {dir}"));
    assert_eq!(r.status, Some(0), "fsops {seed}: {}", r.console);
    let mut guest_lines: Vec<String> = r
        .console
        .lines()
        .filter(|l| l.len() > 2 && matches!(&l[..2], "F " | "D " | "L "))
        .map(String::from)
        .collect();
    guest_lines.sort_by(|a, b| a[2..].split(' ').next().cmp(&b[2..].split(' ').next()));
    assert!(guest_lines.len() > 5, "{}", r.console);
    assert_clean(img);
    let host = host_manifest(img, dir, &scratch_dir(&format!("ext2-prop-{name}")));
    assert_eq!(
        host, guest_lines,
        "seed {seed}: the image and the guest disagree"
    );
}

#[test]
fn random_file_operations_leave_what_the_guest_wrote_1k_blocks() {
    for seed in [1, 2, 3] {
        let img = disk(&format!("prop-{seed}"));
        random_operations(&img, seed, 120, &format!("1k-{seed}"));
    }
}

#[test]
fn random_file_operations_leave_what_the_guest_wrote_4k_blocks() {
    let img = disk_4k("prop-4k");
    let r = on_disk(&img, &[], "df | grep vda; demand");
    assert_eq!(r.status, Some(0), "{}", r.console);
    assert!(
        r.console.contains("/dev/vda           16384"),
        "{}",
        r.console
    );
    assert!(demand_faults(&r.console)[0].1 > 0, "{}", r.console);
    for seed in [4, 5] {
        random_operations(&img, seed, 120, &format!("4k-{seed}"));
        // The next run starts from the last one's tree: clear it.
        let r = on_disk(&img, &[], "rm -r /tmp/p");
        assert_eq!(r.status, Some(0), "{}", r.console);
    }
    assert_clean(&img);
}

#[test]
fn killed_at_random_points_while_writing_the_next_boot_survives() {
    let img = disk("crash");
    // Deterministic "random" points: spread over the workload.
    let mut x: u64 = 0x2545f4914f6cdd1d;
    for round in 0..4 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let insns = 30_000_000 + x % 400_000_000;
        let cmd = format!(
            "fsops {round} 200 /tmp/c{round} > /dev/null; cat /bin/bigtext > /tmp/c{round}/big; sleep 6; fsops 9 50 /tmp/d{round}"
        );
        let out = vitrine(&[
            "--disk",
            img.to_str().unwrap(),
            "--max-insns",
            &insns.to_string(),
            "-c",
            &cmd,
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("panic") && !err.contains("panicked"),
            "round {round}: {text}\n{err}"
        );
        // The next boot mounts whatever the disk holds and powers off normally.
        let next = vitrine(&[
            "--disk",
            img.to_str().unwrap(),
            "-c",
            "ls /tmp > /dev/null; cat /etc/motd",
        ]);
        let ntext = String::from_utf8_lossy(&next.stdout);
        assert_eq!(
            next.status.code(),
            Some(0),
            "round {round}: next boot: {ntext}"
        );
        assert!(
            ntext.contains("Welcome to Vitrine"),
            "round {round}: {ntext}"
        );
    }
}

#[test]
fn disk_requests_are_charged_to_the_task_that_asked() {
    let img = disk("per-task");
    let r = on_disk(
        &img,
        &["--stats=task"],
        "demand > /dev/null; echo hi > /tmp/z; sync",
    );
    assert_eq!(r.status, Some(0), "{}", r.console);
    let tasks = r.stats["tasks"].as_array().expect("tasks in --stats-json");
    let of = |comm: &str| {
        tasks
            .iter()
            .find(|t| t["comm"] == comm)
            .unwrap_or_else(|| panic!("no task {comm}: {tasks:?}"))
    };
    let bigtext = of("bigtext");
    assert!(
        bigtext["disk"]["requests"].as_u64().unwrap() > 0,
        "{bigtext}"
    );
    assert!(
        bigtext["disk"]["sectors_read"].as_u64().unwrap() > 0,
        "{bigtext}"
    );
    assert!(
        bigtext["kernel_faults"]["major"].as_u64().unwrap() > 0,
        "{bigtext}"
    );
    // sync wrote what echo left dirty.
    assert!(of("sync")["disk"]["sectors_written"].as_u64().unwrap() > 0);
    assert_eq!(of("echo")["disk"]["sectors_written"], 0);
    let sum: u64 = tasks
        .iter()
        .map(|t| t["disk"]["requests"].as_u64().unwrap())
        .sum();
    assert_eq!(
        sum,
        r.stats["disk"]["requests"].as_u64().unwrap(),
        "the rows add up"
    );
}

#[test]
fn a_corrupt_disk_is_refused_or_survived_never_a_kernel_panic() {
    let clean = std::fs::read(root().join("guest-os/prebuilt/rootfs.ext2")).unwrap();
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..6 {
        let mut bytes = clean.clone();
        // Garbage in the metadata past the group descriptors: bitmaps,
        // inode table, the first directory blocks (the first ~600 KiB).
        for _ in 0..40 {
            let at = 3 * 1024 + (next() % (600 * 1024)) as usize;
            for b in &mut bytes[at..at + 16] {
                *b = next() as u8;
            }
        }
        let dir = scratch_dir(&format!("ext2-corrupt-{round}"));
        let img = dir.join("bad.ext2");
        std::fs::write(&img, &bytes).unwrap();
        let out = vitrine(&[
            "--disk",
            img.to_str().unwrap(),
            "--max-insns",
            "300000000",
            "-c",
            "ls / > /dev/null; cat /etc/motd; ls /bin > /dev/null; echo x > /tmp/new; sync",
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(
            out.status.code(),
            Some(101),
            "round {round}: kernel panic:\n{text}\n{err}"
        );
        assert!(!err.contains("panicked"), "round {round}: {err}");
    }
}

#[test]
fn the_legacy_interface_serves_the_root_too() {
    let img = disk("legacy");
    let text = boot_ok(
        &img,
        &[
            "-global",
            "virtio-mmio.force-legacy=true",
            "-c",
            "cat /etc/motd; echo kept > /tmp/l",
        ],
    );
    assert!(text.starts_with("Welcome to Vitrine"), "{text}");
    assert_clean(&img);
    assert_eq!(debugfs(&img, "cat /tmp/l"), "kept\n");
}

/// The same kernel and image on QEMU (its virt board's virtio-mmio is the
/// legacy interface by default): it mounts the disk and writes to it.
#[test]
fn qemu_boots_the_same_kernel_from_the_same_image() {
    let img = disk("qemu");
    let drive = format!("file={},format=raw,if=none,id=hd0", img.display());
    let Some(out) = support::qemu_with(
        &root().join("guest-os/prebuilt/kernel.elf"),
        &[
            "-append",
            "root=/dev/vda -- -c 'cat /etc/motd; echo from-qemu > /tmp/q; ls /tmp'",
            "-drive",
            &drive,
            "-device",
            "virtio-blk-device,drive=hd0",
        ],
        std::time::Duration::from_secs(60),
    ) else {
        eprintln!("skipping: {} not installed", support::QEMU);
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("EXT2-fs (vda): mounted as /: 1024-byte blocks"),
        "{text}"
    );
    assert!(text.contains("Welcome to Vitrine"), "{text}");
    assert!(text.contains("\nq\n"), "{text}");
    assert_clean(&img);
    assert_eq!(debugfs(&img, "cat /tmp/q"), "from-qemu\n");
}

#[test]
fn the_kworker_writes_dirty_data_back_within_five_seconds() {
    let img = disk("kworker");
    // Dirty (kB) in /proc/meminfo right after the writes, 2 s and 6 s later.
    let r = on_disk(
        &img,
        &[],
        "echo flushed > /tmp/k; cat /bin/bigtext > /tmp/kb; grep Dirty /proc/meminfo; \
         sleep 2; grep Dirty /proc/meminfo; sleep 4; grep Dirty /proc/meminfo",
    );
    let dirty: Vec<u64> = r
        .console
        .lines()
        .filter(|l| l.starts_with("Dirty:"))
        .map(|l| l.split_whitespace().nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(dirty.len(), 3, "{}", r.console);
    assert!(
        dirty[0] >= 1500,
        "the written pages wait in the cache: {dirty:?}"
    );
    assert_eq!(
        dirty[1], dirty[0],
        "not yet written back after 2 s: {dirty:?}"
    );
    assert_eq!(
        dirty[2], 0,
        "written back by the kworker within 5 s: {dirty:?}"
    );
    // Killed without sync after that: the data is on the image.
    let img = disk("kworker-kill");
    let out = vitrine(&[
        "--disk",
        img.to_str().unwrap(),
        "--max-insns",
        "400000000",
        "-c",
        "echo flushed > /tmp/k; sleep 6; echo waited; sleep 100000",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("waited"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("instruction limit reached"));
    assert_clean(&img);
    assert_eq!(debugfs(&img, "cat /tmp/k"), "flushed\n");
}
