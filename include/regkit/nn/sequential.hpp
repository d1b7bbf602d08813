// Sequential: a stack of layers trained by minibatch gradient steps, shaped like Keras:
//
//   nn::Sequential model;
//   model.add(nn::Dense{.units = 256, .activation = "elu", .kernel_initializer = "he_normal",
//                       .kernel_regularizer = nn::l2(0.001)});
//   model.add(nn::Dense{.units = 10, .activation = "softmax"});
//   model.compile(std::make_unique<nn::Adam<float>>(), "sparse_categorical_crossentropy");
//   nn::History h = model.fit(x, y, {.epochs = 30, .batch_size = 64, .seed = 42});
//
// The objective of one batch B (b rows) is the Keras one:
//   (1/b) sum_{i in B} loss(out_i, y_i) + sum over parameters of their regularizer
//   (+ c sum |kernel| with the optimizer's proximal L1, applied by its proximal step).
//
// fit is data-parallel: a batch is cut into fixed row chunks, each run forward and
// backward by its own replica of the layer stack (sharing the weights), on a team of
// `threads` OpenMP threads; the chunks' gradients are summed in a fixed order and the
// optimizer updates pieces of the parameters in parallel (two barriers per step). All
// buffers are allocated before the first batch. For a given seed and chunk count (by
// default the thread count) the weights are bit-identical run to run, whichever number
// of threads actually ran. Inputs may be uint8 (scaled when a batch is formed) or float.
// y holds class labels (one column) for sparse_categorical_crossentropy, else targets.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "regkit/nn/history.hpp"
#include "regkit/nn/layers/dense.hpp"
#include "regkit/nn/layers/dropout.hpp"
#include "regkit/nn/layers/layer.hpp"
#include "regkit/nn/losses/loss.hpp"
#include "regkit/nn/optimizers/optimizer.hpp"
#include "regkit/nn/tensor.hpp"

namespace regkit::nn {

// keras.callbacks.EarlyStopping: stop when `monitor` has not improved by more than
// min_delta for `patience` epochs; optionally restore the best epoch's weights.
// The two rules differ in what an epoch is compared with:
// - keras: the value at the last improvement (an epoch improves when it beats that by
//   more than min_delta; only then does the reference move);
// - best_seen: scikit-learn's MLP rule (tol, n_iter_no_change): the best value seen so
//   far, which moves with every better epoch, however small the gain. An epoch counts as
//   no improvement when it is not better than that best by more than min_delta.
//   MLPClassifier(tol, n_iter_no_change) is min_delta = tol, patience = n_iter_no_change + 1.
// Either way training stops after `patience` epochs in a row without improvement.
enum class StoppingRule { keras, best_seen };

struct EarlyStopping {
  std::string monitor = "val_loss";  // val_loss, val_accuracy, loss, accuracy
  int patience = 0;
  double min_delta = 0.0;
  bool restore_best_weights = false;
  StoppingRule rule = StoppingRule::keras;
};

// How a team shares a step: rows (data-parallel: each thread runs its chunk of the
// batch through its own layer stack; two barriers per step) or columns (one stack; each
// layer splits its units among the threads; a barrier per layer and pass; full-batch
// GEMMs, bit-reproducible for a given thread count; fastest on idle cores, but no
// adaptive fallback to one thread).
enum class Split { rows, columns };

struct ValidationData {
  ArrayView x, y;
};

struct FitOptions {
  int epochs = 1;
  Index batch_size = 32;            // Keras default
  std::optional<ValidationData> validation_data{};
  double validation_split = 0.0;    // else: the LAST fraction of (x, y), taken before shuffling (Keras)
  bool shuffle = true;
  std::uint64_t seed = 0;           // shuffling and dropout; also the initialization if not built yet
  int threads = 0;                  // team size; 0 = omp_get_max_threads(), fewer when a
                                    // step is too small to share (< 4 MFLOP of GEMM per thread)
  int blas_threads = 1;             // OpenBLAS threads inside each team member's GEMMs
  Split split = Split::rows;
  int batch_chunks = 0;             // rows split: row blocks a batch is cut into (one layer stack each);
                                    // 0 = the team size. The weights depend on the seed and
                                    // this count only, not on how many threads ran them.
  bool adaptive_threads = true;     // rows split: per epoch, run on one thread when that is
                                    // faster (cores shared with other processes); same weights
  std::optional<EarlyStopping> early_stopping{};
  std::function<void(const EpochLog&)> on_epoch_end{};  // progress; the library never prints
  // Checkpoints (exact resume). When `checkpoint` names a file, fit writes it atomically
  // (temporary file, fsync, rename) after every `checkpoint_every` epochs and after the
  // last: the weights, the optimizer state (momentum buffers or Adam moments, step
  // count), the shuffle generator and the sample order, the epoch, the history so far
  // and the early-stopping state. Dropout masks are a function of (seed, step count), so
  // they resume too. With `resume` and an existing file, fit continues after the saved
  // epoch up to `epochs`; the weights are then bit-identical to those of one
  // uninterrupted fit with the same data, seed and batch size (the batch split is taken
  // from the checkpoint when batch_chunks is 0). A checkpoint from another architecture,
  // loss, optimizer, learning rate, proximal L1, batch size, seed, split or training set
  // size is refused (InvalidArgument naming the setting, the saved and the given value).
  // A fit stopped by a non-finite loss writes nothing: the last good checkpoint stays.
  std::string checkpoint{};
  int checkpoint_every = 1;
  bool resume = false;
  void validate() const;
};

struct Evaluation {
  double loss = 0;      // mean data loss + penalty (as Keras's evaluate)
  double accuracy = 0;
  double penalty = 0;
};

template <class T>
class BasicSequential {
 public:
  BasicSequential();
  ~BasicSequential();
  BasicSequential(BasicSequential&&) noexcept;
  BasicSequential& operator=(BasicSequential&&) noexcept;

