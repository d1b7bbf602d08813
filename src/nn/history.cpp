// History: per-epoch records and their JSON / CSV files.
#include "regkit/nn/history.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "regkit/core/atomic_file.hpp"
#include "regkit/core/errors.hpp"

namespace regkit::nn {

void History::append(const EpochLog& log) {
  loss.push_back(log.loss);
  accuracy.push_back(log.accuracy);
  penalty.push_back(log.penalty);
  val_loss.push_back(log.val_loss);
  val_accuracy.push_back(log.val_accuracy);
  seconds.push_back(log.seconds);
}

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

nlohmann::ordered_json array(const std::vector<double>& values) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (double v : values) a.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json());
  return a;
}

}  // namespace

void History::write(const std::string& path) const {
  if (ends_with(path, ".json")) {
    nlohmann::ordered_json j;
    j["loss"] = array(loss);
    j["accuracy"] = array(accuracy);
    j["penalty"] = array(penalty);
    j["val_loss"] = array(val_loss);
    j["val_accuracy"] = array(val_accuracy);
    j["seconds"] = array(seconds);
    j["best_epoch"] = best_epoch;
    j["stopped_early"] = stopped_early;
    write_file_atomic(path, j.dump(2) + "\n");
  } else if (ends_with(path, ".csv")) {
    write_file_atomic(path, [&](std::ostream& out) {
      out << "epoch,loss,accuracy,penalty,val_loss,val_accuracy,seconds\n";
      char line[256];
      for (std::size_t e = 0; e < loss.size(); ++e) {
        std::snprintf(line, sizeof line, "%zu,%.9g,%.9g,%.9g,%.9g,%.9g,%.6g\n", e + 1, loss[e], accuracy[e],
                      penalty[e], val_loss[e], val_accuracy[e], seconds[e]);
        out << line;
      }
    });
  } else {
    throw InvalidArgument("History::write: '" + path + "' must end in .json or .csv");
  }
}

}  // namespace regkit::nn
