#include "rptdose/quantification/activity_scaling.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "rptdose/core/error.hpp"
#include "rptdose/core/volume_checks.hpp"

namespace rptdose::quantification {

Volume<float> scale_to_activity(Volume<float> image, double activity_Bq, std::string_view what) {
  if (!(std::isfinite(activity_Bq) && activity_Bq > 0))
    throw InvalidInput(std::string(what) + ": the activity in the image must be positive, got " +
                       std::to_string(activity_Bq) + " Bq");
  require_finite(image, what, "fix the reconstruction or its export");
  double sum = 0;
  for (const float v : image.values()) sum += v;
  if (!(sum > 0)) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", sum);
    throw InvalidInput(std::string(what) + " sums to " + text +
                       ": an image scaled to a known activity must hold that activity (is it the right image?)");
  }
  const double factor = activity_Bq / sum;
  for (auto& v : image.values()) v = static_cast<float>(v * factor);
  return image;
}

}  // namespace rptdose::quantification
