#pragma once
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// Writes one file per configuration, named as MLIP-2 names them: `path` when there is a single
// configuration, path0, path1, ... when there are several. Every file is written atomically as soon as its
// name is known; only the first configuration's text waits in memory until the second arrives or close().
class NumberedFilesWriter : public ConfigurationWriter {
 public:
  using Render = std::function<void(std::ostream&, const Configuration&)>;
  NumberedFilesWriter(std::string path, Render render) : path_(std::move(path)), render_(std::move(render)) {}

  void write(const Configuration& cfg) override;
  void close() override;

 private:
  void publish(const std::string& path, const std::string& text);

  std::string path_;
  Render render_;
  std::optional<std::string> first_;  // the first configuration's text while its name is undecided
  std::size_t count_ = 0;
  bool closed_ = false;
};

}  // namespace mtp::io
