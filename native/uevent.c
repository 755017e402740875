/*
 * NETLINK_KOBJECT_UEVENT for hardware_events, read by the shared netlink reader thread (netlink.c):
 *   ueventOpen(group, onBatch) -> handle     group 1: the kernel's uevents; group 2: udevd's (after its rules ran)
 * Each record's text is the event's properties as NUL-separated KEY=VALUE strings: udevd's binary
 * udev_monitor_netlink_header is skipped here, the kernel's leading `action@devpath` line is kept (it has no `=`).
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "events_native.h"
#include "netlink.h"

#ifndef NETLINK_KOBJECT_UEVENT
#define NETLINK_KOBJECT_UEVENT 15
#endif

/* libudev's struct udev_monitor_netlink_header: "libudev\0", magic, header size, properties offset and length. */
enum { UDEV_PREFIX_LEN = 8, UDEV_PROPERTIES_OFF = 16, UDEV_PROPERTIES_LEN = 20, UDEV_HEADER_MIN = 24 };

void uevent_parse(nl_batch *batch, const char *buf, size_t len) {
  const char *body = buf;
  size_t body_len = len;
  if (len >= UDEV_HEADER_MIN && memcmp(buf, "libudev", UDEV_PREFIX_LEN) == 0) {
    uint32_t off, plen;
    memcpy(&off, buf + UDEV_PROPERTIES_OFF, sizeof(off));
    memcpy(&plen, buf + UDEV_PROPERTIES_LEN, sizeof(plen));
    if (off > len || plen > len - off) return;
    body = buf + off;
    body_len = plen;
  }
  audit_record *slot = nl_batch_push(batch, sizeof(audit_record));
  if (slot == NULL) return;
  slot->type = 0;
  slot->text = malloc(body_len + 1);
  slot->len = slot->text == NULL ? 0 : body_len;
  if (slot->text != NULL) { memcpy(slot->text, body, body_len); slot->text[body_len] = '\0'; }
}

napi_value osprey_uevent_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint32_t group = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_uint32(env, argv[0], &group) != napi_ok || !osprey_is_function(env, argv[1])) {
    napi_throw_type_error(env, NULL, "ueventOpen expects (group, onBatch)");
    return NULL;
  }
  int fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
  if (fd < 0) { napi_throw(env, osprey_errno_error(env, "socket", "", errno)); return NULL; }
  int size = RECV_BUFFER;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  }
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = group, .nl_pid = 0 };
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
    int saved = errno;
    close(fd);
    napi_throw(env, osprey_errno_error(env, "bind", "", saved));
    return NULL;
  }
  napi_value handle = nl_new_source(env, NL_UEVENT, fd);
  if (handle == NULL) return NULL;
  nl_source *src = nl_source_of(env, handle, NL_UEVENT);
  if (src == NULL || nl_start_reader(env, src, argv[1], "osprey.uevent") != 0) return NULL;
  return handle;
}
