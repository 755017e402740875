/*
 * rtnetlinkDump(type, family) -> Buffer[]: one synchronous NETLINK_ROUTE dump (RTM_GETROUTE, RTM_GETADDR, …), each
 * element one message's payload after its nlmsghdr (an rtmsg/ifaddrmsg and its attributes), parsed in TypeScript.
 * osquery's routes table reads RTM_GETROUTE the same way; /proc has no preferred source per route.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "events_native.h"

enum { DUMP_BUFFER = 64 * 1024, MAX_MESSAGES = 1 << 20 };

struct dump_request {
  struct nlmsghdr header;
  struct rtmsg body; /* the largest of the request bodies used (rtmsg 12 bytes, ifaddrmsg 8) */
};

static int send_request(int fd, uint16_t type, uint8_t family) {
  struct dump_request req;
  memset(&req, 0, sizeof(req));
  req.header.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
  req.header.nlmsg_type = type;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.header.nlmsg_seq = 1;
  req.body.rtm_family = family;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  return sendto(fd, &req, req.header.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0 ? -1 : 0;
}

/* Appends each message's payload to `out`; 1 at NLMSG_DONE, 0 to read more, -errno on an NLMSG_ERROR. */
static int take_messages(napi_env env, char *buf, ssize_t len, napi_value out, uint32_t *count) {
  for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_type == NLMSG_DONE) return 1;
    if (h->nlmsg_type == NLMSG_ERROR) {
      struct nlmsgerr *e = (struct nlmsgerr *)NLMSG_DATA(h);
      return e->error < 0 ? e->error : -EPROTO;
    }
    if (*count >= MAX_MESSAGES) return 1;
    napi_value payload;
    void *data = NULL;
    size_t size = h->nlmsg_len - NLMSG_LENGTH(0);
    if (napi_create_buffer_copy(env, size, NLMSG_DATA(h), &data, &payload) != napi_ok) return -ENOMEM;
    napi_set_element(env, out, (*count)++, payload);
  }
  return 0;
}

napi_value osprey_rtnetlink_dump(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint32_t type = 0, family = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_uint32(env, argv[0], &type) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &family) != napi_ok) {
    napi_throw_type_error(env, NULL, "rtnetlinkDump expects (type, family)");
    return NULL;
  }
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) { napi_throw(env, osprey_errno_error(env, "socket", "", errno)); return NULL; }
  if (send_request(fd, (uint16_t)type, (uint8_t)family) != 0) {
    int saved = errno;
    close(fd);
    napi_throw(env, osprey_errno_error(env, "sendto", "", saved));
    return NULL;
  }
  static char buf[DUMP_BUFFER];
  napi_value out;
  napi_create_array(env, &out);
  uint32_t count = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int saved = n < 0 ? errno : EPROTO;
      close(fd);
      napi_throw(env, osprey_errno_error(env, "recv", "", saved));
      return NULL;
    }
    int done = take_messages(env, buf, n, out, &count);
    if (done < 0) {
      close(fd);
      napi_throw(env, osprey_errno_error(env, "rtnetlink", "", -done));
      return NULL;
    }
    if (done == 1) break;
  }
  close(fd);
  return out;
}
