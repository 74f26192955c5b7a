//! Shared helpers for end-to-end tests: the RISC-V GNU toolchain, the
//! `vitrine` binary, and `qemu-system-riscv64` as the reference machine.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

pub const AS: &str = "riscv64-unknown-elf-as";
pub const LD: &str = "riscv64-unknown-elf-ld";
pub const QEMU: &str = "qemu-system-riscv64";

/// The repository root (where Cargo.toml of the root package lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True if `prog` runs (`prog --version` succeeds).
pub fn have(prog: &str) -> bool {
    Command::new(prog)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Panics with a clear message if the GNU RISC-V toolchain is missing:
/// CI installs it, so a missing tool is a setup error, not a skip.
pub fn require_toolchain() {
    assert!(
        have(AS) && have(LD),
        "{AS}/{LD} not found: apt-get install binutils-riscv64-unknown-elf"
    );
}

/// A fresh scratch directory under target/ for build products of one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = root().join("target").join("e2e-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Assemble `sources` (paths to .S files, preprocessed by `as` includes
/// relative to tests/) and link them at 0x8000_0000 into `out_dir/name.elf`.
pub fn build_elf(name: &str, sources: &[&Path], out_dir: &Path) -> PathBuf {
    require_toolchain();
    let mut objs = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let obj = out_dir.join(format!("{name}.{i}.o"));
        let out = Command::new(AS)
            .args(["-march=rv64gc", "-mabi=lp64d", "-I"])
            .arg(root().join("tests"))
            .arg("-o")
            .arg(&obj)
            .arg(src)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "assembling {}: {}",
            src.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        objs.push(obj);
    }
    let elf = out_dir.join(format!("{name}.elf"));
    let out = Command::new(LD)
        .arg("-T")
        .arg(root().join("tests/support/link.ld"))
        .arg("-o")
        .arg(&elf)
        .args(&objs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "linking {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    elf
}

/// Assemble one source given as text.
pub fn build_elf_from_text(name: &str, asm: &str, out_dir: &Path) -> PathBuf {
    let src = out_dir.join(format!("{name}.S"));
    std::fs::write(&src, asm).unwrap();
    build_elf(name, &[&src], out_dir)
}

/// Run `vitrine` with `args`; stdin is empty. A run longer than two minutes
/// is killed and fails the test (a hung guest must not hang CI).
pub fn vitrine(args: &[&str]) -> Output {
    vitrine_with_input(args, None)
}

/// `vitrine` with `input` piped to its stdin (the guest's console).
pub fn vitrine_with_input(args: &[&str], input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(data) = input {
        let mut stdin = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut stdin, data).unwrap();
        // Dropping stdin closes it: the guest sees end of input after `data`.
    }
    // Drain the pipes on threads so a chatty guest cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out_pipe, &mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err_pipe, &mut v).ok();
        v
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("vitrine {args:?} still running after 120 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// Run a bare-metal ELF on QEMU's `virt` board (M-mode at 0x8000_0000),
/// killing it after `timeout`. Returns None if QEMU is not installed.
pub fn qemu(elf: &Path, timeout: Duration) -> Option<Output> {
    qemu_with(elf, &[], timeout)
}

/// `qemu` with extra QEMU arguments (e.g. `-append`, `-initrd`).
pub fn qemu_with(elf: &Path, extra: &[&str], timeout: Duration) -> Option<Output> {
    if !have(QEMU) {
        return None;
    }
    let out = Command::new("timeout")
        .arg(format!("{}", timeout.as_secs().max(1)))
        .args([
            QEMU, "-machine", "virt", "-bios", "none", "-m", "512M", "-display", "none",
            "-monitor", "none", "-serial", "stdio", "-kernel",
        ])
        .arg(elf)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(out)
}

/// One run of the built-in OS: `vitrine [flags] -c CMD`.
pub struct GuestRun {
    pub status: Option<i32>,
    /// The console from the line after "kernel: starting /bin/init" on.
    pub console: String,
    /// The emulator's counters (`--stats-json`).
    pub stats: serde_json::Value,
}

impl GuestRun {
    /// The emulator's count of exceptions with cause name `cause`
    /// (e.g. "store_page_fault").
    pub fn exceptions(&self, cause: &str) -> u64 {
        self.stats["traps"]["exceptions"][cause]
            .as_u64()
            .unwrap_or(0)
    }
}

/// Boot the built-in OS with `flags` and run shell command `cmd` in it.
pub fn guest(flags: &[&str], cmd: &str) -> GuestRun {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let json = std::env::temp_dir().join(format!("vitrine-stats-{}-{n}.json", std::process::id()));
    // --verbose: the boot log (up to "kernel: starting") and the power-off
    // line with its free-frame count, which -c otherwise leaves out.
    let mut args: Vec<&str> = vec!["--verbose"];
    args.extend(flags);
    let json_s = json.to_str().unwrap().to_string();
    args.extend(["--stats-json", &json_s, "-c", cmd]);
    let out = vitrine(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let console = match stdout.find("\nkernel: starting ") {
        Some(i) => stdout[i + 1..]
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .to_string(),
        None => panic!(
            "init did not start:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    let stats = std::fs::read_to_string(&json)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null);
    let _ = std::fs::remove_file(&json);
    GuestRun {
        status: out.status.code(),
        console,
        stats,
    }
}

/// The number after `key=` in the first console line starting with
/// `prefix` (e.g. `num(out, "cow: child", "delta")`).
pub fn num(console: &str, prefix: &str, key: &str) -> i64 {
    let line = console
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in:\n{console}"));
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.trim_end_matches(',').parse().ok())
        .unwrap_or_else(|| panic!("no {key}=N in {line:?}"))
}

/// Frames free at power-off, counting page-cache frames as free.
pub fn frames_free(console: &str) -> u64 {
    let line = console
        .lines()
        .rfind(|l| l.starts_with("kernel: power off, exit status "))
        .unwrap_or_else(|| panic!("no power-off line:\n{console}"));
    let n = line.rsplit_once('(').unwrap().1;
    let parsed = n.strip_suffix(" in the page cache)").and_then(|n| {
        let (free, cached) = n.split_once(" frames free, ")?;
        Some(free.parse::<u64>().ok()? + cached.parse::<u64>().ok()?)
    });
    parsed.unwrap_or_else(|| panic!("bad power-off line: {line}"))
}

/// Runs the interactive shell (init's console shell), feeding it console
/// input: for each (text, input), waits until `text` appears in the output
/// after what the previous step waited for (then a moment more), and types
/// `input`. Returns the exit status and the output.
pub fn interactive(steps: &[(&str, &[u8])]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let mut pipe = child.stdout.take().unwrap();
    let o = out.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = std::io::Read::read(&mut pipe, &mut buf) {
            if n == 0 {
                break;
            }
            o.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut from = 0;
    for (what, input) in steps {
        let start = std::time::Instant::now();
        loop {
            let found = out.lock().unwrap()[from..].find(what);
            if let Some(at) = found {
                from += at + what.len();
                break;
            }
            if start.elapsed() > std::time::Duration::from_secs(60) {
                let _ = child.kill();
                panic!("no {what:?}:\n{}", out.lock().unwrap());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        std::thread::sleep(std::time::Duration::from_millis(1000));
        std::io::Write::write_all(&mut stdin, input).unwrap();
        std::io::Write::flush(&mut stdin).unwrap();
    }
    drop(stdin);
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("guest hung:\n{}", out.lock().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    reader.join().unwrap();
    let s = out.lock().unwrap().clone();
    (status.code(), s)
}
