//! `vitrine sweep`: the TLB-reach experiment, exact rather than sampled.
//!
//! ```text
//! vitrine sweep --tlb 8x1,16x2,32x4,64x4,256x8 [--jobs N] [--plot FILE.svg] [RUN OPTIONS] -c CMD
//! ```
//!
//! The same deterministic workload runs once per TLB geometry, each run a
//! child `vitrine` process (as many at a time as there are cores, or
//! `--jobs`), with its counters written by `--stats-json`. Guest time does
//! not depend on the TLB (one instruction, one cycle), so every run has the
//! same schedule and the same guest output; only the TLB's hits, misses and
//! walks differ. The table gives iTLB and dTLB misses and page walks, per
//! 1,000 instructions, for each geometry: overall, and per task when the
//! guest kernel announces its tasks (the `tasks` array of the JSON).
//! `--plot FILE.svg` draws the same numbers (plotters, SVG: no font files
//! needed).
//!
//! Everything happens at the edge: the runs are ordinary runs, this module
//! only starts them and reads their JSON.

use crate::cli::parse_tlb;
use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// One geometry's run: what the child printed and counted.
struct Run {
    geometry: String,
    exit_code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    stats: Value,
}

/// What one run's counters say, per 1,000 instructions.
#[derive(Clone, Copy, Default, PartialEq, Debug)]
pub struct Rates {
    pub instructions: u64,
    pub itlb_misses: u64,
    pub dtlb_misses: u64,
    pub walks: u64,
}

impl Rates {
    fn per_k(n: u64, insns: u64) -> f64 {
        if insns == 0 {
            0.0
        } else {
            n as f64 * 1000.0 / insns as f64
        }
    }
    pub fn itlb_per_k(&self) -> f64 {
        Self::per_k(self.itlb_misses, self.instructions)
    }
    pub fn dtlb_per_k(&self) -> f64 {
        Self::per_k(self.dtlb_misses, self.instructions)
    }
    pub fn walks_per_k(&self) -> f64 {
        Self::per_k(self.walks, self.instructions)
    }

    /// The machine-wide numbers of a `--stats-json` report.
    pub fn of_report(stats: &Value) -> Rates {
        let n = |v: &Value| v.as_u64().unwrap_or(0);
        Rates {
            instructions: n(&stats["instructions"]["total"]),
            itlb_misses: n(&stats["tlb"]["itlb"]["misses"]),
            dtlb_misses: n(&stats["tlb"]["dtlb"]["misses"]),
            walks: n(&stats["tlb"]["itlb"]["walks"]) + n(&stats["tlb"]["dtlb"]["walks"]),
        }
    }

    /// One task's numbers from the report's `tasks` array.
    fn of_task(task: &Value) -> Rates {
        let n = |v: &Value| v.as_u64().unwrap_or(0);
        let tlb = &task["tlb"];
        Rates {
            instructions: n(&task["instructions"]["total"]),
            itlb_misses: n(&tlb["itlb"]["misses"]),
            dtlb_misses: n(&tlb["dtlb"]["misses"]),
            walks: n(&tlb["itlb"]["walks"]) + n(&tlb["dtlb"]["walks"]),
        }
    }
}

/// The options of `vitrine sweep`, and the run options passed on.
#[derive(Debug)]
struct SweepArgs {
    geometries: Vec<String>,
    jobs: usize,
    plot: Option<PathBuf>,
    run: Vec<OsString>,
}

const USAGE: &str = "usage: vitrine sweep --tlb G1,G2,... [--jobs N] [--plot FILE.svg] [RUN OPTIONS] (-c CMD | PROGRAM)
  Runs the workload once per TLB geometry G (ENTRIES or ENTRIESxWAYS, as --tlb)
  and prints iTLB/dTLB misses and page walks per 1,000 instructions, overall and
  per task; --plot draws them. RUN OPTIONS are those of `vitrine run`.";

fn parse(args: &[OsString]) -> Result<SweepArgs, String> {
    let mut geometries = None;
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut plot = None;
    let mut run = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let s = arg.to_string_lossy();
        let (name, inline) = match s.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (s.to_string(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .map(|v| v.to_string_lossy().into_owned())
                    .ok_or_else(|| format!("sweep: {what} needs a value")),
            }
        };
        match name.as_str() {
            "--tlb" => {
                let list = value("--tlb")?;
                let mut gs = Vec::new();
                for g in list.split(',').map(str::trim).filter(|g| !g.is_empty()) {
                    parse_tlb(g).map_err(|e| format!("sweep: --tlb {e}"))?;
                    gs.push(g.to_string());
                }
                geometries = Some(gs);
            }
            "--jobs" | "-j" => {
                jobs = value("--jobs")?
                    .parse()
                    .ok()
                    .filter(|&n: &usize| n > 0)
                    .ok_or("sweep: --jobs wants a number of processes, at least 1")?;
            }
            "--plot" => plot = Some(PathBuf::from(value("--plot")?)),
            "--stats-json" | "--stats" | "--trace" | "--debug" => {
                return Err(format!(
                    "sweep: {name} is for one run; the sweep makes its own"
                ))
            }
            _ => run.push(arg.clone()),
        }
    }
    let geometries = geometries.ok_or("sweep: --tlb G1,G2,... is required")?;
    if geometries.is_empty() {
        return Err("sweep: --tlb lists no geometry".into());
    }
    Ok(SweepArgs {
        geometries,
        jobs,
        plot,
        run,
    })
}

