#include "mtp/model/kernel_isa.hpp"

#include <cstdlib>

#include "mtp/core/error.hpp"

namespace mtp {

std::vector<KernelIsa> supported_kernel_isas() {
  std::vector<KernelIsa> isas{KernelIsa::baseline};
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (avx2) isas.push_back(KernelIsa::avx2);
  if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
    isas.push_back(KernelIsa::avx512);
#endif
  return isas;
}

std::string kernel_isa_name(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::avx2: return "avx2";
    case KernelIsa::avx512: return "avx512";
    default: return "baseline";
  }
}

KernelIsa default_kernel_isa() {
  const std::vector<KernelIsa> isas = supported_kernel_isas();
  const char* wanted = std::getenv("OPENMTP_KERNEL_ISA");
  if (wanted && *wanted) {
    for (KernelIsa isa : isas)
      if (kernel_isa_name(isa) == wanted) return isa;
    throw Error(std::string("OPENMTP_KERNEL_ISA=") + wanted +
                ": not a kernel path this CPU runs (baseline, avx2 or avx512, as supported)");
  }
  return isas.back();
}

}  // namespace mtp
