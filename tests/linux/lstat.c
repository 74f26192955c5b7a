/* For each path: its st_mode in octal (lstat: links are not followed)
 * and, for a symbolic link, its target. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int status = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (lstat(argv[i], &st) != 0) {
            perror(argv[i]);
            status = 1;
            continue;
        }
        printf("%s %o", argv[i], (unsigned)st.st_mode);
        if (S_ISLNK(st.st_mode)) {
            char target[256];
            ssize_t n = readlink(argv[i], target, sizeof target - 1);
            if (n >= 0) {
                target[n] = 0;
                printf(" -> %s", target);
            }
        }
        printf("\n");
    }
    return status;
}
