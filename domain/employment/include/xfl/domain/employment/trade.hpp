// The trades postings and vacancies are filed under: a controlled list that starts with the
// local industries and labour brands and that admins extend by events (trade.added).
#pragma once

#include <cereal/types/string.hpp>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "xfl/domain/kernel/event_codec.hpp"
#include "xfl/domain/kernel/event_type.hpp"
#include "xfl/domain/kernel/json_payload.hpp"

namespace xfl::domain {

struct TradeAdded {
    static constexpr std::string_view kType = "trade.added";
    std::string code, name;  // code: [a-z_], 2 to 40; name: the Chinese name users read
    template <class A>
    void serialize(A& ar) {
        ar(CEREAL_NVP(code), CEREAL_NVP(name));
    }
};

struct TradeCatalogue {
    std::map<std::string, std::string, std::less<>> names;  // code → name
    bool Knows(std::string_view code) const { return names.contains(code); }
};

// The built-in trades: Baoshan's industries (coffee, fruit, vegetables, tobacco, tea…), its
// labour brands (jade carving, dendrobium processing, elderly care…) and general trades.
TradeCatalogue BuiltInTrades();
TradeCatalogue Evolve(TradeCatalogue c, const TradeAdded& e);
Status ApplyTradeEvent(TradeCatalogue& catalogue, const StoredEvent& event);
Result<std::vector<std::variant<TradeAdded>>> DecideAddTrade(const TradeCatalogue& catalogue,
                                                             TradeAdded trade);

// The one catalogue stream of the city.
inline constexpr StreamKind kTradeStreams{"trades-"};
inline constexpr std::string_view kTradeCatalogueId = "catalogue";

}  // namespace xfl::domain
