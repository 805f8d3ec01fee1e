#include "xfl/domain/employment/trade.hpp"

#include <algorithm>

#include "xfl/domain/kernel/checks.hpp"

namespace xfl::domain {

TradeCatalogue BuiltInTrades() {
    return {{{"coffee", "咖啡种植与采摘"},
             {"fruit", "水果种植与采摘"},
             {"vegetables", "蔬菜种植"},
             {"tobacco", "烤烟"},
             {"tea", "茶叶"},
             {"sugarcane", "甘蔗"},
             {"dendrobium", "石斛加工"},
             {"jade_carving", "玉石雕刻"},
             {"construction", "建筑施工"},
             {"elderly_care", "养老护理"},
             {"domestic_service", "家政服务"},
             {"catering", "餐饮服务"},
             {"ecommerce", "电子商务"},
             {"manufacturing", "制造业"},
             {"logistics", "物流配送"},
             {"driving", "驾驶"},
             {"security", "保安"},
             {"cleaning", "保洁"},
             {"tourism", "旅游服务"},
             {"other", "其他"}}};
}

TradeCatalogue Evolve(TradeCatalogue c, const TradeAdded& e) {
    c.names.emplace(e.code, e.name);
    return c;
}

Status ApplyTradeEvent(TradeCatalogue& catalogue, const StoredEvent& event) {
    return ApplyAny<TradeCatalogue, TradeAdded>(catalogue, event);
}

Result<std::vector<std::variant<TradeAdded>>> DecideAddTrade(const TradeCatalogue& catalogue,
                                                             TradeAdded trade) {
    const bool well_formed = trade.code.size() >= 2 && trade.code.size() <= 40 &&
                             std::all_of(trade.code.begin(), trade.code.end(),
                                         [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    if (!well_formed) return InvalidField("code", "2 to 40 of a-z and _");
    if (Status ok = CheckRequiredLine(trade.name, "name", 60); !ok.ok()) {
        return std::move(ok).error();
    }
    if (catalogue.Knows(trade.code)) {
        return Error::Make(Errc::kAlreadyExists, "code: the trade " + trade.code + " exists",
                           "code");
    }
    return std::vector<std::variant<TradeAdded>>{std::move(trade)};
}

}  // namespace xfl::domain
