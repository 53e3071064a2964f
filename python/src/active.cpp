// Active learning from Python: openmtp.ActiveSet over openmtp::ActiveSet. Loads MLIP-2 (.als) and MLIP-3
// (.almtp) state files, grades configurations (per atom in neighbourhood mode), selects batches, saves.
#include <pybind11/stl.h>

#include <string>

#include "bindings.hpp"
#include "openmtp/files.hpp"
#include "openmtp/selection.hpp"

namespace openmtp_python {
namespace {

using openmtp::Configuration;
using openmtp::ActiveSet;
using openmtp::SelectionWeights;

ActiveSet load_state(const std::string& path, std::optional<double> init_value) {
  return openmtp::load_active_set(path, init_value.value_or(-1.0));
}

void check_types(const Configuration& c, const ActiveSet& set) {
  for (int t : c.types)
    if (t < 0 || t >= set.potential().species_count)
      throw py::value_error("species type " + std::to_string(t) + " is out of range for a potential with " +
                            std::to_string(set.potential().species_count) + " species");
}

// Training and candidate lists of the select-add procedures.
void check_types(const std::vector<Configuration>& training, const std::vector<Configuration>& candidates,
                 const ActiveSet& set) {
  for (const auto* list : {&training, &candidates})
    for (const Configuration& c : *list) check_types(c, set);
}

py::dict weights_dict(const SelectionWeights& w) {
  py::dict d;
  d["site_energy"] = w.site_energy;
  d["energy"] = w.energy;
  d["force"] = w.force;
  d["stress"] = w.stress;
  d["weighting"] = openmtp::weighting_name(w.weighting);
  d["weight_scaling"] = w.weight_scaling;
  return d;
}

}  // namespace

void bind_active(py::module_& m) {
  py::class_<ActiveSet>(m, "ActiveSet", R"(An active set: a potential, the MaxVol matrix of selected equation rows and the
configurations they came from. Grades configurations (the extrapolation grade: max |rows A^-1|) and
selects new ones, as MLIP-2's calc-grade / select-add and MLIP-3's active learning do.

Weights choose the rows: MLIP-2's default is energy=1 (configuration mode, one row per configuration);
site_energy != 0 is neighbourhood mode (one row per atom, per-atom grades).)")
      .def(py::init([](const openmtp::Potential& potential, double site_energy, double energy, double force,
                       double stress, const std::string& weighting, int weight_scaling, double init_value) {
             SelectionWeights w;
             w.site_energy = site_energy;
             w.energy = energy;
             w.force = force;
             w.stress = stress;
             w.weighting = openmtp::parse_weighting(weighting);
             w.weight_scaling = weight_scaling;
             if (!w.any()) throw py::value_error("at least one selection weight must be non-zero");
             return ActiveSet(potential, w, init_value);
           }),
           py::arg("potential"), py::kw_only(), py::arg("site_energy") = 0.0, py::arg("energy") = 1.0,
           py::arg("force") = 0.0, py::arg("stress") = 0.0, py::arg("weighting") = "vibrations",
           py::arg("weight_scaling") = -1, py::arg("init_value") = 1e-5,
           "An empty set (A = init_value * I). weight_scaling >= 0 selects MLIP-3's row scaling N^(-p/2).")
      .def_static(
          "load",
          [](const std::string& path, std::optional<double> init_value) {
            py::gil_scoped_release release;
            return load_state(path, init_value);
          },
          py::arg("path"), py::arg("init_value") = py::none(),
          "reads an MLIP-2 .als or an MLIP-3 .almtp with a selection state (detected from the contents)")
      .def(
          "save",
          [](const ActiveSet& set, const std::string& path, const std::string& format) {
            if (!format.empty() && format != "als" && format != "almtp")
              throw py::value_error("format must be 'als' or 'almtp'");
            py::gil_scoped_release release;
            openmtp::save_active_set(path, set, format);
          },
          py::arg("path"), py::arg("format") = "",
          "writes MLIP-2's .als, or MLIP-3's .almtp (format='almtp' or a path ending in .almtp); atomically")
      .def_property_readonly("potential", &ActiveSet::potential, py::return_value_policy::copy, "a copy")
      .def_property_readonly("weights", [](const ActiveSet& s) { return weights_dict(s.weights()); })
      .def_property_readonly("neighborhood_mode", [](const ActiveSet& s) { return s.weights().neighborhood_mode(); })
      .def_property_readonly("parameter_count", &ActiveSet::parameter_count)
      .def_property_readonly("filled_rows", &ActiveSet::filled_rows, "rows of A owned by a configuration")
      .def_property_readonly("init_value", [](const ActiveSet& s) { return s.maxvol().init_value(); })
      .def_property_readonly("configurations", [](const ActiveSet& s) { return s.configurations(); },
                             "copies of the configurations owning rows, in order of first appearance")
      .def_property_readonly(
          "row_owners",
          [](const ActiveSet& s) {
            const auto& owners = s.owners();
            py::array_t<int> out({py::ssize_t(owners.size()), py::ssize_t(2)});
            auto w = out.mutable_unchecked<2>();
            for (std::size_t r = 0; r < owners.size(); ++r) {
              w(py::ssize_t(r), 0) = owners[r].cfg;
              w(py::ssize_t(r), 1) = owners[r].equation;
            }
            return out;
          },
          "(n, 2): for each row of A, the owning configuration (-1: initial row) and equation (-1: unknown)")
      .def_property_readonly("matrix", [](const ActiveSet& s) {
        const auto& a = s.maxvol().matrix();
        py::array_t<double> out({py::ssize_t(a.rows()), py::ssize_t(a.cols())});
        std::copy(a.data(), a.data() + a.size(), out.mutable_data());
        return out;
      }, "A (n x n), a copy")
      .def(
          "grade",
          [](const ActiveSet& s, const Configuration& c, bool per_atom) -> py::object {
            check_types(c, s);
            std::vector<double> atoms;
            double g;
            {
              py::gil_scoped_release release;
              g = s.grade(c, per_atom ? &atoms : nullptr);
            }
            if (!per_atom) return py::float_(g);
            py::object per = py::none();
            if (!atoms.empty()) {
              const py::ssize_t n = py::ssize_t(atoms.size());
              per = adopt_vector(std::move(atoms), {n});
            }
            return py::make_tuple(g, per);
          },
          py::arg("configuration"), py::arg("per_atom") = false,
          "the extrapolation grade; with per_atom=True a tuple (grade, per-atom grades or None outside\n"
          "neighbourhood mode)")
      .def(
          "queue", [](ActiveSet& s, const Configuration& c) {
            check_types(c, s);
            py::gil_scoped_release release;
            s.queue(c);
          },
          py::arg("configuration"), "adds a candidate to the next select() batch (empty ones are ignored)")
      .def_property_readonly("queued", &ActiveSet::queued)
      .def(
          "select",
          [](ActiveSet& s, double select_threshold, double swap_threshold, long swap_limit) {
            openmtp::SelectionReport r;
            {
              py::gil_scoped_release release;
              r = s.select(select_threshold, swap_threshold, swap_limit);
            }
            py::dict d;
            d["grade"] = r.grade;
            d["swaps"] = r.swaps;
            d["rows"] = r.rows;
            d["selected"] = r.selected;
            return d;
          },
          py::arg("select_threshold"), py::arg("swap_threshold") = 1.0000001, py::arg("swap_limit") = -1,
          "grades the queued batch and, when its grade exceeds select_threshold, swaps rows in while a\n"
          "coefficient exceeds swap_threshold (at most swap_limit swaps; -1 no limit). Returns a dict: grade\n"
          "(before swapping), swaps, rows, selected (queue indices of configurations now in the set).")
      .def(
          "mlip2_select_add",
          [](ActiveSet& s, const std::vector<Configuration>& training, const std::vector<Configuration>& candidates,
             double select_threshold, double swap_threshold, long selection_limit) {
            check_types(training, candidates, s);
            openmtp::Mlip2SelectAddOptions o;
            o.select_threshold = select_threshold;
            o.swap_threshold = swap_threshold;
            o.selection_limit = selection_limit;
            std::vector<Configuration> added;
            {
              py::gil_scoped_release release;
              openmtp::mlip2_select_add(s, openmtp::stream_of(training), openmtp::stream_of(candidates), o);
              for (std::size_t c : openmtp::selected_candidates(s)) {
                Configuration cfg = s.configurations()[c];
                cfg.features.erase("ID");
                added.push_back(std::move(cfg));
              }
            }
            return added;
          },
          py::arg("training"), py::arg("candidates"), py::arg("select_threshold") = 1.1,
          py::arg("swap_threshold") = 1.0000001, py::arg("selection_limit") = 0,
          "MLIP-2's select-add (mlp select-add) on this set, normally fresh: selects from the training\n"
          "configurations (with the swap threshold, as MLIP-2 does), then from the candidates. Returns the\n"
          "candidates that entered the set (need ab initio data), in row order; the set's configurations keep\n"
          "MLIP-2's Feature ID marks (-1: training, 1, 2, ...: candidates).")
      .def(
          "mlip3_select_add",
          [](ActiveSet& s, const std::vector<Configuration>& training, const std::vector<Configuration>& candidates,
             double threshold, long swap_limit, long batch_size) {
            check_types(training, candidates, s);
            openmtp::Mlip3SelectAddOptions o;
            o.threshold = threshold;
            o.swap_limit = swap_limit;
            o.batch_size = batch_size;
            py::gil_scoped_release release;
            return openmtp::mlip3_select_add(
                s, [&] { return openmtp::stream_of(training); }, openmtp::stream_of(candidates), o);
          },
          py::arg("training"), py::arg("candidates"), py::arg("threshold") = 1.001, py::arg("swap_limit") = 0,
          py::arg("batch_size") = 9999,
          "MLIP-3's select_add on this set (e.g. one loaded from an .almtp): the training set, the candidates\n"
          "in batches, the training set again. Returns the candidates now in the set, each with Feature\n"
          "selected_eqn_inds.");
}

}  // namespace openmtp_python
