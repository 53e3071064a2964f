// openmtp.Configuration: openmtp::Configuration with its per-atom arrays exposed as numpy views of the C++
// storage (no copies). A view is live until the atom count changes (assigning positions of another length,
// resize()); then it becomes a read-only snapshot of the old values, so writing through it raises instead of
// writing into freed memory. Assigning to a property always copies into the C++ storage.
#include <pybind11/stl.h>
#include <pybind11/stl_bind.h>

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>
#include <sstream>
#include <string>

#include "bindings.hpp"
#include "openmtp/types.hpp"

PYBIND11_MAKE_OPAQUE(std::map<std::string, std::string>)

namespace openmtp_python {
namespace {

using openmtp::Configuration;

// The numpy views handed out for one configuration, and the storage they pointed into before the atom count
// last changed (kept until the configuration's Python object goes, which its views keep alive).
struct ViewRegistry {
  std::vector<py::weakref> views;
  std::vector<std::shared_ptr<void>> retired;
  py::object watcher;  // a weak reference to the owner whose callback drops this entry
};

std::unordered_map<const Configuration*, ViewRegistry>& view_registries() {
  static std::unordered_map<const Configuration*, ViewRegistry> registries;
  return registries;
}

template <typename A>
A tracked(A view, py::handle owner) {
  const Configuration* c = &owner.cast<Configuration&>();
  ViewRegistry& r = view_registries()[c];
  if (!r.watcher) {
    py::cpp_function forget([c](py::handle) { view_registries().erase(c); });
    r.watcher = py::weakref(owner, forget);
  }
  // Views the caller dropped are forgotten now and then, so reading a property in a loop keeps this bounded.
  if (r.views.size() >= 64 && (r.views.size() & (r.views.size() - 1)) == 0)
    r.views.erase(std::remove_if(r.views.begin(), r.views.end(), [](py::weakref& w) { return w().is_none(); }),
                  r.views.end());
  r.views.emplace_back(view);
  return view;
}

template <typename V>
void retire(V& storage, ViewRegistry& r) {
  auto old = std::make_shared<V>(std::move(storage));  // the buffer keeps its address
  storage = *old;
  r.retired.push_back(std::move(old));
}

// Called before the atom count of `c` changes: views handed out so far become read-only snapshots.
void retire_views(Configuration& c) {
  auto it = view_registries().find(&c);
  if (it == view_registries().end()) return;
  ViewRegistry& r = it->second;
  bool any = false;
  for (py::weakref& w : r.views) {
    py::object view = w();
    if (view.is_none()) continue;
    view.attr("flags").attr("writeable") = false;
    any = true;
  }
  r.views.clear();
  if (!any) return;
  retire(c.positions, r);
  retire(c.types, r);
  retire(c.forces, r);
  retire(c.site_energies, r);
  retire(c.charges, r);
  retire(c.nbh_grades, r);
  retire(c.magnetic_moments, r);
}

py::array_t<double> vec3_view(std::vector<openmtp::Vec3>& v, py::handle owner) {
  return tracked(py::array_t<double>({py::ssize_t(v.size()), py::ssize_t(3)},
                                     {py::ssize_t(sizeof(openmtp::Vec3)), py::ssize_t(sizeof(double))},
                                     reinterpret_cast<double*>(v.data()), owner),
                 owner);
}

template <typename T>
py::array_t<T> vector_view(std::vector<T>& v, py::handle owner) {
  return tracked(py::array_t<T>({py::ssize_t(v.size())}, {py::ssize_t(sizeof(T))}, v.data(), owner), owner);
}

// Optional per-atom arrays read as None when absent.
py::object optional_vec3_view(std::vector<openmtp::Vec3>& v, py::handle owner) {
  if (v.empty()) return py::none();
  return vec3_view(v, owner);
}
py::object optional_view(std::vector<double>& v, py::handle owner) {
  if (v.empty()) return py::none();
  return vector_view(v, owner);
}

std::vector<double> to_per_atom(const py::handle& obj, std::size_t n, const char* what) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a || a.ndim() != 1 || std::size_t(a.shape(0)) != n)
    throw py::value_error(std::string(what) + " must be a 1-d array with one value per atom (" +
                          std::to_string(n) + ")");
  return std::vector<double>(a.data(), a.data() + n);
}

