#!/usr/bin/env bash
# Test Vitrine's user space under QEMU user mode, before (and besides) our
# kernel: every program is a static Linux riscv64 executable, so
# `qemu-riscv64` runs it on this Linux host, turning its system calls into
# the host's.
#
#   guest-os/user/test-on-qemu-user.sh             build, then run every check
#   guest-os/user/test-on-qemu-user.sh --syscalls  also list the system calls
#                                                  the checks made (qemu -strace;
#                                                  KEEP_STRACE=DIR keeps the logs)
#
# Needs (installed when run as root, else it says what is missing):
#   - qemu-user (qemu-riscv64) and its binfmt_misc entry: when sh runs
#     `execve("/…/wc")`, the *host* kernel must know to start a riscv64 ELF
#     with qemu. If the entry is not registered, the script registers the one
#     qemu-user-binfmt ships (/usr/lib/binfmt.d/qemu-riscv64.conf), which
#     needs root.
#   - for the init checks: unshare and setpriv (util-linux), as root. init is
#     run as pid 1 of a new PID namespace with CAP_SYS_BOOT dropped, so its
#     final reboot(POWER_OFF) fails with EPERM (and could at most end that
#     namespace) instead of powering this machine off.
#
# Each check runs in a fresh temporary directory with PATH pointing at the
# freshly built programs (so `sh` finds `wc` where /bin would be on Vitrine)
# and HOME at that directory. Output ends with "N passed, N failed".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=$HERE/target/rootfs/bin
QEMU=/usr/bin/qemu-riscv64
BINFMT=/proc/sys/fs/binfmt_misc
BINFMT_CONF=/usr/lib/binfmt.d/qemu-riscv64.conf

say() { echo "test-on-qemu-user: $*" >&2; }
die() { say "$*"; exit 1; }

census=0
case "${1:-}" in
  "") ;;
  --syscalls) census=1 ;;
  -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (use --syscalls or nothing)" ;;
esac

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- qemu-user and binfmt_misc ------------------------------------------------
if [ ! -x "$QEMU" ] || [ ! -f "$BINFMT_CONF" ]; then
  is_root || die "qemu-user is missing: sudo apt-get install -y qemu-user qemu-user-binfmt"
  say "installing qemu-user"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq qemu-user qemu-user-binfmt >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq qemu-user qemu-user-binfmt >/dev/null; } \
    || die "apt-get install qemu-user failed"
fi
if [ ! -e "$BINFMT/qemu-riscv64" ]; then
  is_root || die "no binfmt_misc entry for riscv64 ELF files; as root: cat $BINFMT_CONF > $BINFMT/register"
  [ -e "$BINFMT/register" ] || mount -t binfmt_misc binfmt_misc "$BINFMT" \
    || die "cannot mount binfmt_misc on $BINFMT"
  say "registering $BINFMT_CONF with binfmt_misc"
  cat "$BINFMT_CONF" > "$BINFMT/register" || die "cannot register the riscv64 binfmt entry"
fi
grep -qx enabled "$BINFMT/qemu-riscv64" || die "the binfmt entry $BINFMT/qemu-riscv64 is disabled"

# --- build ----------------------------------------------------------------------
"$HERE/build.sh"

# --- the checks -----------------------------------------------------------------
umask 022
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vitrine-user-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0
n=0
# With --syscalls every qemu (also those binfmt_misc starts for execve)
# logs its system calls to its own file, $STRACE_DIR/log.PID.
STRACE_DIR=$WORK/strace
STRACE_ENV=()
[ $census -eq 1 ] && mkdir -p "$STRACE_DIR"
# strace_for N: the qemu environment for check N (log.N.PID files).
strace_for() {
  [ $census -eq 1 ] && STRACE_ENV=(QEMU_STRACE=1 "QEMU_LOG_FILENAME=$STRACE_DIR/log.$1.%d")
  return 0
}

# run DIR PROGRAM ARGS...: one guest program in DIR, with our PATH and HOME.
run() {
  local dir=$1
  shift
  (cd "$dir" && env PATH="$BIN" HOME="$dir" "${STRACE_ENV[@]}" "$QEMU" "$BIN/$@")
}

# check NAME WANT_STATUS WANT_STDOUT [STDERR_REGEX] -- PROGRAM ARGS...
# Runs the program (stdin from $STDIN, default empty) in a new directory;
# passes if the status and stdout are exact and stderr matches the regex
# (extended, per line; "" = stderr must be empty; omitted = not checked).
check() {
  local name=$1 want_status=$2 want_out=$3 err_re=__any__
  shift 3
  if [ "$1" != -- ]; then err_re=$1; shift; fi
  shift # --
  n=$((n + 1))
  local dir=$WORK/t$n
  mkdir -p "$dir"
  strace_for $n
  local out err status=0
  run "$dir" "$@" <"${STDIN:-/dev/null}" >"$dir.out" 2>"$dir.err" || status=$?
  out=$(cat "$dir.out")
  err=$(cat "$dir.err")
  local why=
  [ "$status" = "$want_status" ] || why="status $status, want $want_status"
  [ "$out" = "$want_out" ] || why="${why:+$why; }stdout differs"
  if [ "$err_re" = "" ]; then
    [ -z "$err" ] || why="${why:+$why; }stderr not empty"
  elif [ "$err_re" != __any__ ]; then
    grep -Eq -- "$err_re" <<<"$err" || why="${why:+$why; }stderr does not match /$err_re/"
  fi
  if [ -z "$why" ]; then
    passed=$((passed + 1))
    echo "ok $n - $name"
  else
    failed=$((failed + 1))
    echo "not ok $n - $name: $why"
    echo "  command: $*"
    echo "  stdout:"; sed 's/^/    | /' "$dir.out"
    echo "  want stdout:"; sed 's/^/    | /' <<<"$want_out"
    echo "  stderr:"; sed 's/^/    | /' <<<"$err"
  fi
}

