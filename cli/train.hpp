// regkit train / evaluate (and predict for network models): multilayer perceptrons on
// Fashion-MNIST, the seed problems (xor, synthetic-sparse) or a data file.
#pragma once

#include <string>
#include <vector>

#include <functional>

#include "common.hpp"
#include "regkit/nn/nn.hpp"

namespace regkit::cli {

struct NnDataArgs {
  std::string dataset;  // fashion-mnist, xor, synthetic-sparse; empty: --data
  DataArgs data;
  std::string fashion_dir;
};

struct TrainArgs {
  NnDataArgs source;
  std::string layers = "256,128,64";
  std::string activation = "elu";
  std::string init = "he_normal";
  double kernel_l1 = 0.0, kernel_l2 = 0.0;
  std::string optimizer = "adam";
  double lr = -1.0;  // < 0: the optimizer's default
  double momentum = 0.0;
  double weight_decay = -1.0;  // < 0: the optimizer's default
  double proximal_l1 = 0.0;
  int epochs = 30;
  long batch_size = 64;
  double validation = 0.0;
  unsigned long long seed = 42;
  int threads = 0;
  std::string out, history;
  std::string checkpoint;    // --checkpoint DIR: DIR/checkpoint.regkit
  int checkpoint_every = 1;  // --checkpoint-every N epochs
  bool resume = false;       // --resume
};
void add_train_options(CLI::App& app, TrainArgs& args);

// A labelled set held in memory: uint8 images or float rows.
struct Split {
  std::vector<std::uint8_t> pixels;
  nn::MatrixF x, y;
  Index n = 0, p = 0;
  nn::ArrayView xv() const { return pixels.empty() ? nn::ArrayView::of(x) : nn::ArrayView::u8(pixels.data(), n, p); }
  nn::ArrayView yv() const { return nn::ArrayView::of(y); }
};

enum class Task { multiclass, binary, regression };

struct Problem {
  Split train, validation, test;  // validation / test may be empty (n == 0)
  Task task = Task::regression;
  Index classes = 1;
  std::string name;
};

// The problem named by --dataset, or read from --data.
Problem load_problem(const NnDataArgs& source, std::uint64_t seed);
// The seed problems' settings (xor: seed 001; synthetic-sparse: seed 003) for every
// option `given` says the user did not give.
void apply_dataset_defaults(TrainArgs& args, const std::function<bool(const char*)>& given);
// The network of `args` for the problem (output layer and loss from its task), compiled.
nn::Sequential build_network(const TrainArgs& args, const Problem& problem, bool momentum_given);
int run_train(const TrainArgs& args, const CLI::App& app);

struct EvaluateArgs {
  std::string model_file;
  NnDataArgs source;
  int threads = 0;
};
void add_evaluate_options(CLI::App& app, EvaluateArgs& args);
int run_evaluate(const EvaluateArgs& args);

// True when the file is a network model (metadata kind "nn").
bool is_nn_model(const std::string& path);
// regkit predict for a network model: one row of outputs per sample.
int run_nn_predict(const std::string& model_file, const DataArgs& data, const std::string& out);

}  // namespace regkit::cli
