/* s390x raw syscall: svc 0 takes the number in r1, arguments in r2-r7 (r6, r7 are callee-saved). */
	.text
	.globl	arch_syscall6
	.type	arch_syscall6, @function
arch_syscall6:
	stmg	%r6, %r7, 48(%r15)
	lgr	%r1, %r2
	lgr	%r2, %r3
	lgr	%r3, %r4
	lgr	%r4, %r5
	lgr	%r5, %r6
	lg	%r6, 160(%r15)
	lg	%r7, 168(%r15)
	svc	0
	lmg	%r6, %r7, 48(%r15)
	br	%r14
	.size	arch_syscall6, . - arch_syscall6
	.section .note.GNU-stack, "", @progbits
