//! Differential testing of vitrine against QEMU (`qemu-system-riscv64 -machine
//! virt -bios none`) on seeded random RV64GC programs.
//!
//! Each program (see `difftest/randgen.rs` for the generator, its register
//! conventions and the dump format) initializes every register and a 4 KiB
//! scratch region with random values, runs N random instructions, then dumps
//! x1..x31, f0..f31 (raw bits), fcsr and the scratch region over the UART.
//! Both machines must print identical dumps. On a mismatch the harness
//! shrinks the program by binary search on the number of items (the item
//! stream of a seed does not depend on N, so shorter programs are prefixes)
//! and prints the first item after which the dumps differ, the operand values
//! just before it and the differing values after it.
//!
//! Tests: `difftest_random` (all classes mixed) and one test per instruction
//! class (`difftest_int_only`, `difftest_mem_only`, `difftest_fp_only`,
//! `difftest_compressed_only`, `difftest_amo_only`, `difftest_control_only`,
//! `difftest_smc_only`),
//! each with its own seed range, so a failure points at an extension.
//! If `qemu-system-riscv64` is not installed the tests print a message and
//! pass (CI installs it); the GNU RISC-V binutils are required.
//!
//! Environment knobs:
//! * `VITRINE_DIFFTEST_SEEDS`: either a count `N` (each test runs N seeds
//!   starting at its own base: 0 for `difftest_random`, 1000, 2000, ... for
//!   the class tests), or explicit absolute seeds: a range `A..B` (B
//!   excluded) or a list `A,B,C` (a single seed: `A..A+1` or `A,`). Use
//!   explicit seeds with a test-name filter to reproduce a failure:
//!   `VITRINE_DIFFTEST_SEEDS=3007, cargo test --test difftest difftest_fp_only`.
//!   Default: 20 seeds for `difftest_random`, 8 for each class test.
//! * `VITRINE_DIFFTEST_INSNS`: items (instructions or small instruction groups)
//!   per program. Default: 10,000 for `difftest_random`, 3,000 for class tests.
//! * `VITRINE_DIFFTEST_NO_SHRINK=1`: report mismatches without shrinking
//!   (by default the first two failing seeds of each test are shrunk).
//!
//! Seed bases: random 0, int 1000, mem 2000, fp 3000, compressed 4000,
//! amo 5000, control 6000, smc 7000.
//!
//! Programs and ELFs are built in `target/e2e-scratch/difftest-<test>.<pid>/`,
//! which is deleted when every seed agrees and kept (for reproduction) otherwise.

#[path = "support/mod.rs"]
mod support;

#[path = "difftest/randgen.rs"]
mod randgen;

use randgen::{Program, Weights};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const WORKERS: usize = 2;
const QEMU_TIMEOUT: Duration = Duration::from_secs(30);
/// QEMU runs each program in well under a second; so must vitrine.
const VITRINE_TIMEOUT_SECS: u64 = 15;
/// Failing seeds per test that are shrunk.
const MAX_SHRINKS: usize = 2;

/// The outcome of one run: the dumped values, or why there is no dump.
type Dump = Result<Vec<u64>, String>;

fn parse_dump(out: &Output) -> Dump {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let describe = |why: &str| {
        let tail: String = {
            let s = stdout.trim_end();
            let start = s.char_indices().rev().nth(400).map_or(0, |(i, _)| i);
            s[start..].to_string()
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stderr = stderr.trim();
        let stderr = &stderr[..stderr.len().min(400)];
        format!(
            "{why} (exit status {:?}); stdout tail: {tail:?}; stderr: {stderr:?}",
            out.status.code()
        )
    };
    if let Some(t) = stdout.lines().find(|l| l.starts_with("TRAP ")) {
        return Err(describe(&format!("trapped: {t}")));
    }
    if out.status.code() == Some(124) {
        return Err(describe("killed by `timeout`: hung, or far too slow"));
    }
    let mut lines = stdout.lines().skip_while(|l| l.trim() != "BEGIN");
    if lines.next().is_none() {
        return Err(describe("no BEGIN line in the output"));
    }
    let mut vals = Vec::with_capacity(randgen::NUM_DUMP_LINES);
    for i in 0..randgen::NUM_DUMP_LINES {
        match lines.next().map(|l| u64::from_str_radix(l.trim(), 16)) {
            Some(Ok(v)) => vals.push(v),
            _ => {
                return Err(describe(&format!(
                    "dump incomplete or malformed at value {i}"
                )))
            }
        }
    }
    if lines.next().map(str::trim) != Some("END") {
        return Err(describe("no END line after the dump"));
    }
    if out.status.code() != Some(0) {
        return Err(describe("full dump but a non-zero exit status"));
    }
    Ok(vals)
}

fn run_qemu(elf: &Path) -> Dump {
    let out = support::qemu(elf, QEMU_TIMEOUT).expect("qemu disappeared");
    parse_dump(&out)
}

fn run_vitrine(elf: &Path) -> Dump {
    let out = Command::new("timeout")
        .arg(VITRINE_TIMEOUT_SECS.to_string())
        .arg(env!("CARGO_BIN_EXE_vitrine"))
        .arg("run")
        .arg(elf)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    parse_dump(&out)
}

/// Run `f` over `items` on `WORKERS` threads; results in input order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WORKERS.min(items.len()).max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= items.len() {
                            return done;
                        }
                        done.push((i, f(&items[i])));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    results.sort_by_key(|r| r.0);
    results.into_iter().map(|r| r.1).collect()
}

