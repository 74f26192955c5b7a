//! `sh`: Vitrine's shell.
//!
//! ```text
//! sh -c COMMAND [NAME [ARG...]]   run COMMAND ($0 = NAME, $1... = ARGs)
//! sh FILE [ARG...]                run the script FILE
//! sh [-i]                         read commands from standard input; with a
//!                                 prompt ("# " for root, "$ " otherwise) when
//!                                 standard input is a terminal (a character
//!                                 device) or with -i
//! ```
//!
//! The language: words with '...', "..." and \ quoting; `$?`, `$$`, `$!`,
//! `$#`, `$0`..`$9`, `$NAME`, `${NAME}`, `~`; pipelines `a | b | c`;
//! `!`; `&&`, `||`, `;`, newline, `&`; redirections `<`, `>`, `>>`, `N>`,
//! `N>>`, `N<`, `N>&M`, `N<&M`, `N>&-`; comments `#`. Builtins: `cd`, `pwd`,
//! `exit [N]`, `wait [PID...]`, `jobs`, `fg [%N]`, `bg [%N]`, `kill %N`.
//! An interactive shell on a terminal has job control (see `jobs`): ^Z
//! stops the foreground job and the prompt comes back. Not supported: variables assignments,
//! globbing, field splitting, command substitution, here-documents,
//! `if`/`while`/functions. The exit status is the last command's.
//!
//! Modules, in the order a line goes through them: `lexer` (words and
//! operators), `parser` (the grammar tree), `expand` (words become
//! arguments when a command runs), `exec` (fork, pipes, redirections,
//! execve, wait), `jobs` (the job table, process groups, the terminal),
//! `builtins`.
#![no_std]
#![no_main]

mod builtins;
mod exec;
mod expand;
mod jobs;
mod lexer;
mod parser;
mod prompt;

use exec::Shell;
use parser::ParseError;
use ulib::fs::{O_RDONLY, OwnedFd};
use ulib::io::{STDIN, read, read_line};
use ulib::prelude::*;
use ulib::stat::fstat;
use ulib::system::geteuid;

ulib::main!(main);

/// Exit status for a usage error.
const USAGE: i32 = 2;

fn main(args: Args, env: Env) -> i32 {
    let argv: Vec<&[u8]> = args.iter().collect();
    let mut i = 1;
    let mut force_interactive = false;
    let mut command: Option<&[u8]> = None;
    while let Some(&a) = argv.get(i) {
        match a {
            b"-c" => {
                let Some(&c) = argv.get(i + 1) else {
                    eprintln!("sh: -c: option requires an argument");
                    return USAGE;
                };
                command = Some(c);
                i += 2;
                break;
            }
            b"-i" => force_interactive = true,
            b"--" => {
                i += 1;
                break;
            }
            _ if a.len() > 1 && a[0] == b'-' => {
                eprintln!("sh: {}: invalid option", Bytes(a));
                eprintln!("usage: sh [-i] [-c COMMAND [NAME [ARG...]]] | sh FILE [ARG...]");
                return USAGE;
            }
            _ => break,
        }
        i += 1;
    }
    let rest: Vec<Vec<u8>> = argv[i.min(argv.len())..].iter().map(|a| a.to_vec()).collect();

    if let Some(cmd) = command {
        // $0 is NAME if given, else "sh".
        let positional = if rest.is_empty() { vec![b"sh".to_vec()] } else { rest };
        let mut sh = Shell::new(env, positional);
        sh.run_source(cmd);
        return sh.exit.unwrap_or(sh.status);
    }
    if let Some(script) = rest.first() {
        let mut sh = Shell::new(env, rest.clone());
        let text = match read_file(script) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("sh: {}: {}", Bytes(script), e);
                return 127;
            }
        };
        sh.run_source(&text);
        return sh.exit.unwrap_or(sh.status);
    }
    let mut sh = Shell::new(env, vec![argv.first().map_or(b"sh".to_vec(), |a| a.to_vec())]);
    sh.interactive = force_interactive || fstat(STDIN).is_ok_and(|st| st.is_char_device());
    if sh.interactive {
        // ^C and ^\ end the foreground command, not the shell; ^C at the
        // prompt gives a new one (prompt.rs).
        prompt::install_handlers();
        // Job control, if standard input is a terminal we can control.
        sh.jobs.enable(sh.pid);
    }
    read_eval_loop(&mut sh);
    sh.jobs.hang_up_stopped();
    sh.exit.unwrap_or(sh.status)
}

/// Reads commands from standard input until end of file or `exit`. A line
/// that stops inside quotes or after `|`/`&&`/`||` is continued on the next
/// (prompt "> ").
fn read_eval_loop(sh: &mut Shell) {
    let prompt = if geteuid() == 0 { "# " } else { "$ " };
    let mut text = Vec::new();
    let mut line = Vec::new();
    loop {
        if sh.interactive {
            sh.reap_jobs();
            prompt::forget_interrupt();
            eprint!("{}", if text.is_empty() { prompt } else { "> " });
        }
        let got = if sh.interactive {
            prompt::read_line(&mut line)
        } else {
            match read_line(STDIN, &mut line) {
                Ok(true) => prompt::Read::Line,
                Ok(false) => prompt::Read::Eof,
                Err(e) => prompt::Read::Error(e),
            }
        };
        match got {
            prompt::Read::Line => {}
            prompt::Read::Interrupted => {
                // As bash: what was typed (also a continued line) is gone,
                // a new line, a new prompt, $? = 130.
                eprintln!();
                text.clear();
                sh.status = 128 + ulib::signal::SIGINT;
                continue;
            }
            prompt::Read::Eof => {
                if !text.is_empty() {
                    sh.report_parse_error(ParseError::Incomplete);
                }
                if sh.interactive {
                    eprintln!();
                }
                return;
            }
            prompt::Read::Error(e) => {
                eprintln!("sh: read error: {}", e);
                return;
            }
        }
        text.extend_from_slice(&line);
        text.push(b'\n');
        match sh.parse(&text) {
            Ok(items) => {
                text.clear();
                sh.run_items(&items);
            }
            Err(ParseError::Incomplete) => continue,
            Err(e) => {
                text.clear();
                sh.report_parse_error(e);
                if !sh.interactive {
                    return; // a script with a syntax error stops, as in POSIX shells
                }
            }
        }
        if sh.exit.is_some() {
            return;
        }
    }
}

/// The whole content of file `path`.
fn read_file(path: &[u8]) -> Result<Vec<u8>, Errno> {
    let f = OwnedFd::open(path, O_RDONLY, 0)?;
    let mut text = Vec::new();
    let mut buf = vec![0u8; 4096];
    loop {
        match read(f.fd(), &mut buf) {
            Ok(0) => return Ok(text),
            Ok(n) => text.extend_from_slice(&buf[..n]),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}
