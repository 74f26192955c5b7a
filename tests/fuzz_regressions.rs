//! Replays the host fuzz targets' inputs (`fuzz/`): the committed corpus
//! (`fuzz/corpus/TARGET/*`, the seeds and what fuzzing kept as covering
//! something new) and every crash fuzzing found (`fuzz/regressions/TARGET/*`,
//! kept after the fix), through the same functions the libFuzzer targets
//! call. A failure names the target and the file; `fuzz/run.sh TARGET
//! SECONDS` fuzzes further.

use std::path::{Path, PathBuf};
use vitrine_fuzz::TARGETS;

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(d) => d
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

fn replay(kind: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut n = 0;
    for (name, run) in TARGETS {
        for file in inputs(&root.join(name)) {
            let data = std::fs::read(&file).unwrap();
            let result = std::panic::catch_unwind(|| run(&data));
            assert!(
                result.is_ok(),
                "fuzz target {name} fails on {}",
                file.display()
            );
            n += 1;
        }
    }
    n
}

#[test]
fn the_corpus_of_every_target_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, _) in TARGETS {
        assert!(
            !inputs(&root.join(name)).is_empty(),
            "fuzz/corpus/{name} is empty: run fuzz/seeds.sh"
        );
    }
    assert!(replay("corpus") > 0);
}

#[test]
fn every_crash_found_stays_fixed() {
    replay("regressions");
}
