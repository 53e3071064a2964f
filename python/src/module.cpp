#include "bindings.hpp"

#include "openmtp/types.hpp"

namespace openmtp_python {

openmtp::Mat3 to_mat3(const py::handle& obj, const char* what) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a || a.ndim() != 2 || a.shape(0) != 3 || a.shape(1) != 3)
    throw py::value_error(std::string(what) + " must be a 3x3 array of numbers");
  openmtp::Mat3 r;
  auto v = a.unchecked<2>();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) r(i, j) = v(i, j);
  return r;
}

std::vector<openmtp::Vec3> to_vec3s(const py::handle& obj, long n, const char* what) {
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a || a.ndim() != 2 || a.shape(1) != 3)
    throw py::value_error(std::string(what) + " must be an (n, 3) array of numbers");
  if (n >= 0 && a.shape(0) != n)
    throw py::value_error(std::string(what) + " must have one row per atom (" + std::to_string(n) + "), got " +
                          std::to_string(a.shape(0)));
  std::vector<openmtp::Vec3> r(std::size_t(a.shape(0)));
  auto v = a.unchecked<2>();
  for (py::ssize_t i = 0; i < a.shape(0); ++i) r[std::size_t(i)] = {v(i, 0), v(i, 1), v(i, 2)};
  return r;
}

}  // namespace openmtp_python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "OpenMTP: Moment Tensor Potentials (compiled core; use the `openmtp` package)";
  // openmtp::Error reaches Python as openmtp.Error (a RuntimeError) with attributes file and line (empty and 0
  // when the error is not about a place in a file).
  static py::exception<openmtp::Error> error(m, "Error", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const openmtp::Error& e) {
      // A message may quote bytes of the input that are not UTF-8: shown escaped, so the error stays an
      // openmtp.Error with its file and line instead of becoming a UnicodeDecodeError.
      auto text = [](const std::string& s) {
        return py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), py::ssize_t(s.size()), "backslashreplace"));
      };
      py::object exc = py::reinterpret_borrow<py::object>(error.ptr())(text(e.what()));
      exc.attr("file") = text(e.file());
      exc.attr("line") = e.line();
      PyErr_SetObject(error.ptr(), exc.ptr());
    }
  });
  openmtp_python::bind_configuration(m);
  openmtp_python::bind_io(m);
  openmtp_python::bind_model(m);
  openmtp_python::bind_active(m);
  openmtp_python::bind_train(m);
}
