// Fashion-MNIST from Debian's dataset-fashion-mnist IDX files, split as the seeds do.
#include "regkit/nn/fashion_mnist.hpp"

#include <cstring>
#include <filesystem>

#include "regkit/core/errors.hpp"
#include "regkit/data/readers.hpp"

namespace regkit::nn {
namespace {

std::string find_file(const std::string& dir, const std::string& stem) {
  for (const std::string& name : {stem + ".gz", stem}) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    if (std::filesystem::exists(path)) return path;
  }
  throw DataError("Fashion-MNIST: " + (std::filesystem::path(dir) / (stem + ".gz")).string() +
                  " not found; install the Debian package dataset-fashion-mnist "
                  "(apt install dataset-fashion-mnist) or give the directory that holds the IDX files");
}

ImageSet read_pair(const std::string& dir, const std::string& images, const std::string& labels) {
  const std::string image_path = find_file(dir, images), label_path = find_file(dir, labels);
  const data::RawArray x = data::read_idx(image_path);
  const data::RawArray y = data::read_idx(label_path);
  if (x.dtype != data::DType::u8 || x.shape.size() != 3)
    throw DataError(image_path + ": expected uint8 images n x rows x cols");
  if (y.dtype != data::DType::u8 || y.shape.size() != 1 || y.shape[0] != x.shape[0])
    throw DataError(label_path + ": expected " + std::to_string(x.shape[0]) + " uint8 labels");
  ImageSet set;
  set.n = x.shape[0];
  set.p = x.shape[1] * x.shape[2];
  set.pixels = x.bytes;
  set.labels.resize(static_cast<std::size_t>(set.n));
  for (Index i = 0; i < set.n; ++i) set.labels[static_cast<std::size_t>(i)] = static_cast<float>(y.bytes[static_cast<std::size_t>(i)]);
  return set;
}

ImageSet take(const ImageSet& from, Index begin, Index end) {
  ImageSet s;
  s.n = end - begin;
  s.p = from.p;
  s.pixels.assign(from.pixels.begin() + begin * from.p, from.pixels.begin() + end * from.p);
  s.labels.assign(from.labels.begin() + begin, from.labels.begin() + end);
  return s;
}

}  // namespace

FashionMnist load_fashion_mnist(const std::string& dir, Index validation) {
  ImageSet full = read_pair(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  if (validation < 0 || validation >= full.n)
    throw InvalidArgument("load_fashion_mnist: validation must be in [0, " + std::to_string(full.n) + "); got " +
                          std::to_string(validation));
  FashionMnist d;
  d.validation = take(full, 0, validation);
  d.train = take(full, validation, full.n);
  d.test = read_pair(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
  return d;
}

}  // namespace regkit::nn
