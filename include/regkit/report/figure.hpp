// Figures drawn with PLplot's cairo driver (PNG), white background, readable labels and
// legends. A Figure is a grid of panels; a panel holds line series (solid or dashed,
// optional markers), error bars, vertical marker lines, histograms, bar groups or a
// heatmap. Only plain data goes in; the report layer decides what to draw.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "regkit/core/types.hpp"

namespace regkit::report {

struct Color {
  unsigned char r = 0, g = 0, b = 0;
};
// A palette of distinguishable colours (matplotlib's tab10), indexed cyclically.
Color palette(std::size_t i);

enum class LineStyle { solid, dashed, dotted };

struct Series {
  std::string label;       // empty: not in the legend
  std::vector<double> x, y;
  Color color;
  LineStyle style = LineStyle::solid;
  double width = 2.0;
  bool markers = false;
};

struct ErrorBars {
  std::vector<double> x, low, high;
  Color color{120, 120, 120};
};

struct VerticalLine {
  double x = 0.0;
  std::string label;  // shown in the legend
  Color color{80, 80, 80};
  LineStyle style = LineStyle::dashed;
};

struct Histogram {
  std::vector<double> values;
  int bins = 50;
  bool density = true;
  Color color{31, 119, 180};
};

struct BarGroup {          // grouped bars: categories on x, one bar per group member
  std::vector<std::string> categories;
  std::vector<std::string> members;              // legend entries
  std::vector<std::vector<double>> heights;      // [member][category]
};

struct Heatmap {
  Matrix values;           // rows drawn top to bottom, columns left to right
  std::string colorbar_label;
  // Colour scale; NaN = the panel's own min / max. Give the same range to panels that
  // should be compared by eye.
  double zmin = std::numeric_limits<double>::quiet_NaN();
  double zmax = std::numeric_limits<double>::quiet_NaN();
};

struct Panel {
  std::string title, xlabel, ylabel;
  bool log_x = false;      // x data are plain values; drawn on a log10 axis
  std::vector<Series> series;
  std::vector<ErrorBars> error_bars;
  std::vector<VerticalLine> vertical_lines;
  std::optional<Histogram> histogram;
  std::optional<BarGroup> bars;
  std::optional<Heatmap> heatmap;
  std::optional<std::pair<double, double>> xlim, ylim;
  bool legend = true;
  enum class LegendPosition { top_right, bottom_right, top_left, bottom_left } legend_position =
      LegendPosition::top_right;
};

struct Figure {
  int width = 1000, height = 600;  // pixels
  int columns = 1;                 // panels are laid out row by row
  std::vector<Panel> panels;
};

// Renders to PNG atomically (temporary file renamed into place). Throws DataError when
// the file cannot be written, InvalidArgument for an empty or inconsistent figure.
void save_png(const Figure& figure, const std::string& path);

}  // namespace regkit::report
