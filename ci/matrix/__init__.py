"""QEMU matrix runner: boots each arch's kernel with the suite and reports per-test results."""
