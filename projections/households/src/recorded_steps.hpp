// Private: figures kept as steps, so that a figure at any past moment is a sum of a few hundred
// keys. A step is a delta that counts for what was recorded from its recording day on and for
// business days from its from day on. Steps are summed per region in buckets by recording day:
// "A" (recorded ever), "Y<yyyy>", "M<yyyymm>" and "D<day>" (recorded in that year, month, day),
// so what was recorded before a day is at most a few years', eleven months' and thirty days'
// buckets, each read up to the business day asked.
//
// Keys, under a projection's `space`: "<space>/D<day>/<region>/<from day>" for a day's steps and
// "<space>/<region>/<A|Y…|M…>/<from day>" for the longer buckets, each a tally of named deltas.
// A day's steps go to its day bucket only, and are rolled up into the longer buckets once, when
// the first step of a later day comes ("<space>/last" names the day not yet rolled up): one write
// per step instead of four, as most steps come on the day they are recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "xfl/projections/core/projection.hpp"
#include "xfl/projections/core/tally.hpp"

namespace xfl::projections {

// `n` in decimal, zero-padded to `width` digits.
std::string Digits(std::int64_t n, int width);

using DatedSteps = std::map<std::int64_t, Tally>;  // from day → name → delta

// Adds `steps`, recorded on `recorded_day` (days since 1970-01-01, China time), for `village`
// and every region above it; changes of zero are left out.
void AddRecordedSteps(StateWriter& state, std::string_view space, const std::string& village,
                      std::int64_t recorded_day, DatedSteps steps);

// Steps of many events gathered and written together: summed per village, from day and name as
// they come, and at Write each region's sum, for every level, added to its key once, instead
// of four keys written per event. Holds one recording day at a time: a step of another day
// writes what is held first, so that a day's steps are all in before a later day's step rolls
// them up (AddRecordedSteps alike); and at most kMostHeld sums (about 40 MB).
class GatheredSteps {
  public:
    static constexpr std::size_t kMostHeld = 500'000;

    explicit GatheredSteps(std::string space) : space_(std::move(space)) {}
    // `changes` counting from business day `from`.
    void Add(StateWriter& state, const std::string& village, std::int64_t recorded_day,
             std::int64_t from, const Tally& changes);
    void Add(StateWriter& state, const std::string& village, std::int64_t recorded_day,
             const DatedSteps& steps);
    // Writes what is held and forgets it.
    void Write(StateWriter& state);

  private:
    struct Key {
        std::uint32_t region, name;  // a village's number as gathered; any region's once summed
        std::int64_t from;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            const std::uint64_t ids = (std::uint64_t{k.region} << 32) | k.name;
            return ids ^ (static_cast<std::uint64_t>(k.from) * 0x9E3779B97F4A7C15ULL);
        }
    };
    // Small numbers for villages and names: a step's key is hashed as three integers.
    class Numbering {
      public:
        std::uint32_t Of(std::string_view text);
        const std::string& Text(std::uint32_t n) const { return texts_[n]; }

      private:
        struct Hash {
            using is_transparent = void;
            std::size_t operator()(std::string_view s) const {
                return std::hash<std::string_view>()(s);
            }
        };
        std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> numbers_;
        std::vector<std::string> texts_;
    };

    // The numbers of a village and every region above it, each worked out once.
    const std::vector<std::uint32_t>& Levels(std::uint32_t village);

    std::string space_;
    std::optional<std::int64_t> day_;  // the recording day of what is held
    Numbering villages_, regions_, names_;
    std::vector<std::vector<std::uint32_t>> levels_;  // by village number
    std::unordered_map<Key, std::int64_t, KeyHash> deltas_;
};

// Visits every tally of the steps of `region` (12-digit code) that count on business day
// `through`: of everything recorded (`recorded_before` absent), or of what was recorded before
// the day `recorded_before`.
void ScanRecordedSteps(const StateView& view, std::string_view space, const std::string& region,
                       std::int64_t through, std::optional<std::int64_t> recorded_before,
                       const std::function<void(std::string_view)>& visit);

}  // namespace xfl::projections
