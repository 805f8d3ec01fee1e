#include "support/api_server.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <mutex>
#include <sstream>

#include "xfl/api/calendar/calendar.hpp"
#include "xfl/eventstore/embedded_log.hpp"

namespace xfl::testing {

ApiServer::ApiServer(ApiServerOptions options) : options_(options) {
    REQUIRE(Start().ok());
    REQUIRE(api::AddAccount(*log_, "admin", "admin", kCity, kAdminPassword, 1000).ok());
    REQUIRE(runner_->WaitFor(log_->Head(), std::chrono::seconds(30)));
    admin_token_ = Login("admin", kAdminPassword);
}

xfl::Status ApiServer::Start() {
    auto log = eventstore::OpenEmbeddedLog(dir_.path() / "log", {options_.disk_full, true});
    if (!log.ok()) return std::move(log).error();
    log_ = std::move(log).value();
    api_log_ = std::make_unique<FailingLog>(*log_);
    store_ = std::move(projections::ProjectionStore::Open(dir_.path() / "projections")).value();
    runner_ =
        std::make_unique<projections::ProjectionRunner>(*log_, *store_, api::ApiProjections());
    if (Status caught_up = runner_->CatchUp(); !caught_up.ok()) return caught_up;
    runner_->Start();
    api::ApiConfig config;
    config.pbkdf2_iterations = 1000;  // fast tests; production uses 600,000
    config.session_lifetime = options_.session_lifetime;
    config.head_signer = options_.head_signer;
    api_ = std::make_unique<api::Api>(*api_log_, *store_, *runner_, config);
    REQUIRE(xfl::api::SeedRegions(api_->services()).ok());
    REQUIRE(xfl::api::SeedHolidayLists(api_->services(), api::NowMicros()).ok());
    api::ServerOptions http;
    http.listen = "127.0.0.1:0";
    http.threads = options_.threads;
    http.trusted_proxies = options_.trusted_proxies;
    auto started = api::HttpServer::Start(http, api_->router());
    REQUIRE(started.ok());
    http_ = std::move(started).value();
    return {};
}

void ApiServer::Stop() {
    http_.reset();
    if (runner_) runner_->Stop();
    api_.reset();
    runner_.reset();
    store_.reset();
    api_log_.reset();
    log_.reset();
}

xfl::Status ApiServer::Restart(
    const std::function<void(const std::filesystem::path&)>& while_stopped) {
    Stop();
    if (while_stopped) while_stopped(dir_.path());
    return Start();
}

ApiServer::~ApiServer() {
    Stop();
    if (std::uncaught_exceptions() == 0) CheckRepliesAgainstDocument();
}

void ApiServer::CheckRepliesAgainstDocument() {
    if (replies_.empty()) return;
    const auto log = dir_.path() / "replies.jsonl";
    const auto report = dir_.path() / "replies-report.txt";
    std::ofstream(log) << replies_;
    const std::string command = std::string(XFL_RESPONSE_VALIDATOR) + " " + XFL_OPENAPI_JSON + " " +
                                log.string() + " > " + report.string() + " 2>&1";
    const int status = std::system(command.c_str());
    std::stringstream text;
    text << std::ifstream(report).rdbuf();
    INFO("replies checked against the OpenAPI document:\n" << text.str());
    CHECK(status == 0);
}

HttpReply ApiServer::Call(const std::string& method, const std::string& target,
                          const std::string& body, const std::string& token,
                          std::map<std::string, std::string> headers) {
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (!body.empty() && !headers.contains("Content-Type")) {
        headers["Content-Type"] = "application/json";
    }
    HttpReply reply = HttpCall(port(), method, target, body, headers);
    rapidjson::StringBuffer line;
    rapidjson::Writer<rapidjson::StringBuffer> w(line);
    w.StartObject();
    w.Key("method");
    w.String(method.c_str());
    w.Key("target");
    w.String(target.c_str(), static_cast<rapidjson::SizeType>(target.size()));
    w.Key("status");
    w.Int(reply.status);
    w.Key("content_type");
    w.String(reply.headers["content-type"].c_str());
    w.Key("body");
    w.String(reply.body.c_str(), static_cast<rapidjson::SizeType>(reply.body.size()));
    w.EndObject();
    std::lock_guard lock(replies_mutex_);  // clients call from many threads at once
    replies_.append(line.GetString(), line.GetSize()).push_back('\n');
    return reply;
}

std::string ApiServer::Login(const std::string& username, const std::string& password) {
    auto reply = Call("POST", "/api/v1/sessions",
                      "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    const auto start = reply.body.find("\"token\":\"") + 9;
    return reply.body.substr(start, 64);
}

std::string ApiServer::UserWithRole(const std::string& username, const std::string& role,
                                    const std::string& region) {
    const std::string password = username + "-password";
    auto reply = Call("POST", "/api/v1/users",
                      "{\"username\":\"" + username + "\",\"password\":\"" + password +
                          "\",\"role\":\"" + role + "\",\"region\":\"" + region + "\"}",
                      admin_token_);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return Login(username, password);
}

}  // namespace xfl::testing
