/* ppc64le raw syscall: sc reports errors with CR0.SO and a positive errno, made negative here. */
	.abiversion 2
	.text
	.globl	arch_syscall6
	.type	arch_syscall6, @function
arch_syscall6:
	mr	0, 3
	mr	3, 4
	mr	4, 5
	mr	5, 6
	mr	6, 7
	mr	7, 8
	mr	8, 9
	sc
	bnslr+
	neg	3, 3
	blr
	.size	arch_syscall6, . - arch_syscall6
	.section .note.GNU-stack, "", @progbits
