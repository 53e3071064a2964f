// Compiled against the model layer only (tests/layering/CMakeLists.txt): io sits above model, so this include
// must fail to compile. The layering test expects exactly that failure.
#include "mtp/io/mtp_file.hpp"