/// `vitrine sweep ARGS`: returns the exit status.
pub fn main(args: &[OsString]) -> i32 {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return 0;
    }
    let args = match parse(args) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("vitrine: {msg}");
            eprintln!("{USAGE}");
            return crate::cli::EXIT_USAGE;
        }
    };
    // The run options must make sense before anything starts.
    let mut probe: Vec<OsString> = vec!["vitrine".into()];
    probe.extend(args.run.iter().cloned());
    if let Err(e) = <crate::cli::Cli as clap::Parser>::try_parse_from(probe) {
        let _ = e.print();
        return crate::cli::EXIT_USAGE;
    }
    if let Some(plot) = &args.plot {
        if let Err(e) = std::fs::write(plot, b"") {
            eprintln!("vitrine: sweep: {}: {e}", plot.display());
            return crate::cli::EXIT_USAGE;
        }
    }
    let dir = std::env::temp_dir().join(format!("vitrine-sweep-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("vitrine: sweep: {}: {e}", dir.display());
        return crate::machine::EXIT_CANNOT_RUN;
    }
    let runs = run_all(&args, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let runs = match runs {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("vitrine: sweep: {msg}");
            return crate::machine::EXIT_CANNOT_RUN;
        }
    };
    report(&args, &runs)
}

/// Run the workload once per geometry, `jobs` at a time; in the order given.
fn run_all(args: &SweepArgs, dir: &Path) -> Result<Vec<Run>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find vitrine itself: {e}"))?;
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Result<Run, String>>>> =
        Mutex::new((0..args.geometries.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..args.jobs.min(args.geometries.len()) {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(g) = args.geometries.get(i) else {
                    break;
                };
                let r = run_one(&exe, g, &args.run, &dir.join(format!("{i}.json")));
                results.lock().unwrap()[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.expect("every geometry ran"))
        .collect()
}

fn run_one(exe: &Path, geometry: &str, run: &[OsString], json: &Path) -> Result<Run, String> {
    let out = Command::new(exe)
        .args(run)
        .arg("--tlb")
        .arg(geometry)
        .arg("--stats-json")
        .arg(json)
        .arg("--stats=task")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let stats = std::fs::read_to_string(json)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    Ok(Run {
        geometry: geometry.to_string(),
        exit_code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
        stats,
    })
}

/// Print the table (and draw the plot); the exit status is the workload's
/// when every run agrees, else 1.
fn report(args: &SweepArgs, runs: &[Run]) -> i32 {
    if let Some(bad) = runs.iter().find(|r| r.stats.is_null()) {
        eprintln!(
            "vitrine: sweep: the run with --tlb {} failed (exit status {}):",
            bad.geometry,
            bad.exit_code.map_or("none".into(), |c| c.to_string())
        );
        eprint!("{}", String::from_utf8_lossy(&bad.stderr));
        return 1;
    }
    let rates: Vec<Rates> = runs.iter().map(|r| Rates::of_report(&r.stats)).collect();
    print!("{}", table(runs, &rates));
    print!("{}", task_table(runs));
    let same_output = runs.windows(2).all(|w| w[0].stdout == w[1].stdout);
    let same_exit = runs.windows(2).all(|w| w[0].exit_code == w[1].exit_code);
    let same_insns = rates
        .windows(2)
        .all(|w| w[0].instructions == w[1].instructions);
    if same_output && same_exit && same_insns {
        println!(
            "\nAll {} runs: the same guest output, exit status and instruction count; only the TLB differs.",
            runs.len()
        );
    } else {
        println!("\nWARNING: the runs differ beyond the TLB (output, exit status or instructions): the workload is not deterministic.");
    }
    if let Some(path) = &args.plot {
        match plot(path, runs, &rates) {
            Ok(()) => println!("Plot: {}", path.display()),
            Err(e) => {
                eprintln!("vitrine: sweep: {}: {e}", path.display());
                return 1;
            }
        }
    }
    if same_exit {
        runs[0].exit_code.unwrap_or(1)
    } else {
        1
    }
}

fn table(runs: &[Run], rates: &[Rates]) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{:>10} {:>14} {:>12} {:>10} {:>12} {:>10} {:>12} {:>10}\n",
        "TLB",
        "instructions",
        "iTLB misses",
        "/1k insns",
        "dTLB misses",
        "/1k insns",
        "walks",
        "/1k insns"
    ));
    for (r, x) in runs.iter().zip(rates) {
        s.push_str(&format!(
            "{:>10} {:>14} {:>12} {:>10.3} {:>12} {:>10.3} {:>12} {:>10.3}\n",
            r.geometry,
            x.instructions,
            x.itlb_misses,
            x.itlb_per_k(),
            x.dtlb_misses,
            x.dtlb_per_k(),
            x.walks,
            x.walks_per_k()
        ));
    }
    s
}

