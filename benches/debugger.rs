//! What the debugger costs: the guest run by the machine's own loop
//! against the same run in a debugging session (nothing set; a breakpoint
//! set but never hit; a conditional breakpoint hit thousands of times),
//! what snapshots cost (time and memory), and how long going back takes.
//!
//! Workload: the built-in OS running `cow -m 4` (boot, fork, 1024
//! copy-on-write faults, power-off).
//!
//! `cargo bench --bench debugger`

mod common;

use common::{best_in_turns, best_of, criterion};
use std::time::{Duration, Instant};
use vitrine_emulator::cli::{EMBEDDED_INITRAMFS, EMBEDDED_KERNEL};
use vitrine_emulator::debugger::commands::Ctx;
use vitrine_emulator::debugger::engine::Stop;
use vitrine_emulator::debugger::{Console, Debugger, Frontend, SessionOptions};
use vitrine_emulator::machine::{ExitReason, Machine, MachineConfig};

const CMD: &str = "cow -m 4";

fn machine() -> Machine {
    let cfg = MachineConfig {
        bootargs: format!("quiet -- -c '{CMD}'"),
        initrd: Some(EMBEDDED_INITRAMFS.to_vec()),
        ..Default::default()
    };
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.load(&vitrine_loader::parse(EMBEDDED_KERNEL).unwrap())
        .unwrap();
    m
}

fn session(commands: &[&str]) -> Debugger {
    let (_console, mute) = Console::new();
    let opts = SessionOptions {
        frontend: Frontend::Repl,
        elf: EMBEDDED_KERNEL.to_vec(),
        initrd: Some(EMBEDDED_INITRAMFS.to_vec()),
        name: CMD.into(),
        bootargs: format!("quiet -- -c '{CMD}'"),
    };
    let mut d = Debugger::new(machine(), &opts, mute);
    for c in commands {
        run(&mut d, c);
    }
    d
}

fn run(d: &mut Debugger, cmd: &str) -> String {
    let mut never = || false;
    d.execute(
        cmd,
        &mut Ctx {
            poll: &mut never,
            may_run: true,
        },
    )
    .text
}

fn plain() -> u64 {
    let mut m = machine();
    assert_eq!(m.run(), ExitReason::Exit(0));
    m.cpu.instret
}

/// Continue to the end in a session with `commands` set (which must not
/// stop it).
fn debugged(commands: &[&str]) -> Debugger {
    let mut d = session(commands);
    let mut never = || false;
    match d.cont(&mut never) {
        Stop::Exited(r) => assert_eq!(r, ExitReason::Exit(0)),
        s => panic!("unexpected stop {s:?}"),
    }
    d
}

/// Rounds of the in-turns comparison.
const ROUNDS: usize = 15;

const NONE: &[&str] = &[];
/// Armed, never hit: a page of kernel code (`signal::process` is in it)
/// runs in the interpreter, one straight run of instructions at a time.
const ARMED: &[&str] = &["break sys_reboot if asid == 999"];
/// Hit at every page fault, condition false: each hit is a stop and a resume.
const HOT: &[&str] = &["break fault::resolve if asid == 999"];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut c = criterion();
    c.bench_function("debugger/plain_run", |b| b.iter(plain));
    c.bench_function("debugger/session_nothing_set", |b| {
        b.iter(|| debugged(NONE))
    });
    c.bench_function("debugger/session_breakpoint_not_hit", |b| {
        b.iter(|| debugged(ARMED))
    });
    c.final_summary();

    let insns = plain();
    // In turns, best of ROUNDS each: the run is short (about 90 ms), and
    // this shared machine's load swings more than the 5 % asked of an idle
    // debugger.
    let t = best_in_turns(
        ROUNDS,
        &mut [
            &mut || {
                plain();
            },
            &mut || {
                debugged(NONE);
            },
            &mut || {
                debugged(ARMED);
            },
            &mut || {
                debugged(HOT);
            },
        ],
    );
    let (t_plain, t_none, t_armed, t_hot) = (t[0], t[1], t[2], t[3]);
    println!("\n{CMD}: {insns} instructions, best of {ROUNDS} taken in turns:");
    println!("  machine loop alone            {:8.1} ms", ms(t_plain));
    println!(
        "  session, nothing set          {:8.1} ms  ratio {:.3}",
        ms(t_none),
        ms(t_none) / ms(t_plain)
    );
    println!(
        "  session, breakpoint not hit   {:8.1} ms  ratio {:.3}",
        ms(t_armed),
        ms(t_armed) / ms(t_plain)
    );
    println!(
        "  session, cond. bp on page-fault handler {:8.1} ms  ratio {:.3}",
        ms(t_hot),
        ms(t_hot) / ms(t_plain)
    );

    // Snapshots: what the run above took.
    let mut d = debugged(NONE);
    println!("  snapshots: {}", run(&mut d, "snapshots").trim());

    // Going back, at the end of the run.
    let end = d.pos();
    let t = Instant::now();
    run(&mut d, "reverse-stepi");
    println!("  reverse-stepi from the end: {:.1} ms", ms(t.elapsed()));
    let t = Instant::now();
    d.goto(end - 9_000_000).unwrap();
    println!(
        "  back 9,000,000 steps (restore + re-execute up to 1,000,000): {:.1} ms",
        ms(t.elapsed())
    );
    let mut d = debugged(NONE);
    run(&mut d, "catch exec cow");
    let t = Instant::now();
    let stop = d.reverse_continue(&mut || false);
    println!(
        "  reverse-continue over the 10,000,000-step window (scan, then go): {:.1} ms -> {stop:?}",
        ms(t.elapsed())
    );
    let mut d = debugged(NONE);
    let t = Instant::now();
    run(&mut d, "reverse-stepi 9999999");
    println!(
        "  reverse-stepi 9999999 from the end: {:.1} ms",
        ms(t.elapsed())
    );
    // A watchpoint on a stretch after the boot (one never hit): on an
    // Sdtrig trigger, and single-stepping as without a free trigger.
    let stretch = |watch: bool, triggers: bool| {
        best_of(3, || {
            let mut d = session(&[]);
            d.use_triggers = triggers;
            run(&mut d, "stepi 5000000");
            if watch {
                run(&mut d, "watch w 0x80000000 8");
            }
            let t = Instant::now();
            run(&mut d, "stepi 2000000");
            Some(t.elapsed())
        })
        .unwrap()
    };
    let base = stretch(false, true);
    let (trig, single) = (stretch(true, true), stretch(true, false));
    println!(
        "  2,000,000 steps after the boot (best of 3): {:.1} ms; with a watchpoint on a trigger {:.1} ms, ratio {:.2}; single-stepping {:.1} ms, ratio {:.1}",
        ms(base),
        ms(trig),
        ms(trig) / ms(base),
        ms(single),
        ms(single) / ms(base)
    );
}
