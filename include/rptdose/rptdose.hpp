#pragma once
// rptdose — radiopharmaceutical therapy dosimetry. Including this header gives the whole public C++ API.
#include "rptdose/version.hpp"

#include "rptdose/core/data_path.hpp"
#include "rptdose/core/error.hpp"
#include "rptdose/core/grid.hpp"
#include "rptdose/core/parallel.hpp"
#include "rptdose/core/progress.hpp"
#include "rptdose/core/units.hpp"
#include "rptdose/core/volume.hpp"

#include "rptdose/nuclides/chain.hpp"
#include "rptdose/nuclides/decay_database.hpp"
#include "rptdose/nuclides/nuclide.hpp"
#include "rptdose/nuclides/nuclide_name.hpp"
