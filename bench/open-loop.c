// Open-loop HTTP/1.1 load generator for bench/throughput.mjs (issue #21's overload phase).
//
// Why C: a Node generator on one core could send only ~7,500 requests/s of 34 KB answers, about the
// server's own capacity, so "twice the capacity" was never offered. This one sends on schedule
// (request i is due at t0 + i/rate, whatever the answers), one request at a time per keep-alive
// connection (no pipelining), opening connections up to a bound. A request due while every
// connection is busy waits in a bounded queue; beyond it, it is counted as not sent (the generator
// says it fell behind instead of queueing without bound).
//
// Latency of each answer: "due" (from when it was due: includes the wait for a connection), "wire"
// (from its bytes being written to the socket: what the server and the kernel took) and client
// wait (due → written). Prints one JSON object, the same shape as throughput.mjs's runLoad.
//
// usage: open-loop PORT PATH RATE SECONDS MAX_CONNS TIMEOUT_MS [HEADER_LINE...]
// OPEN_LOOP_DEBUG=1 prints each connection failure (state, errno) on stderr.
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  double *v;
  size_t n, cap;
} samples;

static void push(samples *s, double x) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 4096;
    s->v = realloc(s->v, s->cap * sizeof(double));
    if (!s->v) abort();
  }
  s->v[s->n++] = x;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void print_samples(const char *name, samples *s, int comma) {
  qsort(s->v, s->n, sizeof(double), cmp);
  printf("\"%s\":{\"n\":%zu", name, s->n);
  const char *keys[] = {"p50", "p95", "p99", "max"};
  double ps[] = {0.5, 0.95, 0.99, 1.0};
  for (int i = 0; i < 4; i++) {
    if (!s->n) {
      printf(",\"%s\":null", keys[i]);
      continue;
    }
    size_t at = (size_t)(ps[i] * s->n);
    if (at >= s->n) at = s->n - 1;
    printf(",\"%s\":%.1f", keys[i], s->v[at]);
  }
  printf("}%s", comma ? "," : "");
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

enum state { FREE, CONNECTING, IDLE, BUSY };

typedef struct {
  int fd;
  enum state st;
  double due, written;
  size_t req_off;      // bytes of the request written so far
  int want_out;        // EPOLLOUT is asked for (a request only partly written)
  char head[8192];     // the answer's head, until "\r\n\r\n"
  size_t head_len;
  int in_body, status, chunked, close_after;
  long long body_left; // Content-Length bytes still to read
  size_t body_bytes;
} conn;

static const char *g_path;
static char g_request[4096];
static size_t g_request_len;
static struct sockaddr_in g_addr;
static int g_epoll;
static conn *g_conns;
static int g_max_conns, g_open;

static long long statuses[600];
static long long connection_errors, timeouts, timeouts_connecting, bytes_total, answered;
static samples lat200, lat_other, wire200, wire_other, client_wait;

// Requests due and waiting for a connection (ring buffer of due times).
static double *g_queue;
static size_t g_q_head, g_q_len, g_q_cap;

static void conn_close(conn *c) {
  epoll_ctl(g_epoll, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  c->fd = -1;
  c->st = FREE;
  g_open--;
}

static void fail(conn *c) {
  if (getenv("OPEN_LOOP_DEBUG")) fprintf(stderr, "fail: state %d errno %d (%s)\n", c->st, errno, strerror(errno));
  if (c->st == BUSY || c->st == CONNECTING) connection_errors++;
  conn_close(c);
}

static void start_request(conn *c, double due) {
  c->due = due;
  c->written = 0;
  c->req_off = 0;
  c->head_len = 0;
  c->in_body = 0;
  c->status = 0;
  c->chunked = 0;
  c->close_after = 0;
  c->body_left = 0;
  c->body_bytes = 0;
  c->st = BUSY;
}

static int write_request(conn *c) {
  while (c->req_off < g_request_len) {
    ssize_t w = write(c->fd, g_request + c->req_off, g_request_len - c->req_off);
    if (w < 0) {
      if (errno != EAGAIN) return -1;
      // the rest goes out when the socket can take it
      struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c};
      epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &ev);
      c->want_out = 1;
      return 0;
    }
    c->req_off += (size_t)w;
  }
  if (c->want_out) {
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
    epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = 0;
  }
  if (!c->written) c->written = now_ms();
  return 0;
}

