//! The parser: tokens become the shell grammar's tree.
//!
//! ```text
//! program   := { list-item (';' | '&' | newline) } [list-item]
//! list-item := and-or                          ('&' after it: background)
//! and-or    := pipeline { ('&&' | '||') newline* pipeline }
//! pipeline  := ['!'] command { '|' newline* command }
//! command   := { word | redirection }+
//! redirection := [fd] ('<' | '>' | '>>' | '>&' | '<&') word
//! ```
//!
//! Input that stops where more must follow (after `|`, `&&`, `||`) is
//! [`ParseError::Incomplete`], so the interactive shell reads another line.

use crate::lexer::{Op, RedirOp, Token, Word};
use ulib::prelude::*;

#[derive(Debug)]
pub struct Redirect {
    pub fd: i32,
    pub op: RedirOp,
    pub target: Word,
}

/// A simple command: its words (the command name first) and redirections,
/// applied left to right.
#[derive(Debug, Default)]
pub struct Command {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

#[derive(Debug)]
pub struct Pipeline {
    /// `! pipeline`: the status is inverted.
    pub negate: bool,
    pub commands: Vec<Command>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

#[derive(Debug)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
}

#[derive(Debug)]
pub struct ListItem {
    pub and_or: AndOr,
    pub background: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The input stops where more must follow: read another line.
    Incomplete,
    /// "syntax error near unexpected token `X'".
    Unexpected(String),
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn unexpected(&self) -> ParseError {
        match self.peek() {
            Some(t) => ParseError::Unexpected(t.describe()),
            None => ParseError::Unexpected("newline".to_string()),
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Token::Op(Op::Newline)) {
            self.pos += 1;
        }
    }

    /// After `|`, `&&`, `||`: more must follow, perhaps on the next line.
    fn continuation(&mut self) -> Result<(), ParseError> {
        self.skip_newlines();
        if self.peek().is_none() { Err(ParseError::Incomplete) } else { Ok(()) }
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        let mut cmd = Command::default();
        loop {
            match self.peek() {
                Some(Token::Word(w)) => {
                    cmd.words.push(w.clone());
                    self.pos += 1;
                }
                Some(&Token::Redir(fd, op)) => {
                    self.pos += 1;
                    let Some(Token::Word(target)) = self.peek() else {
                        return Err(self.unexpected());
                    };
                    let target = target.clone();
                    self.pos += 1;
                    cmd.redirects.push(Redirect { fd: fd.unwrap_or(op.default_fd()), op, target });
                }
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.redirects.is_empty() {
            return Err(self.unexpected());
        }
        Ok(cmd)
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let mut negate = false;
        if let Some(Token::Word(w)) = self.peek() {
            if w.as_plain() == Some(b"!") {
                negate = true;
                self.pos += 1;
            }
        }
        let mut commands = vec![self.command()?];
        while self.peek() == Some(&Token::Op(Op::Pipe)) {
            self.pos += 1;
            self.continuation()?;
            commands.push(self.command()?);
        }
        Ok(Pipeline { negate, commands })
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let conn = match self.peek() {
                Some(Token::Op(Op::AndIf)) => Connector::And,
                Some(Token::Op(Op::OrIf)) => Connector::Or,
                _ => break,
            };
            self.pos += 1;
            self.continuation()?;
            rest.push((conn, self.pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn program(&mut self) -> Result<Vec<ListItem>, ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.peek().is_none() {
                return Ok(items);
            }
            let and_or = self.and_or()?;
            let background = match self.peek() {
                None => false,
                Some(Token::Op(Op::Semi | Op::Newline)) => {
                    self.pos += 1;
                    false
                }
                Some(Token::Op(Op::Amp)) => {
                    self.pos += 1;
                    true
                }
                Some(_) => return Err(self.unexpected()),
            };
            items.push(ListItem { and_or, background });
        }
    }
}

/// Parses a whole program (one or more lines).
pub fn parse(tokens: Vec<Token>) -> Result<Vec<ListItem>, ParseError> {
    Parser { tokens, pos: 0 }.program()
}
