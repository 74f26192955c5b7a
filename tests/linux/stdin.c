/* Reads stdin to its end: echoes each line numbered, then counts bytes. */
#include <stdio.h>

int main(void)
{
    char line[512];
    long bytes = 0;
    int n = 0;
    while (fgets(line, sizeof line, stdin)) {
        for (char *p = line; *p; p++)
            bytes++;
        printf("%d: %s", ++n, line);
    }
    printf("\n%d lines, %ld bytes\n", n, bytes);
    return 0;
}
