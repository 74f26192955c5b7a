/* Sleeping and clocks: nanosleep, clock_nanosleep (relative and
 * TIMER_ABSTIME, MONOTONIC and REALTIME), sleep, usleep; EINVAL for bad
 * times; EINTR with the time left when a handler interrupts a sleep; a
 * sleep stopped and continued goes on for the rest of its time only. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/times.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void on_usr1(int sig) { (void)sig; }

/* Did a sleep of `want` ns take at least that, and not much more? */
static const char *took(long long start, long long want) {
    long long d = now_ns(CLOCK_MONOTONIC) - start;
    if (d < want) return "too short";
    if (d > want + 400000000LL) return "too long";
    return "ok";
}

int main(void) {
    long long t0 = now_ns(CLOCK_MONOTONIC);
    struct timespec ts = {0, 200000000};
    int r = nanosleep(&ts, NULL);
    printf("nanosleep 200ms: %d %s\n", r, took(t0, 200000000));

    t0 = now_ns(CLOCK_MONOTONIC);
    r = clock_nanosleep(CLOCK_REALTIME, 0, &ts, NULL);
    printf("clock_nanosleep REALTIME relative: %d %s\n", r, took(t0, 200000000));

    t0 = now_ns(CLOCK_MONOTONIC);
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 300000000;
    if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
    printf("clock_nanosleep MONOTONIC absolute: %d %s\n", r, took(t0, 300000000));
    struct timespec past = {0, 1};
    t0 = now_ns(CLOCK_MONOTONIC);
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL);
    printf("absolute time in the past: %d %s\n", r, took(t0, 0));

    t0 = now_ns(CLOCK_MONOTONIC);
    r = sleep(1);
    printf("sleep(1): %d %s\n", r, took(t0, 1000000000));
    t0 = now_ns(CLOCK_MONOTONIC);
    r = usleep(150000);
    printf("usleep(150000): %d %s\n", r, took(t0, 150000000));

    struct timespec bad = {0, 1000000000};
    errno = 0;
    r = nanosleep(&bad, NULL);
    printf("nanosleep nsec=1e9: %d %s\n", r, strerror(errno));
    struct timespec neg = {-1, 0};
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &neg, NULL);
    printf("clock_nanosleep sec=-1: %s\n", strerror(r));
    r = clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL);
    printf("clock_nanosleep THREAD_CPUTIME: %s\n", strerror(r));
    r = clock_nanosleep(12345, 0, &ts, NULL);
    printf("clock_nanosleep bad clock: %s\n", strerror(r));

    /* A handler interrupts a 5 s sleep after about 0.3 s. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    fflush(stdout);
    pid_t c = fork();
    if (c == 0) {
        struct timespec d = {0, 300000000};
        nanosleep(&d, NULL);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    struct timespec five = {5, 0}, rem = {0, 0};
    t0 = now_ns(CLOCK_MONOTONIC);
    r = nanosleep(&five, &rem);
    int e = errno;
    long long slept = now_ns(CLOCK_MONOTONIC) - t0;
    long long left = rem.tv_sec * 1000000000LL + rem.tv_nsec;
    printf("interrupted nanosleep: %d %s, rem+slept ~ 5s: %s\n", r, strerror(e),
           (left + slept > 4800000000LL && left + slept < 5200000000LL && left < 4900000000LL) ? "yes" : "no");
    waitpid(c, NULL, 0);

    /* Stopped and continued: the sleep is restarted for the time left. */
    fflush(stdout);
    c = fork();
    if (c == 0) {
        struct timespec d = {0, 200000000};
        nanosleep(&d, NULL);
        kill(parent, SIGSTOP);
        nanosleep(&d, NULL);
        kill(parent, SIGCONT);
        _exit(0);
    }
    t0 = now_ns(CLOCK_MONOTONIC);
    struct timespec one = {1, 0};
    r = nanosleep(&one, NULL);
    printf("stopped+continued nanosleep(1s): %d %s\n", r, took(t0, 1000000000));
    waitpid(c, NULL, 0);

    /* Clocks: resolution, gettimeofday agrees with CLOCK_REALTIME, CPU time. */
    struct timespec res;
    r = clock_getres(CLOCK_MONOTONIC, &res);
    printf("clock_getres: %d, resolution <= 1ms: %s\n", r,
           res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "yes" : "no");
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long rt = now_ns(CLOCK_REALTIME);
    long long diff = rt / 1000 - (tv.tv_sec * 1000000LL + tv.tv_usec);
    printf("gettimeofday ~ CLOCK_REALTIME: %s\n", diff >= 0 && diff < 100000 ? "yes" : "no");
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 20000000; i++) x += i;
    struct tms tm;
    clock_t ticks = times(&tm);
    printf("times: returns ticks: %s, user time > 0: %s\n", ticks != (clock_t)-1 ? "yes" : "no",
           tm.tms_utime + tm.tms_stime > 0 ? "yes" : "no");
    return 0;
}
