//! The command language of the REPL, scripts and GDB's `monitor`.
//!
//! Every command returns text (what the REPL prints); bad input is one
//! line saying what is wrong, and the session goes on. Inspection commands
//! never change the machine.

use super::breakpoints::{Kind, Location, Owner};
use super::catch::CatchSpec;
use super::engine::{Stop, TempStop};
use super::watch::WatchSpec;
use super::Debugger;
use std::fmt::Write;

/// How a command may run.
pub struct Ctx<'a> {
    /// Asked between chunks of execution: true to stop (^C).
    pub poll: &'a mut dyn FnMut() -> bool,
    /// False for GDB's `monitor`: GDB drives execution itself.
    pub may_run: bool,
}

/// What a command produced.
#[derive(Default)]
pub struct Output {
    pub text: String,
    pub quit: bool,
}

impl Output {
    fn text(s: impl Into<String>) -> Output {
        Output {
            text: s.into(),
            quit: false,
        }
    }
}

const HELP: &str = "\
Running (N: a count, default 1):
  stepi|si [N], step|s [N]     N instructions (or traps); no source lines here, so step = stepi
  nexti|ni, next|n             one instruction, stepping over calls and ecalls
  continue|c                   until a breakpoint, catchpoint or watchpoint, the end, or ^C
  until|u [ADDR], advance ADDR run to ADDR (without ADDR: next)
  finish|fin                   run until the current function returns (to $ra)
  reverse-stepi|rsi [N]        back N steps (also reverse-step|rs)
  reverse-continue|rc          back to the previous breakpoint, catchpoint or watchpoint hit
