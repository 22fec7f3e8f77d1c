/*
 * The host processor's CPUID, for the "host" CPU model.
 */
#include "x86-internal.h"

bool host_cpuid(uint32_t function, uint32_t count, uint32_t *eax, uint32_t *ebx,
                uint32_t *ecx, uint32_t *edx)
{
#if defined(__x86_64__) || defined(__i386__)
    uint32_t a, b, c, d;

    __asm__ volatile("cpuid"
                     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                     : "0"(function), "2"(count));
    *eax = a;
    *ebx = b;
    *ecx = c;
    *edx = d;
    return true;
#else
    *eax = *ebx = *ecx = *edx = 0;
    return false;
#endif
}
