/*
 * Helpers shared by the kernel event sources (inotify.c, netlink.c): errors that carry errno names as Node's do,
 * and calls into JS from a libuv or thread-safe callback.
 */
#ifndef OSPREY_EVENTS_NATIVE_H
#define OSPREY_EVENTS_NATIVE_H

#include <node_api.h>

/* An Error "what path: strerror" with .code = 'ENOENT' (etc.), .errno and .path, as Node's fs errors look. */
napi_value osprey_errno_error(napi_env env, const char *what, const char *path, int errnum);

/* Calls the referenced function with one argument; a throw becomes an uncaught exception, as in any callback. */
void osprey_call_js(napi_env env, napi_async_context async, napi_ref fn, napi_value arg);

int osprey_is_function(napi_env env, napi_value value);

void osprey_define_inotify(napi_env env, napi_value exports);
void osprey_define_netlink(napi_env env, napi_value exports);
void osprey_define_fifo(napi_env env, napi_value exports);
napi_value osprey_rtnetlink_dump(napi_env env, napi_callback_info info);
void osprey_define_xattr(napi_env env, napi_value exports);
void osprey_define_dirstat(napi_env env, napi_value exports);
void osprey_define_mode_walk(napi_env env, napi_value exports);
void osprey_define_trim(napi_env env, napi_value exports);

#endif
