//! Address expressions and breakpoint conditions.
//!
//! Wherever an address is expected: a number (`0x8000_0000`, `4096`), a
//! register (`$pc`, `$sp`, `$a0`, `$x5`, a CSR: `$satp`, `$stval`), a
//! convenience variable (`$fault`, set with `set $fault = ...`), a symbol
//! (`do_fork`, `fault::resolve`, `<vitrine_kernel::mm::aspace::AddrSpace>::new`,
//! a user program's `main` or `cow:main`), `*ADDR` (the 64-bit word there),
//! and sums and differences of these with parentheses.
//!
//! Conditions (`break sys_clone if pid==5`) compare such expressions with
//! `== != < <= > >=` and combine comparisons with `&&`/`and`, `||`/`or`;
//! there, `pid`, `asid`, `satp` and `mode` (0 U, 1 S, 3 M) name the
//! current task's pid, the current ASID, `satp` and privilege.

/// What expressions refer to.
pub trait Env {
    /// A register or CSR (`pc`, `a0`, `x5`, `satp`), without the `$`.
    fn register(&mut self, name: &str) -> Option<u64>;
    /// A convenience variable, without the `$`.
    fn variable(&self, name: &str) -> Option<u64>;
    /// A symbol's address.
    fn symbol(&mut self, name: &str) -> Result<u64, String>;
    /// `pid`, `asid`, `satp`, `mode` in conditions.
    fn pseudo(&mut self, name: &str) -> Option<Result<u64, String>>;
    /// The 64-bit word at virtual address `addr` (for `*ADDR`).
    fn read_u64(&mut self, addr: u64) -> Result<u64, String>;
}

/// Evaluate an address expression.
pub fn eval(env: &mut dyn Env, text: &str) -> Result<u64, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        env,
        cond: false,
    };
    let v = p.sum()?;
    p.end(text)?;
    Ok(v)
}

/// Evaluate a condition: true when non-zero.
pub fn eval_cond(env: &mut dyn Env, text: &str) -> Result<bool, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        env,
        cond: true,
    };
    let v = p.or()?;
    p.end(text)?;
    Ok(v != 0)
}

/// Check that `text` parses as a condition (names are looked up only when
/// it is evaluated).
pub fn check_cond(text: &str) -> Result<(), String> {
    struct Dummy;
    impl Env for Dummy {
        fn register(&mut self, _: &str) -> Option<u64> {
            Some(0)
        }
        fn variable(&self, _: &str) -> Option<u64> {
            Some(0)
        }
        fn symbol(&mut self, _: &str) -> Result<u64, String> {
            Ok(0)
        }
        fn pseudo(&mut self, _: &str) -> Option<Result<u64, String>> {
            Some(Ok(0))
        }
        fn read_u64(&mut self, _: u64) -> Result<u64, String> {
            Ok(0)
        }
    }
    eval_cond(&mut Dummy, text).map(|_| ())
}

struct Parser<'a, 'e> {
    s: &'a [u8],
    i: usize,
    env: &'e mut dyn Env,
    cond: bool,
}

fn is_sym_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'.' | b'/' | b'{' | b'}' | b'#')
}

