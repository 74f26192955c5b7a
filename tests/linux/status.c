/* Ends as told: `status exit N`, `status signal N` (raise), `status abort`. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3 && !(argc == 2 && strcmp(argv[1], "abort") == 0)) {
        fprintf(stderr, "usage: status exit N | signal N | abort\n");
        return 2;
    }
    fflush(stdout);
    if (strcmp(argv[1], "exit") == 0)
        exit(atoi(argv[2]));
    if (strcmp(argv[1], "signal") == 0)
        raise(atoi(argv[2]));
    if (strcmp(argv[1], "abort") == 0)
        abort();
    fprintf(stderr, "status: still alive\n");
    return 1;
}
