#pragma once
#include <string_view>
#include <string>

namespace mtp::io {

// Appends one complete record (a whole configuration, say) to the end of `path`, creating the file if needed,
// in time proportional to the record, not to the file: a run that saves thousands of configurations one by
// one stays linear. The record goes out in one write(2) on a descriptor opened with O_APPEND; if the write
// fails or comes out short (a full disk), the file is truncated back to its previous length, so it never holds
// a half record from this call. Throws mtp::Error naming the file.
void append_record(const std::string& path, std::string_view record);

}  // namespace mtp::io
