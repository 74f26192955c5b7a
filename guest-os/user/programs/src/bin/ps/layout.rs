//! Laying out one row (the header or a process) as procps's show_one_proc
//! does: each column has a place where it should end (its width plus one
//! space from the previous column's place); a right-aligned value ends
//! there if it can, a left-aligned one starts just after the previous
//! column's place. A value too wide pushes the rest of the row right and
//! the following columns give that back from their padding, keeping at
//! least one space. So `ps -l`'s header "ADDR" (a column 1 wide) shifts
//! "SZ", and a row with a short ADDR ("-") puts SZ back in its place.

use super::columns::Column;
use ulib::prelude::*;

/// The row of `texts`, one per column of `cols`.
pub fn layout(cols: &[Column], texts: &[String]) -> String {
    let mut line = String::new();
    let mut correct = 0; // where we should be
    let mut actual = 0; // where we are
    for (i, (c, t)) in cols.iter().zip(texts).enumerate() {
        let amount = t.chars().count();
        let leftpad = if c.right { c.width.saturating_sub(amount) } else { 0 };
        let wanted = (correct + leftpad).saturating_sub(actual);
        let space = if wanted >= 1 || i == 0 { wanted } else { 1 };
        line.extend(core::iter::repeat_n(' ', space));
        line.push_str(t);
        actual += space + amount;
        correct += c.width + 1;
    }
    line
}
