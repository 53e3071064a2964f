// Compiled against the io layer only: model sits below io, so this include must compile (the control that
// shows the failing probe fails for the layering and not for some other reason).
#include "mtp/model/potential.hpp"

int io_layer_sees_model() { return mtp::Potential{}.species_count; }
