// libFuzzer target: the CLI's run specs (core/run_spec.hpp), "NAME:key=value,flag".
#include <string>

#include "fuzz_support.hpp"
#include "regkit/core/run_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  regkit::fuzz::expect_regkit_errors_only([&] {
    const auto spec = regkit::parse_run_spec(text);
    if (spec.name.empty()) regkit::fuzz::contract_broken("parse_run_spec: empty name accepted");
    const auto args = spec.as_arguments();
    if (args.size() < spec.settings.size()) regkit::fuzz::contract_broken("as_arguments lost a setting");
    // The text is canonical enough to parse again to the same settings.
    std::string again = spec.name;
    for (std::size_t i = 0; i < spec.settings.size(); ++i) {
      again += (i == 0 ? ":" : ",") + spec.settings[i].first;
      if (!spec.settings[i].second.empty()) again += "=" + spec.settings[i].second;
    }
    if (parse_run_spec(again).settings != spec.settings)
      regkit::fuzz::contract_broken("parse_run_spec: re-parsing the normalized text changed the settings");
  });
  return 0;
}
