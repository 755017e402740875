/*
 * fanotify FAN_OPEN_EXEC (see fanotify.h). Why it does not race the process's exit: the kernel queues the event
 * inside execve, when the binary is opened, and hands the reader an open descriptor of that file, so the path is
 * resolved from our own descriptor however soon the process ends. The event is queued by the exec'ing task before
 * that task sends the proc connector's exec message, so once the reader has a connector message, draining this
 * queue is certain to include the matching open: the join needs no waiting.
 *
 * One execve opens several files for exec: a dynamic ELF binary, then its ELF interpreter (ld.so); a script, then
 * its interpreter (/bin/sh), then that one's ld.so. osquery's path is what /proc/<pid>/exe names: the last binary,
 * never the ELF interpreter. So each open records the PT_INTERP of the file, and an open that follows one with a
 * PT_INTERP of the same name is taken as that interpreter and does not replace the path.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fanotify.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "events_native.h"
#include "fanotify.h"

enum {
  SLOTS = 4096,            /* pids in flight between an exec's open and its connector message; direct-mapped */
  INTERP_NAME = 64,        /* basename of an ELF PT_INTERP (ld-linux-x86-64.so.2) */
  READS_PER_DRAIN = 64,    /* bounds one drain in an exec storm; what is left waits for the next wakeup */
};
static const uint64_t STALE_NS = 10ull * 1000 * 1000 * 1000;  /* an open with no exec message (a failed exec) */

typedef struct {
  int32_t pid;
  uint64_t time_ns;
  char *path;                     /* the exec'd binary so far */
  char interp[INTERP_NAME];       /* the ELF interpreter the binary asked for, expected next; "" when none */
} fan_slot;

struct fan_exec {
  int fd;
  fan_slot slots[SLOTS];
};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Reads PT_INTERP's basename from an ELF file (32- or 64-bit, host byte order) into out; "" when there is none. */
static void read_interp(int fd, char *out) {
  out[0] = '\0';
  unsigned char ident[EI_NIDENT];
  if (pread(fd, ident, sizeof(ident), 0) != (ssize_t)sizeof(ident) || memcmp(ident, ELFMAG, SELFMAG) != 0) return;
  int wide = ident[EI_CLASS] == ELFCLASS64;
  Elf64_Ehdr eh64;
  Elf32_Ehdr eh32;
  uint64_t phoff;
  unsigned phnum, phentsize;
  if (wide) {
    if (pread(fd, &eh64, sizeof(eh64), 0) != (ssize_t)sizeof(eh64)) return;
    phoff = eh64.e_phoff, phnum = eh64.e_phnum, phentsize = eh64.e_phentsize;
  } else {
    if (pread(fd, &eh32, sizeof(eh32), 0) != (ssize_t)sizeof(eh32)) return;
    phoff = eh32.e_phoff, phnum = eh32.e_phnum, phentsize = eh32.e_phentsize;
  }
  if (phentsize < (wide ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) || phnum > 128) return;
  for (unsigned i = 0; i < phnum; i++) {
    Elf64_Phdr ph;
    Elf32_Phdr ph32;
    off_t at = (off_t)(phoff + (uint64_t)i * phentsize);
    if (wide) {
      if (pread(fd, &ph, sizeof(ph), at) != (ssize_t)sizeof(ph)) return;
    } else {
      if (pread(fd, &ph32, sizeof(ph32), at) != (ssize_t)sizeof(ph32)) return;
      ph.p_type = ph32.p_type, ph.p_offset = ph32.p_offset, ph.p_filesz = ph32.p_filesz;
    }
    if (ph.p_type != PT_INTERP) continue;
    char name[256];
    size_t len = ph.p_filesz < sizeof(name) - 1 ? (size_t)ph.p_filesz : sizeof(name) - 1;
    ssize_t got = pread(fd, name, len, (off_t)ph.p_offset);
    if (got <= 0) return;
    name[got] = '\0';
    const char *base = strrchr(name, '/');
    base = base != NULL ? base + 1 : name;
    if (strlen(base) < INTERP_NAME) strcpy(out, base);  /* longer: no name, so no open is taken for it */
    return;
  }
}

/* The path behind an event's descriptor, without the " (deleted)" the kernel appends to a removed file. */
static char *path_of(int fd) {
  char link[64], buf[4096];
  snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, buf, sizeof(buf) - 1);
  if (n <= 0) return NULL;
  buf[n] = '\0';
  static const char deleted[] = " (deleted)";
  size_t dl = sizeof(deleted) - 1;
  if ((size_t)n > dl && strcmp(buf + n - dl, deleted) == 0) buf[n - dl] = '\0';
  return strdup(buf);
}

static void clear_slot(fan_slot *slot) {
  free(slot->path);
  memset(slot, 0, sizeof(*slot));
}

