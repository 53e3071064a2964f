// Training from Python: openmtp._core.train runs the trainer of `mlp train` with the same options (names with
// underscores) and reports progress to Python callables while the GIL is released.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "mtp/core/error.hpp"
#include "mtp/fit/communicator.hpp"
#include "mtp/fit/loss.hpp"
#include "mtp/fit/stop_signal.hpp"
#include "mtp/fit/trainer.hpp"
#include "mtp/io/mtp_file.hpp"

namespace openmtp_python {
namespace {

using mtp::Configuration;
using mtp::Potential;

// Hands each complete log line to a Python callable (taking the GIL for the call).
class LineCallbackBuffer : public std::streambuf {
 public:
  explicit LineCallbackBuffer(py::function sink) : sink_(std::move(sink)) {}
  ~LineCallbackBuffer() override { flush_line(); }

 protected:
  int overflow(int ch) override {
    if (ch == traits_type::eof()) return 0;
    if (ch == '\n')
      flush_line();
    else
      line_.push_back(char(ch));
    return ch;
  }

 private:
  void flush_line() {
    if (line_.empty()) return;
    py::gil_scoped_acquire gil;
    sink_(line_);
    line_.clear();
  }
  py::function sink_;
  std::string line_;
};

// Python callbacks run with the GIL; an exception they raise (KeyboardInterrupt included) stops training
// cleanly after the current iteration and is re-raised when the trainer has returned.
struct CallbackGuard {
  std::unique_ptr<py::error_already_set> pending;
  void check_signals() {
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
  template <typename F>
  void call(F&& f) {
    if (pending) return;
    py::gil_scoped_acquire gil;
    try {
      check_signals();
      f();
    } catch (py::error_already_set& e) {
      pending = std::make_unique<py::error_already_set>(std::move(e));
      mtp::fit::request_stop();
    }
  }
};

}  // namespace

void bind_train(py::module_& m) {
  m.def(
      "train",
      [](const Potential& start, const std::vector<Configuration>& cfgs, double energy_weight, double force_weight,
         double stress_weight, double scale_by_force, const std::string& weighting, int max_iter,
         double bfgs_conv_tol, const std::string& init_params, unsigned long long seed, bool skip_preinit,
         bool update_mindist, int threads, const std::string& optimizer, std::optional<py::function> progress,
         std::optional<py::function> log, std::optional<py::function> each_iteration) {
        mtp::fit::TrainerOptions o;
        o.weights.energy = energy_weight;
        o.weights.force = force_weight;
        o.weights.stress = stress_weight;
        o.weights.scale_by_force = scale_by_force;
        o.weights.weighting = mtp::fit::parse_weighting(weighting);
        o.max_iterations = max_iter;
        o.convergence_tolerance = bfgs_conv_tol;
        if (init_params != "random" && init_params != "same")
          throw py::value_error("init_params must be 'random' or 'same'");
        o.init_random = init_params == "random";
        o.seed = seed;
        o.skip_preinit = skip_preinit;
        o.update_mindist = update_mindist;
        o.threads = threads;
        if (optimizer == "bfgs")
          o.optimizer = mtp::fit::Optimizer::Bfgs;
        else if (optimizer == "lbfgs")
          o.optimizer = mtp::fit::Optimizer::Lbfgs;
        else
          throw py::value_error("optimizer must be 'bfgs' or 'lbfgs'");
        if (cfgs.empty()) throw py::value_error("no training configurations");
        for (const Configuration& c : cfgs)
          for (int t : c.types)
            if (t < 0 || t >= start.species_count)
              throw py::value_error("a training configuration has species type " + std::to_string(t) +
                                    ", outside the potential's " + std::to_string(start.species_count) + " species");

        CallbackGuard guard;
        std::unique_ptr<LineCallbackBuffer> log_buffer;
        std::unique_ptr<std::ostream> log_stream;
        mtp::fit::TrainerCallbacks cb;
        if (log) {
          log_buffer = std::make_unique<LineCallbackBuffer>(*log);
          log_stream = std::make_unique<std::ostream>(log_buffer.get());
          cb.log = log_stream.get();
        }
        // Always installed, so Ctrl-C reaches training through the signal check even without a callback.
        cb.progress = [&](const mtp::fit::TrainingProgress& report) {
          guard.call([&] {
            if (progress && (*progress)(report.stage, report.iteration, report.loss).ptr() == Py_True)
              mtp::fit::request_stop();
          });
        };
        if (each_iteration)
          cb.each_iteration = [&](const Potential& current, int iteration) {
            guard.call([&] { (*each_iteration)(current, iteration); });
          };

        Potential trained;
        bool interrupted = false;
        {
          py::gil_scoped_release release;
          std::vector<mtp::fit::TrainingSample> samples;
          samples.reserve(cfgs.size());
          for (const Configuration& c : cfgs) samples.push_back(mtp::fit::make_sample(c, start.cutoff(), &start));
          mtp::fit::clear_stop_request();
          try {
            mtp::fit::Trainer trainer(start, std::move(samples), o, mtp::fit::Communicator::serial(), cb);
            trained = trainer.run();
            interrupted = trainer.interrupted();
          } catch (...) {
            mtp::fit::clear_stop_request();
            log_stream.reset();
            throw;
          }
          mtp::fit::clear_stop_request();
          log_stream.reset();
        }
        log_buffer.reset();
        if (guard.pending) throw std::move(*guard.pending);
        return py::make_tuple(trained, interrupted);
      },
      py::arg("potential"), py::arg("configurations"), py::kw_only(), py::arg("energy_weight") = 1.0,
      py::arg("force_weight") = 0.01, py::arg("stress_weight") = 0.001, py::arg("scale_by_force") = 0.0,
      py::arg("weighting") = "vibrations", py::arg("max_iter") = 1000, py::arg("bfgs_conv_tol") = 1e-3,
      py::arg("init_params") = "random", py::arg("seed") = 0ULL, py::arg("skip_preinit") = false,
      py::arg("update_mindist") = false, py::arg("threads") = 1, py::arg("optimizer") = "bfgs",
      py::arg("progress") = py::none(), py::arg("log") = py::none(), py::arg("each_iteration") = py::none(),
      "Runs `mlp train`'s procedure; returns (trained potential, stopped early). See openmtp.train.");
}

}  // namespace openmtp_python
