//! `vitrine plot TRACE.json [TRACE2.json ...] [--out DIR]`: charts of what
//! a `--trace` file recorded, as SVG files drawn with plotters (SVG only:
//! the text is left to the viewer, so no font files are needed).
//!
//! From the first trace:
//! - `vruntime.svg`: each task's CFS vruntime against guest time (the
//!   kernel's value at each switch-in), one line per task, `comm (pid)`;
//! - `cpu-share.svg`: the share of the CPU each task had, per window of a
//!   hundredth of the run, from the trace's running slices (what the
//!   vruntimes produce: with nice weights, a steady split);
//! - `faults-rss.svg`: each task's page faults so far and its RSS, against
//!   guest time (cow: the child's copy-on-write faults when it writes).
//!
//! From every trace given, one line each (e.g. a run with `tlb=asid` and
//! one with `tlb=flush`):
//! - `tlb-misses.svg`: TLB misses per 1,000 instructions against guest time.
//!
//! The trace is read as the Chrome trace-event JSON that `trace.rs` writes;
//! this module only reads files, at the edge.

use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A task as the trace names it: (pid, tid).
type TaskKey = (u64, u64);

/// What the charts need from one trace.
#[derive(Default, Debug)]
pub struct TraceData {
    /// What the trace says ran (its `otherData.program`) and its file name.
    pub label: String,
    /// thread_name of each task.
    pub names: BTreeMap<TaskKey, String>,
    /// Counter samples per task: name -> task -> [(ms, value)].
    pub counters: BTreeMap<String, BTreeMap<TaskKey, Vec<(f64, f64)>>>,
    /// Machine-wide counter samples: name -> [(ms, value)].
    pub machine: BTreeMap<String, Vec<(f64, f64)>>,
    /// Running slices (cat "sched") of guest tasks: (task, start ms, end ms).
    pub running: Vec<(TaskKey, f64, f64)>,
    /// Page faults per task, in time order (ms).
    pub faults: BTreeMap<TaskKey, Vec<f64>>,
    /// Guest time at the end of the run, ms.
    pub end_ms: f64,
}

/// The pid the trace gives its machine-wide counters (trace.rs).
const MACHINE_PID: u64 = crate::trace::MACHINE_PID as u64;

