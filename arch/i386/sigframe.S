/* i386: int $0x80 with patterned callee-saved registers, checked after any signal; raw restorer. */
	.text
	.macro	chkv reg, val, bit
	cmpl	\val, %\reg
	je	1f
	orl	$(1 << \bit), %eax
1:
	.endm

	.globl	arch_sigframe_syscall
	.type	arch_sigframe_syscall, @function
arch_sigframe_syscall:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax
	movl	24(%esp), %ebx
	movl	28(%esp), %ecx
	movl	32(%esp), %edx
	movl	$0x5a00e051, %esi
	movl	$0x5a00e0d1, %edi
	movl	$0x5a00e0b9, %ebp
	int	$0x80
	pushl	%eax			/* the result; arguments now start at 24(%esp) */
	xorl	%eax, %eax
	chkv	esi, $0x5a00e051, 0
	chkv	edi, $0x5a00e0d1, 1
	chkv	ebp, $0x5a00e0b9, 2
	chkv	ebx, 28(%esp), 3	/* argument registers are restored by sigreturn too */
	chkv	ecx, 32(%esp), 4
	chkv	edx, 36(%esp), 5
	movl	40(%esp), %ecx
	movl	%eax, (%ecx)
	popl	%eax
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size	arch_sigframe_syscall, . - arch_sigframe_syscall

	.globl	arch_sigframe_restorer
	.type	arch_sigframe_restorer, @function
arch_sigframe_restorer:
	movl	$173, %eax		/* __NR_rt_sigreturn */
	int	$0x80
	hlt
	.size	arch_sigframe_restorer, . - arch_sigframe_restorer
	.section .note.GNU-stack, "", %progbits
