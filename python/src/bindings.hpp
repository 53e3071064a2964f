#pragma once
// The pieces of the openmtp._core module, one file per library area; module.cpp calls them in order.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <utility>
#include <vector>

#include "openmtp/types.hpp"

namespace openmtp_python {

namespace py = pybind11;

void bind_configuration(py::module_& m);
void bind_io(py::module_& m);
void bind_model(py::module_& m);
void bind_active(py::module_& m);
void bind_train(py::module_& m);

// std::vector<Vec3> is handed to numpy as an (n, 3) array of doubles; this layout makes that legal.
static_assert(sizeof(openmtp::Vec3) == 3 * sizeof(double), "Vec3 must be three packed doubles");
static_assert(sizeof(openmtp::Mat3) == 9 * sizeof(double), "Mat3 must be nine packed doubles");

// A numpy array that takes over a vector's storage (no copy): the vector moves into a capsule that the
// array keeps alive.
template <typename T>
py::array_t<T> adopt_vector(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, owned->data(), owner);
}

inline py::array_t<double> adopt_vec3s(std::vector<openmtp::Vec3>&& v) {
  auto* owned = new std::vector<openmtp::Vec3>(std::move(v));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<openmtp::Vec3>*>(p); });
  return py::array_t<double>({py::ssize_t(owned->size()), py::ssize_t(3)},
                             reinterpret_cast<double*>(owned->data()), owner);
}

inline py::array_t<double> mat3_array(const openmtp::Mat3& a) {
  py::array_t<double> out({3, 3});
  auto w = out.mutable_unchecked<2>();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) w(i, j) = a(i, j);
  return out;
}

// Accepts anything numpy can turn into a 3x3 float array; throws a Python ValueError otherwise.
openmtp::Mat3 to_mat3(const py::handle& obj, const char* what);
// Accepts anything numpy can turn into an (n, 3) float array; n = -1 accepts any length.
std::vector<openmtp::Vec3> to_vec3s(const py::handle& obj, long n, const char* what);

}  // namespace openmtp_python
