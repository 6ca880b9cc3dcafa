/* test_names.c - names.c: party keys (legal forms, domains, accents,
 * agency aliases, policy parties merged with them), organisations named
 * as authors, persons compared as bylines, and the agency table's
 * validation. */
#include "policy.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static cl_rules *rules_with(const char *yaml) {
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(r), CL_OK);
  if (yaml)
    CU_ASSERT_EQUAL(cl_rules_load_buffer(r, "p.yaml", yaml, strlen(yaml)), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(r), CL_OK);
  return r;
}

static void test_base_key(void) {
  static const struct {
    const char *in, *key;
  } rows[] = {
      {"The Example Times Co.", "example times"},
      {"Example Media GmbH & Co. KG", "example media"},
      {"Ejemplo Noticias, S.A.", "ejemplo noticias"},
      {"Ejemplo Noticias S.A. de C.V.", "ejemplo noticias"},
      {"Ejemplo Radio, S. de R.L. de C.V.", "ejemplo radio"},
      {"Esimerkki Oy", "esimerkki"},
      {"Eksempel ASA", "eksempel"},
      {"Exemplo S.p.A.", "exemplo"},
      {"Example Holdings, Inc.", "example holdings"},
      {"www.ansa.it", "ansa"},
      {"https://www.example.co.uk/news/", "example"},
      {"Zenger News.com", "zenger news"},
      {"www.example-news.com", "example news"},
      {"Süddeutsche Zeitung", "suddeutsche zeitung"},
      {"Sueddeutsche Zeitung", "suddeutsche zeitung"},
      {"Agence France-Presse", "agence france presse"},
      {"  ", ""},
      {"GmbH", "gmbh"}, /* a name is never dropped whole */
  };
  cl_buf b = CL_BUF_INIT;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    CU_ASSERT_EQUAL(cl_org_base_key(rows[i].in, &b), 0);
    if (strcmp(b.ptr, rows[i].key) != 0)
      fprintf(stderr, "\"%s\" -> \"%s\"\n", rows[i].in, b.ptr);
    CU_ASSERT_STRING_EQUAL(b.ptr, rows[i].key);
  }
  cl_buf_free(&b);
}

/* Pairs that name one party through the agency table (and a policy
 * party that takes an agency over), and pairs that do not. */
static void test_party_keys(void) {
  static const char policy[] =
      "parties:\n"
      "  - name: Deutsche Presse-Agentur\n"
      "    aliases: [dpa-Newskanal]\n";
  static const struct {
    const char *a, *b;
    int same, with_policy_only;
  } rows[] = {
      {"dpa", "Deutsche Presse-Agentur GmbH", 1, 0},
      {"DPA", "dpa", 1, 0},
      {"AP", "The Associated Press", 1, 0},
      {"Associated Press", "AP News", 1, 0},
      {"AFP", "Agence France Presse", 1, 0},
      {"Reuters", "Thomson Reuters", 1, 0},
      {"reuters.com", "REUTERS", 1, 0},
      {"Press Association", "PA Media", 1, 0},
      {"SDA", "Keystone-SDA-ATS AG", 1, 0},
      {"Norsk Telegrambyrå AS", "NTB", 1, 0},
      {"The Canadian Press", "CP", 1, 0},
      {"ČTK", "CTK", 1, 0},
      {"dpa-Newskanal", "dpa", 1, 1},
      {"AP", "AFP", 0, 0},
      {"Reuters", "Bloomberg", 0, 0},
      {"Associated Press of Pakistan", "AP", 0, 0},
  };
  cl_rules *plain = rules_with(NULL), *pol = rules_with(policy);
  cl_buf a = CL_BUF_INIT, b = CL_BUF_INIT;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    for (int p = 0; p < 2; p++) {
      const cl_rules *r = p ? pol : plain;
      CU_ASSERT_EQUAL(cl_policy_name_key(r, rows[i].a, &a), 0);
      CU_ASSERT_EQUAL(cl_policy_name_key(r, rows[i].b, &b), 0);
      int want = rows[i].same && (p || !rows[i].with_policy_only);
      int got = strcmp(a.ptr, b.ptr) == 0;
      if (got != want)
        fprintf(stderr, "\"%s\" / \"%s\" (policy %d): \"%s\" \"%s\"\n",
                rows[i].a, rows[i].b, p, a.ptr, b.ptr);
      CU_ASSERT_EQUAL(got, want);
    }
  }
  /* The policy party speaks for the agency it names. */
  CU_ASSERT_STRING_EQUAL(cl_party_name(pol, "DPA", &a), "Deutsche Presse-Agentur");
  CU_ASSERT_STRING_EQUAL(cl_party_name(plain, "Deutsche Presse-Agentur GmbH", &a), "dpa");
  CU_ASSERT_PTR_NULL(cl_party_name(plain, "Harbor Light Media", &a));
  CU_ASSERT_PTR_NULL(cl_party_name(NULL, "dpa", &a));
  /* Without rules: folding only. */
  CU_ASSERT_EQUAL(cl_policy_name_key(NULL, "The Example Times Co.", &a), 0);
  CU_ASSERT_STRING_EQUAL(a.ptr, "example times");
  cl_buf_free(&a);
  cl_buf_free(&b);
  cl_rules_free(plain);
  cl_rules_free(pol);
}

