/*
 * The APM control and status ports of the PIIX4 (82371AB 3.3.4: APMC at
 * 0xb2, APMS at 0xb3), QEMU's "apm-io": software writes a command to
 * APMC, which the chipset turns into an SMI; ACPI uses two commands to
 * switch ACPI mode on and off (the FADT's ACPI_ENABLE / ACPI_DISABLE).
 */
#ifndef DEVICES_APM_H
#define DEVICES_APM_H

#include <stdint.h>

#include "machine/pci.h"

#define APM_CNT_IOPORT 0xb2
#define ACPI_PORT_SMI_CMD APM_CNT_IOPORT
/* The commands QEMU's tables give the guest. */
#define ACPI_ENABLE 0xf1
#define ACPI_DISABLE 0xf0

/* Called after each write to APMC with the value written. */
typedef void (*apm_ctrl_changed_t)(uint32_t val, void *arg);

typedef struct APMState {
    uint8_t apmc;
    uint8_t apms;
    apm_ctrl_changed_t callback;
    void *arg;
    MemoryRegion io;
} APMState;

/* Map the two ports in dev's bus I/O space, registers 0. */
void apm_init(PCIDevice *dev, APMState *s, apm_ctrl_changed_t callback,
              void *arg);
/* Both registers to their power-on value 0. */
void apm_reset(APMState *s);
/* Unmap and release the ports. */
void apm_destroy(PCIDevice *dev, APMState *s);

#endif /* DEVICES_APM_H */
