// Sequential: building, the multi-threaded training loop, evaluation, prediction and
// model files. See sequential.hpp for the objective and the threading contract.
#include "regkit/nn/sequential.hpp"

#include <omp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "detail/blas.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/interrupt.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/nn/activations/softmax.hpp"
#include "regkit/nn/layers/registry.hpp"
#include "regkit/nn/losses/registry.hpp"

namespace regkit::nn {

// Bounds on what a network may allocate, checked before allocating (absurd layer widths
// or batch sizes get a named error instead of an out-of-memory kill): 2^28 weights is
// 1 GiB of float32 per copy (weights, gradients, two Adam moments, per-thread replicas).
constexpr double kMaxParameters = double(1ULL << 28);
constexpr double kMaxWorkspaceValues = double(1ULL << 30);

void FitOptions::validate() const {
  if (epochs < 0) throw InvalidArgument("Sequential::fit: epochs must be >= 0; got " + std::to_string(epochs));
  if (batch_size < 1)
    throw InvalidArgument("Sequential::fit: batch_size must be >= 1; got " + std::to_string(batch_size));
  if (!(validation_split >= 0.0 && validation_split < 1.0))
    throw InvalidArgument("Sequential::fit: validation_split must be in [0, 1); got " +
                          check::str(validation_split));
  if (validation_split > 0.0 && validation_data)
    throw InvalidArgument("Sequential::fit: give validation_data or validation_split, not both");
  check::thread_count("Sequential::fit", "threads", threads);
  if (blas_threads < 1 || blas_threads > check::kMaxThreads)
    throw InvalidArgument("Sequential::fit: blas_threads must be in [1, " + std::to_string(check::kMaxThreads) +
                          "]; got " + std::to_string(blas_threads));
  if (early_stopping) {
    const auto& m = early_stopping->monitor;
    if (m != "val_loss" && m != "val_accuracy" && m != "loss" && m != "accuracy")
      throw InvalidArgument("EarlyStopping: monitor must be val_loss, val_accuracy, loss or accuracy; got '" + m + "'");
    if (early_stopping->patience < 0)
      throw InvalidArgument("EarlyStopping: patience must be >= 0; got " + std::to_string(early_stopping->patience));
    if (!(early_stopping->min_delta >= 0.0) || !std::isfinite(early_stopping->min_delta))
      throw InvalidArgument("EarlyStopping: min_delta must be finite and >= 0; got " +
                            check::str(early_stopping->min_delta));
    // Under best_seen the best epoch is not the last improvement that restoring would need.
    if (early_stopping->restore_best_weights && early_stopping->rule == StoppingRule::best_seen)
      throw InvalidArgument("EarlyStopping: restore_best_weights needs the keras rule, not best_seen");
  }
  if (checkpoint_every < 1)
    throw InvalidArgument("Sequential::fit: checkpoint_every must be >= 1; got " + std::to_string(checkpoint_every));
  if (resume && checkpoint.empty())
    throw InvalidArgument("Sequential::fit: resume needs a checkpoint file (FitOptions::checkpoint)");
}

namespace {

// Restores OpenBLAS's thread count on scope exit.
struct BlasThreadsGuard {
  int saved;
  explicit BlasThreadsGuard(int threads) : saved(detail::blas_threads()) { detail::set_blas_threads(threads); }
  ~BlasThreadsGuard() { detail::set_blas_threads(saved); }
};

int team_size(int requested) { return requested > 0 ? requested : std::max(1, omp_get_max_threads()); }

template <class T>
Index count_correct(const T* out, const T* y, Index k, Index r0, Index r1, T threshold) {
  Index correct = 0;
  for (Index r = r0; r < r1; ++r) {
    const T* o = out + r * k;
    if (k == 1) {
      correct += ((o[0] > threshold) == (y[r] > T(0.5))) ? 1 : 0;
    } else {
      Index best = 0;
      for (Index j = 1; j < k; ++j)
        if (o[j] > o[best]) best = j;
      correct += (best == static_cast<Index>(y[r])) ? 1 : 0;
    }
  }
  return correct;
}

double monitor_value(const EpochLog& log, const std::string& monitor) {
  if (monitor == "val_loss") return log.val_loss;
  if (monitor == "val_accuracy") return log.val_accuracy;
  if (monitor == "loss") return log.loss;
  return log.accuracy;
}

}  // namespace

// One thread's share of the work: a stack of layers (the model's own layers for worker
// 0, replicas sharing their weights for the others) with its own batch buffers and
// gradients.
template <class T>
struct Worker {
  std::vector<std::unique_ptr<Layer<T>>> replicas;
  std::vector<Layer<T>*> stack;
  std::vector<Parameter<T>> params;
  RowMatrix<T> xb, yb, grad;  // this worker's rows: inputs, targets, dLoss/d output
  Index capacity = 0;

  void reserve(Index rows, Index p, Index target_cols, Index k) {
    if (rows <= capacity) return;
    xb.resize(rows, p);
    yb.resize(rows, target_cols);
    grad.resize(rows, k);
    for (std::size_t l = 0; l < stack.size(); ++l) stack[l]->reserve(rows, l > 0);
    capacity = rows;
  }
  const T* forward(const T* x, Index b, const Pass& pass) {
    const T* a = x;
    for (Layer<T>* layer : stack) a = layer->forward(a, b, pass);
    return a;
  }
  void backward(Index b, const Pass& pass) {
    T* g = grad.data();
    for (std::size_t l = stack.size(); l-- > 0;) g = stack[l]->backward(g, b, l > 0, pass);
  }
};

template <class T>
struct BasicSequential<T>::Impl {
  std::vector<std::unique_ptr<Layer<T>>> layers;
  std::unique_ptr<Loss<T>> loss;
  bool fused_softmax = false;  // final Dense softmax emits logits; predict applies softmax
  Index k = 0;                 // network outputs
  Index target_cols = 0;
  std::vector<Worker<T>> workers;
  std::vector<Index> order;    // sample order of the epoch
  std::vector<double> loss_part, pen_part;
  std::vector<Index> correct_part;

