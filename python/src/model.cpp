// Potentials and their evaluation from Python: openmtp.Potential (the .mtp contents, parameters as a numpy
// array) and openmtp.Evaluator (energy, forces, virial, per-atom energies and virials, parameter gradients).
#include <pybind11/stl.h>

#include <sstream>
#include <string>

#include "bindings.hpp"
#include "openmtp/files.hpp"
#include "openmtp/potential.hpp"

namespace openmtp_python {
namespace {

using openmtp::Configuration;
using openmtp::Evaluator;
using openmtp::Potential;

py::array_t<int> index_table(const std::vector<std::array<int, 4>>& rows) {
  py::array_t<int> out({py::ssize_t(rows.size()), py::ssize_t(4)});
  auto w = out.mutable_unchecked<2>();
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (int k = 0; k < 4; ++k) w(py::ssize_t(r), k) = rows[r][std::size_t(k)];
  return out;
}

std::vector<double> to_doubles(const py::handle& obj, std::size_t n, const char* what) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a || a.ndim() != 1 || std::size_t(a.shape(0)) != n)
    throw py::value_error(std::string(what) + " must be a 1-d array of " + std::to_string(n) + " numbers");
  return std::vector<double>(a.data(), a.data() + n);
}

// The types array must index the potential's species; checked here so a bad type is a Python error, not
// an out-of-range read in the evaluator.
void check_types(const Configuration& c, const Potential& p) {
  if (c.types.size() != c.size())
    throw py::value_error("configuration has " + std::to_string(c.size()) + " atoms but " +
                          std::to_string(c.types.size()) + " types");
  for (int t : c.types)
    if (t < 0 || t >= p.species_count)
      throw py::value_error("species type " + std::to_string(t) + " is out of range for a potential with " +
                            std::to_string(p.species_count) + " species");
}

