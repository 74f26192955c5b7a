/* A zombie: the child exits at once; until the parent waits, ps shows it
 * in state Z; after wait4 it is gone. The same lines as the Rust zombie
 * (guest-os/user/programs/src/bin/zombie.rs). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The state letter in /proc/PID/stat, or 0 if there is no such process. */
static char state(pid_t pid) {
    char path[64], comm[64], st = 0;
    int p;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    if (fscanf(f, "%d %63s %c", &p, comm, &st) != 3) st = 0;
    fclose(f);
    return st;
}

int main(void) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    printf("zombie: child pid=%d\n", (int)pid);
    for (int i = 0; i < 5000 && state(pid) != 'Z'; i++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
    char cmd[64];
    snprintf(cmd, sizeof cmd, "ps -o pid,ppid,stat,comm %d", (int)pid);
    fflush(stdout);
    system(cmd);
    printf("zombie: before wait state=%c\n", state(pid));
    int status;
    pid_t r = waitpid(pid, &status, 0);
    printf("zombie: reaped pid=%d status=%d\n", (int)r, WEXITSTATUS(status));
    fflush(stdout);
    system(cmd);
    printf("zombie: after wait %s\n", state(pid) ? "still there" : "gone");
    return 0;
}
