/* yamlcheck.c - a pass over a YAML text's events before libyaml loads it:
 * refuses nesting deeper than a cap, more anchors or aliases than a cap
 * (each alias looks its anchor up) and aliases that expand past a node
 * budget (issue 14: 391 bytes of front matter made 43 million credits,
 * and libyaml's scanner costs O(depth) a token, so 100k levels took
 * 15 s).  Every YAML reader (front matter, config, rules, policies)
 * calls it, so no traversal of a loaded document meets a cycle, a
 * billion laughs or a depth its recursion cannot take. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
  char *name;
  size_t nodes; /* nodes of the anchored subtree, aliases expanded */
} anchor;

/* Open collections: the expanded node count of each so far, and the
 * anchor it carries (NULL if none). */
typedef struct {
  size_t nodes;
  char *anchor;
} level;

static int anchor_add(anchor **v, size_t *n, size_t *cap, char *name,
                      size_t nodes) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 16;
    anchor *p = realloc(*v, c * sizeof *p);
    if (!p)
      return -1;
    *v = p;
    *cap = c;
  }
  (*v)[(*n)++] = (anchor){name, nodes};
  return 0;
}

/* The latest anchor of NAME (YAML lets a later one shadow it), or NULL. */
static const anchor *anchor_find(const anchor *v, size_t n, const char *name) {
  for (size_t i = n; i-- > 0;)
    if (strcmp(v[i].name, name) == 0)
      return &v[i];
  return NULL;
}

/* Anchors not yet closed: an alias to one of them is a cycle. */
static int in_open_anchor(const level *stack, size_t depth, const char *name) {
  for (size_t i = 0; i < depth; i++)
    if (stack[i].anchor && strcmp(stack[i].anchor, name) == 0)
      return 1;
  return 0;
}

/* Whether DATA keeps within LIM on its face, unparsed: without '&' or '*'
 * it has no anchor and no alias, and no collection opens without a
 * character of its own among "[{-?:" (a flow bracket, a sequence entry, a
 * key or value indicator), so no more collections can be open at once
 * than it holds of those.  Most front matter passes here, and is then
 * parsed once (by the loader), not twice. */
static int plainly_within(const char *data, size_t len, size_t max_depth) {
  size_t openers = 0;
  for (size_t i = 0; i < len; i++)
    switch (data[i]) {
    case '&':
    case '*':
      return 0;
    case '[':
    case '{':
    case '-':
    case '?':
    case ':':
      if (++openers > max_depth)
        return 0;
      break;
    default:
      break;
    }
  return 1;
}

int cl_yaml_check(const char *data, size_t len, const cl_yaml_limits *lim,
                  cl_buf *why, unsigned long *why_line) {
  yaml_parser_t parser;
  yaml_event_t ev;
  level stack[CL_YAML_MAX_DEPTH];
  /* Nodes as written (an alias is one) and as a reader walking the
   * document sees them (an alias is its anchor's whole subtree). */
  size_t depth = 0, written = 0, expanded = 0, aliases = 0;
  anchor *anchors = NULL;
  size_t nanchors = 0, cap = 0;
  int rc = -1;
  size_t max_depth = lim->max_depth < CL_YAML_MAX_DEPTH ? lim->max_depth
                                                         : CL_YAML_MAX_DEPTH;
  cl_buf_clear(why);
  if (plainly_within(data, len, max_depth))
    return 0;
  if (!yaml_parser_initialize(&parser))
    return -1;
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  for (;;) {
    /* A syntax error is the loader's to report, with its own message. */
    if (!yaml_parser_parse(&parser, &ev)) {
      rc = 0;
      break;
    }
    unsigned long line = (unsigned long)ev.start_mark.line + 1;
    const char *name = NULL;
    size_t nodes = 0; /* the event's node, expanded */
    int bad = 0, refused = 0;
    switch (ev.type) {
    case YAML_SCALAR_EVENT:
      nodes = 1;
      name = (const char *)ev.data.scalar.anchor;
      if (name) {
        char *dup = cl_strdup(name);
        bad = !dup || anchor_add(&anchors, &nanchors, &cap, dup, 1) < 0;
        if (bad)
          free(dup);
      }
      break;
    case YAML_ALIAS_EVENT: {
      name = (const char *)ev.data.alias.anchor;
      if (++aliases > lim->max_anchors) {
        refused = 1;
        bad = cl_buf_printf(why, "more than %zu aliases", lim->max_anchors) < 0;
        break;
      }
      const anchor *a = anchor_find(anchors, nanchors, name);
      nodes = a ? a->nodes : 1;
      if (!a && in_open_anchor(stack, depth, name)) {
        refused = 1;
        bad = cl_buf_printf(why, "alias *%s inside its own anchor",
                            name) < 0;
      }
      break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      name = ev.type == YAML_SEQUENCE_START_EVENT
                 ? (const char *)ev.data.sequence_start.anchor
                 : (const char *)ev.data.mapping_start.anchor;
      if (depth == max_depth) {
        refused = 1;
        bad = cl_buf_printf(why, "nested deeper than %zu levels",
                            max_depth) < 0;
        break;
      }
      stack[depth].nodes = 1;
      stack[depth].anchor = name ? cl_strdup(name) : NULL;
      bad = name && !stack[depth].anchor;
      depth++;
      written++;
      expanded++;
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (depth) {
        level *l = &stack[--depth];
        if (l->anchor &&
            anchor_add(&anchors, &nanchors, &cap, l->anchor, l->nodes) < 0) {
          free(l->anchor);
          bad = 1;
        }
        if (depth)
          stack[depth - 1].nodes += l->nodes;
      }
      break;
    default:
      break;
    }
    if (nodes) {
      written++;
      expanded += nodes;
      if (depth)
        stack[depth - 1].nodes += nodes;
    }
    if (!bad && !refused && nanchors > lim->max_anchors) {
      refused = 1;
      bad = cl_buf_printf(why, "more than %zu anchors", lim->max_anchors) < 0;
    }
    if (!bad && !refused && expanded - written > lim->max_alias_nodes) {
      refused = 1;
      bad = cl_buf_printf(why, "aliases expand past %zu nodes",
                          lim->max_alias_nodes) < 0;
    }
    int end = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    if (refused)
      *why_line = line;
    if (bad || refused || end) {
      rc = bad ? -1 : refused;
      break;
    }
  }
  for (size_t i = 0; i < depth; i++)
    free(stack[i].anchor);
  for (size_t i = 0; i < nanchors; i++)
    free(anchors[i].name);
  free(anchors);
  yaml_parser_delete(&parser);
  return rc;
}