Stopping:
  break|b WHERE [if COND]      WHERE: address, symbol (Rust or C; a path's last part is enough),
                               PROGRAM:symbol for a user program, $reg, or a sum: do_fork+8
  tbreak|tb WHERE [if COND]    a breakpoint deleted when first hit
  watch|wa [r|w|rw] ADDR [LEN] stop after an access to [ADDR, ADDR+LEN) (default w, 8 bytes);
                               also rwatch and awatch
  catch KIND [ARG] [if COND]   trap [CAUSE] | pagefault [inst|load|store] | sfence [all|asid|addr]
                               | satp | ecall [NR|NAME] | switch [PID] | exec [NAME] | interrupt [NAME]
  delete|d [N...]              delete the given points (all without N)
  info breakpoints|i b         list them; COND: e.g. pid==5, asid==3, $a0>16, && and ||
Looking (nothing changes):
  regs|info registers|i r, fregs, csr NAME|NUM
  x/FMT ADDR, xp/FMT PADDR     FMT: count, format x d u o t c a i s, size b h w g (e.g. x/4xg $sp)
  print|p EXPR                 the value of an address expression
  disas [ADDR] [N]             instructions (a function's symbol: the whole function)
  pt [VADDR [SATP]]            the Sv39 walk of VADDR, step by step; no VADDR: the whole address space
  tlb [i|d]                    TLB entries and counters
  tasks                        the kernel's tasks (pid, parent, state, switches, program), or
                               for a kernel without the introspection device the address spaces seen
  stats                        the --stats table now
  info symbol ADDR, info snapshots
Changing (starts a new history: reverse execution cannot go back past it):
  set reg NAME VALUE, set $REG = VALUE, set mem[/b|h|w|g] ADDR VALUE (default 8 bytes)
  set $NAME = VALUE            a convenience variable, usable as $NAME
Other: echo TEXT, help, quit|q
";

/// Split `text if cond` at a standalone `if`.
fn split_cond(s: &str) -> (&str, Option<&str>) {
    let padded = s;
    let mut search = 0;
    while let Some(i) = padded[search..].find("if") {
        let at = search + i;
        let before = at == 0 || padded[..at].ends_with(char::is_whitespace);
        let after = padded[at + 2..].starts_with(char::is_whitespace) || at + 2 == padded.len();
        if before && after {
            let cond = padded[at + 2..].trim();
            return (padded[..at].trim(), Some(cond));
        }
        search = at + 2;
    }
    (s.trim(), None)
}

/// Parse an optional count argument.
fn count(arg: &str, d: &mut Debugger) -> Result<u64, String> {
    if arg.trim().is_empty() {
        return Ok(1);
    }
    let n = d.eval(arg)?;
    if n == 0 {
        return Err("the count must be at least 1".into());
    }
    Ok(n)
}

fn looks_like_symbol(s: &str) -> bool {
    let Some(c) = s.chars().next() else {
        return false;
    };
    (c.is_ascii_alphabetic() || c == '_' || c == '<' || c == '/')
        && !s.contains(['+', '$', '(', ')', ' ', '\t', '*'])
        && (s.starts_with('<') || !s.contains('-'))
}

impl Debugger {
    /// Execute one command line.
    pub fn execute(&mut self, line: &str, ctx: &mut Ctx) -> Output {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Output::default();
        }
        match self.dispatch(line, ctx) {
            Ok(o) => o,
            Err(e) => Output::text(format!("{e}\n")),
        }
    }

    fn dispatch(&mut self, line: &str, ctx: &mut Ctx) -> Result<Output, String> {
        // `x/4xg`: the format is part of the first word.
        let (word, rest) = match line.find(char::is_whitespace) {
            Some(i) => (&line[..i], line[i..].trim()),
            None => (line, ""),
        };
        let (cmd, fmt) = match word.split_once('/') {
            Some((c, f)) => (c, f),
            None => (word, ""),
        };
        let run = |d: &mut Debugger,
                   ctx: &mut Ctx,
                   f: &dyn Fn(&mut Debugger, &mut dyn FnMut() -> bool) -> Stop|
         -> Result<Output, String> {
            if !ctx.may_run {
                return Err(
                    "GDB runs the machine itself: use its stepi, continue, reverse-stepi...".into(),
                );
            }
            let stop = f(d, ctx.poll);
            Ok(Output::text(d.stop_text(&stop)))
        };
        match cmd {
            "help" | "h" => Ok(Output::text(HELP)),
            "quit" | "q" | "exit" => Ok(Output {
                text: String::new(),
                quit: true,
            }),
            "echo" => Ok(Output::text(format!("{rest}\n"))),
            "stepi" | "si" | "step" | "s" => {
                let n = count(rest, self)?;
                self.not_exited()?;
                run(self, ctx, &|d, p| d.stepi(n, p))
            }
            "nexti" | "ni" | "next" | "n" => {
                self.no_args(cmd, rest)?;
                self.not_exited()?;
                run(self, ctx, &|d, p| d.next(p))
            }
            "continue" | "c" | "cont" => {
                self.no_args(cmd, rest)?;
                self.not_exited()?;
                run(self, ctx, &|d, p| d.cont(p))
            }
            "finish" | "fin" => {
                self.no_args(cmd, rest)?;
                self.not_exited()?;
                let ra = self.m.cpu.x[1];
                let from = self
                    .symbolize(self.m.cpu.pc)
                    .unwrap_or_else(|| format!("{:#x}", self.m.cpu.pc));
                let mut out = run(self, ctx, &|d, p| d.finish(p))?;
                out.text = format!(
                    "Run till exit from {from} (return address {ra:#x})\n{}",
                    out.text
                );
                if self.m.cpu.pc == ra {
                    let _ = writeln!(out.text, "Value returned: a0 = {:#x}", self.m.cpu.x[10]);
                }
                Ok(out)
            }
            "until" | "u" | "advance" => {
                self.not_exited()?;
                if rest.is_empty() {
                    if cmd == "advance" {
                        return Err("advance: where to?".into());
                    }
                    return run(self, ctx, &|d, p| d.next(p));
                }
                let pc = self.eval(rest.strip_prefix('*').unwrap_or(rest))?;
                let temp = TempStop {
                    pc,
                    prv: None,
                    satp: None,
                    min_sp: None,
                };
                run(self, ctx, &|d, p| d.run_to(temp, p))
            }
            "reverse-stepi" | "rsi" | "reverse-step" | "rs" => {
                let n = count(rest, self)?;
                if !ctx.may_run {
                    return Err("GDB runs the machine itself: use its reverse-stepi".into());
                }
                let stop = self.reverse_stepi(n);
                Ok(Output::text(self.stop_text(&stop)))
            }
            "reverse-continue" | "rc" => {
                self.no_args(cmd, rest)?;
                run(self, ctx, &|d, p| d.reverse_continue(p))
            }
            "break" | "b" | "br" | "tbreak" | "tb" => {
                let temporary = cmd.starts_with('t');
                self.cmd_break(rest, temporary)
            }
            "delete" | "d" => self.cmd_delete(rest),
            "watch" | "wa" | "rwatch" | "awatch" => self.cmd_watch(cmd, rest),
            "catch" => {
                let (spec, cond) = split_cond(rest);
                let spec = CatchSpec::parse(spec)?;
                if let Some(c) = cond {
                    super::expr::check_cond(c)?;
                }
                let what = spec.describe();
                let id = self.points.add(
                    Kind::Catch(spec),
                    false,
                    cond.map(String::from),
                    Owner::User,
                );
                Ok(Output::text(format!("Catchpoint {id} ({what})\n")))
            }
            "info" | "i" => self.cmd_info(rest),
            "regs" | "registers" => Ok(Output::text(self.regs_text())),
            "fregs" => Ok(Output::text(self.fregs_text())),
            "csr" => Ok(Output::text(self.csr_text(rest)?)),
            "x" => Ok(Output::text(self.examine(fmt, rest, false)?)),
            "xp" => Ok(Output::text(self.examine(fmt, rest, true)?)),
            "print" | "p" => {
                if rest.is_empty() {
                    return Err("print what?".into());
                }
                let v = self.eval(rest)?;
                let sym = self
                    .symbolize(v)
                    .map(|s| format!(" <{s}>"))
                    .unwrap_or_default();
                Ok(Output::text(format!("{v:#x} ({v}){sym}\n")))
            }
            "disas" | "disassemble" => self.cmd_disas(rest),
            "pt" => Ok(Output::text(self.pt_text(rest)?)),
            "tlb" => Ok(Output::text(self.tlb_text(rest)?)),
            "tasks" => Ok(Output::text(self.tasks_text())),
            "stats" => Ok(Output::text(self.stats_text())),
            "snapshots" => Ok(Output::text(self.snapshots_text())),
            "set" => self.cmd_set(rest),
            _ => Err(format!("Undefined command: \"{word}\".  Try \"help\".")),
        }
    }

    fn no_args(&self, cmd: &str, rest: &str) -> Result<(), String> {
        if rest.is_empty() {
            Ok(())
        } else {
            Err(format!("{cmd}: unexpected '{rest}'"))
        }
    }

    fn not_exited(&self) -> Result<(), String> {
        match self.exited {
            Some(r) => Err(format!(
                "The machine has stopped ({}); reverse-stepi and reverse-continue still work.",
                r.describe()
            )),
            None => Ok(()),
        }
    }

    /// Where a breakpoint spec points.
    fn break_locations(&mut self, spec: &str) -> Result<Vec<Location>, String> {
        if spec.is_empty() {
            let pc = self.m.cpu.pc;
            let name = self.symbolize(pc).unwrap_or_default();
            return Ok(vec![Location {
                addr: pc,
                name,
                program: None,
            }]);
        }
        if looks_like_symbol(spec) {
            let locs = self.symbol_locations(spec);
            if locs.is_empty() {
                return Err(format!("Function \"{spec}\" not defined."));
            }
            return Ok(locs);
        }
        let spec = spec.strip_prefix('*').unwrap_or(spec);
        let addr = self.eval(spec)?;
        let name = self.symbolize(addr).unwrap_or_default();
        Ok(vec![Location {
            addr,
            name,
            program: None,
        }])
    }

    fn cmd_break(&mut self, rest: &str, temporary: bool) -> Result<Output, String> {
        let (spec, cond) = split_cond(rest);
        if let Some(c) = cond {
            super::expr::check_cond(c)?;
        }
        let locs = self.break_locations(spec)?;
        let text = describe_locations(&locs);
        let id = self.points.add(
            Kind::Break(locs),
            temporary,
            cond.map(String::from),
            Owner::User,
        );
        let what = if temporary {
            "Temporary breakpoint"
        } else {
            "Breakpoint"
        };
        Ok(Output::text(format!("{what} {id} at {text}\n")))
    }

    fn cmd_delete(&mut self, rest: &str) -> Result<Output, String> {
        if rest.is_empty() {
            self.points.list.retain(|p| p.owner != Owner::User);
            return Ok(Output::default());
        }
        let mut out = String::new();
        for w in rest.split_whitespace() {
            let w = w.trim_start_matches("breakpoints").trim();
            if w.is_empty() {
                continue;
            }
            match w.parse::<u32>() {
                Ok(id) if self.points.remove(id) => {}
                Ok(id) => {
                    let _ = writeln!(out, "No breakpoint number {id}.");
                }
                Err(_) => {
                    let _ = writeln!(out, "delete: '{w}' is not a breakpoint number");
                }
            }
        }
        Ok(Output::text(out))
    }

    fn cmd_watch(&mut self, cmd: &str, rest: &str) -> Result<Output, String> {
        let (spec, cond) = split_cond(rest);
        if let Some(c) = cond {
            super::expr::check_cond(c)?;
        }
        let mut words: Vec<&str> = spec.split_whitespace().collect();
        let (mut read, mut write) = match cmd {
            "rwatch" => (true, false),
            "awatch" => (true, true),
            _ => (false, true),
        };
        if cmd == "watch" || cmd == "wa" {
            match words.first().copied() {
                Some("r") => (read, write) = (true, false),
                Some("w") => (read, write) = (false, true),
                Some("rw") | Some("wr") => (read, write) = (true, true),
                _ => {}
            }
            if matches!(words.first().copied(), Some("r" | "w" | "rw" | "wr")) {
                words.remove(0);
            }
        }
        if words.is_empty() {
            return Err(format!(
                "{cmd}: an address is needed, e.g. watch w 0x80001000 8"
            ));
        }
        // `ADDR LEN`: the last word is the length if there are two or more
        // words and it is a plain number.
        let (addr_text, len) = if words.len() >= 2
            && words[words.len() - 2]
                .chars()
                .last()
                .is_some_and(|c| !matches!(c, '+' | '-' | '*'))
        {
            let last = words[words.len() - 1];
            let len: u64 =
                parse_number(last).ok_or_else(|| format!("{cmd}: bad length '{last}'"))?;
            (words[..words.len() - 1].join(" "), len)
        } else {
            (words.join(" "), 8)
        };
        if len == 0 || len > 4096 {
            return Err(format!("{cmd}: the length must be 1..4096 bytes"));
        }
        let addr = self.eval(&addr_text)?;
        let spec = WatchSpec {
            addr,
            len,
            read,
            write,
        };
        let what = spec.describe();
        let id = self.points.add(
            Kind::Watch(spec),
            false,
            cond.map(String::from),
            Owner::User,
        );
        // Every watchpoint needs a trigger, after the hardware breakpoints.
        let hw = self.points.list.iter().filter(|p| p.hw).count();
        let how = if self.points.watches().count() + hw <= self.usable_triggers() {
            "an Sdtrig trigger"
        } else {
            "no trigger free for every watchpoint: the machine single-steps while it is set"
        };
        Ok(Output::text(format!(
            "Hardware watchpoint {id}: {what} ({how})\n"
        )))
    }

    fn cmd_info(&mut self, rest: &str) -> Result<Output, String> {
        let (what, arg) = match rest.find(char::is_whitespace) {
            Some(i) => (&rest[..i], rest[i..].trim()),
            None => (rest, ""),
        };
        match what {
            "breakpoints" | "break" | "b" | "watchpoints" | "catch" => {
                Ok(Output::text(self.points_text()))
            }
            "registers" | "reg" | "r" => Ok(Output::text(self.regs_text())),
            "all-registers" | "fregs" => Ok(Output::text(self.fregs_text())),
            "symbol" | "sym" => {
                let a = self.eval(arg)?;
                Ok(Output::text(match self.symbolize(a) {
                    Some(s) => format!("{s}\n"),
                    None => format!("No symbol matches {arg}.\n"),
                }))
            }
            "snapshots" | "history" => Ok(Output::text(self.snapshots_text())),
            "tasks" => Ok(Output::text(self.tasks_text())),
            "tlb" => Ok(Output::text(self.tlb_text(arg)?)),
            "mem" => Ok(Output::text(self.pt_text("")?)),
            "" => {
                Err("info what? breakpoints, registers, symbol, snapshots, tasks, tlb, mem".into())
            }
            w => Err(format!("Undefined info command: \"{w}\".  Try \"help\".")),
        }
    }

    fn cmd_disas(&mut self, rest: &str) -> Result<Output, String> {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let (addr, n) = match words.as_slice() {
            [] => (self.m.cpu.pc, 10),
            [a] => {
                // A function: all of it (up to 512 bytes).
                let size = if looks_like_symbol(a) {
                    self.symbol_locations(a)
                        .first()
                        .and_then(|l| self.kernel().at(l.addr).map(|(s, _)| s.size))
                        .filter(|&s| s > 0)
                } else {
                    None
                };
                let addr = self.eval(a)?;
                match size {
                    Some(s) => return self.disas_bytes(addr, s.min(512)),
                    None => (addr, 10),
                }
            }
            [a @ .., last] => {
                let n = parse_number(last).ok_or_else(|| format!("disas: bad count '{last}'"))?;
                (self.eval(&a.join(" "))?, n)
            }
        };
        let text = self.examine(&format!("{n}i"), &format!("{addr:#x}"), false)?;
        Ok(Output::text(text))
    }

    /// Disassemble the instructions of `[addr, addr + len)`.
    fn disas_bytes(&mut self, addr: u64, len: u64) -> Result<Output, String> {
        let mut out = String::new();
        let mut a = addr;
        while a < addr + len {
            let line = self.examine("1i", &format!("{a:#x}"), false)?;
            let (_, l) = super::watch::fetch(&self.m.cpu, a)
                .ok_or_else(|| super::inspect::cannot_access(a))?;
            out.push_str(&line);
            a += l as u64;
        }
        Ok(Output::text(out))
    }

    fn cmd_set(&mut self, rest: &str) -> Result<Output, String> {
        let (word, arg) = match rest.find(|c: char| c.is_whitespace() || c == '/') {
            Some(i) => (&rest[..i], rest[i..].trim_start()),
            None => (rest, ""),
        };
        match word {
            "reg" | "register" => {
                let (name, value) = split_assignment(arg)?;
                let name = name.trim_start_matches('$');
                let v = self.eval(value)?;
                super::inspect::write_reg(&mut self.m.cpu, name, v)?;
                self.new_history();
                Ok(Output::default())
            }
            "mem" | "memory" => {
                let (size, arg) = match arg.strip_prefix('/') {
                    Some(a) => {
                        let (s, r) = a.split_at(a.find(char::is_whitespace).unwrap_or(a.len()));
                        let size = match s {
                            "b" => 1,
                            "h" => 2,
                            "w" => 4,
                            "g" => 8,
                            _ => return Err(format!("set mem/{s}: sizes are b h w g")),
                        };
                        (size, r.trim())
                    }
                    None => (8, arg),
                };
                let (addr, value) = split_assignment(arg)?;
                let addr = self.eval(addr)?;
                let v = self.eval(value)?;
                let bytes = &v.to_le_bytes()[..size];
                self.m
                    .cpu
                    .poke_virt(addr, bytes)
                    .ok_or_else(|| super::inspect::cannot_access(addr))?;
                self.new_history();
                Ok(Output::default())
            }
            "var" | "variable" => self.cmd_set(arg),
            w if w.starts_with('$') => {
                let (name, value) = split_assignment(rest)?;
                let name = name.trim_start_matches('$').trim();
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!("set: bad variable name '${name}'"));
                }
                let v = self.eval(value)?;
                let is_reg = name == "pc"
                    || super::inspect::xreg(name).is_some()
                    || super::inspect::freg(name).is_some()
                    || super::inspect::csr_number(name)
                        .is_some_and(|_| super::inspect::CSRS.iter().any(|(n, _)| *n == name));
                if is_reg {
                    super::inspect::write_reg(&mut self.m.cpu, name, v)?;
                    self.new_history();
                } else {
                    self.vars.insert(name.to_string(), v);
                }
                Ok(Output::default())
            }
            "" => Err("set what? reg, mem, or $variable".into()),
            w => Err(format!("set {w}: expected reg, mem, or $variable")),
        }
    }

    pub fn points_text(&mut self) -> String {
        if self.points.list.is_empty() {
            return "No breakpoints, catchpoints or watchpoints.\n".into();
        }
        let mut out = String::from("Num  Type        Disp  Hits  What\n");
        for p in &self.points.list {
            let (ty, what) = match &p.kind {
                Kind::Break(locs) => ("breakpoint", describe_locations(locs)),
                Kind::Catch(c) => ("catchpoint", c.describe()),
                Kind::Watch(w) => ("watchpoint", w.describe()),
            };
            let disp = if p.temporary { "del" } else { "keep" };
            let owner = if p.owner == Owner::Gdb { " (GDB)" } else { "" };
            let _ = writeln!(
                out,
                "{:<4} {ty:<11} {disp:<5} {:<5} {what}{owner}",
                p.id, p.hits
            );
            if let Some(c) = &p.cond {
                let _ = writeln!(out, "        stop only if {c}");
            }
        }
        out
    }

    pub fn tasks_text(&self) -> String {
        let (tasks, announced) = self.task_list();
        if tasks.is_empty() {
            return "No tasks seen yet (U-mode has not run).\n".into();
        }
        let mut out = String::new();
        let dash = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        if announced {
            // The kernel's tasks (its introspection device): as `ps`, with
            // the switch counts of /proc/PID/sched.
            let _ = writeln!(
                out,
                "  {:<6} {:<6} {:<2} {:>6} {:>7}  {:<16} PROGRAM",
                "PID", "PPID", "S", "NVCSW", "NIVCSW", "COMM"
            );
            for t in tasks {
                let comm = t.comm.unwrap_or_default();
                let comm = if t.kthread { format!("[{comm}]") } else { comm };
                let (v, i) = match t.switches {
                    Some((v, i)) => (v.to_string(), i.to_string()),
                    None => ("-".into(), "-".into()),
                };
                let _ = writeln!(
                    out,
                    "{} {:<6} {:<6} {:<2} {v:>6} {i:>7}  {comm:<16} {}",
                    if t.current { "*" } else { " " },
                    dash(t.pid.map(|p| p.to_string())),
                    dash(t.ppid.map(|p| p.to_string())),
                    dash(t.state),
                    dash(t.path),
                );
            }
            out.push_str("(S: the state each task last left the CPU in; R for the one on it)\n");
            return out;
        }
        out.push_str("Address spaces seen so far (satp values U-mode ran with):\n");
        let _ = writeln!(out, "  {:<6} {:<18} {:<5} PROGRAM", "PID", "SATP", "ASID");
        for t in tasks {
            let satp = t.satp.unwrap_or(0);
            let _ = writeln!(
                out,
                "{} {:<6} {:<#18x} {:<5} {}",
                if t.current { "*" } else { " " },
                t.pid.map_or("?".into(), |p| p.to_string()),
                satp,
                vitrine_mmu::Satp(satp).asid(),
                t.comm.as_deref().unwrap_or("?")
            );
        }
        out
    }

    pub fn stats_text(&self) -> String {
        let cpu = &self.m.cpu;
        let mut stats = cpu.stats.clone();
        stats.close_mode_interval(cpu.prv, cpu.instret);
        let cfg = cpu.mmu.tlb_config();
        let report = crate::stats::Report::new(crate::stats::ReportInput {
            program: &self.name,
            exit_code: 0,
            exit_reason: match self.exited {
                Some(r) => r.describe(),
                None => format!("stopped in the debugger at pc {:#x}", cpu.pc),
            },
            pc: cpu.pc,
            cpu: &stats,
            instret: cpu.instret,
            cycles: cpu.clock.cycles(cpu.instret),
            mtime: cpu.clock.mtime(cpu.instret),
            mmu: &cpu.mmu.counters,
            tlb_entries: cfg.entries,
            tlb_ways: cfg.ways,
            host_seconds: self.started.elapsed().as_secs_f64(),
            unknown_syscalls: cpu.bus.introspect.unknown_syscalls,
        });
        report.table()
    }

    pub fn snapshots_text(&self) -> String {
        let h = &self.hist;
        let first = h.oldest().unwrap_or(0);
        let last = h.positions().next_back().unwrap_or(0);
        let (saved, copied) = h.saved_pages(&self.m.cpu);
        let avg = if h.taken > 0 {
            h.time_taking.as_secs_f64() * 1e6 / h.taken as f64
        } else {
            0.0
        };
        format!(
            "{} snapshots, one every {} steps, keeping at least {} back: positions {first}..{last} (now {})\n\
             saved RAM pages: {saved} ({copied} copied: {} KiB; the others were zero); {} snapshots taken, {avg:.1} us each; restoring took {:.1} ms in all\n",
            h.len(),
            h.interval,
            h.window,
            self.pos(),
            copied * 4,
            h.taken,
            h.time_restoring.as_secs_f64() * 1e3
        )
    }

    /// What the user sees when the machine stops.
    pub fn stop_text(&mut self, stop: &Stop) -> String {
        let mut out = String::new();
        match stop {
            Stop::Steps | Stop::Target => {}
            Stop::Breakpoint { id, temporary } => {
                let t = *temporary;
                let pc = self.m.cpu.pc;
                let sym = self
                    .symbolize(pc)
                    .map(|s| format!(" in {s}"))
                    .unwrap_or_default();
                let kind = if t {
                    "Temporary breakpoint"
                } else {
                    "Breakpoint"
                };
                let _ = writeln!(out, "{kind} {id}, {pc:#018x}{sym}");
            }
            Stop::Catch { id, what } => {
                let _ = writeln!(out, "Catchpoint {id}: {what}");
            }
            Stop::Watch {
                id,
                access,
                old,
                new,
            } => {
                let val = |b: &[u8]| {
                    let mut w = [0u8; 8];
                    let n = b.len().min(8);
                    w[..n].copy_from_slice(&b[..n]);
                    format!("{:#x}", u64::from_le_bytes(w))
                };
                let kind = match (access.read, access.write) {
                    (true, true) => "read and written",
                    (true, false) => "read",
                    _ => "written",
                };
                let _ = writeln!(
                    out,
                    "Hardware watchpoint {id}: {:#x} ({} bytes) {kind}",
                    access.addr, access.len
                );
                if access.write {
                    let _ = writeln!(out, "Old value = {}\nNew value = {}", val(old), val(new));
                } else {
                    let _ = writeln!(out, "Value = {}", val(new));
                }
            }
            Stop::CondError { id, msg } => {
                if *id == 0 {
                    let _ = writeln!(out, "{msg}");
                } else {
                    let _ = writeln!(out, "Error in testing condition for breakpoint {id}: {msg}");
                }
            }
            Stop::Exited(r) => {
                let _ = writeln!(out, "[{}]", r.describe());
                return out;
            }
            Stop::Interrupted => out.push_str("Interrupted.\n"),
            Stop::HistoryStart => out.push_str("No more reverse-execution history.\n"),
        }
        out.push_str(&self.where_text());
        out
    }

    /// `=> pc <symbol>: instruction   (mode, instret)`.
    pub fn where_text(&mut self) -> String {
        let pc = self.m.cpu.pc;
        let sym = self
            .symbolize(pc)
            .map(|s| format!(" <{s}>"))
            .unwrap_or_default();
        let insn = match super::watch::fetch(&self.m.cpu, pc) {
            Some((raw, len)) => super::disas::insn_text(raw, len, pc),
            None => "(not mapped)".into(),
        };
        let cpu = &self.m.cpu;
        format!(
            "=> {pc:#018x}{sym}:\t{insn}\t[{}-mode, instret {}]\n",
            super::inspect::mode_letter(cpu.prv),
            cpu.instret
        )
    }
}

