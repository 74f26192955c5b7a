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

/// The unmodified third-party archive `name` in `../shared/thirdparty/`
/// (riscv-tests, xv6-riscv), or `None` after saying why when it is not
/// there: in CI (`CI` set) that is a failure, on a clone without
/// `../shared` the caller skips.
pub fn thirdparty(name: &str) -> Option<PathBuf> {
    // `VITRINE_THIRDPARTY` names the directory where a checkout has no
    // `../shared` beside it (a git worktree elsewhere).
    let dir = std::env::var_os("VITRINE_THIRDPARTY")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/thirdparty"));
    let tarball = dir.join(name);
    if tarball.exists() {
        return Some(tarball);
    }
    let msg = format!(
        "{} not found: it is needed for this test (see shared/thirdparty/README.md)",
        tarball.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("skipping: {msg}");
    None
}

/// A name part no other process or thread building at the same time uses
/// (tests of one binary run as threads of one process).
pub fn tmp_suffix() -> String {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{n}", std::process::id())
}

/// Extracts `tarball` (once) into `dest_parent`, where it creates
/// `top` (the archive's top directory); returns that directory.
pub fn extract(tarball: &Path, dest_parent: &Path, top: &str) -> PathBuf {
    let dest = dest_parent.join(top);
    if dest.is_dir() {
        return dest;
    }
    let tmp = dest_parent.join(format!("{top}.tmp-{}", tmp_suffix()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let out = Command::new("tar")
        .arg("xzf")
        .arg(tarball)
        .arg("-C")
        .arg(&tmp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "extracting {}: {}",
        tarball.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    if std::fs::rename(tmp.join(top), &dest).is_err() {
        assert!(dest.is_dir(), "could not extract {}", tarball.display());
    }
    let _ = std::fs::remove_dir_all(&tmp);
    dest
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

/// `vitrine` with `input` piped to its stdin (the guest's console); the
/// guest sees end of input after it.
pub fn vitrine_with_input(args: &[&str], input: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.args(args);
    run_command(cmd, input, &format!("vitrine {args:?}"))
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

// ---------------------------------------------------------------------
// Linux programs (`vitrine ./a.out`), compared with qemu-riscv64.

/// Debian's cross compiler for Linux riscv64 (glibc), and QEMU's user mode.
pub const LINUX_CC: &str = "riscv64-linux-gnu-gcc";
pub const QEMU_USER: &str = "qemu-riscv64";

/// How a Linux program is linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// `-static`: glibc linked in.
    Static,
    /// Against the shared glibc (the kernel loads ld-linux-riscv64-lp64d.so.1).
    Dynamic,
}

/// Panics with a clear message if the Linux cross compiler is missing: CI
/// installs it (.ci/run), so a missing compiler is a setup error, not a skip.
pub fn require_linux_cc() {
    assert!(
        have(LINUX_CC),
        "{LINUX_CC} not found: apt-get install gcc-riscv64-linux-gnu libc6-dev-riscv64-cross"
    );
}

/// Panics with a clear message if qemu-riscv64 (the reference) is missing.
pub fn require_qemu_user() {
    assert!(
        have(QEMU_USER),
        "{QEMU_USER} not found: apt-get install qemu-user"
    );
}

/// FNV-1a, for cache names of programs given as source text.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.iter().chain([0xffu8].iter()) {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// A Linux riscv64 program built with `riscv64-linux-gnu-gcc -O2`
/// (`-static` for [`Link::Static`]), cached under target/linux-programs
/// (rebuilt when the source or the flags change).
/// `name_or_src` is either a name from tests/linux/ ("hello" is
/// tests/linux/hello.c; "articles/cow" is tests/linux/articles/cow.c,
/// built as `cow`) or C source text (anything with a newline).
pub fn linux_program(name_or_src: &str, link: Link) -> PathBuf {
    linux_program_with(name_or_src, link, &[])
}

/// [`linux_program`] with extra compiler flags (e.g. `-pthread`).
pub fn linux_program_with(name_or_src: &str, link: Link, flags: &[&str]) -> PathBuf {
    require_linux_cc();
    let dir = root().join("target").join("linux-programs");
    std::fs::create_dir_all(&dir).unwrap();
    let (stem, src): (String, Vec<u8>) = if name_or_src.contains('\n') {
        (
            format!("src-{:016x}", fnv(&[name_or_src.as_bytes()])),
            name_or_src.as_bytes().to_vec(),
        )
    } else {
        let path = root().join("tests/linux").join(format!("{name_or_src}.c"));
        let src = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = name_or_src.rsplit('/').next().unwrap_or(name_or_src);
        (stem.to_string(), src)
    };
    let mut args: Vec<&str> = vec!["-O2", "-Wall"];
    if link == Link::Static {
        args.push("-static");
    }
    args.extend(flags);
    let key = fnv(&[&src, args.join(" ").as_bytes()]);
    let kind = if link == Link::Static {
        "static"
    } else {
        "dynamic"
    };
    // One directory per build, the program under its own name (its comm
    // in the guest, argv[0]'s last part).
    let dir = dir.join(format!("{stem}-{kind}-{key:016x}"));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(&stem);
    if out.exists() {
        return out;
    }
    // Build beside, then rename: tests running at once (threads of one
    // process, too) may build the same one.
    let unique = tmp_suffix();
    let c = dir.join(format!("{stem}-{unique}.c"));
    std::fs::write(&c, &src).unwrap();
    let tmp = out.with_extension(format!("tmp{unique}"));
    let built = Command::new(LINUX_CC)
        .args(&args)
        .arg("-o")
        .arg(&tmp)
        .arg(&c)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&c);
    assert!(
        built.status.success(),
        "{LINUX_CC} {args:?} {name_or_src}: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    std::fs::rename(&tmp, &out).unwrap();
    out
}

/// One run of a program: its exit status as a shell reports it (the exit
/// code, or 128 + N when signal N killed it), stdout and stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Ran {
    fn of(out: Output) -> Ran {
        use std::os::unix::process::ExitStatusExt;
        let status = match (out.status.code(), out.status.signal()) {
            (Some(c), _) => c,
            (None, Some(sig)) => 128 + sig,
            (None, None) => -1,
        };
        Ran {
            status,
            stdout: out.stdout,
            stderr: out.stderr,
        }
    }

    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// The same program run by vitrine and by qemu-riscv64.
#[derive(Debug)]
pub struct Compared {
    pub vitrine: Ran,
    pub qemu: Ran,
}

impl Compared {
    /// Status, stdout and stderr are identical, byte for byte.
    pub fn assert_same(&self) {
        self.assert_same_after(|b| b.to_vec());
    }

    /// Identical once both outputs went through `normalise` (for what
    /// differs by nature: pids, times).
    pub fn assert_same_after(&self, normalise: impl Fn(&[u8]) -> Vec<u8>) {
        let (v, q) = (&self.vitrine, &self.qemu);
        let show = |r: &Ran| {
            format!(
                "status {}\n--- stdout\n{}--- stderr\n{}",
                r.status,
                r.stdout_text(),
                r.stderr_text()
            )
        };
        let same = v.status == q.status
            && normalise(&v.stdout) == normalise(&q.stdout)
            && normalise(&v.stderr) == normalise(&q.stderr);
        assert!(
            same,
            "vitrine and qemu-riscv64 differ\n=== vitrine: {}\n=== qemu-riscv64: {}",
            show(v),
            show(q)
        );
    }
}

/// The environment a launched program gets in the teaching OS (init's):
/// qemu-riscv64 is given the same, instead of the host's.
pub const LAUNCH_ENV: &[(&str, &str)] = &[("PATH", "/bin"), ("HOME", "/")];

/// Run `cmd` with `stdin` (or none), killing it after two minutes.
fn run_command(mut cmd: Command, stdin: Option<&[u8]>, what: &str) -> Output {
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    if let Some(data) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let data = data.to_vec();
        std::thread::spawn(move || {
            let _ = std::io::Write::write_all(&mut pipe, &data);
        });
    }
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
            panic!("{what} still running after 120 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    }
}

/// `vitrine [flags] PROG ARGS...` with `stdin` piped in (None: empty).
pub fn run_linux(flags: &[&str], prog: &Path, args: &[&str], stdin: Option<&[u8]>) -> Ran {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.args(flags).arg(prog).args(args);
    Ran::of(run_command(cmd, stdin, "vitrine"))
}

/// `qemu-riscv64 PROG ARGS...` with the launched program's environment.
pub fn run_qemu_user(prog: &Path, args: &[&str], stdin: Option<&[u8]>) -> Ran {
    require_qemu_user();
    let mut cmd = Command::new(QEMU_USER);
    cmd.env_clear().envs(LAUNCH_ENV.iter().copied());
    // Where a dynamic program's interpreter and libraries are.
    cmd.args(["-L", "/usr/riscv64-linux-gnu"]);
    cmd.arg(prog).args(args);
    Ran::of(run_command(cmd, stdin, QEMU_USER))
}

/// Run `prog` with `args` and `stdin` under vitrine and qemu-riscv64;
/// nothing is normalised (see [`Compared::assert_same_after`]).
pub fn compare_with_qemu(prog: &Path, args: &[&str], stdin: Option<&[u8]>) -> Compared {
    Compared {
        vitrine: run_linux(&[], prog, args, stdin),
        qemu: run_qemu_user(prog, args, stdin),
    }
}
