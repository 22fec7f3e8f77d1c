/*
 * A switch-dispatch bytecode interpreter: a stack machine with eight
 * registers and a 64-word memory runs a loop of size iterations (an
 * LCG step, a read-modify-write of memory, two data-dependent
 * branches), about 40 instructions each.  The program is assembled at
 * run time; the registers and the memory make the checksum.
 */
#include "bench.h"

enum {
    OP_HALT,
    OP_PUSH,
    OP_LOAD,
    OP_STORE,
    OP_LOADM,
    OP_STOREM,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_AND,
    OP_XOR,
    OP_SHR,
    OP_DUP,
    OP_LT,
    OP_JMP,
    OP_JZ,
    OP_JNZ,
};

#define VM_REGS 8
#define VM_MEM 64
#define VM_STACK 16
#define PROG_MAX 96

typedef struct VM {
    uint32_t reg[VM_REGS];
    uint32_t mem[VM_MEM];
    uint32_t stack[VM_STACK];
} VM;

typedef struct Asm {
    uint32_t code[PROG_MAX];
    uint32_t len;
} Asm;

static void emit(Asm *a, uint32_t op)
{
    a->code[a->len++] = op;
}

static void emit_arg(Asm *a, uint32_t op, uint32_t arg)
{
    emit(a, op);
    emit(a, arg);
}

/* A forward jump: its target word, filled in by patch(). */
static uint32_t emit_jump(Asm *a, uint32_t op)
{
    emit_arg(a, op, 0);
    return a->len - 1;
}

static void patch(Asm *a, uint32_t at)
{
    a->code[at] = a->len;
}

/* r0: iterations left, r1: accumulator, r2: LCG state, r3: index. */
static void assemble(Asm *a)
{
    uint32_t top, to_else, to_join, to_skip;

    a->len = 0;
    top = a->len;
    emit_arg(a, OP_LOAD, 2);
    emit_arg(a, OP_PUSH, 1103515245u);
    emit(a, OP_MUL);
    emit_arg(a, OP_PUSH, 12345);
    emit(a, OP_ADD);
    emit(a, OP_DUP);
    emit_arg(a, OP_STORE, 2);
    emit_arg(a, OP_PUSH, 16);
    emit(a, OP_SHR);
    emit_arg(a, OP_PUSH, VM_MEM - 1);
    emit(a, OP_AND);
    emit(a, OP_DUP);
    emit_arg(a, OP_STORE, 3);
    emit(a, OP_LOADM); /* mem[r3] */
    emit_arg(a, OP_LOAD, 2);
    emit(a, OP_XOR);
    emit_arg(a, OP_LOAD, 3);
    emit(a, OP_STOREM); /* mem[r3] ^= r2 */
    emit_arg(a, OP_LOAD, 2);
    emit_arg(a, OP_PUSH, 256);
    emit(a, OP_AND);
    to_else = emit_jump(a, OP_JZ);
    emit_arg(a, OP_LOAD, 1);
    emit_arg(a, OP_LOAD, 2);
    emit(a, OP_XOR);
    emit_arg(a, OP_STORE, 1); /* r1 ^= r2 */
    to_join = emit_jump(a, OP_JMP);
    patch(a, to_else);
    emit_arg(a, OP_LOAD, 1);
    emit_arg(a, OP_LOAD, 2);
    emit_arg(a, OP_PUSH, 3);
    emit(a, OP_SHR);
    emit(a, OP_ADD);
    emit_arg(a, OP_STORE, 1); /* r1 += r2 >> 3 */
    patch(a, to_join);
    emit_arg(a, OP_LOAD, 1);
    emit_arg(a, OP_PUSH, 1u << 20);
    emit(a, OP_LT);
    to_skip = emit_jump(a, OP_JZ);
    emit_arg(a, OP_LOAD, 1);
    emit_arg(a, OP_PUSH, 0x77777777u);
    emit(a, OP_ADD);
    emit_arg(a, OP_STORE, 1); /* small r1: push it up */
    patch(a, to_skip);
    emit_arg(a, OP_LOAD, 0);
    emit_arg(a, OP_PUSH, 1);
    emit(a, OP_SUB);
    emit(a, OP_DUP);
    emit_arg(a, OP_STORE, 0);
    emit_arg(a, OP_JNZ, top);
    emit(a, OP_HALT);
}

/* Runs from pc 0 to OP_HALT; the program is trusted (ours), so no checks. */
static void vm_run(VM *vm, const uint32_t *code)
{
    uint32_t pc = 0, sp = 0, *st = vm->stack;

    for (;;) {
        uint32_t op = code[pc++];

        switch (op) {
        case OP_HALT:
            return;
        case OP_PUSH:
            st[sp++] = code[pc++];
            break;
        case OP_LOAD:
            st[sp++] = vm->reg[code[pc++]];
            break;
        case OP_STORE:
            vm->reg[code[pc++]] = st[--sp];
            break;
        case OP_LOADM:
            st[sp - 1] = vm->mem[st[sp - 1] & (VM_MEM - 1)];
            break;
        case OP_STOREM:
            sp -= 2;
            vm->mem[st[sp + 1] & (VM_MEM - 1)] = st[sp];
            break;
        case OP_ADD:
            sp--;
            st[sp - 1] += st[sp];
            break;
        case OP_SUB:
            sp--;
            st[sp - 1] -= st[sp];
            break;
        case OP_MUL:
            sp--;
            st[sp - 1] *= st[sp];
            break;
        case OP_AND:
            sp--;
            st[sp - 1] &= st[sp];
            break;
        case OP_XOR:
            sp--;
            st[sp - 1] ^= st[sp];
            break;
        case OP_SHR:
            sp--;
            st[sp - 1] >>= st[sp] & 31;
            break;
        case OP_DUP:
            st[sp] = st[sp - 1];
            sp++;
            break;
        case OP_LT:
            sp--;
            st[sp - 1] = st[sp - 1] < st[sp];
            break;
        case OP_JMP:
            pc = code[pc];
            break;
        case OP_JZ:
            pc = st[--sp] ? pc + 1 : code[pc];
            break;
        case OP_JNZ:
            pc = st[--sp] ? code[pc] : pc + 1;
            break;
        }
    }
}

uint32_t bench_bytecode(uint32_t size, uint32_t reps)
{
    static Asm prog;
    static VM vm;
    uint32_t h = 0;

    assemble(&prog);
    for (uint32_t rep = 0; rep < reps; rep++) {
        for (uint32_t i = 0; i < VM_REGS; i++) {
            vm.reg[i] = 0;
        }
        for (uint32_t i = 0; i < VM_MEM; i++) {
            vm.mem[i] = i;
        }
        vm.reg[0] = size;
        vm.reg[2] = bench_seed(0xb17eu, rep);
        vm_run(&vm, prog.code);
        for (uint32_t i = 0; i < VM_REGS; i++) {
            h = bench_mix(h, vm.reg[i]);
        }
        for (uint32_t i = 0; i < VM_MEM; i++) {
            h = bench_mix(h, vm.mem[i]);
        }
    }
    return h;
}
