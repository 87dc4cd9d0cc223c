/* i386 raw syscall through int $0x80, never __kernel_vsyscall (the vDSO may have moved). */
	.text
	.globl	arch_syscall6
	.type	arch_syscall6, @function
arch_syscall6:
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%ebx
	movl	20(%esp), %eax
	movl	24(%esp), %ebx
	movl	28(%esp), %ecx
	movl	32(%esp), %edx
	movl	36(%esp), %esi
	movl	40(%esp), %edi
	movl	44(%esp), %ebp
	int	$0x80
	popl	%ebx
	popl	%esi
	popl	%edi
	popl	%ebp
	ret
	.size	arch_syscall6, . - arch_syscall6
	.section .note.GNU-stack, "", %progbits