/// dTLB and iTLB misses per 1,000 instructions of each task, one column
/// per geometry (tasks by pid, as the first run lists them).
fn task_table(runs: &[Run]) -> String {
    let Some(tasks) = runs[0].stats["tasks"].as_array() else {
        return String::new();
    };
    if tasks.is_empty() {
        return String::new();
    }
    let key = |t: &Value| (t["pid"].as_i64(), t["tid"].as_i64(), t["satp"].as_u64());
    let mut s =
        String::from("\nper task: iTLB / dTLB misses per 1,000 of the task's instructions\n");
    s.push_str(&format!("{:>7} {:<16}", "pid", "comm"));
    for r in runs {
        s.push_str(&format!(" {:>17}", r.geometry));
    }
    s.push('\n');
    for t in tasks {
        let pid = t["pid"].as_i64().map_or("-".into(), |p| p.to_string());
        let comm = t["comm"].as_str().unwrap_or("?");
        s.push_str(&format!("{pid:>7} {comm:<16}"));
        for r in runs {
            let same = r.stats["tasks"]
                .as_array()
                .and_then(|ts| ts.iter().find(|x| key(x) == key(t)));
            match same {
                Some(x) => {
                    let x = Rates::of_task(x);
                    s.push_str(&format!(" {:>8.2}/{:<8.2}", x.itlb_per_k(), x.dtlb_per_k()));
                }
                None => s.push_str(&format!(" {:>17}", "-")),
            }
        }
        s.push('\n');
    }
    s
}

/// The sweep as an SVG line chart: misses and walks per 1,000
/// instructions against the geometries, in the order given.
fn plot(path: &Path, runs: &[Run], rates: &[Rates]) -> Result<(), String> {
    use plotters::prelude::*;
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let top = rates
        .iter()
        .flat_map(|r| [r.itlb_per_k(), r.dtlb_per_k(), r.walks_per_k()])
        .fold(0.0f64, f64::max)
        .max(1e-3)
        * 1.1;
    let n = runs.len();
    let labels: Vec<String> = runs.iter().map(|r| r.geometry.clone()).collect();
    let program = runs[0].stats["program"].as_str().unwrap_or("").to_string();
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("TLB reach: misses per 1,000 instructions ({program})"),
            ("sans-serif", 20),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0.0..top)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("TLB geometry per side (entries x ways)")
        .y_desc("per 1,000 instructions")
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        })
        .draw()
        .map_err(|e| err(&e))?;
    let series: [(&str, RGBColor, fn(&Rates) -> f64); 3] = [
        ("iTLB misses", BLUE, Rates::itlb_per_k),
        ("dTLB misses", RED, Rates::dtlb_per_k),
        ("page walks", GREEN, Rates::walks_per_k),
    ];
    for (name, color, f) in series {
        let points: Vec<(f64, f64)> = rates
            .iter()
            .enumerate()
            .map(|(i, r)| (i as f64, f(r)))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart
            .draw_series(
                points
                    .into_iter()
                    .map(|p| Circle::new(p, 4, color.filled())),
            )
            .map_err(|e| err(&e))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_and_run_options_are_told_apart() {
        let a = parse(&os(&[
            "--tlb", "8x1,64x4", "--jobs=3", "-m", "64M", "-c", "cow",
        ]))
        .unwrap();
        assert_eq!(a.geometries, ["8x1", "64x4"]);
        assert_eq!(a.jobs, 3);
        assert_eq!(a.run, os(&["-m", "64M", "-c", "cow"]));
    }

    #[test]
    fn bad_sweeps_are_refused() {
        assert!(parse(&os(&["-c", "cow"])).unwrap_err().contains("--tlb"));
        assert!(parse(&os(&["--tlb", "8x3", "-c", "x"]))
            .unwrap_err()
            .contains("--tlb"));
        assert!(parse(&os(&["--tlb", "8", "--jobs", "0"])).is_err());
        assert!(parse(&os(&["--tlb", "8", "--stats-json", "f"])).is_err());
    }

    #[test]
    fn rates_per_thousand_instructions() {
        let r = Rates {
            instructions: 2000,
            itlb_misses: 3,
            dtlb_misses: 10,
            walks: 13,
        };
        assert_eq!(r.itlb_per_k(), 1.5);
        assert_eq!(r.dtlb_per_k(), 5.0);
        assert_eq!(Rates::default().walks_per_k(), 0.0);
    }
}