std::vector<int> to_types(const py::handle& obj, std::size_t n) {
  auto a = py::array_t<long long, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a || a.ndim() != 1 || std::size_t(a.shape(0)) != n)
    throw py::value_error("types must be a 1-d integer array with one value per atom (" + std::to_string(n) + ")");
  std::vector<int> r(n);
  for (std::size_t i = 0; i < n; ++i) {
    const long long t = a.data()[i];
    if (t < 0 || t > 1000000) throw py::value_error("types must be species indices 0, 1, 2, ...");
    r[i] = int(t);
  }
  return r;
}

// Assigning an array of the same length copies into the existing storage, so numpy views taken earlier
// stay valid and see the new values; only a change of length reallocates.
template <typename T>
void assign_in_place(std::vector<T>& dst, std::vector<T>&& src) {
  if (dst.size() == src.size())
    std::copy(src.begin(), src.end(), dst.begin());
  else
    dst = std::move(src);
}

void set_positions(Configuration& c, const py::handle& value) {
  std::vector<openmtp::Vec3> p = to_vec3s(value, -1, "positions");
  if (p.size() != c.size()) {
    retire_views(c);
    c.resize(p.size());
  }
  assign_in_place(c.positions, std::move(p));
}

// ASE-style pbc: a bool or three bools. MTP cells are periodic along their first periodic_dims rows, so
// only (T,T,T), (T,T,F), (T,F,F) and (F,F,F) can be represented.
int periodic_dims_from_pbc(const py::handle& pbc) {
  if (py::isinstance<py::bool_>(pbc)) return pbc.cast<bool>() ? 3 : 0;
  auto flags = pbc.cast<std::vector<bool>>();
  if (flags.size() != 3) throw py::value_error("pbc must be a bool or three bools");
  int dims = 0;
  while (dims < 3 && flags[std::size_t(dims)]) ++dims;
  for (int k = dims; k < 3; ++k)
    if (flags[std::size_t(k)])
      throw py::value_error("MTP cells are periodic along their first rows only: pbc must be one of "
                            "(T,T,T), (T,T,F), (T,F,F), (F,F,F)");
  return dims;
}

std::string repr(const Configuration& c) {
  std::ostringstream s;
  s << "Configuration(atoms=" << c.size() << ", periodic_dims=" << c.lattice.periodic_dims;
  if (c.energy) s << ", energy=" << *c.energy;
  if (c.has_forces()) s << ", forces";
  if (c.virial) s << ", virial";
  if (!c.features.empty()) s << ", features=" << c.features.size();
  s << ")";
  return s.str();
}

}  // namespace

