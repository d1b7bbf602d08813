#include "common.hpp"

#include "validators.hpp"

#include <omp.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>

#include "regkit/core/atomic_file.hpp"
#include "regkit/core/check.hpp"
#include <filesystem>
#include <map>
#include <unistd.h>
#include "regkit/core/errors.hpp"

namespace regkit::cli {

void add_data_options(CLI::App& app, DataArgs& args, bool required) {
  auto* opt = app.add_option("--data", args.data,
                             "Data file: CSV (header + --target column), LIBSVM/svmlight, NumPy .npy or IDX "
                             "(plain or .gz); the format comes from the extension unless --format is given");
  opt->check(non_empty_path());
  if (required) opt->required();
  app.add_option("--format", args.format, "Data format: auto, csv, libsvm, npy, idx")
      ->check(CLI::IsMember({"auto", "csv", "libsvm", "svmlight", "npy", "idx"}))
      ->capture_default_str();
  app.add_option("--target", args.target, "CSV: name of the target column (every other column is a feature)")
      ->check(non_empty_text());
  app.add_option_function<long long>(
      "--target-index", [&args](const long long& index) { args.target_index = index; },
      "CSV: the target column by position, 0-based; negative counts from the end (--target-index=-1: the last "
      "column). For files without a header (--no-header), or instead of --target")
      ->check(integer_in(-2147483647, 2147483647));
  app.add_flag("--no-header", args.no_header,
               "CSV: the file has no header line (every line is a row; give the target with --target-index). "
               "CSV files may be gzip-compressed (.csv.gz)");
  app.add_option("--labels", args.labels, "Labels file (.npy or IDX) when --data is a .npy or IDX array")
      ->check(non_empty_path());
  app.add_option("--max-read-bytes", args.max_read_bytes,
                 "Largest file size and decoded data a read may take, e.g. 512M, 8G (default: "
                 "$REGKIT_MAX_READ_BYTES, else 8G); a file needing more is refused before allocating")
      ->check(non_empty_text());
}

data::Dataset load_data(const DataArgs& args, bool need_target) {
  data::LoadOptions options;
  options.format = data::parse_format(args.format);
  // The options that apply to one kind of file, named as the user typed them.
  const data::Format format =
      options.format == data::Format::automatic ? data::format_from_name(args.data) : options.format;
  const bool csv = format == data::Format::csv;
  if (!args.target.empty() && args.target_index)
    throw InvalidArgument("give the target column by --target NAME or by --target-index N, not both");
  if (!csv && !args.target.empty())
    throw InvalidArgument("--target applies to CSV files; " + args.data + " is not read as CSV (its labels come " +
                          (format == data::Format::libsvm ? "from its own first column)" : "from --labels FILE)"));
  if (!csv && (args.target_index || args.no_header))
    throw InvalidArgument(std::string(args.target_index ? "--target-index" : "--no-header") +
                          " applies to CSV files; " + args.data + " is not read as CSV");
  if (csv && args.no_header && !args.target.empty())
    throw InvalidArgument("--no-header: the file has no column names, so --target " + args.target +
                          " cannot name one; give --target-index N");
  if (!args.labels.empty() && (csv || format == data::Format::libsvm))
    throw InvalidArgument("--labels applies to .npy and IDX data; " + args.data + " carries its own target");
  options.target = args.target;
  options.target_index = args.target_index;
  options.header = !args.no_header;
  options.labels = args.labels;
  options.limits = args.max_read_bytes.empty() ? data::read_limits_from_environment()
                                               : data::ReadLimits{data::parse_byte_count(args.max_read_bytes, "--max-read-bytes")};
  data::Dataset d;
  try {
    d = data::load_dataset(args.data, options);
  } catch (const DataError& e) {
    if (std::string(e.what()).find("read limit") == std::string::npos) throw;
    throw DataError(std::string(e.what()) + " (raise it with --max-read-bytes, e.g. --max-read-bytes 32G)");
  }
  if (need_target && d.y.size() == 0)
    throw InvalidArgument(args.data +
                          ": no target: give --target COLUMN (or --target-index N) for a CSV file or --labels FILE "
                          "for .npy / IDX data");
  return d;
}

void info(const std::string& message) { std::cerr << "regkit: " << message << '\n'; }

void write_json(const std::string& path, const nlohmann::ordered_json& value) {
  write_file_atomic(path, value.dump(2) + "\n");
}

std::vector<double> parse_number_list_or_file(const std::string& text, const std::string& option) {
  auto parse_one = [&](std::string token, const std::string& where) {
    const auto b = token.find_first_not_of(" \t\r");
    const auto e = token.find_last_not_of(" \t\r");
    token = b == std::string::npos ? "" : token.substr(b, e - b + 1);
    double v = 0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (token.empty() || ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(v))
      throw InvalidArgument(where + ": \"" + token + "\" is not a finite number");
    return v;
  };
  std::vector<double> values;
  std::ifstream file(text);
  if (!file) {
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto comma = text.find(',', start);
      const auto stop = comma == std::string::npos ? text.size() : comma;
      values.push_back(parse_one(text.substr(start, stop - start), option));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else if (text.size() > 4 && text.substr(text.size() - 4) == ".npy") {
    const Vector v = data::read_npy(text).to_vector(text);
    values.assign(v.data(), v.data() + v.size());
  } else {
    std::string line;
    std::size_t number = 0;
    while (std::getline(file, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      values.push_back(parse_one(line, text + ":" + std::to_string(number)));
    }
  }
  if (values.empty()) throw InvalidArgument(option + ": no values given");
  return values;
}

void check_outputs(const std::vector<Output>& outputs, const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, fs::path>> seen;  // option, resolved path
  for (const Output& out : outputs) {
    if (out.path.empty()) continue;
    if (!out.endings.empty()) {
      bool ok = false;
      std::string list;
      for (const auto& e : out.endings) {
        ok = ok || (out.path.size() > e.size() && out.path.compare(out.path.size() - e.size(), e.size(), e) == 0);
        list += (list.empty() ? "" : " or ") + e;
      }
      if (!ok) throw InvalidArgument(out.option + " " + out.path + ": the file name must end in " + list);
    }
    std::string resolved;
    try {
      resolved = resolve_output_path(out.path);
    } catch (const DataError& e) {
      throw DataError(out.option + ": " + e.what());
    }
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(resolved, ec);
    for (const std::string& input : inputs) {
      if (input.empty()) continue;
      std::error_code same_ec;
      if (fs::exists(resolved, same_ec) && fs::equivalent(resolved, input, same_ec))
        throw InvalidArgument(out.option + " " + out.path + " is also an input (" + input +
                              "); writing it would replace that input: choose another file name");
    }
    for (const auto& [option, other] : seen)
      if (!ec && canonical == other)
        throw InvalidArgument(out.option + " and " + option + " name the same file (" + out.path +
                              "); each output needs its own file");
    seen.emplace_back(out.option, canonical);
  }
}

void check_report_folder(const std::string& folder) {
  namespace fs = std::filesystem;
  if (folder.empty()) throw InvalidArgument("FOLDER: expected a folder name; got an empty value");
  std::error_code ec;
  fs::path at = fs::absolute(folder, ec);
  if (fs::exists(at, ec) && !fs::is_directory(at, ec))
    throw InvalidArgument("FOLDER " + folder + " exists and is not a folder; the report needs a folder");
  while (!at.empty() && !fs::exists(at, ec)) at = at.parent_path();
  if (!fs::is_directory(at, ec))
    throw InvalidArgument("FOLDER " + folder + ": '" + at.string() + "' is not a folder");
  if (::access(at.c_str(), W_OK) != 0)
    throw InvalidArgument("FOLDER " + folder + ": '" + at.string() + "' is not writable");
}

data::Dataset match_model_columns(data::Dataset d, const std::vector<std::string>& model_names,
                                  const std::string& data_path, const std::string& model_path) {
  const Index p = static_cast<Index>(model_names.size());
  if (model_names.empty() || d.feature_names.empty() || d.feature_names == model_names || is_sparse(d.X)) return d;
  std::map<std::string, Index> position;
  for (Index j = 0; j < static_cast<Index>(d.feature_names.size()); ++j)
    position.emplace(d.feature_names[static_cast<std::size_t>(j)], j);
  std::vector<Index> take;
  std::string missing;
  for (const auto& name : model_names) {
    const auto it = position.find(name);
    if (it == position.end())
      missing += (missing.empty() ? "'" : ", '") + name + "'";
    else
      take.push_back(it->second);
  }
  if (!missing.empty())
    throw InvalidArgument(data_path + " has no column " + missing + ", which " + model_path +
                          " was fitted on (columns are matched by name)");
  const Matrix& X = std::get<Matrix>(d.X);
  Matrix reordered(X.rows(), p);
  for (Index j = 0; j < p; ++j) reordered.col(j) = X.col(take[static_cast<std::size_t>(j)]);
  info(data_path + ": columns taken by name in the model's order" +
       (static_cast<Index>(d.feature_names.size()) > p
            ? " (" + std::to_string(static_cast<Index>(d.feature_names.size()) - p) + " column(s) the model does not use left out)"
            : std::string()));
  d.X = std::move(reordered);
  d.feature_names = model_names;
  return d;
}

void set_threads(int threads) {
  check::thread_count("regkit", "--threads", threads);
  if (threads > 0) omp_set_num_threads(threads);
}

}  // namespace regkit::cli
