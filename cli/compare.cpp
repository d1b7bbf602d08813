#include "compare.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <system_error>
#include <thread>
#include <unistd.h>

#include "validators.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/core/run_spec.hpp"
#include "regkit/data/split.hpp"
#include "regkit/report/compare_report.hpp"

namespace regkit::cli {

namespace {

// Options a run may not change: every run sees the same data, split and seed.
const char* const kSharedOnly[] = {"dataset",   "data",        "format", "target",     "target-index",   "labels",
                                   "no-header", "fashion-dir", "seed",   "validation", "max-read-bytes", "threads"};
// Options of a single training that compare does not have: it writes every run's model
// and history into its folder.
const char* const kTrainOnly[] = {"out", "history", "checkpoint", "checkpoint-every", "resume"};

std::string fmt4(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4f", v);
  return b;
}

bool stderr_is_terminal() { return ::isatty(2) != 0; }

std::mutex print_mutex;

void progress(const std::string& line, bool final_line) {
  std::lock_guard<std::mutex> lock(print_mutex);
  if (stderr_is_terminal()) {
    std::cerr << "\r\033[K" << line << (final_line ? "\n" : "") << std::flush;
  } else if (final_line) {
    std::cerr << line << '\n';
  } else {
    std::cerr << line << '\n';
  }
}

// One configured run: its options after the spec was applied.
struct Configured {
  RunSpec spec;
  TrainArgs args;
  bool momentum_given = false;
};

Configured configure(const TrainArgs& base, bool base_momentum_given, const std::string& text) {
  Configured c;
  c.spec = parse_run_spec(text);
  for (const auto& [key, value] : c.spec.settings) {
    for (const char* single : kTrainOnly)
      if (key == single)
        throw InvalidArgument("run spec \"" + text + "\": --" + key +
                              " applies to train; compare writes every run's model and history into its folder");
    for (const char* shared : kSharedOnly)
      if (key == shared)
        throw InvalidArgument("run spec \"" + text + "\": --" + key +
                              " is shared by every run (same data, split and initial weights); give it outside --run");
  }
  c.args = base;
  CLI::App app{"run"};
  add_train_options(app, c.args);
  std::vector<std::string> args = c.spec.as_arguments();
  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    throw InvalidArgument("run spec \"" + text + "\": " + e.what());
  }
  c.momentum_given = base_momentum_given || app.count("--momentum") > 0;
  return c;
}

std::string describe(const RunSpec& spec) {
  std::string d;
  for (const auto& [key, value] : spec.settings) d += (d.empty() ? "" : ", ") + key + (value.empty() ? "" : "=" + value);
  return d;
}

struct Trained {
  report::RunRecord record;
  std::vector<float> initial;  // the initial weights, concatenated
  std::string architecture;
};

// Trains one configuration on (train, validation) and evaluates on test.
Trained train_one(const Configured& c, const Problem& pr, const Split& train, const Split& validation,
                  const std::string& label, int threads, bool print_epochs, const std::string& save_to = "") {
  Trained t;
  nn::Sequential model = build_network(c.args, pr, c.momentum_given);
  model.build(train.p, c.args.seed);
  for (const auto& p : model.parameters()) t.initial.insert(t.initial.end(), p.value, p.value + p.size);
  t.architecture = std::to_string(train.p);
  for (const auto& p : model.parameters())
    if (!p.is_bias) t.architecture += "-" + std::to_string(p.cols);
  nn::FitOptions options;
  options.epochs = c.args.epochs;
  options.batch_size = c.args.batch_size;
  options.seed = c.args.seed;
  options.threads = threads;
  if (validation.n > 0) options.validation_data = nn::ValidationData{validation.xv(), validation.yv()};
  options.on_epoch_end = [&](const nn::EpochLog& log) {
    std::string line = label + " epoch " + std::to_string(log.epoch) + "/" + std::to_string(log.epochs) + "  loss " +
                       fmt4(log.loss) + "  accuracy " + fmt4(log.accuracy);
    if (log.has_validation) line += "  val_loss " + fmt4(log.val_loss) + "  val_accuracy " + fmt4(log.val_accuracy);
    char s[32];
    std::snprintf(s, sizeof s, "  %.1f s", log.seconds);
    progress(line + s, !print_epochs ? false : log.epoch == log.epochs || !stderr_is_terminal());
  };
  const auto start = std::chrono::steady_clock::now();
  const nn::History h = model.fit(train.xv(), train.yv(), options);
  t.record.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  t.record.name = c.spec.name;
  t.record.description = describe(c.spec);
  t.record.history = {{"loss", h.loss}, {"accuracy", h.accuracy}, {"val_loss", h.val_loss},
                      {"val_accuracy", h.val_accuracy}, {"penalty", h.penalty}, {"seconds", h.seconds}};
  if (pr.test.n > 0) {
    const nn::Evaluation e = model.evaluate(pr.test.xv(), pr.test.yv(), 256, threads);
    t.record.test_loss = e.loss;
    t.record.test_accuracy = e.accuracy;
    t.record.has_test = true;
  }
  if (!save_to.empty()) model.save(save_to);
  int layer = 0;
  for (const auto& p : model.parameters()) {
    if (p.is_bias) continue;
    report::KernelRecord k;
    k.layer = "dense_" + std::to_string(++layer);
    k.weights = Eigen::Map<const nn::MatrixF>(p.value, p.rows, p.cols);
    t.record.kernels.push_back(std::move(k));
  }
  return t;
}

Split take(const Split& s, const std::vector<Index>& rows) {
  Split out;
  out.n = static_cast<Index>(rows.size());
  out.p = s.p;
  if (!s.pixels.empty()) {
    out.pixels.resize(static_cast<std::size_t>(out.n * out.p));
    for (Index i = 0; i < out.n; ++i)
      std::copy_n(s.pixels.data() + rows[static_cast<std::size_t>(i)] * s.p, s.p, out.pixels.data() + i * s.p);
  } else {
    out.x.resize(out.n, s.x.cols());
    for (Index i = 0; i < out.n; ++i) out.x.row(i) = s.x.row(rows[static_cast<std::size_t>(i)]);
  }
  out.y.resize(out.n, s.y.cols());
  for (Index i = 0; i < out.n; ++i) out.y.row(i) = s.y.row(rows[static_cast<std::size_t>(i)]);
  return out;
}

// Without a validation set (xor, synthetic-sparse, --data): hold out the last fraction
// (Keras's validation_split) once, so that every run validates on the same rows.
void ensure_validation(Problem& pr, double fraction) {
  if (pr.validation.n > 0 || fraction <= 0) return;
  if (fraction >= 1) throw InvalidArgument("--validation must be in [0, 1); got " + check::str(fraction));
  const Index n_val = static_cast<Index>(std::floor(static_cast<double>(pr.train.n) * fraction));
  if (n_val == 0) return;
  std::vector<Index> head, tail;
  for (Index i = 0; i < pr.train.n; ++i) (i < pr.train.n - n_val ? head : tail).push_back(i);
  pr.validation = take(pr.train, tail);
  pr.train = take(pr.train, head);
}

std::string dataset_text(const Problem& pr) {
  std::string s = pr.name + ": " + std::to_string(pr.train.n) + " training";
  if (pr.validation.n > 0) s += " / " + std::to_string(pr.validation.n) + " validation";
  if (pr.test.n > 0) s += " / " + std::to_string(pr.test.n) + " test";
  return s + " samples, " + std::to_string(pr.train.p) + " features";
}

std::string training_text(const TrainArgs& a) {
  std::string s = a.optimizer;
  if (a.lr >= 0) s += " lr " + check::str(a.lr);
  s += ", batch " + std::to_string(a.batch_size) + ", " + std::to_string(a.epochs) + " epochs, seed " +
       std::to_string(a.seed);
  return s;
}

void prepare(TrainArgs& base, const CLI::App& app, bool& momentum_given) {
  if (base.source.dataset.empty() && base.source.data.data.empty()) base.source.dataset = "fashion-mnist";
  apply_dataset_defaults(base, [&](const char* name) { return app.count(name) > 0; });
  momentum_given = app.count("--momentum") > 0;
  if (base.epochs < 1) throw InvalidArgument("--epochs must be >= 1; got " + std::to_string(base.epochs));
  for (const char* name : {"--checkpoint", "--checkpoint-every", "--resume"})
    if (app.count(name) > 0)
      throw InvalidArgument(std::string(name) + " applies to train; " + app.get_name() +
                            " writes its trainings' histories and models into FOLDER");
}

std::string models_dir(const std::string& folder) { return folder + "/models"; }

}  // namespace

