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
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;
use vitrine_loader::ElfImage;
use vitrine_mmu::TlbConfig;

/// Exit status when `--max-insns` stops the guest (as `timeout(1)` does).
pub const EXIT_INSN_LIMIT: i32 = 124;
/// Exit status when the emulator could not run the program (bad ELF, bad flag value).
pub const EXIT_CANNOT_RUN: i32 = 125;
/// Exit status when the guest waits for an interrupt that can never arrive.
pub const EXIT_GUEST_HUNG: i32 = 123;

/// Instructions per block between checks for console input and output flush.
const MAX_BLOCK: u64 = 1 << 16;

/// The ISA string we report in the device tree.
pub const ISA: &str = "rv64imafdc_zicsr_zifencei_sstc";

pub struct MachineConfig {
    pub ram_size: u64,
    pub tlb: TlbConfig,
    pub realtime: bool,
    pub insns_per_tick: u64,
    pub max_insns: Option<u64>,
    pub bootargs: String,
    pub initrd: Option<Vec<u8>>,
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
    /// `--max-insns` reached.
    InstructionLimit,
    /// `wfi` with no interrupt source that could ever wake the hart.
    Hung,
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
        }
    }

    pub fn describe(self) -> String {
        match self {
            ExitReason::Exit(code) => format!("guest exited with code {code}"),
            ExitReason::Reset => "guest requested reset".into(),
            ExitReason::InstructionLimit => "instruction limit reached".into(),
            ExitReason::Hung => "guest waits for an interrupt that cannot arrive".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    #[error(transparent)]
    Load(#[from] vitrine_loader::LoadError),
    #[error("initrd of {size} bytes does not fit in RAM above {start:#x}")]
    InitrdTooBig { size: usize, start: u64 },
    #[error("device tree: {0}")]
    Fdt(String),
    #[error("RAM too small: no room for the {size}-byte device tree above the program")]
    NoRoomForFdt { size: usize },
}

pub struct Machine {
    pub cpu: Cpu,
    input: Option<Receiver<u8>>,
    max_insns: Option<u64>,
    ram_size: u64,
    bootargs: String,
    initrd: Option<Vec<u8>>,
    /// Per-task accounting (`tasks/`), when asked for: it looks at the
    /// hart after every block.
    pub tasks: Option<crate::tasks::Tracker>,
}

impl Machine {
    /// A machine whose UART writes to `console`; `input`, if any, feeds the
    /// UART's receiver (bytes from the host's stdin).
    pub fn new(
        cfg: MachineConfig,
        console: Box<dyn Write + Send>,
        input: Option<Receiver<u8>>,
    ) -> Machine {
        let mem = Memory::new(cfg.ram_size);
        let bus = Bus::new(mem, Uart16550::new(console));
        let clock = if cfg.realtime {
            Clock::realtime()
        } else {
            Clock::deterministic(cfg.insns_per_tick)
        };
        Machine {
            cpu: Cpu::new(bus, cfg.tlb, clock),
            input,
            max_insns: cfg.max_insns,
            ram_size: cfg.ram_size,
            bootargs: cfg.bootargs,
            initrd: cfg.initrd,
            tasks: None,
        }
    }

    /// Load an ELF program and set up the reset state as QEMU's `virt` does:
    /// pc = entry, a0 = hart id, a1 = device tree address (at the top of RAM,
    /// 2 MiB aligned), M-mode.
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
        let initrd = match self.initrd.take() {
            Some(data) => {
                // As QEMU: at entry + min(RAM/2, 128 MiB).
                let start = image.entry + (self.ram_size / 2).min(128 << 20);
                let end = start + data.len() as u64;
                if self.cpu.bus.mem.write_bytes(start, &data).is_none() {
                    return Err(MachineError::InitrdTooBig {
                        size: data.len(),
                        start,
                    });
                }
                Some((start, end))
            }
            None => None,
        };
        let fdt = build_fdt(&FdtConfig {
            ram_base: RAM_BASE,
            ram_size: mem_size,
            bootargs: self.bootargs.clone(),
            initrd,
            timebase: TIMEBASE_HZ,
            isa: ISA.to_string(),
        })
        .map_err(MachineError::Fdt)?;
        // As QEMU: at the top of RAM (below 3 GiB), 2 MiB aligned; in a small
        // RAM where that would overlap the program or initrd, 4 KiB aligned.
        let used_end = image
            .segments
            .iter()
            .map(|s| s.paddr + s.mem_size)
            .chain(initrd.map(|(_, end)| end))
            .max()
            .unwrap_or(RAM_BASE);
        let top = (RAM_BASE + mem_size).min(3 << 30);
        let below = top.checked_sub(fdt.len() as u64).unwrap_or(0);
        let fdt_addr = [2 << 20, 4096u64]
            .iter()
            .map(|align| below & !(align - 1))
            .find(|&a| a >= used_end)
            .ok_or(MachineError::NoRoomForFdt { size: fdt.len() })?;
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

    /// Move waiting console input into the UART and update its interrupt line.
    fn poll_input(&mut self) {
        if let Some(rx) = &self.input {
            while self.cpu.bus.uart.wants_input() {
                match rx.try_recv() {
                    Ok(b) => self.cpu.bus.uart.push_input(b),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.input = None;
                        break;
                    }
                }
            }
        }
        let level = self.cpu.bus.uart.irq_pending();
        self.cpu.bus.plic.set_level(crate::bus::UART_IRQ, level);
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
        if self.cpu.csr.menvcfg & MENVCFG_STCE != 0 {
            consider(self.cpu.csr.stimecmp);
        }
        next
    }

    /// The hart is in `wfi` with nothing pending: let time pass until an
    /// interrupt could be pending. Returns false if none ever can.
    fn idle(&mut self) -> bool {
        let timer = self.next_timer();
        if self.cpu.clock.is_realtime() {
            let wait = match timer {
                Some(t) => {
                    let now = self.cpu.clock.mtime(self.cpu.instret);
                    Duration::from_nanos((t - now).saturating_mul(1_000_000_000 / TIMEBASE_HZ))
                        .min(Duration::from_millis(10))
                }
                None if self.input.is_some() => Duration::from_millis(10),
                None => return false,
            };
            match &self.input {
                Some(rx) => match rx.recv_timeout(wait) {
                    Ok(b) => self.cpu.bus.uart.push_input(b),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => self.input = None,
                },
                None => std::thread::sleep(wait),
            }
            return true;
        }
        // Deterministic time: a timer event comes first if there is one
        // (so input timing cannot change the schedule of timer interrupts).
        if let Some(t) = timer {
            self.cpu.clock.idle_until(t, self.cpu.instret);
            return true;
        }
        match &self.input {
            Some(rx) => {
                self.cpu.bus.uart.flush();
                match rx.recv() {
                    Ok(b) => self.cpu.bus.uart.push_input(b),
                    Err(_) => self.input = None,
                }
                true
            }
            None => false,
        }
    }

    /// Run until the guest exits, asks for reset, hangs, or hits `--max-insns`.
    pub fn run(&mut self) -> ExitReason {
        let reason = loop {
            if let Some(exit) = self.cpu.bus.exit.take() {
                break match exit {
                    crate::bus::DeviceExit::Exit(code) => ExitReason::Exit(code),
                    crate::bus::DeviceExit::Reset => ExitReason::Reset,
                };
            }
            let limit = self.max_insns.unwrap_or(u64::MAX);
            if self.cpu.instret >= limit {
                break ExitReason::InstructionLimit;
            }
            self.poll_input();
            if self.cpu.waiting {
                if self.cpu.wfi_should_wake() {
                    self.cpu.waiting = false;
                } else if !self.idle() {
                    break ExitReason::Hung;
                }
                continue;
            }
            self.cpu.check_interrupts();
            let mut end = limit.min(self.cpu.instret.saturating_add(MAX_BLOCK));
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

/// Start a thread that forwards host stdin to the returned channel.
pub fn stdin_reader() -> Receiver<u8> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = [0u8; 256];
        let mut stdin = std::io::stdin();
        let mut escape = crate::terminal::EscapeDetector::default();
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                break;
            }
            for &b in &buf[..n] {
                if escape.quit(b) {
                    crate::terminal::restore();
                    eprintln!("\r\nvitrine: terminated by Ctrl-A x");
                    std::process::exit(0);
                }
                if tx.send(b).is_err() {
                    return;
                }
            }
        }
    });
    rx
}