  BasicSequential& add(const Dense& layer);
  BasicSequential& add(const Dropout& layer);
  BasicSequential& add(const LayerConfig& layer);

  // Loss by name (losses/registry.hpp). With sparse_categorical_crossentropy the last
  // layer must be a Dense with softmax (fused) or linear (logits) activation.
  void compile(std::unique_ptr<Optimizer<T>> optimizer, const std::string& loss);
  // Creates and initializes the weights for inputs of input_dim features.
  void build(Index input_dim, std::uint64_t seed);
  bool built() const { return built_; }

  History fit(const ArrayView& x, const ArrayView& y, const FitOptions& options);
  Evaluation evaluate(const ArrayView& x, const ArrayView& y, Index batch_size = 256, int threads = 0);
  // n x k outputs (probabilities for a softmax output).
  RowMatrix<T> predict(const ArrayView& x, Index batch_size = 256, int threads = 0);

  // One forward + backward over all rows of (x, y) as a single batch, on one thread:
  // every parameter's grad then holds d(mean data loss)/d value. Returns the mean data
  // loss. For tests (gradient checks) and for callers that step the optimizer themselves.
  double compute_gradients(const ArrayView& x, const ArrayView& y);
  // Sum over parameters of their regularizer (+ proximal L1 term of the optimizer).
  double penalty() const;

  std::vector<Parameter<T>> parameters();
  std::vector<LayerConfig> layer_configs() const;
  Layer<T>& layer(std::size_t i);
  std::size_t layer_count() const;
  Index input_dim() const { return input_dim_; }
  Index output_dim() const;
  const std::string& loss_name() const { return loss_name_; }
  Optimizer<T>* optimizer() { return optimizer_.get(); }
  // Threads the last fit epoch ran on (after the adaptive choice).
  int last_threads_used() const { return last_threads_used_; }

  // Model file (io/tensor_file.hpp): metadata format "regkit-model", kind "nn",
  // "architecture" (JSON: input_dim, loss, layers); tensors "<layer>/kernel",
  // "<layer>/bias" in the scalar's dtype, bit-exact.
  // `metadata` entries are stored too (as "meta.<key>"), e.g. the input scaling the
  // network was trained with.
  void save(const std::string& path) const;
  static BasicSequential load(const std::string& path);
  std::map<std::string, std::string> metadata;

 private:
  std::string architecture_json() const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<LayerConfig> configs_;
  std::string loss_name_;
  std::unique_ptr<Optimizer<T>> optimizer_;
  Index input_dim_ = 0;
  bool built_ = false;
  int last_threads_used_ = 0;
};

using Sequential = BasicSequential<float>;

}  // namespace regkit::nn
