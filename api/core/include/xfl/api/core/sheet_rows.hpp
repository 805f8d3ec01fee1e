// A sheet too large to hold (a county's ledger), read as a stream: its records in order, and
// any record again from where it starts. CSV files (csv_file.hpp) and .xlsx workbooks
// (xlsx.hpp) are read this way.
#pragma once

#include <cstdint>
#include <functional>

#include "xfl/domain/kernel/result.hpp"
#include "xfl/domain/kernel/sheet.hpp"

namespace xfl::api {

class SheetRows {
  public:
    using Take = std::function<bool(domain::SheetRecord, std::uint64_t offset)>;
    virtual ~SheetRows() = default;

    // Every record in order with the offset it starts at; stops early when `take` returns false.
    virtual Status ForEach(const Take& take) = 0;
    // The record ForEach gave at `offset`, read again; `line` is the line it starts on.
    virtual Result<domain::SheetRecord> At(std::uint64_t offset, std::size_t line) = 0;
};

}  // namespace xfl::api
