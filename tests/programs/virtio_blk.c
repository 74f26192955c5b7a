/* A bare-metal virtio-blk driver that checks the device (tests/virtio_blk.rs):
 * probe, feature negotiation, the queue in either interface (version 2:
 * three addresses and QueueReady; version 1: QueuePFN), then GET_ID, a read
 * of sector 0, a write of sector 1 through an indirect table, FLUSH, the
 * read back, a read past the end (IOERR) and an unknown request (UNSUPP).
 * Polls the used ring; checks that completion raised PLIC source 1.
 * Prints what it sees on the UART, exits through the test finisher.
 * The same ELF runs on QEMU's virt board: the output must be the same. */
#include <stdint.h>

#define VIRTIO 0x10001000UL
#define UART 0x10000000UL
#define PLIC_PENDING 0x0c001000UL
#define FINISHER 0x100000UL

static volatile uint32_t *reg(unsigned off) { return (volatile uint32_t *)(VIRTIO + off); }
static void putc_(char c) {
    volatile uint8_t *u = (volatile uint8_t *)UART;
    while (!(u[5] & 0x20)) {}
    u[0] = c;
}
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void hex(uint64_t v) {
    puts_("0x");
    int started = 0;
    for (int i = 60; i >= 0; i -= 4) {
        int d = (v >> i) & 15;
        if (d || started || i == 0) { putc_("0123456789abcdef"[d]); started = 1; }
    }
}
static void line(const char *k, uint64_t v) { puts_(k); hex(v); putc_('\n'); }
static void finish(int ok) { *(volatile uint32_t *)FINISHER = ok ? 0x5555 : (1 << 16) | 0x3333; for (;;) {} }

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
#define NUM 8
/* Legacy layout in one page-aligned block: desc, avail, then used on the next page. */
static uint8_t queue_mem[2 * 4096] __attribute__((aligned(4096)));
static struct desc indirect[4] __attribute__((aligned(16)));
static struct { uint32_t type, reserved; uint64_t sector; } hdr;
static uint8_t buf[1024] __attribute__((aligned(16)));
static volatile uint8_t status;

static struct desc *D;
static volatile uint16_t *avail; /* flags, idx, ring[NUM] */
static volatile uint16_t *used;  /* flags, idx, then {u32 id, u32 len}[NUM] */
static uint16_t avail_idx, used_seen;

/* One request: header, optional data (device-writable for reads), status. */
static int request(uint32_t type, uint64_t sector, uint8_t *data, uint32_t len, int writable, int use_indirect, uint32_t *used_len) {
    hdr.type = type; hdr.reserved = 0; hdr.sector = sector;
    status = 0xff;
    struct desc *t = use_indirect ? indirect : D;
    int n = 0;
    t[n] = (struct desc){ (uint64_t)&hdr, 16, 1, (uint16_t)(n + 1) }; n++;
    if (len) { t[n] = (struct desc){ (uint64_t)data, len, (uint16_t)(1 | (writable ? 2 : 0)), (uint16_t)(n + 1) }; n++; }
    t[n] = (struct desc){ (uint64_t)&status, 1, 2, 0 }; n++;
    if (use_indirect) D[0] = (struct desc){ (uint64_t)indirect, (uint32_t)(16 * n), 4, 0 };
    avail[2 + avail_idx % NUM] = 0;
    __sync_synchronize();
    avail_idx++;
    avail[1] = avail_idx;
    __sync_synchronize();
    *reg(0x50) = 0; /* QueueNotify */
    while (used[1] == used_seen) { __sync_synchronize(); }
    __sync_synchronize();
    volatile uint32_t *elem = (volatile uint32_t *)(used + 2) + 2 * (used_seen % NUM);
    *used_len = elem[1];
    used_seen++;
    /* The completion raised the interrupt line: PLIC source 1 is pending. */
    if (!(*(volatile uint32_t *)PLIC_PENDING & 2)) { puts_("no interrupt\n"); finish(0); }
    uint32_t isr = *reg(0x60);
    *reg(0x64) = isr & 3; /* InterruptACK */
    return status;
}

