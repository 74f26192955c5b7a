//! The virtio block device against QEMU's: a bare-metal driver
//! (tests/programs/virtio_blk.c) probes it, negotiates, reads, writes
//! through an indirect table, flushes and reads back, in both interfaces
//! (virtio 1.x and legacy) and read-only; Vitrine and qemu-system-riscv64
//! must print the same and leave the same bytes in the image. Plus the
//! command line's errors and the disk counters.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::{root, scratch_dir, vitrine};

const GCC: &str = "riscv64-unknown-elf-gcc";

fn driver(dir: &Path) -> PathBuf {
    assert!(
        support::have(GCC),
        "{GCC} not found: apt-get install gcc-riscv64-unknown-elf"
    );
    let elf = dir.join("virtio_blk.elf");
    let out = Command::new(GCC)
        .args([
            "-march=rv64gc",
            "-mabi=lp64d",
            "-mcmodel=medany",
            "-O2",
            "-ffreestanding",
            "-nostdlib",
            "-T",
        ])
        .arg(root().join("tests/support/link.ld"))
        .arg("-o")
        .arg(&elf)
        .arg(root().join("tests/programs/c_start.S"))
        .arg(root().join("tests/programs/virtio_blk.c"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    elf
}

/// A 64 KiB image whose sector 0 starts with a recognisable text.
fn image(path: &Path) {
    let mut d = vec![0u8; 64 * 1024];
    d[..24].copy_from_slice(b"VITRINE TEST DISK SECTOR");
    std::fs::write(path, d).unwrap();
}

fn qemu_args(img: &Path, legacy: bool, ro: bool) -> Vec<String> {
    vec![
        "-global".into(),
        format!("virtio-mmio.force-legacy={legacy}"),
        "-drive".into(),
        format!(
            "file={},if=none,format=raw,id=hd0{}",
            img.display(),
            if ro { ",readonly=on" } else { "" }
        ),
        "-device".into(),
        "virtio-blk-device,drive=hd0,bus=virtio-mmio-bus.0".into(),
    ]
}

fn compare(name: &str, legacy: bool, ro: bool) {
    let dir = scratch_dir(name);
    let elf = driver(&dir);
    let (ours, theirs) = (dir.join("vitrine.img"), dir.join("qemu.img"));
    image(&ours);
    image(&theirs);
    let mut args = qemu_args(&ours, legacy, ro);
    args.push(elf.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let v = vitrine(&args);
    let out = String::from_utf8_lossy(&v.stdout).to_string();
    assert_eq!(
        v.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&v.stderr)
    );
    assert!(
        out.contains(if legacy { "version 0x1" } else { "version 0x2" }),
        "{out}"
    );
    if ro {
        assert!(
            out.contains("write sector 1 (indirect): status 0x1"),
            "a read-only disk refuses writes:\n{out}"
        );
    } else {
        assert!(
            out.contains("read back: status 0x0 same 0x1 'written by the guest'"),
            "{out}"
        );
        let img = std::fs::read(&ours).unwrap();
        assert_eq!(
            &img[512..532],
            b"written by the guest",
            "the write reached the host file"
        );
    }
    let qa = qemu_args(&theirs, legacy, ro);
    let q_extra: Vec<&str> = qa.iter().map(String::as_str).collect();
    let Some(q) = support::qemu_with(&elf, &q_extra, Duration::from_secs(30)) else {
        panic!(
            "{} not found: apt-get install qemu-system-misc",
            support::QEMU
        );
    };
    assert_eq!(
        out,
        String::from_utf8_lossy(&q.stdout),
        "Vitrine and QEMU differ"
    );
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        std::fs::read(&theirs).unwrap(),
        "the images differ"
    );
}

#[test]
fn virtio_1_matches_qemu() {
    compare("virtio-modern", false, false);
}

#[test]
fn legacy_interface_matches_qemu() {
    compare("virtio-legacy", true, false);
}

#[test]
fn read_only_disk_matches_qemu() {
    compare("virtio-ro", false, true);
}

#[test]
fn disk_counters_are_exact_and_requests_take_guest_time() {
    let dir = scratch_dir("virtio-stats");
    let elf = driver(&dir);
    let run = |latency: &str| {
        let img = dir.join(format!("{latency}.img"));
        image(&img);
        let json = dir.join(format!("{latency}.json"));
        let o = vitrine(&[
            "--disk",
            img.to_str().unwrap(),
            "--disk-latency",
            latency,
            "--stats-json",
            json.to_str().unwrap(),
            elf.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        v
    };
    let a = run("80us");
    let d = &a["disk"];
    // get-id, read, write, flush, read back, read past the end, unknown type.
    assert_eq!(d["requests"], 7, "{d}");
    assert_eq!(d["reads"], 2, "{d}");
    assert_eq!(d["writes"], 1, "{d}");
    assert_eq!(d["flushes"], 1, "{d}");
    assert_eq!(d["sectors_read"], 2, "{d}");
    assert_eq!(d["sectors_written"], 1, "{d}");
    assert_eq!(d["errors"], 2, "{d}");
    // Each request took at least its 80 us (800 ticks) of guest time.
    assert!(d["in_flight_ticks"].as_u64().unwrap() >= 7 * 800, "{d}");
    // Deterministic: the same run gives the same counters.
    let b = run("80us");
    assert_eq!(a["disk"], b["disk"]);
    assert_eq!(a["instructions"], b["instructions"]);
    // A slower disk: the driver spins longer waiting for it.
    let slow = run("2ms");
    assert!(
        slow["instructions"]["total"].as_u64() > a["instructions"]["total"].as_u64(),
        "a 2 ms disk should cost the polling driver more instructions"
    );
}

#[test]
fn bad_disks_are_one_line_errors() {
    let dir = scratch_dir("virtio-bad");
    let elf = driver(&dir);
    let small = dir.join("small.img");
    std::fs::write(&small, [0u8; 100]).unwrap();
    let ro = dir.join("ro.img");
    std::fs::write(&ro, [0u8; 4096]).unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "--disk".into(),
                dir.join("missing.img").display().to_string(),
            ],
            "missing.img",
        ),
        (
            vec!["--disk".into(), dir.display().to_string()],
            "directory",
        ),
        (
            vec!["--disk".into(), small.display().to_string()],
            "smaller than one 512-byte sector",
        ),
        (vec!["--disk".into(), ro.display().to_string()], "read-only"),
        (
            vec![
                "-drive".into(),
                format!("file={},if=none,id=a", ro.display()),
            ],
            "no -device",
        ),
        (
            vec!["-device".into(), "virtio-net-device".into()],
            "virtio-blk-device only",
        ),
        (
            vec!["-drive".into(), format!("file={},if=virtio", ro.display())],
            "if=none",
        ),
        (
            vec!["-global".into(), "virtio-mmio.force-legacy=maybe".into()],
            "true or false",
        ),
    ];
    for (args, want) in cases {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.push(elf.to_str().unwrap());
        let o = vitrine(&a);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    // The read-only image is fine when asked for read-only.
    let o = vitrine(&[
        "--disk",
        &format!("{},ro", ro.display()),
        elf.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
