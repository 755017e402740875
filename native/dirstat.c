/*
 * Directory listing with each entry's metadata in one call, for the file table and the `%`/`%%` path patterns:
 * getdents64, then fstatat(AT_SYMLINK_NOFOLLOW) on the directory's fd for each entry, stat() through a link (first,
 * when d_type says link: then the lstat is not needed), and its readlinkat() text when asked. Node would make three
 * JS calls (and a BigIntStats object) per entry.
 *
 * statDir(dir, flags) -> { names, links, stats }: names sorted by bytes (strcmp), each followed by a NUL.
 * statPaths(paths, flags) -> { links, stats }: the same records for NUL-separated absolute paths.
 * flags: DS_STAT (1) fills the whole record, else only the lstat type (from d_type when the filesystem gives it);
 * DS_LINKS (2) gives each link's text in `links` (NUL-terminated, empty for anything that is not a link).
 * `stats` is a Float64Array of DS_FIELDS numbers per entry (see the enum); 64-bit fields come as two 32-bit halves so
 * an overlayfs inode above 2^53 stays exact. A directory that cannot be opened or read throws an errno error as
 * Node's fs does; an entry that cannot be lstat()ed has its errno in the record.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <node_api.h>

#include "events_native.h"

enum { DS_STAT = 1, DS_LINKS = 2 };

/* Must match collector/files/dir-stats.ts. */
enum {
  F_ERRNO, F_LMODE, F_MODE, F_DANGLING, F_INO_HI, F_INO_LO, F_UID, F_GID, F_RDEV_HI, F_RDEV_LO,
  F_SIZE_HI, F_SIZE_LO, F_BLKSIZE, F_ATIME, F_MTIME, F_CTIME, F_NLINK, DS_FIELDS
};

typedef struct {
  char *data;
  size_t len, cap;
} buffer;

static int append(buffer *b, const char *bytes, size_t n) {
  if (b->cap - b->len < n) {
    size_t cap = b->cap == 0 ? 4096 : b->cap;
    while (cap - b->len < n) cap *= 2;
    char *grown = realloc(b->data, cap);
    if (grown == NULL) return 0;
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, bytes, n);
  b->len += n;
  return 1;
}

static void split64(uint64_t value, double *hi, double *lo) {
  *hi = (double)(value >> 32);
  *lo = (double)(value & 0xffffffffu);
}

static void fill_stat(const struct stat *st, double *rec) {
  rec[F_MODE] = st->st_mode;
  split64((uint64_t)st->st_ino, &rec[F_INO_HI], &rec[F_INO_LO]);
  rec[F_UID] = st->st_uid;
  rec[F_GID] = st->st_gid;
  split64((uint64_t)st->st_rdev, &rec[F_RDEV_HI], &rec[F_RDEV_LO]);
  split64((uint64_t)st->st_size, &rec[F_SIZE_HI], &rec[F_SIZE_LO]);
  rec[F_BLKSIZE] = (double)st->st_blksize;
  rec[F_ATIME] = (double)st->st_atim.tv_sec;
  rec[F_MTIME] = (double)st->st_mtim.tv_sec;
  rec[F_CTIME] = (double)st->st_ctim.tv_sec;
  rec[F_NLINK] = (double)st->st_nlink;
}

/* One entry's record (all zero on entry); d_type is DT_UNKNOWN when there is no listing to take it from. */
static int stat_entry(int dfd, const char *name, unsigned char d_type, int flags, double *rec, buffer *links) {
  struct stat st;
  int is_link = 0;
  if (!(flags & DS_STAT) && d_type != DT_UNKNOWN) {
    rec[F_LMODE] = rec[F_MODE] = DTTOIF(d_type);
    is_link = d_type == DT_LNK;
  } else if (d_type == DT_LNK && fstatat(dfd, name, &st, 0) == 0) {
    // A link (so the listing says) that resolves: its stat() is the record and lstat() is not needed.
    rec[F_LMODE] = S_IFLNK | 0777;
    fill_stat(&st, rec);
    is_link = 1;
  } else if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    rec[F_ERRNO] = errno;
  } else {
    rec[F_LMODE] = st.st_mode;
    is_link = S_ISLNK(st.st_mode);
    if (flags & DS_STAT) {
      struct stat target;
      // stat() of anything but a link is its lstat(); a dangling link reports the link itself.
      if (is_link && fstatat(dfd, name, &target, 0) == 0) fill_stat(&target, rec);
      else {
        fill_stat(&st, rec);
        rec[F_DANGLING] = is_link;
      }
    } else {
      rec[F_MODE] = st.st_mode;
    }
  }
  if (!(flags & DS_LINKS)) return 1;
  if (is_link) {
    char text[PATH_MAX];
    ssize_t n = readlinkat(dfd, name, text, sizeof text);
    if (n > 0 && !append(links, text, (size_t)n)) return 0;
  }
  return append(links, "", 1);
}

