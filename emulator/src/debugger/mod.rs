//! The debugger: a REPL (`--debug`, `--debug-script FILE`) and a GDB
//! remote stub (`-s`, `-S`, `--gdb tcp::PORT`) over one engine.
//!
//! It is a client of the machine's API, not part of the execute loop: it
//! runs the machine with `Machine::run_until` (to a position, to a halt
//! point, or until its per-block check says stop), reads and writes state
//! without side effects (`Cpu::peek_virt`, `vitrine_mmu::peek`, the TLBs'
//! read-only views), and snapshots and restores the whole machine. With no
//! breakpoint, catchpoint or watchpoint set, the guest runs the normal
//! loop at full speed (plus a snapshot every million instructions, see
//! `snapshot.rs`).
//!
//! Map: `engine.rs` (running forward, stop reasons), `reverse.rs`,
//! `snapshot.rs`, `events.rs` (what happened in a block), `tasks.rs`,
//! `breakpoints.rs`, `catch.rs`, `watch.rs`, `expr.rs` (addresses and
//! conditions), `symbols.rs`, `initramfs.rs`, `syscalls.rs`, `inspect.rs`
//! (registers, CSRs, memory), `pagewalk.rs` (`pt`), `tlb_view.rs` (`tlb`),
//! `disas.rs` (instruction text), `commands.rs` (the command language),
//! `repl.rs` (prompt and scripts), `gdb.rs` (the GDB stub).
//!
//! The guest has no console input in a debugging session (the terminal is
//! the debugger's), which also keeps re-execution exact: everything the
//! guest sees comes from the machine's deterministic state.

pub mod breakpoints;
pub mod catch;
pub mod commands;
pub mod disas;
pub mod engine;
pub mod events;
pub mod expr;
pub mod gdb;
pub mod gdb_arch;
pub mod initramfs;
pub mod inspect;
pub mod pagewalk;
pub mod repl;
pub mod reverse;
pub mod snapshot;
pub mod symbols;
pub mod syscalls;
pub mod tasks;
pub mod tlb_view;
pub mod watch;

use crate::machine::{ExitReason, Machine};
use breakpoints::{Location, Points};
use events::Observer;
use snapshot::{History, Views};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;
use symbols::Symbols;

/// How the session is driven.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frontend {
    /// The prompt on the terminal (or commands piped to stdin).
    Repl,
    /// Commands from a file, echoed with their output.
    Script(PathBuf),
    /// A GDB remote stub on `port` (0: any free port); `wait`: stop before
    /// the first instruction until GDB connects (QEMU's `-S`).
    Gdb { host: String, port: u16, wait: bool },
}

/// What a session needs besides the machine.
pub struct SessionOptions {
    pub frontend: Frontend,
    /// The program's ELF (kernel or bare-metal program), for symbols.
    pub elf: Vec<u8>,
    /// The initramfs (user programs' symbols), if any.
    pub initrd: Option<Vec<u8>>,
    /// What ran, for `stats`.
    pub name: String,
    /// The kernel command line (`init=PATH` names the first program).
    pub bootargs: String,
}

/// The guest console in a debugging session: stdout, muted while the
/// debugger re-executes instructions whose output was already shown.
pub struct Console {
    mute: Arc<AtomicBool>,
}

impl Console {
    pub fn new() -> (Console, Arc<AtomicBool>) {
        let mute = Arc::new(AtomicBool::new(false));
        (Console { mute: mute.clone() }, mute)
    }
}

impl Write for Console {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.mute.load(Ordering::Relaxed) {
            return Ok(buf.len());
        }
        let mut out = std::io::stdout().lock();
        out.write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stdout().flush()
    }
}

/// A debugging session's state.
pub struct Debugger {
    pub m: Machine,
    /// The program's ELF, whose symbols `kernel()` reads on first use (a
    /// GDB client brings its own, and a script may need none).
    elf: Vec<u8>,
    kernel: std::cell::OnceCell<Symbols>,
    initrd: Option<Vec<u8>>,
    /// Symbols of user programs by path (None: not found or not an ELF).
    programs: HashMap<String, Option<Symbols>>,
    pub points: Points,
    pub hist: History<Views>,
    pub obs: Observer,
    /// Set once the machine stopped for good (it can still go back).
    pub exited: Option<ExitReason>,
    /// Convenience variables (`set $x = ...`).
    pub vars: BTreeMap<String, u64>,
    mute: Arc<AtomicBool>,
    /// The furthest position reached: the guest's output before it has
    /// been shown, so re-execution up to it is muted.
    pub furthest: u64,
    pub started: Instant,
    pub name: String,
    /// A better source of task information than address spaces: the
    /// teaching kernel's tasks, from its introspection device
    /// (`tasks::Announced`), once the kernel has announced them.
    pub task_source: Option<Box<dyn tasks::TaskSource>>,
    /// Put hardware breakpoints and watchpoints on the hart's Sdtrig
    /// triggers when free (else: halt points, single-stepping). Off only
    /// to measure what the triggers save.
    pub use_triggers: bool,
}

