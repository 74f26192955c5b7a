/* clone3(2) called directly (glibc 2.36 for riscv64 has no wrapper and
 * does not use it): a fork-like clone3 with only exit_signal set, then
 * argument checks: a size below CLONE_ARGS_SIZE_VER0 (64) and an exit
 * signal given in the flags (clone3 wants it in exit_signal) are EINVAL. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGCHLD;
    fflush(stdout);
    long pid = syscall(SYS_clone3, &ca, sizeof ca);
    if (pid == 0) _exit(5);
    int st = 0;
    long w = pid > 0 ? waitpid(pid, &st, 0) : -1;
    printf("clone3 fork: %s, child status %d\n", w == pid ? "reaped" : strerror(errno), WEXITSTATUS(st));
    errno = 0;
    printf("clone3 size 10: %ld %s\n", syscall(SYS_clone3, &ca, 10), strerror(errno));
    ca.flags = SIGCHLD;
    errno = 0;
    printf("clone3 signal in flags: %ld %s\n", syscall(SYS_clone3, &ca, sizeof ca), strerror(errno));
    return 0;
}
