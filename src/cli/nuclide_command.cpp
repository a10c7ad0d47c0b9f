// rptdose nuclide NAME [--json] [--max-half-life-d D]: half-life, chain members and energy per decay.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "options.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/chain.hpp"

namespace rptdose::cli {

namespace {

const CommandSpec kSpec{
    .name = "nuclide",
    .description =
        "Half-life, decay chain (decays of each member per parent decay, in-situ equilibrium) and mean\n"
        "energy emitted per decay by category (MeV), from ICRP Publication 107.\n"
        "NAME: Lu-177, 177Lu, lu177, Tc-99m, Ac-225, ...",
    .options = {flag("json", "print JSON (keys: name, half_life_s, members, total, cut)"),
                number("max-half-life-d", "DAYS", "follow daughters with half-lives up to DAYS (default 30)",
                       positive())},
    .positional = {"NAME", 1, 1},
};

nlohmann::json energy_json(const nuclides::EnergyByCategory& e) {
  return {{"alpha_MeV", e.alpha_MeV},
          {"alpha_recoil_MeV", e.alpha_recoil_MeV},
          {"electron_MeV", e.electron_MeV},
          {"photon_MeV", e.photon_MeV}};
}

}  // namespace

int run_nuclide(const std::vector<std::string>& args) {
  const ParsedOptions parsed = kSpec.parse(args);
  nuclides::ChainOptions options;
  if (const auto days = parsed.number("max-half-life-d"))
    options.max_daughter_half_life_s = *days * units::kSecondsPerDay;
  const auto chain = nuclides::expand_chain(parsed.positional()[0], options);
  const auto total = chain.energy_per_parent_decay();

  if (parsed.flag("json")) {
    nlohmann::json out;
    out["name"] = chain.parent().name();
    out["half_life_s"] = chain.parent().half_life_s();
    out["members"] = nlohmann::json::array();
    for (const auto& member : chain.members()) {
      auto entry = energy_json(member.nuclide->energy_per_decay());
      entry["name"] = member.nuclide->name();
      entry["half_life_s"] = member.nuclide->half_life_s();
      entry["decays_per_parent"] = member.decays_per_parent_decay;
      out["members"].push_back(entry);
    }
    out["total"] = energy_json(total);
    out["cut"] = nlohmann::json::array();
    for (const auto& cut : chain.cut()) {
      out["cut"].push_back(
          {{"name", cut.name}, {"half_life_s", cut.half_life_s}, {"decays_per_parent", cut.decays_per_parent_decay}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  std::cout << chain.parent().name() << ": half-life " << format_number("%.6g", chain.parent().half_life_s()) << " s ("
            << format_number("%.4g", chain.parent().half_life_s() / units::kSecondsPerHour) << " h)\n\n"
            << "mean energy emitted per decay of each member (MeV):\n"
            << "  member      decays/parent      alpha     recoil   electron     photon\n";
  auto row = [](const std::string& name, const std::string& decays, const nuclides::EnergyByCategory& e) {
    std::string label = name;
    label.resize(10, ' ');
    std::cout << "  " << label << decays << format_number(" %10.5f", e.alpha_MeV)
              << format_number(" %10.5f", e.alpha_recoil_MeV) << format_number(" %10.5f", e.electron_MeV)
              << format_number(" %10.5f", e.photon_MeV) << "\n";
  };
  for (const auto& member : chain.members()) {
    char decays[32];
    std::snprintf(decays, sizeof decays, "%15.6g", member.decays_per_parent_decay);
    row(member.nuclide->name(), decays, member.nuclide->energy_per_decay());
  }
  row("chain", "     per parent", total);
  for (const auto& cut : chain.cut()) {
    std::cout << "  not followed: " << cut.name << " (half-life "
              << format_number("%.4g", cut.half_life_s / units::kSecondsPerDay) << " d, "
              << format_number("%.6g", cut.decays_per_parent_decay) << " per parent decay)\n";
  }
  return 0;
}

}  // namespace rptdose::cli
