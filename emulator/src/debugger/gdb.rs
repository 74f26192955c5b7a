//! The GDB remote stub (gdbstub + gdbstub_arch's RV64 description): `-s`
//! (tcp::1234), `-S` (wait for GDB before the first instruction), `--gdb
//! tcp::PORT`, as QEMU spells them.
//!
//! GDB drives the same engine as the REPL: registers and memory (virtual,
//! through the current translation, without side effects), software
//! breakpoints (halt points: no instruction is patched), hardware
//! breakpoints and watchpoints (`hbreak`, `watch`, `rwatch`, `awatch`: the
//! hart's Sdtrig triggers while enough are free, see `engine.rs`), single
//! steps, continue with ^C, reverse-stepi and
//! reverse-continue, and `monitor` for the REPL's inspection commands
//! (`monitor pt 0x...`, `monitor tlb`, `monitor tasks`...).
//!
//! When GDB disconnects or the connection breaks, the guest runs on and a
//! new connection may attach; the process ends when the guest does.

use super::breakpoints::{Kind, Location, Owner};
use super::commands::Ctx;
use super::engine::Stop;
use super::gdb_arch::{Regs, VitrineRv64, CSRS};
use super::watch::WatchSpec;
use super::Debugger;
use gdbstub::common::Signal;
use gdbstub::conn::ConnectionExt;
use gdbstub::stub::run_blocking::{self, BlockingEventLoop};
use gdbstub::stub::{DisconnectReason, GdbStub, SingleThreadStopReason};
use gdbstub::target::ext::base::reverse_exec::{
    ReplayLogPosition, ReverseCont, ReverseContOps, ReverseStep, ReverseStepOps,
};
use gdbstub::target::ext::base::singlethread::{
    SingleThreadBase, SingleThreadResume, SingleThreadResumeOps, SingleThreadSingleStep,
    SingleThreadSingleStepOps,
};
use gdbstub::target::ext::base::BaseOps;
use gdbstub::target::ext::breakpoints::{
    Breakpoints, BreakpointsOps, HwBreakpoint, HwBreakpointOps, HwWatchpoint, HwWatchpointOps,
    SwBreakpoint, SwBreakpointOps, WatchKind,
};
use gdbstub::target::ext::monitor_cmd::{ConsoleOutput, MonitorCmd, MonitorCmdOps};
use gdbstub::target::{Target, TargetError, TargetResult};
use std::marker::PhantomData;
use std::net::TcpListener;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Continue,
    Step,
    ReverseStep,
    ReverseCont,
}

/// The debugger as a gdbstub target.
pub struct GdbTarget<'a> {
    d: &'a mut Debugger,
    action: Action,
}

impl Target for GdbTarget<'_> {
    type Arch = VitrineRv64;
    type Error = &'static str;

    fn base_ops(&mut self) -> BaseOps<'_, VitrineRv64, &'static str> {
        BaseOps::SingleThread(self)
    }

    fn support_breakpoints(&mut self) -> Option<BreakpointsOps<'_, Self>> {
        Some(self)
    }

    fn support_monitor_cmd(&mut self) -> Option<MonitorCmdOps<'_, Self>> {
        Some(self)
    }

    // Our breakpoints are halt points: nothing is written into memory.
    fn guard_rail_implicit_sw_breakpoints(&self) -> bool {
        true
    }
}

impl GdbTarget<'_> {
    /// GDB changed the machine: the recorded past no longer leads here.
    fn changed(&mut self) {
        self.d.new_history();
    }

    fn add_break(&mut self, addr: u64, hw: bool) {
        let name = self.d.symbolize(addr).unwrap_or_default();
        let id = self.d.points.add(
            Kind::Break(vec![Location {
                addr,
                name,
                program: None,
            }]),
            false,
            None,
            Owner::Gdb,
        );
        if let Some(p) = self.d.points.get_mut(id) {
            p.hw = hw;
        }
    }

    fn remove_break(&mut self, addr: u64, hw: bool) -> bool {
        let id = self.d.points.list.iter().find_map(|p| match &p.kind {
            Kind::Break(l)
                if p.owner == Owner::Gdb && p.hw == hw && l.len() == 1 && l[0].addr == addr =>
            {
                Some(p.id)
            }
            _ => None,
        });
        id.is_some_and(|id| self.d.points.remove(id))
    }
}

