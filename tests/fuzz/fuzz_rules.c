/* fuzz_rules.c - the rule file parser (YAML, libyaml), pattern compilation
 * and the examples' self-test, fed one rule file from memory. */
#include "fuzz.h"

#include <string.h>

static void on_fail(const char *msg, void *ud) {
  (void)ud;
  FUZZ_CHECK(msg != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cl_rules *rules = cl_rules_new();
  if (!rules)
    return 0;
  cl_status st = cl_rules_load_buffer(rules, "fuzz.yaml", (const char *)data, size);
  for (size_t i = 0; i < cl_rules_error_count(rules); i++)
    FUZZ_CHECK(strncmp(cl_rules_error(rules, i), "fuzz.yaml:", 10) == 0);
  if (st == CL_OK && cl_rules_error_count(rules) == 0 &&
      cl_rules_compile(rules) == CL_OK && cl_rules_error_count(rules) == 0) {
    for (size_t i = 0; i < cl_rules_count(rules); i++) {
      FUZZ_CHECK(cl_rules_id(rules, i) != NULL);
      FUZZ_CHECK(cl_kind_name(cl_rules_kind(rules, i)) != NULL);
    }
    size_t passed = 0, failed = 0;
    (void)cl_rules_selftest(rules, on_fail, NULL, &passed, &failed);
  }
  cl_rules_free(rules);
  return 0;
}