static void test_orgs_match(void) {
  static const struct {
    const char *a, *b;
    int same;
  } rows[] = {
      {"Reuters", "Thomson Reuters Corporation", 1},
      {"AP", "Associated Press", 1},
      {"ansa.it", "ANSA", 1},
      {"Harbor Light Media", "Harbor Light Media Ltd.", 1},
      {"Harbor Light", "Lighthouse Holdings", 0},
      {"", "ANSA", 0},
  };
  cl_rules *r = rules_with(NULL);
  cl_buf a = CL_BUF_INIT, b = CL_BUF_INIT;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    CU_ASSERT_EQUAL(cl_orgs_match(r, rows[i].a, rows[i].b, &a, &b), rows[i].same);
    CU_ASSERT_EQUAL(cl_orgs_match(r, rows[i].b, rows[i].a, &a, &b), rows[i].same);
  }
  cl_buf_free(&a);
  cl_buf_free(&b);
  cl_rules_free(r);
}

static void test_is_org(void) {
  static const struct {
    const char *name;
    int org;
  } rows[] = {
      {"Reuters", 1},         {"DER SPIEGEL", 1},
      {"AFP", 1},             {"Example Daily News", 1},
      {"Cleveland.com", 1},   {"Harbor Holdings Inc.", 1},
      {"NJ.com staff", 1},    {"Kuestenblatt Redaktion", 1},
      {"Jane Doe", 0},        {"Anna Beck", 0},
      {"beck.anna", 0},       {"Jörg Müller", 0},
  };
  cl_rules *r = rules_with(NULL);
  cl_buf b = CL_BUF_INIT;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    int got = cl_name_is_org(r, rows[i].name, &b);
    if (got != rows[i].org)
      fprintf(stderr, "\"%s\": %d\n", rows[i].name, got);
    CU_ASSERT_EQUAL(got, rows[i].org);
  }
  cl_buf_free(&b);
  cl_rules_free(r);
}

