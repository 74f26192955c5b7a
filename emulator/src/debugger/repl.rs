//! The prompt (rustyline: line editing and history) and scripts
//! (`--debug-script FILE`: each command is echoed after the prompt, then
//! its output, exactly as a session at the prompt would show them).

use super::commands::Ctx;
use super::Debugger;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

pub const PROMPT: &str = "(vitrine) ";

/// Set by SIGINT while the machine runs.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// ^C stops a running machine instead of ending vitrine.
fn catch_sigint() {
    // SAFETY: installs an async-signal-safe handler (one atomic store).
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_sigint as *const () as usize;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGINT, &sa, std::ptr::null_mut());
    }
}

fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn banner(d: &mut Debugger) -> String {
    let at = d.where_text();
    format!(
        "vitrine debugger: {} stopped before its first instruction. \"help\" lists the commands.\n{at}",
        d.name
    )
}

/// Commands that an empty line repeats (as in GDB).
fn repeatable(line: &str) -> bool {
    let w = line.split_whitespace().next().unwrap_or("");
    let w = w.split('/').next().unwrap_or("");
    matches!(
        w,
        "s" | "si"
            | "step"
            | "stepi"
            | "n"
            | "ni"
            | "next"
            | "nexti"
            | "rsi"
            | "rs"
            | "reverse-stepi"
            | "reverse-step"
            | "x"
    )
}

/// One command, with ^C armed while it runs.
fn run_line(d: &mut Debugger, line: &str) -> bool {
    INTERRUPTED.store(false, Ordering::Relaxed);
    let mut poll = || INTERRUPTED.swap(false, Ordering::Relaxed);
    let out = run_guarded(d, line, &mut poll);
    d.m.cpu.bus.uart.flush();
    print(&out.text);
    out.quit
}

/// Execute, turning a panic (a bug) into a message instead of ending the
/// session.
fn run_guarded(
    d: &mut Debugger,
    line: &str,
    poll: &mut dyn FnMut() -> bool,
) -> super::commands::Output {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        d.execute(
            line,
            &mut Ctx {
                poll,
                may_run: true,
            },
        )
    }));
    r.unwrap_or_else(|_| super::commands::Output {
        text: format!(
            "internal error while running \"{line}\" (a bug in vitrine); the session goes on\n"
        ),
        quit: false,
    })
}

/// The interactive prompt (commands from stdin when it is not a terminal).
pub fn interactive(d: &mut Debugger) -> Result<(), String> {
    if !std::io::stdin().is_terminal() {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("stdin: {e}"))?;
        script(d, &text);
        return Ok(());
    }
    catch_sigint();
    let mut rl = rustyline::DefaultEditor::new().map_err(|e| format!("terminal: {e}"))?;
    print(&banner(d));
    let mut last = String::new();
    loop {
        let line = match rl.readline(PROMPT) {
            Ok(l) => l,
            Err(rustyline::error::ReadlineError::Interrupted) => continue,
            Err(rustyline::error::ReadlineError::Eof) => break,
            Err(e) => return Err(format!("terminal: {e}")),
        };
        let line = if line.trim().is_empty() && repeatable(&last) {
            last.clone()
        } else {
            line
        };
        if line.trim().is_empty() {
            continue;
        }
        let _ = rl.add_history_entry(line.as_str());
        last = line.clone();
        if run_line(d, &line) {
            break;
        }
    }
    Ok(())
}

/// Run the commands of `text`, echoing each after the prompt.
pub fn script(d: &mut Debugger, text: &str) {
    print(&banner(d));
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        print(&format!("{PROMPT}{l}\n"));
        if run_line(d, l) {
            break;
        }
    }
}
