// Training from Python: openmtp._core.train runs the trainer of `mlp train` with the same options, read through
// the same table (fit/training_options: names with underscores, MLIP-3's spellings too), and reports progress to
// Python callables while the GIL is released.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "openmtp/training.hpp"

namespace openmtp_python {
namespace {

using openmtp::Configuration;
using openmtp::Potential;

// Python callbacks run with the GIL; an exception they raise (KeyboardInterrupt included) stops training
// cleanly after the current iteration (through this call's own stop token) and is re-raised when the trainer
// has returned.
struct CallbackGuard {
  openmtp::StopToken stop;
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
      stop.request_stop();
    }
  }
};

// Keyword arguments as checked training options: a misspelled name raises openmtp.Error naming the nearest option;
// None leaves an option at its default.
openmtp::OptionValues training_options(const py::dict& kwargs) {
  openmtp::OptionValues values = openmtp::training_options();
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
      throw openmtp::Error("option " + name + " expects a number, a string or a bool, got " +
                       std::string(py::str(value.get_type().attr("__name__"))));
    values.set(name, text, openmtp::OptionSource::Python);
  }
  return values;
}

}  // namespace

void bind_train(py::module_& m) {
  m.def(
      "train",
      [](const Potential& start, const std::vector<Configuration>& cfgs, std::optional<py::function> progress,
         std::optional<py::function> log, std::optional<py::function> each_iteration, const py::kwargs& kwargs) {
        const openmtp::OptionValues values = training_options(kwargs);
        CallbackGuard guard;
        openmtp::TrainingCallbacks cb;
        if (log) {
          // Each non-empty log line to the Python callable (with the GIL; an exception it raises stops training).
          cb.log = [&](const std::string& line) {
            if (!line.empty()) guard.call([&] { (*log)(line); });
          };
          (*log)("Options:");
          std::istringstream options(values.describe());
          for (std::string line; std::getline(options, line);)
            if (!line.empty()) (*log)(line);
        }
        // Always installed, so Ctrl-C reaches training through the signal check even without a callback.
        cb.progress = [&](const openmtp::TrainingProgress& report) {
          guard.call([&] {
            if (progress && (*progress)(report.stage, report.iteration, report.loss).ptr() == Py_True)
              guard.stop.request_stop();
          });
        };
        if (each_iteration)
          cb.each_iteration = [&](const Potential& current, int iteration) {
            guard.call([&] { (*each_iteration)(current, iteration); });
          };

        openmtp::TrainingResult result;
        {
          py::gil_scoped_release release;
          result = openmtp::train(start, cfgs, values, cb, guard.stop);
        }
        if (guard.pending) throw std::move(*guard.pending);
        return py::make_tuple(result.potential, result.interrupted);
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
        openmtp::OptionValues values = training_options(kwargs);
        values.set("trained-pot-name", trained_pot_name, openmtp::OptionSource::Program);
        return openmtp::training_settings_text(values, header);
      },
      py::arg("trained_pot_name"), py::arg("header"),
      "The training options as a settings file for `mlp train --config=` (the sidecar <name>.train.toml).");
  m.def(
      "training_option_help", [] { return openmtp::training_option_table().help(); },
      "Every training option with its default, range and help, as `mlp help train` prints them.");
}

}  // namespace openmtp_python
