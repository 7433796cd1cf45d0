/* The variadic entry points of CFStringCreateWithFormat and CFStringAppendFormat. Rust can
 * neither define a variadic function nor read a va_list (both unstable), so this file does
 * only that: it asks format.rs which C type each argument has, takes the arguments with
 * va_arg in that order, and hands their values back to format.rs, which renders the text.
 * format.rs exports these functions under Apple's names (see there why as pointers). */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* CF's references, as CFBase.h declares them (this file needs no more of the headers). */
typedef const void *CFTypeRef;
typedef CFTypeRef CFAllocatorRef, CFDictionaryRef, CFStringRef;
typedef void *CFMutableStringRef;

/* An argument's value: integers widened to long long after the conversion their length
 * modifier names. format.rs's `Value`. */
typedef union {
    long long integer;
    double real;
    const void *pointer;
} st_format_value;

/* format.rs's `Kind`, in its order. */
enum {
    ST_INT, ST_UINT, ST_SCHAR, ST_UCHAR, ST_SHORT, ST_USHORT, ST_LONG, ST_ULONG,
    ST_LONG_LONG, ST_ULONG_LONG, ST_SIZE, ST_PTRDIFF, ST_INTMAX, ST_UINTMAX, ST_DOUBLE,
    ST_LONG_DOUBLE, ST_POINTER, ST_WINT
};

/* format.rs's `MAX_ARGUMENTS`. */
#define ST_MAX_ARGUMENTS 256

ptrdiff_t __securetransport_format_plan(CFStringRef format, unsigned char *kinds, size_t capacity);
CFStringRef __securetransport_format_string(CFAllocatorRef allocator, CFDictionaryRef options,
                                            CFStringRef format, const st_format_value *values,
                                            size_t count);
void __securetransport_format_append(CFMutableStringRef string, CFDictionaryRef options,
                                     CFStringRef format, const st_format_value *values,
                                     size_t count);

/* Takes the arguments `format` reads from `arguments`; the count, or -1 for a bad format. */
static ptrdiff_t fetch(CFStringRef format, va_list arguments, st_format_value *values) {
    unsigned char kinds[ST_MAX_ARGUMENTS];
    ptrdiff_t count = __securetransport_format_plan(format, kinds, ST_MAX_ARGUMENTS);
    for (ptrdiff_t i = 0; i < count; i++) {
        st_format_value *value = &values[i];
        switch (kinds[i]) {
        case ST_INT: value->integer = va_arg(arguments, int); break;
        case ST_UINT: value->integer = va_arg(arguments, unsigned int); break;
        case ST_SCHAR: value->integer = (signed char)va_arg(arguments, int); break;
        case ST_UCHAR: value->integer = (unsigned char)va_arg(arguments, int); break;
        case ST_SHORT: value->integer = (short)va_arg(arguments, int); break;
        case ST_USHORT: value->integer = (unsigned short)va_arg(arguments, int); break;
        case ST_LONG: value->integer = va_arg(arguments, long); break;
        case ST_ULONG: value->integer = (long long)va_arg(arguments, unsigned long); break;
        case ST_LONG_LONG: value->integer = va_arg(arguments, long long); break;
        case ST_ULONG_LONG: value->integer = (long long)va_arg(arguments, unsigned long long); break;
        case ST_SIZE: value->integer = (long long)va_arg(arguments, size_t); break;
        case ST_PTRDIFF: value->integer = va_arg(arguments, ptrdiff_t); break;
        case ST_INTMAX: value->integer = va_arg(arguments, intmax_t); break;
        case ST_UINTMAX: value->integer = (long long)va_arg(arguments, uintmax_t); break;
        case ST_DOUBLE: value->real = va_arg(arguments, double); break;
        case ST_LONG_DOUBLE: value->real = (double)va_arg(arguments, long double); break;
        case ST_POINTER: value->pointer = va_arg(arguments, const void *); break;
        case ST_WINT: value->integer = va_arg(arguments, unsigned int); break;
        default: return -1;
        }
    }
    return count;
}

CFStringRef __securetransport_CFStringCreateWithFormatAndArguments(
    CFAllocatorRef allocator, CFDictionaryRef options, CFStringRef format, va_list arguments) {
    st_format_value values[ST_MAX_ARGUMENTS];
    ptrdiff_t count = fetch(format, arguments, values);
    if (count < 0) return NULL;
    return __securetransport_format_string(allocator, options, format, values, (size_t)count);
}

CFStringRef __securetransport_CFStringCreateWithFormat(CFAllocatorRef allocator,
                                                       CFDictionaryRef options,
                                                       CFStringRef format, ...) {
    va_list arguments;
    va_start(arguments, format);
    CFStringRef string =
        __securetransport_CFStringCreateWithFormatAndArguments(allocator, options, format, arguments);
    va_end(arguments);
    return string;
}

void __securetransport_CFStringAppendFormatAndArguments(CFMutableStringRef string,
                                                        CFDictionaryRef options,
                                                        CFStringRef format, va_list arguments) {
    st_format_value values[ST_MAX_ARGUMENTS];
    ptrdiff_t count = fetch(format, arguments, values);
    if (count < 0) return;
    __securetransport_format_append(string, options, format, values, (size_t)count);
}

void __securetransport_CFStringAppendFormat(CFMutableStringRef string, CFDictionaryRef options,
                                            CFStringRef format, ...) {
    va_list arguments;
    va_start(arguments, format);
    __securetransport_CFStringAppendFormatAndArguments(string, options, format, arguments);
    va_end(arguments);
}