fn describe_locations(locs: &[Location]) -> String {
    let one = |l: &Location| {
        let mut s = format!("{:#x}", l.addr);
        if !l.name.is_empty() {
            s += &format!(": {}", l.name);
        }
        if let Some(p) = &l.program {
            s += &format!(" (in {p})");
        }
        s
    };
    match locs {
        [l] => one(l),
        many => format!(
            "{} locations: {}",
            many.len(),
            many.iter().map(one).collect::<Vec<_>>().join("; ")
        ),
    }
}

/// `A = B`, or `A B` (the last word is the value).
fn split_assignment(s: &str) -> Result<(&str, &str), String> {
    if let Some((a, b)) = s.split_once('=') {
        if !b.starts_with('=') && !a.ends_with(['!', '<', '>']) {
            let (a, b) = (a.trim(), b.trim());
            if a.is_empty() || b.is_empty() {
                return Err("set: expected NAME = VALUE".into());
            }
            return Ok((a, b));
        }
    }
    match s.trim().rsplit_once(char::is_whitespace) {
        Some((a, b)) => Ok((a.trim(), b.trim())),
        None => Err("set: expected NAME VALUE or NAME = VALUE".into()),
    }
}

fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_split_at_a_standalone_if() {
        assert_eq!(
            split_cond("sys_clone if pid==5"),
            ("sys_clone", Some("pid==5"))
        );
        assert_eq!(split_cond("verify_iff"), ("verify_iff", None));
        assert_eq!(split_cond("trap"), ("trap", None));
        assert_eq!(split_cond("if x"), ("", Some("x")));
    }

    #[test]
    fn symbols_and_expressions_are_told_apart() {
        assert!(looks_like_symbol("do_fork"));
        assert!(looks_like_symbol("fault::resolve"));
        assert!(looks_like_symbol("<a::B>::new"));
        assert!(looks_like_symbol("cow:main"));
        assert!(!looks_like_symbol("0x80000000"));
        assert!(!looks_like_symbol("$pc"));
        assert!(!looks_like_symbol("do_fork+8"));
    }
}
