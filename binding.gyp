{
  "targets": [
    {
      "target_name": "osprey",
      "sources": ["native/addon.c", "native/dispatch.c", "native/vtab.c", "native/version.c", "native/authorizer.c", "native/unix_dgram.c", "native/events_native.c", "native/inotify.c", "native/netlink.c", "native/audit.c", "native/proc_events.c",
                  "native/fanotify.c", "native/dialect.c", "native/uevent.c", "native/fifo.c", "native/rtnetlink.c", "native/xattr.c", "native/dirstat.c", "native/mode_walk.c", "native/trim.c"],
      "include_dirs": ["node_modules/better-sqlite3/deps/sqlite3"],
      "cflags": ["-std=c11", "-O2", "-Wall", "-Wextra", "-D_GNU_SOURCE"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
