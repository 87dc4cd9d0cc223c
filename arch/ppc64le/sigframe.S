/* ppc64le: sc with patterned non-volatile registers, checked after any signal; raw restorer. */
	.abiversion 2
	.text
	/* 64-bit pattern 0x5a00nn00_0000nnnn for register number n. */
	.macro	pat reg, n
	lis	\reg, 0x5a00
	ori	\reg, \reg, (\n << 8)
	sldi	\reg, \reg, 32
	ori	\reg, \reg, (0x1000 + \n)
	.endm
	.macro	setbit bit
	.if \bit < 16
	ori	11, 11, (1 << \bit)
	.else
	oris	11, 11, (1 << (\bit - 16))
	.endif
	.endm
	.macro	chk reg, n, bit
	pat	12, \n
	cmpd	\reg, 12
	beq	1f
	setbit	\bit
1:
	.endm

	.globl	arch_sigframe_syscall
	.type	arch_sigframe_syscall, @function
arch_sigframe_syscall:
	stdu	1, -256(1)
	std	14, 32(1)
	std	15, 40(1)
	std	16, 48(1)
	std	17, 56(1)
	std	18, 64(1)
	std	19, 72(1)
	std	20, 80(1)
	std	21, 88(1)
	std	22, 96(1)
	std	23, 104(1)
	std	24, 112(1)
	std	25, 120(1)
	std	26, 128(1)
	std	27, 136(1)
	std	28, 144(1)
	std	29, 152(1)
	std	30, 160(1)
	std	31, 168(1)
	std	7, 176(1)
	mfcr	12
	stw	12, 184(1)
	mr	0, 3
	mr	3, 4
	mr	4, 5
	mr	5, 6
	pat	14, 14
	pat	15, 15
	pat	16, 16
	pat	17, 17
	pat	18, 18
	pat	19, 19
	pat	20, 20
	pat	21, 21
	pat	22, 22
	pat	23, 23
	pat	24, 24
	pat	25, 25
	pat	26, 26
	pat	27, 27
	pat	28, 28
	pat	29, 29
	pat	30, 30
	pat	31, 31
	lis	12, 0x00a5		/* cr2=a cr3=5 cr4=c */
	ori	12, 12, 0xc000
	mtcrf	0x38, 12
	sc
	bns+	2f
	neg	3, 3			/* CR0.SO: r3 holds a positive errno */
2:
	li	11, 0
	chk	14, 14, 0
	chk	15, 15, 1
	chk	16, 16, 2
	chk	17, 17, 3
	chk	18, 18, 4
	chk	19, 19, 5
	chk	20, 20, 6
	chk	21, 21, 7
	chk	22, 22, 8
	chk	23, 23, 9
	chk	24, 24, 10
	chk	25, 25, 11
	chk	26, 26, 12
	chk	27, 27, 13
	chk	28, 28, 14
	chk	29, 29, 15
	chk	30, 30, 16
	chk	31, 31, 17
	mfcr	12
	rlwinm	12, 12, 0, 8, 19	/* keep cr2..cr4 */
	lis	10, 0x00a5
	ori	10, 10, 0xc000
	cmpw	12, 10
	beq	3f
	setbit	18
3:
	ld	7, 176(1)
	std	11, 0(7)
	lwz	12, 184(1)
	mtcrf	0x38, 12
	ld	14, 32(1)
	ld	15, 40(1)
	ld	16, 48(1)
	ld	17, 56(1)
	ld	18, 64(1)
	ld	19, 72(1)
	ld	20, 80(1)
	ld	21, 88(1)
	ld	22, 96(1)
	ld	23, 104(1)
	ld	24, 112(1)
	ld	25, 120(1)
	ld	26, 128(1)
	ld	27, 136(1)
	ld	28, 144(1)
	ld	29, 152(1)
	ld	30, 160(1)
	ld	31, 168(1)
	addi	1, 1, 256
	blr
	.size	arch_sigframe_syscall, . - arch_sigframe_syscall

	.globl	arch_sigframe_restorer
	.type	arch_sigframe_restorer, @function
arch_sigframe_restorer:
	li	0, 172			/* __NR_rt_sigreturn */
	sc
	trap
	.size	arch_sigframe_restorer, . - arch_sigframe_restorer
	.section .note.GNU-stack, "", %progbits
