/* exit() from main while other threads run (and sleep, and spin): the
 * whole process ends with main's status; a thread's pthread_exit leaves
 * the others running. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *sleeper(void *arg) {
    (void)arg;
    sleep(100);
    printf("sleeper woke: wrong\n");
    return NULL;
}

static void *spinner(void *arg) {
    (void)arg;
    for (volatile unsigned long i = 0;; i++) {
    }
    return NULL;
}

static void *quitter(void *arg) {
    (void)arg;
    printf("quitter: pthread_exit\n");
    fflush(stdout);
    pthread_exit(NULL);
}

int main(int argc, char **argv) {
    pthread_t t;
    pthread_create(&t, NULL, quitter, NULL);
    pthread_join(t, NULL);
    printf("main: after quitter\n");
    pthread_create(&t, NULL, sleeper, NULL);
    pthread_create(&t, NULL, spinner, NULL);
    usleep(100000);
    printf("main: exit(7) with a sleeping and a spinning thread\n");
    fflush(stdout);
    if (argc > 1) {
        /* From a thread: exit_group from a non-leader. */
        pthread_create(&t, NULL, (void *(*)(void *))exit, (void *)9);
        pause();
    }
    exit(7);
}