  // Makes `threads` workers (worker 0 on the model's layers), each able to hold `rows` rows.
  void prepare(int threads, Index rows, Index p) {
    // Each worker holds a batch's activations for every layer: refuse sizes that cannot
    // be allocated (a named error, not an out-of-memory kill).
    Index widest = p;
    for (auto& layer : layers) widest = std::max(widest, layer->output_dim());
    if (static_cast<double>(rows) * static_cast<double>(widest) * static_cast<double>(threads) > kMaxWorkspaceValues)
      throw InvalidArgument("Sequential: a batch of " + std::to_string(rows) + " rows through a layer of " +
                            std::to_string(widest) + " units on " + std::to_string(threads) +
                            " thread(s) needs more than " + std::to_string(static_cast<long long>(kMaxWorkspaceValues)) +
                            " values of workspace; use a smaller batch_size or narrower layers");
    const auto count = static_cast<std::size_t>(threads);
    if (workers.empty() || workers[0].stack.size() != layers.size()) workers.clear();
    if (workers.empty()) {
      workers.emplace_back();
      for (auto& layer : layers) workers[0].stack.push_back(layer.get());
    }
    workers[0].params.clear();
    for (auto* layer : workers[0].stack)
      for (const auto& prm : layer->parameters()) workers[0].params.push_back(prm);
    while (workers.size() < count) {
      Worker<T> w;
      for (auto& layer : layers) {
        w.replicas.push_back(layer->replica());
        w.stack.push_back(w.replicas.back().get());
      }
      for (auto* layer : w.stack)
        for (const auto& prm : layer->parameters()) w.params.push_back(prm);
      workers.push_back(std::move(w));
    }
    for (std::size_t t = 0; t < count; ++t) workers[t].reserve(rows, p, target_cols, k);
    loss_part.assign(count, 0.0);
    pen_part.assign(count, 0.0);
    correct_part.assign(count, 0);
  }
  // Replicas must be remade after the layers change (build, load, compile).
  void invalidate() { workers.clear(); }

  T accuracy_threshold() const { return fused_softmax ? T(0) : T(0.5); }
};

template <class T>
BasicSequential<T>::BasicSequential() : impl_(std::make_unique<Impl>()) {}
template <class T>
BasicSequential<T>::~BasicSequential() = default;
template <class T>
BasicSequential<T>::BasicSequential(BasicSequential&&) noexcept = default;
template <class T>
BasicSequential<T>& BasicSequential<T>::operator=(BasicSequential&&) noexcept = default;

template <class T>
BasicSequential<T>& BasicSequential<T>::add(const Dense& layer) {
  layer.validate();
  return add(layer.config());
}

template <class T>
BasicSequential<T>& BasicSequential<T>::add(const Dropout& layer) {
  layer.validate();
  return add(layer.config());
}

template <class T>
BasicSequential<T>& BasicSequential<T>::add(const LayerConfig& layer) {
  if (built_) throw InvalidArgument("Sequential::add: the model is already built; add layers before build / fit");
  impl_->layers.push_back(make_layer<T>(layer));
  configs_.push_back(layer);
  return *this;
}

template <class T>
void BasicSequential<T>::compile(std::unique_ptr<Optimizer<T>> optimizer, const std::string& loss) {
  if (configs_.empty()) throw InvalidArgument("Sequential::compile: the model has no layers");
  impl_->loss = make_loss<T>(loss);
  loss_name_ = loss;
  optimizer_ = std::move(optimizer);
  impl_->fused_softmax = false;
  impl_->invalidate();
  auto* last = dynamic_cast<DenseLayer<T>*>(impl_->layers.back().get());
  if (impl_->loss->takes_logits()) {
    const std::string act = last ? last->spec().activation : "";
    if (act != "softmax" && act != "linear")
      throw InvalidArgument("Sequential::compile: " + loss +
                            " needs a last Dense layer with softmax (fused) or linear (logits) activation; got " +
                            (last ? "activation " + act : "layer " + configs_.back().type));
    impl_->fused_softmax = act == "softmax";
    last->set_emit_logits(true);
  } else if (last) {
    last->set_emit_logits(false);
  }
}

template <class T>
void BasicSequential<T>::build(Index input_dim, std::uint64_t seed) {
  if (configs_.empty()) throw InvalidArgument("Sequential::build: the model has no layers");
  if (input_dim < 1) throw InvalidArgument("Sequential::build: input_dim must be >= 1; got " + std::to_string(input_dim));
  // The weights the architecture implies, counted before anything is allocated.
  double weights = 0.0;
  Index width = input_dim;
  for (const auto& c : configs_) {
    if (c.type != "dense") continue;
    const Dense d = Dense::from_config(c);
    weights += static_cast<double>(width) * static_cast<double>(d.units) + static_cast<double>(d.units);
    width = d.units;
  }
  if (weights > kMaxParameters)
    throw InvalidArgument("Sequential::build: the network would have " + std::to_string(static_cast<long long>(weights)) +
                          " weights, more than the " + std::to_string(static_cast<long long>(kMaxParameters)) +
                          " regkit allows (each needs weight, gradient and optimizer state); use narrower layers");
  Rng rng(seed);
  Index dim = input_dim;
  for (auto& layer : impl_->layers) {
    layer->build(dim, rng);
    dim = layer->output_dim();
  }
  input_dim_ = input_dim;
  impl_->k = dim;
  impl_->invalidate();
  built_ = true;
}

template <class T>
Index BasicSequential<T>::output_dim() const {
  return impl_->k;
}

template <class T>
std::vector<Parameter<T>> BasicSequential<T>::parameters() {
  if (!built_)
    throw NotFitted("Sequential: the network has no weights yet: build it (build(input_dim)) or fit it first");
  std::vector<Parameter<T>> all;
  for (std::size_t l = 0; l < impl_->layers.size(); ++l) {
    for (auto p : impl_->layers[l]->parameters()) {
      p.name = "layer_" + std::to_string(l) + "/" + p.name;
      all.push_back(p);
    }
  }
  return all;
}

template <class T>
std::vector<LayerConfig> BasicSequential<T>::layer_configs() const {
  return configs_;
}

template <class T>
Layer<T>& BasicSequential<T>::layer(std::size_t i) {
  return *impl_->layers.at(i);
}

template <class T>
std::size_t BasicSequential<T>::layer_count() const {
  return impl_->layers.size();
}

template <class T>
double BasicSequential<T>::penalty() const {
  double total = 0.0;
  const double prox = optimizer_ ? optimizer_->proximal_l1() : 0.0;
  for (auto& layer : impl_->layers) {
    for (const auto& p : layer->parameters()) {
      total += p.regularizer.value(p.value, p.size);
      if (prox > 0.0 && !p.is_bias) total += Regularizer{prox, 0.0}.value(p.value, p.size);
    }
  }
  return total;
}

namespace {

template <class T>
void check_data(const char* where, const ArrayView& x, const ArrayView& y, Index input_dim, Index k,
                Index target_cols, bool labels) {
  const std::string w(where);
  if (x.rows < 1) throw InvalidArgument(w + ": x has no rows");
  if (x.cols != input_dim)
    throw InvalidArgument(w + ": x has " + std::to_string(x.cols) + " columns but the model expects " +
                          std::to_string(input_dim) + " inputs");
  if (y.rows != x.rows)
    throw InvalidArgument(w + ": x has " + std::to_string(x.rows) + " rows but y has " + std::to_string(y.rows));
  if (y.cols != target_cols)
    throw InvalidArgument(w + ": y has " + std::to_string(y.cols) + " columns; expected " +
                          std::to_string(target_cols) + (labels ? " (class labels)" : " (one per output)"));
  if (x.type != ArrayView::Type::u8) {
    for (Index r = 0; r < x.rows; ++r)
      for (Index c = 0; c < x.cols; ++c)
        if (!std::isfinite(x.at(r, c)))
          throw InvalidArgument(w + ": x has a non-finite value at row " + std::to_string(r + 1) + ", column " +
                                std::to_string(c + 1) + " (1-based, as core/check.hpp)");
  }
  for (Index r = 0; r < y.rows; ++r) {
    for (Index c = 0; c < y.cols; ++c) {
      const double v = y.at(r, c);
      if (!std::isfinite(v))
        throw InvalidArgument(w + ": y has a non-finite value at row " + std::to_string(r + 1));
      if (labels && (v != std::floor(v) || v < 0 || v >= static_cast<double>(k)))
        throw InvalidArgument(w + ": label " + check::str(v) + " at row " + std::to_string(r + 1) +
                              " is not a class index in [0, " + std::to_string(k) + ")");
    }
  }
}

}  // namespace

// ---- checkpoints ---------------------------------------------------------------------

namespace {

template <class T>
io::TensorType scalar_type() {
  return sizeof(T) == 4 ? io::TensorType::f32 : io::TensorType::f64;
}

template <class V>
io::Tensor flat_tensor(io::TensorType type, const V* data, std::size_t count) {
  io::Tensor t;
  t.dtype = type;
  t.shape = {static_cast<std::int64_t>(count)};
  t.bytes.resize(count * sizeof(V));
  if (count > 0) std::memcpy(t.bytes.data(), data, t.bytes.size());
  return t;
}

// A flat tensor of `type` read back as V values; `expected` < 0: any length.
template <class V>
std::vector<V> flat_values(const io::TensorFile& file, const std::string& name, io::TensorType type,
                           std::int64_t expected) {
  const io::Tensor& t = file.tensor(name);
  if (t.dtype != type || io::tensor_type_size(type) != sizeof(V))
    throw DataError(file.source + ": checkpoint tensor '" + name + "' has type " + io::tensor_type_name(t.dtype) +
                    "; expected " + io::tensor_type_name(type));
  if (expected >= 0 && t.size() != expected)
    throw DataError(file.source + ": checkpoint tensor '" + name + "' has " + std::to_string(t.size()) +
                    " values; expected " + std::to_string(expected));
  std::vector<V> v(static_cast<std::size_t>(t.size()));
  if (!v.empty()) std::memcpy(v.data(), t.bytes.data(), t.bytes.size());
  return v;
}

// An integer metadata entry of a checkpoint; DataError when it is not one.
long long meta_integer(const io::TensorFile& file, const std::string& key) {
  const std::string& text = file.meta(key);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < 0 || value > (1LL << 53))
    throw DataError(file.source + ": checkpoint metadata '" + key + "' is not a count: '" + text.substr(0, 40) + "'");
  return value;
}

// The shortest decimal text that reads back as v (exact, and readable in messages).
std::string exact(double v) {
  char buf[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v || std::isnan(v)) break;
  }
  return buf;
}