impl TraceData {
    /// Read a trace file; a one-line error if it is not a Vitrine trace.
    pub fn read(path: &Path) -> Result<TraceData, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a JSON trace ({e})", path.display()))?;
        let events = json["traceEvents"]
            .as_array()
            .ok_or_else(|| format!("{}: no traceEvents: not a --trace file", path.display()))?;
        let file = path
            .file_stem()
            .map_or(String::new(), |f| f.to_string_lossy().into_owned());
        let program = json["otherData"]["program"].as_str().unwrap_or("");
        let mut d = TraceData {
            // The file's name says what the run was (asid.json, flush.json);
            // a bare-metal program's path is worth adding.
            label: match program {
                "" | "built-in OS" => file,
                p => format!("{file} ({p})"),
            },
            ..TraceData::default()
        };
        for e in events {
            let (pid, tid) = (
                e["pid"].as_u64().unwrap_or(0),
                e["tid"].as_u64().unwrap_or(0),
            );
            let ms = e["ts"].as_f64().unwrap_or(0.0) / 1000.0;
            let name = e["name"].as_str().unwrap_or("");
            match e["ph"].as_str().unwrap_or("") {
                "M" if name == "thread_name" => {
                    if let Some(n) = e["args"]["name"].as_str() {
                        d.names.insert((pid, tid), n.to_string());
                    }
                }
                "C" => {
                    // One value per counter event; its track is the task
                    // (a thread's is named "NAME tid N").
                    let Some(v) = e["args"]
                        .as_object()
                        .and_then(|a| a.values().next()?.as_f64())
                    else {
                        continue;
                    };
                    let (base, tid) = match name.rsplit_once(" tid ") {
                        Some((b, t)) => (b, t.parse().unwrap_or(pid)),
                        None => (name, pid),
                    };
                    if pid == MACHINE_PID {
                        d.machine.entry(base.to_string()).or_default().push((ms, v));
                    } else {
                        let series = d.counters.entry(base.to_string()).or_default();
                        series.entry((pid, tid)).or_default().push((ms, v));
                    }
                }
                "X" if e["cat"] == "sched" && pid != 0 => {
                    let dur = e["dur"].as_f64().unwrap_or(0.0) / 1000.0;
                    d.running.push(((pid, tid), ms, ms + dur));
                    d.end_ms = d.end_ms.max(ms + dur);
                }
                "X" => {
                    let dur = e["dur"].as_f64().unwrap_or(0.0) / 1000.0;
                    d.end_ms = d.end_ms.max(ms + dur);
                }
                "i" if e["cat"] == "mm" => d.faults.entry((pid, tid)).or_default().push(ms),
                _ => {}
            }
        }
        if let Some(end) = json["otherData"]["end_us"].as_f64() {
            d.end_ms = d.end_ms.max(end / 1000.0);
        }
        Ok(d)
    }

    /// "comm (pid)" or "comm (pid/tid)" for a thread.
    fn name(&self, k: TaskKey) -> String {
        let comm = self.names.get(&k).map_or("?", String::as_str);
        if k.0 == k.1 {
            format!("{comm} ({})", k.0)
        } else {
            format!("{comm} ({}/{})", k.0, k.1)
        }
    }

    /// The tasks that ran for at least `min` of the run, busiest first,
    /// at most `max` of them: the lines worth drawing.
    fn busiest(&self, min: f64, max: usize) -> Vec<TaskKey> {
        let mut run: BTreeMap<TaskKey, f64> = BTreeMap::new();
        for &(k, s, e) in &self.running {
            *run.entry(k).or_default() += e - s;
        }
        let mut v: Vec<(TaskKey, f64)> = run
            .into_iter()
            .filter(|&(_, t)| t >= min * self.end_ms)
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().take(max).map(|(k, _)| k).collect()
    }

    /// The share of the CPU task `k` has had since it first ran, at the
    /// end of each of its slices and of everyone else's: (ms, 0..=1).
    /// With CFS and steady loads it settles at weight / total weight.
    pub fn cpu_share(&self, k: TaskKey) -> Vec<(f64, f64)> {
        let Some(first) = self.running.iter().find(|r| r.0 == k).map(|r| r.1) else {
            return Vec::new();
        };
        let mut mine = 0.0;
        let mut points = Vec::new();
        for &(t, s, e) in &self.running {
            if e <= first {
                continue;
            }
            if t == k {
                mine += e - s;
            }
            if e > first {
                points.push((e, mine / (e - first)));
            }
        }
        points
    }

    /// A machine counter sampled at irregular times (each value holds
    /// since the previous sample) as averages over `n` equal windows.
    pub fn windowed(&self, samples: &[(f64, f64)], n: usize) -> Vec<(f64, f64)> {
        let w = self.end_ms / n as f64;
        if w <= 0.0 {
            return Vec::new();
        }
        let (mut sum, mut covered) = (vec![0.0; n], vec![0.0; n]);
        let mut prev = 0.0;
        for &(t, v) in samples {
            let (s, e) = (prev, t);
            prev = t;
            let (first, last) = ((s / w) as usize, ((e / w) as usize).min(n - 1));
            for i in first..=last.max(first).min(n - 1) {
                let (ws, we) = (i as f64 * w, (i + 1) as f64 * w);
                let d = (e.min(we) - s.max(ws)).max(0.0);
                sum[i] += v * d;
                covered[i] += d;
            }
        }
        (0..n)
            .filter(|&i| covered[i] > 0.0)
            .map(|i| ((i as f64 + 0.5) * w, sum[i] / covered[i]))
            .collect()
    }
}

const USAGE: &str = "usage: vitrine plot TRACE.json [TRACE2.json ...] [--out DIR]
  Draws SVG charts from --trace files: vruntime.svg, cpu-share.svg and
  faults-rss.svg from the first, tlb-misses.svg with one line per trace.";

