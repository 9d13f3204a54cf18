#ifndef WORKBENCH_CLIBXML2_SHIM_H
#define WORKBENCH_CLIBXML2_SHIM_H

/* xmlversion.h first, then hide ICU: Debian's libxml2 is built with ICU, whose headers
   clash with Foundation's bundled ICU in any module that can see both (clean builds only). */
#include <stdarg.h>
#include <stdio.h>
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

/* libxml2's generic (unstructured) messages, such as xmlschemas.c's "Unimplemented block",
   are printed to stderr by a variadic handler Swift cannot write: this one formats the message
   and passes it to a Swift callback with the context it was given. */
typedef void (*workbench_xml_message_sink)(void *context, const char *message);

static inline workbench_xml_message_sink *workbench_xml_sink(void) {
    static workbench_xml_message_sink sink = 0;
    return &sink;
}

static inline void workbench_xml_generic_message(void *context, const char *format, ...) {
    char buffer[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(buffer, sizeof buffer, format, arguments);
    va_end(arguments);
    workbench_xml_message_sink sink = *workbench_xml_sink();
    if (sink) sink(context, buffer);
}

/* Routes this thread's generic messages to `sink` with `context` (NULL context: dropped). */
static inline void workbench_xml_route_generic_messages(void *context, workbench_xml_message_sink sink) {
    *workbench_xml_sink() = sink;
    xmlSetGenericErrorFunc(context, workbench_xml_generic_message);
}

#endif
