// regkit train / evaluate / predict (networks). A shell: parse, build the Sequential,
// call fit / evaluate / predict, print one line per epoch to stderr.
#include "train.hpp"

#include <cmath>
#include <functional>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "validators.hpp"
#include "regkit/core/atomic_file.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/nn/nn.hpp"

namespace regkit::cli {
namespace {

using nn::MatrixF;

Split from_image_set(const nn::ImageSet& s) {
  Split out;
  out.pixels = s.pixels;
  out.n = s.n;
  out.p = s.p;
  out.y = Eigen::Map<const MatrixF>(s.labels.data(), s.n, 1);
  return out;
}

Task infer_task(const MatrixF& y, Index& classes) {
  double largest = 0;
  bool integral = true;
  for (Index i = 0; i < y.rows(); ++i) {
    const double v = y(i, 0);
    if (v < 0 || v != std::floor(v)) integral = false;
    largest = std::max(largest, v);
  }
  if (integral && largest <= 1.0) {
    classes = 1;
    return Task::binary;
  }
  if (integral && largest < 1000) {
    classes = static_cast<Index>(largest) + 1;
    return Task::multiclass;
  }
  classes = 1;
  return Task::regression;
}

}  // namespace

Problem load_problem(const NnDataArgs& a, std::uint64_t seed) {
  Problem pr;
  if (!a.dataset.empty() && !a.data.data.empty())
    throw InvalidArgument("give --dataset or --data, not both");
  if (!a.dataset.empty()) {
    const std::pair<bool, const char*> file_options[] = {{!a.data.target.empty(), "--target"},
                                                          {a.data.target_index.has_value(), "--target-index"},
                                                          {a.data.no_header, "--no-header"},
                                                          {!a.data.labels.empty(), "--labels"},
                                                          {a.data.format != "auto", "--format"}};
    for (const auto& [given, name] : file_options)
      if (given) throw InvalidArgument(std::string(name) + " applies to --data FILE, not to --dataset " + a.dataset);
  }
  if (a.dataset == "fashion-mnist") {
    const nn::FashionMnist d = nn::load_fashion_mnist(a.fashion_dir.empty() ? nn::fashion_mnist_default_dir : a.fashion_dir);
    pr.train = from_image_set(d.train);
    pr.validation = from_image_set(d.validation);
    pr.test = from_image_set(d.test);
    pr.task = Task::multiclass;
    pr.classes = 10;
    pr.name = "fashion-mnist";
  } else if (a.dataset == "xor") {
    pr.train.x = MatrixF{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    pr.train.y = MatrixF{{0}, {1}, {1}, {0}};
    pr.train.n = 4;
    pr.train.p = 2;
    pr.task = Task::regression;  // seed 001: MSE on a linear output
    pr.name = "xor";
  } else if (a.dataset == "synthetic-sparse") {
    // Seed 003: X ~ N(0, 1) 1000 x 20, y = [x_1 + ... + x_5 + 0.1 noise > its mean].
    nn::Rng rng(seed);
    const Index n = 1000, p = 20;
    pr.train.x.resize(n, p);
    pr.train.y.resize(n, 1);
    std::vector<double> s(static_cast<std::size_t>(n));
    double mean = 0;
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < p; ++j) pr.train.x(i, j) = static_cast<float>(rng.normal());
      double t = 0;
      for (Index j = 0; j < 5; ++j) t += pr.train.x(i, j);
      s[static_cast<std::size_t>(i)] = t + 0.1 * rng.normal();
      mean += s[static_cast<std::size_t>(i)] / static_cast<double>(n);
    }
    for (Index i = 0; i < n; ++i) pr.train.y(i, 0) = s[static_cast<std::size_t>(i)] > mean ? 1.f : 0.f;
    pr.train.n = n;
    pr.train.p = p;
    pr.task = Task::binary;
    pr.name = "synthetic-sparse";
  } else if (a.dataset.empty()) {
    if (a.data.data.empty()) throw InvalidArgument("give --dataset fashion-mnist|xor|synthetic-sparse or --data FILE");
    const data::Dataset d = load_data(a.data, true);
    if (is_sparse(d.X)) throw InvalidArgument(a.data.data + ": networks take dense data; this file is sparse");
    const Matrix& X = std::get<Matrix>(d.X);
    pr.train.x = X.cast<float>();
    pr.train.y = d.y.cast<float>();
    pr.train.n = X.rows();
    pr.train.p = X.cols();
    pr.task = infer_task(pr.train.y, pr.classes);
    pr.name = a.data.data;
  } else {
    throw InvalidArgument("--dataset must be fashion-mnist, xor or synthetic-sparse; got '" + a.dataset + "'");
  }
  return pr;
}