impl SingleThreadBase for GdbTarget<'_> {
    fn read_registers(&mut self, regs: &mut Regs) -> TargetResult<(), Self> {
        let cpu = &mut self.d.m.cpu;
        regs.x = cpu.x;
        regs.pc = cpu.pc;
        regs.f = cpu.f;
        regs.fflags = cpu.csr.fflags as u32;
        regs.frm = cpu.csr.frm as u32;
        regs.fcsr = (cpu.csr.frm as u32) << 5 | cpu.csr.fflags as u32;
        for (v, &n) in regs.csrs.iter_mut().zip(CSRS.iter()) {
            *v = super::inspect::read_csr(cpu, n).unwrap_or(0);
        }
        regs.privilege = cpu.prv as u64;
        Ok(())
    }

    fn write_registers(&mut self, regs: &Regs) -> TargetResult<(), Self> {
        let cpu = &mut self.d.m.cpu;
        let mut x = regs.x;
        x[0] = 0;
        if x != cpu.x || regs.pc != cpu.pc || regs.f != cpu.f {
            cpu.x = x;
            cpu.f = regs.f;
            if regs.pc != cpu.pc {
                cpu.pc = regs.pc & !1;
                cpu.flush_fetch();
            }
            self.changed();
        }
        Ok(())
    }

    fn read_addrs(&mut self, start: u64, data: &mut [u8]) -> TargetResult<usize, Self> {
        // Page by page, so that a read running into an unmapped page
        // returns what precedes it.
        let cpu = &self.d.m.cpu;
        let mut done = 0;
        while done < data.len() {
            let a = start.wrapping_add(done as u64);
            let n = (0x1000 - (a & 0xfff) as usize).min(data.len() - done);
            if cpu.peek_virt(a, &mut data[done..done + n]).is_none() {
                break;
            }
            done += n;
        }
        if done == 0 {
            return Err(TargetError::NonFatal);
        }
        Ok(done)
    }

    fn write_addrs(&mut self, start: u64, data: &[u8]) -> TargetResult<(), Self> {
        if self.d.m.cpu.poke_virt(start, data).is_none() {
            return Err(TargetError::NonFatal);
        }
        self.changed();
        Ok(())
    }

    fn support_resume(&mut self) -> Option<SingleThreadResumeOps<'_, Self>> {
        Some(self)
    }
}

impl SingleThreadResume for GdbTarget<'_> {
    fn resume(&mut self, signal: Option<Signal>) -> Result<(), Self::Error> {
        if signal.is_some_and(|s| s != Signal::SIGINT && s != Signal::SIGTRAP) {
            return Err("vitrine cannot deliver signals to the guest");
        }
        self.action = Action::Continue;
        Ok(())
    }

    fn support_single_step(&mut self) -> Option<SingleThreadSingleStepOps<'_, Self>> {
        Some(self)
    }

    fn support_reverse_step(&mut self) -> Option<ReverseStepOps<'_, (), Self>> {
        Some(self)
    }

    fn support_reverse_cont(&mut self) -> Option<ReverseContOps<'_, (), Self>> {
        Some(self)
    }
}

impl SingleThreadSingleStep for GdbTarget<'_> {
    fn step(&mut self, signal: Option<Signal>) -> Result<(), Self::Error> {
        if signal.is_some_and(|s| s != Signal::SIGINT && s != Signal::SIGTRAP) {
            return Err("vitrine cannot deliver signals to the guest");
        }
        self.action = Action::Step;
        Ok(())
    }
}

impl ReverseStep<()> for GdbTarget<'_> {
    fn reverse_step(&mut self, _: ()) -> Result<(), Self::Error> {
        self.action = Action::ReverseStep;
        Ok(())
    }
}

impl ReverseCont<()> for GdbTarget<'_> {
    fn reverse_cont(&mut self) -> Result<(), Self::Error> {
        self.action = Action::ReverseCont;
        Ok(())
    }
}

impl Breakpoints for GdbTarget<'_> {
    fn support_sw_breakpoint(&mut self) -> Option<SwBreakpointOps<'_, Self>> {
        Some(self)
    }
    fn support_hw_breakpoint(&mut self) -> Option<HwBreakpointOps<'_, Self>> {
        Some(self)
    }
    fn support_hw_watchpoint(&mut self) -> Option<HwWatchpointOps<'_, Self>> {
        Some(self)
    }
}

impl SwBreakpoint for GdbTarget<'_> {
    fn add_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        self.add_break(addr, false);
        Ok(true)
    }
    fn remove_sw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        Ok(self.remove_break(addr, false))
    }
}

impl HwBreakpoint for GdbTarget<'_> {
    fn add_hw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        self.add_break(addr, true);
        Ok(true)
    }
    fn remove_hw_breakpoint(&mut self, addr: u64, _kind: usize) -> TargetResult<bool, Self> {
        Ok(self.remove_break(addr, true))
    }
}