# sh_check NAME WANT_STATUS WANT_STDOUT [STDERR_REGEX] -- COMMAND: `sh -c COMMAND`.
sh_check() {
  local args=("$1" "$2" "$3")
  shift 3
  if [ "$1" != -- ]; then args+=("$1"); shift; fi
  check "${args[@]}" -- sh -c "$2"
}

uid=$(id -u)
gid=$(id -g)

echo "# the brief's checks"
sh_check "echo hello | wc -c" 0 "6" "" -- 'echo hello | wc -c'
sh_check "redirect > then cat" 0 "x" "" -- 'echo x > f && cat f'
sh_check "pipeline of three" 0 "3" "" -- 'echo a b c | cat | wc -w'
sh_check "pipeline of four" 0 "8" "" -- 'echo one two | cat | cat | wc -c'
sh_check "false || echo ok" 0 "ok" "" -- 'false || echo ok'
sh_check "true && echo ok" 0 "ok" "" -- 'true && echo ok'
sh_check "\$? after false is 1" 0 "1" "" -- 'false; echo $?'
sh_check "\$? after true is 0" 0 "0" "" -- 'true; echo $?'
sh_check "2> sends stderr to a file" 0 "1
cat: nope: No such file or directory" "" -- 'cat nope 2> err; echo $?; cat err'
sh_check "ls lists created files" 0 "a
b
c" "" -- '> b; echo x > a; mkdir c; ls'
sh_check "badptr: write(1, 0x1, 10) gives EFAULT" 0 "write: EFAULT" "" -- 'badptr'
sh_check "sh reports Illegal instruction, status 132" 132 "" '^Illegal instruction( \(core dumped\))?$' -- 'illegal'
sh_check "\$? after illegal is 132" 0 "132" '^Illegal instruction' -- 'illegal; echo $?'
sh_check "mkdir d && cd d" 0 "$WORK/t$((n + 1))/d
g" "" -- 'mkdir d && cd d && pwd && echo in > g && cd .. && ls d'

echo "# shell language"
sh_check "quotes, escapes, \$?" 0 'a  b c $x $y 0 "q" it'"'"'s' "" -- 'echo "a  b" '"'"'c $x'"'"' \$y "$?" "\"q\"" it\'"'"'s'
sh_check "unset variable vanishes, quoted stays" 0 "[] x" "" -- 'echo "[$NOPE_UNSET]" $NOPE_UNSET x'
sh_check "\$HOME, \${HOME}, ~" 0 "$WORK/t$((n + 1)) $WORK/t$((n + 1))/x $WORK/t$((n + 1))" "" -- 'echo $HOME ${HOME}/x ~'
sh_check "; sequences" 0 "1
2
3" "" -- 'echo 1; echo 2 ;echo 3'
sh_check "newlines separate commands" 0 "1
2" "" -- 'echo 1
echo 2'
sh_check "comments" 0 "a" "" -- 'echo a # not this'
sh_check "&& || chains" 0 "b
d" "" -- 'false && echo a || echo b; true || echo c && echo d'
sh_check "! negates" 0 "1
0" "" -- '! true; echo $?; ! false; echo $?'
sh_check ">> appends" 0 "one
two" "" -- 'echo one >> f; echo two >> f; cat f'
sh_check "2>> appends" 0 "2 e" "" -- 'cat no 2>> e; cat no 2>> e; wc -l e'
sh_check "< reads a file" 0 "5" "" -- 'echo data > f; wc -c < f'
sh_check "2>&1 into a pipe" 0 "1" "" -- 'ls nope 2>&1 | wc -l'
sh_check ">&2 writes to stderr" 0 "out" '^err$' -- 'echo err >&2; echo out'
sh_check "redirection alone creates a file" 0 "0 f" "" -- '> f; wc -c f'
sh_check "builtin with redirection is undone" 0 "after" "" -- 'cd nowhere 2> e; echo after'
sh_check "command not found is 127" 127 "" '^sh: nosuch: command not found$' -- 'nosuch'
sh_check "./missing is 127" 127 "" '^sh: ./missing: No such file or directory$' -- './missing'
sh_check "non-executable file is 126" 126 "" 'Permission denied' -- '> f; ./f'
sh_check "exit N" 7 "" "" -- 'exit 7; echo no'
sh_check "exit 300 is 44" 44 "" "" -- 'exit 300'
sh_check "exit status is the last command's" 1 "" "" -- 'true; false'
sh_check "syntax error is 2" 2 "" 'syntax error' -- 'echo a |'
sh_check "unterminated quote is 2" 2 "" 'unexpected end of file' -- 'echo "abc'
sh_check "cd to a missing directory" 1 "" '^sh: cd: /nonexistent: No such file or directory$' -- 'cd /nonexistent'
sh_check "cd without argument goes \$HOME" 0 "$WORK/t$((n + 1))" "" -- 'mkdir x; cd x; cd; pwd'
sh_check "background & and wait" 0 "started
done 0" "" -- 'sleep 0.2 & echo started; wait; echo done $?'
sh_check "kill -9 \$! then wait \$! gives 137" 0 "137" "" -- 'sleep 5 & kill -9 $!; wait $!; echo $?'
sh_check "sh reports Killed, status 137" 0 "137" '^Killed$' -- 'sh -c "kill -9 \$\$"; echo $?'
sh_check "sh reports Terminated, status 143" 0 "143" '^Terminated$' -- 'sh -c "kill \$\$"; echo $?'
sh_check "\$0 \$1 \$# with sh -c CMD NAME ARGS" 0 "name a b 2" "" -- 'sh -c "echo \$0 \$1 \$2 \$#" name a b'
check "script file with arguments" 4 "from s.sh arg" "" -- sh -c 'echo "echo from \$0 \$1; exit 4" > s.sh; sh s.sh arg'
STDIN=<(printf 'echo hi\ncat\nrest of input\n') check "commands from stdin; cat gets the rest" 0 "hi
rest of input" "" -- sh
STDIN=<(printf 'echo "multi\nline"\necho a |\nwc -c\nexit 3\necho no\n') check "sh -i: prompts, continuation lines, exit" 3 "multi
line
2" '^# > # > # $' -- sh -i

