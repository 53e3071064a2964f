// The facade's training call (include/openmtp/training.hpp): one rank, the caller's stop token.
#include "openmtp/training.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "mtp/fit/communicator.hpp"
#include "mtp/fit/loss.hpp"
#include "mtp/fit/training_options.hpp"
#include "mtp/io/option_file.hpp"

namespace openmtp {

const OptionTable& training_option_table() { return mtp::fit::training_option_table(); }
OptionValues training_options() { return OptionValues(mtp::fit::training_option_table()); }

std::string training_settings_text(const OptionValues& values, const std::string& header) {
  return mtp::io::option_file_text(values, header);
}

TrainingResult train(const Potential& start, const std::vector<Configuration>& configurations,
                     const OptionValues& options, const TrainingCallbacks& callbacks, const StopToken& stop) {
  const mtp::fit::TrainerOptions o = mtp::fit::trainer_options_from(options);
  if (configurations.empty()) throw std::invalid_argument("no training configurations");
  for (const Configuration& c : configurations)
    for (int t : c.types)
      if (t < 0 || t >= start.species_count)
        throw std::invalid_argument("a training configuration has species type " + std::to_string(t) + ", outside the potential's " +
                    std::to_string(start.species_count) + " species");
  std::vector<mtp::fit::TrainingSample> samples;
  samples.reserve(configurations.size());
  for (const Configuration& c : configurations) samples.push_back(mtp::fit::make_sample(c, start.cutoff(), &start));

  mtp::fit::TrainerCallbacks cb;
  cb.log = callbacks.log;
  cb.progress = callbacks.progress;
  cb.each_iteration = callbacks.each_iteration;
  cb.stop_requested = [stop] { return stop.stop_requested(); };
  mtp::fit::Trainer trainer(start, std::move(samples), o, mtp::fit::Communicator::serial(), std::move(cb));
  TrainingResult result;
  result.potential = trainer.run();
  result.interrupted = trainer.interrupted();
  return result;
}

}  // namespace openmtp
