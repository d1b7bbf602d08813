#include "regkit/report/compare_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "regkit/core/atomic_file.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/report/figure.hpp"

namespace regkit::report {

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();

std::string fmt(const char* format, double v) {
  if (!std::isfinite(v)) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, format, v);
  return b;
}
std::string f4(double v) { return fmt("%.4f", v); }
std::string sci(double v) { return fmt("%.3g", v); }
std::string pct(double v) { return fmt("%.1f%%", 100.0 * v); }

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::vector<double>& series(const RunRecord& run, const std::string& key) {
  static const std::vector<double> empty;
  const auto it = run.history.find(key);
  return it == run.history.end() ? empty : it->second;
}

double last(const std::vector<double>& v) { return v.empty() ? nan : v.back(); }

std::vector<double> epochs_axis(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i + 1);
  return x;
}

// A table as rows of cells; rendered to both markdown and HTML.
struct Table {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  static std::string cell(const std::string& text) {  // '|' would end the cell
    std::string out;
    for (char c : text) {
      if (c == '|') out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }
  std::string markdown() const {
    std::string s = "**" + caption + "**\n\n|";
    for (const auto& h : header) s.append(" ").append(cell(h)).append(" |");
    s += "\n|";
    for (std::size_t i = 0; i < header.size(); ++i) s += i == 0 ? "---|" : "---:|";
    s += "\n";
    for (const auto& r : rows) {
      s += "|";
      for (const auto& c : r) s.append(" ").append(cell(c)).append(" |");
      s += "\n";
    }
    return s + "\n";
  }
  std::string html() const {
    std::string s = "<table>\n<caption>" + html_escape(caption) + "</caption>\n<tr>";
    for (const auto& h : header) s += "<th>" + html_escape(h) + "</th>";
    s += "</tr>\n";
    for (const auto& r : rows) {
      s += "<tr>";
      for (std::size_t i = 0; i < r.size(); ++i)
        s += (i == 0 ? "<td class=\"name\">" : i == 1 && header.size() > 1 && header[1] == "configuration"
                                                       ? "<td class=\"text\">"
                                                       : "<td>") +
             html_escape(r[i]) + "</td>";
      s += "</tr>\n";
    }
    return s + "</table>\n";
  }
};

struct FigureFile {
  std::string file, caption;
};

struct Page {
  std::vector<std::string> intro;  // markdown-free plain lines
  std::vector<Table> tables;
  std::vector<FigureFile> figures;
};

void write_pages(const std::string& folder, const ReportInfo& info, const Page& page,
                 std::vector<std::string>& files) {
  // summary.md
  std::string md = "# " + info.title + "\n\n";
  for (const auto& line : page.intro) md += "- " + line + "\n";
  md += "\n";
  for (const auto& t : page.tables) md += t.markdown();
  for (const auto& f : page.figures) md += "## " + f.caption + "\n\n![" + f.caption + "](" + f.file + ")\n\n";
  write_file_atomic(folder + "/summary.md", md);

  // index.html: self-contained.
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(info.title) +
      "</title>\n<style>\n"
      "body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:2em auto;max-width:1250px;"
      "color:#222;background:#fff;padding:0 1em}\n"
      "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}\n"
      "ul.info{color:#444}table{border-collapse:collapse;margin:1em 0}caption{text-align:left;font-weight:600;"
      "padding:.3em 0}\n"
      "th,td{border:1px solid #ccc;padding:.3em .7em;text-align:right}th{background:#f3f3f3}"
      "td.name{text-align:left;font-weight:600}td.text{text-align:left}\n"
      "figure{margin:1em 0}img{max-width:100%;border:1px solid #eee}figcaption{color:#555;margin-top:.3em}\n"
      "code{background:#f5f5f5;padding:.1em .3em}\n"
      "</style>\n</head>\n<body>\n<h1>" +
      html_escape(info.title) + "</h1>\n<ul class=\"info\">\n";
  for (const auto& line : page.intro) html += "<li>" + html_escape(line) + "</li>\n";
  html += "</ul>\n";
  for (const auto& t : page.tables) html += t.html();
  for (const auto& f : page.figures) {
    const std::string png = read_file(folder + "/" + f.file);
    html += "<h2>" + html_escape(f.caption) + "</h2>\n<figure><img alt=\"" + html_escape(f.caption) +
            "\" src=\"data:image/png;base64," + base64(png) + "\"><figcaption>" + html_escape(f.file) +
            "</figcaption></figure>\n";
  }
  // Self-check for browsers and scripts/screenshot_report.sh: every figure decoded?
  html +=
      "<script>\nwindow.addEventListener('load', function () {\n"
      "  var imgs = document.images, ok = 0;\n"
      "  for (var i = 0; i < imgs.length; i++) if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++;\n"
      "  document.body.setAttribute('data-images', ok + '/' + imgs.length);\n"
      "  if (ok !== imgs.length) console.error('regkit report: ' + (imgs.length - ok) + ' figure(s) failed to load');\n"
      "});\n</script>\n";
  html += "</body>\n</html>\n";
  write_file_atomic(folder + "/index.html", html);
  files.push_back("summary.md");
  files.push_back("index.html");
}

void write_histories(const std::string& folder, const std::vector<RunRecord>& runs,
                     std::vector<std::string>& files) {
  static const char* keys[] = {"loss", "accuracy", "val_loss", "val_accuracy", "penalty", "seconds"};
  std::ostringstream csv;
  csv.precision(10);
  csv << "run,epoch";
  for (const char* k : keys) csv << ',' << k;
  csv << '\n';
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (const auto& run : runs) {
    const std::size_t n = series(run, "loss").size();
    for (std::size_t e = 0; e < n; ++e) {
      csv << run.name << ',' << e + 1;
      for (const char* k : keys) {
        const auto& s = series(run, k);
        csv << ',';
        if (e < s.size() && std::isfinite(s[e])) csv << s[e];
      }
      csv << '\n';
    }
    nlohmann::ordered_json h;
    for (const char* k : keys) {
      nlohmann::ordered_json values = nlohmann::ordered_json::array();
      for (double v : series(run, k)) values.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr);
      h[k] = values;
    }
    nlohmann::ordered_json r;
    r["description"] = run.description;
    r["history"] = h;
    if (run.has_test) {
      r["test_loss"] = run.test_loss;
      r["test_accuracy"] = run.test_accuracy;
    }
    r["train_seconds"] = run.train_seconds;
    nlohmann::ordered_json kernels = nlohmann::ordered_json::array();
    for (const auto& k : run.kernels) {
      const KernelStats s = kernel_stats(k.weights);
      kernels.push_back({{"layer", k.layer}, {"shape", {k.weights.rows(), k.weights.cols()}}, {"norm", s.norm},
                         {"mean", s.mean}, {"std", s.stddev}, {"fraction_below_0.01", s.below_001},
                         {"fraction_zero", s.exact_zero}});
    }
    r["kernels"] = kernels;
    if (!run.model_file.empty()) r["model_file"] = run.model_file;
    json[run.name] = r;
  }
  write_file_atomic(folder + "/history.csv", csv.str());
  write_file_atomic(folder + "/history.json", json.dump(2) + "\n");
  files.push_back("history.csv");
  files.push_back("history.json");
}

