/* fork + exec + wait, as a student writes it: the parent writes a small
 * file, forks; the child says its pid and execs `wc -l` with the file as
 * its standard input; the parent waits and reports the child's status.
 * The pid is the same before and after exec (the Rust forkexec shows it
 * with its `getpid` program; here `wc` prints the count). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/forkexec-%d.txt", (int)getpid());
    FILE *f = fopen(path, "w");
    fprintf(f, "one\ntwo\nthree\n");
    fclose(f);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("forkexec: child pid=%d\n", (int)getpid());
        fflush(stdout);
        int fd = open(path, O_RDONLY);
        dup2(fd, 0);
        close(fd);
        execlp("wc", "wc", "-l", (char *)NULL);
        perror("exec wc");
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("forkexec: parent pid=%d child=%d\n", (int)getpid(), (int)pid);
    printf("forkexec: child exited with %d\n", WEXITSTATUS(status));
    unlink(path);
    return 0;
}
