// regkit predict / inspect.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "logistic_cmd.hpp"
#include "predict_inspect.hpp"
#include "train.hpp"
#include "regkit/core/atomic_file.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/io/tensor_file.hpp"
#include "regkit/linear/linear_model.hpp"
#include "validators.hpp"
#include "regkit/linear/logistic_model.hpp"
#include "regkit/select/cross_validation.hpp"

namespace regkit::cli {

void add_predict_options(CLI::App& app, PredictArgs& args) {
  app.add_option("model", args.model_file, "Model file written by fit / path / cv --out")->required();
  add_data_options(app, args.data);
  app.add_option("--lambda", args.lambda,
                 "Predict at this lambda (interpolated between the path's lambdas, as glmnet); "
                 "default: the model's selected lambda (lambda_min after cv)")
      ->check(non_negative_number());
  app.add_flag("--proba", args.proba,
               "Logistic models: write the class probabilities (one column per class, p_<label>, at the model's "
               "selected lambda or --lambda) instead of the predicted labels");
  app.add_option("--out", args.out,
                 "Write predictions here (.csv: one per line with a header; .npy). Logistic models: the predicted "
                 "class labels, or with --proba an n x k table of probabilities")
      ->check(non_empty_path());
}

int run_predict(const PredictArgs& args) {
  check_outputs({{"--out", args.out}}, {args.model_file, args.data.data, args.data.labels});
  if (is_nn_model(args.model_file)) return run_nn_predict(args.model_file, args.data, args.out);
  if (linear::model_file_kind(args.model_file) == "logistic")
    return run_logistic_predict(args.model_file, args.data, args.lambda, args.proba, args.out);
  if (args.proba)
    throw InvalidArgument("--proba applies to logistic models; " + args.model_file + " is a " +
                          linear::model_file_kind(args.model_file) + " model");
  const linear::LinearModel model = linear::load_linear_model(args.model_file);
  const data::Dataset d = match_model_columns(load_data(args.data, false), model.feature_names, args.data.data,
                                              args.model_file);
  const Vector pred = args.lambda >= 0 ? model.predict_at(d.X, args.lambda) : model.predict(d.X);
  if (args.out.empty()) {
    for (Index i = 0; i < pred.size(); ++i) std::printf("%.17g\n", pred[i]);
  } else if (args.out.size() > 4 && args.out.substr(args.out.size() - 4) == ".npy") {
    data::write_npy(args.out, pred);
  } else {
    write_file_atomic(args.out, [&](std::ostream& out) {
      out.precision(17);
      out << "prediction\n";
      for (Index i = 0; i < pred.size(); ++i) out << pred[i] << '\n';
    });
  }
  std::string message = std::to_string(pred.size()) + " predictions";
  if (d.y.size() == pred.size()) {
    message += "; against " + (d.target_name.empty() ? std::string("the labels") : "column " + d.target_name) +
               ": MSE " + check::str(select::score(select::Metric::mse, d.y, pred)) + ", R^2 " +
               check::str(select::score(select::Metric::r2, d.y, pred));
  }
  if (!args.out.empty()) message += "; written to " + args.out;
  info(message);
  return 0;
}

void add_inspect_options(CLI::App& app, InspectArgs& args) {
  app.add_option("file", args.file, "A model file, or a data file (CSV, LIBSVM, .npy, IDX)")
      ->required()
      ->check(non_empty_path());
  app.add_option("--format", args.format, "Data format when it is a data file: auto, csv, libsvm, npy, idx")
      ->check(CLI::IsMember({"auto", "csv", "libsvm", "svmlight", "npy", "idx"}))
      ->capture_default_str();
  app.add_option("--target", args.target, "CSV: the target column")->check(non_empty_text());
  app.add_option_function<long long>(
      "--target-index", [&args](const long long& index) { args.target_index = index; },
      "CSV: the target column by position, 0-based; negative counts from the end (--target-index=-1: the last)")
      ->check(integer_in(-2147483647, 2147483647));
  app.add_flag("--no-header", args.no_header, "CSV: the file has no header line");
}

int run_inspect(const InspectArgs& args) {
  // Model files start with an 8-byte header length followed by '{'.
  std::ifstream in(args.file, std::ios::binary);
  if (!in) throw DataError(args.file + ": cannot open");
  char head[9] = {};
  in.read(head, 9);
  if (in.gcount() == 9 && head[8] == '{') {
    const io::TensorFile file = io::load_tensor_file(args.file);
    std::printf("regkit model file %s\n", args.file.c_str());
    for (const auto& [key, value] : file.metadata) std::printf("  %-16s %s\n", key.c_str(), value.c_str());
    std::printf("tensors:\n");
    for (const auto& [name, t] : file.tensors) {
      std::string shape;
      for (std::size_t i = 0; i < t.shape.size(); ++i) shape += (i ? " x " : "") + std::to_string(t.shape[i]);
      std::printf("  %-16s %-4s [%s]\n", name.c_str(), io::tensor_type_name(t.dtype), shape.c_str());
    }
    if (file.metadata.count("kind") && file.meta("kind") == "logistic")
      print_logistic_summary(linear::load_logistic_model(args.file));
    if (file.metadata.count("kind") && file.meta("kind") == "linear") {
      const auto m = linear::load_linear_model(args.file);
      const Vector c = m.coefs.col(m.selected);
      std::printf("selected lambda %.6g (index %ld of %ld): %ld nonzero of %ld, intercept %.6g\n",
                  m.lambdas[m.selected], static_cast<long>(m.selected), static_cast<long>(m.lambdas.size()),
                  static_cast<long>((c.array() != 0).count()), static_cast<long>(c.size()), m.intercepts[m.selected]);
    }
    return 0;
  }
  DataArgs d;
  d.data = args.file;
  d.format = args.format;
  d.target = args.target;
  d.target_index = args.target_index;
  d.no_header = args.no_header;
  const data::Dataset ds = load_data(d, false);
  std::printf("data file %s\n  samples   %ld\n  features  %ld\n  storage   %s\n", args.file.c_str(),
              static_cast<long>(ds.n_samples()), static_cast<long>(ds.n_features()),
              is_sparse(ds.X) ? "sparse (CSC)" : "dense");
  if (is_sparse(ds.X)) {
    const auto& X = std::get<SparseMatrix>(ds.X);
    std::printf("  nonzeros  %ld (density %.4g)\n", static_cast<long>(X.nonZeros()),
                static_cast<double>(X.nonZeros()) / static_cast<double>(std::max<Index>(1, X.rows() * X.cols())));
  }
  if (ds.y.size()) {
    std::printf("  target    %s: min %.6g, mean %.6g, max %.6g\n", ds.target_name.empty() ? "(labels)" : ds.target_name.c_str(),
                ds.y.minCoeff(), ds.y.mean(), ds.y.maxCoeff());
  }
  if (!ds.feature_names.empty()) {
    std::printf("  columns  ");
    for (std::size_t j = 0; j < ds.feature_names.size() && j < 20; ++j) std::printf(" %s", ds.feature_names[j].c_str());
    if (ds.feature_names.size() > 20) std::printf(" ... (%zu in all)", ds.feature_names.size());
    std::printf("\n");
  }
  return 0;
}

}  // namespace regkit::cli