impl Debugger {
    /// A session on `m` (loaded, before its first instruction); `mute` is
    /// the switch of the console `m` writes to (`Console::new`).
    pub fn new(mut m: Machine, opts: &SessionOptions, mute: Arc<AtomicBool>) -> Debugger {
        // The per-task tracker (the one `--stats=task` and `--trace` use, or
        // a new one): the kernel's tasks and context switches.
        if m.tasks.is_none() {
            let per_tick = m.cpu.clock.insns_per_tick();
            m.tasks = Some(crate::tasks::Tracker::new(&mut m.cpu, false, per_tick));
        }
        if let Some(t) = m.tasks.as_mut() {
            t.keep_switches();
            t.watch_everything(&mut m.cpu);
        }
        let mut obs = Observer::new(&m.cpu);
        obs.spaces.first_program = first_program(opts);
        let mut d = Debugger {
            m,
            elf: opts.elf.clone(),
            kernel: std::cell::OnceCell::new(),
            initrd: opts.initrd.clone(),
            programs: HashMap::new(),
            points: Points::default(),
            hist: History::new(),
            obs,
            exited: None,
            vars: BTreeMap::new(),
            mute,
            furthest: 0,
            started: Instant::now(),
            name: opts.name.clone(),
            task_source: Some(Box::new(tasks::Announced)),
            use_triggers: true,
        };
        d.furthest = d.pos();
        // Journaling starts before the first instruction: then pages never
        // written are known to be zero (see `Memory::trust_zero_map`).
        let fresh = d.pos() == 0;
        d.m.cpu.bus.mem.trust_zero_map(fresh);
        d.snapshot_now();
        d
    }

    /// Take a snapshot now (the machine and the debugger's views).
    pub fn snapshot_now(&mut self) {
        let views = Views {
            obs: self.obs.clone(),
            tasks: self.m.tasks.as_mut().map(|t| t.snapshot()),
        };
        self.hist.take(&mut self.m.cpu, views);
    }

    /// Put the machine back to snapshot `k` (see `History::restore`), with
    /// the views saved with it.
    pub fn restore_snapshot(&mut self, k: usize) {
        let views = self.hist.restore(k, &mut self.m.cpu);
        self.obs = views.obs;
        if let (Some(t), Some(s)) = (self.m.tasks.as_mut(), views.tasks.as_ref()) {
            t.restore(s);
        }
        self.release_triggers();
        self.exited = None;
    }

    /// The user changed the machine: the recorded past no longer leads
    /// here, so the history starts again now.
    pub fn new_history(&mut self) {
        self.hist.clear(&mut self.m.cpu);
        self.snapshot_now();
        self.furthest = self.pos();
    }

    /// The tasks to show: the kernel's (the task source), or the address
    /// spaces seen so far.
    pub fn task_list(&self) -> (Vec<tasks::TaskInfo>, bool) {
        if let Some(src) = &self.task_source {
            let list = src.tasks(&self.m);
            if !list.is_empty() {
                return (list, true);
            }
        }
        (self.obs.spaces.tasks(), false)
    }

    /// The hart's position: instructions retired plus traps taken.
    pub fn pos(&self) -> u64 {
        self.m.cpu.position()
    }

    fn set_mute(&self, on: bool) {
        self.mute.store(on, Ordering::Relaxed);
    }

    /// The program the current task runs (its exec path), if known.
    pub fn current_program(&self) -> Option<String> {
        // (The kernel's own context and a task that has not exec'ed run
        // no program of their own: the last address space's, if any.)
        if let Some(src) = self.task_source.as_ref().filter(|s| s.available(&self.m)) {
            if let Some(path) = src.current(&self.m).and_then(|t| t.path) {
                return Some(path);
            }
        }
        self.obs.spaces.current_space().and_then(|s| s.comm.clone())
    }

    /// The current task's pid, if known.
    pub fn current_pid(&self) -> Option<u32> {
        if let Some(src) = self.task_source.as_ref().filter(|s| s.available(&self.m)) {
            return src.current(&self.m).and_then(|t| t.pid);
        }
        self.obs.spaces.current_space().and_then(|s| s.pid)
    }

    /// The symbols of the kernel (or bare-metal program), read from its
    /// ELF on first use.
    pub fn kernel(&self) -> &Symbols {
        self.kernel
            .get_or_init(|| Symbols::from_elf(&self.elf).unwrap_or_default())
    }

    /// Symbols of the user program at `path` (from the initramfs).
    pub fn program_symbols(&mut self, path: &str) -> Option<&Symbols> {
        if !self.programs.contains_key(path) {
            let syms = self
                .initrd
                .as_deref()
                .and_then(|cpio| initramfs::find(cpio, path))
                .and_then(|elf| Symbols::from_elf(elf).ok());
            self.programs.insert(path.to_string(), syms);
        }
        self.programs.get(path).and_then(|s| s.as_ref())
    }

