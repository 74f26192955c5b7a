//! The `vitrine` command line.

use crate::launch::Launch;
use crate::machine::{
    size_name, stdin_reader, ExitReason, Machine, MachineConfig, MachineError, EXIT_CANNOT_RUN,
};
use crate::stats::{Report, ReportInput};
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::io::IsTerminal;
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
    /// Run an RV64 ELF program: a Linux program inside the built-in OS
    /// (`vitrine run ./a.out ARGS...`, as qemu-riscv64), or a bare-metal
    /// one (UART on the terminal; exit code from the guest).
    Run(RunArgs),
    /// Run the same workload once per TLB geometry and compare misses per
    /// 1,000 instructions: `vitrine sweep --tlb 8x1,64x4 [--plot F.svg] -c CMD`.
    Sweep {
        /// --tlb G1,G2,..., --jobs N, --plot FILE.svg, then the run's options.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        args: Vec<OsString>,
    },
    /// Draw SVG charts from --trace files: `vitrine plot cfs.json [--out DIR]`
    /// (vruntime, CPU share, page faults and RSS per task; TLB misses per
    /// 1,000 instructions, one line per trace).
    Plot {
        /// TRACE.json [TRACE2.json ...] [--out DIR]
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        args: Vec<OsString>,
    },
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The ELF program to run. A Linux program (static or dynamic: see
    /// README, "Running Linux programs") runs in the built-in OS with the
    /// arguments that follow it; a bare-metal one is loaded at its
    /// physical addresses and started in M-mode. Without one, the
    /// built-in teaching kernel boots.
    #[arg(value_name = "PROGRAM")]
    pub program: Option<PathBuf>,

    /// Put a host file or directory (recursively) into the guest's root
    /// file system; GUEST defaults to /root/NAME, a relative GUEST is
    /// under /root, and a GUEST ending in / is a directory to put it in.
    /// Repeatable.
    #[arg(long = "add", value_name = "HOST[:GUEST]")]
    pub add: Vec<String>,

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

    /// Show the built-in OS's boot and power-off messages with -c (the
    /// kernel is not told to be `quiet`), and the emulator's own log of
    /// what it loads where (on stderr; RUST_LOG overrides).
    #[arg(short = 'v', long)]
    pub verbose: bool,

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

    /// The engine that runs guest code: `jit` translates hot blocks to host
    /// code, `interp` interprets every instruction (the reference; the
    /// debugger always single-steps with it). Results and every counter
    /// are identical.
    #[arg(long, value_name = "ENGINE", default_value = "jit", value_enum)]
    pub engine: crate::cpu::jit::Engine,

    /// RAM size, e.g. 512M, 1G, 64 (MiB, as QEMU), 65536B (bytes). Host
    /// memory is used only as touched.
    #[arg(short = 'm', long = "memory", value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    pub memory: u64,

    /// Stop the guest after N instructions, retired or trapped (exit status 124).
    #[arg(long, value_name = "N")]
    pub max_insns: Option<u64>,

    /// Drive mtime from the host clock instead of retired instructions.
    #[arg(long)]
    pub realtime: bool,

    /// Deterministic clock rate: instructions per mtime tick (mtime runs at 10 MHz).
    #[arg(long, value_name = "N", default_value_t = crate::clock::DEFAULT_INSNS_PER_TICK, value_parser = clap::value_parser!(u64).range(1..))]
    pub insns_per_tick: u64,

    /// Debug: stop before the first instruction at a prompt (README, "Debugging").
    /// Debugging needs deterministic time (reverse execution replays), so
    /// not with --realtime.
    #[arg(long, conflicts_with_all = ["gdb_default", "gdb", "debug_script", "realtime"])]
    pub debug: bool,

    /// Run the debugger commands of FILE and print what the prompt would.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gdb_default", "gdb", "realtime"])]
    pub debug_script: Option<PathBuf>,

    /// A GDB server on tcp::1234 (as QEMU's -s).
    #[arg(short = 's', conflicts_with_all = ["gdb", "realtime"])]
    pub gdb_default: bool,

    /// With a GDB server: wait for GDB before the first instruction (as QEMU's -S).
    #[arg(short = 'S')]
    pub gdb_wait: bool,

    /// A GDB server on tcp::PORT (as QEMU's -gdb; tcp::0 picks a free port).
    #[arg(long, value_name = "tcp::PORT", conflicts_with = "realtime")]
    pub gdb: Option<String>,

    /// A virtio block device backed by the raw image FILE (",ro": read-only).
    #[arg(long, value_name = "FILE[,ro]")]
    pub disk: Option<String>,

    /// QEMU's -drive file=F,format=raw,if=none,id=ID[,readonly=on].
    #[arg(long, value_name = "SPEC")]
    pub drive: Vec<String>,

    /// QEMU's -device virtio-blk-device,drive=ID.
    #[arg(long, value_name = "SPEC")]
    pub device: Vec<String>,

    /// QEMU's -global virtio-mmio.force-legacy=true|false (default false here).
    #[arg(long, value_name = "SPEC")]
    pub global: Vec<String>,

    /// Guest time each disk request takes (plus its transfer at 2 GB/s).
    #[arg(long, value_name = "TIME", default_value = "80us", value_parser = crate::devices::virtio::cmdline::parse_latency)]
    pub disk_latency: u64,
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

/// "512M", "1G", "64K", "4096B", "512" (MiB, as QEMU's `-m`), "size=2G"
/// (QEMU's spelling) -> bytes. RAM must be a whole number of pages, at
/// least 1 MiB, and at most 16 GiB.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_prefix("size=").unwrap_or(t);
    let (num, mult) = match t.chars().last() {
        Some('B' | 'b') => (&t[..t.len() - 1], 1u64),
        Some('K' | 'k') => (&t[..t.len() - 1], 1 << 10),
        Some('M' | 'm') => (&t[..t.len() - 1], 1 << 20),
        Some('G' | 'g') => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1 << 20),
    };
    let n = if let Some(hex) = num.strip_prefix("0x") {
        u64::from_str_radix(hex, 16)
    } else {
        num.parse()
    }
    .map_err(|_| {
        format!("'{s}': expected a size like 512M, 1G, 65536B (a plain number is MiB, as in QEMU)")
    })?;
    let bytes = n.checked_mul(mult).ok_or(format!("'{s}': too large"))?;
    if bytes < (1 << 20) {
        return Err(format!("'{s}': RAM must be at least 1M"));
    }
    if bytes > crate::machine::MAX_RAM {
        return Err(format!("'{s}': RAM larger than 16G is not supported"));
    }
    if bytes % 4096 != 0 {
        return Err(format!("'{s}': RAM must be a multiple of 4 KiB"));
    }
    Ok(bytes)
}

