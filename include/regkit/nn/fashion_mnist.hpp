// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from the IDX files of Debian's
// dataset-fashion-mnist package, split as the seed notebooks do:
//   validation  the first 5,000 training images    train  the other 55,000
//   test        the 10,000 test images
// Pixels stay uint8 (784 per image, row-major), views scale them by 1/255 when a batch
// is formed; labels are 0..9 as float. The whole set is about 55 MB in memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "regkit/nn/tensor.hpp"

namespace regkit::nn {

inline constexpr const char* fashion_mnist_default_dir = "/usr/share/datasets/fashion-mnist";

struct ImageSet {
  std::vector<std::uint8_t> pixels;  // n x p row-major
  std::vector<float> labels;         // n
  Index n = 0, p = 0;
  ArrayView x() const { return ArrayView::u8(pixels.data(), n, p); }
  ArrayView y() const { return ArrayView::f32(labels.data(), n, 1); }
};

struct FashionMnist {
  ImageSet train, validation, test;
};

// Reads train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-... from dir.
// A missing file is a DataError naming it and the package (apt install dataset-fashion-mnist).
FashionMnist load_fashion_mnist(const std::string& dir = fashion_mnist_default_dir, Index validation = 5000);

}  // namespace regkit::nn