static void answer_done(conn *c) {
  double t = now_ms();
  {
    int s = c->status;
    if (s > 0 && s < 600) statuses[s]++;
    answered++;
    bytes_total += (long long)c->body_bytes;
    double written = c->written ? c->written : c->due;
    push(s == 200 ? &lat200 : &lat_other, t - c->due);
    push(s == 200 ? &wire200 : &wire_other, t - written);
    push(&client_wait, written - c->due);
  }
  if (c->close_after) {
    conn_close(c);
    return;
  }
  c->st = IDLE;
}

// Parses the head once it is whole: status, Content-Length, chunked, Connection: close.
static int parse_head(conn *c, size_t end) {
  c->head[end] = 0;
  if (sscanf(c->head, "HTTP/1.%*d %d", &c->status) != 1) return -1;
  c->body_left = -1;
  for (char *line = strstr(c->head, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
    char *h = line + 2;
    if (!strncasecmp(h, "content-length:", 15)) c->body_left = atoll(h + 15);
    else if (!strncasecmp(h, "transfer-encoding:", 18) && strcasestr(h, "chunked")) c->chunked = 1;
    else if (!strncasecmp(h, "connection:", 11) && strcasestr(h, "close")) c->close_after = 1;
  }
  // Only what Opsdeck and the bare server send: a Content-Length body (chunked is not expected).
  if (c->chunked || c->body_left < 0) return -1;
  return 0;
}

static void on_readable(conn *c) {
  static char buf[65536];
  for (;;) {
    ssize_t r = read(c->fd, buf, sizeof buf);
    if (r == 0) {
      // the server closed: an idle keep-alive connection is no error; one with a request in flight is
      if (c->st == BUSY) fail(c);
      else conn_close(c);
      return;
    }
    if (r < 0) {
      if (errno == EAGAIN) return;
      fail(c);
      return;
    }
    if (c->st != BUSY) continue; // unexpected bytes on an idle connection: ignore
    size_t off = 0;
    while (off < (size_t)r && c->st == BUSY) {
      if (!c->in_body) {
        size_t take = (size_t)r - off;
        if (take > sizeof c->head - 1 - c->head_len) take = sizeof c->head - 1 - c->head_len;
        memcpy(c->head + c->head_len, buf + off, take);
        size_t before = c->head_len;
        c->head_len += take;
        c->head[c->head_len] = 0;
        char *e = strstr(c->head, "\r\n\r\n");
        if (!e) {
          if (c->head_len >= sizeof c->head - 1) {
            fail(c);
            return;
          }
          off += take;
          continue;
        }
        size_t head_end = (size_t)(e - c->head) + 4;
        off += head_end - before;
        if (parse_head(c, head_end - 4) < 0) {
          fail(c);
          return;
        }
        c->in_body = 1;
      }
      size_t avail = (size_t)r - off;
      size_t take = (long long)avail < c->body_left ? avail : (size_t)c->body_left;
      c->body_left -= (long long)take;
      c->body_bytes += take;
      off += take;
      if (c->body_left == 0) answer_done(c);
    }
    if (c->fd < 0) return;
  }
}

static conn *open_conn(void) {
  for (int i = 0; i < g_max_conns; i++) {
    if (g_conns[i].st != FREE) continue;
    conn *c = &g_conns[i];
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return NULL;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fd = fd;
    c->st = CONNECTING;
    c->want_out = 0;
    g_open++;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c};
    epoll_ctl(g_epoll, EPOLL_CTL_ADD, fd, &ev);
    if (connect(fd, (struct sockaddr *)&g_addr, sizeof g_addr) < 0 && errno != EINPROGRESS) {
      connection_errors++;
      conn_close(c);
      return NULL;
    }
    return c;
  }
  return NULL;
}

static conn *idle_conn(void) {
  // a linear scan is cheap next to a syscall at these sizes (≤ a few thousand connections)
  for (int i = 0; i < g_max_conns; i++)
    if (g_conns[i].st == IDLE) return &g_conns[i];
  return NULL;
}

