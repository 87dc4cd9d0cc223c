/* aarch64: svc with patterned callee-saved registers, checked after any signal; raw restorer. */
	.text
	.macro	patx reg, val
	ldr	\reg, =\val
	.endm
	.macro	patd reg, val
	ldr	x9, =\val
	fmov	\reg, x9
	.endm
	.macro	chkx reg, val, bit
	ldr	x10, =\val
	cmp	\reg, x10
	b.eq	1f
	orr	x11, x11, #(1 << \bit)
1:
	.endm
	.macro	chkd reg, val, bit
	fmov	x12, \reg
	chkx	x12, \val, \bit
	.endm

	.globl	arch_sigframe_syscall
	.type	arch_sigframe_syscall, %function
arch_sigframe_syscall:
	stp	x29, x30, [sp, #-176]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	str	x4, [sp, #160]
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	patx	x19, 0x5a00190000000019
	patx	x20, 0x5a00200000000020
	patx	x21, 0x5a00210000000021
	patx	x22, 0x5a00220000000022
	patx	x23, 0x5a00230000000023
	patx	x24, 0x5a00240000000024
	patx	x25, 0x5a00250000000025
	patx	x26, 0x5a00260000000026
	patx	x27, 0x5a00270000000027
	patx	x28, 0x5a00280000000028
	patd	d8, 0x5a00d80000000d08
	patd	d9, 0x5a00d90000000d09
	patd	d10, 0x5a00da0000000d10
	patd	d11, 0x5a00db0000000d11
	patd	d12, 0x5a00dc0000000d12
	patd	d13, 0x5a00dd0000000d13
	patd	d14, 0x5a00de0000000d14
	patd	d15, 0x5a00df0000000d15
	svc	#0
	mov	x11, #0
	chkx	x19, 0x5a00190000000019, 0
	chkx	x20, 0x5a00200000000020, 1
	chkx	x21, 0x5a00210000000021, 2
	chkx	x22, 0x5a00220000000022, 3
	chkx	x23, 0x5a00230000000023, 4
	chkx	x24, 0x5a00240000000024, 5
	chkx	x25, 0x5a00250000000025, 6
	chkx	x26, 0x5a00260000000026, 7
	chkx	x27, 0x5a00270000000027, 8
	chkx	x28, 0x5a00280000000028, 9
	chkd	d8, 0x5a00d80000000d08, 10
	chkd	d9, 0x5a00d90000000d09, 11
	chkd	d10, 0x5a00da0000000d10, 12
	chkd	d11, 0x5a00db0000000d11, 13
	chkd	d12, 0x5a00dc0000000d12, 14
	chkd	d13, 0x5a00dd0000000d13, 15
	chkd	d14, 0x5a00de0000000d14, 16
	chkd	d15, 0x5a00df0000000d15, 17
	mov	x12, sp
	cmp	x12, x29		/* x29 still holds the frame's sp */
	b.eq	2f
	orr	x11, x11, #(1 << 18)
2:
	ldr	x4, [sp, #160]
	str	x11, [x4]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	ldp	x29, x30, [sp], #176
	ret
	.ltorg
	.size	arch_sigframe_syscall, . - arch_sigframe_syscall

	.globl	arch_sigframe_restorer
	.type	arch_sigframe_restorer, %function
arch_sigframe_restorer:
	mov	x8, #139		/* __NR_rt_sigreturn */
	svc	#0
	brk	#0
	.size	arch_sigframe_restorer, . - arch_sigframe_restorer
	.section .note.GNU-stack, "", %progbits
