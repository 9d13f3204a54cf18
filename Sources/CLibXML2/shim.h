#ifndef WORKBENCH_CLIBXML2_SHIM_H
#define WORKBENCH_CLIBXML2_SHIM_H

/* xmlversion.h first, then hide ICU: Debian's libxml2 is built with ICU, whose headers
   clash with Foundation's bundled ICU in any module that can see both (clean builds only). */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* xmlFree is a global function-pointer variable, which Swift 6 refuses to touch. */
static inline void workbench_xml_free(void *pointer) { xmlFree(pointer); }

/* LIBXML_DOTTED_VERSION is a macro Swift cannot import. */
static inline const char *workbench_xml_version(void) { return LIBXML_DOTTED_VERSION; }

#endif
