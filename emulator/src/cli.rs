//! The `vitrine` command line.

use crate::machine::{stdin_reader, Machine, MachineConfig, EXIT_CANNOT_RUN};
use crate::stats::{Report, ReportInput};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Instant;
use vitrine_mmu::TlbConfig;

#[derive(Parser, Debug)]
#[command(
    name = "vitrine",
    version,
    about = "A RISC-V RV64GC system emulator that makes OS internals visible",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no subcommand, `vitrine [OPTIONS] [PROGRAM]` is `vitrine run`.
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a bare-metal RV64 ELF program (UART on the terminal; exit code from the guest).
    Run(RunArgs),
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The ELF program to run (loaded at its physical addresses, started in
    /// M-mode). Without one, the built-in teaching kernel boots.
    #[arg(value_name = "PROGRAM")]
    pub program: Option<PathBuf>,

    /// Same as PROGRAM, spelled like QEMU's flag.
    #[arg(long, value_name = "ELF", conflicts_with = "program")]
    pub kernel: Option<PathBuf>,

    /// Load this file into RAM as an initial ramdisk (described in the device tree).
    #[arg(long, value_name = "FILE")]
    pub initrd: Option<PathBuf>,

    /// Run this command line in the built-in teaching OS (`/bin/sh -c CMD`)
    /// and exit with its status, instead of starting an interactive shell.
    #[arg(short = 'c', long = "command", value_name = "CMD", conflicts_with_all = ["program", "kernel"])]
    pub command: Option<String>,

    /// Kernel command line (device tree /chosen/bootargs), e.g. "hz=100 -- a b".
    #[arg(
        long,
        value_name = "ARGS",
        default_value = "",
        allow_hyphen_values = true
    )]
    pub append: String,

    /// At exit, print a `perf stat`-like table of counters on stderr;
    /// `--stats=task` adds one row per guest task (or address space).
    #[arg(
        long,
        value_name = "SCOPE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "machine",
        value_enum
    )]
    pub stats: Option<crate::tasks::StatsScope>,

    /// Write a timeline of the guest's tasks to FILE (Chrome trace-event
    /// JSON: open it in ui.perfetto.dev or chrome://tracing).
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,

    /// At exit, write the counters as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub stats_json: Option<PathBuf>,

    /// TLB geometry per side (instruction and data): ENTRIES or ENTRIESxWAYS.
    #[arg(long, value_name = "ENTRIES[xWAYS]", default_value = "64x4", value_parser = parse_tlb)]
    pub tlb: TlbConfig,

    /// RAM size, e.g. 512M, 1G, 65536 (bytes). Host memory is used only as touched.
    #[arg(short = 'm', long = "memory", value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    pub memory: u64,

    /// Stop the guest after N retired instructions (exit status 124).
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,

    /// Drive mtime from the host clock instead of retired instructions.
    #[arg(long)]
    pub realtime: bool,

    /// Deterministic clock rate: instructions per mtime tick (mtime runs at 10 MHz).
    #[arg(long, value_name = "N", default_value_t = crate::clock::DEFAULT_INSNS_PER_TICK, value_parser = clap::value_parser!(u64).range(1..))]
    pub insns_per_tick: u64,
}

/// The teaching kernel (guest-os/prebuilt/kernel.elf, rebuilt and checked
/// by `guest-os/build.sh --check`), booted when no program is given.
pub const EMBEDDED_KERNEL: &[u8] = include_bytes!("../../guest-os/prebuilt/kernel.elf");

/// The root filesystem of the built-in OS (user programs, /etc), a newc cpio.
pub const EMBEDDED_INITRAMFS: &[u8] = include_bytes!("../../guest-os/prebuilt/initramfs.cpio");

/// "64x4" -> 64 entries, 4 ways; "32" -> 32 entries, fully associative.
pub fn parse_tlb(s: &str) -> Result<TlbConfig, String> {
    let (e, w) = match s.split_once(['x', 'X']) {
        Some((e, w)) => (e, Some(w)),
        None => (s, None),
    };
    let entries: usize = e
        .trim()
        .parse()
        .map_err(|_| format!("'{s}': expected ENTRIES or ENTRIESxWAYS, e.g. 64x4"))?;
    let ways = match w {
        Some(w) => w
            .trim()
            .parse()
            .map_err(|_| format!("'{s}': bad number of ways"))?,
        None => entries,
    };
    let cfg = TlbConfig { entries, ways };
    cfg.validate()?;
    Ok(cfg)
}