std::vector<Index> parse_layers(const std::string& text) {
  std::vector<Index> units;
  if (text.empty() || text == "none") return units;
  for (double v : parse_number_list_or_file(text, "--layers")) {
    if (v < 1 || v > static_cast<double>(nn::Dense::kMaxUnits) || v != std::floor(v))
      throw InvalidArgument("--layers: widths must be integers in [1, " + std::to_string(nn::Dense::kMaxUnits) +
                            "]; got " + check::str(v));
    units.push_back(static_cast<Index>(v));
  }
  return units;
}

namespace {

void add_source_options(CLI::App& app, NnDataArgs& a) {
  app.add_option("--dataset", a.dataset,
                 "fashion-mnist (Debian dataset-fashion-mnist; first 5,000 training images validate), "
                 "xor (seed 001), synthetic-sparse (seed 003: 1000 x 20, 5 useful features)")
      ->check(CLI::IsMember({"fashion-mnist", "xor", "synthetic-sparse"}));
  add_data_options(app, a.data, false);
  app.add_option("--fashion-dir", a.fashion_dir, "Directory of the Fashion-MNIST IDX files")
      ->check(non_empty_text())
      ->default_str(nn::fashion_mnist_default_dir);
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

}  // namespace

void add_train_options(CLI::App& app, TrainArgs& a) {
  add_source_options(app, a.source);
  app.add_option("--layers", a.layers,
                 "Hidden layer widths, e.g. 256,128,64, or none (xor: 5; synthetic-sparse: 32)")
      ->check(non_empty_text())
      ->capture_default_str();
  app.add_option("--activation", a.activation, "Hidden activation")
      ->check(CLI::IsMember(nn::activation_names()))
      ->capture_default_str();
  app.add_option("--init", a.init, "Hidden kernels' initializer")
      ->check(CLI::IsMember(nn::initializer_names()))
      ->capture_default_str();
  app.add_option("--kernel-l1", a.kernel_l1, "Keras l1(c) on every hidden kernel: adds c * sum|w| to the loss")
      ->check(non_negative_number());
  app.add_option("--kernel-l2", a.kernel_l2, "Keras l2(c) on every hidden kernel: adds c * sum w^2 (no 1/2)")
      ->check(non_negative_number());
  app.add_option("--optimizer", a.optimizer, "sgd, adam (Keras defaults) or adamw")
      ->check(CLI::IsMember({"sgd", "adam", "adamw"}))
      ->capture_default_str();
  app.add_option("--lr", a.lr, "Learning rate > 0 (default: sgd 0.01, adam / adamw 0.001)")->check(positive_number());
  app.add_option("--momentum", a.momentum, "SGD momentum in [0, 1] (PyTorch semantics)")->check(unit_interval());
  app.add_option("--weight-decay", a.weight_decay,
                 "Weight decay >= 0: coupled for sgd / adam (gradient + d*w), decoupled for adamw (default 0.01)")
      ->check(non_negative_number());
  app.add_option("--proximal-l1", a.proximal_l1,
                 "Proximal L1 on the kernels: soft-threshold after each step (exact zeros)")
      ->check(non_negative_number());
  app.add_option("--epochs", a.epochs, "Epochs (xor: 1000; synthetic-sparse: 50)")
      ->check(integer_in(1, 100000000))
      ->capture_default_str();
  app.add_option("--batch-size", a.batch_size, "Batch size (xor: 4; synthetic-sparse: 32; larger than the data: all of it)")
      ->check(integer_in(1, 2147483647))
      ->capture_default_str();
  app.add_option("--validation", a.validation,
                 "Fraction of the training data held out for validation (last rows, as Keras); "
                 "fashion-mnist always uses the seed's 5,000-image split")
      ->check(number_in(0.0, 0.99));
  app.add_option("--seed", a.seed, "Seed for the weights, shuffling and dropout")
      ->check(integer_in(0, 9223372036854775807LL))
      ->capture_default_str();
  app.add_option("--threads", a.threads, "Threads (0 = all cores)")->check(thread_count())->capture_default_str();
  app.add_option("--out", a.out, "Write the trained network here (regkit model file)")->check(non_empty_path());
  app.add_option("--history", a.history, "Write the per-epoch history here (.json or .csv)")->check(non_empty_path());
  auto* checkpoint = app.add_option("--checkpoint", a.checkpoint,
                 "Directory for a training checkpoint (DIR/checkpoint.regkit: weights, optimizer state, "
                 "shuffle and dropout RNG state, epoch, history), written atomically after every "
                 "--checkpoint-every epochs")
      ->check(non_empty_path());
  app.add_option("--checkpoint-every", a.checkpoint_every, "Epochs between checkpoints (with --checkpoint)")
      ->check(integer_in(1, 100000000))
      ->needs(checkpoint)
      ->capture_default_str();
  app.add_flag("--resume", a.resume,
               "Continue from the checkpoint in --checkpoint DIR (from epoch 1 if there is none yet); the "
               "final weights are bit-identical to an uninterrupted run with the same options");
}

void apply_dataset_defaults(TrainArgs& a, const std::function<bool(const char*)>& given) {
  // The seeds' settings for their problems unless the option was given.
  auto unset = [&](const char* name) { return !given(name); };
  if (a.source.dataset == "xor") {
    if (unset("--layers")) a.layers = "5";
    if (unset("--activation")) a.activation = "relu";
    if (unset("--optimizer")) a.optimizer = "sgd";
    if (unset("--lr")) a.lr = 0.01;
    if (unset("--weight-decay")) a.weight_decay = 0.01;
    if (unset("--epochs")) a.epochs = 1000;
    if (unset("--batch-size")) a.batch_size = 4;
    if (unset("--init")) a.init = "glorot_uniform";
  } else if (a.source.dataset == "synthetic-sparse") {
    if (unset("--layers")) a.layers = "32";
    if (unset("--activation")) a.activation = "relu";
    if (unset("--epochs")) a.epochs = 50;
    if (unset("--batch-size")) a.batch_size = 32;
    if (unset("--init")) a.init = "glorot_uniform";
  }
}

nn::Sequential build_network(const TrainArgs& a, const Problem& pr, bool momentum_given) {
  nn::Sequential model;
  for (Index units : parse_layers(a.layers))
    model.add(nn::Dense{.units = units, .activation = a.activation, .kernel_initializer = a.init,
                        .kernel_regularizer = nn::l1_l2(a.kernel_l1, a.kernel_l2)});
  std::string loss;
  if (pr.task == Task::multiclass) {
    model.add(nn::Dense{.units = pr.classes, .activation = "softmax"});
    loss = "sparse_categorical_crossentropy";
  } else if (pr.task == Task::binary) {
    model.add(nn::Dense{.units = 1, .activation = "sigmoid"});
    loss = "binary_crossentropy";
  } else {
    model.add(nn::Dense{.units = pr.train.y.cols(), .activation = "linear"});
    loss = "mse";
  }
  nn::OptimizerSettings settings;
  if (a.lr >= 0) settings.learning_rate = a.lr;
  if (momentum_given && a.optimizer != "sgd")
    throw InvalidArgument("--momentum applies to --optimizer sgd; " + a.optimizer + " keeps its own moment estimates");
  if (momentum_given) settings.momentum = a.momentum;
  if (a.weight_decay >= 0) settings.weight_decay = a.weight_decay;
  settings.proximal_l1 = a.proximal_l1;
  model.compile(nn::make_optimizer<float>(a.optimizer, settings), loss);
  return model;
}

int run_train(const TrainArgs& given, const CLI::App& app) {
  TrainArgs a = given;
  auto is_given = [&](const char* name) { return app.count(name) > 0; };
  apply_dataset_defaults(a, is_given);
  check_outputs({{"--out", a.out}, {"--history", a.history, {".json", ".csv"}}},
                {a.source.data.data, a.source.data.labels});
  if (!a.checkpoint.empty() && std::filesystem::exists(a.checkpoint) && !std::filesystem::is_directory(a.checkpoint))
    throw InvalidArgument("--checkpoint " + a.checkpoint + " is not a directory; it names the folder that holds "
                          "checkpoint.regkit");
  const Problem pr = load_problem(a.source, a.seed);
  if (a.epochs < 0) throw InvalidArgument("--epochs must be >= 0; got " + std::to_string(a.epochs));
  nn::Sequential model = build_network(a, pr, is_given("--momentum"));
  const std::string loss = model.loss_name();

  nn::FitOptions options;
  options.epochs = a.epochs;
  options.batch_size = a.batch_size;
  options.seed = a.seed;
  options.threads = a.threads;
  if (a.resume && a.checkpoint.empty()) throw InvalidArgument("--resume needs --checkpoint DIR");
  if (!a.checkpoint.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(a.checkpoint, ec);
    if (ec) throw DataError("--checkpoint " + a.checkpoint + ": cannot create the directory: " + ec.message());
    options.checkpoint = a.checkpoint + "/checkpoint.regkit";
    options.checkpoint_every = a.checkpoint_every;
    options.resume = a.resume;
    if (a.resume)
      info(std::filesystem::exists(options.checkpoint) ? "resuming from " + options.checkpoint
                                                       : "no checkpoint in " + a.checkpoint + " yet; starting at epoch 1");
  }
  if (pr.validation.n > 0)
    options.validation_data = nn::ValidationData{pr.validation.xv(), pr.validation.yv()};
  else
    options.validation_split = a.validation;
  const int every = pr.name == "xor" ? 100 : 1;  // seed 001 prints every 100 epochs
  options.on_epoch_end = [&](const nn::EpochLog& log) {
    if (log.epoch % every != 0 && log.epoch != log.epochs) return;
    std::ostringstream line;
    line << "epoch " << log.epoch << "/" << log.epochs << "  loss " << fmt(log.loss) << "  accuracy "
         << fmt(log.accuracy);
    if (log.penalty > 0) line << "  penalty " << fmt(log.penalty);
    if (log.has_validation) line << "  val_loss " << fmt(log.val_loss) << "  val_accuracy " << fmt(log.val_accuracy);
    line << "  " << fmt(log.seconds) << " s";
    info(line.str());
  };
  info("training " + pr.name + ": " + std::to_string(pr.train.n) + " samples x " + std::to_string(pr.train.p) +
       " features, loss " + loss + ", optimizer " + a.optimizer);
  const nn::History h = model.fit(pr.train.xv(), pr.train.yv(), options);
  if (!a.history.empty()) h.write(a.history);
  if (pr.test.n > 0) {
    const nn::Evaluation e = model.evaluate(pr.test.xv(), pr.test.yv(), 256, a.threads);
    info("test: loss " + fmt(e.loss) + "  accuracy " + fmt(e.accuracy));
  }
  // Exactly-zero fraction of the first kernel (what L1 / proximal L1 do).
  const auto params = model.parameters();
  Index zeros = 0;
  for (Index i = 0; i < params[0].size; ++i) zeros += params[0].value[i] == 0.f ? 1 : 0;
  info("first kernel: " + fmt(static_cast<double>(zeros) / static_cast<double>(params[0].size)) +
       " of its weights exactly zero");
  if (!a.out.empty()) {
    // Images train as uint8 / 255: predict / evaluate --data scale raw files the same way.
    if (!pr.train.pixels.empty()) model.metadata["input_scale"] = "0.00392156862745098";
    model.save(a.out);
    info("model written to " + a.out);
  }
  return 0;
}

void add_evaluate_options(CLI::App& app, EvaluateArgs& a) {
  app.add_option("model", a.model_file, "Network model file written by train --out")->required();
  add_source_options(app, a.source);
  app.add_option("--threads", a.threads, "Threads (0 = all cores)")->check(thread_count());
}

// The scale a model's inputs were trained with (1/255 for images), 1 otherwise.
static float input_scale(const nn::Sequential& model) {
  const auto it = model.metadata.find("input_scale");
  return it == model.metadata.end() ? 1.f : std::stof(it->second);
}

int run_evaluate(const EvaluateArgs& a) {
  nn::Sequential model = nn::Sequential::load(a.model_file);
  Problem pr = load_problem(a.source, 42);
  if (pr.train.pixels.empty()) pr.train.x *= input_scale(model);
  const Split& s = pr.test.n > 0 ? pr.test : pr.train;
  if (s.p != model.input_dim())
    throw InvalidArgument(pr.name + " has " + std::to_string(s.p) + " features; the network " + a.model_file +
                          " takes " + std::to_string(model.input_dim()));
  const nn::Evaluation e = model.evaluate(s.xv(), s.yv(), 256, a.threads);
  std::printf("loss %.6f\naccuracy %.6f\npenalty %.6f\n", e.loss, e.accuracy, e.penalty);
  return 0;
}

bool is_nn_model(const std::string& path) {
  try {
    const io::TensorFile f = io::load_tensor_file(path);
    return f.metadata.count("kind") != 0 && f.meta("kind") == "nn";
  } catch (const std::exception&) {
    return false;
  }
}

int run_nn_predict(const std::string& model_file, const DataArgs& data, const std::string& out) {
  nn::Sequential model = nn::Sequential::load(model_file);
  const data::Dataset d = load_data(data, false);
  if (is_sparse(d.X)) throw InvalidArgument(data.data + ": networks take dense data; this file is sparse");
  if (d.n_features() != model.input_dim())
    throw InvalidArgument(data.data + " has " + std::to_string(d.n_features()) + " features; the network " +
                          model_file + " takes " + std::to_string(model.input_dim()));
  const MatrixF x = std::get<Matrix>(d.X).cast<float>() * input_scale(model);
  const MatrixF pred = model.predict(nn::ArrayView::of(x));
  auto write = [&](std::ostream& os) {
    os.precision(9);
    for (Index j = 0; j < pred.cols(); ++j) os << (j ? "," : "") << "output_" << j;
    os << '\n';
    for (Index i = 0; i < pred.rows(); ++i) {
      for (Index j = 0; j < pred.cols(); ++j) os << (j ? "," : "") << pred(i, j);
      os << '\n';
    }
  };
  if (out.empty())
    write(std::cout);
  else
    write_file_atomic(out, write);
  info(std::to_string(pred.rows()) + " predictions" + (out.empty() ? "" : "; written to " + out));
  return 0;
}

}  // namespace regkit::cli
