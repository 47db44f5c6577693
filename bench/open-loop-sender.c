// A light open-loop HTTP/1.1 sender for `npm run bench -- slack --sender c` (bench/c-sender.ts
// builds and drives it): the Node sender spends CPU on the same two vCPUs as the servers and
// PostgreSQL; this one spends little. Same rules as bench/open-loop.ts: request i is due at
// start + i / rate; it leaves then on a free keep-alive connection (all opened before the run,
// never more), or waits for one; its latency counts from its due time, not from when it left.
//
// usage: open-loop-sender HOST PORT RATE CONNECTIONS FILE
//   FILE: for each request, its length as a decimal line, then that many bytes (a whole request).
// Once connected it prints "ready" and waits for a line on stdin before the first request, so
// connection set-up stays outside the measurement. Then stdout: one line per request in order,
// "latency_ms lag_ms status" (status 0: no answer), and "cpu_ms N" (this process's user +
// system CPU over the run).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct { char *buf; size_t len; } Req;
typedef struct {
  int fd, busy;
  long req;          // the request in flight
  size_t sent;       // bytes of it written
  char in[16384];
  size_t got;
} Conn;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what) { perror(what); exit(2); }

/** Bytes of a complete response at the start of `b`, or 0 if not all there yet. */
static size_t complete(const char *b, size_t n, int *status) {
  const char *end = memmem(b, n, "\r\n\r\n", 4);
  if (!end) return 0;
  size_t head = (size_t)(end - b) + 4;
  *status = n > 12 ? atoi(b + 9) : 0;
  long length = -1;
  for (const char *p = b; p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
    if (*p == '\n') p++;
    if (strncasecmp(p, "content-length:", 15) == 0) length = atol(p + 15);
  }
  if (length >= 0) return n >= head + (size_t)length ? head + (size_t)length : 0;
  const char *last = memmem(end, n - (size_t)(end - b), "\r\n0\r\n\r\n", 7); // chunked
  return last ? (size_t)(last - b) + 7 : 0;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: %s HOST PORT RATE CONNECTIONS FILE\n", argv[0]); return 2; }
  FILE *in = fopen(argv[5], "rb");
  if (!in) die("requests file");
  double rate = atof(argv[3]);
  int nconn = atoi(argv[4]);
  // The requests, read whole before anything is sent.
  long total = 0, cap = 1024;
  Req *reqs = malloc(sizeof(Req) * (size_t)cap);
  size_t len;
  while (fscanf(in, "%zu", &len) == 1) {
    fgetc(in); // the newline
    if (total == cap) reqs = realloc(reqs, sizeof(Req) * (size_t)(cap *= 2));
    reqs[total].buf = malloc(len);
    reqs[total].len = len;
    if (fread(reqs[total].buf, 1, len, in) != len) die("short request");
    total++;
  }
  double *latency = calloc((size_t)total, sizeof(double));
  double *lag = calloc((size_t)total, sizeof(double));
  int *status = calloc((size_t)total, sizeof(int));

  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
  inet_pton(AF_INET, argv[1], &addr.sin_addr);
  int ep = epoll_create1(0);
  Conn *conns = calloc((size_t)nconn, sizeof(Conn));
  for (int c = 0; c < nconn; c++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    conns[c].fd = fd;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.u32 = (uint32_t)c};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  printf("ready\n");
  fflush(stdout);
  char go[8];
  if (!fgets(go, sizeof go, stdin)) return 0; // the bench went away
  struct rusage r0, r1;
  getrusage(RUSAGE_SELF, &r0);
  double start = now_ms() + 20, interval = 1000.0 / rate;
  long next = 0, done = 0;
  int freeConn = 0; // search start for a free connection
  struct epoll_event events[512];
  while (done < total) {
    double t = now_ms();
    int blocked = 0; // a due request waits for a connection: sleep until an answer frees one
    // Due requests go out on free connections, oldest first.
    while (next < total && start + next * interval <= t) {
      int c = -1;
      for (int k = 0; k < nconn; k++) {
        int j = (freeConn + k) % nconn;
        if (!conns[j].busy) { c = j; break; }
      }
      if (c < 0) { blocked = 1; break; } // all busy: it waits, its latency still counting
      freeConn = (c + 1) % nconn;
      Conn *cn = &conns[c];
      cn->busy = 1, cn->req = next, cn->sent = 0, cn->got = 0;
      lag[next] = t - (start + next * interval);
      ssize_t w = write(cn->fd, reqs[next].buf, reqs[next].len);
      if (w > 0) cn->sent = (size_t)w;
      next++;
    }
    // Sleeps until the next request is due (to the microsecond: no spinning), or an answer comes.
    double wait = blocked || next == total ? 50 : start + next * interval - now_ms();
    if (wait < 0) wait = 0;
    struct timespec ts = {.tv_sec = (time_t)(wait / 1e3), .tv_nsec = (long)((wait - (long)(wait / 1e3) * 1e3) * 1e6)};
    int n = epoll_pwait2(ep, events, 512, &ts, NULL);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < n; e++) {
      Conn *cn = &conns[events[e].data.u32];
      if (!cn->busy) continue;
      Req *rq = &reqs[cn->req];
      while (cn->sent < rq->len) { // the rest of a request the socket could not take at once
        ssize_t w = write(cn->fd, rq->buf + cn->sent, rq->len - cn->sent);
        if (w <= 0) break;
        cn->sent += (size_t)w;
      }
      for (;;) {
        ssize_t got = read(cn->fd, cn->in + cn->got, sizeof cn->in - cn->got);
        if (got <= 0) {
          if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) { // closed: no answer
            latency[cn->req] = now_ms() - (start + cn->req * interval);
            status[cn->req] = 0, cn->busy = 0, done++;
            fprintf(stderr, "sender: connection %u closed\n", events[e].data.u32);
          }
          break;
        }
        cn->got += (size_t)got;
        int st = 0;
        size_t used = complete(cn->in, cn->got, &st);
        if (used) {
          latency[cn->req] = now_ms() - (start + cn->req * interval);
          status[cn->req] = st, cn->busy = 0, done++;
          break;
        }
        if (cn->got == sizeof cn->in) { fprintf(stderr, "sender: answer too long\n"); exit(2); }
      }
    }
  }
  getrusage(RUSAGE_SELF, &r1);
  for (long i = 0; i < total; i++) printf("%.3f %.3f %d\n", latency[i], lag[i], status[i]);
  double cpu = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) * 1e3 + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e3 +
               (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1e3 + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e3;
  printf("cpu_ms %.1f\n", cpu);
  return 0;
}
