// Configuration files from Python: streaming readers (iterators) and writers over io::open_reader /
// io::open_writer, so a large file is never held in memory unless the caller asks for a list.
#include <pybind11/stl.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "openmtp/files.hpp"

namespace openmtp_python {
namespace {

using openmtp::Configuration;

// An iterator over the configurations of a file; the file stays open until the end is reached.
class Reader {
 public:
  Reader(std::string path, const std::string& format, const std::vector<std::string>& species)
      : path_(std::move(path)),
        reader_(openmtp::open_configurations(path_, format, species)) {}
  // Reads from text held in memory (.cfg text only).
  explicit Reader(std::unique_ptr<std::istringstream> text, const std::string& name)
      : path_(name), text_(std::move(text)), reader_(openmtp::read_cfg_text(*text_, name)) {}

  Configuration next() {
    if (!reader_) throw py::stop_iteration();
    Configuration c;
    bool more;
    {
      py::gil_scoped_release release;
      more = reader_->next(c);
    }
    if (!more) {
      reader_.reset();
      text_.reset();
      throw py::stop_iteration();
    }
    return c;
  }

 private:
  std::string path_;
  std::unique_ptr<std::istringstream> text_;
  std::unique_ptr<openmtp::ConfigurationReader> reader_;
};

// A writer whose output appears only on close(); a writer dropped without close() (or left by an
// exception inside a with-block) leaves no file behind.
class Writer {
 public:
  Writer(const std::string& path, const std::string& format, bool append, const std::vector<std::string>& species)
      : writer_(openmtp::create_configurations(path, format, append, species)) {}
  void write(const Configuration& c) {
    if (!writer_) throw openmtp::Error("write after close");
    py::gil_scoped_release release;
    writer_->write(c);
  }
  void close() {
    if (!writer_) return;
    py::gil_scoped_release release;
    writer_->close();
    writer_.reset();
  }
  void discard() { writer_.reset(); }

 private:
  std::unique_ptr<openmtp::ConfigurationWriter> writer_;
};

}  // namespace

void bind_io(py::module_& m) {
  py::class_<Reader>(m, "Reader", "Iterates over the configurations of a file (see openmtp.iread).")
      .def(py::init<std::string, const std::string&, const std::vector<std::string>&>(), py::arg("path"),
           py::arg("format") = "txt", py::arg("species") = std::vector<std::string>{},
           "species: the species order (the element of type 0, 1, ...) that maps the names of extxyz, OUTCAR,\n"
           "POSCAR and LAMMPS data files to types")
      .def("__iter__", [](Reader& r) -> Reader& { return r; })
      .def("__next__", &Reader::next);

  py::class_<Writer>(m, "Writer",
                     "Writes configurations to a file that appears complete on close() (a with-block closes it\n"
                     "on success and discards the output on an exception).")
      .def(py::init<const std::string&, const std::string&, bool, const std::vector<std::string>&>(), py::arg("path"),
           py::arg("format") = "txt", py::arg("append") = false, py::arg("species") = std::vector<std::string>{},
           "species: the element of type 0, 1, ... (extxyz needs it; POSCAR and LAMMPS data name their types with it)")
      .def("write", &Writer::write, py::arg("configuration"))
      .def("close", &Writer::close)
      .def("discard", &Writer::discard, "drops the output without publishing it")
      .def("__enter__", [](Writer& w) -> Writer& { return w; })
      .def("__exit__", [](Writer& w, py::object type, py::object, py::object) {
        if (type.is_none())
          w.close();
        else
          w.discard();
        return false;
      });

  m.def(
      "parse_cfg_text",
      [](const std::string& text, const std::string& name) {
        Reader reader(std::make_unique<std::istringstream>(text), name);
        py::list out;
        try {
          for (;;) out.append(reader.next());
        } catch (const py::stop_iteration&) {
        }
        return out;
      },
      py::arg("text"), py::arg("name") = "<string>", "the configurations of .cfg text held in a string");
  m.def(
      "format_cfg_text",
      [](const Configuration& c, bool lossless) {
        std::ostringstream out;
        openmtp::write_cfg_text(out, c, lossless);
        return out.str();
      },
      py::arg("configuration"), py::arg("lossless") = false,
      "one configuration as .cfg text: MLIP-2's layout, or 17 significant digits with lossless=True");
  // Pickling (multiprocessing, copy.deepcopy of containers) goes through lossless .cfg text, so every value
  // comes back bit-identical.
  py::class_<Configuration> cls = py::reinterpret_borrow<py::class_<Configuration>>(m.attr("Configuration"));
  cls.def(py::pickle(
      [](const Configuration& c) {
        std::ostringstream out;
        openmtp::write_cfg_text(out, c, true);
        return py::make_tuple(out.str());
      },
      [](py::tuple state) {
        if (state.size() != 1) throw py::value_error("bad pickled Configuration");
        std::istringstream in(state[0].cast<std::string>());
        auto reader = openmtp::read_cfg_text(in, "<pickle>");
        Configuration c;
        if (!reader->next(c)) throw py::value_error("bad pickled Configuration");
        return c;
      }));
  m.def(
      "format_name", [](const std::string& name) { return openmtp::canonical_format_name(name); },
      py::arg("name"), "the canonical name of a configuration format (raises openmtp.Error for unknown names)");
}

}  // namespace openmtp_python