/// Where the words of the kernel command line `line` are: (start, end) byte
/// ranges, split at whitespace outside '...' and "..." as the kernel does.
fn cmdline_words(line: &str) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let (mut start, mut quote) = (None, None);
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    words.push((s, i));
                }
            }
            None => {
                start.get_or_insert(i);
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
            }
        }
    }
    if let Some(s) = start {
        words.push((s, line.len()));
    }
    words
}

/// The kernel command line (device tree bootargs): `--append`'s, with
/// `-c CMD` handed to init as `-- -c 'CMD'` (see [`cmdline_for_init`]). With `-c`, the kernel is told
/// to be `quiet` (stdout carries only what the command writes) unless
/// `--verbose` is given or `--append` already sets `quiet` or `loglevel=N`;
/// `quiet` goes before any `--` of `--append` (after it, words are init's).
pub fn kernel_cmdline(
    append: &str,
    command: Option<&str>,
    verbose: bool,
) -> Result<String, String> {
    let Some(cmd) = command else {
        return Ok(append.to_string());
    };
    // The kernel command line quotes with ' or " and has no escapes.
    let quote = if !cmd.contains('\'') {
        '\''
    } else if !cmd.contains('"') {
        '"'
    } else {
        return Err("-c: the command cannot contain both ' and \"".into());
    };
    Ok(cmdline_for_init(
        append,
        &format!("-c {quote}{cmd}{quote}"),
        verbose,
    ))
}