fn watch_spec(addr: u64, len: u64, kind: WatchKind) -> WatchSpec {
    WatchSpec {
        addr,
        len: len.max(1),
        read: matches!(kind, WatchKind::Read | WatchKind::ReadWrite),
        write: matches!(kind, WatchKind::Write | WatchKind::ReadWrite),
    }
}

impl HwWatchpoint for GdbTarget<'_> {
    fn add_hw_watchpoint(
        &mut self,
        addr: u64,
        len: u64,
        kind: WatchKind,
    ) -> TargetResult<bool, Self> {
        self.d.points.add(
            Kind::Watch(watch_spec(addr, len, kind)),
            false,
            None,
            Owner::Gdb,
        );
        Ok(true)
    }
    fn remove_hw_watchpoint(
        &mut self,
        addr: u64,
        len: u64,
        kind: WatchKind,
    ) -> TargetResult<bool, Self> {
        let want = watch_spec(addr, len, kind);
        let id = self.d.points.list.iter().find_map(|p| match &p.kind {
            Kind::Watch(w) if p.owner == Owner::Gdb && *w == want => Some(p.id),
            _ => None,
        });
        Ok(id.is_some_and(|id| self.d.points.remove(id)))
    }
}

impl MonitorCmd for GdbTarget<'_> {
    fn handle_monitor_cmd(
        &mut self,
        cmd: &[u8],
        mut out: ConsoleOutput<'_>,
    ) -> Result<(), Self::Error> {
        let text = match std::str::from_utf8(cmd) {
            Ok(line) => {
                let mut poll = || false;
                let o = self.d.execute(
                    line,
                    &mut Ctx {
                        poll: &mut poll,
                        may_run: false,
                    },
                );
                o.text
            }
            Err(_) => "monitor: the command is not UTF-8\n".into(),
        };
        out.write_raw(text.as_bytes());
        Ok(())
    }
}

/// The run loop while GDB is attached, over any byte stream (a TCP
/// connection; an in-memory one for the fuzz target, `fuzz/`).
struct EventLoop<'a, C>(PhantomData<(&'a (), C)>);

impl<'a, C: ConnectionExt> BlockingEventLoop for EventLoop<'a, C> {
    type Target = GdbTarget<'a>;
    type Connection = C;
    type StopReason = SingleThreadStopReason<u64>;

    fn wait_for_stop_reason(
        t: &mut GdbTarget<'a>,
        conn: &mut C,
    ) -> Result<
        run_blocking::Event<SingleThreadStopReason<u64>>,
        run_blocking::WaitForStopReasonError<&'static str, C::Error>,
    > {
        let mut incoming = false;
        let stop = {
            let mut poll = || {
                let data = conn.peek().map(|b| b.is_some()).unwrap_or(true);
                incoming |= data;
                data
            };
            match t.action {
                Action::Continue => t.d.cont(&mut poll),
                Action::Step => t.d.stepi(1, &mut poll),
                Action::ReverseStep => t.d.reverse_stepi(1),
                Action::ReverseCont => t.d.reverse_continue(&mut poll),
            }
        };
        t.d.m.cpu.bus.uart.flush();
        if stop == Stop::Interrupted && incoming {
            let byte = conn
                .read()
                .map_err(run_blocking::WaitForStopReasonError::Connection)?;
            return Ok(run_blocking::Event::IncomingData(byte));
        }
        Ok(run_blocking::Event::TargetStopped(stop_reason(t, &stop)))
    }

    fn on_interrupt(
        _t: &mut GdbTarget<'a>,
    ) -> Result<Option<SingleThreadStopReason<u64>>, &'static str> {
        Ok(Some(SingleThreadStopReason::Signal(Signal::SIGINT)))
    }
}

fn stop_reason(t: &mut GdbTarget<'_>, stop: &Stop) -> SingleThreadStopReason<u64> {
    match stop {
        Stop::Steps | Stop::Target => SingleThreadStopReason::DoneStep,
        Stop::Breakpoint { id, .. } => {
            let pc = t.d.m.cpu.pc;
            match t.d.points.get(*id).map(|p| (p.owner, p.hw)) {
                Some((Owner::Gdb, true)) => SingleThreadStopReason::HwBreak(()),
                Some((Owner::Gdb, false)) => SingleThreadStopReason::SwBreak(()),
                _ => {
                    eprintln!("vitrine: breakpoint {id} (set with monitor) at {pc:#x}");
                    SingleThreadStopReason::Signal(Signal::SIGTRAP)
                }
            }
        }
        Stop::Watch { id, access, .. } => {
            let w = t.d.points.get(*id).and_then(|p| match &p.kind {
                Kind::Watch(w) => Some(*w),
                _ => None,
            });
            let addr = w.map_or(access.addr, |w| access.addr.max(w.addr));
            let kind = match (access.read, access.write) {
                (true, true) => WatchKind::ReadWrite,
                (true, false) => WatchKind::Read,
                _ => WatchKind::Write,
            };
            SingleThreadStopReason::Watch {
                tid: (),
                kind,
                addr,
            }
        }
        Stop::Catch { id, what } => {
            eprintln!("vitrine: catchpoint {id}: {what}");
            SingleThreadStopReason::Signal(Signal::SIGTRAP)
        }
        Stop::CondError { id, msg } => {
            eprintln!("vitrine: breakpoint {id}: {msg}");
            SingleThreadStopReason::Signal(Signal::SIGTRAP)
        }
        Stop::Exited(r) => SingleThreadStopReason::Exited(r.exit_code() as u8),
        Stop::Interrupted => SingleThreadStopReason::Signal(Signal::SIGINT),
        Stop::HistoryStart => SingleThreadStopReason::ReplayLog {
            tid: None,
            pos: ReplayLogPosition::Begin,
        },
    }
}

