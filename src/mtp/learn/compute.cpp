#include "mtp/learn/compute.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "mtp/core/error.hpp"
#include "mtp/core/parallel_for.hpp"
#include "mtp/learn/work_directory.hpp"

namespace mtp::learn {

namespace fs = std::filesystem;

ComputeOutcome compute_all(const oracle::Oracle& oracle, const std::vector<Configuration>& inputs,
                           const std::string& dir, int parallel,
                           const std::function<void(std::size_t, std::size_t)>& progress) {
  ComputeOutcome out;
  out.results.resize(inputs.size());
  std::vector<std::string> failure(inputs.size());
  std::mutex mutex;
  std::size_t done = 0;

  // Anything but an oracle failure (a full disk, an interrupt) ends the stage: the other workers finish the
  // call they are in, store it, and take no more; the error of the first such call is rethrown (parallel_for).
  const int threads = std::max(1, std::min<int>(parallel, int(inputs.size())));
  parallel_for(inputs.size(), threads, [&](std::size_t k, std::size_t) {
    char name[64];
    std::snprintf(name, sizeof name, "calc_%04zu", k);
    const std::string calc = dir + "/" + name;
    const std::string result_path = calc + "/result.cfg", failed_path = calc + "/failed.txt";
    std::optional<Configuration> result;
    std::string reason;
    std::size_t calls = 0, reused = 0;
    double seconds = 0.0;
    if (exists(result_path)) {
      result = load_configurations(result_path).at(0);
      reused = 1;
    } else if (exists(failed_path)) {
      reason = load_text(failed_path);
      reused = 1;
    } else {
      std::string reasons;
      for (int attempt = 1; attempt <= 2 && !result; ++attempt) {
        const std::string workdir = calc + "/try" + std::to_string(attempt);
        fs::remove_all(workdir);  // what a killed attempt left behind
        fs::create_directories(workdir);
        Configuration cfg = inputs[k];
        const auto t0 = std::chrono::steady_clock::now();
        ++calls;
        try {
          oracle.compute(cfg, workdir);
          cfg.validate();
          if (!cfg.has_energy() || !cfg.has_forces()) throw Error("the oracle returned no energy or forces");
          result = std::move(cfg);
        } catch (const std::exception& e) {
          reasons += "try" + std::to_string(attempt) + ": " + e.what() + "\n";
        }
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      }
      if (result) {
        save_text(calc + "/seconds.txt", std::to_string(seconds) + "\n");
        save_configurations(result_path, {*result});
        // Continue with what was stored (the .cfg keeps six stress components, so a virial that is not
        // exactly symmetric changes in its last digits): a resumed run then sees the same numbers.
        result = load_configurations(result_path).at(0);
      } else {
        save_text(failed_path, reasons);
        reason = reasons;
      }
    }
    std::lock_guard<std::mutex> lock(mutex);
    out.results[k] = std::move(result);
    if (!out.results[k]) {
      std::string first_line = reason.substr(0, reason.find('\n'));
      failure[k] = std::string(name) + ": " + first_line;
    }
    out.calls += calls;
    out.reused += reused;
    out.seconds += seconds;
    ++done;
    if (progress) progress(done, inputs.size());
  });
  for (const std::string& f : failure)
    if (!f.empty()) out.failures.push_back(f);
  return out;
}

}  // namespace mtp::learn