echo "# utilities"
check "echo -n" 0 "abc" "" -- sh -c 'echo -n abc; echo -n'
sh_check "cat files and stdin" 0 "1
2
1" "" -- 'echo 1 > a; echo 2 > b; cat a - a < b'
sh_check "cat missing file" 1 "x" '^cat: nope: No such file or directory$' -- 'echo x > a; cat nope a'
sh_check "wc counts words and lines" 0 "      2       3      14" "" -- 'echo "one two" > f; echo three >> f; cat f | wc'
sh_check "wc FILE (width from file size)" 0 "1 1 6 f" "" -- 'echo hello > f; wc f'
sh_check "wc -l FILE" 0 "1 f" "" -- 'echo hello > f; wc -l f'
sh_check "wc two files and total" 0 " 1  1  6 f
 1  1  6 f
 2  2 12 total" "" -- 'echo hello > f; wc f f'
sh_check "wc -lc from a pipe" 0 "      1       6" "" -- 'echo hello | wc -lc'
sh_check "ls -a" 0 ".
..
.hidden
v" "" -- '> .hidden; > v; ls -a'
sh_check "ls -l" 0 "drwxr-xr-x 2 $uid $gid 4096 d
-rw-r--r-- 1 $uid $gid    3 f" "" -- 'mkdir d; echo hi > f; ls -l'
sh_check "ls of a file and a missing path" 2 "f" "^ls: cannot access 'nope': No such file or directory$" -- '> f; ls f nope'
sh_check "ls DIR DIR" 0 "a:
x

b:
y" "" -- 'mkdir a b; > a/x; > b/y; ls b a'
sh_check "mkdir -p" 0 "c" "" -- 'mkdir -p a/b/c && mkdir -p a/b/c && ls a/b'
sh_check "mkdir existing fails" 1 "" "^mkdir: cannot create directory 'd': File exists$" -- 'mkdir d; mkdir d'
sh_check "rm a file" 0 "" "" -- '> f; rm f; ls'
sh_check "rm a directory needs -r" 0 "1
d" "^rm: cannot remove 'd': Is a directory$" -- 'mkdir d; rm d; echo $?; ls'
sh_check "rm -r" 0 "" "" -- 'mkdir -p x/y; > x/y/z; > x/w; rm -r x; ls'
sh_check "rm -f missing" 0 "" "" -- 'rm -f nothing'
sh_check "sleep 0.1" 0 "" "" -- 'sleep 0.1'
sh_check "sleep bad" 1 "" "invalid time interval" -- 'sleep x'
sh_check "uname" 0 "$(uname -s)" "" -- 'uname'
sh_check "uname -m is riscv64" 0 "riscv64" "" -- 'uname -m'
sh_check "uname -s -r" 0 "$(uname -s) $(uname -r)" "" -- 'uname -s -r'
sh_check "uname -a" 0 "$(uname -s) $(uname -n) $(uname -r) $(uname -v) riscv64" "" -- 'uname -a'
sh_check "kill -0 (exists) and a bad pid" 1 "0" 'No such process' -- 'kill -0 $$; echo $?; kill -9 999999'
check "badptr all: every call gives EFAULT" 0 "write: EFAULT
read: EFAULT
openat: EFAULT
newfstatat: EFAULT
execve: EFAULT" "" -- badptr all
check "illegal dies of SIGILL" 132 "" __any__ -- illegal

echo "# text filters: head, tail, grep, sort, uniq, sed (compared with the host's, LC_ALL=C)"
# Inputs shared by these checks (absolute paths: each check runs elsewhere).
TXT=$WORK/fruit.txt NUMS=$WORK/nums.txt NONL=$WORK/nonl.txt
printf 'banana 3\napple 10\ncherry 2\napple 10\nbanana 3\n  date 1\nElder -5\nfig 2.5\n\nx*y a.b [br]\nHello again\n' >"$TXT"
seq 1 25 >"$NUMS"
printf 'a\nb\nc' >"$NONL"
# like_host NAME -- PROGRAM ARGS...: our PROGRAM prints what the host's
# (GNU) one prints, with the same exit status; stderr is not compared.
like_host() {
  local name=$1 want status=0
  shift 2
  want=$(cd "$WORK" && LC_ALL=C "$@" <"${STDIN:-/dev/null}" 2>/dev/null) || status=$?
  check "$name" "$status" "$want" __any__ -- "$@"
}
if sort --version 2>/dev/null | grep -q GNU; then
  for o in "" -n -r -u -k2 -k2n "-n -k2 -r" "-t a -k2" -f -b "-k1,1 -u" "-k2,2n -k1,1r" "-t . -k2"; do
    like_host "sort $o" -- sort $o "$TXT"
  done
  STDIN=$NUMS like_host "sort -rn from stdin" -- sort -rn
  like_host "uniq" -- uniq "$TXT"
  LC_ALL=C sort -f "$TXT" >"$WORK/sorted.txt"
  for o in -c -d -u -ci; do
    STDIN=$WORK/sorted.txt like_host "sort -f | uniq $o" -- uniq $o
  done
  for o in "" "-n 3" -3 "-n -3" "-c 5" "-c -5" "-n 0" -3c "-q" "-v"; do
    like_host "head $o" -- head $o "$NUMS"
    like_host "head $o (no final newline)" -- head $o "$NONL"
  done
  like_host "head: two files, headers" -- head -n 2 "$NUMS" "$NONL"
  for o in "" "-n 3" -3 "-n +3" "-n +30" "-c 5" "-c +5" "-n 0"; do
    like_host "tail $o" -- tail $o "$NUMS"
    like_host "tail $o (no final newline)" -- tail $o "$NONL"
  done
  like_host "tail: two files, headers" -- tail -n 2 "$NUMS" "$NONL"
