#pragma once
#include <array>
#include <string>
#include <vector>

#include "mtp/oracle/oracle.hpp"

namespace mtp::learn {

// Everything `mlp active-learn SETTINGS.toml` reads (docs/ACTIVE_LEARNING.md lists every key and its default).
// Paths are resolved relative to the settings file's folder when parsed.
struct PotentialSettings {
  std::string start;          // .mtp or .almtp to start from; empty: generate `level`
  int level = 8;              // MLIP-2 level of the generated template
  double min_dist = 2.0;
  double max_dist = 5.0;
  int radial_basis_size = 8;
};

struct TrainSettings {
  int max_iterations = 400;   // BFGS iterations per training
  double tolerance = 1e-3;
  double energy_weight = 1.0;
  double force_weight = 0.01;
  double stress_weight = 0.001;
  unsigned long long seed = 1;
  std::string initial_set;    // .cfg with energies and forces; empty: rattled starting structures
  // Rattled copies of each starting structure in the first training set; -1: enough that the set has as many
  // configurations as the potential has parameters (a full active set in configuration mode).
  int initial_rattle = -1;
  double rattle_amplitude = 0.1;   // A, uniform in each coordinate
  double strain_amplitude = 0.02;  // uniform in each strain component
  // The copies of one structure are spread evenly over isotropic scalings 1 - volume_range .. 1 + volume_range
  // (of lengths), so that they sample the equation of state instead of being near-identical rattled copies.
  double volume_range = 0.03;
  // Weights of every retraining by the origin of its configurations (each starting structure's copies, each
  // exploration run): w proportional to n_origin^(-origin_balance); 0: unweighted, 1: every origin the same in
  // total (learn/origin_weights.hpp says why).
  double origin_balance = 0.0;
};

enum class ExploreEngine { Internal, Lammps };

struct ExploreSettings {
  ExploreEngine engine = ExploreEngine::Internal;
  std::vector<std::string> structures;   // .cfg files; every configuration in them starts runs
  std::vector<double> temperatures{300.0};  // K
  std::vector<double> pressures{0.0};       // GPa; NPT when not all zero
  // Extra MD runs from every structure at every pressure whose thermostat target goes linearly from the first
  // to the second temperature (K): heating past melting reaches the liquid even where a crystal superheats.
  std::vector<std::array<double, 2>> temperature_ramps;
  // Each iteration's MD run starts where the same run of the previous iteration ended (where it broke: its
  // most extrapolative configuration below the break threshold), not from the starting structure again.
  bool continue_from_last = false;
  // The stopping rule: when > steps, an exploration that finds nothing is repeated with MD runs this long
  // (other seeds; with continue_from_last from where its runs ended), and only a clean repetition converges.
  int confirm_steps = 0;
  int steps = 1000;
  double timestep = 1.0;       // fs
  double thermostat_damping = 100.0;  // fs
  double barostat_damping = 1000.0;   // fs
  int grade_every = 1;         // steps between extrapolation checks (internal engine)
  bool relax = false;          // also relax each starting structure (positions, and cell when pressure set)
  int relax_steps = 200;
  double threshold_save = 2.0;
  double threshold_break = 10.0;
  std::string lammps = "lmp_openmtp";  // executable (engine = "lammps")
  int mpi_ranks = 1;           // > 1: mpirun -np N lammps
  std::string mpirun = "mpirun";
  int max_saved_per_run = 50;  // keep at most this many collected configurations per run (the highest grades)
};

enum class SelectMode { Configuration, Neighborhood };

struct SelectSettings {
  SelectMode mode = SelectMode::Configuration;
  int limit = 10;               // at most this many configurations to the oracle per iteration
  double threshold = 1.001;     // select-add swap threshold
  bool cut_neighborhoods = false;  // neighbourhood mode: cut the most extrapolative neighbourhood
  double cut_cutoff = 0.0;      // radius of the cut; 0: the potential's cutoff
  // Every exploration run keeps at least this many configurations in the training set: while it has fewer,
  // the configuration where it ended goes to the oracle too (beyond `limit`). Runs near equilibrium stay inside
  // the active set's span and are never selected, so without this their states are represented only by the
  // starting copies (docs/ACTIVE_LEARNING.md: silicon's run 4).
  int min_per_run = 0;
};

struct OracleConfig {
  std::string kind = "lammps";
  oracle::OracleSettings settings;  // every other key of [oracle], as text
  int parallel = 2;                 // calculations at once
};

struct HoldoutSettings {
  std::string file;          // .cfg; configurations without energies are computed by the oracle once
  int rattle = 2;            // else: rattled copies of each starting structure
  double rattle_amplitude = 0.15;
  double strain_amplitude = 0.03;
};

struct ReportSettings {
  bool plots = true;
  std::string plot_script;   // empty: scripts/al_plots.py of the source tree beside the executable
  std::string python = "/usr/bin/python3";
};

struct LearnSettings {
  std::string source;         // the settings file
  std::string work_dir = "al_work";
  std::vector<std::string> species;   // element of each type index
  std::vector<double> masses;         // amu, per species (needed by MD)
  int max_iterations = 10;
  int threads = 1;
  unsigned long long seed = 12345;
  PotentialSettings potential;
  TrainSettings train;
  ExploreSettings explore;
  SelectSettings select;
  OracleConfig oracle;
  HoldoutSettings holdout;
  ReportSettings report;
};

// Parses a settings file; unknown keys, wrong types and invalid values are errors naming the key.
LearnSettings read_settings(const std::string& path);
LearnSettings parse_settings(const std::string& text, const std::string& path);

}  // namespace mtp::learn