static void dispatch(void) {
  while (g_q_len) {
    conn *c = idle_conn();
    double due = g_queue[g_q_head];
    if (c) {
      start_request(c, due);
      if (write_request(c) < 0) fail(c);
    } else if (g_open < g_max_conns) {
      c = open_conn();
      if (!c) break;
      start_request(c, due);
      c->st = CONNECTING; // the request goes out once connected
    } else {
      break;
    }
    g_q_head = (g_q_head + 1) % g_q_cap;
    g_q_len--;
  }
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: %s PORT PATH RATE SECONDS MAX_CONNS TIMEOUT_MS [HEADER...]\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]);
  g_path = argv[2];
  double rate = atof(argv[3]);
  double seconds = atof(argv[4]);
  g_max_conns = atoi(argv[5]);
  double timeout_ms = atof(argv[6]);
  int n = snprintf(g_request, sizeof g_request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n", g_path, port);
  for (int i = 7; i < argc; i++) n += snprintf(g_request + n, sizeof g_request - n, "%s\r\n", argv[i]);
  n += snprintf(g_request + n, sizeof g_request - n, "\r\n");
  g_request_len = (size_t)n;

  g_addr.sin_family = AF_INET;
  g_addr.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, "127.0.0.1", &g_addr.sin_addr);
  g_epoll = epoll_create1(0);
  g_conns = calloc((size_t)g_max_conns, sizeof(conn));
  for (int i = 0; i < g_max_conns; i++) g_conns[i].fd = -1;
  g_q_cap = (size_t)g_max_conns * 2; // the bounded backlog: twice the connections
  g_queue = malloc(g_q_cap * sizeof(double));

  long long scheduled = 0, sent = 0, not_sent = 0;
  long long total = (long long)(rate * seconds);
  double t0 = now_ms(), end = t0 + seconds * 1e3, last_timeout_check = t0;
  struct epoll_event events[512];
  for (;;) {
    double t = now_ms();
    long long due = (long long)((t < end ? t - t0 : end - t0) / 1e3 * rate);
    if (due > total) due = total;
    while (scheduled < due) {
      double due_at = t0 + scheduled / rate * 1e3;
      scheduled++;
      if (g_q_len >= g_q_cap) {
        not_sent++;
        continue;
      }
      g_queue[(g_q_head + g_q_len) % g_q_cap] = due_at;
      g_q_len++;
      sent++;
    }
    dispatch();
    int busy = 0;
    for (int i = 0; i < g_max_conns; i++) busy += g_conns[i].st == BUSY || g_conns[i].st == CONNECTING;
    if (t >= end && !g_q_len && !busy) break;
    if (t - last_timeout_check > 100) {
      last_timeout_check = t;
      for (int i = 0; i < g_max_conns; i++) {
        conn *c = &g_conns[i];
        if ((c->st == BUSY || c->st == CONNECTING) && t - c->due > timeout_ms) {
          timeouts++;
          if (c->st == CONNECTING) timeouts_connecting++;
          conn_close(c);
        }
      }
    }
    int k = epoll_wait(g_epoll, events, 512, 1);
    for (int i = 0; i < k; i++) {
      conn *c = events[i].data.ptr;
      if (c->fd < 0) continue;
      if (c->st == CONNECTING && (events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) {
          fail(c);
          continue;
        }
        c->st = BUSY;
        // from now on only readability wakes us (plus writability while a request is partly written)
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
        epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &ev);
      }
      if (c->st == BUSY && c->req_off < g_request_len && write_request(c) < 0) {
        fail(c);
        continue;
      }
      if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) on_readable(c);
    }
  }
  double elapsed = (now_ms() - t0) / 1e3;
  printf("{\"seconds\":%.2f,\"sent\":%lld,\"scheduled\":%lld,\"notSent\":%lld,\"sentRps\":%.1f,", elapsed,
         sent, scheduled, not_sent, sent / seconds);
  printf("\"answered\":%lld,\"rps\":%.1f,\"statuses\":{", answered, statuses[200] / elapsed);
  int first = 1;
  for (int s = 0; s < 600; s++) {
    if (!statuses[s]) continue;
    printf("%s\"%d\":%lld", first ? "" : ",", s, statuses[s]);
    first = 0;
  }
  printf("},\"connectionErrors\":%lld,\"timeouts\":%lld,\"timeoutsConnecting\":%lld,\"bytesPerAnswer\":%lld,", connection_errors,
         timeouts, timeouts_connecting, answered ? bytes_total / answered : 0);
  print_samples("lat200", &lat200, 1);
  print_samples("latOther", &lat_other, 1);
  print_samples("wire200", &wire200, 1);
  print_samples("wireOther", &wire_other, 1);
  print_samples("clientWait", &client_wait, 0);
  printf(",\"maxConnections\":%d,\"generator\":\"bench/open-loop.c\"}\n", g_max_conns);
  return 0;
}
