//! xv6-riscv on Vitrine and on `qemu-system-riscv64`, side by side in one
//! run, with the command line from xv6's Makefile (`-smp 1`) and its disk
//! on the virtio block device: wall time from start to xv6's `$` prompt
//! (best of 3; QEMU's start-up included, as a user sees it), and to
//! `usertests -q`'s ALL TESTS PASSED (one run each; minutes).
//!
//! Uses the xv6 tree that `cargo test --test xv6_riscv` builds from
//! `../shared/thirdparty/xv6-riscv.tar.gz` into `target/xv6-riscv`.
//!
//! `cargo bench --bench xv6`

#[path = "../tests/xv6/command_line.rs"]
mod command_line;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Start `program` with xv6's QEMU options, type `input` at the first
/// prompt, and return (time to the prompt, time until `want` appeared).
fn run(program: &str, tree: &Path, input: &str, want: &str) -> Option<(Duration, Duration)> {
    let img = std::env::temp_dir().join(format!("vitrine-xv6-bench-{}.img", std::process::id()));
    std::fs::copy(tree.join("fs.img"), &img).ok()?;
    let start = Instant::now();
    let mut child = command_line::xv6_command(program, tree, &img)
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let out = Arc::new(Mutex::new(Vec::new()));
    let (o, mut pipe) = (out.clone(), child.stdout.take()?);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = pipe.read(&mut buf) {
            o.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let seen = |s: &str| {
        out.lock()
            .unwrap()
            .windows(s.len())
            .any(|w| w == s.as_bytes())
    };
    let wait = |s: &str| {
        while !seen(s) && start.elapsed() < Duration::from_secs(1800) {
            std::thread::sleep(Duration::from_millis(5));
        }
        seen(s).then(|| start.elapsed())
    };
    let prompt = wait("$ ");
    let mut stdin = child.stdin.take()?;
    let _ = stdin
        .write_all(input.as_bytes())
        .and_then(|()| stdin.flush());
    let done = prompt.and_then(|_| wait(want));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_file(&img);
    Some((prompt?, done?))
}

fn main() {
    let tree = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/xv6-riscv");
    if !tree.join("fs.img").exists() {
        println!(
            "xv6: {} not built; run `cargo test --release --test xv6_riscv` first",
            tree.display()
        );
        return;
    }
    let vitrine = env!("CARGO_BIN_EXE_vitrine");
    let boot = |prog: &str| {
        (0..3)
            .filter_map(|_| run(prog, &tree, "", "$ ").map(|t| t.0))
            .min()
    };
    let secs = |d: Duration| d.as_secs_f64();
    println!("xv6-riscv, side by side:");
    match (boot(vitrine), boot("qemu-system-riscv64")) {
        (Some(v), Some(q)) => println!(
            "  boot to $ (best of 3):  vitrine {:.2} s, qemu {:.2} s, vitrine / qemu = {:.2}",
            secs(v),
            secs(q),
            secs(v) / secs(q)
        ),
        (v, q) => {
            println!("  boot to $: vitrine {v:?}, qemu {q:?} (is qemu-system-misc installed?)")
        }
    }
    let tests = |prog: &str| run(prog, &tree, "usertests -q\n", "ALL TESTS PASSED").map(|t| t.1);
    match (tests(vitrine), tests("qemu-system-riscv64")) {
        (Some(v), Some(q)) => println!(
            "  usertests -q:           vitrine {:.1} s, qemu {:.1} s, vitrine / qemu = {:.2}",
            secs(v),
            secs(q),
            secs(v) / secs(q)
        ),
        (v, q) => println!("  usertests -q: vitrine {v:?}, qemu {q:?}"),
    }
}