/// The kernel command line that gives init the words `init` (after
/// `--append`'s own): `quiet` unless `verbose` or `--append` sets `quiet`
/// or `loglevel=N`; `quiet` goes before any `--` of `--append` (after
/// it, words are init's).
pub fn cmdline_for_init(append: &str, init: &str, verbose: bool) -> String {
    let words = cmdline_words(append);
    let init_at = words
        .iter()
        .find(|&&(s, e)| &append[s..e] == "--")
        .map_or(append.len(), |&(s, _)| s);
    let sets_level = words
        .iter()
        .take_while(|&&(s, _)| s < init_at)
        .any(|&(s, e)| &append[s..e] == "quiet" || append[s..e].starts_with("loglevel="));
    let mut line = append[..init_at].trim().to_string();
    let mut push = |word: &str| {
        if word.is_empty() {
            return;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    };
    if !verbose && !sets_level {
        push("quiet");
    }
    push(append[init_at..].trim());
    push(&format!("-- {init}"));
    line
}

/// Our options that take a value as the next argument: that value is left
/// alone by [`qemu_args`] (it may well start with a dash).
const VALUE_OPTIONS: &[&str] = &[
    "-c",
    "--command",
    "--append",
    "--kernel",
    "--initrd",
    "-m",
    "--memory",
    "--stats-json",
    "--tlb",
    "--engine",
    "--max-insns",
    "--insns-per-tick",
    "--debug-script",
    "--gdb",
    "--disk",
    "--drive",
    "--device",
    "--global",
    "--disk-latency",
    "--add",
    "--trace",
];

/// QEMU's options that take a value (one dash or two), which [`qemu_args`]
/// translates or checks.
const QEMU_VALUE_OPTIONS: &[&str] = &[
    "kernel", "initrd", "append", "gdb", "machine", "M", "bios", "smp", "serial", "display",
    "monitor",
];

/// Split off the arguments of a Linux program: in `vitrine [run]
/// [OPTIONS] PROGRAM ARGS...`, when PROGRAM is a Linux program
/// (`is_linux`), everything after it is its argv, options or not (as with
/// `qemu-riscv64`). Returns the arguments for our own parser (up to
/// PROGRAM) and, for a Linux program, its arguments. A bare-metal program
/// leaves the command line as it is (options may follow it).
pub fn split_program_args(
    args: Vec<OsString>,
    is_linux: &dyn Fn(&std::path::Path) -> bool,
) -> (Vec<OsString>, Option<Vec<OsString>>) {
    let mut i = 1;
    match args.get(1).and_then(|a| a.to_str()) {
        Some("sweep" | "plot") => return (args, None),
        Some("run") => i = 2,
        _ => {}
    }
    while i < args.len() {
        let a = args[i].to_str().unwrap_or("");
        let option = a.len() > 1 && a.starts_with('-');
        if a == "--" {
            i += 1;
        } else if VALUE_OPTIONS.contains(&a)
            || a.strip_prefix("--")
                .or_else(|| a.strip_prefix('-'))
                .is_some_and(|n| QEMU_VALUE_OPTIONS.contains(&n))
        {
            i += 2;
            continue;
        } else if option {
            i += 1;
            continue;
        }
        // The program.
        match args.get(i) {
            Some(p) if is_linux(std::path::Path::new(p)) => {
                let mut ours = args;
                let rest = ours.split_off(i + 1);
                return (ours, Some(rest));
            }
            _ => return (args, None),
        }
    }
    (args, None)
}

/// Whether the file at `path` is an RV64 Linux user program (see
/// `vitrine_loader::classify`); unreadable files and non-ELFs are not
/// (the bare-metal path reports what is wrong with them).
pub fn is_linux_program(path: &std::path::Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| {
        matches!(
            vitrine_loader::classify(&bytes, crate::memory::RAM_BASE),
            Ok(vitrine_loader::ProgramKind::Linux(_))
        )
    })
}

