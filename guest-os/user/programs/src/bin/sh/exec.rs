//! The executor: runs parsed programs the Unix way.
//!
//! - A pipeline `a | b | c` makes its pipes first, then forks one child per
//!   command. Each child connects its ends of the pipes to fds 0 and 1
//!   (dup2), closes every pipe descriptor, applies its own redirections
//!   (open, dup2, close) and calls execve. The shell closes its copies of
//!   the pipes and waits for all the children; the pipeline's status is the
//!   last command's.
//! - A builtin alone (`cd`, `exit`, ...) runs in the shell itself, its
//!   redirections applied around it and undone after.
//! - `cmd &` forks a child that runs `cmd` and exits; the shell goes on.
//! - A child killed by a signal is reported as bash does ("Killed",
//!   "Segmentation fault", "Illegal instruction"), status 128 + signal.

use crate::builtins;
use crate::expand::expand;
use crate::jobs::{Jobs, and_or_text, pipeline_text};
use crate::lexer::{self, LexError, RedirOp};
use crate::parser::{self, AndOr, Command, Connector, ListItem, ParseError, Pipeline};
use ulib::env::Env;
use ulib::fs::{O_APPEND, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, close, dup, dup2, open, pipe};
use ulib::prelude::*;
use ulib::process::{Fork, WaitStatus, execvp, exit, fork, getpid, waitpid};
use ulib::signal::{SIGINT, SIGPIPE, description};

/// The shell's state.
pub struct Shell {
    /// `$?`.
    pub status: i32,
    /// `$$` (the pid of this shell, also inside its children).
    pub pid: i32,
    /// `$!`.
    pub last_bg: Option<i32>,
    pub env: Env,
    /// `$0`, `$1`, ...
    pub positional: Vec<Vec<u8>>,
    /// Prompts, and reports of finished background jobs.
    pub interactive: bool,
    /// Set by `exit`: stop and leave with this status.
    pub exit: Option<i32>,
    /// The job table, and job control when it is on (see `jobs`).
    pub jobs: Jobs,
}

/// A command after expansion: arguments, and redirections with their
/// targets expanded.
struct Expanded {
    argv: Vec<Vec<u8>>,
    redirects: Vec<(i32, RedirOp, Vec<u8>)>,
}

/// Descriptors saved before redirecting a builtin: (fd, copy or None if
/// it was closed).
type Saved = Vec<(i32, Option<i32>)>;

impl Shell {
    pub fn new(env: Env, positional: Vec<Vec<u8>>) -> Shell {
        Shell {
            status: 0,
            pid: getpid(),
            last_bg: None,
            env,
            positional,
            interactive: false,
            exit: None,
            jobs: Jobs::default(),
        }
    }

    /// Lexes and parses `src` (one or more lines).
    pub fn parse(&self, src: &[u8]) -> Result<Vec<ListItem>, ParseError> {
        let tokens = lexer::tokenize(src).map_err(|e| match e {
            LexError::Incomplete => ParseError::Incomplete,
            LexError::Syntax(msg) => ParseError::Unexpected(msg),
        })?;
        parser::parse(tokens)
    }

    /// Prints a parse error the way bash does; sets `$?` to 2.
    pub fn report_parse_error(&mut self, e: ParseError) {
        match e {
            ParseError::Incomplete => eprintln!("sh: syntax error: unexpected end of file"),
            ParseError::Unexpected(t) if t.contains(':') => eprintln!("sh: {}", t),
            ParseError::Unexpected(t) => {
                eprintln!("sh: syntax error near unexpected token `{}'", t)
            }
        }
        self.status = 2;
    }

    /// Runs a complete program text (`sh -c`, a script file).
    pub fn run_source(&mut self, src: &[u8]) {
        match self.parse(src) {
            Ok(items) => self.run_items(&items),
            Err(e) => self.report_parse_error(e),
        }
    }

    /// Runs a list, in order; stops early after `exit`.
    pub fn run_items(&mut self, items: &[ListItem]) {
        for item in items {
            if self.exit.is_some() {
                return;
            }
            if item.background {
                self.spawn_background(&item.and_or);
            } else {
                self.status = self.run_and_or(&item.and_or, false);
            }
        }
    }

