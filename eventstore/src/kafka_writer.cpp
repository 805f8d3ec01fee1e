#include "kafka_log_impl.hpp"

namespace xfl::eventstore::kafka_detail {

Result<KafkaHandle> KafkaLog::NewProducer() {
    const std::string timeout = std::to_string(options_.append_timeout.count());
    auto conf = options_.transactional_id.empty()
                    ? Config({{"enable.idempotence", "true"},
                              {"acks", "all"},
                              {"enable.gapless.guarantee", "true"},
                              {"linger.ms", "1"},
                              {"compression.type", "lz4"},
                              {"message.timeout.ms", timeout},
                              {"log_level", "3"}})
                    : Config({{"enable.idempotence", "true"},
                              {"acks", "all"},
                              {"transactional.id", options_.transactional_id},
                              {"linger.ms", "1"},
                              {"compression.type", "lz4"},
                              {"message.timeout.ms", timeout},
                              {"transaction.timeout.ms", timeout},
                              {"log_level", "3"}});
    if (!conf.ok()) return std::move(conf).error();
    rd_kafka_conf_set_dr_msg_cb(*conf, &KafkaLog::OnDelivery);
    auto producer = NewClient(RD_KAFKA_PRODUCER, *conf);
    if (!producer.ok()) return producer;
    if (!options_.transactional_id.empty()) {
        // Fences any older producer with this id: Kafka refuses its further writes.
        rd_kafka_error_t* error = rd_kafka_init_transactions(
            producer->get(), static_cast<int>(options_.append_timeout.count()));
        if (error != nullptr) {
            Error e = Error::Make(Errc::kUnavailable, std::string("Kafka transactions: ") +
                                                          rd_kafka_error_string(error));
            rd_kafka_error_destroy(error);
            return e;
        }
    }
    return producer;
}

Status KafkaLog::StartWriter() {
    auto turn = TransactionTurn();
    in_transaction_ = false;  // a new producer has no transaction open
    auto producer = NewProducer();
    if (!producer.ok()) return std::move(producer).error();
    std::vector<std::int32_t> owned = options_.owned_partitions;
    if (owned.empty()) {
        for (std::size_t p = 0; p < partitions_.size(); ++p) {
            owned.push_back(static_cast<std::int32_t>(p));
        }
    }
    std::vector<std::uint64_t> claimed(partitions_.size(), 0);
    {
        std::lock_guard lock(mutex_);
        producer_ = std::move(producer).value();
        writers_.assign(partitions_.size(), {});
        for (std::int32_t p : owned) {
            if (p < 0 || static_cast<std::size_t>(p) >= partitions_.size()) {
                return Error::Make(
                    Errc::kInvalidArgument,
                    "partition " + std::to_string(p) + " is not in topic " + options_.topic,
                    "partitions");
            }
            const std::size_t i = static_cast<std::size_t>(p);
            claimed[i] = partitions_[i].epoch + 1;
            KafkaMessage m =
                internal::EncodeClaim({claimed[i], options_.node_name, options_.node_url});
            if (Status s = Send(p, m, 0); !s.ok()) return s;
        }
    }
    if (Status s = FlushTransaction(); !s.ok()) return s;
    std::unique_lock lock(mutex_);
    auto claims_read = [&] {
        for (std::size_t p = 0; p < claimed.size(); ++p) {
            if (claimed[p] == 0) continue;
            if (partitions_[p].epoch < claimed[p] && partitions_[p].halted.empty()) {
                return false;
            }
        }
        return true;
    };
    if (!changed_.wait_for(lock, options_.append_timeout, claims_read)) {
        return Error::Make(Errc::kUnavailable,
                           "Kafka did not confirm this node's writer claims within " +
                               std::to_string(options_.append_timeout.count()) + " ms");
    }
    for (std::size_t p = 0; p < claimed.size(); ++p) {
        const PartitionState& s = partitions_[p];
        if (claimed[p] == 0 || s.epoch != claimed[p] || !s.halted.empty()) continue;
        writers_[p] = {true, s.epoch, s.next_seq, s.last_recorded_at_us};
    }
    writer_down_.clear();
    return {};
}

Status KafkaLog::Send(std::int32_t partition, const KafkaMessage& m, std::uint64_t seq) {
    if (!options_.transactional_id.empty() && !in_transaction_) {
        rd_kafka_error_t* error = rd_kafka_begin_transaction(producer_.get());
        if (error != nullptr) {
            Error e = Error::Make(Errc::kUnavailable, std::string("Kafka transaction: ") +
                                                          rd_kafka_error_string(error));
            rd_kafka_error_destroy(error);
            return e;
        }
        in_transaction_ = true;
    }
    rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
    for (const auto& [name, value] : m.headers) {
        rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                            static_cast<ssize_t>(value.size()));
    }
    auto* key = new DeliveryKey{partition, seq};
    rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_TOPIC(options_.topic.c_str()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_KEY(const_cast<char*>(m.key.data()), m.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers),
        RD_KAFKA_V_OPAQUE(key), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_headers_destroy(headers);
        delete key;
        const Errc code = err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ? Errc::kInvalidArgument
                                                                      : Errc::kUnavailable;
        return KafkaError(code, "sending to Kafka", err);
    }
    return {};
}