/* One exec open by pid: the binary, unless it is the ELF interpreter the previous open asked for. */
static void record_open(fan_exec *fan, int32_t pid, int fd) {
  char *path = path_of(fd);
  if (path == NULL) return;
  uint64_t now = now_ns();
  fan_slot *slot = &fan->slots[(uint32_t)pid % SLOTS];
  if (slot->pid != pid || now - slot->time_ns > STALE_NS) { clear_slot(slot); slot->pid = pid; }
  slot->time_ns = now;
  const char *base = strrchr(path, '/');
  base = base != NULL ? base + 1 : path;
  if (slot->path != NULL && slot->interp[0] != '\0' && strcmp(base, slot->interp) == 0) {
    slot->interp[0] = '\0';
    free(path);
    return;
  }
  free(slot->path);
  slot->path = path;
  read_interp(fd, slot->interp);
}

uint32_t fan_exec_drain(fan_exec *fan) {
  uint32_t overflows = 0;
  char buf[8192] __attribute__((aligned(__alignof__(struct fanotify_event_metadata))));
  for (int i = 0; i < READS_PER_DRAIN; i++) {
    ssize_t len = read(fan->fd, buf, sizeof(buf));
    if (len < 0 && errno == EINTR) continue;
    if (len <= 0) break;  /* EAGAIN: drained; any other error: try again at the next wakeup */
    const struct fanotify_event_metadata *ev = (const struct fanotify_event_metadata *)buf;
    for (; FAN_EVENT_OK(ev, len); ev = FAN_EVENT_NEXT(ev, len)) {
      if (ev->vers != FANOTIFY_METADATA_VERSION) continue;
      if (ev->mask & FAN_Q_OVERFLOW) overflows++;
      if (ev->fd < 0) continue;
      if (ev->mask & FAN_OPEN_EXEC) record_open(fan, ev->pid, ev->fd);
      close(ev->fd);
    }
  }
  return overflows;
}

char *fan_exec_take(fan_exec *fan, int32_t pid) {
  fan_slot *slot = &fan->slots[(uint32_t)pid % SLOTS];
  if (slot->pid != pid || slot->path == NULL || now_ns() - slot->time_ns > STALE_NS) return NULL;
  char *path = slot->path;
  slot->path = NULL;
  clear_slot(slot);
  return path;
}

fan_exec *fan_exec_new(int fd) {
  fan_exec *fan = calloc(1, sizeof(fan_exec));
  if (fan == NULL) { close(fd); return NULL; }
  fan->fd = fd;
  return fan;
}

void fan_exec_free(fan_exec *fan) {
  if (fan == NULL) return;
  for (int i = 0; i < SLOTS; i++) free(fan->slots[i].path);
  close(fan->fd);
  free(fan);
}

/* A filesystem mark sees every mount of it (bind mounts, containers); kernels before 4.20 know mount marks only. */
static int mark_exec(int fd, const char *path) {
  unsigned flags = FAN_MARK_ADD | FAN_MARK_FILESYSTEM;
  if (syscall(SYS_fanotify_mark, fd, flags, (uint64_t)FAN_OPEN_EXEC, AT_FDCWD, path) == 0) return 0;
  if (errno != EINVAL) return -1;
  return (int)syscall(SYS_fanotify_mark, fd, FAN_MARK_ADD | FAN_MARK_MOUNT, (uint64_t)FAN_OPEN_EXEC, AT_FDCWD, path);
}

static napi_value mark_paths(napi_env env, int fd, napi_value paths, uint32_t *marked, int *first_errno) {
  uint32_t count = 0;
  napi_value failures;
  napi_create_array(env, &failures);
  napi_get_array_length(env, paths, &count);
  for (uint32_t i = 0, failed = 0; i < count; i++) {
    char path[4096];
    napi_value item, text;
    size_t len = 0;
    napi_get_element(env, paths, i, &item);
    if (napi_get_value_string_utf8(env, item, path, sizeof(path), &len) != napi_ok) continue;
    if (mark_exec(fd, path) == 0) { (*marked)++; continue; }
    int err = errno;
    if (*first_errno == 0) *first_errno = err;
    char message[4352];
    snprintf(message, sizeof(message), "%s: %s (%s)", path, strerror(err), strerrorname_np(err));
    napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
    napi_set_element(env, failures, failed++, text);
  }
  return failures;
}

napi_value osprey_fanotify_exec_open(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool is_array = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array) {
    napi_throw_type_error(env, NULL, "fanotifyExecOpen expects an array of paths");
    return NULL;
  }
  int fd = (int)syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK,
                        O_RDONLY | O_LARGEFILE | O_CLOEXEC);
  if (fd < 0) { napi_throw(env, osprey_errno_error(env, "fanotify_init", "", errno)); return NULL; }
  uint32_t marked = 0;
  int first_errno = 0;
  napi_value failures = mark_paths(env, fd, argv[0], &marked, &first_errno);
  if (marked == 0) {
    close(fd);
    napi_throw(env, osprey_errno_error(env, "fanotify_mark", "", first_errno != 0 ? first_errno : ENOENT));
    return NULL;
  }
  napi_value result, v;
  napi_create_object(env, &result);
  napi_create_int32(env, fd, &v);
  napi_set_named_property(env, result, "fd", v);
  napi_create_uint32(env, marked, &v);
  napi_set_named_property(env, result, "marked", v);
  napi_set_named_property(env, result, "failures", failures);
  return result;
}
