/* testutil.h - shared helpers for the CUnit suites: each suite file defines
 * its tests and calls CL_TEST_MAIN with its table. */
#ifndef CL_TESTUTIL_H
#define CL_TESTUTIL_H

#include <CUnit/Basic.h>
#include <stdlib.h>

typedef struct {
  const char *name;
  void (*fn)(void);
} cl_test_case;

/* Runs the cases as one suite; exit status 0 only if all passed. */
static inline int cl_test_run(const char *suite, const cl_test_case *cases) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return 2;
  CU_pSuite s = CU_add_suite(suite, NULL, NULL);
  for (const cl_test_case *c = cases; c->name; c++)
    CU_add_test(s, c->name, c->fn);
  CU_basic_set_mode(CU_BRM_NORMAL);
  CU_basic_run_tests();
  unsigned failed = CU_get_number_of_failures();
  unsigned tests_failed = CU_get_number_of_tests_failed();
  CU_cleanup_registry();
  return (failed || tests_failed) ? 1 : 0;
}

#define CL_TEST_MAIN(suite, cases) \
  int main(void) { return cl_test_run(suite, cases); }

#endif