fi
check "head: bad count" 1 "" "^head: invalid number of lines: 'x'$" -- head -n x "$NUMS"
check "tail: missing file" 1 "" "^tail: cannot open 'nope' for reading: No such file or directory$" -- tail nope
if grep --version 2>/dev/null | grep -q GNU; then
  for p in apple '^b' '3$' 'a*' '.' 'e.r' '[Hh]ello' '[^a-z ]' 'x\*y' 'a\.b' '\[br\]' '^$' '[[:upper:]]' 'an*a' '[0-9][0-9]*'; do
    like_host "grep '$p'" -- grep "$p" "$TXT"
  done
  for o in -v -i -c -n -w -q -vc -in -x; do
    [ "$o" = -x ] && continue # not implemented
    like_host "grep $o apple" -- grep $o apple "$TXT"
  done
  like_host "grep -w 'app.*'" -- grep -w 'app.*' "$TXT"
  like_host "grep -F 'x*y'" -- grep -F 'x*y' "$TXT"
  like_host "grep -e a -e 1" -- grep -e cherry -e 1 "$TXT"
  like_host "grep, two files: names" -- grep -n 3 "$TXT" "$NUMS"
  like_host "grep -l, -c on two files" -- grep -c 5 "$TXT" "$NUMS"
  like_host "grep: no match is 1" -- grep nothing "$TXT"
fi
check "grep: missing file is 2" 2 "" "^grep: nope: No such file or directory$" -- grep a nope
check "grep: bad option is 2, one line" 2 "" "^grep: invalid option -- 'Z'$" -- grep -Z a "$TXT"
check "grep: unmatched [ is 2" 2 "" '^grep: Unmatched \[' -- grep 'a[' "$TXT"
if sed --version 2>/dev/null | grep -q GNU; then
  for e in 's/a/A/' 's/a/A/g' 's/a/A/2' 's/a/A/2g' 's/b*/x/g' 's/^/> /' 's/$/ </' 's/[aeiou]/(&)/g' \
           's/a/\&/' 's|a|/|g' 's/x\*y/Z/' 2d '$d' '/apple/d' '/^$/d' 2,4d '/cherry/,/date/d' \
           '3,$d' '2!d' 3q = 's/a/\n/' 's/APPLE/pear/I' 's/a/b/;s/b/c/' 's/.*/[&]/' '/e/!s/a/-/'; do
    like_host "sed '$e'" -- sed "$e" "$TXT"
  done
  for e in 2p '$p' /an/p 's/a/o/p' '/apple/,+0p'; do
    [ "$e" = /apple/,+0p ] && continue # GNU's addr,+N: not implemented
    like_host "sed -n '$e'" -- sed -n "$e" "$TXT"
  done
  like_host "sed -e -e" -- sed -e 's/a/b/' -e 's/b/c/' "$TXT"
  like_host "sed p, no final newline" -- sed p "$NONL"
  like_host "sed -n p, no final newline" -- sed -n p "$NONL"
  like_host "sed \$!d over two files" -- sed '$!d' "$NONL" "$TXT"
fi
check "sed: unterminated s" 1 "" "^sed: -e expression #1, char 5: unterminated \`s' command$" -- sed 's/a/b' "$TXT"
check "sed: unknown command" 1 "" "^sed: -e expression #1, char 1: unknown command: \`y'$" -- sed y "$TXT"
check "sed: missing file is 2" 2 "" "^sed: can't read nope: No such file or directory$" -- sed p nope
sh_check "a pipeline of filters" 0 "      2 banana 3
      2 apple 10" "" -- "grep -v '^\$' $TXT | sort | uniq -c | sort -rn | head -n 2"

echo "# processes, threads, /proc tools and experiments"
# pcheck NAME WANT_STATUS PREDICATE -- HOST_COMMAND...: runs a host command
# line (usually "$QEMU" "$BIN/prog" ARGS) in a new directory with our PATH
# and HOME; passes if the status is right and PREDICATE (a shell function
# that sees the output in $out and the directory in $dir) succeeds.
pcheck() {
  local name=$1 want_status=$2 pred=$3
  shift 4 # NAME STATUS PREDICATE --
  n=$((n + 1))
  dir=$WORK/t$n
  mkdir -p "$dir"
  strace_for $n
  local status=0
  (cd "$dir" && env PATH="$BIN" HOME="$dir" "${STRACE_ENV[@]}" "$@") \
    <"${STDIN:-/dev/null}" >"$dir.out" 2>"$dir.err" || status=$?
  out=$(cat "$dir.out")
  local why=
  [ "$want_status" = any ] || [ "$status" = "$want_status" ] || why="status $status, want $want_status"
  [ -n "$why" ] || "$pred" || why="output check $pred failed"
  if [ -z "$why" ]; then
    passed=$((passed + 1))
    echo "ok $n - $name"
  else
    failed=$((failed + 1))
    echo "not ok $n - $name: $why"
    echo "  command: $*"
    sed 's/^/    out| /' "$dir.out"
    sed 's/^/    err| /' "$dir.err"
  fi
}
has() { grep -Eq -- "$1" <<<"$out"; }
# The first number after "KEY=" in the output.
num() { sed -nE "s/.*[ :]$1=([0-9]+).*/\1/p" <<<"$out" | head -n1; }

