/*
 * Gives memory the process no longer uses back to the kernel, for the daemon's resident size (osquery's watchdog
 * limits VmRSS; collector/daemon/memory-trim.ts says when this runs).
 *
 * trimMemory(dropCleanFileMappings) -> bytes released from file mappings (an estimate: their resident size before)
 * - malloc_trim(0): glibc keeps freed chunks inside its heaps (a burst of SQLite rows or a big file read leaves
 *   megabytes free but resident); malloc_trim returns the free whole pages of every arena.
 * - with dropCleanFileMappings: MADV_DONTNEED on every read-only, file-backed mapping with no private (COW) pages,
 *   such as the node executable's text and read-only data. Most of it is touched once at start-up (V8's snapshot,
 *   ICU data, symbol tables: ~25 MB of the worker's ~50 MB of file pages). The pages stay in the page cache, shared
 *   with every other process mapping the file; a page used again is mapped back by a minor fault, with no I/O. A
 *   mapping with any private-dirty or anonymous page (relocated RELRO data) is left alone: dropping those pages
 *   would lose the process's writes. /proc/self/smaps tells which mappings qualify.
 */
#include <ctype.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <node_api.h>

#include "events_native.h"

typedef struct {
  unsigned long start, end;
  long rss_kb;
  int candidate; /* file-backed and not writable, so far clean */
} mapping;

enum { MAX_MAPPINGS = 1024 };

/* "start-end perms offset dev inode path": a mapping's first line. Candidates are read-only (r--p, r-xp) files. */
static int parse_header(const char *line, mapping *m) {
  char perms[8] = {0};
  unsigned long inode = 0;
  if (sscanf(line, "%lx-%lx %7s %*s %*s %lu", &m->start, &m->end, perms, &inode) != 4) return 0;
  m->rss_kb = 0;
  m->candidate = inode != 0 && perms[0] == 'r' && perms[1] == '-' && perms[3] == 'p';
  return 1;
}

/* Private_Dirty or Anonymous above zero: the mapping holds the process's own writes. */
static void parse_field(const char *line, mapping *m) {
  long kb = 0;
  if (sscanf(line, "Rss: %ld", &kb) == 1) m->rss_kb = kb;
  else if (sscanf(line, "Private_Dirty: %ld", &kb) == 1 && kb > 0) m->candidate = 0;
  else if (sscanf(line, "Anonymous: %ld", &kb) == 1 && kb > 0) m->candidate = 0;
}

/* Reads /proc/self/smaps, then drops the qualifying mappings; returns their resident bytes before. */
static double drop_clean_file_mappings(void) {
  FILE *smaps = fopen("/proc/self/smaps", "r");
  if (smaps == NULL) return 0;
  mapping *maps = calloc(MAX_MAPPINGS, sizeof(mapping));
  size_t count = 0;
  char *line = NULL;
  size_t cap = 0;
  mapping current = {0};
  int have = 0;
  while (maps != NULL && getline(&line, &cap, smaps) > 0) {
    mapping next;
    /* Mapping lines start with a lower-case hex address, field lines with a capitalised name ("Rss:"). */
    if (isxdigit((unsigned char)line[0]) && !isupper((unsigned char)line[0]) && parse_header(line, &next)) {
      if (have && current.candidate && current.rss_kb > 0 && count < MAX_MAPPINGS) maps[count++] = current;
      current = next;
      have = 1;
    } else if (have) {
      parse_field(line, &current);
    }
  }
  if (have && current.candidate && current.rss_kb > 0 && count < MAX_MAPPINGS) maps[count++] = current;
  free(line);
  fclose(smaps);
  double released = 0;
  for (size_t i = 0; i < count; i++) {
    if (madvise((void *)maps[i].start, maps[i].end - maps[i].start, MADV_DONTNEED) == 0) {
      released += (double)maps[i].rss_kb * 1024;
    }
  }
  free(maps);
  return released;
}

static napi_value trim_memory(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool drop = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_bool(env, argv[0], &drop);
  malloc_trim(0);
  napi_value result;
  napi_create_double(env, drop ? drop_clean_file_mappings() : 0, &result);
  return result;
}

void osprey_define_trim(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "trimMemory", NULL, trim_memory, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
