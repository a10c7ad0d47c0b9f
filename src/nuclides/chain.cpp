#include "rptdose/nuclides/chain.hpp"

#include <cstdio>
#include <map>
#include <queue>
#include <set>

#include "rptdose/core/error.hpp"

namespace rptdose::nuclides {

DecayChain::DecayChain(std::vector<ChainMember> members, std::vector<CutMember> cut)
    : members_(std::move(members)), cut_(std::move(cut)) {
  if (members_.empty()) throw InvalidInput("a decay chain needs at least its parent");
}

EnergyByCategory DecayChain::energy_per_parent_decay() const {
  EnergyByCategory total;
  for (const auto& member : members_)
    total.add_scaled(member.nuclide->energy_per_decay(), member.decays_per_parent_decay);
  return total;
}

std::string DecayChain::describe() const {
  std::string text;
  for (const auto& member : members_) {
    char decays[32];
    std::snprintf(decays, sizeof decays, "%.6g", member.decays_per_parent_decay);
    text += (text.empty() ? "" : ", ") + member.nuclide->name() + " (" + decays + ")";
  }
  return text;
}

DecayChain expand_chain(std::string_view parent_name, const ChainOptions& options, const DecayDatabase& database) {
  const Nuclide& parent = database.get(parent_name);
  // Collect the members that are followed (parent + short-lived radioactive daughters) in discovery order, and
  // the number of followed members feeding each one.
  std::vector<const Nuclide*> followed{&parent};
  std::map<std::string, int> feeders;
  std::set<std::string> cut_names;
  for (std::size_t n = 0; n < followed.size(); ++n) {
    for (const auto& mode : followed[n]->decay_modes()) {
      if (mode.progeny.empty() || !database.contains(mode.progeny)) continue;  // fission, or stable progeny
      const Nuclide& daughter = database.get(mode.progeny);
      if (daughter.half_life_s() > options.max_daughter_half_life_s) {
        cut_names.insert(daughter.name());
        continue;
      }
      if (feeders[daughter.name()]++ == 0) followed.push_back(&daughter);
    }
  }
  // Leaving fractions by canonical name, each naming a followed daughter.
  std::map<std::string, double> leaving;
  for (const auto& [name, fraction] : options.leaving_fraction) {
    const Nuclide& daughter = database.get(name);
    if (!(fraction >= 0.0 && fraction <= 1.0))
      throw InvalidInput("leaving fraction of " + daughter.name() + " is " + std::to_string(fraction) +
                         ": give a fraction between 0 and 1");
    if (&daughter == &parent || feeders.count(daughter.name()) == 0)
      throw InvalidInput(daughter.name() + " is not a daughter in the chain of " + parent.name() +
                         ": a leaving fraction applies to a daughter only");
    if (!leaving.emplace(daughter.name(), fraction).second)
      throw InvalidInput("leaving fraction of " + daughter.name() + " is given twice (as \"" + name +
                         "\" and another spelling): give it once");
  }
  // Kahn's topological order: a member's decays are final once every feeder has passed its share on.
  std::map<std::string, double> decays{{parent.name(), 1.0}};
  std::map<std::string, double> cut_decays;
  std::vector<ChainMember> members;
  std::queue<const Nuclide*> ready;
  ready.push(&parent);
  while (!ready.empty()) {
    const Nuclide* member = ready.front();
    ready.pop();
    const auto left = leaving.find(member->name());
    const double member_decays = decays[member->name()] * (left == leaving.end() ? 1.0 : 1.0 - left->second);
    members.push_back({member, member_decays});
    for (const auto& mode : member->decay_modes()) {
      if (mode.progeny.empty() || !database.contains(mode.progeny)) continue;
      const double passed = member_decays * mode.fraction;
      if (cut_names.count(mode.progeny)) {
        cut_decays[mode.progeny] += passed;
        continue;
      }
      decays[mode.progeny] += passed;
      if (--feeders[mode.progeny] == 0) ready.push(&database.get(mode.progeny));
    }
  }
  if (members.size() != followed.size()) {
    throw NumericalError("decay chain of " + parent.name() +
                         " has a cycle in the decay data: check data/decay/nuclides.csv");
  }
  std::vector<CutMember> cut;
  for (const auto& [name, n] : cut_decays) cut.push_back({name, database.get(name).half_life_s(), n});
  return DecayChain(std::move(members), std::move(cut));
}

}  // namespace rptdose::nuclides