void main(void) {
    uint32_t version = *reg(0x04);
    line("magic ", *reg(0x00));
    line("version ", version);
    line("device ", *reg(0x08));
    line("vendor ", *reg(0x0c));
    if (*reg(0x08) != 2) { puts_("no block device\n"); finish(0); }
    *reg(0x70) = 0;
    *reg(0x70) = 1 | 2; /* ACKNOWLEDGE | DRIVER */
    *reg(0x14) = 0;
    uint64_t features = *reg(0x10);
    *reg(0x14) = 1;
    features |= (uint64_t)*reg(0x10) << 32;
    uint64_t want = (1u << 9) | (1u << 28) | (version == 2 ? 1ull << 32 : 0); /* FLUSH, INDIRECT_DESC, VERSION_1 */
    line("offers flush+indirect(+version_1) ", (features & want) == want);
    line("read-only ", (features >> 5) & 1);
    *reg(0x24) = 0; *reg(0x20) = (uint32_t)want;
    *reg(0x24) = 1; *reg(0x20) = (uint32_t)(want >> 32);
    if (version == 2) {
        *reg(0x70) = 1 | 2 | 8;
        line("features ok ", (*reg(0x70) & 8) != 0);
    }
    *reg(0x30) = 0;
    line("queue max >= 8 ", *reg(0x34) >= NUM);
    *reg(0x38) = NUM;
    D = (struct desc *)queue_mem;
    avail = (volatile uint16_t *)(queue_mem + 16 * NUM);
    used = (volatile uint16_t *)(queue_mem + 4096);
    if (version == 2) {
        uint64_t a = (uint64_t)D, b = (uint64_t)avail, c = (uint64_t)used;
        *reg(0x80) = (uint32_t)a; *reg(0x84) = (uint32_t)(a >> 32);
        *reg(0x90) = (uint32_t)b; *reg(0x94) = (uint32_t)(b >> 32);
        *reg(0xa0) = (uint32_t)c; *reg(0xa4) = (uint32_t)(c >> 32);
        *reg(0x44) = 1;
    } else {
        *reg(0x28) = 4096; /* GuestPageSize */
        *reg(0x3c) = 4096; /* QueueAlign */
        *reg(0x40) = (uint32_t)((uint64_t)queue_mem / 4096);
    }
    *reg(0x70) = *reg(0x70) | 4; /* DRIVER_OK */
    uint64_t capacity = *reg(0x100) | (uint64_t)*reg(0x104) << 32;
    line("capacity ", capacity);

    uint32_t n;
    for (int i = 0; i < 20; i++) buf[i] = 0;
    int s = request(8, 0, buf, 20, 1, 0, &n);
    puts_("get-id status "); hex(s); puts_(" id '");
    for (int i = 0; i < 20 && buf[i]; i++) putc_(buf[i]);
    puts_("'\n");

    s = request(0, 0, buf, 512, 1, 0, &n);
    puts_("read sector 0: status "); hex(s); puts_(" used "); hex(n); puts_(" '");
    for (int i = 0; i < 24; i++) putc_(buf[i] >= 32 && buf[i] < 127 ? buf[i] : '.');
    puts_("'\n");

    const char *msg = "written by the guest";
    for (int i = 0; i < 512; i++) buf[i] = (uint8_t)i;
    for (int i = 0; msg[i]; i++) buf[i] = msg[i];
    s = request(1, 1, buf, 512, 0, 1, &n);
    puts_("write sector 1 (indirect): status "); hex(s); puts_(" used "); hex(n); putc_('\n');
    s = request(4, 0, 0, 0, 0, 0, &n);
    line("flush: status ", s);
    for (int i = 0; i < 512; i++) buf[i] = 0;
    s = request(0, 1, buf, 512, 1, 1, &n);
    int same = 1;
    for (int i = 20; i < 512; i++) same &= buf[i] == (uint8_t)i;
    puts_("read back: status "); hex(s); puts_(" same "); hex(same); puts_(" '");
    for (int i = 0; i < 20; i++) putc_(buf[i]);
    puts_("'\n");
    s = request(0, capacity, buf, 512, 1, 0, &n);
    line("read past the end: status ", s);
    s = request(99, 0, buf, 512, 1, 0, &n);
    line("unknown request: status ", s);
    finish(1);
}
