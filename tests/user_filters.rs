//! The text filters of the built-in OS (guest-os/user: head, tail, grep,
//! sort, uniq, sed), run in the guest's shell (`vitrine -c CMD`) on a small
//! file: what a user of coreutils, GNU grep and GNU sed expects to see,
//! exit statuses included, and one-line errors for bad input.

mod support;

use support::*;

/// A file the commands read: /tmp/f, six lines (two equal, one differing
/// only in case).
const FRUIT: &str = "echo 'banana 3' > /tmp/f; echo 'apple 10' >> /tmp/f; \
     echo 'cherry 2' >> /tmp/f; echo 'Apple 10' >> /tmp/f; echo 'date 1' >> /tmp/f; \
     echo 'apple 10' >> /tmp/f; ";

/// Runs `cmd` after creating /tmp/f: the exit status and what the guest
/// printed (without the kernel's power-off line).
fn run(cmd: &str) -> (Option<i32>, String) {
    let r = guest(&[], &format!("{FRUIT}{cmd}"));
    let out = match r.console.rfind("kernel: power off") {
        Some(i) => r.console[..i].to_string(),
        None => panic!("no power-off line:\n{}", r.console),
    };
    (r.status, out)
}

/// Asserts that `cmd` prints `want` and exits 0.
fn check(cmd: &str, want: &str) {
    let (code, out) = run(cmd);
    assert_eq!(out, want, "{cmd}");
    assert_eq!(code, Some(0), "{cmd}\n{out}");
}

#[test]
fn head_prints_the_first_lines_or_bytes() {
    check(
        "head -n 2 /tmp/f; head -1 /tmp/f; head -c 9 /tmp/f; head -n -4 /tmp/f",
        "banana 3\napple 10\nbanana 3\nbanana 3\nbanana 3\napple 10\n",
    );
    // Several files: coreutils' headers, a blank line between.
    check(
        "head -n 1 /tmp/f /etc/motd",
        "==> /tmp/f <==\nbanana 3\n\n==> /etc/motd <==\n\
         Welcome to Vitrine, a RISC-V teaching kernel. Type 'exit' or ^D to power off.\n",
    );
    // A pipeline: head takes what it needs and ends.
    check("cat /tmp/f /tmp/f | head -n 2", "banana 3\napple 10\n");
}

#[test]
fn tail_prints_the_last_lines_or_from_a_line_on() {
    check(
        "tail -n 2 /tmp/f; tail -n +5 /tmp/f; tail -3c /tmp/f; tail -c 3 /tmp/f",
        "date 1\napple 10\ndate 1\napple 10\n10\n10\n",
    );
}

#[test]
fn head_and_tail_errors_are_one_line() {
    check(
        "head -n x /tmp/f; echo $?; tail /nonexistent; echo $?; head -z /tmp/f; echo $?",
        "head: invalid number of lines: 'x'\n1\n\
         tail: cannot open '/nonexistent' for reading: No such file or directory\n1\n\
         head: invalid option -- 'z'\n1\n",
    );
}

#[test]
fn grep_selects_lines_and_counts_them() {
    check(
        "grep apple /tmp/f; grep -c apple /tmp/f; grep -in APPLE /tmp/f; grep -v a /tmp/f",
        "apple 10\napple 10\n2\n2:apple 10\n4:Apple 10\n6:apple 10\ncherry 2\nApple 10\n",
    );
    // Several files: the name before each line.
    check(
        "grep -c e /tmp/f /etc/motd; grep -h date /tmp/f /tmp/f",
        "/tmp/f:5\n/etc/motd:1\ndate 1\ndate 1\n",
    );
}

#[test]
fn grep_basic_regular_expressions() {
    check(
        "grep '^[ab]' /tmp/f; grep '[^0-9]1$' /tmp/f; grep 'e.r' /tmp/f; grep 'an*a 3' /tmp/f",
        "banana 3\napple 10\napple 10\ndate 1\ncherry 2\nbanana 3\n",
    );
    // -w: whole words only; -F: the pattern is plain text.
    check(
        "grep -w app /tmp/f; grep -w 'apple' /tmp/f; echo '1.5*2' | grep -F '.5*'",
        "apple 10\napple 10\n1.5*2\n",
    );
}

#[test]
fn grep_exit_status_is_0_1_or_2() {
    check(
        "grep -q apple /tmp/f; echo $?; grep pear /tmp/f; echo $?; grep a /nonexistent; echo $?; \
         grep 'a[' /tmp/f; echo $?; grep -z a /tmp/f; echo $?",
        "0\n1\ngrep: /nonexistent: No such file or directory\n2\n\
         grep: Unmatched [, [^, [:, [., or [=\n2\ngrep: invalid option -- 'z'\n2\n",
    );
}

#[test]
fn sort_orders_lines_by_bytes_numbers_and_keys() {
    check(
        "sort /tmp/f",
        "Apple 10\napple 10\napple 10\nbanana 3\ncherry 2\ndate 1\n",
    );
    check(
        "sort -k2n /tmp/f",
        "date 1\ncherry 2\nbanana 3\nApple 10\napple 10\napple 10\n",
    );
    check(
        "sort -rn -k2 /tmp/f | head -n 3; sort -u /tmp/f | wc -l",
        "apple 10\napple 10\nApple 10\n5\n",
    );
    // Of lines with equal keys, -u keeps the first one read.
    check(
        "sort -t ' ' -k1,1 -f -u /tmp/f",
        "apple 10\nbanana 3\ncherry 2\ndate 1\n",
    );
    check(
        "sort -k 0 /tmp/f; echo $?",
        "sort: invalid key specification '0'\n2\n",
    );
}

#[test]
fn uniq_counts_adjacent_equal_lines() {
    check(
        "sort /tmp/f | uniq -c; sort /tmp/f | uniq -d; sort -f /tmp/f | uniq -ic",
        "      1 Apple 10\n      2 apple 10\n      1 banana 3\n      1 cherry 2\n      1 date 1\n\
         apple 10\n      3 Apple 10\n      1 banana 3\n      1 cherry 2\n      1 date 1\n",
    );
    // Not adjacent: not merged.
    check("uniq /tmp/f | wc -l", "6\n");
}

#[test]
fn sed_substitutes_deletes_and_prints() {
    check(
        "sed 's/a/A/g' /tmp/f",
        "bAnAnA 3\nApple 10\ncherry 2\nApple 10\ndAte 1\nApple 10\n",
    );
    check(
        "sed -n '/apple/p' /tmp/f; sed '2,5d' /tmp/f; sed -n '$p' /tmp/f; sed -n 3p /tmp/f",
        "apple 10\napple 10\nbanana 3\napple 10\napple 10\ncherry 2\n",
    );
    check(
        "sed '/^[a-c]/d; s/[0-9]*$/<&>/' /tmp/f",
        "Apple <10>\ndate <1>\n",
    );
    check(
        "echo hello world | sed 's/o/0/2; s/^/> /'",
        "> hello w0rld\n",
    );
}

#[test]
fn sed_errors_name_the_expression_and_the_place() {
    check(
        "sed 's/a/b' /tmp/f; echo $?; sed 'y/a/b/' /tmp/f; echo $?; sed p /nonexistent; echo $?",
        "sed: -e expression #1, char 5: unterminated `s' command\n1\n\
         sed: -e expression #1, char 1: unknown command: `y'\n1\n\
         sed: can't read /nonexistent: No such file or directory\n2\n",
    );
}