// CRC-32 of an array's values (its type, shape and bytes): the checkpoint's record of
// the data it was trained on, so that a resume on other data of the same shape is refused.
std::string content_crc(const ArrayView& v) {
  const std::size_t width = v.type == ArrayView::Type::u8 ? 1 : v.type == ArrayView::Type::f32 ? 4 : 8;
  const std::string shape = std::to_string(width) + ":" + std::to_string(v.rows) + "x" + std::to_string(v.cols) + ":" +
                            exact(v.scale);
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(shape.data()), static_cast<uInt>(shape.size()));
  const auto* bytes = static_cast<const unsigned char*>(v.data);
  std::size_t left = static_cast<std::size_t>(v.rows) * static_cast<std::size_t>(v.cols) * width;
  while (left > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(left, std::size_t{1} << 30));
    crc = crc32(crc, bytes, piece);
    bytes += piece;
    left -= piece;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08lx", static_cast<unsigned long>(crc));
  return buf;
}

constexpr const char* kHistoryFields[] = {"loss", "accuracy", "penalty", "val_loss", "val_accuracy", "seconds"};

std::vector<double>& history_field(History& h, const std::string& name) {
  if (name == "loss") return h.loss;
  if (name == "accuracy") return h.accuracy;
  if (name == "penalty") return h.penalty;
  if (name == "val_loss") return h.val_loss;
  if (name == "val_accuracy") return h.val_accuracy;
  return h.seconds;
}

}  // namespace