std::vector<std::string> default_compare_runs() {
  return {"none", "l2:kernel-l2=1e-3", "l1:kernel-l1=1e-3", "l1_l2:kernel-l1=1e-4,kernel-l2=1e-3",
          "prox-l1:proximal-l1=1e-4"};
}

void add_compare_options(CLI::App& app, CompareArgs& a) {
  add_train_options(app, a.base);
  app.add_option("folder", a.folder, "Report folder (created; files in it are replaced)")->required();
  app.add_option("--run", a.runs,
                 "A run as NAME:SPEC, SPEC = comma-separated train options without '--', e.g. "
                 "l2:kernel-l2=1e-3 or decay:optimizer=adamw,weight-decay=1e-2 (repeatable). Default: none, "
                 "l2:kernel-l2=1e-3, l1:kernel-l1=1e-3, l1_l2:kernel-l1=1e-4,kernel-l2=1e-3, prox-l1:proximal-l1=1e-4")
      ->check(non_empty_text());
  app.add_flag("!--no-models", a.save_models, "Do not save the trained networks into FOLDER/models");
}

int run_compare(const CompareArgs& given, const CLI::App& app, const std::string& command_line) {
  CompareArgs a = given;
  bool momentum_given = false;
  check_report_folder(a.folder);
  prepare(a.base, app, momentum_given);
  if (!a.base.out.empty() || !a.base.history.empty())
    throw InvalidArgument("compare writes its models and histories into the report folder; --out and --history do not apply");
  const std::vector<std::string> texts = a.runs.empty() ? default_compare_runs() : a.runs;
  std::vector<Configured> configured;
  for (const auto& text : texts) {
    configured.push_back(configure(a.base, momentum_given, text));
    for (std::size_t i = 0; i + 1 < configured.size(); ++i)
      if (configured[i].spec.name == configured.back().spec.name)
        throw InvalidArgument("--run: the name \"" + configured.back().spec.name + "\" is used twice");
  }
  Problem pr = load_problem(a.base.source, a.base.seed);
  ensure_validation(pr, a.base.validation > 0 ? a.base.validation : (pr.validation.n > 0 ? 0.0 : 0.2));
  std::filesystem::create_directories(a.folder);
  if (a.save_models) std::filesystem::create_directories(models_dir(a.folder));
  info("compare: " + std::to_string(configured.size()) + " runs on " + dataset_text(pr));
  std::vector<report::RunRecord> records;
  std::vector<float> first_initial;
  std::string architecture;
  for (std::size_t r = 0; r < configured.size(); ++r) {
    const auto& c = configured[r];
    const std::string label = "[" + std::to_string(r + 1) + "/" + std::to_string(configured.size()) + " " + c.spec.name + "]";
    const std::string model_file = a.save_models ? "models/" + c.spec.name + ".regkit" : "";
    Trained t = train_one(c, pr, pr.train, pr.validation, label, a.base.threads, true,
                          model_file.empty() ? "" : a.folder + "/" + model_file);
    t.record.model_file = model_file;
    if (r == 0) {
      first_initial = t.initial;
      architecture = t.architecture;
    } else if (t.architecture == architecture && t.initial != first_initial) {
      throw NumericalError("compare: run \"" + c.spec.name + "\" did not start from the same initial weights as \"" +
                           configured[0].spec.name + "\"; this is a bug");
    }
    std::string result = label + " done in " + fmt4(t.record.train_seconds) + " s";
    if (t.record.has_test) result += ": test accuracy " + fmt4(t.record.test_accuracy) + ", test loss " + fmt4(t.record.test_loss);
    progress(result, true);
    records.push_back(std::move(t.record));
  }
  report::ReportInfo info_block;
  info_block.title = "regkit compare: " + pr.name;
  info_block.dataset = dataset_text(pr);
  info_block.architecture = architecture + " (" + a.base.activation + ", " + a.base.init + ")";
  info_block.training = training_text(a.base);
  info_block.command = command_line;
  info_block.threads = a.base.threads;
  report::write_compare_report(a.folder, info_block, records);
  info("report written to " + a.folder + "/index.html (and summary.md, PNG figures, history.csv / .json)");
  return 0;
}