p_getpid() { has '^getpid: pid=[0-9]+ ppid=[0-9]+$'; }
pcheck "getpid prints pid and ppid" 0 p_getpid -- "$QEMU" "$BIN/getpid"
p_forkexec() {
  local P C
  P=$(sed -nE 's/^forkexec: parent pid=([0-9]+) child=[0-9]+$/\1/p' <<<"$out")
  C=$(sed -nE 's/^forkexec: parent pid=[0-9]+ child=([0-9]+)$/\1/p' <<<"$out")
  [ -n "$P" ] && [ -n "$C" ] && has "^forkexec: child pid=$C\$" && has "^getpid: pid=$C ppid=$P\$" \
    && [ "$(wc -l <<<"$out")" = 3 ]
}
pcheck "forkexec: pid after exec is the child's, ppid the parent's" 0 p_forkexec -- "$QEMU" "$BIN/forkexec"
check "nonshared: private copy, parent keeps 1000" 0 "nonshared: mapping=private
nonshared: child data=2000
nonshared: parent data=1000" "" -- nonshared
check "nonshared --shared: parent sees 2000" 0 "nonshared: mapping=shared
nonshared: child data=2000
nonshared: parent data=2000" "" -- nonshared --shared
p_threads() {
  local main_pid
  main_pid=$(sed -nE 's/^threads: main tid=([0-9]+) pid=\1$/\1/p' <<<"$out")
  [ -n "$main_pid" ] && has '^threads: 4 threads x 10000 = 40000$' \
    && [ "$(grep -c "^threads: thread [0-3] tid=[0-9]* pid=$main_pid\$" <<<"$out")" = 4 ] \
    && [ "$(sed -nE 's/.* tid=([0-9]+) .*/\1/p' <<<"$out" | sort -u | wc -l)" = 5 ]
}
pcheck "threads: counter adds up, one pid, distinct tids" 0 p_threads -- "$QEMU" "$BIN/threads"
p_threads3() { has '^threads: 3 threads x 500 = 1500$'; }
pcheck "threads 3 500" 0 p_threads3 -- "$QEMU" "$BIN/threads" 3 500
p_clonedemo() {
  # "with" is the shared result or, under qemu-user (which only accepts
  # CLONE_VM together with all of a thread's flags), clone failed: EINVAL.
  has '^clonedemo: CLONE_VM +with: (parent sees x=2|clone failed: EINVAL) +without: parent sees x=1$' \
    && has '^clonedemo: CLONE_FILES +with: (parent sees fd [0-9]+ closed|clone failed: EINVAL) +without: parent sees fd [0-9]+ open$' \
    && has "^clonedemo: CLONE_FS +with: (parent sees cwd=/|clone failed: EINVAL) +without: parent sees cwd=$dir\$" \
    && has '^clonedemo: CLONE_SIGHAND +with: (parent sees SIGUSR1 ignored|clone failed: EINVAL) +without: parent sees SIGUSR1 default$'
}
pcheck "clonedemo: four rows, without-flag children change only their copy" 0 p_clonedemo -- "$QEMU" "$BIN/clonedemo"
if command -v ps >/dev/null && ps -V 2>&1 | grep -q procps; then
  F=pid,ppid,pgid,tid,ni,pri,vsz,comm,args
  check "ps -o $F -p 1 matches procps" 0 "$(ps -o $F -p 1)" "" -- ps -o $F -p 1
  check "ps -o LIST PID (positional) matches procps" 0 "$(ps -o pid,ppid,state,comm 1 2)" "" -- ps -o pid,ppid,state,comm 1 2
  p_ps_e() {
    local strip='s/[0-9]+:[0-9]+:[0-9]+/T/'
    [ "$(head -n2 <<<"$out" | sed -E "$strip")" = "$(ps -e | head -n2 | sed -E "$strip")" ]
  }
  pcheck "ps -e: header and pid 1's line match procps (but TIME)" 0 p_ps_e -- "$QEMU" "$BIN/ps" -e
  p_ps_aux() {
    local cols='{ print $1, $2, $7, $9, $11 }'
    [ "$(head -n1 <<<"$out")" = "$(ps aux | head -n1)" ] \
      && [ "$(sed -n 2p <<<"$out" | awk "$cols")" = "$(ps aux | sed -n 2p | awk "$cols")" ]
  }
  pcheck "ps aux: header and pid 1's USER PID TTY START COMMAND match procps" 0 p_ps_aux -- "$QEMU" "$BIN/ps" aux
  # The articles' formats: procps's header, and pid 1's row with times
  # masked, and its numbers and state too: pid 1 lives on between the two
  # runs (on CI hosts it is the busy agent: its C, SZ and state moved once
  # between them), so the row keeps its columns and words.
  mask='s/[0-9]+:[0-9]+(:[0-9]+)?/T/g; 2s/ +[0-9]+/ N/g; 2s/ [RSDTZI]([ <NLsl+]*) / X /g'
  for args in -ef -el -elf -eLf ax -eL "-e -o pid,f,s,uid,c,sz,wchan,stime,comm"; do
    want=$(ps $args | head -n 2 | sed -E "$mask")
    p_ps_format() { [ "$(head -n 2 <<<"$out" | sed -E "$mask")" = "$want" ]; }
    pcheck "ps $args: header and pid 1's row match procps" 0 p_ps_format -- "$QEMU" "$BIN/ps" $args
  done
