/* What a program asks about itself and the system: getrandom, resource
 * limits (getrlimit, setrlimit, prlimit), credentials, umask, sysinfo,
 * getrusage (page faults from the kernel's counts), sched_getaffinity,
 * uname, robust lists. Values that differ between machines are only
 * checked, not printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "tty") == 0) {
        /* The console is a terminal (only meaningful inside Vitrine). */
        struct winsize ws;
        int r = ioctl(1, TIOCGWINSZ, &ws);
        printf("isatty(1) %d TIOCGWINSZ %d rows %d cols %d\n", isatty(1), r, ws.ws_row, ws.ws_col);
        return 0;
    }
    unsigned char buf[64], buf2[64];
    ssize_t n = getrandom(buf, sizeof buf, 0);
    ssize_t n2 = getrandom(buf2, sizeof buf2, GRND_NONBLOCK);
    printf("getrandom: %zd %zd, two draws differ: %d\n", n, n2, memcmp(buf, buf2, 64) != 0);
    errno = 0;
    printf("getrandom bad flags: %zd %s\n", getrandom(buf, 8, 0x100), strerror(errno));
    printf("getrandom INSECURE|RANDOM: %zd %s\n", getrandom(buf, 8, GRND_INSECURE | GRND_RANDOM),
           strerror(errno));

    struct rlimit rl;
    int r = getrlimit(RLIMIT_NOFILE, &rl);
    printf("getrlimit NOFILE: %d, soft <= hard: %d\n", r, rl.rlim_cur <= rl.rlim_max);
    struct rlimit lower = {16, rl.rlim_max};
    r = setrlimit(RLIMIT_NOFILE, &lower);
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("setrlimit NOFILE 16: %d, now %llu\n", r, (unsigned long long)rl.rlim_cur);
    errno = 0;
    printf("  then F_DUPFD 20: %d %s\n", fcntl(0, F_DUPFD, 20), strerror(errno));
    errno = 0;
    printf("  then dup2(0, 20): %d %s\n", dup2(0, 20), strerror(errno));
    printf("  dup2(0, 15): %d\n", dup2(0, 15));
    struct rlimit bad = {100, 10};
    errno = 0;
    printf("setrlimit soft > hard: %d %s\n", setrlimit(RLIMIT_NOFILE, &bad), strerror(errno));
    struct rlimit old;
    struct rlimit core = {0, 0};
    r = prlimit(0, RLIMIT_CORE, &core, &old);
    getrlimit(RLIMIT_CORE, &rl);
    printf("prlimit CORE: %d now %llu/%llu\n", r, (unsigned long long)rl.rlim_cur,
           (unsigned long long)rl.rlim_max);
    errno = 0;
    printf("getrlimit resource 99: %d %s\n", getrlimit(99, &rl), strerror(errno));
    getrlimit(RLIMIT_STACK, &rl);
    printf("RLIMIT_STACK soft set: %d\n", rl.rlim_cur != 0);
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        getrlimit(RLIMIT_NOFILE, &rl);
        printf("child inherits NOFILE %llu\n", (unsigned long long)rl.rlim_cur);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);

    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    getresuid(&ru, &eu, &su);
    getresgid(&rg, &eg, &sg);
    printf("ids agree: %d %d\n", ru == getuid() && eu == geteuid() && su == eu,
           rg == getgid() && eg == getegid() && sg == eg);
    gid_t groups[64];
    int ng = getgroups(64, groups);
    printf("getgroups: %s\n", ng >= 0 ? "ok" : strerror(errno));
    errno = 0;
    printf("getgroups(-1): %d %s\n", getgroups(-1, groups), strerror(errno));
    mode_t m = umask(077);
    printf("umask back: %03o\n", umask(m));

    struct sysinfo si;
    r = sysinfo(&si);
    printf("sysinfo: %d ram %d free<=total %d procs>0 %d unit %u\n", r, si.totalram > 0,
           si.freeram <= si.totalram, si.procs > 0, si.mem_unit);

    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    size_t len = 256 * 4096;
    char *mem = malloc(len);
    for (size_t i = 0; i < len; i += 4096) mem[i] = 1;
    getrusage(RUSAGE_SELF, &ru1);
    long minflt = ru1.ru_minflt - ru0.ru_minflt;
    printf("getrusage: touching 256 new pages: minflt +%s, majflt %ld\n",
           minflt >= 256 && minflt < 300 ? "256..299" : "wrong", ru1.ru_majflt - ru0.ru_majflt);
    struct rusage th;
    printf("RUSAGE_THREAD: %d, RUSAGE bad: %d\n", getrusage(RUSAGE_THREAD, &th),
           getrusage(42, &th));
    fflush(stdout);
    c = fork();
    if (c == 0) {
        char *m2 = malloc(100 * 4096);
        for (int i = 0; i < 100; i++) m2[i * 4096] = 1;
        _exit(0);
    }
    waitpid(c, NULL, 0);
    struct rusage ch;
    getrusage(RUSAGE_CHILDREN, &ch);
    printf("RUSAGE_CHILDREN: minflt >= 100: %d\n", ch.ru_minflt >= 100);

    cpu_set_t set;
    CPU_ZERO(&set);
    r = sched_getaffinity(0, sizeof set, &set);
    printf("sched_getaffinity: %d, cpu 0 in it: %d\n", r, CPU_ISSET(0, &set));

    struct utsname u;
    uname(&u);
    printf("uname machine %s, sysname set %d\n", u.machine, u.sysname[0] != 0);

    long head = 0;
    printf("set_robust_list bad len: %ld\n", syscall(SYS_set_robust_list, &head, 1));
    return 0;
}
