// Binary .cfg, byte-compatible with MLIP-2's SaveBin/LoadBin: one-byte tags, native little-endian int32 and
// double payloads, '#' closes a configuration. nbh_grades have no record and are not stored.
#include "mtp/io/cfg_binary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <vector>

#include "mtp/core/error.hpp"
#include "mtp/core/limits.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/cfg_records.hpp"

namespace mtp::io {
namespace {

static_assert(sizeof(double) == 8 && sizeof(std::int32_t) == 4, "binary .cfg needs 8-byte doubles");

class BinaryRecordReader {
 public:
  explicit BinaryRecordReader(CfgInput& input) : input_(input) {}

  [[noreturn]] void fail(const std::string& what) const {
    input_.fail_at(0, "binary configuration at byte " + std::to_string(input_.offset()) + ": " + what);
  }
  void bytes(void* dst, std::size_t n, char tag) {
    if (!input_.read_bytes(dst, n)) fail(std::string("file ends inside the '") + tag + "' record");
  }
  std::int32_t int32(char tag) {
    std::int32_t v;
    bytes(&v, sizeof v, tag);
    return v;
  }
  void doubles(double* dst, std::size_t n, char tag) {
    bytes(dst, n * sizeof(double), tag);
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(dst[i])) fail(std::string("non-finite number in the '") + tag + "' record");
  }
  // Arrays grow as their bytes arrive, so a corrupt count in a short file fails at the file's end instead of
  // allocating for the count first (the fuzzer found 9 GB requested by a 58-byte file).
  template <class T>
  void doubles(std::vector<T>& v, std::size_t count, char tag) {
    static_assert(sizeof(T) % sizeof(double) == 0, "arrays of doubles");
    constexpr std::size_t chunk = 1 << 14;
    v.clear();
    for (std::size_t done = 0; done < count;) {
      const std::size_t k = std::min(chunk, count - done);
      v.resize(done + k);
      doubles(reinterpret_cast<double*>(&v[done]), k * (sizeof(T) / sizeof(double)), tag);
      done += k;
    }
  }
  std::string text(char tag) {
    const std::int32_t len = int32(tag);
    if (len < 0) fail("negative feature length");
    std::string s;
    constexpr std::size_t chunk = 1 << 16;
    for (std::size_t done = 0; done < static_cast<std::size_t>(len);) {
      const std::size_t k = std::min(chunk, static_cast<std::size_t>(len) - done);
      s.resize(done + k);
      bytes(&s[done], k, tag);
      done += k;
    }
    return s;
  }
  // A tag byte, skipping whitespace first as MLIP-2's `>>` does.
  int tag() {
    const int c = input_.peek_nonblank();
    if (c >= 0) input_.get_byte();
    return c;
  }

 private:
  CfgInput& input_;
};

void write_pod(std::string& out, const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }

void format_cfg_binary(std::string& out, const Configuration& cfg) {
  const std::int32_t n = static_cast<std::int32_t>(cfg.size());
  out += 'n';
  write_pod(out, &n, 4);
  out += 'l';
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) write_pod(out, &cfg.lattice.rows.m[a][b], 8);
  out += 'p';
  if (!cfg.positions.empty()) write_pod(out, cfg.positions.data(), cfg.positions.size() * sizeof(Vec3));
  out += 't';
  for (int t : cfg.types) {
    const std::int32_t v = t;
    write_pod(out, &v, 4);
  }
  if (cfg.has_forces()) {
    out += 'f';
    write_pod(out, cfg.forces.data(), cfg.forces.size() * sizeof(Vec3));
  }
  if (cfg.has_site_energies()) {
    out += 'v';
    write_pod(out, cfg.site_energies.data(), cfg.site_energies.size() * 8);
  }
  if (cfg.has_charges()) {
    out += 'c';
    write_pod(out, cfg.charges.data(), cfg.charges.size() * 8);
  }
  if (cfg.virial) {
    const Mat3& s = *cfg.virial;
    const double v[6] = {s(0, 0), s(1, 1), s(2, 2), s(0, 1), s(1, 2), s(0, 2)};
    out += 's';
    write_pod(out, v, sizeof v);
  }
  if (cfg.energy) {
    out += 'e';
    write_pod(out, &*cfg.energy, 8);
  }
  for (const auto& [key, value] : cfg.features) {
    out += 'F';
    const std::int32_t kl = static_cast<std::int32_t>(key.size()), vl = static_cast<std::int32_t>(value.size());
    write_pod(out, &kl, 4);
    out += key;
    write_pod(out, &vl, 4);
    out += value;
  }
  out += '#';
}