fi
check "ps -o LIST on a missing pid: header only, status 1" 1 "  RSS  MAJFL  MINFL" "" -- ps -o rss,maj_flt,min_flt 99999999
check "ps -p missing pid: status 1" 1 "  PID TTY          TIME CMD" "" -- ps -p 99999999
check "ps: unknown column" 1 "" 'unknown user-defined format specifier "bogus"' -- ps -o pid,bogus
p_ps_child() {
  # sh -c 'sleep 1 & ps -o pid,ppid,stat,comm $!; ...': the sleep, child of sh.
  has '^  PID  PPID STAT COMMAND$' && has '^ *[0-9]+ +[0-9]+ [SR][^ ]* +sleep$'
}
pcheck "ps -o pid,ppid,stat,comm \$! finds the shell's child" 0 p_ps_child -- "$QEMU" "$BIN/sh" -c 'sleep 1 & ps -o pid,ppid,stat,comm $!; kill $!'
p_pstree() { has '^[^ ]+\(1\)' && has '(───|─┬─|├─|└─)pstree\([0-9]+\)'; }
pcheck "pstree -p: from pid 1, contains pstree itself" 0 p_pstree -- "$QEMU" "$BIN/sh" -c 'pstree -p'
p_pstree_pid() {
  # Rooted at the shell (the qemu-riscv64 process that runs sh, not pid 1),
  # its child pstree on the first line or a later one.
  has '^[^ (]+\([0-9]+\)(───|─┬─)' && ! has '^[^ (]+\(1\)' && has 'pstree\([0-9]+\)'
}
pcheck "pstree -p PID: rooted at the shell" 0 p_pstree_pid -- "$QEMU" "$BIN/sh" -c 'pstree -p $$'
p_pstree_ascii() { has '^[^ ]+\(1\)(---|-\+-)' && has 'pstree\([0-9]+\)' && ! has '─'; }
pcheck "pstree -p -A: ASCII" 0 p_pstree_ascii -- "$QEMU" "$BIN/sh" -c 'pstree -p -A'
p_pstree_threads() { has 'threads\([0-9]+\)' && has '\{threads\}\([0-9]+\)'; }
pcheck "pstree shows threads as {name}(tid)" 0 p_pstree_threads -- "$QEMU" "$BIN/sh" -c 'threads 2 30000000 > /dev/null & sleep 0.3; pstree -p $$; wait'
p_free() {
  local total
  total=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  [ "$(head -n1 <<<"$out")" = "               total        used        free      shared  buff/cache   available" ] \
    && awk -v t="$total" 'NR == 2 { exit !($1 == "Mem:" && $2 == t && $3 == $2 - $7 && length($0) == 80) }' <<<"$out" \
    && awk 'NR == 3 { exit !($1 == "Swap:" && $3 == $2 - $4) }' <<<"$out"
}
pcheck "free: header, total = MemTotal, used = total - available" 0 p_free -- "$QEMU" "$BIN/free"
p_free_m() {
  local total
  total=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  awk -v t="$total" 'NR == 2 { exit !($2 == t) }' <<<"$out"
}
pcheck "free -m: MiB" 0 p_free_m -- "$QEMU" "$BIN/free" -m
check "free: bad option" 2 "" "unknown option" -- free -x
# (Started by qemu-riscv64 itself, the zombie's comm is "qemu-riscv64", not "zombie".)
p_zombie() {
  has '^zombie: before wait state=Z$' && has '^ *[0-9]+ +[0-9]+ Z +[^ ]+ <defunct>$' \
    && has '^zombie: reaped pid=[0-9]+ status=0$' && has '^zombie: after wait gone$'
}
pcheck "zombie: Z in ps until wait4, then gone" 0 p_zombie -- "$QEMU" "$BIN/zombie"
p_orphan() {
  local P
  P=$(sed -nE 's/^orphan: parent pid=([0-9]+) child=[0-9]+, parent exits$/\1/p' <<<"$out")
  [ -n "$P" ] && has '^orphan: child pid=[0-9]+ new ppid=[0-9]+$' && ! has "new ppid=$P\$"
}
pcheck "orphan: re-parented after its parent exits" 0 p_orphan -- "$QEMU" "$BIN/sh" -c 'orphan; sleep 1'
p_cow() {
  # 32 MiB = 8192 pages: one copy-on-write fault per page (qemu adds a few).
  # The used_kb line is printed but not checked here: on a shared Linux host
  # other processes move MemAvailable by more than 32 MiB.
  local delta
  delta=$(num delta)
  [ -n "$delta" ] && [ "$delta" -ge 8000 ] && [ "$delta" -le 12000 ] \
    && has '^  RSS  MAJFL  MINFL$' && has '^Mem: ' && has '^cow: used_kb before_fork=[0-9]+ after_fork=[0-9]+ after_child_writes=[0-9]+$'
}
pcheck "cow -m 32: the child's writes fault once per page" 0 p_cow -- "$QEMU" "$BIN/cow" -m 32
p_cow_control() { local d; d=$(num delta); [ -n "$d" ] && [ "$d" -lt 500 ]; }
pcheck "cow -m 32 --no-write: (almost) no faults" 0 p_cow_control -- "$QEMU" "$BIN/cow" -m 32 --no-write
p_demand() {
  has '^bigtext: text segment=1[5-9][0-9]{5} bytes' \
    && has '^demand: .*/bigtext file=[0-9]+ bytes, faults=[0-9]+ \(min [0-9]+, maj [0-9]+\), pages in file=[0-9]+$'
}
pcheck "demand runs bigtext (posix_spawn) and reports wait4's rusage" 0 p_demand -- "$QEMU" "$BIN/demand"
check "forkbomb 20: capped, all reaped" 0 "forkbomb: stopped after 20 children (limit)
forkbomb: reaped 20" "" -- forkbomb 20
check "oomtest -m 32 (no --touch on the host)" 0 "oomtest: mmap stopped at the limit of 32 MiB
oomtest: unmapped 32 MiB
oomtest: touch test skipped (use --touch)
oomtest: ok" "" -- oomtest -m 32
p_oom_limit() {
  has '^oomtest: mmap failed after [0-9]+ MiB: ENOMEM$' && has '^oomtest: child exited with status 3$' \
    && has '^oomtest: ok$'
}
# Under an address-space limit mmap fails (ENOMEM) long before memory does,
# so --touch is safe here: the child's mmap fails, it exits 3.
pcheck "oomtest --touch under ulimit -v: ENOMEM, child exits 3" 0 p_oom_limit -- \
  "$(command -v bash)" -c "ulimit -v 400000 && exec $QEMU $BIN/oomtest --touch"
if is_root && command -v setpriv >/dev/null; then
  p_forkbomb_limit() { has '^forkbomb: fork failed after [0-9]+ children: EAGAIN$' && has '^forkbomb: reaped [0-9]+$'; }
  # As nobody with RLIMIT_NPROC 30 (root ignores the limit). qemu-user in a
  # child may itself fail to start its threads, so the status is not checked.
  pcheck "forkbomb as nobody under ulimit -u 30: EAGAIN, all reaped" any p_forkbomb_limit -- \
    "$(command -v setpriv)" --reuid=65534 --regid=65534 --clear-groups "$(command -v bash)" \
    -c "ulimit -u 30 && exec $QEMU $BIN/forkbomb 500"
