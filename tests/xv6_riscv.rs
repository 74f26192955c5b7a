//! Fidelity check for the virtio block device: MIT's xv6-riscv, unmodified,
//! boots on Vitrine from its own `fs.img` to its `$` prompt, and its
//! `usertests -q` passes (with QEMU's command line, pasted).

mod support;
mod xv6;

use std::io::{Read, Write};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Run xv6 with `input` on its console until `want` appears in the output
/// (then stop it: xv6 never powers off), or fail after `limit`. `None`
/// when xv6's sources are not there (the test skips, saying why).
fn xv6_until(name: &str, input: &str, want: &str, limit: Duration) -> Option<String> {
    let tree = xv6::build()?;
    let disk = xv6::fresh_disk(&tree, name);
    // QEMU's command line from xv6's Makefile (`make qemu`), with -smp 1.
    let mut child = xv6::command_line::xv6_command(env!("CARGO_BIN_EXE_vitrine"), &tree, &disk)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = Arc::new(Mutex::new(String::new()));
    let mut pipe = child.stdout.take().unwrap();
    let o = out.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            o.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    // The console takes input once xv6's shell is up.
    let start = Instant::now();
    while !out.lock().unwrap().contains("$ ") {
        assert!(
            start.elapsed() < limit,
            "no xv6 prompt:\n{}",
            out.lock().unwrap()
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "vitrine stopped:\n{}",
            out.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stdin.write_all(input.as_bytes()).unwrap();
    stdin.flush().unwrap();
    loop {
        if out.lock().unwrap().contains(want) {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            reader.join().unwrap();
            panic!(
                "vitrine exited ({status}) before {want:?}:\n{}",
                out.lock().unwrap()
            );
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("no {want:?} after {limit:?}:\n{}", out.lock().unwrap());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    drop(stdin);
    reader.join().unwrap();
    let s = out.lock().unwrap().clone();
    Some(s)
}

#[test]
fn xv6_boots_from_its_disk_and_runs_commands() {
    let Some(out) = xv6_until(
        "xv6-boot",
        "ls\necho hello from xv6 > f\ncat f\n",
        "hello from xv6\n",
        Duration::from_secs(600),
    ) else {
        return;
    };
    assert!(out.contains("xv6 kernel is booting"), "{out}");
    assert!(out.contains("init: starting sh"), "{out}");
    // `ls` reads the root directory from the disk: the programs of fs.img.
    for name in ["README", "usertests", "console"] {
        assert!(out.contains(name), "ls did not list {name}:\n{out}");
    }
}

#[test]
fn xv6_usertests_pass() {
    let Some(out) = xv6_until(
        "xv6-usertests",
        "usertests -q\n",
        "ALL TESTS PASSED",
        Duration::from_secs(2400),
    ) else {
        return;
    };
    assert!(!out.contains("FAILED"), "{out}");
}