template <class T>
History BasicSequential<T>::fit(const ArrayView& x_all, const ArrayView& y_all, const FitOptions& options) {
  options.validate();
  if (!impl_->loss) throw InvalidArgument("Sequential::fit: compile the model (optimizer and loss) first");
  if (!optimizer_) throw InvalidArgument("Sequential::fit: the model has no optimizer; compile it with one");
  if (!built_) build(x_all.cols, options.seed);
  Impl& m = *impl_;
  const bool labels = m.loss->takes_logits();
  m.target_cols = m.loss->target_cols(m.k);
  check_data<T>("Sequential::fit", x_all, y_all, input_dim_, m.k, m.target_cols, labels);

  // Training and validation sets (validation_split: the last fraction, before shuffling).
  ArrayView x = x_all, y = y_all;
  std::optional<ValidationData> validation = options.validation_data;
  if (options.validation_split > 0.0) {
    const Index split = static_cast<Index>(static_cast<double>(x_all.rows) * (1.0 - options.validation_split));
    if (split < 1 || split >= x_all.rows)
      throw InvalidArgument("Sequential::fit: validation_split " + check::str(options.validation_split) +
                            " leaves no training or no validation rows of " + std::to_string(x_all.rows));
    x = x_all.slice(0, split);
    y = y_all.slice(0, split);
    validation = ValidationData{x_all.slice(split, x_all.rows), y_all.slice(split, y_all.rows)};
  } else if (validation) {
    check_data<T>("Sequential::fit (validation_data)", validation->x, validation->y, input_dim_, m.k,
                  m.target_cols, labels);
  }

  const Index n = x.rows, p = input_dim_, bs = std::min(options.batch_size, n);
  int threads = team_size(options.threads);
  if (options.threads == 0) {
    // A thread's share of a step should dwarf the two barriers it costs: about 4 MFLOP
    // (forward 2 in*out + backward about 4 in*out per row and layer).
    double flops = 0.0;
    for (const auto& prm : parameters()) flops += prm.is_bias ? 0.0 : 6.0 * static_cast<double>(prm.size);
    flops *= static_cast<double>(bs);
    threads = static_cast<int>(std::clamp(flops / 4e6, 1.0, static_cast<double>(threads)));
  }
  BlasThreadsGuard blas(options.blas_threads);
  const Index batches = (n + bs - 1) / bs;
  const bool by_columns = options.split == Split::columns;
  int chunks = by_columns ? 1 : options.batch_chunks > 0 ? options.batch_chunks : threads;

  // The run's identity: a checkpoint is resumed only by a fit with the same values.
  std::map<std::string, std::string> identity = {
      {"architecture", architecture_json()},
      {"optimizer", optimizer_->name()},
      {"learning_rate", exact(optimizer_->learning_rate())},
      {"proximal_l1", exact(optimizer_->proximal_l1())},
      {"batch_size", std::to_string(bs)},
      {"seed", std::to_string(options.seed)},
      {"shuffle", options.shuffle ? "true" : "false"},
      {"split", by_columns ? "columns" : "rows"},
      {"train_rows", std::to_string(n)},
      {"scalar", sizeof(T) == 4 ? "float32" : "float64"}};
  if (!options.checkpoint.empty()) {
    for (const auto& [key, value] : optimizer_->settings()) identity["optimizer/" + key] = exact(value);
    identity["training_data"] = content_crc(x) + "/" + content_crc(y);
    identity["validation_data"] = validation ? content_crc(validation->x) + "/" + content_crc(validation->y) : "none";
  }
  std::optional<io::TensorFile> resume_from;
  if (options.resume && std::filesystem::exists(options.checkpoint)) {
    resume_from = io::load_tensor_file(options.checkpoint);
    const io::TensorFile& ck = *resume_from;
    if (ck.metadata.count("format") == 0 || ck.meta("format") != "regkit-checkpoint")
      throw DataError(options.checkpoint + ": not a regkit training checkpoint (metadata format is not "
                                           "'regkit-checkpoint')");
    for (const auto& [key, value] : identity) {
      const std::string& saved = ck.meta(key);
      if (saved != value)
        throw InvalidArgument("checkpoint " + options.checkpoint + " was made with " + key + " " +
                              (key == "architecture" ? "\n  " : "") + saved + (key == "architecture" ? "\n" : "") +
                              "; this fit has " + value +
                              " (resume with the same settings, or start a new checkpoint)");
    }
    const long long saved_epoch = meta_integer(ck, "epoch");
    if (saved_epoch > options.epochs)
      throw InvalidArgument("checkpoint " + options.checkpoint + " is at epoch " +
                            std::to_string(saved_epoch) + ", past the " + std::to_string(options.epochs) +
                            " epochs asked for: nothing to resume (ask for at least " + std::to_string(saved_epoch) +
                            " epochs, or start a new checkpoint)");
    const int saved_chunks = static_cast<int>(std::min(meta_integer(ck, "chunks"), 1LL << 20));
    if (!by_columns) {
      if (options.batch_chunks > 0 && options.batch_chunks != saved_chunks)
        throw InvalidArgument("Sequential::fit: checkpoint " + options.checkpoint + " was made with batch_chunks " +
                              std::to_string(saved_chunks) + "; this fit has " +
                              std::to_string(options.batch_chunks));
      chunks = saved_chunks;
    }
  }
  m.prepare(chunks, (bs + chunks - 1) / chunks, p);
  const auto partials = static_cast<std::size_t>(std::max(chunks, threads));
  m.loss_part.assign(partials, 0.0);
  m.correct_part.assign(partials, 0);
  // Pieces of the parameters for the gradient sum + update phase (fixed, so the penalty
  // sums in a fixed order whatever the thread count).
  constexpr Index piece_size = 4096;
  struct Piece {
    std::size_t param;
    Index begin, end;
  };
  std::vector<Piece> pieces;
  for (std::size_t pi = 0; pi < m.workers[0].params.size(); ++pi)
    for (Index b0 = 0; b0 < m.workers[0].params[pi].size; b0 += piece_size)
      pieces.push_back({pi, b0, std::min(m.workers[0].params[pi].size, b0 + piece_size)});
  std::vector<double> piece_penalty(pieces.size(), 0.0);
  m.order.resize(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) m.order[static_cast<std::size_t>(i)] = i;
  Rng shuffle_rng(splitmix64(options.seed ^ 0x5eed5eed5eedULL));
  const std::vector<Parameter<T>> params = m.workers[0].params;  // a copy: workers may grow
  const std::uint64_t dropout_seed = splitmix64(options.seed);

  History history;
  std::vector<std::vector<T>> best_weights;
  double best = std::numeric_limits<double>::quiet_NaN();
  int wait = 0;
  const bool maximize = options.early_stopping && options.early_stopping->monitor.find("accuracy") != std::string::npos;

  auto write_checkpoint = [&](int epoch) {
    io::TensorFile ck;
    ck.metadata = identity;
    ck.metadata["format"] = "regkit-checkpoint";
    ck.metadata["format_version"] = "2";  // 2: with a checksum
    ck.metadata["epoch"] = std::to_string(epoch);
    ck.metadata["chunks"] = std::to_string(chunks);
    ck.metadata["best_epoch"] = std::to_string(history.best_epoch);
    ck.metadata["stopped_early"] = history.stopped_early ? "true" : "false";
    ck.metadata["wait"] = std::to_string(wait);
    const io::TensorType st = scalar_type<T>();
    for (std::size_t i = 0; i < params.size(); ++i)
      ck.tensors["weights/" + std::to_string(i)] = flat_tensor(st, params[i].value, static_cast<std::size_t>(params[i].size));
    const OptimizerState<T> os = optimizer_->state(params);
    ck.metadata["optimizer_iterations"] = std::to_string(os.iterations);
    for (std::size_t i = 0; i < os.buffers.size(); ++i) {
      ck.metadata["optimizer_state/" + std::to_string(i)] = os.buffers[i].empty() ? "none" : "some";
      for (const auto& [key, values] : os.buffers[i])
        ck.tensors["optimizer/" + std::to_string(i) + "/" + key] = flat_tensor(st, values.data(), values.size());
    }
    const auto rng = shuffle_rng.state();
    ck.tensors["rng/shuffle"] = flat_tensor(io::TensorType::i64, rng.data(), rng.size());
    std::vector<std::int64_t> order(m.order.begin(), m.order.end());
    ck.tensors["order"] = flat_tensor(io::TensorType::i64, order.data(), order.size());
    for (const char* field : kHistoryFields) {
      const auto& v = history_field(history, field);
      ck.tensors[std::string("history/") + field] = flat_tensor(io::TensorType::f64, v.data(), v.size());
    }
    ck.tensors["early_stopping/best"] = flat_tensor(io::TensorType::f64, &best, 1);
    for (std::size_t i = 0; i < best_weights.size(); ++i)
      ck.tensors["early_stopping/best_weights/" + std::to_string(i)] =
          flat_tensor(st, best_weights[i].data(), best_weights[i].size());
    io::save_tensor_file(options.checkpoint, ck);
  };

  int first_epoch = 1;
  if (resume_from) {
    const io::TensorFile& ck = *resume_from;
    const io::TensorType st = scalar_type<T>();
    const int saved_epoch = static_cast<int>(std::min(meta_integer(ck, "epoch"), 1LL << 30));
    std::vector<std::vector<T>> weights;
    for (std::size_t i = 0; i < params.size(); ++i)
      weights.push_back(flat_values<T>(ck, "weights/" + std::to_string(i), st, params[i].size));
    OptimizerState<T> os;
    os.optimizer = ck.meta("optimizer");
    os.iterations = meta_integer(ck, "optimizer_iterations");
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::map<std::string, std::vector<T>> b;
      if (ck.meta("optimizer_state/" + std::to_string(i)) != "none") {
        const std::string prefix = "optimizer/" + std::to_string(i) + "/";
        for (auto it = ck.tensors.lower_bound(prefix); it != ck.tensors.end() && it->first.rfind(prefix, 0) == 0; ++it)
          b[it->first.substr(prefix.size())] = flat_values<T>(ck, it->first, st, -1);
      }
      os.buffers.push_back(std::move(b));
    }
    const auto rng = flat_values<std::uint64_t>(ck, "rng/shuffle", io::TensorType::i64, 4);
    const auto order = flat_values<std::int64_t>(ck, "order", io::TensorType::i64, n);
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    for (const auto i : order) {
      if (i < 0 || i >= n || seen[static_cast<std::size_t>(i)])
        throw DataError(ck.source + ": the checkpoint's sample order is not a permutation of 0.." + std::to_string(n - 1));
      seen[static_cast<std::size_t>(i)] = 1;
    }
    History saved;
    for (const char* field : kHistoryFields) {
      history_field(saved, field) = flat_values<double>(ck, std::string("history/") + field, io::TensorType::f64, saved_epoch);
    }
    const auto saved_best = flat_values<double>(ck, "early_stopping/best", io::TensorType::f64, 1);
    std::vector<std::vector<T>> saved_best_weights;
    if (ck.tensors.count("early_stopping/best_weights/0"))
      for (std::size_t i = 0; i < params.size(); ++i)
        saved_best_weights.push_back(
            flat_values<T>(ck, "early_stopping/best_weights/" + std::to_string(i), st, params[i].size));
    // Everything read and checked: now change the model.
    optimizer_->set_state(params, os);
    for (std::size_t i = 0; i < params.size(); ++i) std::copy(weights[i].begin(), weights[i].end(), params[i].value);
    shuffle_rng.set_state({rng[0], rng[1], rng[2], rng[3]});
    std::copy(order.begin(), order.end(), m.order.begin());
    history = std::move(saved);
    history.best_epoch = static_cast<int>(std::min(meta_integer(ck, "best_epoch"), 1LL << 30));
    history.stopped_early = ck.meta("stopped_early") == "true";
    wait = static_cast<int>(std::min(meta_integer(ck, "wait"), 1LL << 30));
    best = saved_best[0];
    best_weights = std::move(saved_best_weights);
    first_epoch = history.stopped_early ? options.epochs + 1 : saved_epoch + 1;
  }

  for (int epoch = first_epoch; epoch <= options.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    m.prepare(chunks, (bs + chunks - 1) / chunks, p);  // evaluate() may have resized the partials
    m.loss_part.assign(partials, 0.0);
    m.correct_part.assign(partials, 0);
    if (options.shuffle)
      for (Index i = n - 1; i > 0; --i)
        std::swap(m.order[static_cast<std::size_t>(i)],
                  m.order[static_cast<std::size_t>(shuffle_rng.below(static_cast<std::uint64_t>(i + 1)))]);

    double loss_sum = 0.0, penalty_sum = 0.0;
    Index correct = 0;
    Index failed_batch = -1;
    Index interrupted_batch = -1;
    double failed_loss = 0.0;
    const std::uint64_t step0 = static_cast<std::uint64_t>(optimizer_->iterations());

    // Data-parallel step. The batch is cut into `chunks` fixed row blocks, each run
    // through its own layer stack (worker) into its own gradients; the threads share the
    // chunks, meet at a barrier, then share fixed pieces of the parameters, where each
    // sums the chunks' gradients in chunk order and applies the optimizer; a second
    // barrier publishes the new weights. Nothing depends on which thread did what, so
    // the weights are the same for 1 or `threads` threads (for a given chunk count).
    auto run = [&](const Team& team, Index batch_begin, Index batch_end) {
      const Index k = m.k;
      const auto nchunks = static_cast<Index>(chunks);
      for (Index bi = batch_begin; bi < batch_end; ++bi) {
        const Index first = bi * bs, b = std::min(bs, n - first);
        const Pass base{true, step0 + static_cast<std::uint64_t>(bi), dropout_seed, Team{0, 1}, 0};
        if (by_columns) {
          // One stack; every layer splits its columns among the team (dense.hpp), the
          // batch copy and the loss split rows.
          Worker<T>& w = m.workers[0];
          const auto [r0, r1] = team.share(b, 1);
          x.gather(m.order.data() + first + r0, r1 - r0, w.xb.data() + r0 * p);
          y.gather(m.order.data() + first + r0, r1 - r0, w.yb.data() + r0 * m.target_cols);
          team.barrier();
          Pass pass = base;
          pass.team = team;
          const T* out = w.forward(w.xb.data(), b, pass);
          const auto sr = static_cast<std::size_t>(team.rank);
          m.loss_part[sr] = m.loss->forward_backward(out, w.yb.data(), b, k, r0, r1, w.grad.data());
          m.correct_part[sr] = count_correct(out, w.yb.data(), k, r0, r1, m.accuracy_threshold());
          team.barrier();
          w.backward(b, pass);
        } else {
          for (Index c = team.rank; c < nchunks; c += team.size) {
            Worker<T>& w = m.workers[static_cast<std::size_t>(c)];
            const auto [r0, r1] = Team{static_cast<int>(c), chunks}.share(b, 1);
            const Index rows = r1 - r0;
            x.gather(m.order.data() + first + r0, rows, w.xb.data());
            y.gather(m.order.data() + first + r0, rows, w.yb.data());
            Pass pass = base;
            pass.row0 = r0;
            const T* out = w.forward(w.xb.data(), rows, pass);
            m.loss_part[static_cast<std::size_t>(c)] =
                m.loss->forward_backward(out, w.yb.data(), b, k, 0, rows, w.grad.data());
            m.correct_part[static_cast<std::size_t>(c)] = count_correct(out, w.yb.data(), k, 0, rows, m.accuracy_threshold());
            w.backward(rows, pass);
          }
        }
        // A stop request (Ctrl-C) is seen by rank 0 here, before this batch's update:
        // every thread leaves after the barrier, the weights as of the last whole step.
        if (team.rank == 0) {
          if (interrupt_requested())
            interrupted_batch = bi;
          else
            optimizer_->begin_step(params);
        }
        team.barrier();
        if (interrupted_batch >= 0) return false;
        double batch_loss = 0.0;
        for (double part : m.loss_part) batch_loss += part;
        batch_loss /= static_cast<double>(b);
        // Read the chunks' correct counts here, between the barriers: after the second
        // barrier another thread may already be writing the next batch's counts.
        Index batch_correct = 0;
        for (Index c : m.correct_part) batch_correct += c;
        if (!std::isfinite(batch_loss)) {  // every thread sees the same value and stops here
          if (team.rank == 0) {
            failed_batch = bi;
            failed_loss = batch_loss;
          }
          return false;
        }
        const auto [q0, q1] = team.share(static_cast<Index>(pieces.size()), 1);
        for (Index q = q0; q < q1; ++q) {
          const Piece& piece = pieces[static_cast<std::size_t>(q)];
          const Parameter<T>& prm = params[piece.param];
          for (std::size_t c = 1; c < static_cast<std::size_t>(chunks); ++c) {
            const T* other = m.workers[c].params[piece.param].grad;
            for (Index i = piece.begin; i < piece.end; ++i) prm.grad[i] += other[i];
          }
          piece_penalty[static_cast<std::size_t>(q)] = optimizer_->update(prm, piece.begin, piece.end);
        }
        team.barrier();
        if (team.rank == 0) {
          double batch_penalty = 0.0;
          for (double part : piece_penalty) batch_penalty += part;
          loss_sum += (batch_loss + batch_penalty) * static_cast<double>(b);
          penalty_sum += batch_penalty * static_cast<double>(b);
          correct += batch_correct;
        }
      }
      return true;
    };
    auto run_team = [&](int team_threads, Index batch_begin, Index batch_end) {
      std::fill(m.loss_part.begin(), m.loss_part.end(), 0.0);  // partials a smaller team leaves unwritten
      std::fill(m.correct_part.begin(), m.correct_part.end(), Index{0});
      if (team_threads == 1) {
        run(Team{0, 1}, batch_begin, batch_end);
      } else {
#pragma omp parallel num_threads(team_threads)
        run(Team{omp_get_thread_num(), omp_get_num_threads()}, batch_begin, batch_end);
      }
    };
    // Adaptive team: when other processes share the cores, a thread waiting at a
    // barrier for a descheduled partner loses whole time slices, and one thread is
    // faster. fit times a probe of steps on one thread and on the team, runs segments of
    // steps on the faster, and probes again when a segment runs much slower than the
    // probe said (the load changed). The weights do not depend on the choice.
    using clock = std::chrono::steady_clock;
    const bool adaptive = options.adaptive_threads && !by_columns && threads > 1 && batches >= 64;
    constexpr Index probe_steps = 12, segment_steps = 64;
    Index next = 0;
    int use = threads;
    bool probe_now = adaptive;
    double reference = 0.0;  // seconds per step expected for `use`
    while (next < batches && failed_batch < 0 && interrupted_batch < 0) {
      if (probe_now && batches - next >= 2 * probe_steps) {
        const auto t0 = clock::now();
        run_team(1, next, next + probe_steps);
        const auto t1 = clock::now();
        if (failed_batch >= 0 || interrupted_batch >= 0) break;
        run_team(threads, next + probe_steps, next + 2 * probe_steps);
        const auto t2 = clock::now();
        next += 2 * probe_steps;
        const double one = std::chrono::duration<double>(t1 - t0).count();
        const double team = std::chrono::duration<double>(t2 - t1).count();
        use = one < team ? 1 : threads;
        reference = std::min(one, team) / static_cast<double>(probe_steps);
        probe_now = false;
        continue;
      }
      const Index end = adaptive ? std::min(batches, next + segment_steps) : batches;
      const auto t0 = clock::now();
      run_team(use, next, end);
      const double per_step =
          std::chrono::duration<double>(clock::now() - t0).count() / static_cast<double>(end - next);
      next = end;
      if (adaptive && per_step > 1.5 * reference) probe_now = true;
    }
    last_threads_used_ = use;
    if (interrupted_batch >= 0)
      throw Interrupted("Sequential::fit: interrupted at epoch " + std::to_string(epoch) + ", batch " +
                        std::to_string(interrupted_batch + 1) + " of " + std::to_string(batches) +
                        "; the network keeps the weights of its last whole step" +
                        (options.checkpoint.empty() ? std::string() : ", the checkpoint its last whole epoch"));
    if (failed_batch >= 0)
      throw NumericalError("Sequential::fit: loss became " + std::string(std::isnan(failed_loss) ? "NaN" : "inf") +
                           " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(failed_batch + 1) +
                           " of " + std::to_string(batches) +
                           "; try a smaller learning rate, inputs scaled to a small range, or a stronger penalty");

    EpochLog log;
    log.epoch = epoch;
    log.epochs = options.epochs;
    log.loss = loss_sum / static_cast<double>(n);
    log.penalty = penalty_sum / static_cast<double>(n);
    log.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    log.val_loss = log.val_accuracy = std::numeric_limits<double>::quiet_NaN();
    if (validation) {
      const Evaluation e = evaluate(validation->x, validation->y, bs, threads);
      log.val_loss = e.loss;
      log.val_accuracy = e.accuracy;
      log.has_validation = true;
    }
    log.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    history.append(log);
    history.best_epoch = epoch;
    if (options.on_epoch_end) options.on_epoch_end(log);

    if (options.early_stopping) {
      const EarlyStopping& es = *options.early_stopping;
      if (es.monitor.rfind("val_", 0) == 0 && !validation)
        throw InvalidArgument("EarlyStopping: monitor '" + es.monitor + "' needs validation data");
      const double value = monitor_value(log, es.monitor);
      const bool improved = std::isnan(best) || (maximize ? value > best + es.min_delta : value < best - es.min_delta);
      // best_seen (scikit-learn): the reference follows every better value.
      if (!improved && es.rule == StoppingRule::best_seen && (maximize ? value > best : value < best))
        best = value;
      if (improved) {
        best = value;
        wait = 0;
        history.best_epoch = epoch;
        if (es.restore_best_weights) {
          best_weights.clear();
          for (const auto& prm : params) best_weights.emplace_back(prm.value, prm.value + prm.size);
        }
      } else {
        ++wait;
        if (es.restore_best_weights) history.best_epoch = epoch - wait;
        if (wait >= es.patience) history.stopped_early = true;
      }
    }
    if (!options.checkpoint.empty() &&
        (epoch % options.checkpoint_every == 0 || epoch == options.epochs || history.stopped_early))
      write_checkpoint(epoch);
    if (history.stopped_early) break;
  }
  if (options.early_stopping && options.early_stopping->restore_best_weights && !best_weights.empty()) {
    for (std::size_t i = 0; i < params.size(); ++i)
      std::copy(best_weights[i].begin(), best_weights[i].end(), params[i].value);
  }
  return history;
}