fi

echo "# scheduling, signals, process states"
check "nice prints the niceness (as coreutils)" 0 "$(nice)" "" -- nice
check "nice -n 5 nice" 0 "$(nice -n 5 nice)" "" -- nice -n 5 nice
check "nice -3 nice (obsolete form)" 0 "$(nice -3 nice)" "" -- nice -3 nice
check "nice nice: default 10" 0 "$(nice nice)" "" -- nice nice
check "nice -n 1 on a missing command: 127" 127 "" "^nice: 'nosuchcmd': No such file or directory$" -- nice -n 1 nosuchcmd
p_renice() {
  has '^[0-9]+ \(process ID\) old priority -?[0-9]+, new priority 18$' \
    && has '^[0-9]+ \(process ID\) old priority 18, new priority 19$' \
    && [ "$(wc -l <<<"$out")" = 2 ]
}
pcheck "renice -n 18 -p PID; renice 19 PID: util-linux's lines" 0 p_renice -- "$QEMU" "$BIN/sh" -c 'sleep 2 & renice -n 18 -p $!; renice 19 $!; kill $!'
check "renice: missing pid" 1 "" '^renice: failed to get priority for 99999999 \(process ID\): No such process$' -- renice 5 -p 99999999
p_top() {
  local hdr='^ +PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME\+ COMMAND$'
  has '^top - [0-9]{2}:[0-9]{2}:[0-9]{2} up .*,  [0-9]+ users?,  load average: [0-9.]+, [0-9.]+, [0-9.]+$' \
    && has '^Tasks: +[0-9]+ total, +[0-9]+ running, +[0-9]+ sleeping, +[0-9]+ stopped, +[0-9]+ zombie$' \
    && has '^%Cpu\(s\): *[0-9.]+ us, *[0-9.]+ sy, *[0-9.]+ ni, *[0-9.]+ id, *[0-9.]+ wa, *[0-9.]+ hi, *[0-9.]+ si, *[0-9.]+ st$' \
    && has '^MiB Mem : +[0-9.]+ total, +[0-9.]+ free, +[0-9.]+ used, +[0-9.]+ buff/cache$' \
    && has '^MiB Swap: +[0-9.]+ total, +[0-9.]+ free, +[0-9.]+ used\. +[0-9.]+ avail Mem$' \
    && [ -z "$(sed -n 6p <<<"$out")" ] && sed -n 7p <<<"$out" | grep -Eq "$hdr" \
    && has '^ +1 [^ ]+ +(-?[0-9]+|rt) +-?[0-9]+ +[0-9.mgt]+ +[0-9.mgt]+ +[0-9.mgt]+ [RSDITZt] +[0-9.]+ +[0-9.]+ +[0-9]+:[0-9]{2}\.[0-9]{2} ' \
    && { ! command -v top >/dev/null || ! top -v 2>&1 | grep -q procps \
         || [ "$(sed -n 7p <<<"$out" | sed 's/^ *//')" = "$(top -b -n 1 | sed -n 7p | sed 's/^ *//;s/ *$//')" ]; }
}
pcheck "top -b -n 1: summary lines, procps's header, a row for pid 1" 0 p_top -- "$QEMU" "$BIN/top" -b -n 1
p_top2() { [ "$(grep -c '^top - ' <<<"$out")" = 2 ] && [ "$(grep -c 'PID USER' <<<"$out")" = 2 ]; }
pcheck "top -b -n 2 -d 0.1: two frames" 0 p_top2 -- "$QEMU" "$BIN/top" -b -n 2 -d 0.1
check "kill -l: procps-ng's list" 0 "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT
CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS" "" -- kill -l
if /bin/kill -V 2>&1 | grep -q procps; then
  check "kill -l matches the host's procps kill" 0 "$(/bin/kill -l)" "" -- kill -l
  check "kill -L matches the host's procps kill" 0 "$(/bin/kill -L | sed 's/ *$//')" "" -- kill -L
fi
check "kill -l 9, kill -l 137, kill -l TERM" 0 "KILL
KILL
15" "" -- sh -c 'kill -l 9; kill -l 137; kill -l TERM'
p_kill_stop() { has '^T' && has '^137$'; }
pcheck "kill -s STOP, ps -o stat= shows T, kill -CONT, kill -9" 0 p_kill_stop -- "$QEMU" "$BIN/sh" -c 'sleep 3 & kill -s STOP $!; sleep 0.2; ps -o stat= $!; kill -CONT $!; kill -9 $!; wait $!; echo $?'
if command -v ps >/dev/null && ps -V 2>&1 | grep -q procps; then
  F=pid,ni,nice,pri,opri,priority,stat,comm
  check "ps -o $F -p 1 matches procps" 0 "$(ps -o $F -p 1)" "" -- ps -o $F -p 1
