// The document's request examples work: every JSON request body example, posted as it is by a
// client that changes only ids (and credentials), succeeds, in the order a user would go:
// records are created first, closed, ended, withdrawn and disabled last; a step on another
// branch (x-example-after) runs on a fresh record made ready by the examples it names.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "support/api_server.hpp"
#include "support/json_field.hpp"
#include "support/openapi_document.hpp"

using namespace xfl::testing;

namespace {

struct Operation {
    std::string method, path, body;
    // x-example-after: the operations whose examples make a fresh record ready for this one
    // (a step on another branch of a case than the document's order leads to).
    std::vector<std::string> after;
};

bool Terminal(const Operation& op) {
    for (const char* end :
         {"/close", "/withdraw", "/end", "/leave", "/entered-in-error", "/disable"}) {
        if (op.path.ends_with(end)) return true;
    }
    return false;
}

// The collection a path's {id} belongs to: "/api/v1/households/{id}/visits" → households.
std::string CollectionOf(const std::string& path) {
    const std::string prefix = "/api/v1/";
    const auto end = path.find('/', prefix.size());
    return path.substr(prefix.size(),
                       end == std::string::npos ? std::string::npos : end - prefix.size());
}

// Ids the walk has created, by the name a path parameter or a body field gives them.
class Ids {
  public:
    void Learn(const Operation& op, const std::string& reply) {
        const std::string collection = CollectionOf(op.path);
        if (op.path == "/api/v1/" + collection) Set(collection, Field(reply, "id"));
        for (const char* field : {"person_id", "plan_id"}) {
            if (!Field(reply, field).empty()) Set(field, Field(reply, field));
        }
        // An inspection's sample: its results name one of the records drawn.
        if (const auto drawn = FieldArray(reply, "records"); !drawn.empty()) {
            Set("record_id", drawn.front());
        }
    }
    std::string Path(const Operation& op) const {
        std::string path = op.path;
        const std::map<std::string, std::string> params = {{"{id}", Get(CollectionOf(op.path))},
                                                           {"{person_id}", Get("person_id")},
                                                           {"{plan_id}", Get("plan_id")},
                                                           {"{code}", "530502001099"},
                                                           {"{username}", "cw.wangguan"}};
        for (const auto& [param, value] : params) {
            if (auto at = path.find(param); at != std::string::npos) {
                path.replace(at, param.size(), value);
            }
        }
        return path;
    }
    // The example with each id field set to the record the walk created.
    void Body(rapidjson::Value& value, rapidjson::Document::AllocatorType& alloc) const {
        if (value.IsArray()) {
            for (auto& item : value.GetArray()) Body(item, alloc);
        } else if (value.IsObject()) {
            for (auto& member : value.GetObject()) {
                const std::string name = member.name.GetString();
                const std::map<std::string, std::string> fields = {
                    {"household_id", "households"},   {"person_id", "person_id"},
                    {"posting_id", "postings"},       {"employer_id", "employers"},
                    {"inspection_id", "inspections"}, {"record_id", "record_id"}};
                if (auto id = fields.find(name); id != fields.end() && member.value.IsString()) {
                    member.value.SetString(Get(id->second).c_str(), alloc);
                } else {
                    Body(member.value, alloc);
                }
            }
        }
    }

  private:
    void Set(const std::string& key, const std::string& value) {
        if (!value.empty()) ids_[key] = value;
    }
    std::string Get(const std::string& key) const {
        auto it = ids_.find(key);
        return it == ids_.end() ? "" : it->second;
    }
    std::map<std::string, std::string> ids_;
};

}  // namespace

TEST_CASE("every JSON request example of the document works as it is, changing only ids") {
    ApiServer server;
    // Supervision is the inspectors' work; the responsible side (a caseworker of the examples'
    // village) answers findings.
    const std::string inspector = server.UserWithRole("insp.longyang", "inspector", kLongyang);
    const std::string caseworker = server.UserWithRole("cw.walk", "caseworker", kWangguan);
    const rapidjson::Document doc = OpenApiDocument();
    std::vector<Operation> first, last;
    std::map<std::string, Operation> by_id;
    for (const auto& path : doc["paths"].GetObject()) {
        for (const auto& op : path.value.GetObject()) {
            if (!op.value.IsObject() || !op.value.HasMember("requestBody")) continue;
            const auto& content = op.value["requestBody"]["content"];
            if (!content.HasMember("application/json")) continue;
            rapidjson::StringBuffer buffer;
            rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
            content["application/json"]["example"].Accept(writer);
            std::string method = op.name.GetString();
            for (char& c : method) c = static_cast<char>(std::toupper(c));
            Operation operation{method, path.name.GetString(), buffer.GetString(), {}};
            if (op.value.HasMember("x-example-after")) {
                for (const auto& before : op.value["x-example-after"].GetArray()) {
                    operation.after.emplace_back(before.GetString());
                }
            }
            by_id[op.value["operationId"].GetString()] = operation;
            (Terminal(operation) ? last : first).push_back(std::move(operation));
        }
    }
    std::vector<Operation> walk = first;
    walk.insert(walk.end(), last.rbegin(), last.rend());  // ended in the reverse of their order

    Ids ids;
    int posted = 0;
    auto post = [&](const Operation& op) {
        rapidjson::Document body;
        body.Parse(op.body.c_str());
        ids.Body(body, body.GetAllocator());
        std::string token = server.admin_token();
        if (op.path == "/api/v1/sessions") {
            // Credentials are the client's own, like ids.
            body["username"].SetString("admin");
            body["password"].SetString(kAdminPassword);
        } else if (op.path == "/api/v1/findings/{id}/answers") {
            token = caseworker;
        } else if (op.path.starts_with("/api/v1/findings") ||
                   op.path.starts_with("/api/v1/inspections")) {
            token = inspector;
        } else if (op.path == "/api/v1/users/{username}/password") {
            // A holder changes their own password, naming the current one.
            token = server.Login("cw.wangguan", "initial-password-1");
            body["current_password"].SetString("initial-password-1");
        }
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        body.Accept(writer);
        auto reply = server.Call(op.method, ids.Path(op), buffer.GetString(), token);
        INFO(op.method << " " << ids.Path(op) << " " << buffer.GetString() << " → " << reply.status
                       << " " << reply.body);
        CHECK(reply.status / 100 == 2);
        ids.Learn(op, reply.body);
    };
    for (const Operation& op : walk) {
        const Ids main_path = ids;
        for (const std::string& before : op.after) {
            REQUIRE(by_id.contains(before));
            post(by_id[before]);
        }
        post(op);
        if (!op.after.empty()) ids = main_path;
        ++posted;
    }
    CHECK(posted >= 47);  // every example the document had when this test was written
}
