// Training from Python: openmtp._core.train runs the trainer of `mlp train` with the same options, read through
// the same table (fit/training_options: names with underscores, MLIP-3's spellings too), and reports progress to
// Python callables while the GIL is released.
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
#include "mtp/fit/training_options.hpp"
#include "mtp/io/option_file.hpp"
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

// Keyword arguments as checked training options: a misspelled name raises openmtp.Error naming the nearest option;
// None leaves an option at its default.
mtp::OptionValues training_options(const py::dict& kwargs) {
  mtp::OptionValues values(mtp::fit::training_option_table());
  for (const auto& [key, value] : kwargs) {
    const std::string name = py::str(key);
    if (value.is_none()) continue;
    std::string text;
    if (py::isinstance<py::bool_>(value)) text = value.cast<bool>() ? "true" : "false";
    else if (py::isinstance<py::int_>(value)) text = py::str(value);
    else if (py::isinstance<py::float_>(value)) text = py::repr(value);
    else if (py::isinstance<py::str>(value)) text = value.cast<std::string>();
    else if (PyIndex_Check(value.ptr())) text = py::str(value.attr("__index__")());                  // numpy integers
    else if (py::hasattr(value, "__float__")) text = py::repr(value.attr("__float__")());          // numpy floats
    else if (py::hasattr(value, "__fspath__")) text = py::str(value.attr("__fspath__")());
    else
      throw mtp::Error("option " + name + " expects a number, a string or a bool, got " +
                       std::string(py::str(value.get_type().attr("__name__"))));
    values.set(name, text, mtp::OptionSource::Python);
  }
  return values;
}

}  // namespace

void bind_train(py::module_& m) {
  m.def(
      "train",
      [](const Potential& start, const std::vector<Configuration>& cfgs, std::optional<py::function> progress,
         std::optional<py::function> log, std::optional<py::function> each_iteration, const py::kwargs& kwargs) {
        const mtp::OptionValues values = training_options(kwargs);
        const mtp::fit::TrainerOptions o = mtp::fit::trainer_options_from(values);
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
          *log_stream << "Options:\n" << values.describe() << std::flush;
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
      py::arg("potential"), py::arg("configurations"), py::kw_only(), py::arg("progress") = py::none(),
      py::arg("log") = py::none(), py::arg("each_iteration") = py::none(),
      "Runs `mlp train`'s procedure; returns (trained potential, stopped early). The keyword arguments are "
      "`mlp train`'s options (see openmtp.train).");
  m.def(
      "check_training_options",
      [](const py::kwargs& kwargs) { return training_options(kwargs).describe(); },
      "Checks training options given as keyword arguments (openmtp.Error for an unknown name or a bad value) and "
      "returns them with their defaults, one 'name = value  (source)' line each.");
  m.def(
      "training_settings_text",
      [](const std::string& trained_pot_name, const std::string& header, const py::kwargs& kwargs) {
        mtp::OptionValues values = training_options(kwargs);
        values.set("trained-pot-name", trained_pot_name, mtp::OptionSource::Program);
        return mtp::io::option_file_text(values, header);
      },
      py::arg("trained_pot_name"), py::arg("header"),
      "The training options as a settings file for `mlp train --config=` (the sidecar <name>.train.toml).");
  m.def(
      "training_option_help", [] { return mtp::fit::training_option_table().help(); },
      "Every training option with its default, range and help, as `mlp help train` prints them.");
}

}  // namespace openmtp_python
