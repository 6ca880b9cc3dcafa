/* fuzz_xml.c - the XML news readers (NITF, NewsML) and generic XML; the
 * first byte picks the reader so one corpus serves all three. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const cl_docfmt fmts[] = {CL_DOCFMT_NITF, CL_DOCFMT_NEWSML,
                                   CL_DOCFMT_XML};
  if (size < 1)
    return 0;
  return fuzz_format(fmts[data[0] % 3], data + 1, size - 1);
}