template <class T>
Evaluation BasicSequential<T>::evaluate(const ArrayView& x, const ArrayView& y, Index batch_size, int threads_wanted) {
  if (!built_ || !impl_->loss) throw NotFitted("Sequential::evaluate: the model is not built and compiled");
  if (batch_size < 1) throw InvalidArgument("Sequential::evaluate: batch_size must be >= 1");
  check::thread_count("Sequential::evaluate", "threads", threads_wanted);
  Impl& m = *impl_;
  m.target_cols = m.loss->target_cols(m.k);
  check_data<T>("Sequential::evaluate", x, y, input_dim_, m.k, m.target_cols, m.loss->takes_logits());
  const int threads = team_size(threads_wanted);
  const Index n = x.rows, p = input_dim_, bs = std::min(batch_size, n);
  m.prepare(threads, bs, p);
  // Each thread evaluates a contiguous block of rows on its own stack; sums in rank order.
  auto run = [&](const Team& team) {
    const auto sr = static_cast<std::size_t>(team.rank);
    Worker<T>& w = m.workers[sr];
    const auto [begin, end] = team.share(n, 1);
    std::vector<Index> rows(static_cast<std::size_t>(bs));
    double loss_sum = 0.0;
    Index correct = 0;
    for (Index first = begin; first < end; first += bs) {
      const Index b = std::min(bs, end - first);
      for (Index r = 0; r < b; ++r) rows[static_cast<std::size_t>(r)] = first + r;
      x.gather(rows.data(), b, w.xb.data());
      y.gather(rows.data(), b, w.yb.data());
      const T* out = w.forward(w.xb.data(), b, Pass{false, 0, 0, Team{0, 1}, 0});
      loss_sum += m.loss->value(out, w.yb.data(), m.k, 0, b);
      correct += count_correct(out, w.yb.data(), m.k, 0, b, m.accuracy_threshold());
    }
    m.loss_part[sr] = loss_sum;
    m.correct_part[sr] = correct;
  };
  if (threads == 1) {
    run(Team{0, 1});
  } else {
#pragma omp parallel num_threads(threads)
    run(Team{omp_get_thread_num(), omp_get_num_threads()});
  }
  double loss_sum = 0.0;
  Index correct = 0;
  for (double part : m.loss_part) loss_sum += part;
  for (Index c : m.correct_part) correct += c;
  Evaluation e;
  e.penalty = penalty();
  e.loss = loss_sum / static_cast<double>(n) + e.penalty;
  e.accuracy = static_cast<double>(correct) / static_cast<double>(n);
  return e;
}

