/*
 * svgcheck.h - a small well-formedness checker for the SVG the plot
 * module writes, for the cmocka tests (which cannot run an XML parser).
 *
 * It checks what matters for a browser to show the document: the XML
 * declaration, every tag closed in the order opened, one root <svg>,
 * attribute values in double quotes, '&' only in the five predefined
 * entities, no '<' in text or attribute values, valid UTF-8 and no
 * control characters but newline. It is independent of the module's own
 * UTF-8 decoder on purpose.
 */
#ifndef NEURON_TESTS_SVGCHECK_H
#define NEURON_TESTS_SVGCHECK_H

#include <string.h>

/* Length of the valid UTF-8 character at s, 0 if invalid. Independent of
 * the module's decoder on purpose. */
static inline int utf8_ok(const unsigned char *s)
{
    int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2
            : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || (n == 2 && s[0] < 0xc2))
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

/* At s just after '&': a known entity? */
static inline int entity_ok(const char *s)
{
    static const char *const names[] = {
        "amp;", "lt;", "gt;", "quot;", "apos;"
    };
    for (int i = 0; i < 5; i++)
        if (strncmp(s, names[i], strlen(names[i])) == 0)
            return 1;
    return 0;
}

/* Checks text (or an attribute value) up to stop: no '<', '&' only in
 * entities, valid UTF-8, no control characters but newline. Returns the
 * position of stop, or NULL on a fault. */
static inline const char *check_chars(const char *s, char stop)
{
    while (*s && *s != stop) {
        const unsigned char *u = (const unsigned char *)s;
        if (*s == '<' || (*s == '&' && !entity_ok(s + 1)))
            return NULL;
        if ((u[0] < 0x20 && u[0] != '\n') || u[0] == 0x7f)
            return NULL;
        int n = utf8_ok(u);
        if (n == 0)
            return NULL;
        s += n;
    }
    return *s == stop ? s : NULL;
}

static inline int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

/* A tag at s (just after '<'): its name into name, attributes checked;
 * returns the position after '>', *closing / *empty for </x> and <x/>. */
static inline const char *check_tag(const char *s, char *name,
                                    int *closing, int *empty)
{
    size_t n = 0;
    *closing = *s == '/';
    s += *closing;
    while (name_char(*s) && n < 31)
        name[n++] = *s++;
    name[n] = '\0';
    if (n == 0)
        return NULL;
    for (;;) {
        while (*s == ' ' || *s == '\n')
            s++;
        if (*s == '>' || (s[0] == '/' && s[1] == '>' && !*closing)) {
            *empty = *s == '/';
            return s + 1 + *empty;
        }
        if (*closing || !name_char(*s))
            return NULL;
        while (name_char(*s))
            s++;
        if (s[0] != '=' || s[1] != '"')
            return NULL;
        s = check_chars(s + 2, '"');
        if (!s)
            return NULL;
        s++;
    }
}

/* 1 when doc is a well-formed SVG document as far as this checks. */
static inline int svg_well_formed(const char *doc)
{
    char stack[64][32];
    int depth = 0, roots = 0;
    const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    if (strncmp(doc, decl, strlen(decl)) != 0)
        return 0;
    const char *s = doc + strlen(decl);
    while (*s) {
        if (*s != '<') {
            s = check_chars(s, '<');
            if (!s)
                return 0;
            continue;
        }
        char name[32];
        int closing, empty;
        s = check_tag(s + 1, name, &closing, &empty);
        if (!s)
            return 0;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                return 0;
            depth--;
        } else if (!empty) {
            if (depth == 0)
                roots++;
            if (depth == 64)
                return 0;
            strcpy(stack[depth++], name);
        } else if (depth == 0) {
            return 0;
        }
        if (depth == 0 && roots == 1) {   // only a newline may follow
            return strcmp(s, "\n") == 0 && strcmp(name, "svg") == 0;
        }
    }
    return 0;
}

#endif
