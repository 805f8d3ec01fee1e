// Private: the checks the dispute decisions share (dispute.cpp: filing and mediation;
// arbitration.cpp: from the application for arbitration on).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "xfl/domain/disputes/dispute.hpp"

namespace xfl::domain::dispute_rules {

DisputeEvents One(DisputeEvent e);

Error NoDispute();

// The case exists and is in one of `stages`; the message names what the case is doing instead.
Status InStage(const DisputeState& s, std::initializer_list<std::string_view> stages,
               std::string_view act);

// A business date, today or earlier, and not before `after` (named by `after_what`).
Result<std::int64_t> DateAfter(const std::string& text, const std::string& field,
                               std::int64_t today, const std::string& after,
                               const std::string& after_what);

// An amount of fen: positive, and not above 100,000,000 yuan (a typing error).
Status CheckAmount(std::int64_t fen, const std::string& field);

Status CheckReason(const std::string& reason);

// The last day anything was recorded on the case: a later step may not come before it.
std::string LastStepOn(const DisputeState& s);

// A step's date: today or earlier, and not before the case's last step.
Result<std::int64_t> StepDate(const DisputeState& s, const std::string& date, std::int64_t today);

// Whether the mediation agreement has an instalment due before `today` and unpaid.
bool InstalmentOverdue(const DisputeState& s, std::int64_t today);

}  // namespace xfl::domain::dispute_rules