    /// The path of the program `name` names: itself if the initramfs has
    /// it, else `/bin/NAME`.
    fn program_path(&self, name: &str) -> String {
        let has = |p: &str| {
            self.initrd
                .as_deref()
                .is_some_and(|c| initramfs::find(c, p).is_some())
        };
        if name.contains('/') || has(name) {
            name.to_string()
        } else {
            format!("/bin/{name}")
        }
    }

    /// Where `query` (a symbol, optionally `PROGRAM:symbol`) is: kernel
    /// symbols, and those of the current task's program.
    pub fn symbol_locations(&mut self, query: &str) -> Vec<Location> {
        let mut out = Vec::new();
        // `cow:main`, `/bin/cow:main` (but not `a::b`).
        if let Some((prog, sym)) = split_program(query) {
            let path = self.program_path(prog);
            if let Some(syms) = self.program_symbols(&path) {
                for s in syms.lookup(sym) {
                    out.push(Location {
                        addr: s.addr,
                        name: s.name.clone(),
                        program: Some(path.clone()),
                    });
                }
            }
            return out;
        }
        for s in self.kernel().lookup(query) {
            out.push(Location {
                addr: s.addr,
                name: s.name.clone(),
                program: None,
            });
        }
        if let Some(path) = self.current_program() {
            if let Some(syms) = self.program_symbols(&path) {
                for s in syms.lookup(query) {
                    out.push(Location {
                        addr: s.addr,
                        name: s.name.clone(),
                        program: Some(path.clone()),
                    });
                }
            }
        }
        out
    }

    /// `<symbol+off>` for `addr`, if a symbol covers it: the kernel's, else
    /// the current program's, else the kernel's at the physical address
    /// `addr` maps to now (code mapped twice, such as a trampoline page
    /// mapped high in every address space, linked at its physical address).
    pub fn symbolize(&mut self, addr: u64) -> Option<String> {
        if let Some((s, off)) = self.kernel().at(addr) {
            return Some(symbols::with_offset(s, off));
        }
        if let Some(path) = self.current_program() {
            if let Some((s, off)) = self.program_symbols(&path).and_then(|syms| syms.at(addr)) {
                return Some(symbols::with_offset(s, off));
            }
        }
        let pa = self.m.cpu.peek_translate(addr).filter(|&pa| pa != addr)?;
        let (s, off) = self.kernel().at(pa)?;
        Some(symbols::with_offset(s, off))
    }

    /// Evaluate an address expression.
    pub fn eval(&mut self, text: &str) -> Result<u64, String> {
        expr::eval(&mut inspect::EvalEnv { d: self }, text)
    }

    /// Evaluate a condition.
    pub fn eval_cond(&mut self, text: &str) -> Result<bool, String> {
        expr::eval_cond(&mut inspect::EvalEnv { d: self }, text)
    }
}

/// The first user program: `init=PATH` on the kernel command line, else
/// `/bin/init` if the initramfs has it (the teaching kernel's and Linux's
/// default).
fn first_program(opts: &SessionOptions) -> Option<String> {
    let kernel_words = opts.bootargs.split(" -- ").next().unwrap_or("");
    if let Some(p) = kernel_words
        .split_whitespace()
        .find_map(|w| w.strip_prefix("init="))
    {
        return Some(p.to_string());
    }
    let cpio = opts.initrd.as_deref()?;
    initramfs::find(cpio, "/bin/init").map(|_| "/bin/init".to_string())
}

/// `PROG:sym` -> (PROG, sym); `a::b` and `<a::B>::c` are not.
fn split_program(q: &str) -> Option<(&str, &str)> {
    let i = q.find(':')?;
    if q[i..].starts_with("::") || q.starts_with('<') {
        return None;
    }
    let (p, s) = (&q[..i], &q[i + 1..]);
    (!p.is_empty() && !s.is_empty()).then_some((p, s))
}

/// Run a session: the machine is loaded and has not run. Returns the
/// machine and why it stopped, or None if the session ended with the guest
/// still running.
pub fn run(
    opts: SessionOptions,
    m: Machine,
    mute: Arc<AtomicBool>,
) -> Result<(Machine, Option<ExitReason>), String> {
    let mut d = Debugger::new(m, &opts, mute);
    let end = match &opts.frontend {
        Frontend::Repl => repl::interactive(&mut d),
        Frontend::Script(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            repl::script(&mut d, &text);
            Ok(())
        }
        Frontend::Gdb { host, port, wait } => gdb::serve(&mut d, host, *port, *wait),
    };
    end?;
    d.m.cpu.bus.uart.flush();
    let reason = d.exited;
    Ok((d.m, reason))
}