/// Accept QEMU's spellings of what means the same here (users paste QEMU
/// command lines): `-kernel`, `-initrd`, `-append` become our long options;
/// `-machine virt` (`-M`), `-bios none`, `-smp 1` (`cpus=1`), `-nographic`,
/// `-serial stdio` (`mon:stdio`), `-display none` and `-monitor none`
/// describe this machine and are dropped. Other values of those options
/// ask for something vitrine does not have: a one-line error. QEMU also
/// accepts each with two dashes; so do we. (`-m` is ours already.)
pub fn qemu_args(args: Vec<OsString>) -> Result<Vec<OsString>, String> {
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let Some(a) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if a == "--" {
            out.push(arg);
            out.extend(it);
            break;
        }
        if VALUE_OPTIONS.contains(&a) {
            out.push(arg);
            out.extend(it.next());
            continue;
        }
        let Some(name) = a.strip_prefix("--").or_else(|| a.strip_prefix('-')) else {
            out.push(arg);
            continue;
        };
        let name = name.to_string();
        let mut value = || {
            it.next()
                .and_then(|v| v.into_string().ok())
                .ok_or_else(|| format!("-{name}: a value is needed"))
        };
        match name.as_str() {
            "kernel" | "initrd" | "append" | "gdb" | "drive" | "device" | "global" => {
                let v = value()?;
                out.push(format!("--{name}").into());
                out.push(v.into());
            }
            "nographic" => {}
            "machine" | "M" => {
                let v = value()?;
                let mut parts = v.split(',');
                let kind = parts.next().unwrap_or("");
                let kind = kind.strip_prefix("type=").unwrap_or(kind);
                if kind != "virt" {
                    return Err(format!(
                        "-{name} {v}: vitrine emulates QEMU's virt machine only"
                    ));
                }
                if let Some(p) = parts.find(|p| *p != "accel=tcg") {
                    return Err(format!("-{name} {v}: machine option {p} is not supported"));
                }
            }
            "bios" => {
                let v = value()?;
                if v != "none" {
                    return Err(format!(
                        "-bios {v}: no firmware runs here; programs start in M-mode at their entry, as with QEMU's -bios none"
                    ));
                }
            }
            "smp" => {
                let v = value()?;
                let one = v
                    .split(',')
                    .enumerate()
                    .all(|(i, p)| match p.split_once('=') {
                        Some((k, n)) => {
                            ["cpus", "maxcpus", "sockets", "cores", "threads"].contains(&k)
                                && n == "1"
                        }
                        None => i == 0 && p == "1",
                    });
                if !one {
                    return Err(format!("-smp {v}: vitrine emulates one hart (-smp 1)"));
                }
            }
            "serial" => {
                let v = value()?;
                if v != "stdio" && v != "mon:stdio" {
                    return Err(format!(
                        "-serial {v}: the console is the terminal (-serial stdio) only"
                    ));
                }
            }
            "display" | "monitor" => {
                let v = value()?;
                if v != "none" {
                    return Err(format!("-{name} {v}: vitrine has no {name} (-{name} none)"));
                }
            }
            _ => out.push(arg),
        }
    }
    Ok(out)
}

/// Parse arguments, run, and return the process exit status.
pub fn main() -> i32 {
    let (args, program_args) = split_program_args(std::env::args_os().collect(), &is_linux_program);
    let args = match qemu_args(args) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("vitrine: {msg}");
            return EXIT_USAGE;
        }
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let args = match cli.command {
        Some(Command::Run(args)) => args,
        Some(Command::Sweep { args }) => return crate::sweep::main(&args),
        Some(Command::Plot { args }) => return crate::plot::main(&args),
        None => cli.run,
    };
    // The emulator's own log on stderr: warnings, and with --verbose what
    // it loads where; RUST_LOG, when set, decides instead.
    let level = if args.verbose { "info" } else { "warn" };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level)).init();
    match run(args, program_args) {
        Ok(code) => code,
        Err(Failure(code, msg)) => {
            eprintln!("vitrine: {msg}");
            code
        }
    }
}

/// Why `run` could not run the program: exit status and a one-line message.
struct Failure(i32, String);

impl From<String> for Failure {
    fn from(msg: String) -> Self {
        Failure(EXIT_CANNOT_RUN, msg)
    }
}

impl From<&str> for Failure {
    fn from(msg: &str) -> Self {
        Failure(EXIT_CANNOT_RUN, msg.into())
    }
}

/// Exit status for a bad command line (as clap's usage errors), including
/// a RAM size (`-m`) too small for what has to be loaded.
pub const EXIT_USAGE: i32 = 2;