    /// `a && b || c`. With `in_place`, a lone simple command replaces this
    /// process instead of being forked (used by background children).
    fn run_and_or(&mut self, ao: &AndOr, in_place: bool) -> i32 {
        let mut status = self.run_pipeline(&ao.first, in_place && ao.rest.is_empty());
        self.status = status;
        for (conn, p) in &ao.rest {
            if self.exit.is_some() {
                break;
            }
            let run = match conn {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if run {
                status = self.run_pipeline(p, false);
                self.status = status;
            }
        }
        status
    }

    fn expand_command(&self, c: &Command) -> Result<Expanded, ()> {
        let argv = c.words.iter().filter_map(|w| expand(w, self)).collect();
        let mut redirects = Vec::new();
        for r in &c.redirects {
            match expand(&r.target, self) {
                Some(t) if !t.is_empty() || r.target.quoted => redirects.push((r.fd, r.op, t)),
                _ => {
                    eprintln!("sh: ambiguous redirect");
                    return Err(());
                }
            }
        }
        Ok(Expanded { argv, redirects })
    }

    fn run_pipeline(&mut self, p: &Pipeline, in_place: bool) -> i32 {
        let mut cmds = Vec::new();
        for c in &p.commands {
            match self.expand_command(c) {
                Ok(e) => cmds.push(e),
                Err(()) => return 1,
            }
        }
        let single = cmds.len() == 1;
        let in_shell = |argv: &[Vec<u8>]| match argv.first() {
            None => true,
            // `kill %N` needs the job table.
            Some(n) if n == b"kill" => argv.iter().any(|a| a.starts_with(b"%")),
            Some(n) => builtins::is_builtin(n),
        };
        let status = if single && in_shell(&cmds[0].argv) {
            self.run_in_shell(&cmds[0])
        } else if single && in_place {
            self.exec_command(&cmds[0])
        } else {
            self.run_forked(&cmds, pipeline_text(p))
        };
        if p.negate { (status == 0) as i32 } else { status }
    }

    /// A builtin, or redirections alone (`> file`), in the shell process.
    fn run_in_shell(&mut self, cmd: &Expanded) -> i32 {
        let mut saved = Saved::new();
        let status = if apply_redirects(&cmd.redirects, Some(&mut saved)).is_err() {
            1
        } else if cmd.argv.is_empty() {
            0
        } else {
            builtins::run(self, &cmd.argv)
        };
        restore(saved);
        status
    }

    /// In a child: redirections, then the builtin or execve. Never returns.
    fn exec_command(&mut self, cmd: &Expanded) -> ! {
        if apply_redirects(&cmd.redirects, None).is_err() {
            exit(1);
        }
        let Some(name) = cmd.argv.first() else { exit(0) };
        if builtins::is_builtin(name) {
            let status = builtins::run(self, &cmd.argv);
            exit(self.exit.unwrap_or(status));
        }
        let argv: Vec<&[u8]> = cmd.argv.iter().map(|a| a.as_slice()).collect();
        let err = execvp(name, &argv, &self.env);
        if err == Errno::ENOENT && !name.contains(&b'/') {
            eprintln!("sh: {}: command not found", Bytes(name));
        } else {
            eprintln!("sh: {}: {}", Bytes(name), err);
        }
        exit(if err == Errno::ENOENT { 127 } else { 126 })
    }

    /// Forks one child per command, connected by pipes; waits for all.
    /// With job control they form a foreground job: a process group of
    /// their own, given the terminal; a stop returns 128 + the signal.
    fn run_forked(&mut self, cmds: &[Expanded], text: String) -> i32 {
        let n = cmds.len();
        let mut pipes: Vec<(i32, i32)> = Vec::new();
        for _ in 1..n {
            match pipe() {
                Ok(p) => pipes.push(p),
                Err(e) => {
                    eprintln!("sh: pipe: {}", e);
                    close_pipes(&pipes);
                    return 1;
                }
            }
        }
        let mut pids = Vec::new();
        let mut pgid = 0;
        for (i, cmd) in cmds.iter().enumerate() {
            match fork() {
                Ok(Fork::Child) => {
                    self.jobs.child_setup(pgid, true);
                    if i > 0 {
                        let _ = dup2(pipes[i - 1].0, 0);
                    }
                    if i + 1 < n {
                        let _ = dup2(pipes[i].1, 1);
                    }
                    close_pipes(&pipes);
                    self.exec_command(cmd);
                }
                Ok(Fork::Parent(pid)) => {
                    self.jobs.parent_setup(pid, pgid);
                    if pgid == 0 {
                        pgid = pid;
                    }
                    pids.push(pid);
                }
                Err(e) => {
                    eprintln!("sh: fork: {}", e);
                    break;
                }
            }
        }
        close_pipes(&pipes);
        if self.jobs.enabled() {
            if pids.is_empty() {
                return 1;
            }
            let id = self.jobs.add(pgid, &pids, text, false);
            let st = self.jobs.wait_foreground(id);
            if st.stopped() {
                return 128 + st.stop_signal();
            }
            if pids.len() < n {
                return 1; // the last fork failed
            }
            report_foreground(st);
            return st.shell_status();
        }
        let mut last = WaitStatus(1 << 8); // exit 1 if the last fork failed
        for (i, &pid) in pids.iter().enumerate() {
            match waitpid(pid) {
                Ok((_, st)) if i + 1 == n => last = st,
                Ok(_) => {}
                Err(e) => eprintln!("sh: wait: {}", e),
            }
        }
        report_signal(last);
        last.shell_status()
    }

    /// `cmd &`: a child runs it; the shell does not wait.
    fn spawn_background(&mut self, ao: &AndOr) {
        match fork() {
            Ok(Fork::Child) => {
                self.jobs.child_setup(0, false);
                self.interactive = false;
                let status = self.run_and_or(ao, true);
                exit(self.exit.unwrap_or(status));
            }
            Ok(Fork::Parent(pid)) => {
                self.jobs.parent_setup(pid, 0);
                let job = self.jobs.add(pid, &[pid], and_or_text(ao), true);
                self.last_bg = Some(pid);
                if self.interactive {
                    eprintln!("[{}] {}", job, pid);
                }
                self.status = 0;
            }
            Err(e) => {
                eprintln!("sh: fork: {}", e);
                self.status = 1;
            }
        }
    }

    /// Forgets a background child that has been waited for.
    pub fn forget_job(&mut self, pid: i32) {
        self.jobs.forget_pid(pid);
    }

    /// Interactive mode, before a prompt: reports background jobs that
    /// ended ("[1]+  Done                    sleep 1") or stopped.
    pub fn reap_jobs(&mut self) {
        self.jobs.notify();
    }
}

fn close_pipes(pipes: &[(i32, i32)]) {
    for &(r, w) in pipes {
        let _ = close(r);
        let _ = close(w);
    }
}

/// Says how a child died, if a signal killed it (not for SIGINT and
/// SIGPIPE, which bash does not report either).
pub fn report_signal(st: WaitStatus) {
    if st.signaled() && st.term_signal() != SIGINT && st.term_signal() != SIGPIPE {
        let core = if st.core_dumped() { " (core dumped)" } else { "" };
        eprintln!("{}{}", description(st.term_signal()), core);
    }
}

/// After a foreground job of a shell with job control: as report_signal,
/// and a newline if ^C killed it, as bash prints (the terminal echoed "^C"
/// and nothing ends that line; the prompt would follow it).
pub fn report_foreground(st: WaitStatus) {
    if st.signaled() && st.term_signal() == SIGINT {
        println!();
    }
    report_signal(st);
}

/// Applies redirections left to right: `open` the file, `dup2` it onto the
/// descriptor, `close` the original. With `saved`, first keeps a copy of
/// each descriptor changed, for [`restore`]. Err after printing why.
fn apply_redirects(
    redirects: &[(i32, RedirOp, Vec<u8>)],
    mut saved: Option<&mut Saved>,
) -> Result<(), ()> {
    for (fd, op, target) in redirects {
        let fd = *fd;
        if let Some(saved) = saved.as_deref_mut() {
            if !saved.iter().any(|s| s.0 == fd) {
                saved.push((fd, dup(fd).ok()));
            }
        }
        match op {
            RedirOp::In | RedirOp::Out | RedirOp::Append => {
                let flags = match op {
                    RedirOp::In => O_RDONLY,
                    RedirOp::Out => O_WRONLY | O_CREAT | O_TRUNC,
                    _ => O_WRONLY | O_CREAT | O_APPEND,
                };
                let file = match open(target, flags, 0o666) {
                    Ok(f) => f,
                    Err(e) => {
                        eprintln!("sh: {}: {}", Bytes(target), e);
                        return Err(());
                    }
                };
                if file != fd {
                    let r = dup2(file, fd);
                    let _ = close(file);
                    if let Err(e) = r {
                        eprintln!("sh: {}: {}", fd, e);
                        return Err(());
                    }
                }
            }
            RedirOp::DupOut | RedirOp::DupIn => {
                if target == b"-" {
                    let _ = close(fd);
                    continue;
                }
                let Some(src) =
                    core::str::from_utf8(target).ok().and_then(|s| s.parse::<i32>().ok())
                else {
                    eprintln!("sh: {}: ambiguous redirect", Bytes(target));
                    return Err(());
                };
                if let Err(e) = dup2(src, fd) {
                    eprintln!("sh: {}: {}", src, e);
                    return Err(());
                }
            }
        }
    }
    Ok(())
}

/// Undoes [`apply_redirects`] with the copies it saved.
fn restore(saved: Saved) {
    for (fd, copy) in saved.into_iter().rev() {
        match copy {
            Some(c) => {
                let _ = dup2(c, fd);
                let _ = close(c);
            }
            None => {
                let _ = close(fd);
            }
        }
    }
}
