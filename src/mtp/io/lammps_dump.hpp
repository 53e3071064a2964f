#pragma once
#include <iosfwd>
#include <memory>
#include <string>

#include "mtp/io/configuration_stream.hpp"

namespace mtp::io {

// LAMMPS dumps (dump custom / dump atom): every timestep a configuration; types 1-based in the file,
// 0-based in the configuration. ITEM: ATOMS needs type and one of x y z (wrapped), xu yu zu (unwrapped),
// xs ys zs or xsu ysu zsu (scaled); id orders the atoms when present; fx fy fz and q are read when present,
// other columns (c_pe, v_..., vx, ...) are ignored. Orthogonal or triclinic (xy xz yz) boxes; positions are
// taken relative to the box origin. The periodic flags of BOX BOUNDS give the periodic dimensions, which
// must lead as in a .cfg (pp pp ff, not ff pp pp).
std::unique_ptr<ConfigurationReader> make_lammps_dump_reader(const std::string& path);
std::unique_ptr<ConfigurationReader> make_lammps_dump_reader(std::istream& in, const std::string& name);

}  // namespace mtp::io
