// The report of `regkit compare` and `regkit sweep`: a folder with index.html (self-
// contained: every figure embedded as a data URI, plus the tables), summary.md, PNG
// figures, history.csv / history.json. The report reads finished runs; it never trains.
//
// Figures (compare):  curves.png        accuracy and loss per epoch, train solid,
//                                       validation dashed, one colour per run
//                     weights_<layer>.png  a histogram of each run's kernel, with mean,
//                                       standard deviation and norm in the title
//                     heatmap_<layer>.png  |W| of the first Dense kernel per run
//                     sparsity.png      fraction of |w| < 0.01 and of w == 0, per run
// Figures (sweep):    sweep.png         validation accuracy, loss and sparsity against
//                                       lambda, best and one-standard-error choices marked
#pragma once

#include <map>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "regkit/core/types.hpp"

namespace regkit::report {

struct KernelRecord {
  std::string layer;                  // e.g. "dense_1"
  Eigen::MatrixXf weights;            // in x out
};

struct KernelStats {
  double mean = 0, stddev = 0, norm = 0;   // norm: Frobenius
  double below_001 = 0;                     // fraction with |w| < 0.01
  double exact_zero = 0;                    // fraction with w == 0
  Index count = 0;
};
KernelStats kernel_stats(const Eigen::MatrixXf& w);

struct RunRecord {
  std::string name;                   // e.g. "l2"
  std::string description;            // e.g. "kernel-l2=1e-3"
  std::map<std::string, std::vector<double>> history;  // loss, accuracy, val_loss, val_accuracy, penalty, seconds
  std::vector<KernelRecord> kernels;  // Dense kernels, input to output
  double test_loss = 0, test_accuracy = 0;
  bool has_test = false;
  double train_seconds = 0;
  std::string model_file;             // relative to the report folder
};

struct ReportInfo {
  std::string title = "regkit compare";
  std::string dataset;                // e.g. "Fashion-MNIST (55,000 train / 5,000 validation / 10,000 test)"
  std::string architecture;           // e.g. "784-256-128-64-10, elu, he_normal"
  std::string training;               // e.g. "Adam lr 0.001, batch 64, 30 epochs, seed 42"
  std::string command;                // the command line that made it
  int threads = 0;
};

// Writes every figure, table and file of a compare report into `folder` (created if
// needed); each file is written atomically. Returns the files written, relative.
std::vector<std::string> write_compare_report(const std::string& folder, const ReportInfo& info,
                                              const std::vector<RunRecord>& runs);

// One point of a sweep: a lambda with its runs (one per CV fold, or a single run).
struct SweepPoint {
  double lambda = 0;
  std::vector<double> val_accuracy, val_loss;   // per fold (or one entry)
  double sparsity_below_001 = 0, exact_zero = 0;
  double test_accuracy = 0;                     // NaN when not measured
  double seconds = 0;
};
struct SweepResult {
  std::string penalty;                          // "l1", "l2", "l1_l2", "proximal-l1", "weight-decay"
  std::vector<SweepPoint> points;               // increasing lambda
  std::size_t best = 0, one_se = 0;             // indices into points
  bool cross_validated = false;
  int folds = 1;
};
// Best: the highest mean validation accuracy; one-SE: the largest lambda whose mean
// accuracy is within one standard error (over folds) of the best.
void choose_sweep_lambdas(SweepResult& sweep);
std::vector<std::string> write_sweep_report(const std::string& folder, const ReportInfo& info,
                                            const SweepResult& sweep, const std::vector<RunRecord>& runs);

// Base64 of bytes (for data URIs).
std::string base64(const std::string& bytes);

}  // namespace regkit::report