template <class T>
RowMatrix<T> BasicSequential<T>::predict(const ArrayView& x, Index batch_size, int threads_wanted) {
  if (!built_) throw NotFitted("Sequential::predict: the model is not built");
  if (batch_size < 1) throw InvalidArgument("Sequential::predict: batch_size must be >= 1");
  check::thread_count("Sequential::predict", "threads", threads_wanted);
  if (x.cols != input_dim_)
    throw InvalidArgument("Sequential::predict: x has " + std::to_string(x.cols) + " columns but the model expects " +
                          std::to_string(input_dim_) + " inputs");
  Impl& m = *impl_;
  if (m.target_cols == 0) m.target_cols = m.loss ? m.loss->target_cols(m.k) : m.k;
  const int threads = team_size(threads_wanted);
  const Index n = x.rows, p = input_dim_, k = m.k, bs = std::min(batch_size, std::max<Index>(n, 1));
  m.prepare(threads, bs, p);
  RowMatrix<T> result(n, k);
  const Softmax<T> softmax;
  auto run = [&](const Team& team) {
    Worker<T>& w = m.workers[static_cast<std::size_t>(team.rank)];
    const auto [begin, end] = team.share(n, 1);
    std::vector<Index> rows(static_cast<std::size_t>(bs));
    for (Index first = begin; first < end; first += bs) {
      const Index b = std::min(bs, end - first);
      for (Index r = 0; r < b; ++r) rows[static_cast<std::size_t>(r)] = first + r;
      x.gather(rows.data(), b, w.xb.data());
      const T* out = w.forward(w.xb.data(), b, Pass{false, 0, 0, Team{0, 1}, 0});
      T* dst = result.data() + first * k;
      std::memcpy(dst, out, static_cast<std::size_t>(b * k) * sizeof(T));
      if (m.fused_softmax) softmax.forward(dst, nullptr, b, k, 0, k);
    }
  };
  if (threads == 1) {
    run(Team{0, 1});
  } else {
#pragma omp parallel num_threads(threads)
    run(Team{omp_get_thread_num(), omp_get_num_threads()});
  }
  return result;
}

