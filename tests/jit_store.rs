//! The translating engine's store (`emulator/src/cpu/jit/store.rs`): code
//! compiled in one run serves the next (and the same code in other
//! physical pages) with the output and every counter unchanged; a damaged
//! store file costs one warning and is replaced; `VITRINE_JIT_CACHE=off`
//! writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const CMD: &str = "forkloop 300";

struct Ran {
    stdout: Vec<u8>,
    stderr: String,
    stats: serde_json::Value,
    /// From the jit's debug line: blocks compiled, and installed from the
    /// store.
    compiled: u64,
    reused: u64,
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vitrine-jit-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// `vitrine -c CMD` under the jit with the store in `dir` (`env`: more
/// environment). Stdin stays open until it exits (as in
/// `engine_equivalence`: a hang-up of the console at a host-dependent
/// moment would change the counters).
fn run(dir: &Path, env: &[(&str, &str)]) -> Ran {
    let json = std::env::temp_dir().join(format!(
        "vitrine-jit-store-{}-{}.json",
        std::process::id(),
        rand_suffix()
    ));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.args(["--stats-json", json.to_str().unwrap(), "-c", CMD])
        .env("VITRINE_JIT_CACHE", dir)
        .env("RUST_LOG", "warn,vitrine_emulator::cpu::jit::cache=debug")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawning vitrine");
    let keep_open = child.stdin.take();
    let out = child.wait_with_output().expect("waiting for vitrine");
    drop(keep_open);
    assert!(out.status.success(), "vitrine failed: {out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("stats written")).unwrap();
    let _ = std::fs::remove_file(&json);
    strip_host_time(&mut stats);
    let line = stderr
        .lines()
        .find(|l| l.contains("blocks compiled"))
        .unwrap_or_else(|| panic!("no jit summary in:\n{stderr}"));
    // "jit: N blocks compiled, M from the store (K read from its file), ..."
    let num = |after: &str| -> u64 {
        let tail = &line[..line.find(after).unwrap()];
        tail.split([' ', ','])
            .filter(|w| !w.is_empty())
            .last()
            .unwrap()
            .parse()
            .unwrap()
    };
    Ran {
        stdout: out.stdout,
        compiled: num(" blocks compiled"),
        reused: num(" from the store"),
        stats,
        stderr,
    }
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

/// Host time is the one thing allowed to differ.
fn strip_host_time(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("host_seconds");
            m.remove("mips");
            m.values_mut().for_each(strip_host_time);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_host_time),
        _ => {}
    }
}

fn store_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the store's directory was made")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(files.len(), 1, "one store file: {files:?}");
    files[0].clone()
}

fn assert_same_run(a: &Ran, b: &Ran) {
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout),
        "guest output"
    );
    assert_eq!(a.stats, b.stats, "every counter (--stats-json)");
}

#[test]
fn a_second_run_installs_the_first_runs_code_with_identical_counters() {
    let dir = scratch("reuse");
    let first = run(&dir, &[]);
    assert_eq!(
        first.reused, 0,
        "a fresh store has nothing: {}",
        first.stderr
    );
    assert!(first.compiled > 50, "compiled {}", first.compiled);
    let size = std::fs::metadata(store_file(&dir)).unwrap().len();
    assert!(size > 10_000, "the store file holds the code: {size} bytes");

    let second = run(&dir, &[]);
    assert_same_run(&first, &second);
    assert!(
        second.reused >= first.compiled / 2,
        "the second run installs most of the first run's {} blocks from the store, got {}",
        first.compiled,
        second.reused
    );
    assert!(
        second.compiled < first.compiled,
        "and compiles fewer: {} against {}",
        second.compiled,
        first.compiled
    );
    // Every block compiled on first sight: most of them come from the store.
    let hot = run(&dir, &[("VITRINE_JIT_HOT", "1")]);
    assert_same_run(&first, &hot);
    assert!(hot.reused > 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_store_file_is_replaced_with_one_warning() {
    let dir = scratch("damaged");
    let first = run(&dir, &[]);
    let file = store_file(&dir);
    let good = std::fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let damages: [(&str, Vec<u8>); 4] = [
        ("a flipped bit", flipped),
        ("truncated", good[..good.len() / 3].to_vec()),
        ("not a store", b"#!/bin/sh\necho hello\n".to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&file, &bytes).unwrap();
        let r = run(&dir, &[]);
        assert_same_run(&first, &r);
        assert_eq!(r.reused, 0, "{what}: nothing is taken from a damaged file");
        let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains("WARN")).collect();
        assert_eq!(warnings.len(), 1, "{what}: one warning, got:\n{}", r.stderr);
        assert!(
            warnings[0].contains("jit cache") && warnings[0].contains(&*file.to_string_lossy()),
            "{what}: the warning names the file: {}",
            warnings[0]
        );
        // The run wrote a good file again.
        let again = run(&dir, &[]);
        assert!(
            again.reused > 0,
            "{what}: the replaced file serves the next run"
        );
        assert!(!again.stderr.contains("WARN"), "{}", again.stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn off_keeps_nothing_on_disk() {
    let home = scratch("off");
    std::fs::create_dir_all(&home).unwrap();
    run(
        Path::new("off"),
        &[("XDG_CACHE_HOME", home.to_str().unwrap())],
    );
    let left: Vec<_> = std::fs::read_dir(&home).unwrap().collect();
    assert!(left.is_empty(), "nothing written under {home:?}: {left:?}");
    let _ = std::fs::remove_dir_all(&home);
}