void add_sweep_options(CLI::App& app, SweepArgs& a) {
  add_train_options(app, a.base);
  app.add_option("folder", a.folder, "Report folder (created; files in it are replaced)")->required();
  app.add_option("--penalty", a.penalty,
                 "The option swept: kernel-l1, kernel-l2, proximal-l1 or weight-decay")
      ->check(CLI::IsMember({"kernel-l1", "kernel-l2", "proximal-l1", "weight-decay"}))
      ->capture_default_str();
  app.add_option("--lambdas", a.lambdas, "The values swept (comma-separated)")->check(non_empty_text())->capture_default_str();
  app.add_option("--folds", a.folds,
                 "k >= 2: choose lambda by k-fold cross-validation on the training set; 0: the validation split")
      ->check(integer_in(0, 2147483647))
      ->capture_default_str();
  app.add_option("--parallel", a.parallel, "Trainings run at once (each gets threads / parallel threads)")
      ->check(integer_in(1, check::kMaxThreads))
      ->capture_default_str();
}

int run_sweep(const SweepArgs& given, const CLI::App& app, const std::string& command_line) {
  SweepArgs a = given;
  bool momentum_given = false;
  check_report_folder(a.folder);
  prepare(a.base, app, momentum_given);
  if (!a.base.out.empty() || !a.base.history.empty())
    throw InvalidArgument("sweep writes its histories into the report folder; --out and --history do not apply");
  if (a.folds == 1 || a.folds < 0) throw InvalidArgument("--folds must be 0 or >= 2; got " + std::to_string(a.folds));
  if (a.parallel < 1 || a.parallel > check::kMaxThreads)
    throw InvalidArgument("--parallel must be in [1, " + std::to_string(check::kMaxThreads) + "]; got " +
                          std::to_string(a.parallel));
  std::vector<double> lambdas = parse_number_list_or_file(a.lambdas, "--lambdas");
  for (double l : lambdas) check::non_negative("--lambdas", "lambda", l);
  std::sort(lambdas.begin(), lambdas.end());
  Problem pr = load_problem(a.base.source, a.base.seed);
  ensure_validation(pr, a.base.validation > 0 ? a.base.validation : (pr.validation.n > 0 ? 0.0 : 0.2));
  if (a.folds > pr.train.n)
    throw InvalidArgument("--folds " + std::to_string(a.folds) + " is more than the " + std::to_string(pr.train.n) +
                          " training samples; each fold needs at least one");

  // Jobs: (lambda, fold); fold -1 = train on all training data, validate on the split.
  struct Job {
    std::size_t point;
    int fold;
  };
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < lambdas.size(); ++i) {
    jobs.push_back({i, -1});
    for (int f = 0; f < a.folds; ++f) jobs.push_back({i, f});
  }
  std::vector<int> fold_ids;
  if (a.folds >= 2) {
    if (pr.task == Task::regression) fold_ids = data::kfold_ids(pr.train.n, a.folds, a.base.seed);
    else fold_ids = data::stratified_kfold_ids(pr.train.y.col(0).cast<double>(), a.folds, a.base.seed);
  }
  std::vector<Configured> configured;
  for (double l : lambdas) {
    char value[64];
    std::snprintf(value, sizeof value, "%.10g", l);
    const std::string name = a.penalty + "=" + value;
    configured.push_back(configure(a.base, momentum_given, std::string("lambda_") + value + ":" + name));
    configured.back().spec.name = name;
  }
  std::vector<std::vector<Trained>> results(lambdas.size());
  std::vector<std::vector<double>> fold_acc(lambdas.size()), fold_loss(lambdas.size());
  std::vector<report::RunRecord> full(lambdas.size());
  std::mutex result_mutex;
  std::size_t next = 0, done = 0;
  std::exception_ptr error;
  if (static_cast<std::size_t>(a.parallel) > jobs.size()) {
    info("--parallel " + std::to_string(a.parallel) + " is more than the " + std::to_string(jobs.size()) +
         " trainings; running " + std::to_string(jobs.size()) + " at once");
    a.parallel = static_cast<int>(jobs.size());
  }
  const int total_threads = a.base.threads > 0 ? a.base.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int per_job = std::max(1, total_threads / a.parallel);
  info("sweep over " + a.penalty + " = " + a.lambdas + (a.folds >= 2 ? " with " + std::to_string(a.folds) + "-fold CV" : "") +
       ": " + std::to_string(jobs.size()) + " trainings, " + std::to_string(a.parallel) + " at once, on " + dataset_text(pr));
  auto worker = [&]() {
    for (;;) {
      Job job;
      {
        std::lock_guard<std::mutex> lock(result_mutex);
        if (error || next >= jobs.size()) return;
        job = jobs[next++];
      }
      try {
        const auto& c = configured[job.point];
        std::string label = "[" + c.spec.name + (job.fold >= 0 ? " fold " + std::to_string(job.fold + 1) : "") + "]";
        if (job.fold < 0) {
          Trained t = train_one(c, pr, pr.train, pr.validation, label, per_job, a.parallel == 1);
          std::lock_guard<std::mutex> lock(result_mutex);
          full[job.point] = t.record;
          if (a.folds < 2) {
            fold_acc[job.point].push_back(t.record.history["val_accuracy"].back());
            fold_loss[job.point].push_back(t.record.history["val_loss"].back());
          }
        } else {
          std::vector<Index> fit_rows, held;
          for (Index i = 0; i < pr.train.n; ++i) (fold_ids[static_cast<std::size_t>(i)] == job.fold ? held : fit_rows).push_back(i);
          const Split fit_split = take(pr.train, fit_rows), held_split = take(pr.train, held);
          Problem fold_problem;
          fold_problem.task = pr.task;
          fold_problem.classes = pr.classes;
          fold_problem.name = pr.name;
          Trained t = train_one(c, fold_problem, fit_split, held_split, label, per_job, a.parallel == 1);
          std::lock_guard<std::mutex> lock(result_mutex);
          fold_acc[job.point].push_back(t.record.history["val_accuracy"].back());
          fold_loss[job.point].push_back(t.record.history["val_loss"].back());
        }
        std::lock_guard<std::mutex> lock(result_mutex);
        ++done;
        if (a.parallel > 1) progress(label + " done (" + std::to_string(done) + "/" + std::to_string(jobs.size()) + ")", true);
      } catch (...) {
        std::lock_guard<std::mutex> lock(result_mutex);
        if (!error) error = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  try {
    for (int w = 0; w < a.parallel; ++w) pool.emplace_back(worker);
  } catch (const std::system_error& e) {
    {
      std::lock_guard<std::mutex> lock(result_mutex);
      next = jobs.size();  // the started workers stop after their current training
    }
    for (auto& t : pool) t.join();
    throw InvalidArgument("--parallel " + std::to_string(a.parallel) + ": the system refused to start more than " +
                          std::to_string(pool.size()) + " threads (" + e.what() + "); give a smaller --parallel");
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);

  report::SweepResult sweep;
  sweep.penalty = a.penalty;
  sweep.cross_validated = a.folds >= 2;
  sweep.folds = std::max(1, a.folds);
  for (std::size_t i = 0; i < lambdas.size(); ++i) {
    report::SweepPoint pt;
    pt.lambda = lambdas[i];
    pt.val_accuracy = fold_acc[i];
    pt.val_loss = fold_loss[i];
    pt.test_accuracy = full[i].has_test ? full[i].test_accuracy : std::nan("");
    pt.seconds = full[i].train_seconds;
    Index count = 0;
    double below = 0, zero = 0;
    for (const auto& k : full[i].kernels) {
      const auto s = report::kernel_stats(k.weights);
      below += s.below_001 * static_cast<double>(s.count);
      zero += s.exact_zero * static_cast<double>(s.count);
      count += s.count;
    }
    pt.sparsity_below_001 = count ? below / static_cast<double>(count) : 0.0;
    pt.exact_zero = count ? zero / static_cast<double>(count) : 0.0;
    sweep.points.push_back(pt);
  }
  report::choose_sweep_lambdas(sweep);
  report::ReportInfo info_block;
  info_block.title = "regkit sweep: " + a.penalty + " on " + pr.name;
  info_block.dataset = dataset_text(pr);
  info_block.architecture = a.base.layers + " hidden (" + a.base.activation + ", " + a.base.init + ")";
  info_block.training = training_text(a.base);
  info_block.command = command_line;
  info_block.threads = a.base.threads;
  report::write_sweep_report(a.folder, info_block, sweep, full);
  info("best " + a.penalty + " = " + check::str(sweep.points[sweep.best].lambda) + ", one-standard-error choice " +
       check::str(sweep.points[sweep.one_se].lambda) + "; report written to " + a.folder + "/index.html");
  return 0;
}

}  // namespace regkit::cli
