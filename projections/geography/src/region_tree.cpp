#include "xfl/projections/geography/region_tree.hpp"

#include "xfl/domain/geography/region.hpp"
#include "xfl/projections/core/decode_event.hpp"

namespace xfl::projections {
namespace {

using domain::ToJsonPayload;
using eventstore::EventEnvelope;

std::string RegionKey(const std::string& code) { return "r/" + code; }
std::string ChildKey(const std::string& parent, const std::string& code) {
    return "c/" + parent + "/" + code;
}
class RegionTree final : public Projection {
  public:
    std::string_view Name() const override { return kRegionTree; }
    std::uint32_t CodeVersion() const override { return 1; }
    void Apply(const EventEnvelope& e, StateWriter& state) override {
        if (e.type == domain::RegionCreated::kType) {
            const auto& created = DecodeEvent<domain::RegionCreated>(e);
            state.Put(RegionKey(created.code),
                      ToJsonPayload(
                          RegionView{created.code, created.name, created.parent, e.version.value}));
            if (!created.parent.empty()) state.Put(ChildKey(created.parent, created.code), "");
        } else if (e.type == domain::RegionRenamed::kType) {
            const std::string code(domain::kRegionStreams.IdOf(e.stream_id).value_or(""));
            auto view = LoadStored<RegionView>(state, RegionKey(code));
            if (!view) throw std::runtime_error("rename of unknown region " + code);
            view->name = DecodeEvent<domain::RegionRenamed>(e).name;
            view->version = e.version.value;
            state.Put(RegionKey(code), ToJsonPayload(*view));
        }
    }
};

}  // namespace

std::unique_ptr<Projection> MakeRegionTreeProjection() { return std::make_unique<RegionTree>(); }
std::optional<RegionView> FindRegion(const StateView& tree, const std::string& code) {
    return LoadStored<RegionView>(tree, RegionKey(code));
}

std::vector<RegionView> RegionChildren(const StateView& tree, const std::string& parent,
                                       const std::string& after, std::size_t limit) {
    std::vector<RegionView> children;
    const std::string prefix = "c/" + parent + "/";
    tree.Scan(prefix, [&](std::string_view key, std::string_view) {
        std::string code(key.substr(prefix.size()));
        if (code <= after) return true;
        if (auto view = FindRegion(tree, code)) children.push_back(std::move(*view));
        return children.size() < limit;
    });
    return children;
}

}  // namespace xfl::projections
