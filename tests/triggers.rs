//! Hardware triggers (Sdtrig) as guest software and the host debugger see
//! them: bare-metal programs program `tselect`/`tdata1`/`tdata2`/`tcontrol`
//! and record the breakpoint exceptions they get; the debugger API stops
//! the hart before a breakpointed instruction or a watched store.

mod support;

use vitrine_emulator::cpu::trigger::{Access, TriggerError, TriggerSpec};
use vitrine_emulator::machine::{ExitReason, Machine, MachineConfig};

/// Assembles `body` (after a prologue that installs `handler` as the trap
/// vector and opens PMP to all modes), loads it and returns the machine
/// with the program's symbols.
fn machine(name: &str, body: &str) -> (Machine, std::collections::BTreeMap<String, u64>) {
    let dir = support::scratch_dir(&format!("triggers-{name}"));
    let asm = format!(
        r#"
        .equ MCONTROL6, (6 << 60)
        .equ MCONTROL, (2 << 60)
        .equ M, (1 << 6)
        .equ S, (1 << 4)
        .equ U, (1 << 3)
        .equ EXECUTE, 4
        .equ STORE, 2
        .equ LOAD, 1
        .section .text
        .globl _start
_start:
        la t0, handler
        csrw mtvec, t0
        li t0, -1
        csrw pmpaddr0, t0
        li t0, 0x1f
        csrw pmpcfg0, t0
        li s4, 0
{body}
pass:
        li t0, 0x100000
        li t1, 0x5555
        sw t1, 0(t0)
1:      j 1b

        # Records the trap (s1 = mcause, s2 = mtval, s3 = mepc, s4 += 1)
        # and resumes after the 4-byte instruction that trapped, in M-mode.
        .align 2
handler:
        csrr s1, mcause
        csrr s2, mtval
        csrr s3, mepc
        addi s4, s4, 1
        addi t0, s3, 4
        csrw mepc, t0
        li t0, (3 << 11)
        csrs mstatus, t0
        mret

        .data
        .align 3
buf:    .dword 0x1122334455667788
"#
    );
    let elf = support::build_elf_from_text(name, &asm, &dir);
    let image = vitrine_loader::load_file(&elf).unwrap();
    // A bounded run: a program that misbehaves ends, it does not hang.
    let cfg = MachineConfig {
        max_insns: Some(1_000_000),
        ..MachineConfig::default()
    };
    let mut m = Machine::new(cfg, Box::new(std::io::sink()), None);
    m.load(&image).unwrap();
    (m, image.symbols)
}

fn run(m: &mut Machine) {
    match m.run() {
        ExitReason::Exit(0) => {}
        other => panic!("program did not pass: {}", other.describe()),
    }
}

#[test]
fn m_mode_execute_breakpoint_fires_only_with_tcontrol_mte() {
    let (mut m, sym) = machine(
        "mte",
        r#"
        la t1, target
        csrw tdata2, t1
        li t2, MCONTROL6 | M | EXECUTE
        csrw tdata1, t2
        jal target          # mte = 0: M-mode breakpoints do not fire
        mv s5, s4
        li t3, 8
        csrs tcontrol, t3   # mte = 1
        jal target          # fires; the handler skips `target`'s first insn
        csrr s6, tcontrol   # mret restored mte from mpte
        csrr s7, tdata1     # with hit0 set
        j pass
        .option norvc
target: addi a0, a0, 1
        ret
        .option rvc
"#,
    );
    run(&mut m);
    let x = &m.cpu.x;
    let target = sym["target"];
    assert_eq!(x[21], 0, "fired with mte = 0");
    assert_eq!(x[20], 1, "breakpoints taken");
    assert_eq!(
        (x[9], x[18], x[19]),
        (3, target, target),
        "mcause, mtval, mepc"
    );
    // `target` ran in full the first time; the second time the handler
    // skipped the breakpointed instruction, which never executed.
    assert_eq!(x[10], 1, "times target's addi ran");
    // mret: mte = mpte (mpte keeps the value trap entry saved).
    assert_eq!(x[22], 0x88, "tcontrol after mret");
    assert_eq!(
        x[23],
        6 << 60 | 1 << 22 | 1 << 6 | 4,
        "tdata1 after the hit"
    );
}

#[test]
fn user_mode_store_watchpoint_traps_before_memory_changes() {
    let (mut m, sym) = machine(
        "watch",
        r#"
        la t1, buf
        ori t1, t1, 3        # NAPOT: the 8 bytes at buf
        csrw tdata2, t1
        li t2, MCONTROL6 | (1 << 7) | U | STORE
        csrw tdata1, t2
        la t1, buf
        sb zero, 5(t1)       # M-mode: not watched (m = 0)
        la t0, user
        csrw mepc, t0
        li t0, (3 << 11)
        csrc mstatus, t0     # MPP = U
        mret
        .option norvc
user:   la t1, buf
        lb a1, 6(t1)         # loads are not watched
        sb zero, 6(t1)       # trapped: the handler returns to M-mode after it
        .option rvc
        la t1, buf
        ld s8, 0(t1)
        j pass
"#,
    );
    run(&mut m);
    let x = &m.cpu.x;
    let buf = sym["buf"];
    assert_eq!(x[20], 1, "breakpoints taken");
    assert_eq!((x[9], x[18]), (3, buf + 6), "mcause, mtval");
    assert_eq!(x[11], 0x22, "the load ran");
    assert_eq!(
        x[24], 0x1122_0044_5566_7788,
        "the watched store did not happen"
    );
}

