//! The debugger, as a user sees it: scripted REPL sessions
//! (`--debug-script`, which prints exactly what the prompt would), a real
//! `gdb-multiarch` against the GDB stub, and bad input.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;

/// Run `vitrine ARGS --debug-script` with the commands `script`; returns
/// (exit status, stdout).
fn session(args: &[&str], script: &str) -> (Option<i32>, String) {
    session_with(args, script, &[])
}

/// `session` with environment variables set for vitrine.
fn session_with(args: &[&str], script: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.vdb");
    std::fs::write(&path, script).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--debug-script", path.to_str().unwrap()]);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vitrine"));
    cmd.args(&all).envs(env.iter().copied());
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "vitrine panicked:\n{stderr}\n{stdout}"
    );
    (out.status.code(), stdout)
}

/// The output of the command `cmd` (the text after its echoed prompt line,
/// up to the next prompt), the `n`th time it appears.
fn output_of<'a>(out: &'a str, cmd: &str, n: usize) -> &'a str {
    let marker = format!("(vitrine) {cmd}\n");
    let mut from = 0;
    for _ in 0..=n {
        let i = out[from..]
            .find(&marker)
            .unwrap_or_else(|| panic!("no '{cmd}' (#{n}) in:\n{out}"));
        from += i + marker.len();
    }
    let end = out[from..]
        .find("(vitrine) ")
        .map_or(out.len(), |i| from + i);
    &out[from..end]
}

/// Whether `out` has a line made of `head`, a 16-digit hex address and
/// `tail` (a stop report, whatever the kernel's layout).
fn has_stop(out: &str, head: &str, tail: &str) -> bool {
    let tail = tail.trim_end_matches('\n');
    out.lines().any(|l| {
        l.strip_prefix(head).is_some_and(|rest| {
            rest.len() >= 16
                && rest.as_bytes()[..16].iter().all(u8::is_ascii_hexdigit)
                && rest[16..].starts_with(tail)
        })
    })
}

/// The physical address a `pt` output says the page maps to.
fn pt_pa(pt: &str) -> String {
    let line = pt.lines().find(|l| l.contains(" is PA ")).unwrap();
    line.rsplit(" is PA ").next().unwrap().trim().to_string()
}

/// Break at the kernel's fork, catch the copy-on-write fault that follows,
/// step into the fault handler, and look at the page before and after the
/// copy: read-only and COW, then writable on a new frame.
#[test]
fn cow_fault_seen_through_pt_before_and_after_the_copy() {
    let (status, out) = session(
        &["-c", "cow -m 1"],
        "break sys_clone
continue
catch pagefault store
continue
set $fault = $stval
set $where = $sepc
set $space = $satp
pt $fault
delete
break fault::resolve
continue
stepi 4
delete
tbreak *$where if satp == $space
continue
pt $fault
continue
",
    );
    assert!(
        // (Addresses move whenever the kernel is rebuilt: match by name.)
        has_stop(
            output_of(&out, "continue", 0),
            "Breakpoint 1, 0x",
            " in vitrine_kernel::syscall::process::sys_clone\n"
        ),
        "{out}"
    );
    let fault = output_of(&out, "continue", 1);
    assert!(
        fault.starts_with("Catchpoint 2: store_page_fault (15) from User-mode at pc "),
        "{fault}"
    );
    let before = output_of(&out, "pt $fault", 0);
    assert!(
        before.contains("V R - - U - A D  RSW=01 (COW)  leaf: 4 KiB page"),
        "{before}"
    );
    assert!(
        before.contains("User-mode (as U): read yes, write no (W=0), execute no (X=0)"),
        "{before}"
    );
    assert!(before.contains("dTLB: not cached"), "{before}");
    assert!(
        has_stop(
            output_of(&out, "continue", 2),
            "Breakpoint 3, 0x",
            " in vitrine_kernel::mm::fault::resolve\n"
        ),
        "{out}"
    );
    assert!(
        output_of(&out, "stepi 4", 0).contains("<vitrine_kernel::mm::fault::resolve+"),
        "{out}"
    );
    let back = output_of(&out, "continue", 3);
    assert!(back.starts_with("Temporary breakpoint 4, "), "{back}");
    assert!(back.contains("[U-mode,"), "{back}");
    let after = output_of(&out, "pt $fault", 1);
    assert!(
        after.contains("V R W - U - A D  leaf: 4 KiB page"),
        "{after}"
    );
    assert!(!after.contains("COW"), "{after}");
    assert!(
        after.contains("User-mode (now): read yes, write yes"),
        "{after}"
    );
    assert_ne!(pt_pa(before), pt_pa(after), "the copy is a new frame");
    assert!(
        out.contains("cow: child min_flt before=1 after=257"),
        "{out}"
    );
    assert!(out.contains("[guest exited with code 0]"), "{out}");
    assert_eq!(status, Some(0));
}

