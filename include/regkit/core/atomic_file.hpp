// Durable, atomic writes: the content goes to "<path>.tmp.<pid>.<counter>" in the same
// directory, is flushed and fsynced, renamed over `path`, and the directory is fsynced.
// An interrupted write never leaves a truncated or mixed file at `path`; an existing
// file stays intact until the new one is whole. Failures throw regkit::DataError naming
// the path and the system's reason, and remove the temporary file.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace regkit {

void write_file_atomic(const std::string& path, std::string_view bytes);
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace regkit