/// Seeds and program length for a test, from the defaults and the environment.
fn plan(base: u64, default_seeds: u64, default_insns: usize) -> (Vec<u64>, usize) {
    let seeds = match std::env::var("VITRINE_DIFFTEST_SEEDS") {
        Ok(spec) => parse_seeds(&spec, base)
            .unwrap_or_else(|| panic!("bad VITRINE_DIFFTEST_SEEDS {spec:?}")),
        Err(_) => (base..base + default_seeds).collect(),
    };
    let insns = match std::env::var("VITRINE_DIFFTEST_INSNS") {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("bad VITRINE_DIFFTEST_INSNS {v:?}")),
        Err(_) => default_insns,
    };
    (seeds, insns)
}

fn parse_seeds(spec: &str, base: u64) -> Option<Vec<u64>> {
    let spec = spec.trim();
    if let Some((a, b)) = spec.split_once("..") {
        let (a, b): (u64, u64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return Some((a..b).collect());
    }
    if spec.contains(',') {
        return spec
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse().ok())
            .collect();
    }
    let n: u64 = spec.parse().ok()?;
    Some((base..base + n).collect())
}

/// The lines of an item without the result-hash updates (the only lines
/// that mention x29 or x31).
fn code_lines(item: &str) -> impl Iterator<Item = &str> {
    item.lines().filter(|l| {
        let code = l.split('#').next().unwrap_or("");
        !code
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|t| t == "x29" || t == "x31")
    })
}

/// Tokens of an item's text that name registers (`x5`, `f17`).
fn regs_in(text: &str) -> Vec<String> {
    let mut regs: Vec<String> = Vec::new();
    for line in code_lines(text) {
        let code = line.split('#').next().unwrap_or("");
        for tok in code.split(|c: char| !c.is_ascii_alphanumeric()) {
            let ok = tok.len() >= 2
                && (tok.starts_with('x') || tok.starts_with('f'))
                && tok[1..].chars().all(|c| c.is_ascii_digit())
                && tok[1..].parse::<u32>().is_ok_and(|n| n < 32);
            if ok && !regs.iter().any(|r| r == tok) {
                regs.push(tok.to_string());
            }
        }
    }
    regs
}

/// Registers that an item writes (first operand of a non-store, non-branch
/// line) before a later line of the item reads them.
fn written_before_read(item: &str) -> Vec<String> {
    let mut written: Vec<String> = Vec::new();
    let mut result = Vec::new();
    for line in code_lines(item) {
        let code = line.split('#').next().unwrap_or("").trim();
        if code.ends_with(':') || code.is_empty() {
            continue;
        }
        let (mnemonic, ops) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
        let ops: Vec<&str> = ops.split(',').map(str::trim).collect();
        for op in ops.iter().skip(1) {
            for r in regs_in(op) {
                if written.contains(&r) && !result.contains(&r) {
                    result.push(r);
                }
            }
        }
        let no_dest = mnemonic.starts_with('b')
            || mnemonic.starts_with("c.b")
            || [
                "sb", "sh", "sw", "sd", "fsw", "fsd", "c.sw", "c.sd", "c.swsp", "c.sdsp", "c.fsd",
                "c.fsdsp",
            ]
            .contains(&mnemonic);
        if !no_dest {
            if let Some(d) = ops.first() {
                written.extend(regs_in(d));
            }
        }
    }
    result
}

fn reg_value(dump: &[u64], reg: &str) -> u64 {
    let n: usize = reg[1..].parse().unwrap();
    match (reg.as_bytes()[0], n) {
        (b'x', 0) => 0,
        (b'x', n) => dump[n - 1],
        (_, n) => dump[31 + n],
    }
}

