//! `vitrine plot`: charts from `--trace` files, with the series a student
//! looks for (tasks by comm and pid, labelled axes).

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn trace(dir: &std::path::Path, name: &str, flags: &[&str], cmd: &str) -> String {
    let path = dir.join(name).to_str().unwrap().to_string();
    let mut args = flags.to_vec();
    args.extend(["--trace", &path, "-c", cmd]);
    let out = vitrine(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    path
}

#[test]
fn plots_of_cfs_cow_and_tlb_modes() {
    let dir = scratch_dir("plot");
    let cfs = trace(&dir, "cfs.json", &[], "cfsdemo");
    let asid = trace(&dir, "asid.json", &[], "forkloop 30");
    let flush = trace(
        &dir,
        "flush.json",
        &["--append", "tlb=flush"],
        "forkloop 30",
    );
    let out_dir = dir.join("charts");
    let out = vitrine(&[
        "plot",
        &cfs,
        &asid,
        &flush,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let chart = |f: &str| {
        let s = std::fs::read_to_string(out_dir.join(f)).unwrap();
        assert!(
            s.starts_with("<svg") && s.len() > 2000,
            "{f} is not a chart"
        );
        s
    };
    // cfsdemo's three workers, by comm and pid, against guest time.
    let v = chart("vruntime.svg");
    for label in [
        "cfsdemo (5)",
        "cfsdemo (6)",
        "cfsdemo (7)",
        "vruntime (ms)",
        "guest time (ms)",
    ] {
        assert!(v.contains(label), "vruntime.svg lacks {label:?}");
    }
    let share = chart("cpu-share.svg");
    assert!(share.contains("CPU share (%)") && share.contains("cfsdemo (6)"));
    let f = chart("faults-rss.svg");
    assert!(f.contains("page faults") && f.contains("RSS (KiB)") && f.contains("cfsdemo"));
    // One line per trace: the ASID run and the flush run.
    let t = chart("tlb-misses.svg");
    for label in ["cfs", "asid", "flush", "misses / 1,000 instructions"] {
        assert!(
            t.contains(&format!(">{label}<")) || t.contains(label),
            "tlb-misses.svg lacks {label:?}"
        );
    }
}

#[test]
fn a_file_that_is_not_a_trace_gets_one_line() {
    let dir = scratch_dir("plot-bad");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "not json").unwrap();
    let out = vitrine(&[
        "plot",
        bad.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("vitrine: plot: ") && err.contains("not a JSON trace"),
        "{err}"
    );
    let out = vitrine(&["plot"]);
    assert_eq!(out.status.code(), Some(2));
}
