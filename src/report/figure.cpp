// PLplot rendering of report::Figure. PLplot keeps global state, so every rendering
// holds one mutex and uses a stream of its own (plmkstrm ... plend1).
#include "regkit/report/figure.hpp"

#include <plplot/plplot.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <mutex>

#include "regkit/core/atomic_file.hpp"
#include "regkit/core/check.hpp"
#include "regkit/core/errors.hpp"

namespace regkit::report {

namespace {

std::mutex plplot_mutex;
std::atomic<unsigned long> figure_counter{0};

constexpr PLINT kBlack = 1, kGrid = 2, kWhite = 3, kFirstFree = 4, kColours = 64;

struct ColourTable {
  PLINT next = kFirstFree;
  PLINT add(Color c) {
    if (next >= kColours) next = kFirstFree;  // reuse: only legends of earlier panels mind
    plscol0(next, c.r, c.g, c.b);
    return next++;
  }
};

PLINT line_style(LineStyle s) {
  switch (s) {
    case LineStyle::solid: return 1;
    case LineStyle::dashed: return 3;
    case LineStyle::dotted: return 2;
  }
  return 1;
}

double tx(const Panel& p, double x) { return p.log_x ? std::log10(x) : x; }

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
  void pad(double fraction) {
    if (empty()) { lo = 0; hi = 1; return; }
    if (hi == lo) { const double d = lo == 0 ? 1.0 : std::abs(lo) * 0.1; lo -= d; hi += d; return; }
    const double d = (hi - lo) * fraction;
    lo -= d;
    hi += d;
  }
};

struct LegendEntry {
  std::string text;
  PLINT colour;
  PLINT style;
  double width;
  bool box;  // a filled box (bars) instead of a line
};

void draw_legend(const Panel& panel, const std::vector<LegendEntry>& entries) {
  if (!panel.legend || entries.empty()) return;
  const auto n = static_cast<PLINT>(entries.size());
  std::vector<PLINT> opt(entries.size()), colours(entries.size()), styles(entries.size()),
      box_patterns(entries.size(), 0);
  std::vector<PLFLT> widths(entries.size()), box_scales(entries.size(), 0.8),
      box_widths(entries.size(), 1.0);
  std::vector<const char*> text(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    opt[i] = entries[i].box ? PL_LEGEND_COLOR_BOX : PL_LEGEND_LINE;
    colours[i] = entries[i].colour;
    styles[i] = entries[i].style;
    widths[i] = entries[i].width;
    text[i] = entries[i].text.c_str();
  }
  PLINT position = PL_POSITION_INSIDE;
  switch (panel.legend_position) {
    case Panel::LegendPosition::top_right: position |= PL_POSITION_TOP | PL_POSITION_RIGHT; break;
    case Panel::LegendPosition::bottom_right: position |= PL_POSITION_BOTTOM | PL_POSITION_RIGHT; break;
    case Panel::LegendPosition::top_left: position |= PL_POSITION_TOP | PL_POSITION_LEFT; break;
    case Panel::LegendPosition::bottom_left: position |= PL_POSITION_BOTTOM | PL_POSITION_LEFT; break;
  }
  PLFLT legend_width = 0, legend_height = 0;
  pllegend(&legend_width, &legend_height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX, position,
           0.02, 0.02, 0.08, kWhite, kBlack, 1, 0, 0, n, opt.data(), 0.8, 0.75, 1.6, 0.0,
           std::vector<PLINT>(entries.size(), kBlack).data(), text.data(), colours.data(),
           box_patterns.data(), box_scales.data(), box_widths.data(), colours.data(), styles.data(),
           widths.data(), nullptr, nullptr, nullptr, nullptr);
}

void draw_frame(const Panel& panel, double x0, double x1, double y0, double y1) {
  plwind(x0, x1, y0, y1);
  const std::string xopt = panel.log_x ? "bcnstl" : "bcnst";
  plcol0(kGrid);
  pllsty(1);
  plwidth(0.5);
  plbox(panel.log_x ? "gl" : "g", 0.0, 0, "g", 0.0, 0);
  plcol0(kBlack);
  plwidth(1.0);
  plbox(xopt.c_str(), 0.0, 0, "bcnstv", 0.0, 0);
  pllab(panel.xlabel.c_str(), panel.ylabel.c_str(), panel.title.c_str());
}

void draw_lines_panel(const Panel& panel, ColourTable& table) {
  Range xr, yr;
  for (const auto& s : panel.series) {
    for (double x : s.x) xr.add(tx(panel, x));
    for (double y : s.y) yr.add(y);
  }
  for (const auto& e : panel.error_bars) {
    for (double x : e.x) xr.add(tx(panel, x));
    for (double y : e.low) yr.add(y);
    for (double y : e.high) yr.add(y);
  }
  for (const auto& v : panel.vertical_lines) xr.add(tx(panel, v.x));
  xr.pad(0.02);
  yr.pad(0.05);
  if (panel.xlim) { xr.lo = tx(panel, panel.xlim->first); xr.hi = tx(panel, panel.xlim->second); }
  if (panel.ylim) { yr.lo = panel.ylim->first; yr.hi = panel.ylim->second; }
  draw_frame(panel, xr.lo, xr.hi, yr.lo, yr.hi);

  std::vector<LegendEntry> legend;
  for (const auto& e : panel.error_bars) {
    const PLINT c = table.add(e.color);
    plcol0(c);
    plwidth(1.0);
    pllsty(1);
    std::vector<PLFLT> x(e.x.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = tx(panel, e.x[i]);
    plerry(static_cast<PLINT>(x.size()), x.data(), e.low.data(), e.high.data());
  }
  for (const auto& s : panel.series) {
    if (s.x.size() != s.y.size())
      throw InvalidArgument("save_png: series \"" + s.label + "\" has " + check::str(s.x.size()) +
                            " x values but " + check::str(s.y.size()) + " y values");
    const PLINT c = table.add(s.color);
    plcol0(c);
    plwidth(s.width);
    pllsty(line_style(s.style));
    std::vector<PLFLT> x(s.x.size());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = tx(panel, s.x[i]);
    // Draw finite runs only (NaN breaks the line).
    std::size_t start = 0;
    while (start < x.size()) {
      while (start < x.size() && !(std::isfinite(x[start]) && std::isfinite(s.y[start]))) ++start;
      std::size_t stop = start;
      while (stop < x.size() && std::isfinite(x[stop]) && std::isfinite(s.y[stop])) ++stop;
      if (stop > start)
        plline(static_cast<PLINT>(stop - start), x.data() + start, s.y.data() + start);
      start = stop;
    }
    if (s.markers) plpoin(static_cast<PLINT>(x.size()), x.data(), s.y.data(), 17);
    if (!s.label.empty()) legend.push_back({s.label, c, line_style(s.style), s.width, false});
  }
  for (const auto& v : panel.vertical_lines) {
    const PLINT c = table.add(v.color);
    plcol0(c);
    plwidth(1.5);
    pllsty(line_style(v.style));
    const PLFLT xs[2] = {tx(panel, v.x), tx(panel, v.x)};
    const PLFLT ys[2] = {yr.lo, yr.hi};
    plline(2, xs, ys);
    if (!v.label.empty()) legend.push_back({v.label, c, line_style(v.style), 1.5, false});
  }
  pllsty(1);
  plwidth(1.0);
  draw_legend(panel, legend);
}

void draw_histogram_panel(const Panel& panel, ColourTable& table) {
  const Histogram& h = *panel.histogram;
  Range xr;
  for (double v : h.values) xr.add(v);
  if (xr.empty()) { xr.lo = -1; xr.hi = 1; }
  if (xr.hi == xr.lo) { xr.lo -= 0.5; xr.hi += 0.5; }
  const int bins = std::max(1, h.bins);
  std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
  const double width = (xr.hi - xr.lo) / bins;
  std::size_t finite = 0;
  for (double v : h.values) {
    if (!std::isfinite(v)) continue;
    auto b = static_cast<long>((v - xr.lo) / width);
    b = std::clamp(b, 0L, static_cast<long>(bins - 1));
    counts[static_cast<std::size_t>(b)] += 1.0;
    ++finite;
  }
  if (h.density && finite > 0)
    for (double& c : counts) c /= static_cast<double>(finite) * width;
  const double top = *std::max_element(counts.begin(), counts.end());
  draw_frame(panel, xr.lo, xr.hi, 0.0, top > 0 ? top * 1.08 : 1.0);
  const PLINT c = table.add(h.color);
  for (int b = 0; b < bins; ++b) {
    const double x0 = xr.lo + b * width, x1 = x0 + width, y = counts[static_cast<std::size_t>(b)];
    if (y <= 0) continue;
    const PLFLT xs[4] = {x0, x0, x1, x1}, ys[4] = {0, y, y, 0};
    plcol0(c);
    plfill(4, xs, ys);
    plcol0(kWhite);
    plwidth(0.5);
    plline(4, xs, ys);
  }
  plcol0(kBlack);
  plwidth(1.0);
}

void draw_bars_panel(const Panel& panel, ColourTable& table) {
  const BarGroup& g = *panel.bars;
  const std::size_t nc = g.categories.size(), nm = g.members.size();
  if (g.heights.size() != nm)
    throw InvalidArgument("save_png: bar chart has " + check::str(nm) + " members but " +
                          check::str(g.heights.size()) + " height lists");
  Range yr;
  yr.add(0.0);
  for (const auto& row : g.heights) {
    if (row.size() != nc)
      throw InvalidArgument("save_png: bar chart has " + check::str(nc) + " categories but a member has " +
                            check::str(row.size()) + " heights");
    for (double v : row) yr.add(v);
  }
  yr.hi += (yr.hi - yr.lo) * 0.15 + 1e-12;
  if (panel.ylim) { yr.lo = panel.ylim->first; yr.hi = panel.ylim->second; }
  plwind(-0.5, static_cast<double>(nc) - 0.5, yr.lo, yr.hi);
  plcol0(kGrid);
  plwidth(0.5);
  plbox("", 0.0, 0, "g", 0.0, 0);
  plcol0(kBlack);
  plwidth(1.0);
  plbox("bc", 0.0, 0, "bcnstv", 0.0, 0);
  pllab(panel.xlabel.c_str(), panel.ylabel.c_str(), panel.title.c_str());
  for (std::size_t k = 0; k < nc; ++k)
    plmtex("b", 1.5, (static_cast<double>(k) + 0.5) / static_cast<double>(nc), 0.5, g.categories[k].c_str());
  std::vector<LegendEntry> legend;
  const double group_width = 0.8, bar = group_width / static_cast<double>(std::max<std::size_t>(nm, 1));
  for (std::size_t m = 0; m < nm; ++m) {
    const PLINT c = table.add(palette(m));
    for (std::size_t k = 0; k < nc; ++k) {
      const double x0 = static_cast<double>(k) - group_width / 2 + static_cast<double>(m) * bar;
      const double y = g.heights[m][k];
      const PLFLT xs[4] = {x0, x0, x0 + bar, x0 + bar}, ys[4] = {0, y, y, 0};
      plcol0(c);
      plfill(4, xs, ys);
    }
    legend.push_back({g.members[m], c, 1, 1.0, true});
  }
  draw_legend(panel, legend);
}

void draw_heatmap_panel(const Panel& panel) {
  const Heatmap& h = *panel.heatmap;
  const Index rows_count = h.values.rows(), cols_count = h.values.cols();
  if (rows_count == 0 || cols_count == 0) throw InvalidArgument("save_png: empty heatmap");
  const double lo = std::isnan(h.zmin) ? h.values.minCoeff() : h.zmin;
  const double hi = std::isnan(h.zmax) ? h.values.maxCoeff() : h.zmax;
  // "hot" colour map: black - red - yellow - white.
  const PLFLT pos[4] = {0.0, 0.35, 0.7, 1.0};
  const PLFLT r[4] = {0.0, 0.9, 1.0, 1.0}, g[4] = {0.0, 0.0, 0.85, 1.0}, b[4] = {0.0, 0.0, 0.0, 1.0};
  plscmap1n(256);
  plscmap1l(1, 4, pos, r, g, b, nullptr);
  // plimage wants idata[nx][ny] with x = column, y = row (bottom to top).
  std::vector<std::vector<PLFLT>> data(static_cast<std::size_t>(cols_count),
                                       std::vector<PLFLT>(static_cast<std::size_t>(rows_count)));
  std::vector<const PLFLT*> ptrs(static_cast<std::size_t>(cols_count));
  for (Index j = 0; j < cols_count; ++j) {
    for (Index i = 0; i < rows_count; ++i)
      data[static_cast<std::size_t>(j)][static_cast<std::size_t>(rows_count - 1 - i)] = h.values(i, j);
    ptrs[static_cast<std::size_t>(j)] = data[static_cast<std::size_t>(j)].data();
  }
  const double x1 = static_cast<double>(cols_count), y1 = static_cast<double>(rows_count);
  plwind(0.0, x1, 0.0, y1);
  const double zmax = hi > lo ? hi : lo + 1.0;
  // plimagefr maps [lo, zmax] onto the colour map (plimage would rescale to the data).
  plimagefr(ptrs.data(), static_cast<PLINT>(cols_count), static_cast<PLINT>(rows_count), 0.0, x1, 0.0, y1,
            lo, zmax, lo, zmax, nullptr, nullptr);
  plcol0(kBlack);
  plbox("bc", 0.0, 0, "bc", 0.0, 0);
  pllab(panel.xlabel.c_str(), panel.ylabel.c_str(), panel.title.c_str());
  // Colour bar.
  PLFLT cb_width = 0, cb_height = 0;
  const char* label = h.colorbar_label.c_str();
  PLINT label_opts[1] = {PL_COLORBAR_LABEL_RIGHT};
  const char* axis_opts[1] = {"bcvtm"};
  PLFLT ticks[1] = {0.0};
  PLINT sub_ticks[1] = {0};
  PLINT n_values[1] = {2};
  PLFLT values_data[2] = {lo, zmax};
  const PLFLT* values[1] = {values_data};
  plcolorbar(&cb_width, &cb_height, PL_COLORBAR_GRADIENT, PL_POSITION_RIGHT | PL_POSITION_OUTSIDE |
                 PL_POSITION_VIEWPORT, 0.03, 0.0, 0.04, 0.9,
             kWhite, kBlack, 1, 0.0, 0.0, 0, 1.0, 1, label_opts, &label, 1, axis_opts, ticks, sub_ticks,
             n_values, values);
}

}  // namespace

Color palette(std::size_t i) {
  static const Color colours[] = {{31, 119, 180}, {214, 39, 40},  {44, 160, 44},   {255, 127, 14},
                                  {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                  {188, 189, 34},  {23, 190, 207}};
  return colours[i % 10];
}

void save_png(const Figure& figure, const std::string& path) {
  if (figure.panels.empty()) throw InvalidArgument("save_png: the figure has no panels");
  if (figure.width < 100 || figure.height < 100 || figure.columns < 1)
    throw InvalidArgument("save_png: figure size must be at least 100 x 100 pixels with >= 1 column; got " +
                          check::str(figure.width) + " x " + check::str(figure.height));
  const std::string temp = path + ".tmp." + std::to_string(::getpid()) + "." +
                           std::to_string(figure_counter.fetch_add(1)) + ".png";
  {
    // PLplot exits the process when it cannot open its output: make sure it can.
    std::FILE* probe = std::fopen(temp.c_str(), "wb");
    if (!probe)
      throw DataError(path + ": cannot write the figure: " + std::strerror(errno));
    std::fclose(probe);
  }
  {
    std::lock_guard<std::mutex> lock(plplot_mutex);
    PLINT stream = 0;
    plmkstrm(&stream);
    plsdev("pngcairo");
    plsfnam(temp.c_str());
    plspage(0.0, 0.0, figure.width, figure.height, 0, 0);
    plscmap0n(kColours);
    plscolbg(255, 255, 255);
    plscol0(kBlack, 0, 0, 0);
    plscol0(kGrid, 225, 225, 225);
    plscol0(kWhite, 255, 255, 255);
    const int columns = figure.columns;
    const int rows_count = (static_cast<int>(figure.panels.size()) + columns - 1) / columns;
    plssub(columns, rows_count);
    plinit();
    plfontld(1);
    // Character height: readable at the figure's size, smaller with more panel rows.
    // Character height: PLplot scales text with the subpage, so shrink it as the grid
    // grows, and with the page height (the default suits about 600 pixels per row).
    const double per_row = static_cast<double>(figure.height) / rows_count;
    plschr(0.0, std::clamp(0.8 * std::sqrt(per_row / 600.0) * (columns > 1 ? 0.9 : 1.0), 0.5, 1.0));
    ColourTable table;
    try {
      for (const Panel& panel : figure.panels) {
        pladv(0);
        // Margins in pixels of the panel, so labels fit whatever the grid.
        const double sub_w = static_cast<double>(figure.width) / columns;
        const double sub_h = static_cast<double>(figure.height) / rows_count;
        const double left = std::clamp(100.0 / sub_w, 0.06, 0.25);
        const double right = 1.0 - std::clamp((panel.heatmap ? 130.0 : 25.0) / sub_w, 0.02, 0.3);
        const double bottom = std::clamp(75.0 / sub_h, 0.08, 0.3);
        const double top = 1.0 - std::clamp(50.0 / sub_h, 0.05, 0.25);
        plvpor(left, right, bottom, top);
        if (panel.heatmap) draw_heatmap_panel(panel);
        else if (panel.histogram) draw_histogram_panel(panel, table);
        else if (panel.bars) draw_bars_panel(panel, table);
        else draw_lines_panel(panel, table);
      }
    } catch (...) {
      plend1();
      std::remove(temp.c_str());
      throw;
    }
    plend1();
  }
  std::error_code ec;
  if (!std::filesystem::exists(temp, ec) || std::filesystem::file_size(temp, ec) == 0) {
    std::remove(temp.c_str());
    throw DataError(path + ": cannot write the figure (PLplot's pngcairo driver wrote nothing; is "
                           "plplot-driver-cairo installed and the folder writable?)");
  }
  commit_file_atomic(temp, path);  // fsync, rename, fsync the directory
}

}  // namespace regkit::report