/// RAM the built-in OS needs free besides its kernel (with its stacks and
/// heap), initramfs and device tree, to boot and start init: with less,
/// `-m` is refused rather than letting the kernel run out of memory at boot.
pub const EMBEDDED_MIN_FREE_RAM: u64 = 512 << 10;

/// The debugger front end the options ask for, if any.
fn debug_frontend(args: &RunArgs) -> Result<Option<crate::debugger::Frontend>, Failure> {
    use crate::debugger::Frontend;
    // (--trace and --stats=task work in a debugging session: the per-task
    // tracker is part of the debugger's snapshots, so going back and
    // running again counts nothing twice.)
    if let Some(path) = &args.debug_script {
        return Ok(Some(Frontend::Script(path.clone())));
    }
    if args.debug {
        return Ok(Some(Frontend::Repl));
    }
    let gdb = match (&args.gdb, args.gdb_default) {
        (Some(a), _) => {
            Some(crate::debugger::gdb::parse_addr(a).map_err(|e| Failure(EXIT_USAGE, e))?)
        }
        (None, true) => Some(("127.0.0.1".to_string(), 1234)),
        (None, false) => None,
    };
    match gdb {
        Some((host, port)) => Ok(Some(Frontend::Gdb {
            host,
            port,
            wait: args.gdb_wait,
        })),
        None if args.gdb_wait => Err(Failure(
            EXIT_USAGE,
            "-S waits for GDB: give -s or --gdb tcp::PORT too".into(),
        )),
        None => Ok(None),
    }
}