Status KafkaLog::FlushTransaction() {
    if (options_.transactional_id.empty() || !in_transaction_) return {};
    in_transaction_ = false;
    rd_kafka_error_t* error = rd_kafka_commit_transaction(
        producer_.get(), static_cast<int>(options_.append_timeout.count()));
    if (error == nullptr) return {};
    Error e = Error::Make(Errc::kUnavailable,
                          std::string("Kafka transaction: ") + rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    std::lock_guard lock(mutex_);
    WriterDown(e.message);
    return e;
}

std::unique_lock<std::mutex> KafkaLog::TransactionTurn() {
    std::unique_lock<std::mutex> turn(transaction_mutex_, std::defer_lock);
    if (!options_.transactional_id.empty()) turn.lock();
    return turn;
}

Result<AppendResult> KafkaLog::Submit(std::vector<EventEnvelope> events,
                                      const AppendRequest* request) {
    const std::string& stream = events.front().stream_id;
    const std::string& command_id = events.front().command_id;
    const std::int32_t p = PartitionOf(stream);
    const std::size_t i = static_cast<std::size_t>(p);
    // A transactional producer has one open transaction: appends take turns.
    auto turn = TransactionTurn();
    std::shared_ptr<Ticket> ticket;
    {
        std::unique_lock lock(mutex_);
        if (Status s = Writable(i); !s.ok()) return std::move(s).error();
        if (!command_id.empty()) {
            if (auto it = inflight_commands_.find(command_id); it != inflight_commands_.end()) {
                std::shared_ptr<Ticket> first = it->second;
                lock.unlock();
                return AsDuplicate(Await(first));
            }
            auto seen = store_->FindCommand(command_id);
            if (!seen.ok()) return std::move(seen).error();
            if (seen->has_value()) {
                AppendResult first = **seen;
                first.duplicate = true;
                return first;
            }
        }
        ChainHead head;
        if (auto it = inflight_heads_.find(stream); it != inflight_heads_.end()) {
            head = it->second.first;
        } else {
            auto loaded = store_->LoadHead(stream);
            if (!loaded.ok()) return std::move(loaded).error();
            head = *loaded;
        }
        Writer& w = writers_[i];
        if (request != nullptr) {
            if (Status s = internal::CheckExpected(*request, head.version); !s.ok()) {
                return std::move(s).error();
            }
            const std::int64_t now = std::max(internal::NowMicros(), w.last_recorded_at_us);
            for (EventEnvelope& e : events) {
                e.recorded_at_us = now;
                internal::ChainNext(e, head);
            }
        } else if (Status s = internal::CheckRecordedCommit(events, head); !s.ok()) {
            return std::move(s).error();
        }
        const CommitStamp stamp{w.epoch, w.next_seq};
        if (Status s = Send(p, internal::EncodeCommit({stamp, events}), stamp.seq); !s.ok()) {
            return std::move(s).error();
        }
        w.next_seq++;
        w.last_recorded_at_us = std::max(w.last_recorded_at_us, events.back().recorded_at_us);
        ticket = std::make_shared<Ticket>();
        ticket->partition = p;
        ticket->seq = stamp.seq;
        ticket->epoch = stamp.epoch;
        ticket->stream_id = stream;
        ticket->command_id = command_id;
        tickets_[{p, stamp.seq}] = ticket;
        inflight_heads_[stream] = {{events.back().version, events.back().hash}, stamp.seq};
        if (!command_id.empty()) inflight_commands_[command_id] = ticket;
    }
    if (Status s = FlushTransaction(); !s.ok()) return std::move(s).error();
    return Await(ticket);
}

Status KafkaLog::Writable(std::size_t p) {
    if (stopping_) return Error::Make(Errc::kUnavailable, "the event log is closing");
    if (!partitions_[p].halted.empty()) {
        return Error::Make(Errc::kDataLoss, partitions_[p].halted);
    }
    if (!writer_down_.empty()) {
        return Error::Make(Errc::kUnavailable,
                           "the Kafka writer is reconnecting (" + writer_down_ + ")");
    }
    if (!options_.writer) {
        return Error::Make(Errc::kMisdirected, "this process only reads topic " + options_.topic +
                                                   "; it appends nothing");
    }
    if (!writers_[p].ready) {
        const PartitionState& s = partitions_[p];
        return Error::Make(
            Errc::kMisdirected,
            "partition " + std::to_string(p) + " of topic " + options_.topic +
                " is written by node " + (s.owner_node.empty() ? "(none)" : s.owner_node) +
                (s.owner_url.empty() ? "" : " at " + s.owner_url) + "; send the command there");
    }
    return {};
}

Result<AppendResult> KafkaLog::Await(const std::shared_ptr<Ticket>& ticket) {
    // The producer gives up after append_timeout; allow for reading the commit back.
    if (ticket->future.wait_for(options_.append_timeout + std::chrono::seconds(5)) !=
        std::future_status::ready) {
        return Error::Make(Errc::kUnavailable,
                           "Kafka did not confirm the append in time; its outcome is "
                           "unknown, retry with the same Idempotency-Key");
    }
    return ticket->future.get();
}

Result<AppendResult> KafkaLog::AsDuplicate(Result<AppendResult> first) {
    if (first.ok()) first->duplicate = true;
    return first;
}

void KafkaLog::Answer(std::shared_ptr<Ticket> ticket, Result<AppendResult> outcome) {
    tickets_.erase({ticket->partition, ticket->seq});
    if (auto it = inflight_heads_.find(ticket->stream_id);
        it != inflight_heads_.end() && it->second.second <= ticket->seq) {
        inflight_heads_.erase(it);
    }
    if (auto it = inflight_commands_.find(ticket->command_id);
        it != inflight_commands_.end() && it->second == ticket) {
        inflight_commands_.erase(it);
    }
    ticket->Answer(std::move(outcome));
}

void KafkaLog::FailTickets(std::int32_t partition, const Error& error) {
    std::vector<std::shared_ptr<Ticket>> failing;
    for (auto& [key, ticket] : tickets_) {
        if (key.first == partition) failing.push_back(ticket);
    }
    for (auto& ticket : failing) Answer(ticket, error);
}

void KafkaLog::FailAllTickets(const Error& error) {
    std::vector<std::shared_ptr<Ticket>> failing;
    for (auto& [key, ticket] : tickets_) failing.push_back(ticket);
    for (auto& ticket : failing) Answer(ticket, error);
}

void KafkaLog::WriterDown(const std::string& why) {
    if (writer_down_.empty()) options_.warn("writer stopped: " + why + "; reconnecting");
    writer_down_ = why;
    for (Writer& w : writers_) w.ready = false;
    changed_.notify_all();
}

void KafkaLog::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    std::unique_ptr<DeliveryKey> key(static_cast<DeliveryKey*>(m->_private));
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;  // answered once read back
    auto* self = static_cast<KafkaLog*>(opaque);
    std::lock_guard lock(self->mutex_);
    if (key && key->seq != 0) {
        if (auto it = self->tickets_.find({key->partition, key->seq}); it != self->tickets_.end()) {
            self->Answer(it->second,
                         KafkaError(Errc::kUnavailable,
                                    "Kafka did not acknowledge the append; its outcome is "
                                    "unknown, retry with the same Idempotency-Key",
                                    m->err));
        }
    }
    // Later commits were numbered after this one: the writer starts again from what Kafka
    // has, under a new epoch that fences anything of this one still on its way.
    self->WriterDown(rd_kafka_err2str(m->err));
}

}  // namespace xfl::eventstore::kafka_detail