fi
p_sigdemo() {
  has '^sigdemo: child: cleanup$' && has '^sigdemo: term handler status=0$' \
    && has '^sigdemo: kill status=signal 9$' && has '^sigdemo: stop state=T$' \
    && has '^sigdemo: continued$' && has '^ *[0-9]+ T[^ ]* +[^ ]+' 
}
pcheck "sigdemo: handler, SIGKILL, SIGSTOP (T in ps), SIGCONT" 0 p_sigdemo -- "$QEMU" "$BIN/sigdemo"
p_states() {
  # Under qemu-user CLONE_VFORK is a plain fork: the "D" process sleeps (S).
  has '^states: R=[0-9]+ S=[0-9]+ D=[0-9]+ T=[0-9]+ Z=[0-9]+$' \
    && has '^states: seen R=R S=S D=[DS] T=T Z=Z$' && has '^states: cleaned up, 5 reaped$' \
    && has '^  PID  PPID STAT COMMAND$' && has ' Z[^ ]* +.*<defunct>$'
}
pcheck "states: R S D T Z at once (D may be S under qemu-user), all reaped" any p_states -- "$QEMU" "$BIN/states"
p_cfsdemo() {
  # The shares depend on the host (qemu-user, other load): only the shape.
  has '^  nice  weight  expected  measured  runtime_ms  vruntime_ms  sum_exec_ms  ticks  proc_weight  slice_ms$' \
    && has '^ +-?[0-9]+ +1024 +24\.1% +[0-9.]+% ' && has '^ +-?[0-9]+ +(3121|1024) +' \
    && has '^ +-?[0-9]+ +110 +2\.6% +[0-9.]+% ' \
    && has '^cfsdemo: shares nice0=[0-9]+\.[0-9] nice-5=[0-9]+\.[0-9] nice10=[0-9]+\.[0-9]$'
}
pcheck "cfsdemo -t 200: table and shares line" 0 p_cfsdemo -- "$QEMU" "$BIN/cfsdemo" -t 200
p_sleeper() {
  has '^sleeper: wakeups=[0-9]+ requested=5000 us$' \
    && has '^sleeper: max wakeup latency=[0-9]+ us, mean=[0-9]+ us$' \
    && has '^sleeper: shares hog=[0-9.]+ sleeper=[0-9.]+$'
}
pcheck "sleeper -t 200: latency and shares lines" 0 p_sleeper -- "$QEMU" "$BIN/sleeper" -t 200
p_childfirst() {
  [ "$(grep -cE '^childfirst: child_runs_first=[01] parent_min_flt=[0-9]+ cow_copy=([0-9]+|n/a) cow_reuse=([0-9]+|n/a)$' <<<"$out")" = 2 ]
}
pcheck "childfirst -n 64: a line for 0 and for 1" 0 p_childfirst -- "$QEMU" "$BIN/childfirst" -n 64
p_ctx() { has '^ctxswitch: 2000 round trips$' && has '^ctxswitch: [0-9]+ us in all, [0-9]+ ns per round trip, [0-9]+ ns per switch$'; }
pcheck "ctxswitch -n 2000" 0 p_ctx -- "$QEMU" "$BIN/ctxswitch" -n 2000

echo "# init (pid 1 of a new PID namespace, without CAP_SYS_BOOT)"
if is_root && command -v unshare >/dev/null && command -v setpriv >/dev/null \
   && unshare --pid --fork --kill-child true 2>/dev/null; then
  # Absolute paths: PATH is the guest's when these start.
  SANDBOX=("$(command -v unshare)" --pid --fork --kill-child "$(command -v setpriv)" --bounding-set -sys_boot)
  init_check() { # NAME WANT_STATUS WANT_STDOUT STDERR_REGEX ARGS...
    # (WANT_STDOUT "re:RE": the whole output matches the extended regex RE,
    # where [[:space:]] stands for a newline)
    local name=$1 want_status=$2 want_out=$3 err_re=$4
    shift 4
    n=$((n + 1))
    local dir=$WORK/t$n status=0
    mkdir -p "$dir"
    strace_for $n
    (cd "$dir" && env PATH="$BIN" HOME="$dir" "${STRACE_ENV[@]}" "${SANDBOX[@]}" "$QEMU" "$BIN/init" "$@") \
      <"${STDIN:-/dev/null}" >"$dir.out" 2>"$dir.err" || status=$?
    local out_ok=false
    case $want_out in
      re:*) grep -Ezq -- "^${want_out#re:}[[:space:]]*\$" "$dir.out" && out_ok=true ;;
      *) [ "$(cat "$dir.out")" = "$want_out" ] && out_ok=true ;;
    esac
    if [ "$status" = "$want_status" ] && $out_ok && grep -Eq -- "$err_re" "$dir.err"; then
      passed=$((passed + 1))
      echo "ok $n - $name"
    else
      failed=$((failed + 1))
      echo "not ok $n - $name: status $status (want $want_status)"
      sed 's/^/    out| /' "$dir.out"
      sed 's/^/    err| /' "$dir.err"
    fi
  }
  init_check "init -c runs sh -c, then reboot(POWER_OFF, 0)" 0 "3" \
    '^init: reboot\(POWER_OFF, 0\): Operation not permitted$' -c 'echo hi | wc -c'
  init_check "init -c: exit status goes to reboot's 4th argument" 5 "" \
    '^init: reboot\(POWER_OFF, 5\): Operation not permitted$' -c 'exit 5'
  init_check "init reaps orphans and waits for its shell only" 0 "ok" 'POWER_OFF, 0' \
    -c 'sh -c "sleep 0.2 &"; sleep 0.4; echo ok'
  init_check "init -c illegal: status 132" 132 "" 'POWER_OFF, 132' -c illegal
  init_check "init -c orphan: init waits for the orphan's line before power-off" 0 \
    're:orphan: parent pid=[0-9]+ child=([0-9]+), parent exits[[:space:]]orphan: child pid=\1 new ppid=1' \
    'POWER_OFF, 0' -c orphan
  STDIN=<(printf 'echo interactive\nexit 9\n') init_check "init without -c: interactive sh -i" 9 "interactive" \
    '^# # init: reboot\(POWER_OFF, 9\)'
else
  echo "# skipped: needs root, unshare and setpriv (never run init where reboot could succeed)"
fi

echo
echo "$passed passed, $failed failed"

if [ $census -eq 1 ]; then
  echo
  echo "# system calls made by the checks above (qemu -strace), with counts:"
  cat "$STRACE_DIR"/log.* | sed -nE 's/^[0-9]+ ([a-z_0-9]+)\(.*/\1/p' | sort | uniq -c | sort -k2
  if [ -n "${KEEP_STRACE:-}" ]; then
    mkdir -p "$KEEP_STRACE" && cp "$STRACE_DIR"/log.* "$KEEP_STRACE"/
    echo "# logs copied to $KEEP_STRACE"
  fi
fi
[ "$failed" -eq 0 ]
