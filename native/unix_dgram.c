/*
 * Datagrams to and from UNIX sockets (SOCK_DGRAM), which Node's net and dgram modules cannot do: syslog(3) writes
 * to /dev/log this way, and so does osquery's syslog logger. Sends are non-blocking; a full socket buffer is an
 * error the caller sees (EAGAIN), as a lost datagram would otherwise be silent.
 */
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int throw_errno(napi_env env, const char *what, const char *path) {
  char message[512];
  snprintf(message, sizeof(message), "%s %s: %s", what, path, strerror(errno));
  napi_throw_error(env, NULL, message);
  return -1;
}

static int read_path(napi_env env, napi_value value, struct sockaddr_un *addr) {
  size_t len = 0;
  memset(addr, 0, sizeof(*addr));
  addr->sun_family = AF_UNIX;
  if (napi_get_value_string_utf8(env, value, addr->sun_path, sizeof(addr->sun_path), &len) != napi_ok ||
      len >= sizeof(addr->sun_path) - 1) {
    napi_throw_type_error(env, NULL, "socket path must be a string shorter than 107 bytes");
    return -1;
  }
  return 0;
}

/* unixDgramSend(path, buffer): sends one datagram. */
napi_value osprey_unix_dgram_send(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  struct sockaddr_un addr;
  void *data = NULL;
  size_t size = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || read_path(env, argv[0], &addr) != 0) return NULL;
  if (napi_get_buffer_info(env, argv[1], &data, &size) != napi_ok) {
    napi_throw_type_error(env, NULL, "data must be a Buffer");
    return NULL;
  }
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    throw_errno(env, "socket for", addr.sun_path);
    return NULL;
  }
  ssize_t sent = sendto(fd, data, size, 0, (struct sockaddr *)&addr, sizeof(addr));
  int saved = errno;
  close(fd);
  errno = saved;
  if (sent < 0) throw_errno(env, "sendto", addr.sun_path);
  return NULL;
}

/* unixDgramBind(path) -> fd: a non-blocking receiving socket (tests, and a future syslog_events source). */
napi_value osprey_unix_dgram_bind(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  struct sockaddr_un addr;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || read_path(env, argv[0], &addr) != 0) return NULL;
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
    if (fd >= 0) close(fd);
    throw_errno(env, "bind", addr.sun_path);
    return NULL;
  }
  napi_create_int32(env, fd, &result);
  return result;
}

/* unixDgramReceive(fd) -> Buffer | null: one pending datagram, or null when none is waiting. */
napi_value osprey_unix_dgram_receive(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  int32_t fd = -1;
  char buf[65536];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) return NULL;
  ssize_t got = recv(fd, buf, sizeof(buf), 0);
  if (got < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      napi_get_null(env, &result);
      return result;
    }
    throw_errno(env, "recv on", "socket");
    return NULL;
  }
  void *out = NULL;
  napi_create_buffer_copy(env, (size_t)got, buf, &out, &result);
  return result;
}

/* unixDgramClose(fd) */
napi_value osprey_unix_dgram_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1 && napi_get_value_int32(env, argv[0], &fd) == napi_ok && fd >= 0) close(fd);
  return NULL;
}
