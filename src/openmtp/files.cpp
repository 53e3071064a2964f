// The facade's file calls (include/openmtp/files.hpp): which io reader or writer serves which file.
#include "openmtp/files.hpp"

#include <sstream>
#include <stdexcept>

#include "mtp/io/almtp_file.hpp"
#include "mtp/io/als_file.hpp"
#include "mtp/io/cfg_text.hpp"
#include "mtp/io/mtp_file.hpp"
#include "mtp/io/record_append.hpp"
#include "mtp/io/species_order.hpp"

namespace openmtp {

Potential load_potential(const std::string& path) { return mtp::io::load_potential(path); }
Potential read_potential(std::istream& in, const std::string& name) { return mtp::io::read_potential(in, name); }
void save_potential(const std::string& path, const Potential& potential) { mtp::io::save_potential(path, potential); }
void write_potential(std::ostream& out, const Potential& potential) { mtp::io::write_potential(out, potential); }

ActiveSet load_active_set(const std::string& path, double init_value) {
  if (mtp::io::has_mlip3_state(path)) {
    mtp::io::AlmtpContents contents = mtp::io::load_almtp(path, init_value < 0.0 ? 1e-6 : init_value);
    if (!contents.active_set) throw Error(path, 0, "the potential has no selection state");
    return std::move(*contents.active_set);
  }
  return mtp::io::load_als(path, init_value < 0.0 ? 1e-5 : init_value);
}

void save_active_set(const std::string& path, const ActiveSet& set, const std::string& format) {
  const std::string mlip3_extension = ".almtp";
  const bool almtp = format == "almtp" || (format.empty() && path.size() >= mlip3_extension.size() &&
                                           path.compare(path.size() - mlip3_extension.size(),
                                                        mlip3_extension.size(), mlip3_extension) == 0);
  if (!almtp && !format.empty() && format != "als") throw std::invalid_argument("format must be 'als' or 'almtp'");
  if (almtp)
    mtp::io::save_almtp(path, set);
  else
    mtp::io::save_als(path, set);
}

std::unique_ptr<ConfigurationReader> open_configurations(const std::string& path, const std::string& format,
                                                         const std::vector<std::string>& species) {
  return mtp::io::open_reader(path, mtp::io::parse_format(format), mtp::io::SpeciesOrder(species));
}

std::unique_ptr<ConfigurationWriter> create_configurations(const std::string& path, const std::string& format,
                                                           bool append, const std::vector<std::string>& species) {
  return mtp::io::open_writer(path, mtp::io::parse_format(format), append, mtp::io::SpeciesOrder(species));
}

std::string canonical_format_name(const std::string& format) {
  return mtp::io::format_name(mtp::io::parse_format(format));
}

void write_cfg_text(std::ostream& out, const Configuration& cfg, bool lossless) {
  mtp::io::write_cfg_text(out, cfg, lossless ? mtp::io::CfgTextStyle::Lossless : mtp::io::CfgTextStyle::Fixed);
}

std::unique_ptr<ConfigurationReader> read_cfg_text(std::istream& in, const std::string& name) {
  return mtp::io::make_cfg_text_reader(in, name);
}

void write_cfg_file(const std::string& path, const Configuration& cfg, bool append) {
  if (append) {
    std::ostringstream record;
    mtp::io::write_cfg_text(record, cfg);
    mtp::io::append_record(path, record.str());
    return;
  }
  auto writer = mtp::io::make_cfg_text_writer(path, false);
  writer->write(cfg);
  writer->close();
}

}  // namespace openmtp
