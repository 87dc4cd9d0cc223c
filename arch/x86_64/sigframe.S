/* x86_64: syscall with patterned callee-saved registers, checked after any signal; raw restorer. */
	.text
	.macro	pat reg, val
	movabs	$\val, %\reg
	.endm
	.macro	chk reg, val, bit
	movabs	$\val, %r11
	cmpq	%r11, %\reg
	je	1f
	orq	$(1 << \bit), %rcx
1:
	.endm

	.globl	arch_sigframe_syscall
	.type	arch_sigframe_syscall, @function
arch_sigframe_syscall:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%r8
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%rsp, %r9		/* the kernel restores r9 too; it stands for rsp */
	pat	rbx, 0x5a00b10000000b01
	pat	rbp, 0x5a00b20000000b02
	pat	r12, 0x5a00c10000000c12
	pat	r13, 0x5a00c20000000c13
	pat	r14, 0x5a00c30000000c14
	pat	r15, 0x5a00c40000000c15
	syscall
	xorl	%ecx, %ecx
	chk	rbx, 0x5a00b10000000b01, 0
	chk	rbp, 0x5a00b20000000b02, 1
	chk	r12, 0x5a00c10000000c12, 2
	chk	r13, 0x5a00c20000000c13, 3
	chk	r14, 0x5a00c30000000c14, 4
	chk	r15, 0x5a00c40000000c15, 5
	cmpq	%rsp, %r9
	je	2f
	orq	$(1 << 6), %rcx
2:
	popq	%r8
	movq	%rcx, (%r8)
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
	.size	arch_sigframe_syscall, . - arch_sigframe_syscall

	.globl	arch_sigframe_restorer
	.type	arch_sigframe_restorer, @function
arch_sigframe_restorer:
	movl	$15, %eax		/* __NR_rt_sigreturn */
	syscall
	hlt
	.size	arch_sigframe_restorer, . - arch_sigframe_restorer
	.section .note.GNU-stack, "", %progbits
