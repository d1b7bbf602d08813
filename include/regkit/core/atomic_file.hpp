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

// The file a write to `path` replaces: `path` itself, or, when `path` is a symbolic link,
// the file it names (resolved through every link), so the link stays a link and its
// target gets the new content. DataError naming `path` when it names anything but a
// regular file (a directory, a device such as /dev/null, a FIFO, a socket), a link to
// nowhere, or when its folder does not exist or cannot be written. Every write below
// goes through it; callers call it early to check an output before any work.
std::string resolve_output_path(const std::string& path);

// Streams the content through `write`, which must not keep the stream after returning.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writes `bytes` as the whole content of `path`.
void write_file_atomic(const std::string& path, std::string_view bytes);

// For files written by a third-party library to a temporary name of our choosing
// (PLplot's PNGs): fsyncs `temp`, renames it over `path` and fsyncs the directory.
// On failure `temp` is removed and DataError names `path` and the errno text.
void commit_file_atomic(const std::string& temp, const std::string& path);

// A writer killed mid-save (SIGKILL, power loss) leaves its temporary file
// `<path>.tmp.<pid>.<n>` behind; the final `path` is never affected, and loaders never
// look at temporary names. Every successful save removes such leftovers of `path` whose
// process no longer exists.

}  // namespace regkit