fn diff_lines(q: &[u64], v: &[u64]) -> Vec<String> {
    (0..q.len())
        .filter(|&i| q[i] != v[i])
        .map(|i| {
            format!(
                "{:<18} qemu={:016x} vitrine={:016x}",
                randgen::dump_line_name(i),
                q[i],
                v[i]
            )
        })
        .collect()
}

struct Case<'a> {
    test: &'a str,
    weights: Weights,
    dir: PathBuf,
}

impl Case<'_> {
    fn build(&self, prog: &Program, n: usize) -> PathBuf {
        let name = if n == prog.items.len() {
            format!("seed{}", prog.seed)
        } else {
            format!("seed{}-n{n}", prog.seed)
        };
        support::build_elf_from_text(&name, &prog.text(n), &self.dir)
    }

    /// Both dumps for the first `n` items. Panics if QEMU does not produce
    /// a full dump: that is a generator bug, not a vitrine bug.
    fn run(&self, prog: &Program, n: usize) -> (Vec<u64>, Dump) {
        let elf = self.build(prog, n);
        let q = run_qemu(&elf).unwrap_or_else(|e| {
            panic!(
                "[{}] seed {} n={n}: QEMU did not run the program cleanly: {e}",
                self.test, prog.seed
            )
        });
        (q, run_vitrine(&elf))
    }

    /// `None` if both machines agree on seed's program, else a report (and
    /// the program, for shrinking).
    fn check_seed(&self, seed: u64, n: usize) -> Option<(String, Program)> {
        let prog = randgen::generate(seed, n, self.weights);
        let (q, v) = self.run(&prog, n);
        let mut rep = format!("[{}] seed {seed} ({n} items): ", self.test);
        match &v {
            Ok(v) if *v == q => return None,
            Ok(v) => {
                let d = diff_lines(&q, v);
                rep += &format!(
                    "{} of {} dumped values differ; first: {}\n",
                    d.len(),
                    q.len(),
                    d[0]
                );
                for l in d.iter().skip(1).take(7) {
                    rep += &format!("      also: {l}\n");
                }
            }
            Err(e) => rep += &format!("vitrine produced no dump: {e}\n"),
        }
        rep += &format!(
            "  program: {}/seed{seed}.S\n  reproduce: VITRINE_DIFFTEST_SEEDS={seed}, VITRINE_DIFFTEST_INSNS={n} cargo test --test difftest {}\n",
            self.dir.display(),
            self.test
        );
        Some((rep, prog))
    }

    /// Binary search for the first item after which the dumps differ.
    fn shrink(&self, prog: &Program, n: usize) -> String {
        let differs = |k: usize| -> (bool, Vec<u64>, Dump) {
            let (q, v) = self.run(prog, k);
            (v.as_ref().map_or(true, |v| *v != q), q, v)
        };
        let (d0, q0, v0) = differs(0);
        if d0 {
            let what = match &v0 {
                Ok(v) => diff_lines(&q0, v)
                    .into_iter()
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n      "),
                Err(e) => e.clone(),
            };
            return format!("  shrunk: even the program with 0 items (prologue + epilogue only) differs:\n      {what}\n");
        }
        // Invariant: `lo` items agree, `hi` items differ.
        let (mut lo, mut hi) = (0, n);
        let mut lo_dump = q0;
        let mut hi_dumps = None;
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            let (d, q, v) = differs(mid);
            if d {
                hi = mid;
                hi_dumps = Some((q, v));
            } else {
                lo = mid;
                lo_dump = q;
            }
        }
        let (hq, hv) = match hi_dumps {
            Some(x) => x,
            None => {
                let (_, q, v) = differs(hi);
                (q, v)
            }
        };
        let item = &prog.items[hi - 1];
        let mut rep = format!(
            "  shrunk: the first {lo} items agree, {hi} differ; item #{} (file {}/seed{}-n{hi}.S):\n",
            hi - 1,
            self.dir.display(),
            prog.seed
        );
        let ctx_start = (hi - 1).saturating_sub(3);
        for (i, it) in prog.items[ctx_start..hi - 1].iter().enumerate() {
            for l in code_lines(it) {
                rep += &format!("        (#{}) {}\n", ctx_start + i, l.trim());
            }
        }
        for l in code_lines(item) {
            rep += &format!("     >> {}\n", l.trim());
        }
        rep += "        (the result-hash update of each item is not shown; x31 is the hash)\n";
        let regs = regs_in(item);
        if !regs.is_empty() {
            let set_in_item = written_before_read(item);
            rep += "    registers before it (both machines agree): ";
            rep += &regs
                .iter()
                .map(|r| {
                    let note = if set_in_item.contains(r) {
                        "(then set by the item)"
                    } else {
                        ""
                    };
                    format!("{r}={:016x}{note}", reg_value(&lo_dump, r))
                })
                .collect::<Vec<_>>()
                .join(" ");
            rep += &format!(" fcsr={:02x}\n", lo_dump[63]);
        }
        match hv {
            Ok(v) => {
                rep += "    after it:\n";
                for l in diff_lines(&hq, &v).iter().take(8) {
                    rep += &format!("      {l}\n");
                }
            }
            Err(e) => rep += &format!("    after it vitrine produced no dump: {e}\n"),
        }
        rep
    }
}

