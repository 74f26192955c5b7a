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

echo "# init (pid 1 of a new PID namespace, without CAP_SYS_BOOT)"
if is_root && command -v unshare >/dev/null && command -v setpriv >/dev/null \
   && unshare --pid --fork --kill-child true 2>/dev/null; then
  # Absolute paths: PATH is the guest's when these start.
  SANDBOX=("$(command -v unshare)" --pid --fork --kill-child "$(command -v setpriv)" --bounding-set -sys_boot)
  init_check() { # NAME WANT_STATUS WANT_STDOUT STDERR_REGEX ARGS...
    local name=$1 want_status=$2 want_out=$3 err_re=$4
    shift 4
    n=$((n + 1))
    local dir=$WORK/t$n status=0
    mkdir -p "$dir"
    strace_for $n
    (cd "$dir" && env PATH="$BIN" HOME="$dir" "${STRACE_ENV[@]}" "${SANDBOX[@]}" "$QEMU" "$BIN/init" "$@") \
      <"${STDIN:-/dev/null}" >"$dir.out" 2>"$dir.err" || status=$?
    if [ "$status" = "$want_status" ] && [ "$(cat "$dir.out")" = "$want_out" ] \
       && grep -Eq -- "$err_re" "$dir.err"; then
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
