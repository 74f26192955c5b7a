/* Running other programs: system() (posix_spawn of /bin/sh -c with
 * CLONE_VM|CLONE_VFORK), popen() for reading and for writing,
 * posix_spawn with file actions, and the exit statuses they give. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void) {
    fflush(stdout);
    int st = system("echo from system");
    printf("system: exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));
    fflush(stdout);
    st = system("exit 3");
    printf("system(\"exit 3\"): status %d\n", WEXITSTATUS(st));
    printf("system(NULL): shell available %d\n", system(NULL) != 0);

    FILE *f = popen("echo one; echo two", "r");
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, f)) printf("popen read %d: %s", ++n, line);
    st = pclose(f);
    printf("pclose: %d\n", WEXITSTATUS(st));

    fflush(stdout);
    f = popen("cat", "w");
    fprintf(f, "written through popen\n");
    st = pclose(f);
    printf("pclose(cat): %d\n", WEXITSTATUS(st));

    /* posix_spawn with stdout redirected to a pipe. */
    int fds[2];
    pipe(fds);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    char *argv[] = {"echo", "spawned", "child", NULL};
    pid_t pid;
    int r = posix_spawnp(&pid, "echo", &fa, NULL, argv, environ);
    close(fds[1]);
    char buf[64] = {0};
    ssize_t got = read(fds[0], buf, sizeof buf - 1);
    waitpid(pid, &st, 0);
    printf("posix_spawnp: %d, read %zd bytes: %s", r, got, buf);
    printf("child exited %d\n", WEXITSTATUS(st));

    char *bad[] = {"/nonexistent/program", NULL};
    r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, bad, environ);
    /* Linux (CLONE_VM|CLONE_VFORK: the child's execve error reaches the
     * parent through shared memory) says ENOENT. qemu-user runs a vfork
     * as a fork, so there the spawn "succeeds" and the child exits 127:
     * accept both, say which one is wrong. */
    int missing = r == ENOENT;
    if (r == 0) missing = waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 127;
    printf("posix_spawn of a missing program fails: %s\n", missing ? "yes" : "no");
    return 0;
}
