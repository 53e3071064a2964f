#include "mtp/io/numbered_files_writer.hpp"

#include <sstream>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"

namespace mtp::io {

void NumberedFilesWriter::publish(const std::string& path, const std::string& text) {
  AtomicOutputFile file(path);
  file.stream() << text;
  file.commit();
}

void NumberedFilesWriter::write(const Configuration& cfg) {
  if (closed_) throw Error(path_, 0, "write after close");
  std::ostringstream text;
  render_(text, cfg);
  if (count_ == 0) {
    first_ = text.str();
  } else {
    if (first_) {
      publish(path_ + "0", *first_);
      first_.reset();
    }
    publish(path_ + std::to_string(count_), text.str());
  }
  ++count_;
}

void NumberedFilesWriter::close() {
  if (closed_) return;
  closed_ = true;
  if (first_) {
    publish(path_, *first_);
    first_.reset();
  }
}

}  // namespace mtp::io