/// `vitrine plot ARGS`: returns the exit status.
pub fn main(args: &[OsString]) -> i32 {
    let mut traces = Vec::new();
    let mut out = PathBuf::from(".");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--help" | "-h") => {
                println!("{USAGE}");
                return 0;
            }
            Some("--out" | "-o") => match it.next() {
                Some(d) => out = PathBuf::from(d),
                None => return usage("--out needs a directory"),
            },
            Some(s) if s.starts_with("--out=") => out = PathBuf::from(&s[6..]),
            Some(s) if s.starts_with('-') => return usage(&format!("unknown option {s}")),
            _ => traces.push(PathBuf::from(a)),
        }
    }
    if traces.is_empty() {
        return usage("no trace file given");
    }
    let data: Result<Vec<TraceData>, String> = traces.iter().map(|p| TraceData::read(p)).collect();
    let data = match data {
        Ok(d) => d,
        Err(msg) => {
            eprintln!("vitrine: plot: {msg}");
            return crate::cli::EXIT_USAGE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("vitrine: plot: {}: {e}", out.display());
        return crate::cli::EXIT_USAGE;
    }
    let charts: [(&str, &dyn Fn(&Path) -> Result<(), String>); 4] = [
        ("vruntime.svg", &|p| vruntime(p, &data[0])),
        ("cpu-share.svg", &|p| cpu_share(p, &data[0])),
        ("faults-rss.svg", &|p| faults_rss(p, &data[0])),
        ("tlb-misses.svg", &|p| tlb_misses(p, &data)),
    ];
    for (file, draw) in charts {
        let path = out.join(file);
        if let Err(e) = draw(&path) {
            eprintln!("vitrine: plot: {}: {e}", path.display());
            return 1;
        }
        println!("{}", path.display());
    }
    0
}

fn usage(msg: &str) -> i32 {
    eprintln!("vitrine: plot: {msg}");
    eprintln!("{USAGE}");
    crate::cli::EXIT_USAGE
}

/// Line colours, one per series (plotters' palette).
fn color(i: usize) -> plotters::style::PaletteColor<plotters::style::Palette99> {
    use plotters::style::Palette;
    plotters::style::Palette99::pick(i)
}