class CfgBinaryWriter : public ConfigurationWriter {
 public:
  CfgBinaryWriter(const std::string& path, bool append) : file_(path, append, /*binary=*/true) {}
  void write(const Configuration& cfg) override {
    buffer_.clear();
    format_cfg_binary(buffer_, cfg);
    file_.stream().write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  }
  void close() override { file_.commit(); }

 private:
  AtomicOutputFile file_;
  std::string buffer_;
};

class CfgBinaryReader : public ConfigurationReader {
 public:
  CfgBinaryReader(std::istream& in, const std::string& name) : input_(in, name) {}
  bool next(Configuration& cfg) override {
    const int c = input_.peek_nonblank();
    if (c < 0) return false;
    if (c != 'n') input_.fail_at(0, "expected a binary configuration (tag 'n') at byte " + std::to_string(input_.offset()));
    cfg = Configuration();
    read_cfg_binary_record(input_, cfg);
    return true;
  }

 private:
  CfgInput input_;
};

}  // namespace

void read_cfg_binary_record(CfgInput& input, Configuration& cfg) {
  BinaryRecordReader r(input);
  if (r.tag() != 'n') r.fail("expected the tag 'n'");
  const std::int32_t n = r.int32('n');
  if (n < 0) r.fail("negative atom count " + std::to_string(n));
  if (n > limits::kMaxAtoms)
    r.fail("atom count " + std::to_string(n) + " is above the limit of " + std::to_string(limits::kMaxAtoms));
  const std::size_t size = static_cast<std::size_t>(n);
  bool have_lattice = false, have_positions = false, have_types = false;
  for (;;) {
    const int tag = r.tag();
    if (tag < 0) r.fail("file ends before the closing '#' tag");
    const char t = static_cast<char>(tag);
    if (t == '#') break;
    switch (t) {
      case 'l':
        r.doubles(&cfg.lattice.rows.m[0][0], 9, t);
        have_lattice = true;
        break;
      case 'p':
        r.doubles(cfg.positions, size, t);
        have_positions = true;
        break;
      case 't': {
        cfg.types.clear();
        for (std::size_t i = 0; i < size; ++i) {
          const std::int32_t v = r.int32(t);
          if (v < 0) r.fail("negative atom type " + std::to_string(v));
          cfg.types.push_back(v);
        }
        have_types = true;
        break;
      }
      case 'f':
        r.doubles(cfg.forces, size, t);
        break;
      case 'v':
        r.doubles(cfg.site_energies, size, t);
        break;
      case 'c':
        r.doubles(cfg.charges, size, t);
        break;
      case 's': {
        double s[6];
        r.doubles(s, 6, t);  // xx yy zz xy yz xz
        Mat3 m;
        m(0, 0) = s[0], m(1, 1) = s[1], m(2, 2) = s[2];
        m(0, 1) = m(1, 0) = s[3], m(1, 2) = m(2, 1) = s[4], m(0, 2) = m(2, 0) = s[5];
        cfg.virial = m;
        break;
      }
      case 'e': {
        double e;
        r.doubles(&e, 1, t);
        cfg.energy = e;
        break;
      }
      case 'F': {
        std::string key = r.text(t);
        cfg.features[key] = r.text(t);
        break;
      }
      default:
        r.fail(std::string("unknown tag '") + t + "' (expected l p t f v c s e F or #)");
    }
  }
  if (!have_lattice || !have_positions) r.fail("configuration lacks its 'l' (lattice) or 'p' (positions) record");
  if (!have_types) cfg.types.assign(size, 0);
  cfg.lattice.periodic_dims = periodic_rows(cfg.lattice.rows);
}

void write_cfg_binary(std::ostream& out, const Configuration& cfg) {
  std::string buffer;
  format_cfg_binary(buffer, cfg);
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

std::unique_ptr<ConfigurationReader> make_cfg_binary_reader(std::istream& in, const std::string& name) {
  return std::make_unique<CfgBinaryReader>(in, name);
}

std::unique_ptr<ConfigurationWriter> make_cfg_binary_writer(const std::string& path, bool append) {
  return std::make_unique<CfgBinaryWriter>(path, append);
}

}  // namespace mtp::io
