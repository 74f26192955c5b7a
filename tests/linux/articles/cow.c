/* Copy-on-write after fork, as a student writes it for Linux: 100 MiB
 * from malloc, every page written, then `free` and `ps` through system()
 * before the fork, in the child right after it, and after the child has
 * written every page again. The child counts its minor faults with
 * getrusage around its writes: one per page (25600), as the Rust version
 * (guest-os/user/programs/src/bin/cow.rs) finds. Its summary lines have
 * the same format:
 *   cow: child min_flt before=X after=Y delta=Z rss_before_kb=A rss_after_kb=B
 *   cow: used_kb before_fork=U1 after_fork=U2 after_child_writes=U3 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE (100L * 1024 * 1024)
#define PAGE 4096

static long min_flt(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* A field of a /proc file in kB ("VmRSS:", "MemTotal:"). */
static long field_kb(const char *file, const char *name) {
    FILE *f = fopen(file, "r");
    char line[256];
    long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, strlen(name)) == 0) v = atol(line + strlen(name));
    if (f) fclose(f);
    return v;
}

/* free's "used" (MemTotal - MemAvailable), after a second: Linux updates
 * meminfo's counters about once a second. */
static long used_kb(void) {
    sleep(1);
    return field_kb("/proc/meminfo", "MemTotal:") - field_kb("/proc/meminfo", "MemAvailable:");
}

static void show(const char *title) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "free; ps -o rss,maj_flt,min_flt %d", getpid());
    printf("*** %s ***\n", title);
    fflush(stdout);
    system(cmd);
    printf("\n");
}

int main(void) {
    char *buf = malloc(SIZE);
    if (!buf) {
        perror("malloc");
        return 1;
    }
    for (long i = 0; i < SIZE; i += PAGE) buf[i] = 1;
    show("before fork");
    long used_before = used_kb();
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        long flt0 = min_flt();
        long rss0 = field_kb("/proc/self/status", "VmRSS:");
        long used_after_fork = used_kb();
        show("child, right after fork");
        long start = min_flt(); /* what showing cost is not counted */
        for (long i = 0; i < SIZE; i += PAGE) buf[i] = 2;
        long end = min_flt();
        long rss1 = field_kb("/proc/self/status", "VmRSS:");
        long used_after_writes = used_kb();
        show("child, after writing every page");
        long after = flt0 + (end - start);
        printf("cow: child min_flt before=%ld after=%ld delta=%ld rss_before_kb=%ld rss_after_kb=%ld\n",
               flt0, after, after - flt0, rss0, rss1);
        printf("cow: used_kb before_fork=%ld after_fork=%ld after_child_writes=%ld\n", used_before,
               used_after_fork, used_after_writes);
        fflush(stdout);
        exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    return WEXITSTATUS(status);
}