template <class T>
double BasicSequential<T>::compute_gradients(const ArrayView& x, const ArrayView& y) {
  if (!built_ || !impl_->loss) throw NotFitted("Sequential::compute_gradients: the model is not built and compiled");
  Impl& m = *impl_;
  m.target_cols = m.loss->target_cols(m.k);
  check_data<T>("Sequential::compute_gradients", x, y, input_dim_, m.k, m.target_cols, m.loss->takes_logits());
  const Index n = x.rows;
  m.prepare(1, n, input_dim_);
  Worker<T>& w = m.workers[0];
  std::vector<Index> rows(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = i;
  x.gather(rows.data(), n, w.xb.data());
  y.gather(rows.data(), n, w.yb.data());
  const Pass pass{true, 0, 0, Team{0, 1}, 0};
  const T* out = w.forward(w.xb.data(), n, pass);
  const double loss = m.loss->forward_backward(out, w.yb.data(), n, m.k, 0, n, w.grad.data());
  w.backward(n, pass);
  return loss / static_cast<double>(n);
}

// ---- model files ---------------------------------------------------------------------

namespace {

template <class T>
io::TensorType dtype_of() {
  return sizeof(T) == 4 ? io::TensorType::f32 : io::TensorType::f64;
}

}  // namespace

template <class T>
std::string BasicSequential<T>::architecture_json() const {
  nlohmann::ordered_json arch;
  arch["input_dim"] = input_dim_;
  arch["loss"] = loss_name_;
  arch["layers"] = nlohmann::ordered_json::array();
  for (const auto& c : configs_) {
    nlohmann::ordered_json layer;
    layer["type"] = c.type;
    layer["config"] = c.values;
    arch["layers"].push_back(layer);
  }
  return arch.dump();
}

template <class T>
void BasicSequential<T>::save(const std::string& path) const {
  if (!built_) throw NotFitted("Sequential::save: the model is not built");
  io::TensorFile file;
  file.metadata["format"] = "regkit-model";
  file.metadata["format_version"] = "2";  // 2: with a checksum
  file.metadata["kind"] = "nn";
  file.metadata["scalar"] = sizeof(T) == 4 ? "float32" : "float64";
  file.metadata["architecture"] = architecture_json();
  for (const auto& [key, value] : metadata) file.metadata["meta." + key] = value;
  for (std::size_t l = 0; l < impl_->layers.size(); ++l) {
    for (const auto& p : impl_->layers[l]->parameters()) {
      io::Tensor t;
      t.dtype = dtype_of<T>();
      t.shape = p.is_bias ? std::vector<std::int64_t>{p.size} : std::vector<std::int64_t>{p.rows, p.cols};
      t.bytes.resize(static_cast<std::size_t>(p.size) * sizeof(T));
      std::memcpy(t.bytes.data(), p.value, t.bytes.size());
      file.tensors["layer_" + std::to_string(l) + "/" + p.name] = std::move(t);
    }
  }
  io::save_tensor_file(path, file);
}

template <class T>
BasicSequential<T> BasicSequential<T>::load(const std::string& path) {
  const io::TensorFile file = io::load_tensor_file(path);
  if (file.metadata.count("kind") == 0 || file.meta("kind") != "nn")
    throw DataError(path + ": not a neural-network model file (metadata kind is not 'nn')");
  nlohmann::json arch;
  try {
    arch = nlohmann::json::parse(file.meta("architecture"));
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path + ": the architecture metadata is not valid JSON: " + e.what());
  }
  BasicSequential model;
  try {
    for (const auto& layer : arch.at("layers")) {
      LayerConfig c;
      c.type = layer.at("type").get<std::string>();
      c.values = layer.at("config").get<std::map<std::string, std::string>>();
      model.add(c);
    }
    const std::string loss = arch.at("loss").get<std::string>();
    if (!loss.empty()) model.compile(nullptr, loss);
    const auto& dim_json = arch.at("input_dim");
    if (!dim_json.is_number_integer() || dim_json.get<std::int64_t>() < 1 || dim_json.get<std::int64_t>() > 2147483647)
      throw DataError(path + ": the architecture's input_dim must be an integer in [1, 2147483647]; got " +
                      dim_json.dump().substr(0, 40));
    // Every weight tensor the architecture implies must be in the file with its shape
    // BEFORE build allocates it: the file's size then bounds what loading allocates.
    std::int64_t dim = dim_json.get<std::int64_t>();
    for (std::size_t l = 0; l < model.configs_.size(); ++l) {
      const LayerConfig& c = model.configs_[l];
      if (c.type != "dense") continue;
      const Dense d = Dense::from_config(c);
      const auto expect = [&](const std::string& name, const std::vector<std::int64_t>& shape) {
        const io::Tensor& t = file.tensor("layer_" + std::to_string(l) + "/" + name);
        if (t.shape != shape) {
          std::string want = std::to_string(shape[0]);
          for (std::size_t i = 1; i < shape.size(); ++i) want += " x " + std::to_string(shape[i]);
          throw DataError(path + ": tensor 'layer_" + std::to_string(l) + "/" + name + "' has " +
                          std::to_string(t.size()) + " values; the architecture needs " + want);
        }
      };
      expect("kernel", {dim, static_cast<std::int64_t>(d.units)});
      if (d.use_bias) expect("bias", {static_cast<std::int64_t>(d.units)});
      dim = d.units;
    }
    model.build(dim_json.get<Index>(), 0);
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path + ": the architecture metadata is incomplete: " + e.what());
  } catch (const InvalidArgument& e) {  // a layer the file describes cannot be made
    throw DataError(path + ": the architecture is not valid: " + e.what());
  }
  for (const auto& [key, value] : file.metadata)
    if (key.rfind("meta.", 0) == 0) model.metadata[key.substr(5)] = value;
  for (std::size_t l = 0; l < model.impl_->layers.size(); ++l) {
    for (const auto& p : model.impl_->layers[l]->parameters()) {
      const std::string name = "layer_" + std::to_string(l) + "/" + p.name;
      const io::Tensor& t = file.tensor(name);
      if (t.dtype != dtype_of<T>() || t.size() != p.size)
        throw DataError(path + ": tensor '" + name + "' has " + std::to_string(t.size()) + " values of type " +
                        io::tensor_type_name(t.dtype) + "; expected " + std::to_string(p.size) + " of type " +
                        io::tensor_type_name(dtype_of<T>()));
      std::memcpy(p.value, t.bytes.data(), t.bytes.size());
      for (Index i = 0; i < p.size; ++i)
        if (!std::isfinite(p.value[i]))
          throw DataError(path + ": tensor '" + name + "' has a non-finite weight at entry " + std::to_string(i) +
                          "; the model file is damaged");
    }
  }
  return model;
}

template class BasicSequential<float>;
template class BasicSequential<double>;

}  // namespace regkit::nn
