// Atomic file output: nothing is ever written half-way. The bytes go to a temporary file
// `<path>.tmp.<pid>.<counter>` in the same directory, which is flushed, fsync'ed and
// renamed over `path`; the directory is then fsync'ed so the rename itself is durable.
// On any failure the temporary file is removed, an existing `path` is left untouched
// (byte-identical), and regkit::DataError names the path and the errno text. An
// exception thrown by the `write` callback is passed on unchanged (after the cleanup).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace regkit {

// Streams the content through `write`, which must not keep the stream after returning.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writes `bytes` as the whole content of `path`.
void write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace regkit