static napi_value result_object(napi_env env, buffer *names, buffer *links, napi_value stats) {
  napi_value out, value;
  napi_create_object(env, &out);
  if (names != NULL) {
    napi_create_string_utf8(env, names->len ? names->data : "", names->len, &value);
    napi_set_named_property(env, out, "names", value);
  }
  napi_create_string_utf8(env, links->len ? links->data : "", links->len, &value);
  napi_set_named_property(env, out, "links", value);
  napi_set_named_property(env, out, "stats", stats);
  return out;
}

/* A zeroed Float64Array of count records; *records is where to write them (NULL when count is 0). */
static int new_records(napi_env env, size_t count, napi_value *array, double **records) {
  void *data = NULL;
  napi_value buffer_value;
  size_t bytes = count * DS_FIELDS * sizeof(double);
  if (napi_create_arraybuffer(env, bytes, &data, &buffer_value) != napi_ok) return 0;
  if (napi_create_typedarray(env, napi_float64_array, count * DS_FIELDS, buffer_value, 0, array) != napi_ok) return 0;
  if (bytes > 0) memset(data, 0, bytes);
  *records = data;
  return 1;
}

static int read_args(napi_env env, napi_callback_info info, buffer *text, int *flags) {
  size_t argc = 2, length = 0;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], NULL, 0, &length) != napi_ok) return 0;
  text->data = malloc(length + 1);
  if (text->data == NULL) return 0;
  napi_get_value_string_utf8(env, argv[0], text->data, length + 1, &text->len);
  int32_t value = 0;
  if (napi_get_value_int32(env, argv[1], &value) != napi_ok) return 0;
  *flags = value;
  return 1;
}

typedef struct {
  buffer names;         /* NUL-terminated names */
  size_t *offsets;      /* start of each name in names */
  unsigned char *types; /* d_type of each name */
  size_t count, cap;
} listing;

static void listing_free(listing *l) {
  free(l->names.data);
  free(l->offsets);
  free(l->types);
}

static int listing_add(listing *l, const char *name, unsigned char d_type) {
  if (l->count == l->cap) {
    size_t cap = l->cap == 0 ? 64 : l->cap * 2;
    size_t *offsets = realloc(l->offsets, cap * sizeof(size_t));
    if (offsets == NULL) return 0;
    l->offsets = offsets;
    unsigned char *types = realloc(l->types, cap);
    if (types == NULL) return 0;
    l->types = types;
    l->cap = cap;
  }
  l->offsets[l->count] = l->names.len;
  l->types[l->count] = d_type;
  l->count++;
  return append(&l->names, name, strlen(name) + 1);
}

static int by_name(const void *a, const void *b, void *arg) {
  const listing *l = arg;
  return strcmp(l->names.data + l->offsets[*(const size_t *)a], l->names.data + l->offsets[*(const size_t *)b]);
}