/// reverse-stepi lands on the previous pc with the previous registers
/// and instret, also across a trap and over many steps.
#[test]
fn reverse_stepi_restores_the_exact_previous_state() {
    // A workload that is still running 2.5 million instructions in (the
    // kernel boots in under 2 million).
    let (_, out) = session(
        &["-c", "forkloop 20"],
        "stepi 1000003
regs
stepi
reverse-stepi
regs
stepi 1500000
reverse-stepi 1500000
regs
catch ecall
continue
reverse-stepi
regs
csr instret
stepi
regs
reverse-stepi 99999999
",
    );
    let start = output_of(&out, "regs", 0);
    assert_eq!(start, output_of(&out, "regs", 1), "one step back");
    assert_eq!(start, output_of(&out, "regs", 2), "1.5 million steps back");
    // Back over the ecall's trap: at the ecall, in U-mode.
    let at_ecall = output_of(&out, "regs", 3);
    assert!(at_ecall.contains("U-mode"), "{at_ecall}");
    let trap = output_of(&out, "continue", 0);
    let epc = trap
        .split("at pc ")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .unwrap();
    let pc = format!("{:#018x}", u64::from_str_radix(&epc[2..], 16).unwrap());
    assert!(
        at_ecall.starts_with(&format!("pc   {pc}")),
        "{at_ecall} vs {trap}"
    );
    // Forward again: the trap is taken again, nothing retired.
    let again = output_of(&out, "regs", 4);
    assert!(again.contains("S-mode"), "{again}");
    let instret = |r: &str| {
        r.split("instret ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(instret(at_ecall), instret(again));
    assert!(
        output_of(&out, "reverse-stepi 99999999", 0)
            .starts_with("No more reverse-execution history.\n"),
        "{out}"
    );
}

/// Bad input is one line and the session goes on; inspection changes
/// nothing (registers, TLB counters and contents are the same after).
#[test]
fn bad_input_and_inspection_leave_the_guest_alone() {
    let (status, out) = session(
        &["-c", "true"],
        "break sys_clone
continue
regs
tlb
frobnicate
x/4x no_such_symbol
x/4xg 0x1000
x/4q $sp
pt 0x5000000000000000
pt $sp
pt
x/8xg $sp
xp/4xw 0x80000000
xp/4x 0x10000000
break nowhere_at_all
catch bogus
catch pagefault sideways
watch r
set reg x0 5
delete 99
csr nosuch
print 1 +
info frobs
disas $pc 3
tasks
stats
regs
tlb
delete
continue
",
    );
    let error = |cmd: &str| output_of(&out, cmd, 0).to_string();
    assert_eq!(
        error("frobnicate"),
        "Undefined command: \"frobnicate\".  Try \"help\".\n"
    );
    assert_eq!(
        error("x/4x no_such_symbol"),
        "no symbol \"no_such_symbol\"\n"
    );
    assert_eq!(
        error("x/4xg 0x1000"),
        "Cannot access memory at address 0x1000\n"
    );
    assert!(error("x/4q $sp").starts_with("x/4q: unknown format letter 'q'"));
    assert!(error("pt 0x5000000000000000").contains("not canonical"));
    assert!(error("xp/4x 0x10000000").contains("not RAM"));
    assert_eq!(
        error("break nowhere_at_all"),
        "Function \"nowhere_at_all\" not defined.\n"
    );
    assert!(error("catch bogus").starts_with("catch bogus: unknown kind"));
    assert!(error("catch pagefault sideways").contains("expected inst, load or store"));
    assert!(error("watch r").starts_with("watch: an address is needed"));
    assert_eq!(error("set reg x0 5"), "zero (x0) is always 0\n");
    assert_eq!(error("delete 99"), "No breakpoint number 99.\n");
    assert_eq!(error("csr nosuch"), "csr: unknown CSR 'nosuch'\n");
    assert!(error("print 1 +").contains("missing"));
    assert!(error("info frobs").starts_with("Undefined info command"));
    for cmd in [
        "frobnicate",
        "x/4x no_such_symbol",
        "x/4xg 0x1000",
        "break nowhere_at_all",
        "set reg x0 5",
        "csr nosuch",
    ] {
        assert_eq!(error(cmd).lines().count(), 1, "{cmd}: {}", error(cmd));
    }
    assert!(output_of(&out, "pt", 0).contains("ranges"), "{out}");
    assert!(
        output_of(&out, "disas $pc 3", 0).lines().count() == 3,
        "{out}"
    );
    assert_eq!(
        output_of(&out, "regs", 0),
        output_of(&out, "regs", 1),
        "registers"
    );
    assert_eq!(
        output_of(&out, "tlb", 0),
        output_of(&out, "tlb", 1),
        "TLBs and counters"
    );
    assert!(out.contains("[guest exited with code 0]"), "{out}");
    assert_eq!(status, Some(0));
}

/// Catchpoints: exec, switch, satp, sfence, system calls by name, and a
/// breakpoint on a user program's symbol, conditional on the pid.
#[test]
fn catchpoints_and_user_breakpoints() {
    let (_, out) = session(
        &["-c", "cow -m 1"],
        "catch exec cow
continue
tasks
delete
break __ulib_main
catch switch
continue
continue
delete
catch satp
continue
delete
catch sfence addr
continue
delete
catch ecall clone
continue
delete
break sys_clone if pid == 4
continue
tasks
",
    );
    let exec = output_of(&out, "continue", 0);
    assert!(
        exec.starts_with("Catchpoint 1: exec /bin/cow (pid 4 (/bin/cow))\n"),
        "{exec}"
    );
    // The kernel's tasks, from its introspection device: kernel threads
    // too, parents, states, and the one on the CPU.
    let tasks = output_of(&out, "tasks", 0);
    assert!(tasks.contains("  1      0      S "), "{tasks}");
    assert!(tasks.contains(" init             /bin/init\n"), "{tasks}");
    assert!(tasks.contains(" [kworker/0:0] "), "{tasks}");
    assert!(tasks.contains("* 4      3      R "), "{tasks}");
    assert!(tasks.contains(" cow              /bin/cow\n"), "{tasks}");
    assert!(
        output_of(&out, "break __ulib_main", 0).ends_with("__ulib_main (in /bin/cow)\n"),
        "{out}"
    );
    assert!(
        output_of(&out, "continue", 1)
            .starts_with("Breakpoint 2, 0x000000000001057c in __ulib_main\n"),
        "{out}"
    );
    assert!(
        output_of(&out, "continue", 2)
            .contains("Catchpoint 3: switch: pid 4 (cow) left D (sleep) -> pid 5 (cow)\n  pid 4: nr_switches 1, nr_voluntary_switches 1, nr_involuntary_switches 0\n"),
        "{out}"
    );
    assert!(
        output_of(&out, "continue", 3).contains("Catchpoint 4: satp write: 0x8000"),
        "{out}"
    );
    assert!(
        output_of(&out, "continue", 4).contains("Catchpoint 5: sfence.vma: vaddr 0x"),
        "{out}"
    );
    assert!(
        output_of(&out, "continue", 5)
            .contains("Catchpoint 6: system call 220 (clone) from User-mode"),
        "{out}"
    );
    let fork = output_of(&out, "continue", 6);
    assert!(
        has_stop(
            fork,
            "Breakpoint 7, 0x",
            " in vitrine_kernel::syscall::process::sys_clone\n"
        ),
        "{fork}"
    );
    assert!(output_of(&out, "tasks", 1).contains("* 4 "), "{out}");
}

/// `(voluntary, involuntary)` switches of `pid` as a `catch switch` stop
/// reports them.
fn caught_counts(stop: &str, pid: u32) -> (u64, u64, u64) {
    let head = format!("  pid {pid}: nr_switches ");
    let line = stop
        .lines()
        .find(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("no counts of pid {pid} in:\n{stop}"));
    let n: Vec<u64> = line[head.len()..]
        .split(", ")
        .map(|f| f.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    (n[0], n[1], n[2])
}

/// nr_switches, nr_voluntary_switches and nr_involuntary_switches of the
/// `/proc/PID/sched` the guest printed for `header` ("cow (4, ").
fn proc_counts(out: &str, header: &str) -> (u64, u64, u64) {
    let from = out
        .find(header)
        .unwrap_or_else(|| panic!("no {header:?} in:\n{out}"));
    let value = |name: &str| -> u64 {
        let l = out[from..]
            .lines()
            .find(|l| l.split(':').next().unwrap().trim_end() == name)
            .unwrap_or_else(|| panic!("no {name} after {header:?}"));
        l.rsplit(':').next().unwrap().trim().parse().unwrap()
    };
    (
        value("nr_switches"),
        value("nr_voluntary_switches"),
        value("nr_involuntary_switches"),
    )
}

/// `catch switch PID` shows prev and next, and the switch counts it
/// reports are the kernel's: stopped where `cat` formats /proc/PID/sched,
/// `reverse-continue` goes back to each task's last switch before (the
/// per-task tracker goes back with the machine), and the counts there are
/// the ones `cat` then prints, for a task preempted by the tick (cow, in
/// the background) and one that sleeps (the shell, waiting for cat).
#[test]
fn catch_switch_counts_agree_with_proc_pid_sched() {
    let (status, out) = session(
        &[
            "-c",
            "cow -m 8 & true; true; cat /proc/$!/sched /proc/3/sched; wait",
        ],
        "break procfs::sched::ns_line
continue
delete
catch switch 4
reverse-continue
delete
tbreak procfs::sched::ns_line
continue
catch switch 3
reverse-continue
delete
continue
",
    );
    assert_eq!(status, Some(0), "{out}");
    let cow = output_of(&out, "reverse-continue", 0);
    assert!(
        cow.starts_with("Catchpoint 2: switch: pid 4 (cow) left R (preempted by tick) -> pid "),
        "{cow}"
    );
    let sh = output_of(&out, "reverse-continue", 1);
    assert!(
        sh.starts_with("Catchpoint 4: switch: pid 3 (sh) left S (sleep) -> pid "),
        "{sh}"
    );
    let guest = output_of(&out, "continue", 2);
    let (cow_caught, sh_caught) = (caught_counts(cow, 4), caught_counts(sh, 3));
    assert_eq!(
        cow_caught,
        proc_counts(guest, "cow (4, #threads: 1)"),
        "{out}"
    );
    assert_eq!(
        sh_caught,
        proc_counts(guest, "sh (3, #threads: 1)"),
        "{out}"
    );
    // Both kinds of switch are there to be counted.
    assert!(cow_caught.2 > 0 && sh_caught.1 > 1, "{out}");
}

/// `--trace` and `--stats=task` in a debugging session: going back and
/// running the same stretch again counts nothing twice (the tracker is
/// part of the snapshots), so the trace and the per-task table are those
/// of a session that never went back.
#[test]
fn trace_and_per_task_stats_survive_reverse_execution() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, script: &str| {
        let trace = dir.path().join(name);
        let sess = dir.path().join(format!("{name}.vdb"));
        std::fs::write(&sess, script).unwrap();
        let out = vitrine(&[
            "-c",
            "cow -m 1",
            "--stats=task",
            "--trace",
            trace.to_str().unwrap(),
            "--debug-script",
            sess.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let table = stderr[stderr.find(" PID ").expect("a per-task table")..].to_string();
        (std::fs::read_to_string(trace).unwrap(), table)
    };
    let (straight, straight_table) = run("straight.json", "continue\n");
    let (back, back_table) = run(
        "back.json",
        "catch exec cow\ncontinue\nstepi 2500000\nreverse-stepi 2000000\nreverse-continue\ndelete\ncontinue\n",
    );
    assert!(straight_table.contains(" cow "), "{straight_table}");
    assert_eq!(straight_table, back_table);
    assert!(straight.contains("\"cow\""), "the trace names the tasks");
    assert!(straight == back, "the traces differ");
}

/// A REPL watchpoint takes an Sdtrig trigger, and stops exactly where the
/// single-stepping method (used when there are more watchpoints than
/// triggers) stops: after the same store, with the same values.
#[test]
fn a_watchpoint_on_a_trigger_stops_where_single_stepping_does() {
    let script = |n: usize| {
        let mut s = String::from("break kmain\ncontinue\ndelete\n");
        for _ in 0..n {
            s += "watch w $sp-8 8\n";
        }
        s + "continue\nreverse-stepi\nregs\n"
    };
    let (_, one) = session(&["-c", "true"], &script(1));
    let (_, five) = session(&["-c", "true"], &script(5));
    let set = |out: &str, n: usize| output_of(out, "watch w $sp-8 8", n).to_string();
    assert!(set(&one, 0).ends_with("(an Sdtrig trigger)\n"), "{one}");
    assert!(set(&five, 3).ends_with("(an Sdtrig trigger)\n"), "{five}");
    assert!(set(&five, 4).contains("the machine single-steps"), "{five}");
    let hit = output_of(&one, "continue", 1);
    assert!(hit.starts_with("Hardware watchpoint 2: 0x"), "{hit}");
    assert!(hit.contains("written\nOld value = 0x"), "{hit}");
    assert_eq!(hit, output_of(&five, "continue", 1));
    assert_eq!(
        output_of(&one, "regs", 0),
        output_of(&five, "regs", 0),
        "one step back: the same store"
    );
}

/// Watchpoints, next over a call, finish, until, and reverse-continue
/// back to a watchpoint and a breakpoint.
#[test]
fn watch_next_finish_until_and_reverse_continue() {
    let (_, out) = session(
        &["-c", "true"],
        "break kmain
continue
delete
watch w $sp-8 8
continue
delete
break fault::resolve
continue
finish
next
until fault::resolve
reverse-continue
reverse-continue
delete
continue
",
    );
    let w = output_of(&out, "continue", 1);
    assert!(w.starts_with("Hardware watchpoint 2: 0x"), "{w}");
    assert!(w.contains("Old value = 0x"), "{w}");
    let fin = output_of(&out, "finish", 0);
    assert!(
        fin.starts_with("Run till exit from vitrine_kernel::mm::fault::resolve"),
        "{fin}"
    );
    assert!(fin.contains("Value returned: a0 = "), "{fin}");
    assert!(output_of(&out, "next", 0).starts_with("=> 0x"), "{out}");
    assert!(
        has_stop(
            output_of(&out, "until fault::resolve", 0),
            "=> 0x",
            " <vitrine_kernel::mm::fault::resolve>"
        ),
        "{out}"
    );
    // Back to the breakpoint hit of `continue` #2, then further back (the
    // watchpoint is gone, the breakpoint was hit once before there).
    let rc = output_of(&out, "reverse-continue", 0);
    assert!(
        has_stop(
            rc,
            "Breakpoint 3, 0x",
            " in vitrine_kernel::mm::fault::resolve"
        ),
        "{rc}"
    );
    let rc2 = output_of(&out, "reverse-continue", 1);
    assert!(
        rc2.starts_with("No more reverse-execution history.") || rc2.starts_with("Breakpoint 3"),
        "{rc2}"
    );
    assert!(out.ends_with("[guest exited with code 0]\n"), "{out}");
}

/// `vitrine run --debug-script` on a bare-metal program: symbols from its
/// ELF, memory, stepping, the exit code.
#[test]
fn bare_metal_program_under_the_debugger() {
    require_toolchain();
    let dir = scratch_dir("debugger_bare");
    let elf = build_elf_from_text(
        "count",
        "
    .globl _start
_start:
    li a0, 0
    li a1, 5
loop:
    addi a0, a0, 1
    bne a0, a1, loop
done:
    li t0, 0x100000
    li t1, (3 << 16) | 0x3333
    sw t1, 0(t0)
1:  j 1b
",
        &dir,
    );
    let (status, out) = session(
        &["run", elf.to_str().unwrap()],
        "break done
continue
print $a0
x/2xw _start
stepi 3
info symbol $pc
continue
",
    );
    assert!(
        output_of(&out, "continue", 0).starts_with("Breakpoint 1, 0x"),
        "{out}"
    );
    assert!(
        output_of(&out, "print $a0", 0).starts_with("0x5 (5)"),
        "{out}"
    );
    assert!(
        output_of(&out, "x/2xw _start", 0).starts_with("0x0000000080000000 <_start>:\t0x"),
        "{out}"
    );
    assert!(
        output_of(&out, "info symbol $pc", 0).starts_with("done+"),
        "{out}"
    );
    assert!(
        output_of(&out, "continue", 1).contains("[guest exited with code 3]"),
        "{out}"
    );
    assert_eq!(status, Some(3));
}

/// Breakpoints in a bare-metal program (fetches not translated) whose
/// loop calls a function in another page, which straddles the next one
/// (`c.nop` at 0xffc, then `addi a0, a0, 1` at 0xffe): the jit's
/// cross-page stub goes on chaining the pages (and translating the
/// straddling `addi`) while a breakpoint is set elsewhere, and stops going
/// into a page once it holds one, so the session stops where the
/// interpreter's does, with the same registers.
#[test]
fn breakpoints_across_pages_of_translated_bare_metal_code() {
    require_toolchain();
    let dir = scratch_dir("debugger_far");
    let elf = build_elf_from_text(
        "far",
        "
    .globl _start
_start:
    li a0, 0
    li a1, 1000
loop:
    call func
    bne a0, a1, loop
done:
    li t0, 0x100000
    li t1, (3 << 16) | 0x3333
    sw t1, 0(t0)
1:  j 1b
    .balign 4096
    .skip 4092
func:
    .2byte 0x0001
    .4byte 0x00150513
    ret
    .balign 4096
never:
    j never
",
        &dir,
    );
    let script = "break never
stepi 1001
print $a0
break func
continue
print $a0
continue
print $a0
info registers pc
delete
continue
";
    let run = |engine: &str| {
        session_with(
            &["run", "--engine", engine, elf.to_str().unwrap()],
            script,
            &[("VITRINE_JIT_HOT", "1")],
        )
    };
    let ((si, interp), (sj, jit)) = (run("interp"), run("jit"));
    // 1001 steps: the two `li`, 199 turns of `jal func`, `c.nop`, `addi`,
    // `ret`, `bne`, and four more (the stop is at the next `bne`).
    for (cmd, n, says) in [
        ("print $a0", 0, "0xc8 (200)"),
        ("continue", 0, "Breakpoint 2, 0x"),
        ("print $a0", 1, "0xc8 (200)"),
        ("print $a0", 2, "0xc9 (201)"),
    ] {
        assert!(
            output_of(&jit, cmd, n).starts_with(says),
            "{cmd} #{n}: {jit}"
        );
    }
    assert!(
        output_of(&jit, "continue", 2).contains("[guest exited with code 3]"),
        "{jit}"
    );
    assert_eq!((si, sj), (Some(3), Some(3)));
    assert_eq!(without_host_time(&interp), without_host_time(&jit));
}

/// A session's output without the lines of host time (the one thing
/// that may differ between engines).
fn without_host_time(s: &str) -> String {
    s.lines()
        .filter(|l| !l.contains("host") && !l.contains("MIPS"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Start `vitrine --gdb tcp::0 -S ARGS`; returns the child and the port
/// it listens on.
fn gdb_server(args: &[&str]) -> (std::process::Child, u16, std::thread::JoinHandle<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .args(["--gdb", "tcp::0", "-S"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let port: u16 = line
        .split("tcp::")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let rest = std::thread::spawn(move || {
        let mut s = line;
        let _ = err.read_to_string(&mut s);
        s
    });
    (child, port, rest)
}

fn wait(child: &mut std::process::Child) -> Option<i32> {
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s.code();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("vitrine still running after 120 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A real gdb-multiarch session: a breakpoint on a kernel symbol,
/// registers, x/4i, stepi, monitor tlb, reverse-stepi, and continue to the
/// end with the guest's exit code.
#[test]
fn gdb_multiarch_batch_session() {
    assert!(
        have("gdb-multiarch"),
        "gdb-multiarch not found: apt-get install gdb-multiarch"
    );
    let (mut child, port, stderr) = gdb_server(&["-c", "exit 3"]);
    let kernel = root().join("guest-os/prebuilt/kernel.elf");
    let out = Command::new("gdb-multiarch")
        .args(["-batch", "-nx"])
        .args(["-ex", &format!("file {}", kernel.display())])
        .args(["-ex", &format!("target remote :{port}")])
        .args(["-ex", "break kmain", "-ex", "continue"])
        .args(["-ex", "info registers"])
        .args(["-ex", "x/4i $pc"])
        .args(["-ex", "stepi", "-ex", "print $pc"])
        .args(["-ex", "monitor tlb"])
        .args(["-ex", "monitor pt $sp"])
        .args(["-ex", "reverse-stepi", "-ex", "print $pc"])
        .args(["-ex", "delete", "-ex", "continue"])
        .output()
        .unwrap();
    let gdb =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let status = wait(&mut child);
    let server = stderr.join().unwrap();
    assert!(gdb.contains("Breakpoint 1, 0x"), "{gdb}\n{server}");
    assert!(gdb.contains(" in kmain ()"), "{gdb}");
    assert!(gdb.contains("\nra             0x"), "{gdb}");
    assert!(gdb.contains("\npc             0x"), "{gdb}");
    assert!(gdb.contains("=> 0x"), "{gdb}");
    assert!(gdb.contains("iTLB: 64 entries (16 sets x 4 ways)"), "{gdb}");
    assert!(gdb.contains("under satp 0x0 (Bare)"), "{gdb}");
    // The pc before stepi, after it, and after reverse-stepi.
    let pcs: Vec<&str> = gdb
        .lines()
        .filter(|l| l.starts_with("$") && l.contains("(void (*)()) 0x"))
        .collect();
    assert_eq!(pcs.len(), 2, "{gdb}");
    let at = |l: &str| {
        l.split("0x")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    let bp = gdb.split("Breakpoint 1, 0x").nth(1).unwrap();
    let bp = bp
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches('0')
        .to_string();
    assert_ne!(at(pcs[0]), bp, "stepi moved");
    assert_eq!(at(pcs[1]), bp, "reverse-stepi came back");
    assert!(gdb.contains("exited with code 03"), "{gdb}");
    assert_eq!(status, Some(3), "{server}");
}

/// The address of the kernel symbol whose (v0-mangled) name ends with
/// `suffix` (say `7process9sys_clone`), from riscv64-unknown-elf-nm.
fn kernel_symbol(suffix: &str) -> u64 {
    let kernel = root().join("guest-os/prebuilt/kernel.elf");
    let out = Command::new("riscv64-unknown-elf-nm")
        .arg(&kernel)
        .output()
        .expect("riscv64-unknown-elf-nm (binutils-riscv64-unknown-elf)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| {
            l.rsplit(' ')
                .next()
                .is_some_and(|n| n.trim_end_matches(".0").ends_with(suffix))
        })
        .unwrap_or_else(|| panic!("no kernel symbol ending with {suffix}"));
    u64::from_str_radix(line.split(' ').next().unwrap(), 16).unwrap()
}

/// GDB's `watch` on a kernel variable and `hbreak` on a kernel function,
/// both on the hart's Sdtrig triggers: the watchpoint stops right after the
/// store that sets the introspection device's base (old and new value),
/// the hardware breakpoint at the kernel's clone.
#[test]
fn gdb_multiarch_hbreak_and_watch_use_triggers() {
    assert!(
        have("gdb-multiarch"),
        "gdb-multiarch not found: apt-get install gdb-multiarch"
    );
    let base = kernel_symbol("10introspect4BASE");
    let clone = kernel_symbol("7process9sys_clone");
    let (mut child, port, stderr) = gdb_server(&["-c", "exit 3"]);
    let kernel = root().join("guest-os/prebuilt/kernel.elf");
    let out = Command::new("gdb-multiarch")
        .args(["-batch", "-nx"])
        .args(["-ex", &format!("file {}", kernel.display())])
        .args(["-ex", &format!("target remote :{port}")])
        .args(["-ex", &format!("watch *(unsigned long *){base:#x}")])
        .args(["-ex", "continue", "-ex", "delete"])
        .args(["-ex", &format!("hbreak *{clone:#x}")])
        .args(["-ex", "continue", "-ex", "print $pc"])
        .args(["-ex", "delete", "-ex", "continue"])
        .output()
        .unwrap();
    let gdb =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let status = wait(&mut child);
    let server = stderr.join().unwrap();
    assert!(
        gdb.contains(&format!(
            "Hardware watchpoint 1: *(unsigned long *){base:#x}\n\nOld value = 0\nNew value = 1056768\n"
        )),
        "{gdb}\n{server}"
    );
    assert!(
        gdb.contains(&format!("Hardware assisted breakpoint 2 at {clone:#x}")),
        "{gdb}"
    );
    assert!(
        gdb.contains(&format!("Breakpoint 2, {clone:#018x} in vitrine_kernel")),
        "{gdb}"
    );
    assert!(gdb.contains("::syscall::process::sys_clone ()"), "{gdb}");
    assert!(
        gdb.contains(&format!("$1 = (void (*)()) {clone:#x} <")),
        "{gdb}"
    );
    assert!(gdb.contains("exited with code 03"), "{gdb}");
    assert_eq!(status, Some(3), "{server}");
}

/// The GDB connection closes in the middle of a packet: vitrine says so,
/// and the guest runs on to its end and exit code.
#[test]
fn a_closed_gdb_connection_is_not_the_end() {
    let (mut child, port, stderr) = gdb_server(&["-c", "exit 5"]);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"+$?#3f").unwrap();
    let mut reply = [0u8; 64];
    let n = s.read(&mut reply).unwrap();
    assert!(n > 0);
    s.write_all(b"$m8000").unwrap(); // half a packet
    drop(s);
    assert_eq!(wait(&mut child), Some(5));
    let server = stderr.join().unwrap();
    assert!(server.contains("vitrine: GDB connected from"), "{server}");
    assert!(
        server.contains("GDB connection lost") || server.contains("GDB disconnected"),
        "{server}"
    );
    assert!(server.contains("the guest runs on"), "{server}");
}

/// Read one packet from a GDB stub (skipping acks) and acknowledge it.
fn packet(s: &mut std::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut byte = [0u8];
    loop {
        s.read_exact(&mut byte).unwrap();
        if byte[0] == b'$' || !buf.is_empty() {
            buf.push(byte[0]);
        }
        if buf.len() >= 3 && buf[buf.len() - 3] == b'#' {
            break;
        }
    }
    s.write_all(b"+").unwrap();
    String::from_utf8_lossy(&buf).into_owned()
}

fn send(s: &mut std::net::TcpStream, body: &str) {
    let sum = body.bytes().fold(0u8, |a, b| a.wrapping_add(b));
    s.write_all(format!("${body}#{sum:02x}").as_bytes())
        .unwrap();
}

/// ^C from the GDB client stops a running guest (SIGINT); `monitor`
/// reaches the REPL's commands; GDB's kill ends vitrine.
#[test]
fn gdb_interrupt_stops_a_running_guest() {
    let (mut child, port, stderr) = gdb_server(&["-c", "sleep 100000"]);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    send(&mut s, "?");
    assert!(packet(&mut s).starts_with("$T05"));
    send(&mut s, "c");
    std::thread::sleep(Duration::from_millis(1500));
    s.write_all(&[0x03]).unwrap();
    let stop = packet(&mut s);
    assert!(
        stop.starts_with("$T02") || stop.starts_with("$S02"),
        "{stop}"
    );
    send(&mut s, "qRcmd,7461736b73"); // monitor tasks
    let mut out = String::new();
    loop {
        let p = packet(&mut s);
        if p.starts_with("$OK") {
            break;
        }
        out += &p;
    }
    let hex: String = out
        .split('$')
        .filter_map(|p| p.strip_prefix('O'))
        .map(|p| p.split('#').next().unwrap())
        .collect();
    let text: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let text = String::from_utf8_lossy(&text);
    assert!(text.contains("/bin/sleep"), "{text}");
    send(&mut s, "k");
    drop(s);
    assert_eq!(wait(&mut child), Some(0));
    let server = stderr.join().unwrap();
    assert!(server.contains("vitrine: killed by GDB"), "{server}");
}

/// Breakpoints in code the translating engine has compiled (the kernel's
/// fork path, hot after boot; `wait4`, set once it has run and its page is
/// reached from translated code; a user program's main) stop exactly where
/// the interpreter stops: same registers, same TLB, same counters.
#[test]
fn breakpoints_in_translated_code_stop_as_in_the_interpreter() {
    let script = "break sys_clone
continue
continue
regs
tlb d
stats
delete
break sys_wait4
continue
continue
regs
stats
delete
break __ulib_main
continue
regs
stats
";
    let (_, interp) = session(&["--engine", "interp", "-c", "forkloop 20"], script);
    // Every block compiled on first sight, so the stops are in translated code.
    let (_, jit) = session_with(
        &["--engine", "jit", "-c", "forkloop 20"],
        script,
        &[("VITRINE_JIT_HOT", "1")],
    );
    assert!(
        output_of(&jit, "continue", 1)
            .contains(" in vitrine_kernel::syscall::process::sys_clone\n"),
        "{jit}"
    );
    assert_eq!(without_host_time(&interp), without_host_time(&jit));
}
