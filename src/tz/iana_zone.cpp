#include "tz/iana_zone.hpp"

#include <exception>
#include <map>
#include <mutex>
#include <string>

#include <date/tz.h>

#if defined(_WIN32)
#include <cstdlib>
#include <filesystem>

#include "platform/paths.hpp"
#endif

namespace risk::tz {
namespace {

#if defined(_WIN32)
// Windows has no system zoneinfo: date/tz parses the IANA text files (from
// Debian's tzdata source package) in the first of: %RISK_TZDATA_DIR%, the
// directory "tzdata" beside the executable, %ProgramData%\RiskManager\tzdata.
std::string tzdata_dir() {
  if (const char* env = std::getenv("RISK_TZDATA_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const std::filesystem::path beside = std::filesystem::path(platform::executable_dir()) / "tzdata";
  if (std::filesystem::is_directory(beside, ec)) return beside.string();
  return (std::filesystem::path(platform::program_data_dir()) / "tzdata").string();
}
#endif

class IanaZone final : public TimeZone {
 public:
  explicit IanaZone(const date::time_zone* zone) : zone_(zone), name_(zone->name()) {}

  [[nodiscard]] std::string_view name() const noexcept override { return name_; }

  [[nodiscard]] std::int64_t offset_at(Timestamp t) const override {
    const date::sys_seconds s{std::chrono::seconds{t.seconds_floor()}};
    return zone_->get_info(s).offset.count();
  }

  [[nodiscard]] Timestamp resolve_local(CivilDate d, std::int32_t seconds_of_day) const override {
    const date::local_seconds local{
        std::chrono::seconds{days_from_civil(d) * 86400 + static_cast<std::int64_t>(seconds_of_day)}};
    const date::local_info info = zone_->get_info(local);
    std::int64_t utc = 0;
    switch (info.result) {
      case date::local_info::unique:
      case date::local_info::ambiguous:  // first occurrence: the earlier offset (first.offset)
        utc = local.time_since_epoch().count() - info.first.offset.count();
        break;
      case date::local_info::nonexistent:  // skipped by a jump forward: the transition instant
        utc = info.first.end.time_since_epoch().count();
        break;
    }
    return Timestamp::from_seconds(utc);
  }

 private:
  const date::time_zone* zone_;
  std::string name_;
};

}  // namespace

Result<TimeZonePtr> load(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, TimeZonePtr, std::less<>> cache;
  const std::lock_guard lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (name == "UTC" || name == "Etc/UTC") {
    TimeZonePtr zone = utc_zone();
    cache.emplace(std::string(name), zone);
    return zone;
  }
  try {
#if defined(_WIN32)
    static const bool installed = [] {
      date::set_install(tzdata_dir());
      return true;
    }();
    (void)installed;
#endif
    const date::time_zone* z = date::locate_zone(name);
    auto zone = std::make_shared<IanaZone>(z);
    (void)zone->offset_at(Timestamp{});  // force the rules to load now, not on the engine thread
    TimeZonePtr ptr = zone;
    cache.emplace(std::string(name), ptr);
    return ptr;
  } catch (const std::exception& ex) {
    std::string message =
        "unknown time zone '" + std::string(name) + "' (use an IANA name such as America/Chicago or America/New_York)";
#if defined(_WIN32)
    message += std::string("; time zone database ") + tzdata_dir() + ": " + ex.what();
#else
    (void)ex;
#endif
    return make_error(std::move(message));
  }
}

}  // namespace risk::tz
