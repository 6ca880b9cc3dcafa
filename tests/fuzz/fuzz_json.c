/* fuzz_json.c - the json reader: visible text with scopes and positions,
 * and the credits stated in metadata. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_format(CL_DOCFMT_JSON, data, size);
}
