#pragma once
#include <string>
#include <vector>

namespace mtp {

// Instruction sets the evaluator's kernel is compiled for. The library is built for baseline x86-64 (what
// Debian's compiler targets); the kernel is compiled once more for each wider set and the widest one the CPU
// runs is picked when an Evaluator is made. Every path does the same operations in the same order; the
// wider ones fuse multiply-adds, so results agree to rounding, not bit for bit.
enum class KernelIsa { baseline, avx2, avx512 };

// The paths this CPU can run, baseline first. On other architectures: baseline only.
std::vector<KernelIsa> supported_kernel_isas();
// The widest of supported_kernel_isas(), unless the environment variable OPENMTP_KERNEL_ISA names another
// supported one (baseline, avx2, avx512): a way to compare paths from the command line.
KernelIsa default_kernel_isa();
std::string kernel_isa_name(KernelIsa isa);

}  // namespace mtp
