/* fuzz_markdown.c - the markdown reader: visible text with scopes and positions,
 * and the credits stated in metadata. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_format(CL_DOCFMT_MARKDOWN, data, size);
}
