// History: what fit measured, one entry per epoch (Keras's History.history).
//   loss          mean over the epoch's batches (weighted by batch size) of
//                 mean data loss + penalty, as Keras reports it
//   accuracy      fraction of training samples predicted right during the epoch
//   penalty       the penalty part of `loss` (regularizers + proximal L1 term)
//   val_loss      validation mean data loss + penalty at the epoch's end (NaN if none)
//   val_accuracy  validation accuracy at the epoch's end (NaN if none)
//   seconds       wall time of the epoch (training and validation)
#pragma once

#include <string>
#include <vector>

namespace regkit::nn {

struct EpochLog {
  int epoch = 0;   // 1-based
  int epochs = 0;  // planned
  double loss = 0, accuracy = 0, penalty = 0, val_loss = 0, val_accuracy = 0, seconds = 0;
  bool has_validation = false;
};

struct History {
  std::vector<double> loss, accuracy, penalty, val_loss, val_accuracy, seconds;
  int best_epoch = 0;          // 1-based epoch whose weights the model holds (early stopping), else last
  bool stopped_early = false;

  void append(const EpochLog& log);
  std::size_t epochs() const { return loss.size(); }
  // JSON (an object of arrays, Keras's history.history shape) or CSV (a row per epoch),
  // chosen by the extension (.json, .csv); written atomically.
  void write(const std::string& path) const;
};

}  // namespace regkit::nn
