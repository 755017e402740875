/*
 * Version collations as osquery registers them (version, version_dpkg, version_rhel, version_arch) and the
 * version_compare(a, b[, scheme]) function. The dpkg algorithm follows dpkg's verrevcmp; rhel/arch follow
 * rpmvercmp (arch adds pacman's epoch and release handling).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "osprey.h"

SQLITE_EXTENSION_INIT3

typedef int (*version_cmp)(const char *a, int alen, const char *b, int blen);

static int sign(long v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

/* Generic: digit runs compare as numbers, letter runs as text, everything else separates. */
static int cmp_generic(const char *a, int al, const char *b, int bl) {
  int i = 0, j = 0;
  while (i < al || j < bl) {
    while (i < al && !isalnum((unsigned char)a[i])) i++;
    while (j < bl && !isalnum((unsigned char)b[j])) j++;
    if (i >= al || j >= bl) return (i >= al && j >= bl) ? 0 : (i >= al ? -1 : 1);
    int ad = isdigit((unsigned char)a[i]), bd = isdigit((unsigned char)b[j]);
    if (ad != bd) return ad ? 1 : -1;
    int si = i, sj = j;
    if (ad) {
      while (si < al && a[si] == '0') si++;
      while (sj < bl && b[sj] == '0') sj++;
      i = si; j = sj;
      while (i < al && isdigit((unsigned char)a[i])) i++;
      while (j < bl && isdigit((unsigned char)b[j])) j++;
      if (i - si != j - sj) return sign((i - si) - (j - sj));
      int c = strncmp(a + si, b + sj, (size_t)(i - si));
      if (c != 0) return sign(c);
    } else {
      while (i < al && isalpha((unsigned char)a[i])) i++;
      while (j < bl && isalpha((unsigned char)b[j])) j++;
      int n = (i - si) < (j - sj) ? (i - si) : (j - sj);
      int c = strncmp(a + si, b + sj, (size_t)n);
      if (c != 0) return sign(c);
      if (i - si != j - sj) return sign((i - si) - (j - sj));
    }
  }
  return 0;
}

/* dpkg's order: '~' sorts before everything, even the end; letters before non-letters. */
static int dpkg_order(int c) {
  if (isdigit(c)) return 0;
  if (isalpha(c)) return c;
  if (c == '~') return -1;
  if (c) return c + 256;
  return 0;
}

static int verrevcmp(const char *a, const char *ae, const char *b, const char *be) {
  while (a < ae || b < be) {
    int first_diff = 0;
    while ((a < ae && !isdigit((unsigned char)*a)) || (b < be && !isdigit((unsigned char)*b))) {
      int ac = a < ae ? dpkg_order((unsigned char)*a) : 0;
      int bc = b < be ? dpkg_order((unsigned char)*b) : 0;
      if (ac != bc) return sign(ac - bc);
      a++; b++;
    }
    while (a < ae && *a == '0') a++;
    while (b < be && *b == '0') b++;
    while (a < ae && isdigit((unsigned char)*a) && b < be && isdigit((unsigned char)*b)) {
      if (!first_diff) first_diff = *a - *b;
      a++; b++;
    }
    if (a < ae && isdigit((unsigned char)*a)) return 1;
    if (b < be && isdigit((unsigned char)*b)) return -1;
    if (first_diff) return sign(first_diff);
  }
  return 0;
}

/* Splits "epoch:upstream-revision"; a missing epoch is 0. */
static void split_evr(const char *s, int len, long *epoch, const char **up, const char **up_end, const char **rev,
                      const char **rev_end, char rev_sep_last) {
  const char *end = s + len, *colon = memchr(s, ':', (size_t)len);
  *epoch = 0;
  if (colon != NULL) { *epoch = strtol(s, NULL, 10); s = colon + 1; }
  const char *dash = NULL;
  for (const char *p = s; p < end; p++) if (*p == '-') { dash = p; if (!rev_sep_last) break; }
  *up = s;
  *up_end = dash ? dash : end;
  *rev = dash ? dash + 1 : end;
  *rev_end = end;
}

static int cmp_dpkg(const char *a, int al, const char *b, int bl) {
  long ea, eb;
  const char *ua, *uae, *ra, *rae, *ub, *ube, *rb, *rbe;
  split_evr(a, al, &ea, &ua, &uae, &ra, &rae, 1);
  split_evr(b, bl, &eb, &ub, &ube, &rb, &rbe, 1);
  if (ea != eb) return ea < eb ? -1 : 1;
  int c = verrevcmp(ua, uae, ub, ube);
  return c != 0 ? c : verrevcmp(ra, rae, rb, rbe);
}

/* rpmvercmp: alternating alpha / digit segments; '~' sorts first, '^' sorts after the end but before more. */
static int rpmvercmp(const char *a, const char *ae, const char *b, const char *be) {
  while (a < ae || b < be) {
    while (a < ae && !isalnum((unsigned char)*a) && *a != '~' && *a != '^') a++;
    while (b < be && !isalnum((unsigned char)*b) && *b != '~' && *b != '^') b++;
    if ((a < ae && *a == '~') || (b < be && *b == '~')) {
      if (!(a < ae && *a == '~')) return 1;
      if (!(b < be && *b == '~')) return -1;
      a++; b++; continue;
    }
    if ((a < ae && *a == '^') || (b < be && *b == '^')) {
      if (a >= ae) return -1;
      if (b >= be) return 1;
      if (*a != '^') return 1;
      if (*b != '^') return -1;
      a++; b++; continue;
    }
    if (a >= ae || b >= be) break;
    const char *sa = a, *sb = b;
    int numeric = isdigit((unsigned char)*a);
    if (numeric) {
      while (a < ae && isdigit((unsigned char)*a)) a++;
      while (b < be && isdigit((unsigned char)*b)) b++;
    } else {
      while (a < ae && isalpha((unsigned char)*a)) a++;
      while (b < be && isalpha((unsigned char)*b)) b++;
    }
    if (sb == b) return numeric ? 1 : -1; /* segments of different kinds: numbers are newer */
    if (numeric) {
      while (sa < a && *sa == '0') sa++;
      while (sb < b && *sb == '0') sb++;
      if (a - sa != b - sb) return (a - sa) > (b - sb) ? 1 : -1;
    }
    size_t la = (size_t)(a - sa), lb = (size_t)(b - sb);
    int c = strncmp(sa, sb, la < lb ? la : lb);
    if (c != 0) return sign(c);
    if (la != lb) return la < lb ? -1 : 1;
  }
  if (a >= ae && b >= be) return 0;
  return a >= ae ? -1 : 1;
}

static int cmp_rhel(const char *a, int al, const char *b, int bl) {
  return rpmvercmp(a, a + al, b, b + bl);
}

static int cmp_arch(const char *a, int al, const char *b, int bl) {
  long ea, eb;
  const char *ua, *uae, *ra, *rae, *ub, *ube, *rb, *rbe;
  split_evr(a, al, &ea, &ua, &uae, &ra, &rae, 1);
  split_evr(b, bl, &eb, &ub, &ube, &rb, &rbe, 1);
  if (ea != eb) return ea < eb ? -1 : 1;
  int c = rpmvercmp(ua, uae, ub, ube);
  if (c != 0 || ra == rae || rb == rbe) return c; /* pacman: a missing release compares equal */
  return rpmvercmp(ra, rae, rb, rbe);
}

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
  sqlite3_result_int(ctx, cmp(a, al, b, bl));
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
