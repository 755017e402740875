/*
 * A directory walk in one call for the suid_bin table: the daemon's packs run it every 10 s over /bin, /usr/bin, ...
 * and /tmp (tens of thousands of entries on a busy host), where one lstatSync per entry from JS cost ~10x the
 * syscalls themselves. modeWalk(roots, mask) walks each root (following the root itself if it is a symlink, as
 * readdir does), names sorted bytewise, and returns only the regular files whose mode (symlinks followed)
 * has a bit of `mask` set: { matches: [{ path, uid, gid, mode }], errors: [Error] }. Symlinked directories are not
 * descended into. Errors are Node-style errno errors (syscall 'scandir' for a directory that cannot be listed,
 * 'stat' for an entry that cannot be stat'ed); the walk goes on after each.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <node_api.h>

#include "events_native.h"

#define WALK_PATH_MAX 4096
#define WALK_DEPTH_MAX 128

typedef struct {
  napi_env env;
  napi_value matches;
  napi_value errors;
  uint32_t match_count;
  uint32_t error_count;
  unsigned mask;
  char path[WALK_PATH_MAX];
} walk_state;

static void add_error(walk_state *w, const char *syscall, int errnum) {
  napi_set_element(w->env, w->errors, w->error_count++, osprey_errno_error(w->env, syscall, w->path, errnum));
}

static void add_match(walk_state *w, const struct stat *st) {
  napi_value row, value;
  napi_create_object(w->env, &row);
  napi_create_string_utf8(w->env, w->path, NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(w->env, row, "path", value);
  napi_create_uint32(w->env, st->st_uid, &value);
  napi_set_named_property(w->env, row, "uid", value);
  napi_create_uint32(w->env, st->st_gid, &value);
  napi_set_named_property(w->env, row, "gid", value);
  napi_create_uint32(w->env, st->st_mode, &value);
  napi_set_named_property(w->env, row, "mode", value);
  napi_set_element(w->env, w->matches, w->match_count++, row);
}

typedef struct {
  char *name;
  unsigned char type; /* d_type: DT_DIR and DT_REG spare a stat call; DT_UNKNOWN takes the general path */
} walk_entry;

static int compare_entries(const void *a, const void *b) {
  return strcmp(((const walk_entry *)a)->name, ((const walk_entry *)b)->name);
}

/* The entries of an open directory, sorted by name; consumes fd. NULL (errno set) when it cannot be read. */
static walk_entry *sorted_entries(int fd, size_t *count) {
  DIR *dir = fdopendir(fd);
  if (dir == NULL) {
    int saved = errno;
    close(fd);
    errno = saved;
    return NULL;
  }
  size_t used = 0, size = 64;
  walk_entry *names = malloc(size * sizeof *names);
  struct dirent *entry;
  while (names != NULL && (entry = readdir(dir)) != NULL) {
    const char *n = entry->d_name;
    if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
    if (used == size) {
      walk_entry *grown = realloc(names, (size *= 2) * sizeof *names);
      if (grown == NULL) break;
      names = grown;
    }
    names[used].name = strdup(n);
    names[used].type = entry->d_type;
    if (names[used].name != NULL) used++;
  }
  closedir(dir);
  if (names != NULL) qsort(names, used, sizeof *names, compare_entries);
  *count = used;
  return names;
}

static void walk_dir(walk_state *w, int fd, size_t len, int depth);

/* One entry of dirfd, its path in w->path (length len): descend into a real directory, match a regular file. */
static void visit(walk_state *w, int dirfd, const char *name, unsigned char type, size_t len, int depth) {
  struct stat link, target;
  if (type == DT_DIR || type == DT_LNK) {
    link.st_mode = type == DT_DIR ? S_IFDIR : S_IFLNK;
  } else if (fstatat(dirfd, name, &link, AT_SYMLINK_NOFOLLOW) != 0) {
    add_error(w, "stat", errno);
    return;
  }
  if (S_ISLNK(link.st_mode) && fstatat(dirfd, name, &target, 0) != 0) {
    add_error(w, "stat", errno);
    return;
  }
  const struct stat *st = S_ISLNK(link.st_mode) ? &target : &link;
  if (S_ISDIR(st->st_mode)) {
    if (S_ISLNK(link.st_mode) || depth >= WALK_DEPTH_MAX) return; /* symlinked directories are not descended */
    int child = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child < 0) add_error(w, "scandir", errno);
    else walk_dir(w, child, len, depth + 1);
  } else if (S_ISREG(st->st_mode) && (st->st_mode & w->mask) != 0) {
    add_match(w, st);
  }
}

/* Walks the open directory fd whose path is w->path (length len); consumes fd. */
static void walk_dir(walk_state *w, int fd, size_t len, int depth) {
  size_t count = 0;
  /* fstatat on a descriptor of the directory: no path lookup from / per entry. */
  int dirfd = dup(fd);
  walk_entry *names = sorted_entries(fd, &count);
  if (names == NULL) {
    add_error(w, "scandir", errno);
    if (dirfd >= 0) close(dirfd);
    return;
  }
  for (size_t i = 0; i < count; i++) {
    const char *name = names[i].name;
    size_t name_len = strlen(name);
    if (len + 1 + name_len < WALK_PATH_MAX && dirfd >= 0) {
      w->path[len] = '/';
      memcpy(w->path + len + 1, name, name_len + 1);
      visit(w, dirfd, name, names[i].type, len + 1 + name_len, depth);
      w->path[len] = '\0';
    }
    free(names[i].name);
  }
  if (dirfd >= 0) close(dirfd);
  free(names);
}

static napi_value mode_walk(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint32_t roots = 0, mask = 0;
  bool is_array = false;
  if (argc < 2 || napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array ||
      napi_get_value_uint32(env, argv[1], &mask) != napi_ok) {
    napi_throw_type_error(env, NULL, "modeWalk(roots, mask): roots must be an array of paths, mask a number");
    return NULL;
  }
  napi_get_array_length(env, argv[0], &roots);
  walk_state *w = calloc(1, sizeof *w);
  if (w == NULL) {
    napi_throw_error(env, "ENOMEM", "modeWalk: out of memory");
    return NULL;
  }
  w->env = env;
  w->mask = mask;
  napi_create_array(env, &w->matches);
  napi_create_array(env, &w->errors);
  for (uint32_t i = 0; i < roots; i++) {
    napi_value root;
    size_t len = 0;
    napi_get_element(env, argv[0], i, &root);
    if (napi_get_value_string_utf8(env, root, w->path, WALK_PATH_MAX, &len) != napi_ok || len >= WALK_PATH_MAX - 1) {
      continue;
    }
    while (len > 0 && w->path[len - 1] == '/') w->path[--len] = '\0'; /* "/" walks as "" + "/name" */
    int fd = open(len == 0 ? "/" : w->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) add_error(w, "scandir", errno);
    else walk_dir(w, fd, len, 0);
  }
  napi_value result;
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "matches", w->matches);
  napi_set_named_property(env, result, "errors", w->errors);
  free(w);
  return result;
}

void osprey_define_mode_walk(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "modeWalk", NULL, mode_walk, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
