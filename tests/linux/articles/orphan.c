/* An orphan: the parent exits first; the child, polling getppid(), sees
 * itself adopted (by init, pid 1, on Vitrine; by the nearest subreaper on
 * some Linux systems). The Rust orphan prints the same lines. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    pid_t parent = getpid();
    fflush(stdout);
    pid_t pid = fork();
    if (pid > 0) {
        printf("orphan: parent pid=%d child=%d, parent exits\n", (int)parent, (int)pid);
        return 0;
    }
    for (int i = 0; i < 1000 && getppid() == parent; i++) {
        struct timespec ms = {0, 10000000};
        nanosleep(&ms, NULL);
    }
    printf("orphan: child pid=%d new ppid=%d\n", (int)getpid(), (int)getppid());
    return 0;
}
