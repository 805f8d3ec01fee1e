#include "xfl/eventstore/log_reader.hpp"

#include <algorithm>

namespace xfl::eventstore {

PrefetchingReader::PrefetchingReader(EventLog& log, LogPosition from, LogPosition until,
                                     std::size_t batch_size)
    : log_(log), until_(until), batch_size_(batch_size) {
    Fetch(from);
}

PrefetchingReader::~PrefetchingReader() {
    if (pending_.valid()) pending_.wait();
}

void PrefetchingReader::Fetch(LogPosition from) {
    if (from > until_) return;
    const std::size_t count = std::min<std::uint64_t>(batch_size_, until_.value - from.value + 1);
    pending_ = std::async(std::launch::async,
                          [this, from, count] { return log_.ReadAllInto(from, count, filling_); });
}

Status PrefetchingReader::Next(std::vector<EventEnvelope>& batch) {
    if (!pending_.valid()) {
        batch.clear();
        return {};
    }
    Status read = pending_.get();
    if (!read.ok()) return read;
    batch.swap(filling_);
    if (!batch.empty()) Fetch(batch.back().position.Next());
    return {};
}

}  // namespace xfl::eventstore
