// Python bindings of the nn layer (nn/sequential.hpp): the network object the Keras-style
// classes of regkit/nn.py drive. Inputs are C-ordered (row-major) float32, float64 or
// uint8 arrays read in place through nn::ArrayView; labels / targets float32. The GIL is
// released during fit, evaluate and predict; the per-epoch callback takes it back.
#include "convert.hpp"
#include "regkit/core/errors.hpp"
#include "regkit/nn/fashion_mnist.hpp"
#include "regkit/nn/optimizers/registry.hpp"
#include "regkit/nn/sequential.hpp"

namespace regkit::python {

namespace {

nn::ArrayView array_view(const py::array& a, const char* name, double u8_scale) {
  if (a.ndim() != 2 || !(a.flags() & py::array::c_style))
    throw py::type_error(std::string("regkit.nn: ") + name +
                         " must be a 2-D C-ordered array; got a " + describe_array(a));
  const Index n = a.shape(0), p = a.shape(1);
  if (a.dtype().is(py::dtype::of<float>()))
    return nn::ArrayView::f32(static_cast<const float*>(a.data()), n, p);
  if (a.dtype().is(py::dtype::of<double>()))
    return nn::ArrayView::f64(static_cast<const double*>(a.data()), n, p);
  if (a.dtype().is(py::dtype::of<std::uint8_t>()))
    return nn::ArrayView::u8(static_cast<const std::uint8_t*>(a.data()), n, p, u8_scale);
  throw py::type_error(std::string("regkit.nn: ") + name +
                       " must hold float32, float64 or uint8 values; got " + describe_array(a));
}

py::dict history_dict(const nn::History& h) {
  py::dict d;
  d["loss"] = h.loss;
  d["accuracy"] = h.accuracy;
  d["penalty"] = h.penalty;
  d["val_loss"] = h.val_loss;
  d["val_accuracy"] = h.val_accuracy;
  d["seconds"] = h.seconds;
  d["best_epoch"] = h.best_epoch;
  d["stopped_early"] = h.stopped_early;
  return d;
}

// {monitor, patience, min_delta, restore_best_weights, rule ("keras" | "best_seen")}:
// nn::EarlyStopping; missing keys keep its defaults.
nn::EarlyStopping stopping_from(const py::dict& d) {
  nn::EarlyStopping es;
  for (const auto& [key, value] : d) {
    const auto k = key.cast<std::string>();
    if (k == "monitor") es.monitor = value.cast<std::string>();
    else if (k == "patience") es.patience = value.cast<int>();
    else if (k == "min_delta") es.min_delta = value.cast<double>();
    else if (k == "restore_best_weights") es.restore_best_weights = value.cast<bool>();
    else if (k == "rule") {
      const auto r = value.cast<std::string>();
      if (r == "keras") es.rule = nn::StoppingRule::keras;
      else if (r == "best_seen") es.rule = nn::StoppingRule::best_seen;
      else throw InvalidArgument("EarlyStopping: rule must be 'keras' or 'best_seen'; got '" + r + "'");
    } else {
      throw InvalidArgument("EarlyStopping: unknown setting '" + k +
                            "' (monitor, patience, min_delta, restore_best_weights, rule)");
    }
  }
  return es;
}

nn::Regularizer regularizer(const std::pair<double, double>& l1_l2) {
  return {l1_l2.first, l1_l2.second};
}

}  // namespace

void bind_nn(py::module_& m) {
  using namespace pybind11::literals;
  using nn::Sequential;

  py::class_<Sequential>(m, "Sequential", "regkit::nn::Sequential (float32)")
      .def(py::init<>())
      .def(
          "add_dense",
          [](Sequential& s, Index units, const std::string& activation,
             const std::string& kernel_initializer, std::pair<double, double> kernel_regularizer,
             std::pair<double, double> bias_regularizer, bool use_bias) {
            nn::Dense d;
            d.units = units;
            d.activation = activation;
            d.kernel_initializer = kernel_initializer;
            d.kernel_regularizer = regularizer(kernel_regularizer);
            d.bias_regularizer = regularizer(bias_regularizer);
            d.use_bias = use_bias;
            s.add(d);
          },
          "units"_a, "activation"_a = "linear", "kernel_initializer"_a = "glorot_uniform",
          "kernel_regularizer"_a = std::pair<double, double>{0.0, 0.0},
          "bias_regularizer"_a = std::pair<double, double>{0.0, 0.0}, "use_bias"_a = true)
      .def(
          "add_dropout",
          [](Sequential& s, double rate, std::uint64_t seed) {
            nn::Dropout d;
            d.rate = rate;
            d.seed = seed;
            s.add(d);
          },
          "rate"_a, "seed"_a = 0)
      .def(
          "compile",
          [](Sequential& s, const std::string& optimizer, std::optional<double> learning_rate,
             std::optional<double> momentum, std::optional<double> weight_decay,
             double proximal_l1, bool nesterov, const std::string& loss) {
            nn::OptimizerSettings settings;
            settings.learning_rate = learning_rate;
            settings.momentum = momentum;
            settings.weight_decay = weight_decay;
            settings.proximal_l1 = proximal_l1;
            settings.nesterov = nesterov;
            s.compile(nn::make_optimizer<float>(optimizer, settings), loss);
          },
          "optimizer"_a, "learning_rate"_a = py::none(), "momentum"_a = py::none(),
          "weight_decay"_a = py::none(), "proximal_l1"_a = 0.0, "nesterov"_a = false,
          "loss"_a)
      .def("build", &Sequential::build, "input_dim"_a, "seed"_a = 0)
      .def_property_readonly("built", &Sequential::built)
      .def(
          "fit",
          [](Sequential& s, const py::array& x, const py::array& y, int epochs,
             Index batch_size, const std::optional<py::array>& x_val,
             const std::optional<py::array>& y_val, double validation_split, bool shuffle,
             std::uint64_t seed, int threads, double u8_scale, const py::object& on_epoch_end,
             const std::optional<py::dict>& early_stopping) {
            nn::FitOptions o;
            if (early_stopping) o.early_stopping = stopping_from(*early_stopping);
            o.epochs = epochs;
            o.batch_size = batch_size;
            if (x_val && y_val)
              o.validation_data = nn::ValidationData{array_view(*x_val, "validation x", u8_scale),
                                                     array_view(*y_val, "validation y", 1.0)};
            o.validation_split = validation_split;
            o.shuffle = shuffle;
            o.seed = seed;
            o.threads = threads;
            if (!on_epoch_end.is_none())
              o.on_epoch_end = [on_epoch_end](const nn::EpochLog& log) {
                py::gil_scoped_acquire acquire;
                py::dict d;
                d["epoch"] = log.epoch;
                d["epochs"] = log.epochs;
                d["loss"] = log.loss;
                d["accuracy"] = log.accuracy;
                d["penalty"] = log.penalty;
                if (log.has_validation) {
                  d["val_loss"] = log.val_loss;
                  d["val_accuracy"] = log.val_accuracy;
                }
                d["seconds"] = log.seconds;
                on_epoch_end(d);
              };
            const nn::ArrayView xv = array_view(x, "x", u8_scale);
            const nn::ArrayView yv = array_view(y, "y", 1.0);
            nn::History h;
            {
              py::gil_scoped_release release;
              h = s.fit(xv, yv, o);
            }
            return history_dict(h);
          },
          "x"_a, "y"_a, "epochs"_a = 1, "batch_size"_a = 32, "x_val"_a = py::none(),
          "y_val"_a = py::none(), "validation_split"_a = 0.0, "shuffle"_a = true, "seed"_a = 0,
          "threads"_a = 0, "u8_scale"_a = 1.0, "on_epoch_end"_a = py::none(),
          "early_stopping"_a = py::none())
      .def(
          "evaluate",
          [](Sequential& s, const py::array& x, const py::array& y, Index batch_size,
             double u8_scale) {
            const nn::ArrayView xv = array_view(x, "x", u8_scale);
            const nn::ArrayView yv = array_view(y, "y", 1.0);
            nn::Evaluation e;
            {
              py::gil_scoped_release release;
              e = s.evaluate(xv, yv, batch_size);
            }
            py::dict d;
            d["loss"] = e.loss;
            d["accuracy"] = e.accuracy;
            d["penalty"] = e.penalty;
            return d;
          },
          "x"_a, "y"_a, "batch_size"_a = 256, "u8_scale"_a = 1.0)
      .def(
          "predict",
          [](Sequential& s, const py::array& x, Index batch_size, double u8_scale) {
            const nn::ArrayView xv = array_view(x, "x", u8_scale);
            nn::RowMatrix<float> out;
            {
              py::gil_scoped_release release;
              out = s.predict(xv, batch_size);
            }
            return out;
          },
          "x"_a, "batch_size"_a = 256, "u8_scale"_a = 1.0)
      .def("penalty", &Sequential::penalty)
      .def(
          "get_weights",
          [](Sequential& s) {
            py::list out;
            for (const auto& p : s.parameters()) {
              py::array_t<float> a({p.rows, p.cols});
              std::copy(p.value, p.value + p.size, a.mutable_data());
              out.append(p.is_bias ? a.attr("reshape")(p.cols) : py::object(a));
            }
            return out;
          },
          "Copies of every parameter, in layer order: kernel (in x out), bias (out).")
      .def(
          "parameter_names",
          [](Sequential& s) {
            std::vector<std::string> names;
            for (const auto& p : s.parameters()) names.push_back(p.name);
            return names;
          })
      .def(
          "set_weights",
          [](Sequential& s, const std::vector<py::array_t<float, py::array::c_style | py::array::forcecast>>& weights) {
            auto params = s.parameters();
            if (weights.size() != params.size())
              throw InvalidArgument("Sequential.set_weights: got " + std::to_string(weights.size()) +
                                    " arrays; the network has " + std::to_string(params.size()) +
                                    " parameters");
            for (std::size_t i = 0; i < params.size(); ++i) {
              if (weights[i].size() != params[i].size)
                throw InvalidArgument("Sequential.set_weights: " + params[i].name + " has " +
                                      std::to_string(params[i].size) + " values; got " +
                                      std::to_string(weights[i].size()));
              std::copy(weights[i].data(), weights[i].data() + params[i].size, params[i].value);
            }
          })
      .def(
          "optimizer_state",
          [](Sequential& s) -> py::object {
            if (s.optimizer() == nullptr || !s.built()) return py::none();
            const nn::OptimizerState<float> st = s.optimizer()->state(s.parameters());
            py::list buffers;
            for (const auto& named : st.buffers) {
              py::dict b;
              for (const auto& [name, values] : named) {
                py::array_t<float> a(static_cast<py::ssize_t>(values.size()));
                std::copy(values.begin(), values.end(), a.mutable_data());
                b[py::str(name)] = a;
              }
              buffers.append(b);
            }
            py::dict d;
            d["optimizer"] = st.optimizer;
            d["iterations"] = st.iterations;
            d["buffers"] = buffers;
            return d;
          },
          "The optimizer's state (step count; momentum or Adam moments per parameter, in "
          "get_weights order), or None before compile and build. For pickling.")
      .def(
          "set_optimizer_state",
          [](Sequential& s, const py::dict& d) {
            if (s.optimizer() == nullptr || !s.built())
              throw InvalidArgument("Sequential.set_optimizer_state: compile and build the network first");
            nn::OptimizerState<float> st;
            st.optimizer = d["optimizer"].cast<std::string>();
            st.iterations = d["iterations"].cast<std::int64_t>();
            for (const auto& b : d["buffers"].cast<py::list>()) {
              std::map<std::string, std::vector<float>> named;
              for (const auto& [name, values] : b.cast<py::dict>()) {
                const auto a = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(values);
                if (!a) throw InvalidArgument("Sequential.set_optimizer_state: buffer '" +
                                              name.cast<std::string>() + "' is not a float array");
                named[name.cast<std::string>()] = std::vector<float>(a.data(), a.data() + a.size());
              }
              st.buffers.push_back(std::move(named));
            }
            s.optimizer()->set_state(s.parameters(), st);  // checks name, count and sizes
          },
          "state"_a)
      .def("save", &Sequential::save, "path"_a)
      .def_static("load", &Sequential::load, "path"_a)
      .def_property_readonly("input_dim", &Sequential::input_dim)
      .def_property_readonly("output_dim", &Sequential::output_dim)
      .def_property_readonly("loss_name", &Sequential::loss_name);

  m.def(
      "load_fashion_mnist",
      [](const std::string& dir, Index validation) {
        nn::FashionMnist data;
        {
          py::gil_scoped_release release;
          data = nn::load_fashion_mnist(dir, validation);
        }
        auto images = [](nn::ImageSet& s) {
          py::array_t<std::uint8_t> x({s.n, s.p});
          std::copy(s.pixels.begin(), s.pixels.end(), x.mutable_data());
          py::array_t<float> y(s.n);
          std::copy(s.labels.begin(), s.labels.end(), y.mutable_data());
          return py::make_tuple(x, y);
        };
        return py::make_tuple(images(data.train), images(data.validation), images(data.test));
      },
      "dir"_a = nn::fashion_mnist_default_dir, "validation"_a = 5000,
      "((x_train, y_train), (x_valid, y_valid), (x_test, y_test)): uint8 pixels n x 784, "
      "float32 labels, split as the seed notebooks do (nn/fashion_mnist.hpp).");
}

}  // namespace regkit::python