KernelStats combined_stats(const RunRecord& run) {
  KernelStats total;
  double sum = 0, sum_sq = 0, below = 0, zero = 0;
  for (const auto& k : run.kernels) {
    const KernelStats s = kernel_stats(k.weights);
    const double c = static_cast<double>(s.count);
    sum += s.mean * c;
    sum_sq += s.norm * s.norm;
    below += s.below_001 * c;
    zero += s.exact_zero * c;
    total.count += s.count;
  }
  if (total.count == 0) return total;
  const double c = static_cast<double>(total.count);
  total.mean = sum / c;
  total.norm = std::sqrt(sum_sq);
  total.stddev = std::sqrt(std::max(0.0, sum_sq / c - total.mean * total.mean));
  total.below_001 = below / c;
  total.exact_zero = zero / c;
  return total;
}

// Creates the report folder; the page's first lines describe data, network and training.
Page start_page(const std::string& folder, const ReportInfo& info) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw DataError(folder + ": cannot create the report folder: " + ec.message());
  Page page;
  if (!info.dataset.empty()) page.intro.push_back("Data: " + info.dataset);
  if (!info.architecture.empty()) page.intro.push_back("Network: " + info.architecture);
  if (!info.training.empty()) page.intro.push_back("Training: " + info.training);
  return page;
}

