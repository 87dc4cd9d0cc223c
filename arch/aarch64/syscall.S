/* aarch64 raw syscall: number in x8, arguments in x0-x5, svc #0. */
	.text
	.globl	arch_syscall6
	.type	arch_syscall6, %function
arch_syscall6:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
	.size	arch_syscall6, . - arch_syscall6
	.section .note.GNU-stack, "", %progbits