fn run(mut args: RunArgs, program_args: Option<Vec<OsString>>) -> Result<i32, Failure> {
    // A trace file that cannot be written is a bad command line: say so
    // before the guest starts.
    let trace = args
        .trace
        .as_deref()
        .map(crate::trace::TraceFile::create)
        .transpose()
        .map_err(|msg| Failure(EXIT_USAGE, msg))?;
    let debug = debug_frontend(&args)?;
    // A Linux program runs inside the built-in OS (launch/).
    let launch = match program_args {
        Some(program_args) => {
            let path = args.program.take().expect("a Linux program was found");
            let elf = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut l = Launch::new(path.as_os_str(), elf, &program_args);
            l.stdin_raw = !std::io::stdin().is_terminal();
            Some(l)
        }
        None => None,
    };
    let adds = args
        .add
        .iter()
        .map(|a| crate::launch::add::parse(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|msg| Failure(EXIT_USAGE, msg))?;
    let elf_path = args.program.clone().or_else(|| args.kernel.clone());
    // With no program, boot the teaching OS built into this binary: its
    // kernel, its root filesystem, and `-c CMD` handed to init.
    let embedded = args.program.is_none() && args.kernel.is_none();
    if !adds.is_empty() && !embedded && args.initrd.is_none() {
        return Err(Failure(
            EXIT_USAGE,
            "--add puts files into the built-in OS's root (or --initrd's): a bare-metal program has none".into(),
        ));
    }
    let (program, image) = match args.program.or(args.kernel) {
        Some(p) => {
            let image =
                vitrine_loader::load_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            (p.display().to_string(), image)
        }
        None => {
            let image = vitrine_loader::parse(EMBEDDED_KERNEL)
                .map_err(|e| format!("embedded kernel: {e}"))?;
            (String::from("built-in OS"), image)
        }
    };
    // What ran, for the --stats header, as `perf stat` names its command.
    let command_name = match (&args.command, &launch, embedded) {
        (_, Some(l), _) => l.command_name(),
        (Some(cmd), _, _) => format!("sh -c {cmd}"),
        (None, _, true) => String::from("sh"),
        (None, _, false) => program.clone(),
    };
    let disk = crate::devices::virtio::cmdline::DiskArgs {
        disk: args.disk.clone(),
        drives: args.drive.clone(),
        devices: args.device.clone(),
        globals: args.global.clone(),
        latency_ticks: args.disk_latency,
    }
    .build()
    .map_err(|msg| Failure(EXIT_USAGE, msg))?;
    // The built-in OS with a disk boots from it: its kernel is told
    // `root=/dev/vda` (what QEMU users write with -append), unless the
    // command line already names a root; the initramfs is then not loaded.
    let disk_root = embedded
        && disk.is_some()
        && !args
            .append
            .split(" -- ")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .any(|w| w.starts_with("root="));
    let args_append = if disk_root {
        format!("root=/dev/vda {}", args.append).trim().to_string()
    } else {
        args.append.clone()
    };
    if disk_root && (!adds.is_empty() || launch.is_some()) {
        return Err(Failure(
            EXIT_USAGE,
            "--add and programs to run go into the initramfs: with --disk the root is the disk (copy them into its image)".into(),
        ));
    }
    let append = match &launch {
        Some(l) => cmdline_for_init(
            format!("{} {}", crate::launch::kernel_words(l), args_append).trim(),
            &crate::launch::init_words(),
            args.verbose,
        ),
        None => kernel_cmdline(&args_append, args.command.as_deref(), args.verbose)?,
    };
    let bootargs = append.clone();
    log::info!("kernel command line (bootargs): {append:?}");
    let mut initrd = match &args.initrd {
        Some(p) => Some(std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None if embedded && !disk_root => Some(EMBEDDED_INITRAMFS.to_vec()),
        None => None,
    };
    if !adds.is_empty() || launch.is_some() {
        let extra = crate::launch::archive(&adds, launch.as_ref())?;
        initrd = initrd.map(|base| crate::launch::newc::concat(base, &extra));
    }
    // A terminal on stdin, and no -c: someone is using the machine
    // interactively, and an idle guest waits in real time (see README).
    let interactive = debug.is_none() && args.command.is_none() && std::io::stdin().is_terminal();
    // A debugging session keeps the initrd for user programs' symbols.
    let debug_initrd = debug.as_ref().and(initrd.clone());
    let cfg = MachineConfig {
        ram_size: args.memory,
        tlb: args.tlb,
        realtime: args.realtime,
        insns_per_tick: args.insns_per_tick,
        max_insns: args.max_insns,
        bootargs: append,
        initrd,
        pace_idle: interactive,
        min_free_ram: if embedded { EMBEDDED_MIN_FREE_RAM } else { 0 },
        engine: args.engine,
    };
    // Console input: the host's stdin (a terminal in raw mode, or a pipe
    // whose end of file hangs up the line). Ctrl-A x quits. In a debugging
    // session the terminal is the debugger's: the guest has no input.
    let (console, mute, raw, input): (Box<dyn std::io::Write + Send>, _, _, _) = match debug {
        Some(_) => {
            let (console, mute) = crate::debugger::Console::new();
            (Box::new(console), Some(mute), None, None)
        }
        None => (
            Box::new(std::io::BufWriter::with_capacity(
                1 << 14,
                std::io::stdout(),
            )),
            None,
            crate::terminal::RawTerminal::enable(),
            Some(stdin_reader()),
        ),
    };
    let mut machine = Machine::new(cfg, console, input);
    if let Some(d) = disk {
        machine.attach_disk(d);
    }
    if debug.is_some() {
        // The guest's stderr joins its console, which the debugger mutes
        // while it replays.
        machine.stderr = None;
    }
    machine.load(&image).map_err(|e| match e {
        MachineError::RamTooSmall { ram, needed, what } => Failure(
            EXIT_USAGE,
            format!(
                "-m {}: RAM too small for {what}; -m {} would do",
                size_name(ram),
                size_name(needed)
            ),
        ),
        e => Failure(EXIT_CANNOT_RUN, format!("{program}: {e}")),
    })?;
    let per_task = args.stats == Some(crate::tasks::StatsScope::Task);
    if per_task || trace.is_some() {
        let t = crate::tasks::Tracker::new(&mut machine.cpu, trace.is_some(), args.insns_per_tick);
        machine.tasks = Some(t);
    }
    let start = Instant::now();
    let (mut machine, reason) = match (debug, mute) {
        (Some(frontend), Some(mute)) => {
            let elf = match &elf_path {
                Some(p) => std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?,
                None => EMBEDDED_KERNEL.to_vec(),
            };
            let opts = crate::debugger::SessionOptions {
                frontend,
                elf,
                initrd: debug_initrd,
                name: command_name.clone(),
                bootargs,
            };
            match crate::debugger::run(opts, machine, mute)? {
                (mut m, Some(reason)) => {
                    // The debugger keeps a tracker for `tasks` and `catch
                    // switch`; report it only if asked for.
                    if !per_task && trace.is_none() {
                        m.tasks = None;
                    }
                    (m, reason)
                }
                // The session ended with the guest still running.
                (_, None) => return Ok(0),
            }
        }
        _ => {
            let reason = machine.run();
            (machine, reason)
        }
    };
    let host_seconds = start.elapsed().as_secs_f64();
    drop(raw);
    // What the guest wrote to its disk reaches the host file at exit too.
    if let Some(v) = machine.cpu.bus.virtio.as_mut() {
        if let Err(e) = v.blk.disk.flush() {
            eprintln!("vitrine: writing the disk image back: {e}");
        }
    }
    if reason == ExitReason::Quit {
        // The guest's output may have stopped mid-line.
        eprintln!();
    }
    let code = reason.exit_code();
    if let Some(t) = machine.tasks.as_mut() {
        t.finish(&machine.cpu);
    }
    if args.stats.is_some() || args.stats_json.is_some() {
        let cpu = &machine.cpu;
        let report = Report::new(ReportInput {
            program: &command_name,
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
            unknown_syscalls: cpu.bus.introspect.unknown_syscalls,
        });
        let mut report = report;
        report.disk = cpu.bus.virtio.as_ref().map(|v| v.blk.stats);
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
        file.write(t, &program)?;
    }
    if !matches!(reason, ExitReason::Exit(_)) {
        eprintln!("vitrine: {}", reason.describe());
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::{cmdline_for_init, kernel_cmdline, parse_size, qemu_args, split_program_args};

    #[test]
    fn a_linux_program_takes_every_argument_after_it() {
        let split = |args: &[&str]| {
            let args = args.iter().map(|a| a.into()).collect();
            let is_linux = |p: &std::path::Path| p.to_str().is_some_and(|s| s.ends_with(".out"));
            let (ours, rest) = split_program_args(args, &is_linux);
            let s = |v: Vec<std::ffi::OsString>| -> Vec<String> {
                v.into_iter().map(|a| a.into_string().unwrap()).collect()
            };
            (s(ours), rest.map(s))
        };
        assert_eq!(
            split(&["v", "--stats", "./a.out", "--stats", "-c", "x"]),
            (
                vec!["v".into(), "--stats".into(), "./a.out".into()],
                Some(vec!["--stats".into(), "-c".into(), "x".into()])
            )
        );
        // Option values are not the program; `run` is not either.
        let (ours, rest) = split(&["v", "run", "--add", "b.out", "-m", "64", "p.out", "-m"]);
        assert_eq!(ours.last().unwrap(), "p.out");
        assert_eq!(rest, Some(vec!["-m".to_string()]));
        let (ours, rest) = split(&["v", "-append", "x", "--", "a.out", "--"]);
        assert_eq!(ours.len(), 5);
        assert_eq!(rest, Some(vec!["--".to_string()]));
        // Bare metal, subcommands and no program: left as they are.
        assert_eq!(split(&["v", "k.elf", "--stats"]).1, None);
        assert_eq!(split(&["v", "sweep", "--tlb", "8", "a.out"]).1, None);
        assert_eq!(split(&["v", "-c", "a.out"]).1, None);
    }

    #[test]
    fn launch_words_go_to_init() {
        assert_eq!(
            cmdline_for_init("tty=raw", "--launch /f", false),
            "tty=raw quiet -- --launch /f"
        );
        assert_eq!(cmdline_for_init("", "--launch /f", true), "-- --launch /f");
    }

    fn q(args: &[&str]) -> Result<Vec<String>, String> {
        let args = args.iter().map(|a| a.into()).collect();
        qemu_args(args).map(|v| v.into_iter().map(|a| a.into_string().unwrap()).collect())
    }

    #[test]
    fn qemu_spellings_are_translated() {
        let line = "vitrine -machine virt -bios none -m 512M -nographic -smp 1 -kernel k.elf \
                    -initrd r.cpio -append -- -serial mon:stdio -display none -monitor none";
        let args: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            q(&args).unwrap(),
            [
                "vitrine", "-m", "512M", "--kernel", "k.elf", "--initrd", "r.cpio", "--append",
                "--"
            ]
        );
        let ok = |a: &[&str]| q(a).unwrap();
        assert_eq!(ok(&["v", "-M", "virt", "--smp", "cpus=1"]), ["v"]);
        assert_eq!(
            ok(&["v", "--machine", "type=virt,accel=tcg", "-serial", "stdio"]),
            ["v"]
        );
        assert_eq!(ok(&["v", "-smp", "1,sockets=1,cores=1,threads=1"]), ["v"]);
        // Values of our own options are left alone, and so is what follows --.
        assert_eq!(
            ok(&["v", "-c", "-nographic", "-v"]),
            ["v", "-c", "-nographic", "-v"]
        );
        assert_eq!(
            ok(&["v", "--append", "-kernel"]),
            ["v", "--append", "-kernel"]
        );
        assert_eq!(ok(&["v", "--", "-smp", "4"]), ["v", "--", "-smp", "4"]);
        assert_eq!(
            ok(&["v", "run", "-kernel", "x"]),
            ["v", "run", "--kernel", "x"]
        );
    }

    #[test]
    fn qemu_options_asking_for_what_we_lack_are_refused() {
        for (args, says) in [
            (&["v", "-machine", "sifive_u"][..], "virt machine only"),
            (&["v", "-M", "virt,aia=aplic"], "aia=aplic"),
            (&["v", "-smp", "2"], "one hart"),
            (&["v", "-smp", "cpus=4"], "one hart"),
            (&["v", "-bios", "default"], "no firmware"),
            (&["v", "-serial", "pty"], "-serial pty"),
            (&["v", "-display", "gtk"], "no display"),
            (&["v", "-monitor", "stdio"], "no monitor"),
            (&["v", "-kernel"], "a value is needed"),
        ] {
            let err = q(args).unwrap_err();
            assert!(err.contains(says), "{args:?}: {err}");
        }
    }

    #[test]
    fn sizes_read_as_qemu_reads_them() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("64"), Ok(64 << 20), "a plain number is MiB");
        assert_eq!(parse_size("size=1G"), Ok(1 << 30));
        assert_eq!(parse_size("2097152B"), Ok(2 << 20));
        assert_eq!(parse_size("0x10"), Ok(16 << 20));
        assert!(parse_size("512K").is_err(), "at least 1M");
        assert!(parse_size("17G").is_err());
        assert!(parse_size("1048577B").is_err(), "whole pages");
        assert!(parse_size("512M,slots=2").is_err());
    }

    #[test]
    fn dash_c_makes_the_kernel_quiet() {
        let k = |append, cmd, verbose| kernel_cmdline(append, cmd, verbose).unwrap();
        assert_eq!(k("", Some("echo hi"), false), "quiet -- -c 'echo hi'");
        assert_eq!(k("", Some("echo hi"), true), "-- -c 'echo hi'");
        assert_eq!(
            k("hz=100", Some("it's"), false),
            "hz=100 quiet -- -c \"it's\""
        );
        // No -c: the command line is --append's, untouched.
        assert_eq!(k("", None, false), "");
        assert_eq!(k(" hz=100  tlb=flush", None, true), " hz=100  tlb=flush");
        // The user's own choice of log level stands.
        assert_eq!(k("quiet", Some("true"), false), "quiet -- -c 'true'");
        assert_eq!(
            k("loglevel=7", Some("true"), false),
            "loglevel=7 -- -c 'true'"
        );
        // quiet goes before the user's `--`: after it, words are init's.
        assert_eq!(
            k("hz=50 -- a b", Some("true"), false),
            "hz=50 quiet -- a b -- -c 'true'"
        );
        assert_eq!(
            k("-- quiet", Some("true"), false),
            "quiet -- quiet -- -c 'true'"
        );
        // Quoted words are words: "a -- b" is not the separator.
        assert_eq!(
            k("x='a -- b'", Some("true"), false),
            "x='a -- b' quiet -- -c 'true'"
        );
        assert!(kernel_cmdline("", Some("'\""), false).is_err());
    }
}
