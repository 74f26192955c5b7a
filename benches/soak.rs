//! Soak: `cargo bench --bench soak` runs the experiments and the shell
//! over and over for 10 minutes of host time (VITRINE_SOAK_SECS to
//! shorten), one `vitrine` process per round, each round a dozen
//! iterations of `cow; forkexec; threads; clonedemo; forkbomb 100` and
//! the page cache dropped, rounds cycling through four ways of watching
//! the run: plain, `--stats=task`, `--stats=task --trace FILE`, and a GDB
//! stub waiting for a client (`--gdb tcp::0`: the debugger's per-block
//! hook polls for a connection while the guest runs).
//!
//! Checked, and printed as a table:
//! - guest kernel tables do not grow: MemFree (page cache dropped) is the
//!   same after every iteration of a round, and the free frames at
//!   power-off are the same in every round;
//! - counters do not overflow and the run is the same every time: the
//!   instructions retired (--stats-json) are equal in every round of a
//!   configuration and far from 2^63;
//! - host RSS is flat in the second half of a round (growth in MiB/s after
//!   the guest has touched its working set), for plain and --stats=task
//!   runs. --trace keeps the timeline's events in memory until exit (it
//!   writes one sorted JSON file) and the GDB stub's debugger keeps its
//!   reverse-execution history: both grow with the run by design; their
//!   rates are printed, not held to zero.
//!
//! Exits non-zero when a check fails.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ITERATIONS: usize = 12;

fn workload() -> String {
    "cow >/dev/null; forkexec >/dev/null; threads >/dev/null; clonedemo >/dev/null; \
     forkbomb 100 >/dev/null; echo 3 > /proc/sys/vm/drop_caches; grep MemFree /proc/meminfo; "
        .repeat(ITERATIONS)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Round {
    config: &'static str,
    secs: f64,
    peak_mib: f64,
    /// RSS growth over the second half of the round, MiB/s.
    growth: f64,
    mem_free: Vec<u64>,
    frames: Option<u64>,
    instret: Option<u64>,
    exit: Option<i32>,
}

fn round(config: &'static str, flags: &[&str], dir: &std::path::Path) -> Round {
    let json = dir.join("stats.json");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.args(flags)
        .arg("--verbose")
        .arg("--stats-json")
        .arg(&json)
        .arg("-c")
        .arg(workload())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let t = Instant::now();
    let mut child = cmd.spawn().expect("run vitrine");
    let pid = child.id();
    let out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(out).unwrap_or_default());
    let mut samples = Vec::new();
    while child.try_wait().unwrap().is_none() {
        if let Some(r) = rss_kib(pid) {
            samples.push((t.elapsed().as_secs_f64(), r));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = child.wait().unwrap();
    let secs = t.elapsed().as_secs_f64();
    let console = reader.join().unwrap();
    let peak = samples.iter().map(|s| s.1).max().unwrap_or(0);
    let half: Vec<_> = samples.iter().filter(|s| s.0 >= secs / 2.0).collect();
    let growth = match (half.first(), half.last()) {
        (Some(a), Some(b)) if b.0 > a.0 => (b.1 as f64 - a.1 as f64) / 1024.0 / (b.0 - a.0),
        _ => 0.0,
    };
    let mem_free = console
        .lines()
        .filter_map(|l| l.strip_prefix("MemFree:"))
        .filter_map(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .collect();
    let frames = console
        .lines()
        .rfind(|l| l.starts_with("kernel: power off"))
        .and_then(|l| {
            l.rsplit_once('(')?
                .1
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        });
    let instret = std::fs::read_to_string(&json)
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| v["instructions"]["total"].as_u64());
    Round {
        config,
        secs,
        peak_mib: peak as f64 / 1024.0,
        growth,
        mem_free,
        frames,
        instret,
        exit: status.code(),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("soak: bench");
        return;
    }
    let secs: u64 = std::env::var("VITRINE_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let dir = std::env::temp_dir().join(format!("vitrine-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trace = dir.join("trace.json");
    let trace = trace.to_str().unwrap();
    let configs: [(&str, Vec<&str>); 4] = [
        ("plain", vec![]),
        ("stats=task", vec!["--stats=task"]),
        ("trace", vec!["--stats=task", "--trace", trace]),
        ("gdb stub", vec!["--gdb", "tcp::0", "--stats=task"]),
    ];
    let start = Instant::now();
    let mut rounds = Vec::new();
    let mut k = 0;
    while rounds.is_empty() || start.elapsed().as_secs() < secs || rounds.len() < configs.len() {
        let (name, flags) = &configs[k % configs.len()];
        rounds.push(round(name, flags, &dir));
        k += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);

    let mut failed = false;
    let frames0 = rounds[0].frames;
    // Per configuration: a debugging session's kernel command line lacks
    // the `tty=raw` a run with a non-terminal stdin gets (cli.rs), a few
    // hundred instructions of parsing.
    let instret0 = |config: &str| {
        rounds
            .iter()
            .find(|r| r.config == config)
            .and_then(|r| r.instret)
    };
    println!(
        "{:<12} {:>7} {:>9} {:>12} {:>9} {:>13} {:>14}  verdict",
        "round", "secs", "peak MiB", "MiB/s (2nd)", "MemFree", "frames@off", "instructions"
    );
    for r in &rounds {
        let mut why = Vec::new();
        if r.exit != Some(0) {
            why.push(format!("exit {:?}", r.exit));
        }
        if r.mem_free.len() != ITERATIONS || r.mem_free.windows(2).any(|w| w[0] != w[1]) {
            why.push(format!("MemFree moved: {:?}", r.mem_free));
        }
        if r.frames.is_none() || r.frames != frames0 {
            why.push("frames at power-off differ".into());
        }
        if r.instret.is_none() || r.instret != instret0(r.config) || r.instret.unwrap() >= 1 << 62 {
            why.push("instruction count differs or is near overflow".into());
        }
        let by_design = matches!(r.config, "trace" | "gdb stub");
        if !by_design && r.growth > 1.0 {
            why.push(format!("host RSS grows {:.2} MiB/s", r.growth));
        }
        failed |= !why.is_empty();
        println!(
            "{:<12} {:>7.1} {:>9.0} {:>12.2} {:>9} {:>13} {:>14}  {}",
            r.config,
            r.secs,
            r.peak_mib,
            r.growth,
            r.mem_free.last().map_or("?".into(), |v| v.to_string()),
            r.frames.map_or("?".into(), |v| v.to_string()),
            r.instret.map_or("?".into(), |v| v.to_string()),
            if why.is_empty() {
                if by_design {
                    "ok (grows by design)".to_string()
                } else {
                    "ok".to_string()
                }
            } else {
                why.join("; ")
            }
        );
    }
    println!(
        "soak: {} rounds in {:.0} s, {} iterations each",
        rounds.len(),
        start.elapsed().as_secs_f64(),
        ITERATIONS
    );
    if failed {
        std::process::exit(1);
    }
}
