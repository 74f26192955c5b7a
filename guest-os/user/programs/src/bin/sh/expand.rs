//! Word expansion: a lexed word becomes one argument, at the moment its
//! command runs.
//!
//! Parameters are replaced by their values (`$?` by the last status, `$VAR`
//! from the environment, ...). There is no field splitting and no globbing:
//! a word always gives at most one argument, spaces in values included. An
//! unquoted word made only of expansions that all come out empty gives no
//! argument at all (`echo $UNSET x` runs `echo x`), as in POSIX shells.

use crate::exec::Shell;
use crate::lexer::{Param, Part, Word};
use ulib::prelude::*;

/// The value of parameter `p`.
fn param_value(p: &Param, sh: &Shell) -> Vec<u8> {
    match p {
        Param::Status => format!("{}", sh.status).into_bytes(),
        Param::Pid => format!("{}", sh.pid).into_bytes(),
        Param::LastBackground => {
            sh.last_bg.map(|p| format!("{}", p).into_bytes()).unwrap_or_default()
        }
        Param::Count => format!("{}", sh.positional.len().saturating_sub(1)).into_bytes(),
        Param::Positional(n) => sh.positional.get(*n).cloned().unwrap_or_default(),
        Param::Var(name) => sh.env.get(name).map(<[u8]>::to_vec).unwrap_or_default(),
        Param::Home => sh.env.get(b"HOME").unwrap_or(b"/").to_vec(),
    }
}

/// The argument `word` stands for, or None if it vanishes (see above).
pub fn expand(word: &Word, sh: &Shell) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut has_literal = false;
    for part in &word.parts {
        match part {
            Part::Lit(s) => {
                has_literal = true;
                out.extend_from_slice(s);
            }
            Part::Param(p) => out.extend_from_slice(&param_value(p, sh)),
        }
    }
    if out.is_empty() && !word.quoted && !has_literal { None } else { Some(out) }
}