// Mean over folds, and its standard error (sd / sqrt(k); 0 for a single value).
double mean_of(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x;
  return v.empty() ? nan : m / static_cast<double>(v.size());
}
double se_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean_of(v);
  double var = 0;
  for (double x : v) var += (x - m) * (x - m);
  return std::sqrt(var / static_cast<double>(v.size() - 1) / static_cast<double>(v.size()));
}

int grid_columns(std::size_t panels) { return static_cast<int>(std::min<std::size_t>(panels, 3)); }
int grid_rows(std::size_t panels) { return static_cast<int>((panels + 2) / 3); }

}  // namespace

KernelStats kernel_stats(const Eigen::MatrixXf& w) {
  KernelStats s;
  s.count = w.size();
  if (s.count == 0) return s;
  const Eigen::ArrayXd a = w.cast<double>().reshaped().array();
  const double c = static_cast<double>(s.count);
  s.mean = a.mean();
  s.stddev = std::sqrt(std::max(0.0, (a - s.mean).square().sum() / c));
  s.norm = std::sqrt(a.square().sum());
  s.below_001 = static_cast<double>((a.abs() < 0.01).count()) / c;
  s.exact_zero = static_cast<double>((a == 0.0).count()) / c;
  return s;
}

std::string base64(const std::string& bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = byte(i) << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::vector<std::string> write_compare_report(const std::string& folder, const ReportInfo& info,
                                              const std::vector<RunRecord>& runs) {
  if (runs.empty()) throw InvalidArgument("write_compare_report: no runs");
  std::vector<std::string> files;
  Page page = start_page(folder, info);
  page.intro.push_back("Every run starts from the same initial weights and sees the same batches: the penalty is the only difference.");
  if (info.threads > 0) page.intro.push_back("Threads: " + std::to_string(info.threads));
  if (!info.command.empty()) page.intro.push_back("Command: " + info.command);

  // Results table.
  Table results;
  results.caption = "Results";
  results.header = {"run", "configuration", "test accuracy", "test loss", "final val accuracy", "best val accuracy",
                    "kernel norm (all)", "|w| < 0.01", "w == 0", "train time (s)"};
  for (const auto& run : runs) {
    const KernelStats s = combined_stats(run);
    const auto& va = series(run, "val_accuracy");
    const double best_va = va.empty() ? nan : *std::max_element(va.begin(), va.end());
    results.rows.push_back({run.name, run.description.empty() ? "-" : run.description,
                            run.has_test ? f4(run.test_accuracy) : "n/a", run.has_test ? f4(run.test_loss) : "n/a",
                            f4(last(va)), f4(best_va), f4(s.norm), pct(s.below_001), pct(s.exact_zero),
                            fmt(run.train_seconds < 10 ? "%.2f" : "%.1f", run.train_seconds)});
  }
  page.tables.push_back(results);
  // Per-layer kernel table.
  Table layers;
  layers.caption = "Dense kernels: Frobenius norm, mean, standard deviation, sparsity";
  layers.header = {"run", "layer", "shape", "norm", "mean", "std", "|w| < 0.01", "w == 0"};
  for (const auto& run : runs)
    for (const auto& k : run.kernels) {
      const KernelStats s = kernel_stats(k.weights);
      layers.rows.push_back({run.name, k.layer, std::to_string(k.weights.rows()) + " x " + std::to_string(k.weights.cols()),
                             f4(s.norm), fmt("%.5f", s.mean), fmt("%.5f", s.stddev), pct(s.below_001), pct(s.exact_zero)});
    }
  page.tables.push_back(layers);

  // Curves.
  {
    Figure fig;
    fig.width = 1500;
    fig.height = 600;
    fig.columns = 2;
    Panel acc, loss;
    acc.title = "Accuracy (train solid, validation dashed)";
    acc.xlabel = loss.xlabel = "epoch";
    acc.ylabel = "accuracy";
    acc.legend_position = Panel::LegendPosition::bottom_right;
    loss.title = "Loss incl. penalty (train solid, validation dashed)";
    loss.ylabel = "loss";
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const auto& run = runs[r];
      const Color c = palette(r);
      const auto& a = series(run, "accuracy");
      const auto& va = series(run, "val_accuracy");
      const auto& l = series(run, "loss");
      const auto& vl = series(run, "val_loss");
      acc.series.push_back({run.name + " (train)", epochs_axis(a.size()), a, c, LineStyle::solid, 2.0, false});
      loss.series.push_back({run.name + " (train)", epochs_axis(l.size()), l, c, LineStyle::solid, 2.0, false});
      if (!va.empty() && std::isfinite(va.front())) {
        acc.series.push_back({run.name + " (validation)", epochs_axis(va.size()), va, c, LineStyle::dashed, 2.0, false});
        loss.series.push_back({run.name + " (validation)", epochs_axis(vl.size()), vl, c, LineStyle::dashed, 2.0, false});
      }
    }
    fig.panels = {acc, loss};
    save_png(fig, folder + "/curves.png");
    files.push_back("curves.png");
    page.figures.push_back({"curves.png", "Accuracy and loss per epoch"});
  }
  // Sparsity bars.
  {
    Figure fig;
    fig.width = std::max(900, 180 * static_cast<int>(runs.size()) + 300);
    fig.height = 550;
    Panel p;
    p.title = "Sparsity of all Dense kernels";
    p.ylabel = "fraction of weights";
    BarGroup g;
    g.members = {"|w| < 0.01", "w == 0 (exact)"};
    g.heights.assign(2, {});
    for (const auto& run : runs) {
      const KernelStats s = combined_stats(run);
      g.categories.push_back(run.name);
      g.heights[0].push_back(s.below_001);
      g.heights[1].push_back(s.exact_zero);
    }
    p.bars = g;
    p.ylim = std::make_pair(0.0, 1.1);
    p.legend_position = Panel::LegendPosition::top_left;
    fig.panels = {p};
    save_png(fig, folder + "/sparsity.png");
    files.push_back("sparsity.png");
    page.figures.push_back({"sparsity.png", "Sparsity: fraction of weights below 0.01 and exactly zero"});
  }
  // Histograms per layer, a panel per run.
  const std::size_t n_layers = runs.front().kernels.size();
  for (std::size_t k = 0; k < n_layers; ++k) {
    Figure fig;
    fig.columns = grid_columns(runs.size());
    fig.width = 520 * fig.columns;
    fig.height = 430 * grid_rows(runs.size());
    std::string layer;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      if (k >= runs[r].kernels.size()) continue;
      const auto& kr = runs[r].kernels[k];
      layer = kr.layer;
      const KernelStats s = kernel_stats(kr.weights);
      Panel p;
      p.title = runs[r].name + ": mean " + fmt("%.4f", s.mean) + ", std " + fmt("%.4f", s.stddev) + ", norm " +
                fmt("%.2f", s.norm);
      p.xlabel = "weight value (" + kr.layer + ")";
      p.ylabel = "density";
      Histogram h;
      const Eigen::VectorXd v = kr.weights.cast<double>().reshaped();
      h.values.assign(v.data(), v.data() + v.size());
      h.bins = 60;
      h.color = palette(r);
      p.histogram = h;
      fig.panels.push_back(p);
    }
    const std::string file = "weights_" + layer + ".png";
    save_png(fig, folder + "/" + file);
    files.push_back(file);
    page.figures.push_back({file, "Weight distribution of " + layer + " (kernel " +
                                      std::to_string(runs.front().kernels[k].weights.rows()) + " x " +
                                      std::to_string(runs.front().kernels[k].weights.cols()) + ")"});
  }
  // Heatmap of |W| of the first layer.
  if (n_layers > 0) {
    Figure fig;
    fig.columns = grid_columns(runs.size());
    fig.width = 560 * fig.columns;
    fig.height = 520 * grid_rows(runs.size());
    // One colour scale for every run, so the panels compare by eye: 0 to the 99th
    // percentile of |w| over all runs (larger values get the top colour), so that a few
    // large weights do not turn everything else black.
    std::vector<float> all;
    for (const auto& run : runs)
      if (!run.kernels.empty())
        for (Index i = 0; i < run.kernels.front().weights.size(); ++i)
          all.push_back(std::abs(run.kernels.front().weights.data()[i]));
    double top = 1.0;
    if (!all.empty()) {
      const auto k = static_cast<std::ptrdiff_t>(0.99 * static_cast<double>(all.size() - 1));
      std::nth_element(all.begin(), all.begin() + k, all.end());
      top = all[static_cast<std::size_t>(k)] > 0 ? all[static_cast<std::size_t>(k)] : 1.0;
    }
    for (const auto& run : runs) {
      if (run.kernels.empty()) continue;
      const auto& kr = run.kernels.front();
      Panel p;
      p.title = run.name + ": |W| of " + kr.layer + " (colour 0 to " + fmt("%.3g", top) + ")";
      p.xlabel = "output neuron";
      p.ylabel = "input feature";
      p.heatmap = Heatmap{kr.weights.cast<double>().cwiseAbs().cwiseMin(top), "|w|", 0.0, top};
      fig.panels.push_back(p);
    }
    const std::string file = "heatmap_" + runs.front().kernels.front().layer + ".png";
    save_png(fig, folder + "/" + file);
    files.push_back(file);
    page.figures.push_back({file, "|W| of the first Dense kernel (inputs down, neurons across; black = 0, white = "
                                  "the 99th percentile of |w| over all runs or more)"});
  }
  write_histories(folder, runs, files);
  write_pages(folder, info, page, files);
  return files;
}

