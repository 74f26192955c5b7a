/* A dynamically linked program looking at itself: the lines of
 * /proc/self/maps that map libc (without the addresses), and its page
 * faults so far from /proc/self/stat (fields 10 minflt, 12 majflt). */
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof line, f))
        if (strstr(line, "libc.so"))
            fputs(strchr(line, ' ') + 1, stdout); /* from the permissions on */
    if (f)
        fclose(f);
    unsigned long minflt = 0, majflt = 0;
    f = fopen("/proc/self/stat", "r");
    if (f && fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %lu %*u %lu", &minflt, &majflt) == 2)
        printf("faults: major %lu minor %lu\n", majflt, minflt);
    return 0;
}