#[test]
fn trigger_csrs_read_back_as_the_specification_says() {
    let (mut m, _) = machine(
        "csrs",
        r#"
        csrr a0, tinfo
        csrr a1, tdata1             # reset: disabled (type 15)
        li t0, (3 << 60) | M | EXECUTE
        csrw tdata1, t0
        csrr a2, tdata1             # icount is not supported: disabled
        li t0, MCONTROL6 | (1 << 59) | (1 << 12) | M | EXECUTE
        csrw tdata1, t0
        csrr a3, tdata1             # dmode and action 1 are the debugger's
        li t0, MCONTROL | (1 << 7) | M | LOAD
        csrw tdata1, t0
        csrr a4, tdata1             # mcontrol has no NAPOT (maskmax 0)
        li t0, 3
        csrw tselect, t0
        li t0, 4
        csrw tselect, t0
        csrr a5, tselect            # 4 triggers: 4 is not a trigger
        csrr a6, tdata3
        j pass
"#,
    );
    run(&mut m);
    let x = &m.cpu.x;
    assert_eq!(x[10], 1 << 24 | 1 << 15 | 1 << 6 | 1 << 2, "tinfo");
    assert_eq!(x[11], 15 << 60, "reset tdata1");
    assert_eq!(x[12], 15 << 60, "unsupported type");
    assert_eq!(x[13], 6 << 60 | 1 << 6 | 4, "dmode and action from M-mode");
    assert_eq!(x[14], 2 << 60 | 1 << 6 | 1, "mcontrol match 1");
    assert_eq!(x[15], 3, "tselect");
    assert_eq!(x[16], 0, "tdata3");
}

/// Runs until the hart stops for a trigger (bounded).
fn run_to_hit(m: &mut Machine) {
    for _ in 0..1000 {
        m.cpu.run_block(m.cpu.instret + 1000);
        if m.cpu.trigger_halted() {
            return;
        }
    }
    panic!("no trigger hit; pc {:#x}", m.cpu.pc);
}

#[test]
fn debugger_breakpoint_and_watchpoint_stop_the_hart() {
    let (mut m, sym) = machine(
        "debugger",
        r#"
        li a0, 0
loop:   addi a0, a0, 1
        la t1, buf
        sd a0, 0(t1)
        li t0, 3
        bne a0, t0, loop
        j pass
"#,
    );
    let (lp, buf) = (sym["loop"], sym["buf"]);
    assert_eq!(
        m.cpu.debugger_set_trigger(9, None),
        Err(TriggerError::NoSuchTrigger(9))
    );
    assert!(matches!(
        m.cpu
            .debugger_set_trigger(0, Some(TriggerSpec::watchpoint(buf + 1, 2, false, true))),
        Err(TriggerError::Misaligned { .. })
    ));
    let bp = m.cpu.free_trigger().unwrap();
    m.cpu
        .debugger_set_trigger(bp, Some(TriggerSpec::breakpoint(lp)))
        .unwrap();
    // Stops before `loop` runs; nothing runs while the hit is pending.
    run_to_hit(&mut m);
    assert_eq!((m.cpu.pc, m.cpu.x[10]), (lp, 0));
    m.cpu.run_block(m.cpu.instret + 100);
    assert_eq!(m.cpu.pc, lp);
    let hit = m.cpu.take_trigger_hit().unwrap();
    assert_eq!(
        (hit.index, hit.access, hit.address, hit.pc),
        (bp, Access::Execute, lp, lp)
    );
    // Continuing steps past it: the next stop is the next iteration.
    run_to_hit(&mut m);
    assert_eq!((m.cpu.pc, m.cpu.x[10]), (lp, 1));
    m.cpu.take_trigger_hit().unwrap();
    m.cpu.debugger_set_trigger(bp, None).unwrap();

    // `watch` on buf: stops before the store, memory unchanged.
    let wp = m.cpu.free_trigger().unwrap();
    m.cpu
        .debugger_set_trigger(wp, Some(TriggerSpec::watchpoint(buf, 8, false, true)))
        .unwrap();
    run_to_hit(&mut m);
    let hit = m.cpu.take_trigger_hit().unwrap();
    assert_eq!((hit.access, hit.address), (Access::Store, buf));
    assert_eq!(
        m.cpu.bus.mem.read_u64(buf),
        Some(1),
        "memory holds the previous iteration's store"
    );
    assert_eq!(m.cpu.x[10], 2);
    m.cpu.debugger_set_trigger(wp, None).unwrap();
    run(&mut m);
    assert_eq!(m.cpu.x[10], 3);
    // The guest saw no exception.
    assert_eq!(m.cpu.x[20], 0);
}