/// One chart of lines: (label, points) against guest time in ms.
fn lines(
    area: &plotters::drawing::DrawingArea<plotters::prelude::SVGBackend, plotters::coord::Shift>,
    title: &str,
    y_desc: &str,
    x_max: f64,
    series: &[(String, Vec<(f64, f64)>)],
    step: bool,
) -> Result<(), String> {
    use plotters::prelude::*;
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let y_max = series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|&(_, y)| y))
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.08;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..x_max.max(1e-9), 0.0..y_max)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("guest time (ms)")
        .y_desc(y_desc)
        .draw()
        .map_err(|e| err(&e))?;
    for (i, (label, points)) in series.iter().enumerate() {
        let c = color(i);
        let pts: Vec<(f64, f64)> = if step {
            // A value holds until the next sample (counters, cumulative counts).
            let mut v = Vec::with_capacity(points.len() * 2 + 1);
            for (j, &(x, y)) in points.iter().enumerate() {
                if j > 0 {
                    v.push((x, points[j - 1].1));
                }
                v.push((x, y));
            }
            if let Some(&(_, y)) = points.last() {
                v.push((x_max, y));
            }
            v
        } else {
            points.clone()
        };
        chart
            .draw_series(LineSeries::new(pts, c.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::MiddleRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    Ok(())
}

fn svg(
    path: &Path,
    height: u32,
) -> plotters::drawing::DrawingArea<plotters::prelude::SVGBackend<'_>, plotters::coord::Shift> {
    use plotters::prelude::*;
    let root = SVGBackend::new(path, (960, height)).into_drawing_area();
    let _ = root.fill(&WHITE);
    root
}

/// The tasks a chart draws: the busiest that ran at least 1 % of the run.
const MAX_LINES: usize = 8;

fn vruntime(path: &Path, d: &TraceData) -> Result<(), String> {
    let tracks = d.counters.get("vruntime (ns)");
    let series: Vec<(String, Vec<(f64, f64)>)> = d
        .busiest(0.01, MAX_LINES)
        .into_iter()
        .filter_map(|k| {
            let pts = tracks?.get(&k)?;
            Some((d.name(k), pts.iter().map(|&(t, v)| (t, v / 1e6)).collect()))
        })
        .collect();
    let root = svg(path, 560);
    lines(
        &root,
        "CFS vruntime of each task",
        "vruntime (ms)",
        d.end_ms,
        &series,
        false,
    )?;
    root.present().map_err(|e| e.to_string())
}

fn cpu_share(path: &Path, d: &TraceData) -> Result<(), String> {
    let series: Vec<(String, Vec<(f64, f64)>)> = d
        .busiest(0.01, MAX_LINES)
        .into_iter()
        .map(|k| {
            (
                d.name(k),
                d.cpu_share(k)
                    .into_iter()
                    .map(|(t, s)| (t, s * 100.0))
                    .collect(),
            )
        })
        .collect();
    let root = svg(path, 560);
    lines(
        &root,
        "CPU share of each task since it first ran",
        "CPU share (%)",
        d.end_ms,
        &series,
        false,
    )?;
    root.present().map_err(|e| e.to_string())
}

fn faults_rss(path: &Path, d: &TraceData) -> Result<(), String> {
    let mut tasks: Vec<(TaskKey, usize)> = d.faults.iter().map(|(k, v)| (*k, v.len())).collect();
    tasks.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    tasks.truncate(MAX_LINES);
    let faults: Vec<(String, Vec<(f64, f64)>)> = tasks
        .iter()
        .map(|&(k, _)| {
            let pts = d.faults[&k]
                .iter()
                .enumerate()
                .map(|(i, &t)| (t, (i + 1) as f64))
                .collect();
            (d.name(k), pts)
        })
        .collect();
    let rss_tracks = d.counters.get("RSS (KiB)");
    let rss: Vec<(String, Vec<(f64, f64)>)> = tasks
        .iter()
        .filter_map(|&(k, _)| Some((d.name(k), rss_tracks?.get(&k)?.clone())))
        .collect();
    let root = svg(path, 900);
    let (top, bottom) = root.split_vertically(450);
    lines(
        &top,
        "Page faults of each task so far",
        "page faults",
        d.end_ms,
        &faults,
        true,
    )?;
    lines(
        &bottom,
        "Resident set of each task",
        "RSS (KiB)",
        d.end_ms,
        &rss,
        true,
    )?;
    root.present().map_err(|e| e.to_string())
}

fn tlb_misses(path: &Path, all: &[TraceData]) -> Result<(), String> {
    const PER_K: &str = "TLB misses per 1k instructions";
    let series: Vec<(String, Vec<(f64, f64)>)> = all
        .iter()
        .map(|d| {
            (
                d.label.clone(),
                d.windowed(d.machine.get(PER_K).map_or(&[][..], |v| v), 100),
            )
        })
        .collect();
    if series.iter().all(|(_, p)| p.is_empty()) {
        return Err(format!("no \"{PER_K}\" counter in the trace(s)"));
    }
    let end = all.iter().map(|d| d.end_ms).fold(0.0, f64::max);
    let root = svg(path, 560);
    lines(
        &root,
        "TLB misses per 1,000 instructions (iTLB + dTLB; mean over 1/100 of the run)",
        "misses / 1,000 instructions",
        end,
        &series,
        false,
    )?;
    root.present().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_share_is_run_time_over_time_since_first_run() {
        let mut d = TraceData {
            end_ms: 10.0,
            ..TraceData::default()
        };
        d.running.push(((4, 4), 0.0, 2.0));
        d.running.push(((5, 5), 2.0, 4.0));
        d.running.push(((4, 4), 4.0, 6.0));
        assert_eq!(
            d.cpu_share((4, 4)),
            vec![(2.0, 1.0), (4.0, 0.5), (6.0, 4.0 / 6.0)]
        );
        assert_eq!(d.cpu_share((5, 5)), vec![(4.0, 1.0), (6.0, 0.5)]);
        assert!(d.cpu_share((9, 9)).is_empty());
    }

    #[test]
    fn windowed_averages_weigh_by_time() {
        let d = TraceData {
            end_ms: 10.0,
            ..TraceData::default()
        };
        // 2.0 over 0..5, 4.0 over 5..10; two windows of 5 ms.
        assert_eq!(
            d.windowed(&[(5.0, 2.0), (10.0, 4.0)], 2),
            vec![(2.5, 2.0), (7.5, 4.0)]
        );
        // One sample covering both windows.
        assert_eq!(d.windowed(&[(10.0, 3.0)], 2), vec![(2.5, 3.0), (7.5, 3.0)]);
    }
}
