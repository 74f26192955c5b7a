//! The board: RAM, devices and one hart put together, program loading, and
//! the outer run loop (interrupts, timer events, console input, `wfi`).

use crate::bus::Bus;
use crate::clock::{Clock, TIMEBASE_HZ};
use crate::cpu::csr::MENVCFG_STCE;
use crate::cpu::Cpu;
use crate::devices::fdt::{build_fdt, FdtConfig};
use crate::devices::htif::Htif;
use crate::devices::uart::Uart16550;
use crate::memory::{Memory, RAM_BASE};
use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};
use vitrine_loader::ElfImage;
use vitrine_mmu::TlbConfig;

/// Exit status when `--max-insns` stops the guest (as `timeout(1)` does).
pub const EXIT_INSN_LIMIT: i32 = 124;
/// Exit status when the emulator could not run the program (bad ELF, bad flag value).
pub const EXIT_CANNOT_RUN: i32 = 125;
/// Exit status when the guest waits for an interrupt that can never arrive.
pub const EXIT_GUEST_HUNG: i32 = 123;
/// Exit status when the hart is caught in an exception that traps to itself.
pub const EXIT_TRAP_LOOP: i32 = 122;

/// Instructions per block between checks for console input and output flush.
const MAX_BLOCK: u64 = 1 << 16;

/// The largest RAM the command line accepts (`-m`).
pub const MAX_RAM: u64 = 16 << 30;

/// The ISA string we report in the device tree, in the canonical order
/// (single letters, then `z` extensions grouped by their letter's place in
/// `imafdqlcbkjtpvh` and sorted within a group, then `s` extensions), as
/// QEMU writes it. Zihintpause's `pause` is a `fence` (a no-op here).
pub const ISA: &str =
    "rv64imafdc_zicbom_zicboz_zicond_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc";

pub struct MachineConfig {
    pub ram_size: u64,
    pub tlb: TlbConfig,
    pub realtime: bool,
    pub insns_per_tick: u64,
    pub max_insns: Option<u64>,
    pub bootargs: String,
    pub initrd: Option<Vec<u8>>,
    /// A terminal is attached (interactive use): an idle guest waits in real
    /// time for its next timer event instead of skipping to it (QEMU's
    /// `-icount sleep=on`). Instruction counting stays deterministic.
    pub pace_idle: bool,
    /// RAM that must stay free besides the program, the initrd and the
    /// device tree for the program to boot at all (the built-in OS needs
    /// some to start init); a smaller RAM is refused with `RamTooSmall`.
    pub min_free_ram: u64,
    /// Which engine runs guest code (`--engine`): translated blocks, or
    /// the interpreter alone. Both give identical results and counters.
    pub engine: crate::cpu::jit::Engine,
}

impl Default for MachineConfig {
    fn default() -> Self {
        MachineConfig {
            ram_size: crate::memory::DEFAULT_RAM_SIZE,
            tlb: TlbConfig {
                entries: 64,
                ways: 4,
            },
            realtime: false,
            insns_per_tick: crate::clock::DEFAULT_INSNS_PER_TICK,
            max_insns: None,
            bootargs: String::new(),
            initrd: None,
            pace_idle: false,
            min_free_ram: 0,
            engine: crate::cpu::jit::Engine::default(),
        }
    }
}

/// Why the run loop stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitReason {
    /// The guest asked to exit with this code (test finisher, HTIF).
    Exit(u32),
    /// The guest asked for a reset (test finisher 0x7777).
    Reset,
    /// `--max-insns` reached (instructions retired plus traps taken).
    InstructionLimit,
    /// `wfi` with no interrupt source that could ever wake the hart.
    Hung,
    /// Ctrl-A x on the console.
    Quit,
    /// An exception whose handler is the faulting instruction (it repeats
    /// for ever): cause and pc.
    TrapLoop { cause: u64, pc: u64 },
}

