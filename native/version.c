/*
 * Version collations as osquery registers them (version, version_arch, version_dpkg, version_rhel) and the
 * version_compare(a, b[, flavour]) function. The comparison is osquery's own (sqlite_collation.cpp), not dpkg's or
 * rpm's, so results match osquery's, including its documented examples.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "osprey.h"

SQLITE_EXTENSION_INIT3

typedef int (*version_cmp)(const char *a, int alen, const char *b, int blen);

/* How the four osquery flavours differ (osquery/sql/sqlite_collation.cpp). */
typedef struct {
  int epoch;               /* a version with an epoch ("N:") sorts after one without; else epoch lengths compare */
  int delim_precedence;    /* delimiters rank ~ < - < ^ < . < : */
  int remaining;           /* a trailing "~" sorts before the end, "^" after, "-" equal */
  int remainder_numeric;   /* arch: a longer numeric tail wins by length */
} flavour;

static const flavour GENERIC = {0, 0, 0, 0};
static const flavour ARCH = {1, 0, 1, 1};
static const flavour DPKG = {1, 1, 0, 0};
static const flavour RHEL = {1, 1, 1, 0};

static int is_delimiter(int c) { return c == '~' || c == '-' || c == '^' || c == '.' || c == ':'; }

static int delimiter_rank(int c) {
  switch (c) {
    case '~': return 1;
    case '-': return 2;
    case '^': return 3;
    case '.': return 4;
    case ':': return 5;
    default: return 0;
  }
}

static int epoch_length(const char *v, int len) {
  for (int i = 0; i < len; i++) if (v[i] == ':') return i;
  return len;
}

static int compare_epoch(const char *a, int al, const char *b, int bl) {
  int ae = epoch_length(a, al), be = epoch_length(b, bl);
  if (ae != al && be != bl) return ae - be;
  if (ae != al) return 1;
  if (be != bl) return -1;
  return 0;
}

/* One version is a prefix of the other (up to pos): the tail decides. */
static int compare_tail(const char *a, int al, const char *b, int bl, int pos, int diff, const flavour *f) {
  if (f->remaining) {
    if (al == pos) {
      switch (b[pos]) {
        case '~': return 1;
        case '-': return 0;
        case '^': return -1;
        default:
          if (diff != 0 && (!f->remainder_numeric || pos == 0 || !isdigit((unsigned char)a[pos - 1]))) return diff;
      }
    }
    if (bl == pos) {
      switch (a[pos]) {
        case '~': return -1;
        case '-': return 0;
        case '^': return 1;
        default:
          if (diff != 0 && (!f->remainder_numeric || pos == 0 || !isdigit((unsigned char)b[pos - 1]))) return diff;
      }
    }
  }
  return al - bl;
}

/*
 * Segments between delimiters compare by their first differing character once both reach a delimiter; a segment
 * that ends earlier (a delimiter against a non-delimiter) is the smaller one. So '20.10a' > '20.102'.
 */
static int compare_with(const char *a, int al, const char *b, int bl, const flavour *f) {
  if (f->epoch) {
    int e = compare_epoch(a, al, b, bl);
    if (e != 0) return e;
  }
  int first_diff = 0, min = al < bl ? al : bl;
  for (int i = 0; i < min; i++) {
    int ac = (unsigned char)a[i], bc = (unsigned char)b[i];
    int ad = is_delimiter(ac), bd = is_delimiter(bc);
    if (!ad && !bd) {
      if (first_diff == 0) first_diff = ac - bc;
      continue;
    }
    if (ad != bd) return ad ? -1 : 1;
    if (first_diff != 0) return first_diff;
    if (f->delim_precedence) {
      int d = delimiter_rank(ac) - delimiter_rank(bc);
      if (d != 0) return d;
    }
  }
  if (al == bl) return first_diff;
  return compare_tail(a, al, b, bl, min, first_diff, f);
}

static int cmp_generic(const char *a, int al, const char *b, int bl) { return compare_with(a, al, b, bl, &GENERIC); }
static int cmp_arch(const char *a, int al, const char *b, int bl) { return compare_with(a, al, b, bl, &ARCH); }
static int cmp_dpkg(const char *a, int al, const char *b, int bl) { return compare_with(a, al, b, bl, &DPKG); }
static int cmp_rhel(const char *a, int al, const char *b, int bl) { return compare_with(a, al, b, bl, &RHEL); }

static int sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

static int collate(void *arg, int al, const void *a, int bl, const void *b) {
  return ((version_cmp)arg)((const char *)a, al, (const char *)b, bl);
}

static version_cmp scheme_of(const char *name) {
  if (name == NULL) return cmp_generic;
  if (sqlite3_stricmp(name, "dpkg") == 0 || sqlite3_stricmp(name, "version_dpkg") == 0) return cmp_dpkg;
  if (sqlite3_stricmp(name, "rhel") == 0 || sqlite3_stricmp(name, "version_rhel") == 0) return cmp_rhel;
  if (sqlite3_stricmp(name, "arch") == 0 || sqlite3_stricmp(name, "version_arch") == 0) return cmp_arch;
  return cmp_generic;
}

/* version_compare(a, b[, scheme]) -> -1, 0 or 1. */
static void fn_version_compare(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const char *a = (const char *)sqlite3_value_text(argv[0]);
  int al = sqlite3_value_bytes(argv[0]);
  const char *b = (const char *)sqlite3_value_text(argv[1]);
  int bl = sqlite3_value_bytes(argv[1]);
  version_cmp cmp = scheme_of(argc > 2 ? (const char *)sqlite3_value_text(argv[2]) : NULL);
  sqlite3_result_int(ctx, sign(cmp(a, al, b, bl)));
}

int osprey_register_collations(sqlite3 *db) {
  int rc = sqlite3_create_collation(db, "version", SQLITE_UTF8, (void *)cmp_generic, collate);
  if (rc == SQLITE_OK) rc = sqlite3_create_collation(db, "version_dpkg", SQLITE_UTF8, (void *)cmp_dpkg, collate);
  if (rc == SQLITE_OK) rc = sqlite3_create_collation(db, "version_rhel", SQLITE_UTF8, (void *)cmp_rhel, collate);
  if (rc == SQLITE_OK) rc = sqlite3_create_collation(db, "version_arch", SQLITE_UTF8, (void *)cmp_arch, collate);
  for (int n = 2; rc == SQLITE_OK && n <= 3; n++) {
    rc = sqlite3_create_function(db, "version_compare", n, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                 fn_version_compare, NULL, NULL);
  }
  return rc;
}