void choose_sweep_lambdas(SweepResult& sweep) {
  if (sweep.points.empty()) return;
  std::size_t best = 0;
  for (std::size_t i = 1; i < sweep.points.size(); ++i)
    if (mean_of(sweep.points[i].val_accuracy) > mean_of(sweep.points[best].val_accuracy)) best = i;
  const double threshold = mean_of(sweep.points[best].val_accuracy) - se_of(sweep.points[best].val_accuracy);
  std::size_t one_se = best;
  for (std::size_t i = best; i < sweep.points.size(); ++i)
    if (mean_of(sweep.points[i].val_accuracy) >= threshold) one_se = i;
  sweep.best = best;
  sweep.one_se = one_se;
}

std::vector<std::string> write_sweep_report(const std::string& folder, const ReportInfo& info,
                                            const SweepResult& sweep, const std::vector<RunRecord>& runs) {
  if (sweep.points.empty()) throw InvalidArgument("write_sweep_report: no lambdas");
  std::vector<std::string> files;
  Page page = start_page(folder, info);
  page.intro.push_back("Penalty swept: " + sweep.penalty + (sweep.cross_validated
                           ? " (" + std::to_string(sweep.folds) + "-fold cross-validation)" : " (validation split)"));
  page.intro.push_back("Best lambda " + sci(sweep.points[sweep.best].lambda) + "; one-standard-error choice " +
                       sci(sweep.points[sweep.one_se].lambda) + " (the largest lambda within one SE of the best)");
  if (!info.command.empty()) page.intro.push_back("Command: " + info.command);

  Table t;
  t.caption = "Sweep over lambda";
  t.header = {"lambda", "val accuracy", "± SE", "val loss", "test accuracy", "|w| < 0.01", "w == 0", "time (s)", "choice"};
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    const auto& pt = sweep.points[i];
    std::string choice = i == sweep.best ? "best" : "";
    if (i == sweep.one_se) choice += choice.empty() ? "1-SE" : ", 1-SE";
    t.rows.push_back({sci(pt.lambda), f4(mean_of(pt.val_accuracy)), f4(se_of(pt.val_accuracy)), f4(mean_of(pt.val_loss)),
                      f4(pt.test_accuracy), pct(pt.sparsity_below_001), pct(pt.exact_zero), fmt("%.1f", pt.seconds),
                      choice});
  }
  page.tables.push_back(t);

  // sweep.png: lambda = 0 is drawn at a tenth of the smallest positive lambda, labelled.
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& pt : sweep.points)
    if (pt.lambda > 0) smallest = std::min(smallest, pt.lambda);
  if (!std::isfinite(smallest)) smallest = 1.0;
  auto x_of = [&](double lambda) { return lambda > 0 ? lambda : smallest / 10.0; };
  Figure fig;
  fig.width = 1800;
  fig.height = 560;
  fig.columns = 3;
  Panel acc, loss, sparse;
  acc.title = "Validation accuracy (mean ± 1 SE)";
  loss.title = "Validation loss";
  sparse.title = "Sparsity of the kernels";
  for (Panel* p : {&acc, &loss, &sparse}) {
    p->log_x = true;
    p->xlabel = sweep.points.front().lambda == 0 ? "lambda (log scale; leftmost point = 0)" : "lambda (log scale)";
  }
  acc.ylabel = "accuracy";
  loss.ylabel = "loss";
  sparse.ylabel = "fraction of weights";
  Series a{"val accuracy", {}, {}, palette(0), LineStyle::solid, 2.0, true};
  Series l{"val loss", {}, {}, palette(1), LineStyle::solid, 2.0, true};
  Series s1{"|w| < 0.01", {}, {}, palette(2), LineStyle::solid, 2.0, true};
  Series s0{"w == 0", {}, {}, palette(3), LineStyle::dashed, 2.0, true};
  ErrorBars bars;
  for (const auto& pt : sweep.points) {
    const double x = x_of(pt.lambda), m = mean_of(pt.val_accuracy), e = se_of(pt.val_accuracy);
    a.x.push_back(x);
    a.y.push_back(m);
    bars.x.push_back(x);
    bars.low.push_back(m - e);
    bars.high.push_back(m + e);
    l.x.push_back(x);
    l.y.push_back(mean_of(pt.val_loss));
    s1.x.push_back(x);
    s1.y.push_back(pt.sparsity_below_001);
    s0.x.push_back(x);
    s0.y.push_back(pt.exact_zero);
  }
  acc.series.push_back(a);
  acc.error_bars.push_back(bars);
  loss.series.push_back(l);
  sparse.series = {s1, s0};
  sparse.ylim = std::make_pair(0.0, 1.05);
  sparse.legend_position = Panel::LegendPosition::top_left;
  acc.legend_position = Panel::LegendPosition::bottom_left;
  const double best_x = x_of(sweep.points[sweep.best].lambda), one_se_x = x_of(sweep.points[sweep.one_se].lambda);
  for (Panel* p : {&acc, &loss, &sparse}) {
    p->vertical_lines.push_back({best_x, "best = " + sci(sweep.points[sweep.best].lambda), {44, 160, 44}, LineStyle::dashed});
    p->vertical_lines.push_back({one_se_x, "1-SE = " + sci(sweep.points[sweep.one_se].lambda), {148, 103, 189}, LineStyle::dotted});
  }
  fig.panels = {acc, loss, sparse};
  save_png(fig, folder + "/sweep.png");
  files.push_back("sweep.png");
  page.figures.push_back({"sweep.png", "Validation accuracy, loss and sparsity against lambda"});
  if (!runs.empty()) {
    // Curves of the full-data runs, one per lambda.
    Figure curves;
    curves.width = 1500;
    curves.height = 600;
    curves.columns = 2;
    Panel ca, cl;
    ca.title = "Validation accuracy per epoch";
    cl.title = "Validation loss per epoch";
    ca.xlabel = cl.xlabel = "epoch";
    ca.ylabel = "accuracy";
    cl.ylabel = "loss";
    ca.legend_position = Panel::LegendPosition::bottom_right;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const auto& va = series(runs[r], "val_accuracy");
      const auto& vl = series(runs[r], "val_loss");
      ca.series.push_back({runs[r].name, epochs_axis(va.size()), va, palette(r), LineStyle::solid, 2.0, false});
      cl.series.push_back({runs[r].name, epochs_axis(vl.size()), vl, palette(r), LineStyle::solid, 2.0, false});
    }
    curves.panels = {ca, cl};
    save_png(curves, folder + "/curves.png");
    files.push_back("curves.png");
    page.figures.push_back({"curves.png", "Validation curves per lambda"});
    write_histories(folder, runs, files);
  }
  write_pages(folder, info, page, files);
  return files;
}

}  // namespace regkit::report
