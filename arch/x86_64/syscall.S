/* x86_64 raw syscall: the SysV call registers shifted into the syscall ones. */
	.text
	.globl	arch_syscall6
	.type	arch_syscall6, @function
arch_syscall6:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.size	arch_syscall6, . - arch_syscall6
	.section .note.GNU-stack, "", %progbits
