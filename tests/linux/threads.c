/* Threads: pthread_create/join, a mutex-protected counter, a condition
 * variable (producer and consumer), a timed wait that times out
 * (FUTEX_WAIT_BITSET with an absolute CLOCK_REALTIME timeout), thread
 * names (prctl PR_SET_NAME/PR_GET_NAME), and a semaphore. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg) {
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        if (i % 1000 == 0) sched_yield();
    }
    return (void *)((long)arg * 10);
}

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t nonfull = PTHREAD_COND_INITIALIZER;
static int queue[4], head, count;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= 100; i++) {
        pthread_mutex_lock(&qlock);
        while (count == 4) pthread_cond_wait(&nonfull, &qlock);
        queue[(head + count++) % 4] = i;
        pthread_cond_signal(&nonempty);
        pthread_mutex_unlock(&qlock);
    }
    return NULL;
}

static sem_t sem;
static void *poster(void *arg) {
    (void)arg;
    struct timespec d = {0, 50000000};
    nanosleep(&d, NULL);
    sem_post(&sem);
    return NULL;
}

static void *named(void *arg) {
    (void)arg;
    prctl(PR_SET_NAME, "worker-thread-name-too-long");
    char name[16];
    prctl(PR_GET_NAME, name);
    printf("thread name: %s\n", name);
    return NULL;
}

int main(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, adder, (void *)i);
    long sum = 0;
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        sum += (long)ret;
    }
    printf("counter %ld (expected %d), join values sum %ld\n", counter, THREADS * ROUNDS, sum);

    pthread_t p;
    pthread_create(&p, NULL, producer, NULL);
    long total = 0;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&qlock);
        while (count == 0) pthread_cond_wait(&nonempty, &qlock);
        total += queue[head];
        head = (head + 1) % 4;
        count--;
        pthread_cond_signal(&nonfull);
        pthread_mutex_unlock(&qlock);
    }
    pthread_join(p, NULL);
    printf("consumed sum %ld (expected 5050)\n", total);

    pthread_cond_t never = PTHREAD_COND_INITIALIZER;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 100000000;
    if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
    pthread_mutex_lock(&qlock);
    int r = pthread_cond_timedwait(&never, &qlock, &deadline);
    pthread_mutex_unlock(&qlock);
    struct timespec after;
    clock_gettime(CLOCK_REALTIME, &after);
    int late = after.tv_sec > deadline.tv_sec ||
               (after.tv_sec == deadline.tv_sec && after.tv_nsec >= deadline.tv_nsec);
    printf("cond_timedwait: %s, not before the deadline: %s\n", strerror(r), late ? "yes" : "no");

    sem_init(&sem, 0, 0);
    pthread_create(&p, NULL, poster, NULL);
    sem_wait(&sem);
    pthread_join(p, NULL);
    printf("semaphore posted by a thread\n");

    prctl(PR_SET_NAME, "main-name");
    pthread_create(&p, NULL, named, NULL);
    pthread_join(p, NULL);
    char name[16];
    prctl(PR_GET_NAME, name);
    printf("main name: %s\n", name);
    r = prctl(12345, 0, 0, 0, 0);
    printf("prctl unknown option: %d %s\n", r, strerror(errno));
    return 0;
}