py::dict efs_dict(openmtp::EfsResults&& r) {
  py::dict d;
  const py::ssize_t n = py::ssize_t(r.site_energies.size());
  d["energy"] = r.energy;
  d["forces"] = adopt_vec3s(std::move(r.forces));
  d["virial"] = mat3_array(r.virial);
  d["site_energies"] = adopt_vector(std::move(r.site_energies), {n});
  std::vector<double> flat;
  flat.reserve(r.atom_virials.size() * 9);
  for (const openmtp::Mat3& w : r.atom_virials)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) flat.push_back(w(i, j));
  d["atom_virials"] = adopt_vector(std::move(flat), {py::ssize_t(r.atom_virials.size()), 3, 3});
  if (!r.moment_derivatives.empty()) {  // a magnetic potential: dE/dm per atom (MLIP-3's en_der_mx)
    const py::ssize_t m = py::ssize_t(r.moment_derivatives.size());
    d["moment_derivatives"] = adopt_vector(std::move(r.moment_derivatives), {m});
  }
  return d;
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<Potential>(m, "Potential", R"(A Moment Tensor Potential: what an .mtp file holds.

parameters is the flat vector (radial coefficients, species coefficients, moment coefficients) in MLIP-2's
order, the order of .als files and training; reading it returns a copy, assigning it sets the potential.)")
      .def(py::init<>())
      .def_static(
          "load",
          [](const std::string& path) {
            py::gil_scoped_release release;
            return openmtp::load_potential(path);
          },
          py::arg("path"), "reads an .mtp file (untrained files get MLIP-2's default coefficients)")
      .def(
          "save",
          [](const Potential& p, const std::string& path) {
            py::gil_scoped_release release;
            openmtp::save_potential(path, p);
          },
          py::arg("path"), "writes an .mtp file in MLIP-2's layout (atomically)")
      .def(
          "to_text",
          [](const Potential& p) {
            std::ostringstream out;
            openmtp::write_potential(out, p);
            return out.str();
          },
          "the .mtp file text")
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& name) {
            std::istringstream in(text);
            return openmtp::read_potential(in, name);
          },
          py::arg("text"), py::arg("name") = "<string>", "a potential from .mtp file text")
      .def_static(
          "untrained",
          [](int level, int species_count, double min_dist, double max_dist, int radial_basis_size) {
            return openmtp::untrained_potential(level, species_count, min_dist, max_dist, radial_basis_size);
          },
          py::arg("level"), py::kw_only(), py::arg("species_count") = 1, py::arg("min_dist") = 2.0,
          py::arg("max_dist") = 5.0, py::arg("radial_basis_size") = 8,
          "an untrained potential of MLIP-2's template for `level` (the moment tables of untrained_mtps/<level>.mtp)")
      .def("copy", [](const Potential& p) { return p; })
      .def("__copy__", [](const Potential& p) { return p; })
      .def("__deepcopy__", [](const Potential& p, py::dict) { return p; }, py::arg("memo"))
      .def("validate", &Potential::validate)
      .def("set_untrained_defaults", &Potential::set_untrained_defaults)
      .def("__repr__",
           [](const Potential& p) {
             std::ostringstream s;
             s << "Potential(name='" << p.name << "', species_count=" << p.species_count
               << ", cutoff=" << p.cutoff() << ", basis=" << p.moments.scalar_moments.size()
               << ", parameters=" << p.parameter_count() << (p.trained ? ", trained" : ", untrained") << ")";
             return s.str();
           })
      .def_readwrite("name", &Potential::name)
      .def_readwrite("tag", &Potential::tag)
      .def_property(
          "species_names", [](const Potential& p) { return p.species_names; },
          [](Potential& p, const std::vector<std::string>& names) {
            Potential named = p;
            named.species_names = names;
            named.validate();  // one distinct valid name per species, or none
            p.species_names = names;
          },
          "the element of each type (species_names[t] is type t) as the .mtp file records it; [] when not "
          "recorded")
      .def_readwrite("species_count", &Potential::species_count)
      .def_readwrite("scaling", &Potential::scaling)
      .def_readwrite("radial_funcs_count", &Potential::radial_funcs_count)
      .def_readwrite("trained", &Potential::trained)
      .def_property(
          "radial_basis_type", [](const Potential& p) { return p.radial.type; },
          [](Potential& p, const std::string& t) { p.radial.type = t; })
      .def_property(
          "min_dist", [](const Potential& p) { return p.radial.min_dist; },
          [](Potential& p, double v) { p.radial.min_dist = v; }, "Angstrom")
      .def_property(
          "max_dist", [](const Potential& p) { return p.radial.max_dist; },
          [](Potential& p, double v) { p.radial.max_dist = v; }, "Angstrom (the cutoff)")
      .def_property(
          "radial_basis_size", [](const Potential& p) { return p.radial.size; },
          [](Potential& p, int v) { p.radial.size = v; })
      .def_property_readonly("cutoff", &Potential::cutoff)
      .def_property_readonly("is_magnetic", &Potential::is_magnetic,
                             "True for an MLIP-3 magnetic MTP (magnetic_basis_type): it reads each atom's moment")
      .def_property_readonly("parameter_count", &Potential::parameter_count)
      .def_property_readonly("radial_parameter_count", &Potential::radial_parameter_count)
      .def_property_readonly("alpha_moments_count", [](const Potential& p) { return p.moments.moments_count; })
      .def_property_readonly("alpha_index_basic", [](const Potential& p) { return index_table(p.moments.basic); },
                             "(k, 4) rows mu, a, b, c")
      .def_property_readonly("alpha_index_times", [](const Potential& p) { return index_table(p.moments.times); },
                             "(k, 4) rows i, j, mult, k")
      .def_property_readonly(
          "alpha_moment_mapping",
          [](const Potential& p) { return py::array_t<int>(py::ssize_t(p.moments.scalar_moments.size()),
                                                           p.moments.scalar_moments.data()); })
      .def_property(
          "radial_coeffs",
          [](const Potential& p) { return py::array_t<double>(py::ssize_t(p.radial_coeffs.size()), p.radial_coeffs.data()); },
          [](Potential& p, py::object v) { p.radial_coeffs = to_doubles(v, p.radial_parameter_count(), "radial_coeffs"); },
          "flat [((ci * C + cj) * K + mu) * R + xi]; a copy")
      .def_property(
          "species_coeffs",
          [](const Potential& p) { return py::array_t<double>(py::ssize_t(p.species_coeffs.size()), p.species_coeffs.data()); },
          [](Potential& p, py::object v) { p.species_coeffs = to_doubles(v, std::size_t(p.species_count), "species_coeffs"); },
          "a copy")
      .def_property(
          "moment_coeffs",
          [](const Potential& p) { return py::array_t<double>(py::ssize_t(p.moment_coeffs.size()), p.moment_coeffs.data()); },
          [](Potential& p, py::object v) {
            p.moment_coeffs = to_doubles(v, p.moments.scalar_moments.size(), "moment_coeffs");
          },
          "a copy")
      .def_property(
          "parameters",
          [](const Potential& p) {
            std::vector<double> theta = p.parameters();
            const py::ssize_t n = py::ssize_t(theta.size());
            return adopt_vector(std::move(theta), {n});
          },
          [](Potential& p, py::object v) { p.set_parameters(to_doubles(v, p.parameter_count(), "parameters")); },
          "(parameter_count,) radial, species and moment coefficients; a copy");

  py::class_<Evaluator>(m, "Evaluator", R"(Evaluates a potential (a copy of it, taken at construction).

Thread-safe and deterministic; the GIL is released while it computes.)")
      .def(py::init([](const Potential& p, int threads) {
             Evaluator e(p);
             e.set_threads(threads);
             return e;
           }),
           py::arg("potential"), py::arg("threads") = 1)
      .def_property("threads", &Evaluator::threads, &Evaluator::set_threads,
                    "threads one evaluation uses (0: all cores); results do not depend on it")
      .def_property_readonly("potential", &Evaluator::potential, py::return_value_policy::copy, "a copy")
      .def_property_readonly("cutoff", &Evaluator::cutoff)
      .def(
          "compute",
          [](const Evaluator& e, const Configuration& c) {
            check_types(c, e.potential());
            openmtp::EfsResults r;
            {
              py::gil_scoped_release release;
              r = e.compute(c);
            }
            return efs_dict(std::move(r));
          },
          py::arg("configuration"),
          "dict: energy (eV), forces (n, 3) eV/A, virial (3, 3) eV (-dE/d(strain)), site_energies (n,),\n"
          "atom_virials (n, 3, 3); for a magnetic potential also moment_derivatives (n,) dE/dm (eV per Bohr\n"
          "magneton), the moments being the configuration's magnetic_moments[:, 0]")
      .def(
          "compute_into",
          [](const Evaluator& e, Configuration& c) {
            check_types(c, e.potential());
            py::gil_scoped_release release;
            e.compute_into(c);
          },
          py::arg("configuration"), "replaces the configuration's energy, forces, virial and site energies")
      .def(
          "energy_parameter_gradient",
          [](const Evaluator& e, const Configuration& c) {
            check_types(c, e.potential());
            std::vector<double> g;
            {
              py::gil_scoped_release release;
              const openmtp::NeighborList nl = openmtp::NeighborList::build(c, e.cutoff());
              const std::vector<double> moments = openmtp::collinear_magnetic_moments(c, e.potential());
              g = e.energy_parameter_gradient(nl, {c.types.data(), moments.empty() ? nullptr : moments.data()});
            }
            const py::ssize_t n = py::ssize_t(g.size());
            return adopt_vector(std::move(g), {n});
          },
          py::arg("configuration"), "dE/dparameters, (parameter_count,)")
      .def(
          "site_energy_parameter_gradients",
          [](const Evaluator& e, const Configuration& c) {
            check_types(c, e.potential());
            std::vector<double> g;
            std::size_t centres = 0;
            {
              py::gil_scoped_release release;
              const openmtp::NeighborList nl = openmtp::NeighborList::build(c, e.cutoff());
              const std::vector<double> moments = openmtp::collinear_magnetic_moments(c, e.potential());
              g = e.site_energy_parameter_gradients(nl, {c.types.data(), moments.empty() ? nullptr : moments.data()});
              centres = nl.centers();
            }
            const py::ssize_t rows = py::ssize_t(centres);
            const py::ssize_t cols = py::ssize_t(e.potential().parameter_count());
            return adopt_vector(std::move(g), {rows, cols});
          },
          py::arg("configuration"), "dV_i/dparameters, (atoms, parameter_count); ghost atoms have no rows");
}

}  // namespace openmtp_python