static void test_person_names(void) {
  static const struct {
    const char *a, *b;
    int same;
  } names[] = {
      {"Egleston, Nathaniel Hillyer", "N.H. Egleston", 1},
      {"Nathaniel Hillyer Egleston", "N. H. Egleston", 1},
      {"Nathaniel Egleston", "N.H. Egleston", 1},
      {"Egleston", "Nathaniel Egleston", 1},
      {"Doe, J.", "Jane Doe", 1},
      {"JANE DOE", "Jane Doe", 1},
      {"Jane Doe Jr.", "Jane Doe", 1},
      /* bylines */
      {"By Jane Doe", "Jane Doe", 1},
      {"Von Anna Beck, dpa", "Anna Beck", 1},
      {"Anna Beck/dpa", "Anna Beck", 1},
      {"Anna Beck (dpa)", "Anna Beck", 1},
      {"Por Ana Ruiz", "Ana Ruiz", 1},
      {"Par Léa Petit", "Lea Petit", 1},
      {"Jane Doe | Example Post", "Jane Doe", 1},
      {"Tom Field, Example Press Association", "Tom Field", 1},
      {"Meg DoeStaff Writer", "Meg Doe", 1},
      {"By Lucy Beck Example Contributor", "Lucy Beck", 1},
      /* transliterations */
      {"Jörg Müller", "Joerg Mueller", 1},
      {"Jörg Müller", "Jorg Muller", 1},
      {"Grit Weiß", "Grit Weiss", 1},
      {"Zoë O'Neil", "Zoe ONeil", 1},
      /* desk user ids */
      {"beck.anna", "Anna Beck", 1},
      {"anna.beck", "Anna Beck", 1},
      {"anna-b", "Anna Beck", 1},
      {"beck_anna", "Beck, Anna", 1},
      {"mueller.joerg", "Von Jörg Müller, dpa", 1},
      {"dr-anna-beck", "Anna Beck", 1},
      {"anna-beck", "Anna L. Beck", 1},
      {"abeck", "Anna Beck", 1},
      {"becka", "Anna Beck", 1},
      {"Administrator Anna Beck", "anna-beck", 1},
      {"colin-macdonald", "Colin MacDonald", 1},
      /* short forms of given names */
      {"michael-pulsifer", "Mike Pulsifer", 1},
      {"Steve Doe", "Steven Doe", 1},
      {"Bill Doe", "William Doe", 1},
      {"Mark Doe", "Mary Doe", 0},
      {"beck.anna", "Anna Bell", 0},
      {"abell", "Anna Beck", 0},
      {"a-b", "Anna Beck", 0},
      /* different people */
      {"Jane Doe", "Jane Roe", 0},
      {"Jane Doe", "John Doe", 0},
      {"M. Doe", "Jane Doe", 0},
      {"Lena Park", "Tom Field", 0},
      {"Meg Doe", "Meg Doerr", 0},
      {"", "Jane Doe", 0},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    int got = cl_person_names_match(names[i].a, names[i].b);
    int back = cl_person_names_match(names[i].b, names[i].a);
    if (got != names[i].same || back != names[i].same)
      fprintf(stderr, "\"%s\" / \"%s\": %d %d\n", names[i].a, names[i].b, got, back);
    CU_ASSERT_EQUAL(got, names[i].same);
    CU_ASSERT_EQUAL(back, names[i].same);
  }
}

/* A name or alias of two agencies is an error with both places. */
static void test_table_errors(void) {
  static const struct {
    const char *yaml, *error;
  } rows[] = {
      {"agencies:\n  - name: Example Wire\n    aliases: [EW]\n"
       "  - name: Other Wire\n    aliases: [ew]\n",
       "a.yaml:5: agency \"Other Wire\": \"ew\" already names agency "
       "\"Example Wire\" (a.yaml:3)"},
      {"agencies:\n  - name: Example Wire\n"
       "  - name: Other Wire\n    legal: The Example Wire GmbH\n",
       "a.yaml:4: agency \"Other Wire\": \"The Example Wire GmbH\" already "
       "names agency \"Example Wire\" (a.yaml:2)"},
      {"agencies:\n  - legal: Example Wire\n", "a.yaml:2: agency #1: missing \"name\""},
      {"agencies:\n  - name: Example Wire\n    city: Kiel\n",
       "a.yaml:3: agency #1: unknown key \"city\" (expected name, legal, "
       "aliases, country)"},
      {"agencies: Example Wire\n", "a.yaml:1: \"agencies\" must be a list"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    cl_rules *r = cl_rules_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    cl_rules_load_buffer(r, "a.yaml", rows[i].yaml, strlen(rows[i].yaml));
    if (cl_rules_error_count(r) == 0)
      CU_ASSERT_NOT_EQUAL(cl_rules_compile(r), CL_OK);
    CU_ASSERT_EQUAL_FATAL(cl_rules_error_count(r), 1);
    if (strcmp(cl_rules_error(r, 0), rows[i].error) != 0)
      fprintf(stderr, "got: %s\n", cl_rules_error(r, 0));
    CU_ASSERT_STRING_EQUAL(cl_rules_error(r, 0), rows[i].error);
    cl_rules_free(r);
  }
  /* The built-in table loads clean and is not empty. */
  cl_rules *r = rules_with(NULL);
  CU_ASSERT(cl_agencies_count(r) >= 80);
  cl_rules_free(r);
}

static const cl_test_case cases[] = {
    {"base key", test_base_key},
    {"party keys", test_party_keys},
    {"organisations match", test_orgs_match},
    {"organisation names", test_is_org},
    {"person names", test_person_names},
    {"agency table errors", test_table_errors},
    {NULL, NULL},
};

CL_TEST_MAIN("names", cases)
