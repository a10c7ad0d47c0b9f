#pragma once
// rptdose::nuclides — decay chains. A parent is expanded into the members that decay where it decayed
// (in-situ equilibrium): integrated to infinite time, each member decays (number of parent decays) × (product
// of the branching fractions along every path to it, summed over paths) times. Expansion stops at stable
// nuclides and at members whose half-life is too long to matter within the patient; those are reported as cut.
// A daughter known to leave the site (e.g. free 213Bi or 212Bi after the recoil breaks the chelate) can be given a
// leaving fraction: that share of its decays, and of its descendants' decays, is removed from the chain.
//
// Module nuclides owns decay data, names and chains; it depends on core only, never on ITK or DCMTK.
#include <map>
#include <string>
#include <vector>

#include "rptdose/core/units.hpp"
#include "rptdose/nuclides/decay_database.hpp"

namespace rptdose::nuclides {

struct ChainOptions {
  /// Daughters with a longer half-life are not followed (their decays are spread over months or years and
  /// mostly happen after excretion). 30 days keeps every member of the 225Ac, 212Pb, 223Ra and 227Th chains
  /// and cuts e.g. 207Bi (31.6 y) from 211At.
  double max_daughter_half_life_s = 30.0 * units::kSecondsPerDay;
  /// Fraction (0..1) of a daughter's decays that happen away from the site, by nuclide name (any accepted
  /// spelling). Its daughters inherit the loss (they are made where it decays). Empty: in-situ equilibrium.
  std::map<std::string, double> leaving_fraction;
};

struct ChainMember {
  const Nuclide* nuclide;          ///< owned by the DecayDatabase
  double decays_per_parent_decay;  ///< time-integrated decays of this member per decay of the parent
};

/// A daughter left out of the chain, with the decays per parent decay it would have had.
struct CutMember {
  std::string name;
  double half_life_s;
  double decays_per_parent_decay;
};

class DecayChain {
 public:
  DecayChain(std::vector<ChainMember> members, std::vector<CutMember> cut);

  /// Members in decay order, the parent first (decays_per_parent_decay = 1).
  const std::vector<ChainMember>& members() const { return members_; }
  const std::vector<CutMember>& cut() const { return cut_; }
  const Nuclide& parent() const { return *members_.front().nuclide; }
  /// Σ over members of decays_per_parent_decay × energy per decay of the member (MeV per parent decay).
  EnergyByCategory energy_per_parent_decay() const;
  /// "Pb-212 (1), Bi-212 (1), Po-212 (0.6406), Tl-208 (0.3594)": members with their decays per parent decay.
  std::string describe() const;

 private:
  std::vector<ChainMember> members_;
  std::vector<CutMember> cut_;
};

/// Expands `parent` (any accepted spelling) into its chain. Throws UnknownNuclide for unknown names.
DecayChain expand_chain(std::string_view parent, const ChainOptions& options = {},
                        const DecayDatabase& database = DecayDatabase::instance());

}  // namespace rptdose::nuclides
