//! The lexer: a command line becomes words, operators and redirections.
//!
//! Quoting is decided here, expansion is not: `$?` must be read when the
//! command runs, not when the line is read (`false; echo $?`), so a word is
//! kept as literal parts and parameter references ([`Part`]), expanded later
//! by `expand.rs`.
//!
//! - `'...'`: everything literal up to the next `'`.
//! - `"..."`: literal except `$` expansions and `\` before `$ \` " \ newline`.
//! - `\c` outside quotes: `c` literal; backslash-newline joins lines.
//! - `$?`, `$$`, `$!`, `$#`, `$0`..`$9`, `$NAME`, `${NAME}`; `~` at the start
//!   of a word is `$HOME`.
//! - operators: `|` `||` `&` `&&` `;` newline; redirections `<` `>` `>>`
//!   `>&` `<&`, each optionally preceded by a file descriptor number (`2>`).
//! - `#` at the start of a word comments out the rest of the line.

use ulib::prelude::*;

/// A parameter a word refers to, read at expansion time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Param {
    /// `$?`: the status of the last command.
    Status,
    /// `$$`: the shell's pid.
    Pid,
    /// `$!`: the pid of the last background command.
    LastBackground,
    /// `$#`: the number of positional parameters.
    Count,
    /// `$0`..`$9`.
    Positional(usize),
    /// `$NAME`, `${NAME}`: an environment variable.
    Var(Vec<u8>),
    /// `~`: `$HOME`.
    Home,
}

/// A piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Lit(Vec<u8>),
    Param(Param),
}

/// A word: its parts, and whether any of it was quoted or escaped (an
/// unquoted expansion that comes out empty is dropped, a quoted one is kept
/// as an empty argument).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<Part>,
    pub quoted: bool,
}

impl Word {
    fn push_lit(&mut self, c: u8) {
        if let Some(Part::Lit(s)) = self.parts.last_mut() {
            s.push(c);
        } else {
            self.parts.push(Part::Lit(vec![c]));
        }
    }

