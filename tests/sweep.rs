//! `vitrine sweep`: one exact run per TLB geometry, a table and a plot.

mod support;

use support::*;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The (iTLB misses, dTLB misses, walks) columns of geometry `g`'s row.
fn row(table: &str, g: &str) -> (u64, u64, u64) {
    let cols: Vec<&str> = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(g))
        .unwrap_or_else(|| panic!("no row for {g}:\n{table}"))
        .split_whitespace()
        .collect();
    let n = |i: usize| cols[i].parse::<u64>().unwrap();
    (n(2), n(4), n(6))
}

#[test]
fn a_sweep_shows_tlb_reach_exactly() {
    let dir = scratch_dir("sweep");
    let svg = dir.join("sweep.svg");
    let out = vitrine(&[
        "sweep",
        "--tlb",
        "8x1,64x4",
        "--plot",
        svg.to_str().unwrap(),
        "-c",
        "cow -m 2",
    ]);
    let table = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{table}{}", text(&out.stderr));
    assert!(
        table.contains("the same guest output, exit status and instruction count"),
        "{table}"
    );
    // Per task too: the teaching kernel names its tasks.
    assert!(table.contains("per task: iTLB / dTLB misses"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.split_whitespace().nth(1) == Some("cow")),
        "{table}"
    );
    // A small TLB misses more than a large one: the reach experiment.
    let small = row(&table, "8x1");
    let large = row(&table, "64x4");
    assert!(
        small.0 > large.0 && small.1 > large.1 && small.2 > large.2,
        "{table}"
    );
    // Exact: the sweep's numbers are those of a plain run with that TLB.
    let json = dir.join("one.json");
    let one = vitrine(&[
        "--tlb",
        "64x4",
        "--stats-json",
        json.to_str().unwrap(),
        "-c",
        "cow -m 2",
    ]);
    assert_eq!(one.status.code(), Some(0));
    let stats: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let tlb = &stats["tlb"];
    let walks = tlb["itlb"]["walks"].as_u64().unwrap() + tlb["dtlb"]["walks"].as_u64().unwrap();
    assert_eq!(
        large,
        (
            tlb["itlb"]["misses"].as_u64().unwrap(),
            tlb["dtlb"]["misses"].as_u64().unwrap(),
            walks
        )
    );
    // The plot has the three series, labelled.
    let plot = std::fs::read_to_string(&svg).unwrap();
    assert!(plot.starts_with("<svg"), "{plot:.80}");
    for label in [
        "iTLB misses",
        "dTLB misses",
        "page walks",
        "8x1",
        "64x4",
        "per 1,000 instructions",
    ] {
        assert!(plot.contains(label), "the plot lacks {label:?}");
    }
}

#[test]
fn bad_sweeps_get_one_line_and_status_2() {
    for args in [
        &["sweep", "-c", "true"][..],
        &["sweep", "--tlb", "8x3", "-c", "true"][..],
        &["sweep", "--tlb", "8", "--no-such-flag", "-c", "true"][..],
        &[
            "sweep",
            "--tlb",
            "8",
            "--plot",
            "/nonexistent/dir/p.svg",
            "-c",
            "true",
        ][..],
    ] {
        let out = vitrine(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).is_empty(), "{args:?}");
    }
}
