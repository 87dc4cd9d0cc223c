/* s390x: svc with patterned callee-saved registers, checked after any signal; raw restorer. */
	.text
	/* 64-bit pattern 0x5a00nn00_0000nnnn for register number n. */
	.macro	pat reg, n
	llihf	\reg, (0x5a000000 + (\n << 8))
	oilf	\reg, (0x1000 + \n)
	.endm
	.macro	setbit bit
	.if \bit < 16
	oill	%r1, (1 << \bit)
	.else
	oilh	%r1, (1 << (\bit - 16))
	.endif
	.endm
	.macro	chk reg, n, bit
	pat	%r0, \n
	cgr	\reg, %r0
	je	.Lok\@
	setbit	\bit
.Lok\@:
	.endm
	.macro	chkf freg, n, bit
	lgdr	%r3, \freg
	chk	%r3, \n, \bit
	.endm

	.globl	arch_sigframe_syscall
	.type	arch_sigframe_syscall, @function
arch_sigframe_syscall:
	stmg	%r6, %r15, 48(%r15)
	lgr	%r1, %r15
	aghi	%r15, -224
	stg	%r1, 0(%r15)		/* back chain */
	std	%f8, 160(%r15)
	std	%f9, 168(%r15)
	std	%f10, 176(%r15)
	std	%f11, 184(%r15)
	std	%f12, 192(%r15)
	std	%f13, 200(%r15)
	std	%f14, 208(%r15)
	std	%f15, 216(%r15)
	lgr	%r1, %r2		/* svc 0 takes the number in r1 */
	lgr	%r2, %r3
	lgr	%r3, %r4
	lgr	%r4, %r5
	pat	%r6, 6
	pat	%r7, 7
	pat	%r8, 8
	pat	%r9, 9
	pat	%r10, 10
	pat	%r11, 11
	pat	%r12, 12
	pat	%r13, 13
	pat	%r0, 0x28
	ldgr	%f8, %r0
	pat	%r0, 0x29
	ldgr	%f9, %r0
	pat	%r0, 0x2a
	ldgr	%f10, %r0
	pat	%r0, 0x2b
	ldgr	%f11, %r0
	pat	%r0, 0x2c
	ldgr	%f12, %r0
	pat	%r0, 0x2d
	ldgr	%f13, %r0
	pat	%r0, 0x2e
	ldgr	%f14, %r0
	pat	%r0, 0x2f
	ldgr	%f15, %r0
	svc	0
	lghi	%r1, 0
	chk	%r6, 6, 0
	chk	%r7, 7, 1
	chk	%r8, 8, 2
	chk	%r9, 9, 3
	chk	%r10, 10, 4
	chk	%r11, 11, 5
	chk	%r12, 12, 6
	chk	%r13, 13, 7
	chkf	%f8, 0x28, 8
	chkf	%f9, 0x29, 9
	chkf	%f10, 0x2a, 10
	chkf	%f11, 0x2b, 11
	chkf	%f12, 0x2c, 12
	chkf	%f13, 0x2d, 13
	chkf	%f14, 0x2e, 14
	chkf	%f15, 0x2f, 15
	lg	%r3, 224+48(%r15)	/* the caller's r6: the clobbered pointer */
	stg	%r1, 0(%r3)
	ld	%f8, 160(%r15)
	ld	%f9, 168(%r15)
	ld	%f10, 176(%r15)
	ld	%f11, 184(%r15)
	ld	%f12, 192(%r15)
	ld	%f13, 200(%r15)
	ld	%f14, 208(%r15)
	ld	%f15, 216(%r15)
	aghi	%r15, 224
	lmg	%r6, %r15, 48(%r15)
	br	%r14
	.size	arch_sigframe_syscall, . - arch_sigframe_syscall

	.globl	arch_sigframe_restorer
	.type	arch_sigframe_restorer, @function
arch_sigframe_restorer:
	svc	173			/* __NR_rt_sigreturn */
	.long	0
	.size	arch_sigframe_restorer, . - arch_sigframe_restorer
	.section .note.GNU-stack, "", %progbits