    /// The word's text if it is one unquoted literal (for `!` and builtins).
    pub fn as_plain(&self) -> Option<&[u8]> {
        match self.parts.as_slice() {
            [Part::Lit(s)] if !self.quoted => Some(s),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Pipe,
    OrIf,
    AndIf,
    Amp,
    Semi,
    Newline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`
    In,
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `>&`: duplicate an output descriptor (`2>&1`).
    DupOut,
    /// `<&`: duplicate an input descriptor.
    DupIn,
}

impl RedirOp {
    /// The descriptor a redirection applies to when no number is given.
    pub fn default_fd(self) -> i32 {
        match self {
            RedirOp::In | RedirOp::DupIn => 0,
            _ => 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    Op(Op),
    Redir(Option<i32>, RedirOp),
}

impl Token {
    /// How bash names a token in "syntax error near unexpected token `X'".
    pub fn describe(&self) -> String {
        match self {
            Token::Word(w) => match w.as_plain() {
                Some(s) => String::from_utf8_lossy(s).into_owned(),
                None => "word".to_string(),
            },
            Token::Op(op) => match op {
                Op::Pipe => "|",
                Op::OrIf => "||",
                Op::AndIf => "&&",
                Op::Amp => "&",
                Op::Semi => ";",
                Op::Newline => "newline",
            }
            .to_string(),
            Token::Redir(_, op) => match op {
                RedirOp::In => "<",
                RedirOp::Out => ">",
                RedirOp::Append => ">>",
                RedirOp::DupOut => ">&",
                RedirOp::DupIn => "<&",
            }
            .to_string(),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum LexError {
    /// The input ends inside quotes or after a backslash: read another line.
    Incomplete,
    /// Something we cannot read at all.
    Syntax(String),
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Characters that end an unquoted word.
fn is_meta(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>')
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.s.get(self.i + k).copied()
    }

    /// After a `$`: a parameter, or None for a literal `$`.
    fn param(&mut self) -> Result<Option<Param>, LexError> {
        let Some(c) = self.peek() else { return Ok(None) };
        let p = match c {
            b'?' => Param::Status,
            b'$' => Param::Pid,
            b'!' => Param::LastBackground,
            b'#' => Param::Count,
            b'0'..=b'9' => Param::Positional((c - b'0') as usize),
            b'{' => {
                let start = self.i + 1;
                let Some(len) = self.s[start..].iter().position(|&c| c == b'}') else {
                    return Err(LexError::Incomplete);
                };
                let name = &self.s[start..start + len];
                self.i = start + len + 1;
                return match name {
                    b"?" => Ok(Some(Param::Status)),
                    b"$" => Ok(Some(Param::Pid)),
                    b"!" => Ok(Some(Param::LastBackground)),
                    b"#" => Ok(Some(Param::Count)),
                    [d @ b'0'..=b'9'] => Ok(Some(Param::Positional((d - b'0') as usize))),
                    _ if !name.is_empty()
                        && is_name_start(name[0])
                        && name.iter().all(|&c| is_name_char(c)) =>
                    {
                        Ok(Some(Param::Var(name.to_vec())))
                    }
                    _ => Err(LexError::Syntax(format!(
                        "${{{}}}: bad substitution",
                        String::from_utf8_lossy(name)
                    ))),
                };
            }
            b'(' => {
                return Err(LexError::Syntax(
                    "$(...): command substitution is not supported".to_string(),
                ));
            }
            _ if is_name_start(c) => {
                let start = self.i;
                while self.peek().is_some_and(is_name_char) {
                    self.i += 1;
                }
                return Ok(Some(Param::Var(self.s[start..self.i].to_vec())));
            }
            _ => return Ok(None),
        };
        self.i += 1;
        Ok(Some(p))
    }

    /// A `$` at `self.i - 1` was seen: adds the parameter or a literal `$`.
    fn dollar(&mut self, w: &mut Word) -> Result<(), LexError> {
        match self.param()? {
            Some(p) => w.parts.push(Part::Param(p)),
            None => w.push_lit(b'$'),
        }
        Ok(())
    }

    /// A word starting at `self.i` (which is not blank or an operator).
    fn word(&mut self) -> Result<Word, LexError> {
        let mut w = Word::default();
        if self.peek() == Some(b'~') && self.peek_at(1).is_none_or(|c| c == b'/' || is_meta(c)) {
            self.i += 1;
            w.parts.push(Part::Param(Param::Home));
        }
        while let Some(c) = self.peek() {
            if is_meta(c) {
                break;
            }
            self.i += 1;
            match c {
                b'\\' => match self.peek() {
                    None => return Err(LexError::Incomplete),
                    Some(b'\n') => self.i += 1, // line continuation
                    Some(n) => {
                        self.i += 1;
                        w.quoted = true;
                        w.push_lit(n);
                    }
                },
                b'\'' => {
                    w.quoted = true;
                    let Some(len) = self.s[self.i..].iter().position(|&c| c == b'\'') else {
                        return Err(LexError::Incomplete);
                    };
                    let text = self.s[self.i..self.i + len].to_vec();
                    self.i += len + 1;
                    match w.parts.last_mut() {
                        Some(Part::Lit(s)) => s.extend_from_slice(&text),
                        _ => w.parts.push(Part::Lit(text)),
                    }
                }
                b'"' => {
                    w.quoted = true;
                    loop {
                        let Some(c) = self.peek() else { return Err(LexError::Incomplete) };
                        self.i += 1;
                        match c {
                            b'"' => break,
                            b'\\' => match self.peek() {
                                None => return Err(LexError::Incomplete),
                                Some(b'\n') => self.i += 1,
                                Some(n @ (b'$' | b'`' | b'"' | b'\\')) => {
                                    self.i += 1;
                                    w.push_lit(n);
                                }
                                Some(_) => w.push_lit(b'\\'),
                            },
                            b'$' => self.dollar(&mut w)?,
                            b'`' => {
                                return Err(LexError::Syntax(
                                    "`...`: command substitution is not supported".to_string(),
                                ));
                            }
                            _ => w.push_lit(c),
                        }
                    }
                }
                b'$' => self.dollar(&mut w)?,
                b'`' => {
                    return Err(LexError::Syntax(
                        "`...`: command substitution is not supported".to_string(),
                    ));
                }
                _ => w.push_lit(c),
            }
        }
        Ok(w)
    }

    /// A redirection operator at `self.i`, if there is one.
    fn redir_op(&mut self) -> Result<Option<RedirOp>, LexError> {
        let op = match (self.peek(), self.peek_at(1)) {
            (Some(b'>'), Some(b'>')) => (RedirOp::Append, 2),
            (Some(b'>'), Some(b'&')) => (RedirOp::DupOut, 2),
            (Some(b'>'), Some(b'|')) => (RedirOp::Out, 2),
            (Some(b'>'), _) => (RedirOp::Out, 1),
            (Some(b'<'), Some(b'&')) => (RedirOp::DupIn, 2),
            (Some(b'<'), Some(b'<')) => {
                return Err(LexError::Syntax("<<: here-documents are not supported".to_string()));
            }
            (Some(b'<'), _) => (RedirOp::In, 1),
            _ => return Ok(None),
        };
        self.i += op.1;
        Ok(Some(op.0))
    }
}

/// Splits `input` into tokens.
pub fn tokenize(input: &[u8]) -> Result<Vec<Token>, LexError> {
    let mut lx = Lexer { s: input, i: 0 };
    let mut tokens = Vec::new();
    while let Some(c) = lx.peek() {
        match c {
            b' ' | b'\t' => lx.i += 1,
            b'#' => {
                while lx.peek().is_some_and(|c| c != b'\n') {
                    lx.i += 1;
                }
            }
            b'\n' => {
                lx.i += 1;
                tokens.push(Token::Op(Op::Newline));
            }
            b';' => {
                lx.i += 1;
                tokens.push(Token::Op(Op::Semi));
            }
            b'|' | b'&' => {
                let double = lx.peek_at(1) == Some(c);
                lx.i += if double { 2 } else { 1 };
                tokens.push(Token::Op(match (c, double) {
                    (b'|', true) => Op::OrIf,
                    (b'|', false) => Op::Pipe,
                    (_, true) => Op::AndIf,
                    (_, false) => Op::Amp,
                }));
            }
            b'<' | b'>' => {
                let op = lx.redir_op()?.expect("at < or >");
                tokens.push(Token::Redir(None, op));
            }
            b'\\' if lx.peek_at(1) == Some(b'\n') => lx.i += 2,
            _ => {
                // A run of digits right before < or > is a descriptor number.
                let digits = input[lx.i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits > 0 && digits < 4 && matches!(lx.peek_at(digits), Some(b'<' | b'>')) {
                    let fd = core::str::from_utf8(&input[lx.i..lx.i + digits])
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    lx.i += digits;
                    let op = lx.redir_op()?.expect("at < or >");
                    tokens.push(Token::Redir(Some(fd), op));
                } else {
                    tokens.push(Token::Word(lx.word()?));
                }
            }
        }
    }
    Ok(tokens)
}