void bind_configuration(py::module_& m) {
  py::bind_map<std::map<std::string, std::string>>(m, "Features",
                                                   "The features of a configuration (key -> value, kept sorted).");

  py::class_<Configuration>(m, "Configuration", R"(One atomic configuration, as a .cfg file holds it.

Per-atom arrays (positions, types, forces, site_energies, charges, nbh_grades) are numpy views of the
C++ storage: writing into them changes the configuration until the number of atoms changes; then earlier
views become read-only snapshots (writing one raises ValueError). Optional arrays and values read as None when absent; assign None to remove them.
Units: Angstrom, eV, eV/Angstrom; virial is MLIP's PlusStress, -dE/d(strain) in eV.)")
      .def(py::init([](py::object positions, py::object types, py::object cell, py::object pbc,
                       std::optional<int> periodic_dims, std::optional<double> energy, py::object forces,
                       py::object virial, py::object features) {
             Configuration c;
             if (!positions.is_none()) set_positions(c, positions);
             if (!types.is_none()) c.types = to_types(types, c.size());
             if (!cell.is_none()) {
               c.lattice.rows = to_mat3(cell, "cell");
               c.lattice.periodic_dims = 3;
             }
             if (!pbc.is_none()) c.lattice.periodic_dims = periodic_dims_from_pbc(pbc);
             if (periodic_dims) c.lattice.periodic_dims = *periodic_dims;
             if (c.lattice.periodic_dims < 0 || c.lattice.periodic_dims > 3)
               throw py::value_error("periodic_dims must be 0, 1, 2 or 3");
             c.energy = energy;
             if (!forces.is_none()) c.forces = to_vec3s(forces, long(c.size()), "forces");
             if (!virial.is_none()) c.virial = to_mat3(virial, "virial");
             if (!features.is_none())
               for (auto item : features.cast<py::dict>())
                 c.features[py::str(item.first)] = py::str(item.second);
             return c;
           }),
           py::kw_only(), py::arg("positions") = py::none(), py::arg("types") = py::none(),
           py::arg("cell") = py::none(), py::arg("pbc") = py::none(), py::arg("periodic_dims") = py::none(),
           py::arg("energy") = py::none(), py::arg("forces") = py::none(), py::arg("virial") = py::none(),
           py::arg("features") = py::none(),
           "A cell given without pbc or periodic_dims is periodic in three dimensions; types default to 0.")
      .def("__len__", &Configuration::size)
      .def_property_readonly("size", &Configuration::size, "number of atoms")
      .def("__repr__", &repr)
      .def("copy", [](const Configuration& c) { return c; }, "an independent deep copy")
      .def("__copy__", [](const Configuration& c) { return c; })
      .def("__deepcopy__", [](const Configuration& c, py::dict) { return c; }, py::arg("memo"))
      .def(
          "resize",
          [](Configuration& c, std::size_t atoms) {
            if (atoms != c.size()) retire_views(c);
            c.resize(atoms);
          },
          py::arg("atoms"),
           "changes the atom count, keeping present per-atom arrays at the same length")
      .def("validate", &Configuration::validate, "raises openmtp.Error when arrays disagree or values are not finite")
      .def("min_distance", &Configuration::min_distance, py::arg("search_radius") = 10.0,
           "smallest interatomic distance, periodic images included (inf when none within search_radius)")
      .def("clear_efs", &Configuration::clear_efs, "drops energy, forces, virial and site energies")
      .def_property(
          "positions", [](py::object self) { return vec3_view(self.cast<Configuration&>().positions, self); },
          [](Configuration& c, py::object v) { set_positions(c, v); },
          "(n, 3) Cartesian positions, Angstrom; assigning another length resizes the configuration")
      .def_property(
          "types", [](py::object self) { return vector_view(self.cast<Configuration&>().types, self); },
          [](Configuration& c, py::object v) { assign_in_place(c.types, to_types(v, c.size())); }, "(n,) species indices, 0-based")
      .def_property(
          "cell",
          [](py::object self) {
            auto& rows = self.cast<Configuration&>().lattice.rows;
            return py::array_t<double>({3, 3}, &rows.m[0][0], self);
          },
          [](Configuration& c, py::object v) { c.lattice.rows = to_mat3(v, "cell"); },
          "(3, 3) lattice vectors as rows, Angstrom; rows beyond periodic_dims are zero in .cfg files")
      .def_property(
          "periodic_dims", [](const Configuration& c) { return c.lattice.periodic_dims; },
          [](Configuration& c, int d) {
            if (d < 0 || d > 3) throw py::value_error("periodic_dims must be 0, 1, 2 or 3");
            c.lattice.periodic_dims = d;
          },
          "number of periodic cell rows: 0 cluster, 1 wire, 2 slab, 3 bulk")
      .def_property(
          "pbc",
          [](const Configuration& c) {
            const int d = c.lattice.periodic_dims;
            return py::make_tuple(d > 0, d > 1, d > 2);
          },
          [](Configuration& c, py::object v) { c.lattice.periodic_dims = periodic_dims_from_pbc(v); },
          "ASE-style periodicity flags (the first periodic_dims rows are periodic)")
      .def_property_readonly(
          "volume",
          [](const Configuration& c) -> py::object {
            if (c.lattice.periodic_dims != 3) return py::none();
            return py::float_(c.lattice.volume());
          },
          "cell volume in Angstrom^3 (None unless periodic in three dimensions)")
      .def_property(
          "energy", [](const Configuration& c) { return c.energy; },
          [](Configuration& c, std::optional<double> e) { c.energy = e; }, "eV, or None")
      .def_property(
          "forces", [](py::object self) { return optional_vec3_view(self.cast<Configuration&>().forces, self); },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.forces.clear();
            else
              assign_in_place(c.forces, to_vec3s(v, long(c.size()), "forces"));
          },
          "(n, 3) forces in eV/Angstrom, or None")
      .def_property(
          "virial",
          [](const Configuration& c) -> py::object {
            if (!c.virial) return py::none();
            return mat3_array(*c.virial);
          },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.virial.reset();
            else
              c.virial = to_mat3(v, "virial");
          },
          "(3, 3) virial -dE/d(strain) in eV (the .cfg PlusStress), or None; a copy")
      .def_property(
          "site_energies",
          [](py::object self) { return optional_view(self.cast<Configuration&>().site_energies, self); },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.site_energies.clear();
            else
              assign_in_place(c.site_energies, to_per_atom(v, c.size(), "site_energies"));
          },
          "(n,) per-atom energies in eV, or None")
      .def_property(
          "charges", [](py::object self) { return optional_view(self.cast<Configuration&>().charges, self); },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.charges.clear();
            else
              assign_in_place(c.charges, to_per_atom(v, c.size(), "charges"));
          },
          "(n,) charges in e, or None")
      .def_property(
          "nbh_grades", [](py::object self) { return optional_view(self.cast<Configuration&>().nbh_grades, self); },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.nbh_grades.clear();
            else
              assign_in_place(c.nbh_grades, to_per_atom(v, c.size(), "nbh_grades"));
          },
          "(n,) per-atom extrapolation grades, or None")
      .def_property(
          "magnetic_moments",
          [](py::object self) { return optional_vec3_view(self.cast<Configuration&>().magnetic_moments, self); },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.magnetic_moments.clear();
            else
              assign_in_place(c.magnetic_moments, to_vec3s(v, long(c.size()), "magnetic_moments"));
          },
          "(n, 3) MLIP-3's magmom columns (Bohr magnetons), or None; a magnetic potential reads the collinear\n"
          "moments from column 0 (columns 1 and 2 must be 0)")
      .def_property(
          "magnetic_moment_energy_derivatives",
          [](py::object self) {
            return optional_vec3_view(self.cast<Configuration&>().magnetic_moment_energy_derivatives, self);
          },
          [](Configuration& c, py::object v) {
            if (v.is_none())
              c.magnetic_moment_energy_derivatives.clear();
            else
              assign_in_place(c.magnetic_moment_energy_derivatives,
                              to_vec3s(v, long(c.size()), "magnetic_moment_energy_derivatives"));
          },
          "(n, 3) MLIP-3's en_der columns dE/dm (eV per Bohr magneton), or None; a magnetic potential's\n"
          "compute_into writes column 0")
      .def_property(
          "ghost",
          [](const Configuration& c) -> py::object {
            if (c.ghost.empty()) return py::none();
            py::array_t<bool> a(py::ssize_t(c.ghost.size()));
            auto m = a.mutable_unchecked<1>();
            for (std::size_t i = 0; i < c.ghost.size(); ++i) m(py::ssize_t(i)) = c.ghost[i];
            return std::move(a);
          },
          [](Configuration& c, py::object v) {
            if (v.is_none()) {
              c.ghost.clear();
              return;
            }
            auto a = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(v);
            if (!a || a.ndim() != 1 || std::size_t(a.shape(0)) != c.size())
              throw py::value_error("ghost must be a sequence of one bool per atom");
            c.ghost.assign(a.data(), a.data() + a.shape(0));
          },
          "(n,) MLIP-3's ghost flags (a copy), or None; configurations with ghost atoms cannot be evaluated")
      .def_property(
          "features", [](Configuration& c) -> std::map<std::string, std::string>& { return c.features; },
          [](Configuration& c, py::dict d) {
            c.features.clear();
            for (auto item : d) c.features[py::str(item.first)] = py::str(item.second);
          },
          py::return_value_policy::reference_internal, "the Feature lines: a live str -> str mapping");

  m.def(
      "neighbor_list",
      [](const Configuration& c, double cutoff) {
        openmtp::NeighborList nl;
        {
          py::gil_scoped_release release;
          nl = openmtp::NeighborList::build(c, cutoff);
        }
        py::dict d;
        d["offsets"] = adopt_vector(std::move(nl.offsets), {py::ssize_t(c.size() + 1)});
        const py::ssize_t total = py::ssize_t(nl.neighbors.size());
        d["neighbors"] = adopt_vector(std::move(nl.neighbors), {total});
        d["displacements"] = adopt_vec3s(std::move(nl.displacements));
        return d;
      },
      py::arg("configuration"), py::arg("cutoff"),
      "The full neighbour list (both directions, periodic images included) as compressed rows: neighbours of\n"
      "atom i are neighbors[offsets[i]:offsets[i+1]], displacements r_j - r_i in the same rows.");
}

}  // namespace openmtp_python
