// regkit compare / sweep: several trainings of one architecture side by side, and a
// report folder (report/compare_report.hpp) with the figures and tables.
#pragma once

#include <string>
#include <vector>

#include "train.hpp"

namespace regkit::cli {

struct CompareArgs {
  TrainArgs base;                 // the architecture / optimizer options of regkit train
  std::vector<std::string> runs;  // --run NAME:SPEC (empty: the default comparison)
  std::string folder;             // the report folder
  bool save_models = true;
};
void add_compare_options(CLI::App& app, CompareArgs& args);
int run_compare(const CompareArgs& args, const CLI::App& app, const std::string& command_line);

struct SweepArgs {
  TrainArgs base;
  std::string penalty = "kernel-l1";                 // the train option swept
  std::string lambdas = "0,1e-4,1e-3,1e-2,1e-1";     // seed 003's table
  int folds = 0;                                     // 0: the validation split; k >= 2: k-fold CV
  int parallel = 1;                                  // trainings at once
  std::string folder;
};
void add_sweep_options(CLI::App& app, SweepArgs& args);
int run_sweep(const SweepArgs& args, const CLI::App& app, const std::string& command_line);

// The default runs of `regkit compare` (seed 000 / 003 penalties and a proximal-L1 run).
std::vector<std::string> default_compare_runs();

}  // namespace regkit::cli
