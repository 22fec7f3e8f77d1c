/*
 * String to number conversions with the rules of QEMU's command line.
 *
 * All return 0 on success and a negative errno on failure:
 *   -EINVAL  not a number, or trailing garbage when endptr is NULL
 *   -ERANGE  out of range for the result type
 * If endptr is non-NULL it receives the end of the parsed text and trailing
 * characters are allowed.  Leading white space is skipped.  base 0 means
 * auto-detect ("0x" hex, "0" octal, else decimal).
 * On -EINVAL *result is 0; on -ERANGE it is clamped to the type's limit
 * (0 for a negative number given to an unsigned variant).
 */
#ifndef UTIL_CUTILS_H
#define UTIL_CUTILS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Error Error;

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result);
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
/*
 * The unsigned variants reject negative numbers: unlike strtoull(), "-1"
 * is -ERANGE ("-0" is accepted as 0).
 */
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);

/*
 * Sizes: a number (decimal, or 0x hex without fraction) optionally with a
 * fraction and a case-insensitive suffix B, K, M, G, T, P, E (powers of
 * 1024; in hex, B and E are digits).  Without a suffix the number is bytes
 * ("_MiB" variant: mebibytes, as -m takes).  "1.5G" is allowed, a
 * fraction of a byte ("1.5B") is not.  A sign ("-1", "+1") is -EINVAL;
 * results >= 2^64 are -ERANGE.  On any failure *result is 0; *end is nptr
 * for -EINVAL and the end of the number and suffix for -ERANGE.
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);

/*
 * Booleans as QEMU options accept them: on/yes/true/y and off/no/false/n.
 * On failure sets "Parameter 'NAME' expects 'on' or 'off'".
 */
bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);

/* Size suffix table used in hints ("Optional suffix k, M, G, ..."). */
#define QEMU_SIZE_SUFFIX_HINT                                               \
    "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, " \
    "peta-\nand exabytes, respectively.\n"

/* "1.5 GiB"-style human-readable size; free with g_free. */
char *size_to_str(uint64_t val);

#endif /* UTIL_CUTILS_H */