impl ExitReason {
    /// The host process exit status for this reason.
    pub fn exit_code(self) -> i32 {
        match self {
            ExitReason::Exit(code) => match code & 0xff {
                0 if code != 0 => 1,
                c => c as i32,
            },
            ExitReason::Reset => 0,
            ExitReason::InstructionLimit => EXIT_INSN_LIMIT,
            ExitReason::Hung => EXIT_GUEST_HUNG,
            ExitReason::Quit => 0,
            ExitReason::TrapLoop { .. } => EXIT_TRAP_LOOP,
        }
    }

    pub fn describe(self) -> String {
        match self {
            ExitReason::Exit(code) => format!("guest exited with code {code}"),
            ExitReason::Reset => "guest requested reset".into(),
            ExitReason::InstructionLimit => "instruction limit reached".into(),
            ExitReason::Hung => "guest waits for an interrupt that cannot arrive".into(),
            ExitReason::Quit => "terminated by Ctrl-A x".into(),
            ExitReason::TrapLoop { cause, pc } => format!(
                "trap loop: {} (cause {cause}) at pc {pc:#x} traps to itself",
                crate::stats::exception_name(cause as usize)
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    #[error(transparent)]
    Load(#[from] vitrine_loader::LoadError),
    #[error("device tree: {0}")]
    Fdt(String),
    #[error("RAM of {} too small for {what}; {} would do", size_name(*.ram), size_name(*.needed))]
    RamTooSmall {
        ram: u64,
        /// A RAM size that would do (whole MiB).
        needed: u64,
        /// What has to fit, e.g. "the program (up to 0x8043d000) and
        /// the device tree (1781 bytes)".
        what: String,
    },
}

/// 8388608 -> "8M", 69632 -> "68K".
pub fn size_name(bytes: u64) -> String {
    if bytes % (1 << 20) == 0 {
        format!("{}M", bytes >> 20)
    } else if bytes % (1 << 10) == 0 {
        format!("{}K", bytes >> 10)
    } else {
        bytes.to_string()
    }
}

/// Where the initrd and the device tree go in RAM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// End of the program's footprint (see `footprint_end`).
    pub program_end: u64,
    pub initrd: Option<u64>,
    pub fdt: u64,
}

/// The end of the memory a program occupies: its loaded segments, extended
/// to its `_end` or `_kernel_end` symbol when that lies further (memory it
/// claims past its image, e.g. a kernel's stacks and heap, which take no
/// room in the file).
pub fn footprint_end(image: &ElfImage) -> u64 {
    let segments = image.segments.iter().map(|s| s.paddr + s.mem_size);
    let symbols = ["_end", "_kernel_end"]
        .iter()
        .filter_map(|n| image.symbol(n))
        .filter(|&a| a > RAM_BASE && a <= RAM_BASE + MAX_RAM);
    segments.chain(symbols).max().unwrap_or(RAM_BASE)
}

impl Layout {
    /// Place an initrd of `initrd_len` bytes (0: none) and a device tree of
    /// `fdt_len` bytes in a RAM of `mem_size` bytes holding `image`, with
    /// `min_free` bytes left over.
    ///
    /// As QEMU's `virt`: the initrd at entry + min(RAM/2, 128 MiB), the
    /// tree at the top of RAM (below 3 GiB), 2 MiB aligned. Where that would
    /// overlap the program's footprint (or a small RAM has no room), the
    /// tree goes 4 KiB aligned at the top and the initrd right below it.
    /// Nothing overlaps; an error says how much RAM would do when nothing
    /// fits.
    pub fn plan(
        image: &ElfImage,
        mem_size: u64,
        initrd_len: u64,
        fdt_len: u64,
        min_free: u64,
    ) -> Result<Layout, MachineError> {
        const PAGE: u64 = 4096;
        let ram_end = RAM_BASE + mem_size;
        let top = ram_end.min(3 << 30);
        let program_end = footprint_end(image);
        let fdt_at = |floor: u64| {
            let below = top.checked_sub(fdt_len)?;
            [2 << 20, PAGE]
                .iter()
                .map(|align| below & !(align - 1))
                .find(|&a| a >= floor)
        };
        let placed = if initrd_len == 0 {
            fdt_at(program_end).map(|fdt| (None, fdt))
        } else {
            let qemu = image.entry + (mem_size / 2).min(128 << 20);
            let at_qemu = qemu
                .checked_add(initrd_len)
                .filter(|&end| qemu >= program_end && end <= ram_end)
                .and_then(fdt_at)
                .map(|fdt| (Some(qemu), fdt));
            // Else as high as it goes, just below the tree: the RAM right
            // after the program stays free for it (a kernel may put its
            // first allocations there, as ours does).
            let high = || {
                let fdt = fdt_at(program_end.checked_add(initrd_len)?)?;
                let start = fdt.checked_sub(initrd_len)? & !(PAGE - 1);
                (start >= program_end).then_some((Some(start), fdt))
            };
            at_qemu.or_else(high)
        };
        let used = (program_end.next_multiple_of(PAGE) - RAM_BASE)
            + initrd_len.next_multiple_of(PAGE)
            + fdt_len.next_multiple_of(PAGE);
        match placed {
            Some((initrd, fdt)) if mem_size.saturating_sub(used) >= min_free => Ok(Layout {
                program_end,
                initrd,
                fdt,
            }),
            _ => {
                let needed = used + min_free;
                let program = format!("the program (up to {program_end:#x})");
                let fdt = format!("the device tree ({fdt_len} bytes)");
                let mut parts = vec![program];
                if initrd_len > 0 {
                    parts.push(format!("the initrd ({initrd_len} bytes)"));
                }
                parts.push(fdt);
                if min_free > 0 {
                    parts.push(format!("{} free to run", size_name(min_free)));
                }
                let last = parts.pop().unwrap_or_default();
                let what = format!("{} and {last}", parts.join(", "));
                Err(MachineError::RamTooSmall {
                    ram: mem_size,
                    needed: needed.next_multiple_of(1 << 20),
                    what,
                })
            }
        }
    }
}

/// What the host's console input delivers to the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsoleInput {
    /// Bytes read from the host's stdin.
    Data(Vec<u8>),
    /// The host input (not a terminal) reached end of file after the bytes
    /// sent before: the serial line hangs up (the UART's DCD drops once the
    /// guest has read them).
    Hangup,
    /// Ctrl-A x: stop the machine (as an exit: counters are reported).
    Quit,
}

/// At most this much real time that passed beyond idle deadlines is made up
/// for by shortening later idle waits (so guest time keeps up with the host
/// clock while idle, but a host stopped for a while does not replay it all).
const MAX_PACE_LAG: Duration = Duration::from_millis(100);

pub struct Machine {
    pub cpu: Cpu,
    input: Option<Receiver<ConsoleInput>>,
    /// Host input received but not yet taken by the UART's receiver.
    pending: VecDeque<u8>,
    /// A hangup follows the bytes in `pending`.
    hangup: bool,
    /// Ctrl-A x was typed.
    quit: bool,
    /// See `MachineConfig::pace_idle`.
    pace_idle: bool,
    /// Real time already spent beyond the deadlines of past idle waits.
    pace_lag: Duration,
    max_insns: Option<u64>,
    min_free_ram: u64,
    bootargs: String,
    initrd: Option<Vec<u8>>,
    /// Per-task accounting (`tasks/`), when asked for: it looks at the
    /// hart after every block.
    pub tasks: Option<crate::tasks::Tracker>,
    /// Where the guest's standard error (the introspection device's STDERR
    /// register) goes: the host's stderr, or, when None, the console with
    /// the UART's output (a debugging session, whose console is muted
    /// while it replays).
    pub stderr: Option<Box<dyn Write + Send>>,
}

impl Machine {
    /// A machine whose UART writes to `console`; `input`, if any, feeds the
    /// UART's receiver (the host's stdin, see [`stdin_reader`]).
    pub fn new(
        cfg: MachineConfig,
        console: Box<dyn Write + Send>,
        input: Option<Receiver<ConsoleInput>>,
    ) -> Machine {
        let mem = Memory::new(cfg.ram_size);
        let bus = Bus::new(mem, Uart16550::new(console));
        let clock = if cfg.realtime {
            Clock::realtime()
        } else {
            Clock::deterministic(cfg.insns_per_tick)
        };
        let mut cpu = Cpu::new(bus, cfg.tlb, clock);
        cpu.jit.engine = cfg.engine;
        Machine {
            cpu,
            input,
            pending: VecDeque::new(),
            hangup: false,
            quit: false,
            pace_idle: cfg.pace_idle,
            pace_lag: Duration::ZERO,
            max_insns: cfg.max_insns,
            min_free_ram: cfg.min_free_ram,
            bootargs: cfg.bootargs,
            initrd: cfg.initrd,
            tasks: None,
            stderr: Some(Box::new(std::io::stderr())),
        }
    }

    /// Give the machine a virtio block device (before `load`, which
    /// writes it into the device tree).
    pub fn attach_disk(&mut self, dev: crate::devices::virtio::mmio::VirtioMmio) {
        self.cpu.bus.virtio = Some(dev);
    }

    /// Let the virtio block device take new requests and complete the
    /// ones whose time has come (it moves data in guest RAM: `Cpu` is its
    /// DMA), then set its interrupt line.
    fn service_disk(&mut self) {
        let now = self.cpu.clock.mtime(self.cpu.instret);
        let Some(v) = &self.cpu.bus.virtio else {
            return;
        };
        if !v.wants_service(now) {
            return;
        }
        let mut v = self.cpu.bus.virtio.take().unwrap();
        if v.service(now, &mut self.cpu) {
            self.cpu
                .bus
                .plic
                .set_level(crate::devices::virtio::mmio::IRQ, v.irq_level());
        }
        self.cpu.bus.virtio = Some(v);
    }

    /// Load an ELF program and set up the reset state as QEMU's `virt` does:
    /// pc = entry, a0 = hart id, a1 = device tree address (see
    /// [`Layout::plan`] for where it and the initrd go), M-mode.
    pub fn load(&mut self, image: &ElfImage) -> Result<(), MachineError> {
        let mem_size = self.cpu.bus.mem.size();
        image.check_fits(RAM_BASE, mem_size)?;
        for seg in &image.segments {
            log::info!(
                "load {:#x}..{:#x} ({} bytes from file){}{}{}",
                seg.paddr,
                seg.paddr + seg.mem_size,
                seg.data.len(),
                if seg.readable { " r" } else { "" },
                if seg.writable { "w" } else { "" },
                if seg.executable { "x" } else { "" }
            );
            // check_fits guarantees these are inside RAM.
            let _ = self.cpu.bus.mem.write_bytes(seg.paddr, &seg.data);
        }
        if let Some(tohost) = image.symbol("tohost") {
            self.cpu
                .bus
                .attach_htif(Htif::new(tohost, image.symbol("fromhost")));
        }
        let data = self.initrd.take();
        let fdt_config = |initrd| FdtConfig {
            ram_base: RAM_BASE,
            ram_size: mem_size,
            bootargs: self.bootargs.clone(),
            initrd,
            timebase: TIMEBASE_HZ,
            isa: ISA.to_string(),
            virtio_blk: self.cpu.bus.virtio.is_some(),
        };
        // The tree's size does not depend on where the initrd is.
        let fdt_len = build_fdt(&fdt_config(data.as_ref().map(|_| (RAM_BASE, RAM_BASE))))
            .map_err(MachineError::Fdt)?
            .len() as u64;
        let layout = Layout::plan(
            image,
            mem_size,
            data.as_ref().map_or(0, |d| d.len() as u64),
            fdt_len,
            self.min_free_ram,
        )?;
        let initrd = match (&data, layout.initrd) {
            (Some(d), Some(start)) => {
                // Layout::plan checked that it fits.
                let _ = self.cpu.bus.mem.write_bytes(start, d);
                Some((start, start + d.len() as u64))
            }
            _ => None,
        };
        let fdt = build_fdt(&fdt_config(initrd)).map_err(MachineError::Fdt)?;
        let fdt_addr = layout.fdt;
        let _ = self.cpu.bus.mem.write_bytes(fdt_addr, &fdt);
        log::info!(
            "entry {:#x}, device tree at {:#x} ({} bytes)",
            image.entry,
            fdt_addr,
            fdt.len()
        );
        self.cpu.pc = image.entry;
        self.cpu.x[10] = 0;
        self.cpu.x[11] = fdt_addr;
        Ok(())
    }

    /// Take what the host input has sent so far, move waiting bytes into
    /// the UART, and update its interrupt line.
    fn poll_input(&mut self) {
        while let Some(rx) = &self.input {
            let got = rx.try_recv();
            match got {
                Ok(event) => self.accept(event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.input = None,
            }
        }
        let uart = &mut self.cpu.bus.uart;
        while uart.wants_input() {
            match self.pending.pop_front() {
                Some(b) => uart.push_input(b),
                None => break,
            }
        }
        if self.hangup && self.pending.is_empty() {
            self.hangup = false;
            uart.hang_up();
        }
        self.cpu.bus.signal_uart();
    }

    fn accept(&mut self, event: ConsoleInput) {
        match event {
            ConsoleInput::Data(bytes) => self.pending.extend(bytes),
            ConsoleInput::Hangup => self.hangup = true,
            ConsoleInput::Quit => self.quit = true,
        }
    }

    /// Block until the host input sends something or `timeout` passes
    /// (forever if None). Without host input, just sleep for `timeout`.
    fn wait_input(&mut self, timeout: Option<Duration>) {
        // The guest's output so far is seen while it waits.
        self.cpu.bus.uart.flush();
        let Some(rx) = &self.input else {
            if let Some(t) = timeout {
                std::thread::sleep(t);
            }
            return;
        };
        let got = match timeout {
            Some(t) => rx.recv_timeout(t),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match got {
            Ok(event) => self.accept(event),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.input = None,
        }
    }

    /// True if host input may still arrive that the UART would take (and so
    /// that could raise its interrupt).
    fn input_can_wake(&self) -> bool {
        self.input.is_some() && self.cpu.bus.uart.wants_input()
    }

    /// The next `mtime` at which a timer fires, if one is armed in the future.
    fn next_timer(&self) -> Option<u64> {
        let now = self.cpu.clock.mtime(self.cpu.instret);
        let mut next = None;
        let mut consider = |t: u64| {
            if t > now && t != u64::MAX {
                next = Some(next.map_or(t, |n: u64| n.min(t)));
            }
        };
        consider(self.cpu.bus.clint.mtimecmp);
        if let Some(t) = self.cpu.bus.virtio.as_ref().and_then(|v| v.next_deadline()) {
            consider(t);
        }
        if self.cpu.csr.menvcfg & MENVCFG_STCE != 0 {
            consider(self.cpu.csr.stimecmp);
        }
        next
    }

    /// The hart is in `wfi` with nothing pending: let time pass until an
    /// interrupt could be pending. Returns false if none ever can.
    fn idle(&mut self) -> bool {
        let timer = self.next_timer();
        let now = self.cpu.clock.mtime(self.cpu.instret);
        if self.cpu.clock.is_realtime() {
            let wait = match timer {
                Some(t) => ticks_to_duration(t - now).min(Duration::from_millis(10)),
                None if self.input_can_wake() => Duration::from_millis(10),
                None => return false,
            };
            self.wait_input(Some(wait));
            return true;
        }
        match timer {
            // Deterministic time: the timer event comes first (so input
            // timing cannot change the schedule of timer interrupts).
            // A deadline the cycle counter never reaches: the guest hangs.
            Some(t) if !self.pace_idle => return self.cpu.clock.idle_until(t, self.cpu.instret),
            Some(t) => self.pace_until(t, now),
            None if self.input_can_wake() => self.wait_input(None),
            None => return false,
        }
        true
    }

    /// A terminal is attached: wait in real time until the guest's timer
    /// deadline `t` (or input comes), and let guest time pass by the real
    /// time that passed, at most up to `t`.
    fn pace_until(&mut self, t: u64, now: u64) {
        let wait = ticks_to_duration(t - now);
        if self.pace_lag >= wait {
            // Real time is already past this deadline (earlier waits overran).
            self.pace_lag -= wait;
            self.cpu.clock.idle_until(t, self.cpu.instret);
            return;
        }
        let start = Instant::now();
        self.wait_input(Some(wait - self.pace_lag));
        let passed = start.elapsed() + self.pace_lag;
        if passed >= wait {
            self.pace_lag = (passed - wait).min(MAX_PACE_LAG);
            self.cpu.clock.idle_until(t, self.cpu.instret);
        } else {
            // Woken early (input): only the time that passed.
            let ticks = (passed.as_nanos() / TICK_NANOS as u128) as u64;
            self.pace_lag = passed - ticks_to_duration(ticks);
            self.cpu.clock.idle_until(now + ticks, self.cpu.instret);
        }
    }

    /// Run until the guest exits, asks for reset, hangs, or hits `--max-insns`.
    pub fn run(&mut self) -> ExitReason {
        let reason = loop {
            if let RunEnd::Exit(reason) = self.run_until(u64::MAX, &mut |_, _| false) {
                break reason;
            }
        };
        self.cpu
            .stats
            .close_mode_interval(self.cpu.prv, self.cpu.instret);
        self.cpu.bus.uart.flush();
        log::info!(
            "stopped after {} instructions at pc {:#x}: {}",
            self.cpu.instret,
            self.cpu.pc,
            reason.describe()
        );
        reason
    }
}

/// How [`Machine::run_until`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunEnd {
    /// The machine stopped for good (the guest exited, hung, ...).
    Exit(ExitReason),
    /// The hart's position (`Cpu::position`: instructions retired plus
    /// traps taken) reached the `stop` asked for.
    Reached,
    /// The hart halted at a halt point (`cpu.halt.hit` says where), a
    /// debug-mode trigger stopped it (`Cpu::take_trigger_hit`), or `check`
    /// asked to stop.
    Stopped,
}

impl Machine {
    /// The run loop, for `run` and for debuggers: run until the machine
    /// stops for good, the hart's position reaches `stop`, it halts at a
    /// halt point or a debug-mode trigger stops it, or `check` returns
    /// true. `check` sees the hart (and the per-task tracker, which has
    /// looked at it first) after every block and after every interrupt
    /// taken; every trap, privilege change, CSR write (`satp`) and
    /// `sfence.vma` ends a block, so it sees each of those on its own,
    /// right after it happened.
    ///
    /// Where blocks end changes nothing the guest can see: interrupts are
    /// taken between blocks, and every event that can make one pending
    /// ends the block (the timer bounds it), so running to position `n` in
    /// any number of calls gives the same state.
    pub fn run_until(
        &mut self,
        stop: u64,
        check: &mut dyn FnMut(&mut Cpu, Option<&mut crate::tasks::Tracker>) -> bool,
    ) -> RunEnd {
        loop {
            // A hart stopped by a trigger runs nothing until the debugger
            // takes the hit.
            if self.cpu.trigger_halted() {
                return RunEnd::Stopped;
            }
            if let Some(exit) = self.cpu.bus.exit.take() {
                return RunEnd::Exit(match exit {
                    crate::bus::DeviceExit::Exit(code) => ExitReason::Exit(code),
                    crate::bus::DeviceExit::Reset => ExitReason::Reset,
                });
            }
            if let Some(l) = self.cpu.trap_loop.take() {
                return RunEnd::Exit(ExitReason::TrapLoop {
                    cause: l.cause,
                    pc: l.pc,
                });
            }
            // Every instruction counts toward --max-insns, the ones that
            // trapped too (each trap ends a block, so this is exact).
            let max = self.max_insns.unwrap_or(u64::MAX);
            let used = self.cpu.instret.saturating_add(self.cpu.traps);
            if used >= max {
                return RunEnd::Exit(ExitReason::InstructionLimit);
            }
            if used >= stop {
                return RunEnd::Reached;
            }
            let limit = max.min(stop);
            self.poll_input();
            self.service_disk();
            if self.quit {
                return RunEnd::Exit(ExitReason::Quit);
            }
            if self.cpu.waiting {
                if self.cpu.wfi_should_wake() {
                    self.cpu.waiting = false;
                } else if !self.idle() {
                    return RunEnd::Exit(ExitReason::Hung);
                }
                continue;
            }
            if self.cpu.check_interrupts() {
                if check(&mut self.cpu, self.tasks.as_mut()) {
                    return RunEnd::Stopped;
                }
                if used + 1 >= limit {
                    continue; // the interrupt was the last thing allowed
                }
            }
            let budget = (limit - self.cpu.instret - self.cpu.traps).min(MAX_BLOCK);
            let mut end = self.cpu.instret + budget;
            if let Some(t) = self.next_timer() {
                if let Some(at) = self.cpu.clock.instret_at_mtime(t, self.cpu.instret) {
                    end = end.min(at.max(self.cpu.instret + 1));
                }
            }
            self.cpu.run_block(end);
            if let Some(t) = self.tasks.as_mut() {
                t.after_block(&mut self.cpu);
            }
            self.cpu.bus.uart.flush();
            if !self.cpu.bus.introspect.stderr.is_empty() {
                self.flush_stderr();
            }
            if self.cpu.halt.hit.is_some()
                || self.cpu.trigger_halted()
                || check(&mut self.cpu, self.tasks.as_mut())
            {
                return RunEnd::Stopped;
            }
        }
    }
}

impl Machine {
    /// Hand what the guest wrote to its standard error to the host (after
    /// the console's output of the same block).
    fn flush_stderr(&mut self) {
        let bytes = std::mem::take(&mut self.cpu.bus.introspect.stderr);
        match self.stderr.as_mut() {
            Some(out) => {
                if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
                    log::warn!("guest stderr: host output failed: {e}");
                }
            }
            None => {
                self.cpu.bus.uart.emit(&bytes);
                self.cpu.bus.uart.flush();
            }
        }
    }
}

/// Nanoseconds per `mtime` tick.
const TICK_NANOS: u64 = 1_000_000_000 / TIMEBASE_HZ;

fn ticks_to_duration(ticks: u64) -> Duration {
    Duration::from_nanos(ticks.saturating_mul(TICK_NANOS))
}

/// Start a thread that forwards host stdin to the returned channel. At end
/// of file it sends `Hangup` unless stdin is a terminal (a terminal's line
/// never hangs up: its end of file is the guest's ^D). Ctrl-A x sends `Quit`
/// and Ctrl-A h prints the escapes on stderr (see `terminal::Escape`).
pub fn stdin_reader() -> Receiver<ConsoleInput> {
    use std::io::IsTerminal;
    let (tx, rx) = std::sync::mpsc::channel();
    let tty = std::io::stdin().is_terminal();
    std::thread::spawn(move || {
        use crate::terminal::{Escape, EscapeDetector};
        use std::io::Read;
        let mut buf = [0u8; 4096];
        let mut stdin = std::io::stdin().lock();
        let mut escape = EscapeDetector::default();
        loop {
            let n = match stdin.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // (A terminal that went away reads as an error: its end.)
                Err(_) => break,
            };
            let mut data = Vec::with_capacity(n);
            for &b in &buf[..n] {
                match escape.feed(b) {
                    Escape::None => data.push(b),
                    Escape::Help => eprint!("{}", crate::terminal::ESCAPE_HELP),
                    Escape::Quit => {
                        let _ = tx.send(ConsoleInput::Data(data));
                        let _ = tx.send(ConsoleInput::Quit);
                        return;
                    }
                }
            }
            if tx.send(ConsoleInput::Data(data)).is_err() {
                return;
            }
        }
        if !tty {
            let _ = tx.send(ConsoleInput::Hangup);
        }
    });
    rx
}

#[cfg(test)]
impl Machine {
    /// A 1 MiB machine for unit tests (console discarded) holding each
    /// `(address, instructions)` of `code`, with `pc` at the start of RAM.
    pub(crate) fn with_code(code: &[(u64, &[u32])]) -> Machine {
        let mut m = Machine::new(
            MachineConfig {
                ram_size: 1 << 20,
                ..Default::default()
            },
            Box::new(std::io::sink()),
            None,
        );
        for &(at, words) in code {
            for (i, w) in words.iter().enumerate() {
                m.cpu
                    .poke_phys(at + 4 * i as u64, &w.to_le_bytes())
                    .expect("code in RAM");
            }
        }
        m.cpu.pc = RAM_BASE;
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vitrine_loader::Segment;

    const M: u64 = 1 << 20;

    /// A program of `size` bytes at the start of RAM, claiming memory up
    /// to `end` (its `_kernel_end`) if given.
    fn image(size: u64, end: Option<u64>) -> ElfImage {
        ElfImage {
            entry: RAM_BASE,
            segments: vec![Segment {
                vaddr: RAM_BASE,
                paddr: RAM_BASE,
                data: vec![0; 16],
                mem_size: size,
                readable: true,
                writable: true,
                executable: true,
            }],
            symbols: end
                .map(|e| ("_kernel_end".to_string(), e))
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn layout_follows_qemu_when_there_is_room() {
        let l = Layout::plan(&image(0x2000, None), 512 * M, 3 * M, 2000, 0).unwrap();
        assert_eq!(l.initrd, Some(RAM_BASE + 128 * M));
        assert_eq!(l.fdt, RAM_BASE + 512 * M - 2 * M);
        let l = Layout::plan(&image(0x2000, None), 64 * M, 3 * M, 2000, 0).unwrap();
        assert_eq!(l.initrd, Some(RAM_BASE + 32 * M));
        let l = Layout::plan(&image(0x2000, None), M, 0, 2000, 0).unwrap();
        assert_eq!((l.initrd, l.fdt), (None, RAM_BASE + M - 4096));
    }

    #[test]
    fn layout_keeps_clear_of_memory_claimed_past_the_image() {
        // A kernel whose heap ends at 4.25M: QEMU's spot (RAM/2 = 4M) is
        // inside it, so the initrd goes high, below the tree.
        let end = RAM_BASE + 0x43d000;
        let img = image(0x2b620, Some(end));
        assert_eq!(footprint_end(&img), end);
        let l = Layout::plan(&img, 8 * M, 2_940_980, 1902, 0).unwrap();
        let start = l.initrd.unwrap();
        assert!(start >= end, "{l:x?}");
        assert!(start + 2_940_980 <= l.fdt, "{l:x?}");
        assert_eq!(l.fdt, RAM_BASE + 8 * M - 4096);
        // Room right after the kernel is left free.
        assert!(start - end > 512 << 10, "{l:x?}");
    }

    #[test]
    fn layout_refuses_a_ram_that_is_too_small_and_says_what_would_do() {
        let end = RAM_BASE + 0x43d000;
        let img = image(0x2b620, Some(end));
        for ram in [4 * M, 7 * M] {
            match Layout::plan(&img, ram, 2_940_980, 1902, 0) {
                Err(MachineError::RamTooSmall {
                    ram: r,
                    needed,
                    what,
                }) => {
                    assert_eq!(r, ram);
                    assert_eq!(needed, 8 * M);
                    assert!(what.contains("initrd (2940980 bytes)"), "{what}");
                }
                other => panic!("{ram}: {other:?}"),
            }
        }
        // What has to stay free counts too.
        assert!(Layout::plan(&img, 8 * M, 2_940_980, 1902, 512 << 10).is_ok());
        assert!(Layout::plan(&img, 7 * M + (512 << 10), 2_940_980, 1902, 512 << 10).is_err());
        // A program claiming memory beyond RAM, without an initrd.
        let big = image(0x1000, Some(RAM_BASE + 2 * M));
        assert!(matches!(
            Layout::plan(&big, M, 0, 1902, 0),
            Err(MachineError::RamTooSmall { needed, .. }) if needed == 3 * M
        ));
    }
}
