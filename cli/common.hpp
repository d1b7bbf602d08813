// Shared pieces of the regkit subcommands: data options, output helpers, messages.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "regkit/data/readers.hpp"

namespace regkit::cli {

struct DataArgs {
  std::string data;        // --data FILE
  std::string format = "auto";
  std::string target;      // --target COLUMN (CSV)
  std::optional<long long> target_index;  // --target-index N (CSV; 0-based, -1 = last)
  bool no_header = false;  // --no-header (CSV)
  std::string labels;      // --labels FILE (.npy / IDX) when X comes from .npy or IDX
  std::string max_read_bytes;  // --max-read-bytes N (else REGKIT_MAX_READ_BYTES, else 8G)
};
void add_data_options(CLI::App& app, DataArgs& args, bool required = true);
data::Dataset load_data(const DataArgs& args, bool need_target);

// Progress and summaries go to stderr, results to files or stdout.
void info(const std::string& message);

// Writes JSON atomically (pretty-printed).
void write_json(const std::string& path, const nlohmann::ordered_json& value);

// "0.1,0.01" -> values; otherwise a file with one number per line (or .npy).
std::vector<double> parse_number_list_or_file(const std::string& text, const std::string& option);

void set_threads(int threads);

// predict: the model's columns taken from the data by name when both have names (CSV with
// a header, a model fitted on one): columns in another order are reordered, extra columns
// dropped, with a note; a missing column is an error naming it. Without names on either
// side, columns are matched by position and only their count is checked.
data::Dataset match_model_columns(data::Dataset d, const std::vector<std::string>& model_names,
                                  const std::string& data_path, const std::string& model_path);

// An output the command will write: the option that names it, the path, and the file
// name endings it accepts (empty: any).
struct Output {
  std::string option;
  std::string path;
  std::vector<std::string> endings{};
};
// Checks every output before any work starts (a training that ends on a bad --history
// path loses the run): each must be writable (resolve_output_path: a regular file or a
// new one, in an existing writable folder; a symlink is followed to its file), have an
// accepted ending, differ from every other output and from every input file (`--out
// d.csv --data d.csv` would replace the data). Empty paths (not given) are skipped.
void check_outputs(const std::vector<Output>& outputs, const std::vector<std::string>& inputs);
// A report folder (compare, sweep) checked before the trainings: a folder, or a new one
// whose nearest existing parent is a writable folder.
void check_report_folder(const std::string& folder);

}  // namespace regkit::cli