/* getdents64's record (glibc's struct dirent64 is the same layout). */
struct kernel_dirent {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

/*
 * Reads the names of an open directory, sorted; 0 with errno set on failure. getdents64 on the fd itself rather than
 * opendir/readdir, whose opendir adds an fstat and fdopendir an fcntl and a dup per directory.
 */
static int read_listing(int dfd, listing *l) {
  static _Thread_local _Alignas(8) char chunk[32768];
  int ok = 1;
  for (;;) {
    ssize_t got = getdents64(dfd, chunk, sizeof chunk);
    if (got < 0) return 0;
    if (got == 0) break;
    for (ssize_t at = 0; ok && at < got;) {
      const struct kernel_dirent *entry = (const struct kernel_dirent *)(chunk + at);
      at += entry->d_reclen;
      const char *n = entry->d_name;
      if (n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0'))) continue;
      ok = listing_add(l, n, entry->d_type);
    }
    if (!ok) break;
  }
  if (!ok) {
    errno = ENOMEM;
    return 0;
  }
  // Sort an index of the entries by name, then put offsets and types in that order.
  size_t *order = malloc((l->count ? l->count : 1) * sizeof(size_t));
  size_t *offsets = malloc((l->count ? l->count : 1) * sizeof(size_t));
  unsigned char *types = malloc(l->count ? l->count : 1);
  if (order == NULL || offsets == NULL || types == NULL) {
    free(order);
    free(offsets);
    free(types);
    errno = ENOMEM;
    return 0;
  }
  for (size_t i = 0; i < l->count; i++) order[i] = i;
  qsort_r(order, l->count, sizeof(size_t), by_name, l);
  for (size_t i = 0; i < l->count; i++) {
    offsets[i] = l->offsets[order[i]];
    types[i] = l->types[order[i]];
  }
  free(order);
  free(l->offsets);
  free(l->types);
  l->offsets = offsets;
  l->types = types;
  return 1;
}

static napi_value stat_dir(napi_env env, napi_callback_info info) {
  buffer path = {0}, names = {0}, links = {0};
  int flags = 0;
  if (!read_args(env, info, &path, &flags)) {
    free(path.data);
    napi_throw_type_error(env, NULL, "statDir(dir, flags): dir must be a string and flags a number");
    return NULL;
  }
  int dfd = open(path.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  listing l = {0};
  if (dfd < 0 || !read_listing(dfd, &l)) {
    int saved = errno;
    if (dfd >= 0) close(dfd);
    napi_throw(env, osprey_errno_error(env, "scandir", path.data, saved));
    free(path.data);
    listing_free(&l);
    return NULL;
  }
  napi_value stats, result = NULL;
  double *records = NULL;
  int ok = new_records(env, l.count, &stats, &records);
  for (size_t i = 0; ok && i < l.count; i++) {
    const char *name = l.names.data + l.offsets[i];
    ok = stat_entry(dfd, name, l.types[i], flags, records + i * DS_FIELDS, &links) &&
         append(&names, name, strlen(name) + 1);
  }
  close(dfd);
  if (ok) result = result_object(env, &names, &links, stats);
  else napi_throw_error(env, "ENOMEM", "statDir: out of memory");
  free(path.data);
  free(names.data);
  free(links.data);
  listing_free(&l);
  return result;
}

static napi_value stat_paths(napi_env env, napi_callback_info info) {
  buffer paths = {0}, links = {0};
  int flags = 0;
  if (!read_args(env, info, &paths, &flags)) {
    free(paths.data);
    napi_throw_type_error(env, NULL, "statPaths(paths, flags): paths must be a string and flags a number");
    return NULL;
  }
  size_t count = 0;
  for (size_t i = 0; i < paths.len; i++) count += paths.data[i] == '\0';
  napi_value stats, result = NULL;
  double *records = NULL;
  int ok = new_records(env, count, &stats, &records);
  const char *at = paths.data;
  for (size_t i = 0; ok && i < count; i++) {
    ok = stat_entry(AT_FDCWD, at, DT_UNKNOWN, flags, records + i * DS_FIELDS, &links);
    at += strlen(at) + 1;
  }
  if (ok) result = result_object(env, NULL, &links, stats);
  else napi_throw_error(env, "ENOMEM", "statPaths: out of memory");
  free(paths.data);
  free(links.data);
  return result;
}

void osprey_define_dirstat(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "statDir", NULL, stat_dir, NULL, NULL, NULL, napi_default, NULL },
    { "statPaths", NULL, stat_paths, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
