/* What each clone flag shares, with glibc's clone(): for CLONE_VM,
 * CLONE_FILES, CLONE_FS and CLONE_SIGHAND a child runs a function on its
 * own stack, once with the flag and once without; it changes the thing
 * the flag is about (a global variable, a descriptor, the current
 * directory, a signal disposition) and the parent says what it sees.
 * Rows as the Rust clonedemo prints them. CLONE_SIGHAND needs CLONE_VM. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { VM, FILES, FS, SIGHAND };
static volatile int x = 1;
static int fd;

static int child(void *arg) {
    switch ((long)arg) {
    case VM: x = 2; return 0;
    case FILES: return close(fd) != 0;
    case FS: {
        char cwd[256];
        getcwd(cwd, sizeof cwd);
        return chdir(strcmp(cwd, "/") == 0 ? "/tmp" : "/") != 0;
    }
    default: return signal(SIGUSR1, SIG_IGN) == SIG_ERR;
    }
}

static void observe(long what, char *out, size_t n) {
    struct stat st;
    struct sigaction sa;
    char cwd[256];
    switch (what) {
    case VM: snprintf(out, n, "x=%d", x); break;
    case FILES: snprintf(out, n, "fd %d %s", fd, fstat(fd, &st) == 0 ? "open" : "closed"); break;
    case FS: snprintf(out, n, "cwd=%s", getcwd(cwd, sizeof cwd) ? cwd : "?"); break;
    default:
        sigaction(SIGUSR1, NULL, &sa);
        snprintf(out, n, "SIGUSR1 %s", sa.sa_handler == SIG_IGN ? "ignored"
                                       : sa.sa_handler == SIG_DFL ? "default" : "handled");
    }
}

static void run(long what, int flags, char *col, size_t n) {
    char *stack = malloc(64 * 1024);
    pid_t pid = clone(child, stack + 64 * 1024, flags | SIGCHLD, (void *)what);
    if (pid < 0) {
        snprintf(col, n, "clone failed: %m");
        free(stack);
        return;
    }
    int status;
    waitpid(pid, &status, 0);
    char seen[64];
    observe(what, seen, sizeof seen);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        snprintf(col, n, "parent sees %s", seen);
    else
        snprintf(col, n, "child failed (status %#x)", status);
    free(stack);
}

static void restore(const char *cwd) {
    struct stat st;
    x = 1;
    if (fstat(fd, &st) != 0) fd = dup(1);
    chdir(cwd);
    signal(SIGUSR1, SIG_DFL);
}

int main(void) {
    char cwd[256];
    getcwd(cwd, sizeof cwd);
    fd = dup(1);
    struct { long what; const char *name; int flags; } rows[] = {
        {VM, "CLONE_VM", CLONE_VM},
        {FILES, "CLONE_FILES", CLONE_FILES},
        {FS, "CLONE_FS", CLONE_FS},
        {SIGHAND, "CLONE_SIGHAND", CLONE_VM | CLONE_SIGHAND},
    };
    for (int i = 0; i < 4; i++) {
        char with[80], without[80];
        run(rows[i].what, rows[i].flags, with, sizeof with);
        restore(cwd);
        run(rows[i].what, 0, without, sizeof without);
        restore(cwd);
        printf("clonedemo: %-14s with: %-28s without: %s\n", rows[i].name, with, without);
    }
    return 0;
}