/// "512M", "1G", "64K", "0x1000", "4096" -> bytes. RAM must be a whole
/// number of pages, at least 1 MiB, and fit below the 4 GiB hole (QEMU's
/// virt board allows more; we keep RAM below 0x1_8000_0000 for now).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.chars().last() {
        Some('K' | 'k') => (&t[..t.len() - 1], 1u64 << 10),
        Some('M' | 'm') => (&t[..t.len() - 1], 1 << 20),
        Some('G' | 'g') => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    let n = if let Some(hex) = num.strip_prefix("0x") {
        u64::from_str_radix(hex, 16)
    } else {
        num.parse()
    }
    .map_err(|_| format!("'{s}': expected a size like 512M, 1G or a number of bytes"))?;
    let bytes = n.checked_mul(mult).ok_or(format!("'{s}': too large"))?;
    if bytes < (1 << 20) {
        return Err(format!("'{s}': RAM must be at least 1M"));
    }
    if bytes > (16u64 << 30) {
        return Err(format!("'{s}': RAM larger than 16G is not supported"));
    }
    if bytes % 4096 != 0 {
        return Err(format!("'{s}': RAM must be a multiple of 4 KiB"));
    }
    Ok(bytes)
}

/// Parse arguments, run, and return the process exit status.
pub fn main() -> i32 {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let args = match cli.command {
        Some(Command::Run(args)) => args,
        None => cli.run,
    };
    match run(args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("vitrine: {msg}");
            EXIT_CANNOT_RUN
        }
    }
}

fn run(args: RunArgs) -> Result<i32, String> {
    // A trace file that cannot be written is a bad command line: say so
    // before the guest starts.
    let trace = match args.trace.as_deref().map(crate::trace::TraceFile::create) {
        Some(Err(msg)) => {
            eprintln!("vitrine: {msg}");
            return Ok(2);
        }
        t => t.map(Result::unwrap),
    };
    // With no program, boot the teaching OS built into this binary: its
    // kernel, its root filesystem, and `-c CMD` handed to init.
    let embedded = args.program.is_none() && args.kernel.is_none();
    let (program, image) = match args.program.or(args.kernel) {
        Some(p) => {
            let image =
                vitrine_loader::load_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            (p, image)
        }
        None => {
            let image = vitrine_loader::parse(EMBEDDED_KERNEL)
                .map_err(|e| format!("embedded kernel: {e}"))?;
            (PathBuf::from("(embedded teaching OS)"), image)
        }
    };
    let mut append = args.append.clone();
    if let Some(cmd) = &args.command {
        // The kernel command line quotes with ' or " and has no escapes.
        let quote = if !cmd.contains('\'') {
            '\''
        } else if !cmd.contains('"') {
            '"'
        } else {
            return Err("-c: the command cannot contain both ' and \"".into());
        };
        if !append.is_empty() {
            append.push(' ');
        }
        append.push_str(&format!("-- -c {quote}{cmd}{quote}"));
    }
    let initrd = match &args.initrd {
        Some(p) => Some(std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None if embedded => Some(EMBEDDED_INITRAMFS.to_vec()),
        None => None,
    };
    let cfg = MachineConfig {
        ram_size: args.memory,
        tlb: args.tlb,
        realtime: args.realtime,
        insns_per_tick: args.insns_per_tick,
        max_insns: args.max_insns,
        bootargs: append,
        initrd,
    };
    let console = Box::new(std::io::BufWriter::with_capacity(
        1 << 14,
        std::io::stdout(),
    ));
    // Console input: the host's stdin (a terminal in raw mode, or a pipe;
    // EOF ends it). Ctrl-A x quits.
    let _raw = crate::terminal::RawTerminal::enable();
    let input = Some(stdin_reader());
    let mut machine = Machine::new(cfg, console, input);
    machine
        .load(&image)
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let per_task = args.stats == Some(crate::tasks::StatsScope::Task);
    if per_task || trace.is_some() {
        let t = crate::tasks::Tracker::new(&mut machine.cpu, trace.is_some(), args.insns_per_tick);
        machine.tasks = Some(t);
    }
    let start = Instant::now();
    let reason = machine.run();
    let host_seconds = start.elapsed().as_secs_f64();
    let code = reason.exit_code();
    if let Some(t) = machine.tasks.as_mut() {
        t.finish(&machine.cpu);
    }
    if args.stats.is_some() || args.stats_json.is_some() {
        let cpu = &machine.cpu;
        let report = Report::new(ReportInput {
            program: &program.display().to_string(),
            exit_code: code,
            exit_reason: reason.describe(),
            pc: cpu.pc,
            cpu: &cpu.stats,
            instret: cpu.instret,
            cycles: cpu.clock.cycles(cpu.instret),
            mtime: cpu.clock.mtime(cpu.instret),
            mmu: &cpu.mmu.counters,
            tlb_entries: args.tlb.entries,
            tlb_ways: args.tlb.ways,
            host_seconds,
        });
        let mut report = report;
        if let Some(t) = &machine.tasks {
            report.task_accounting = Some(t.accounting());
            report.tasks = Some(t.json());
        }
        if args.stats.is_some() {
            eprint!("{}", report.table());
        }
        if let (true, Some(t)) = (per_task, &machine.tasks) {
            eprint!("{}", t.table());
        }
        if let Some(path) = &args.stats_json {
            let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            std::fs::write(path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if let (Some(file), Some(t)) = (trace, &machine.tasks) {
        file.write(t, &program.display().to_string())?;
    }
    if !matches!(reason, crate::machine::ExitReason::Exit(_)) {
        eprintln!("vitrine: {}", reason.describe());
    }
    Ok(code)
}