/// Parse `tcp::PORT`, `tcp:HOST:PORT`, `:PORT` or `PORT`.
pub fn parse_addr(s: &str) -> Result<(String, u16), String> {
    let t = s.strip_prefix("tcp:").unwrap_or(s);
    let (host, port) = match t.rsplit_once(':') {
        Some((h, p)) => (h, p),
        None => ("", t),
    };
    let port: u16 = port
        .parse()
        .map_err(|_| format!("--gdb {s}: expected tcp::PORT (as QEMU's -gdb), e.g. tcp::1234"))?;
    let host = if host.is_empty() { "127.0.0.1" } else { host };
    Ok((host.to_string(), port))
}

/// One GDB session on `conn`, until GDB detaches or kills, the guest ends
/// or the connection fails.
pub fn session<C: ConnectionExt>(
    d: &mut Debugger,
    conn: C,
) -> Result<DisconnectReason, gdbstub::stub::GdbStubError<&'static str, C::Error>> {
    let mut target = GdbTarget {
        d,
        action: Action::Continue,
    };
    GdbStub::new(conn).run_blocking::<EventLoop<'_, C>>(&mut target)
}

/// Serve GDB on `host:port` until the guest ends (or GDB kills it).
pub fn serve(d: &mut Debugger, host: &str, port: u16, wait: bool) -> Result<(), String> {
    let listener =
        TcpListener::bind((host, port)).map_err(|e| format!("--gdb {host}:{port}: {e}"))?;
    let local = listener.local_addr().map_err(|e| format!("--gdb: {e}"))?;
    eprintln!(
        "vitrine: GDB server on tcp::{} ({}; in gdb-multiarch: target remote :{})",
        local.port(),
        if wait {
            "waiting for GDB before the first instruction"
        } else {
            "the guest runs; connect any time"
        },
        local.port()
    );
    let mut wait = wait;
    loop {
        let stream = if wait {
            listener
                .set_nonblocking(false)
                .map_err(|e| format!("--gdb: {e}"))?;
            match listener.accept() {
                Ok((s, _)) => s,
                Err(e) => return Err(format!("--gdb: {e}")),
            }
        } else {
            // Run the guest, accepting a connection when one comes.
            listener
                .set_nonblocking(true)
                .map_err(|e| format!("--gdb: {e}"))?;
            let mut conn = None;
            loop {
                let stop = d.cont(&mut || match listener.accept() {
                    Ok((s, _)) => {
                        conn = Some(s);
                        true
                    }
                    Err(_) => false,
                });
                d.m.cpu.bus.uart.flush();
                if let Stop::Exited(_) = stop {
                    return Ok(());
                }
                if let Some(c) = conn.take() {
                    break c;
                }
            }
        };
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_nodelay(true);
        if let Ok(peer) = stream.peer_addr() {
            eprintln!("vitrine: GDB connected from {peer}");
        }
        let result = session(d, stream);
        match result {
            Ok(DisconnectReason::TargetExited(_)) | Ok(DisconnectReason::TargetTerminated(_)) => {
                return Ok(());
            }
            Ok(DisconnectReason::Kill) => {
                eprintln!("vitrine: killed by GDB");
                return Ok(());
            }
            Ok(DisconnectReason::Disconnect) => {
                eprintln!("vitrine: GDB disconnected; the guest runs on (target remote :{} to attach again)", local.port());
            }
            Err(e) => {
                eprintln!(
                    "vitrine: GDB connection lost ({e}); the guest runs on (target remote :{} to attach again)",
                    local.port()
                );
            }
        }
        // GDB's breakpoints go with it.
        d.points.list.retain(|p| p.owner != Owner::Gdb);
        if d.exited.is_some() {
            return Ok(());
        }
        wait = false;
    }
}