fn run_suite(test: &str, weights: Weights, base: u64, default_seeds: u64, default_insns: usize) {
    if !support::have(support::QEMU) {
        eprintln!(
            "{test}: SKIPPED: {} not installed (CI installs it)",
            support::QEMU
        );
        return;
    }
    support::require_toolchain();
    let (seeds, insns) = plan(base, default_seeds, default_insns);
    let case = Case {
        test,
        weights,
        // One directory per process: concurrent `cargo test` runs in the same
        // tree must not delete each other's files. Removed if all seeds agree.
        dir: support::scratch_dir(&format!("difftest-{test}.{}", std::process::id())),
    };
    let t = std::time::Instant::now();
    let failed: Vec<(String, Program)> = par_map(&seeds, |&s| case.check_seed(s, insns))
        .into_iter()
        .flatten()
        .collect();
    // Shrink the first few failures only: each probe runs both machines, and
    // a vitrine hang costs VITRINE_TIMEOUT_SECS per probe.
    let shrink = std::env::var_os("VITRINE_DIFFTEST_NO_SHRINK").is_none();
    let shrink_n = if shrink {
        MAX_SHRINKS.min(failed.len())
    } else {
        0
    };
    let mut failures: Vec<String> = par_map(&failed[..shrink_n], |(rep, prog)| {
        rep.clone() + &case.shrink(prog, insns)
    });
    failures.extend(
        failed[shrink_n..]
            .iter()
            .map(|(rep, _)| rep.clone() + "  (not shrunk)\n"),
    );
    eprintln!(
        "{test}: {} of {} seeds agree ({insns} items each) in {:.1?}",
        seeds.len() - failures.len(),
        seeds.len(),
        t.elapsed()
    );
    if failures.is_empty() {
        let _ = std::fs::remove_dir_all(&case.dir);
    } else {
        for f in &failures {
            eprintln!("{f}");
        }
        panic!(
            "{test}: {} of {} seeds differ between vitrine and QEMU (details above)",
            failures.len(),
            seeds.len()
        );
    }
}

#[test]
fn difftest_random() {
    run_suite("difftest_random", Weights::all(), 0, 20, 10_000);
}

#[test]
fn difftest_int_only() {
    run_suite("difftest_int_only", Weights::int_only(), 1000, 8, 3_000);
}

#[test]
fn difftest_mem_only() {
    run_suite("difftest_mem_only", Weights::mem_only(), 2000, 8, 3_000);
}

#[test]
fn difftest_fp_only() {
    run_suite("difftest_fp_only", Weights::fp_only(), 3000, 8, 3_000);
}

#[test]
fn difftest_compressed_only() {
    run_suite(
        "difftest_compressed_only",
        Weights::compressed_only(),
        4000,
        8,
        3_000,
    );
}

#[test]
fn difftest_amo_only() {
    run_suite("difftest_amo_only", Weights::amo_only(), 5000, 8, 3_000);
}

#[test]
fn difftest_control_only() {
    run_suite(
        "difftest_control_only",
        Weights::control_only(),
        6000,
        8,
        3_000,
    );
}

#[test]
fn difftest_smc_only() {
    run_suite("difftest_smc_only", Weights::smc_only(), 7000, 8, 3_000);
}

/// The generator itself: deterministic per seed, and shorter programs are
/// prefixes of longer ones (which shrinking relies on). Needs no tools.
#[test]
fn difftest_generator_is_deterministic_and_prefix_stable() {
    for seed in [0, 1, 77] {
        let a = randgen::generate(seed, 400, Weights::all());
        let b = randgen::generate(seed, 400, Weights::all());
        let c = randgen::generate(seed, 150, Weights::all());
        assert_eq!(a.text(400), b.text(400));
        assert_eq!(a.text(150), c.text(150));
        assert_ne!(
            a.text(400),
            randgen::generate(seed + 1, 400, Weights::all()).text(400)
        );
    }
}