impl Parser<'_, '_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, tok: &str) -> bool {
        self.ws();
        if self.s[self.i..].starts_with(tok.as_bytes()) {
            // A word operator must not run into a name.
            let word = tok.as_bytes()[0].is_ascii_alphabetic();
            let next = self.s.get(self.i + tok.len()).copied();
            if word && next.is_some_and(is_sym_char) {
                return false;
            }
            self.i += tok.len();
            true
        } else {
            false
        }
    }

    fn end(&mut self, text: &str) -> Result<(), String> {
        self.ws();
        if self.i < self.s.len() {
            return Err(format!(
                "cannot parse '{}' in '{}'",
                String::from_utf8_lossy(&self.s[self.i..]),
                text.trim()
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<u64, String> {
        let mut v = self.and()?;
        while self.eat("||") || self.eat("or") {
            let r = self.and()?;
            v = (v != 0 || r != 0) as u64;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<u64, String> {
        let mut v = self.cmp()?;
        while self.eat("&&") || self.eat("and") {
            let r = self.cmp()?;
            v = (v != 0 && r != 0) as u64;
        }
        Ok(v)
    }

    fn cmp(&mut self) -> Result<u64, String> {
        let a = self.sum()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat(op) {
                let b = self.sum()?;
                return Ok(match op {
                    "==" => a == b,
                    "!=" => a != b,
                    "<=" => a <= b,
                    ">=" => a >= b,
                    "<" => a < b,
                    _ => a > b,
                } as u64);
            }
        }
        Ok(a)
    }

    fn sum(&mut self) -> Result<u64, String> {
        let mut v = self.unary()?;
        loop {
            if self.eat("+") {
                v = v.wrapping_add(self.unary()?);
            } else if self.eat("-") {
                v = v.wrapping_sub(self.unary()?);
            } else {
                return Ok(v);
            }
        }
    }

    fn unary(&mut self) -> Result<u64, String> {
        if self.eat("-") {
            return Ok(self.unary()?.wrapping_neg());
        }
        if self.eat("*") {
            let a = self.unary()?;
            return self.env.read_u64(a);
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<u64, String> {
        let Some(c) = self.peek() else {
            return Err("an address or number is missing".into());
        };
        if c == b'(' {
            self.i += 1;
            let v = if self.cond { self.or()? } else { self.sum()? };
            if !self.eat(")") {
                return Err("missing ')'".into());
            }
            return Ok(v);
        }
        if c.is_ascii_digit() {
            return self.number();
        }
        if c == b'$' {
            self.i += 1;
            let start = self.i;
            while self.i < self.s.len()
                && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
            {
                self.i += 1;
            }
            let name = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
            if name.is_empty() {
                return Err("a register or variable name must follow '$'".into());
            }
            if let Some(v) = self.env.variable(name) {
                return Ok(v);
            }
            return self
                .env
                .register(name)
                .ok_or_else(|| format!("no register or variable ${name}"));
        }
        let name = self.symbol_name()?;
        if self.cond {
            if let Some(v) = self.env.pseudo(&name) {
                return v;
            }
        }
        self.env.symbol(&name)
    }

    fn number(&mut self) -> Result<u64, String> {
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
        {
            self.i += 1;
        }
        let t: String = std::str::from_utf8(&self.s[start..self.i])
            .unwrap_or("")
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            u64::from_str_radix(h, 16)
        } else if let Some(b) = t.strip_prefix("0b") {
            u64::from_str_radix(b, 2)
        } else {
            t.parse()
        };
        parsed.map_err(|_| format!("'{t}' is not a number"))
    }

    /// A symbol: name characters, and `<...>` groups (impl paths, generics).
    fn symbol_name(&mut self) -> Result<String, String> {
        self.ws();
        let start = self.i;
        while let Some(&c) = self.s.get(self.i) {
            if is_sym_char(c) {
                self.i += 1;
            } else if c == b'<' && (self.i == start || self.s[..self.i].ends_with(b"::")) {
                let mut depth = 0;
                while let Some(&c) = self.s.get(self.i) {
                    self.i += 1;
                    match c {
                        b'<' => depth += 1,
                        b'>' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if depth != 0 {
                    return Err("unbalanced '<' in a symbol name".into());
                }
            } else {
                break;
            }
        }
        if self.i == start {
            return Err(format!(
                "unexpected '{}'",
                String::from_utf8_lossy(&self.s[self.i..self.i + 1])
            ));
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct T(HashMap<&'static str, u64>);
    impl Env for T {
        fn register(&mut self, n: &str) -> Option<u64> {
            self.0.get(n).copied()
        }
        fn variable(&self, n: &str) -> Option<u64> {
            (n == "v").then_some(7)
        }
        fn symbol(&mut self, n: &str) -> Result<u64, String> {
            match n {
                "do_fork" => Ok(0x1000),
                "<a::B>::new" => Ok(0x2000),
                "cow:main" => Ok(0x3000),
                _ => Err(format!("no symbol {n}")),
            }
        }
        fn pseudo(&mut self, n: &str) -> Option<Result<u64, String>> {
            (n == "pid").then_some(Ok(5))
        }
        fn read_u64(&mut self, a: u64) -> Result<u64, String> {
            Ok(a + 1)
        }
    }

    fn env() -> T {
        T(HashMap::from([("pc", 0x8000_0000), ("sp", 0x100)]))
    }

    #[test]
    fn sums_of_numbers_registers_and_symbols() {
        let e = &mut env();
        assert_eq!(eval(e, "0x10"), Ok(16));
        assert_eq!(eval(e, "0x8000_0000"), Ok(0x8000_0000));
        assert_eq!(eval(e, "$pc + 4"), Ok(0x8000_0004));
        assert_eq!(eval(e, "$sp-0x10"), Ok(0xf0));
        assert_eq!(eval(e, "do_fork+8"), Ok(0x1008));
        assert_eq!(eval(e, "<a::B>::new"), Ok(0x2000));
        assert_eq!(eval(e, "cow:main + (2 + 2)"), Ok(0x3004));
        assert_eq!(eval(e, "$v"), Ok(7));
        assert_eq!(eval(e, "*$sp"), Ok(0x101));
        assert!(eval(e, "$nope").unwrap_err().contains("$nope"));
        assert!(eval(e, "nosuch").unwrap_err().contains("nosuch"));
        assert!(eval(e, "1 +").is_err());
        assert!(eval(e, "").is_err());
        assert!(eval(e, "0xzz").is_err());
        assert!(eval(e, "1 2").is_err());
    }

    #[test]
    fn conditions() {
        let e = &mut env();
        assert_eq!(eval_cond(e, "pid==5"), Ok(true));
        assert_eq!(eval_cond(e, "pid == 4 || $sp > 0x50"), Ok(true));
        assert_eq!(eval_cond(e, "pid != 5 and $sp"), Ok(false));
        assert!(check_cond("pid==").is_err());
        assert!(check_cond("pid == 5 && (asid < 3)").is_ok());
    }
}
