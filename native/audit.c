/*
 * NETLINK_AUDIT requests and records (see netlink.c for the reader thread):
 *   auditOpen() -> handle                                          a socket that is not reading yet
 *   auditRequest(handle, type, payload, wantReply) -> Buffer | null  one request, waits for the kernel's ACK
 *   auditStart(handle, onBatch)                                    starts reading records (no requests after)
 */
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "events_native.h"
#include "netlink.h"

#ifndef NETLINK_AUDIT
#define NETLINK_AUDIT 9
#endif

enum { REQUEST_TIMEOUT_MS = 2000 };

napi_value osprey_audit_open(napi_env env, napi_callback_info info) {
  (void)info;
  int fd = socket(PF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
  if (fd < 0) { napi_throw(env, osprey_errno_error(env, "socket", "", errno)); return NULL; }
  int size = RECV_BUFFER;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  }
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
    int saved = errno;
    close(fd);
    napi_throw(env, osprey_errno_error(env, "bind", "", saved));
    return NULL;
  }
  return nl_new_source(env, NL_AUDIT, fd);
}

/*
 * Waits for the ACK of request `seq`; a reply of the request's type (AUDIT_GET's status, which the kernel sends
 * from a worker after the ACK) is copied to *reply. Returns 0 or an errno.
 */
static int await_ack(int fd, uint32_t seq, uint16_t type, int want_reply, char *reply, size_t *reply_len) {
  char buf[8192];
  int acked = 0, answered = !want_reply;
  while (!acked || !answered) {
    struct pollfd p = { fd, POLLIN, 0 };
    int ready = poll(&p, 1, REQUEST_TIMEOUT_MS);
    if (ready == 0) return ETIMEDOUT;
    if (ready < 0) { if (errno == EINTR) continue; return errno; }
    ssize_t got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (got < 0) { if (errno == EAGAIN || errno == EINTR) continue; return errno; }
    const struct nlmsghdr *nl = (const struct nlmsghdr *)buf;
    if ((size_t)got < NLMSG_HDRLEN || nl->nlmsg_seq != seq) continue;
    if (nl->nlmsg_type == NLMSG_ERROR) {
      const struct nlmsgerr *err = NLMSG_DATA(nl);
      if (err->error != 0) return -err->error;
      acked = 1;
    } else if (nl->nlmsg_type == type && want_reply) {
      size_t n = (size_t)got - NLMSG_HDRLEN;
      if (n > *reply_len) n = *reply_len;
      memcpy(reply, NLMSG_DATA(nl), n);
      *reply_len = n;
      answered = 1;
    }
  }
  return 0;
}

napi_value osprey_audit_request(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], result;
  uint32_t type = 0;
  bool want_reply = false;
  void *payload = NULL;
  size_t payload_len = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4 || napi_get_value_uint32(env, argv[1], &type) != napi_ok ||
      napi_get_buffer_info(env, argv[2], &payload, &payload_len) != napi_ok ||
      napi_get_value_bool(env, argv[3], &want_reply) != napi_ok || payload_len > 8192) {
    napi_throw_type_error(env, NULL, "auditRequest expects (handle, type, Buffer, wantReply)");
    return NULL;
  }
  nl_source *src = nl_source_of(env, argv[0], NL_AUDIT);
  if (src == NULL) return NULL;
  if (src->started) { napi_throw_error(env, NULL, "auditRequest: the socket is already reading records"); return NULL; }
  char msg[NLMSG_HDRLEN + 8192];
  struct nlmsghdr *nl = (struct nlmsghdr *)msg;
  memset(nl, 0, NLMSG_HDRLEN);
  nl->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + payload_len);
  nl->nlmsg_type = (uint16_t)type;
  nl->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  nl->nlmsg_seq = ++src->seq;
  memcpy(msg + NLMSG_HDRLEN, payload, payload_len);
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  char reply[8192];
  size_t reply_len = sizeof(reply);
  int err = sendto(src->fd, msg, nl->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0 ? errno : 0;
  if (err == 0) err = await_ack(src->fd, nl->nlmsg_seq, (uint16_t)type, want_reply, reply, &reply_len);
  if (err != 0) {
    char what[48];
    snprintf(what, sizeof(what), "type %u", type);
    napi_throw(env, osprey_errno_error(env, "request", what, err));
    return NULL;
  }
  if (!want_reply) { napi_get_null(env, &result); return result; }
  void *ignored = NULL;
  napi_create_buffer_copy(env, reply_len, reply, &ignored, &result);
  return result;
}

napi_value osprey_audit_start(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || !osprey_is_function(env, argv[1])) {
    napi_throw_type_error(env, NULL, "auditStart expects (handle, onBatch)");
    return NULL;
  }
  nl_source *src = nl_source_of(env, argv[0], NL_AUDIT);
  if (src == NULL || src->started) return NULL;
  nl_start_reader(env, src, argv[1], "osprey.audit");
  return NULL;
}
