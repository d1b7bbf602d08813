// regkit: the command-line tool. Each subcommand parses its options, calls the library
// and prints; errors print "regkit: error: <message>" and exit non-zero.
#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>
#include <new>
#include <unistd.h>

#include "linear_args.hpp"
#include "predict_inspect.hpp"
#include "compare.hpp"
#include "train.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/core/interrupt.hpp"

namespace {

// Ctrl-C (SIGINT) or SIGTERM: the running loop stops after its current step (training
// batch, path lambda), outputs are not written, a training checkpoint keeps its last
// whole epoch. A second signal ends the process at once.
extern "C" void on_stop_signal(int signal_number) {
  regkit::request_interrupt();
  constexpr char note[] = "\nregkit: stopping after the current step (again to quit at once)\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, note, sizeof note - 1);
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace regkit::cli;
  CLI::App app{
      "regkit: regularized learning. Lasso, ridge and elastic net, and L1 / L2 / elastic-net logistic regression\n"
      "(binomial and multinomial; --model logistic), with paths, cross-validation and plots;\n"
      "neural networks with Keras-style L1 / L2 kernel regularizers, weight decay and proximal L1; side-by-side\n"
      "comparisons (compare, sweep) written as reports.\n"
      "Penalty convention (glmnet): lambda * (alpha * |w|_1 + (1 - alpha)/2 * |w|_2^2) on the mean loss.",
      "regkit"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "regkit 0.1.0");

  LinearArgs fit_args, path_args, cv_args;
  auto* fit = app.add_subcommand("fit", "Fit ridge, lasso, elastic net or logistic regression at one lambda (or C)");
  add_linear_options(*fit, fit_args, LinearCommand::fit);
  auto* path = app.add_subcommand("path", "Fit a whole regularization path (warm starts, strong rules)");
  add_linear_options(*path, path_args, LinearCommand::path);
  auto* cv = app.add_subcommand("cv", "Choose lambda by k-fold cross-validation (lambda_min, lambda_1se)");
  add_linear_options(*cv, cv_args, LinearCommand::cv);
  PredictArgs predict_args;
  auto* predict = app.add_subcommand("predict", "Predict with a saved model (logistic: labels, or --proba class probabilities)");
  add_predict_options(*predict, predict_args);
  TrainArgs train_args;
  auto* train = app.add_subcommand("train", "Train a multilayer perceptron (Keras-style Dense layers, regularizers, SGD/Adam/AdamW)");
  add_train_options(*train, train_args);
  EvaluateArgs evaluate_args;
  auto* evaluate = app.add_subcommand("evaluate", "Evaluate a trained network: loss (with penalty) and accuracy");
  add_evaluate_options(*evaluate, evaluate_args);
  CompareArgs compare_args;
  auto* compare = app.add_subcommand(
      "compare", "Train one network with several penalties side by side (same data, same initial weights) and "
                 "write a report: curves, weight histograms, |W| heatmaps, sparsity, tables. Default: Fashion-MNIST, "
                 "seed 000's network, none / l2 / l1 / l1_l2 / proximal-l1, 30 epochs");
  add_compare_options(*compare, compare_args);
  SweepArgs sweep_args;
  auto* sweep = app.add_subcommand(
      "sweep", "Train one network over a grid of penalty strengths (or choose it by k-fold CV) and plot accuracy, "
               "loss and sparsity against lambda with the best and one-standard-error choices");
  add_sweep_options(*sweep, sweep_args);
  InspectArgs inspect_args;
  auto* inspect = app.add_subcommand("inspect", "Describe a model file or a data file");
  add_inspect_options(*inspect, inspect_args);

  // `--name=` with nothing after '=': CLI11 drops it (a vector option) or takes the next
  // argument as its value (`--out= --json=x.json` wrote a file named "--json=x.json").
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.back() == '=') {
      std::cerr << "regkit: error: " << arg.substr(0, arg.size() - 1)
                << ": expected a value after '='; got an empty one\nRun 'regkit --help' or 'regkit <command> --help'.\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "regkit: error: " << e.what() << "\nRun 'regkit --help' or 'regkit <command> --help'.\n";
    return 2;
  }
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::string command_line = "regkit";
  for (int i = 1; i < argc; ++i) command_line += std::string(" ") + argv[i];
  try {
    if (*compare) return run_compare(compare_args, *compare, command_line);
    if (*sweep) return run_sweep(sweep_args, *sweep, command_line);
    if (*fit) return run_fit(fit_args);
    if (*path) return run_path(path_args);
    if (*cv) return run_cv(cv_args);
    if (*predict) return run_predict(predict_args);
    if (*inspect) return run_inspect(inspect_args);
    if (*train) return run_train(train_args, *train);
    if (*evaluate) return run_evaluate(evaluate_args);
  } catch (const regkit::Interrupted& e) {
    std::cerr << "regkit: " << e.what() << "; nothing was written\n";
    return 130;  // as a shell reports a command ended by SIGINT
  } catch (const std::bad_alloc&) {
    std::cerr << "regkit: error: out of memory: the data or the sizes asked for (--layers, --batch-size, "
                 "--lambda-count, ...) need more memory than this machine has\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "regkit: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
