#include "xml_parts.hpp"

#include <expat.h>

namespace xfl::api {
namespace {

// A county's ledger of 200,000 rows is ~60 MiB of worksheet XML.
constexpr zip_uint64_t kMaxPartBytes = 512ull << 20;
constexpr int kChunk = 1 << 16;

struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ParserFree {
    void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

struct Parse {
    XML_Parser parser;
    XmlHandler& handler;
    const std::string& part;
    const std::string& field;
    Status failed;  // the first thing a handler refused, or the DTD
};

void Stop(Parse& parse, Status why) {
    if (parse.failed.ok()) parse.failed = std::move(why);
    XML_StopParser(parse.parser, XML_FALSE);
}

// Parts name their elements with or without a namespace prefix (x:row, row).
std::string_view LocalName(std::string_view name) {
    if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
}

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto& parse = *static_cast<Parse*>(data);
    if (auto started = parse.handler.Start(LocalName(name), attributes); !started.ok()) {
        Stop(parse, std::move(started));
    }
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
    auto& parse = *static_cast<Parse*>(data);
    if (auto ended = parse.handler.End(LocalName(name)); !ended.ok()) {
        Stop(parse, std::move(ended));
    }
}

void XMLCALL OnText(void* data, const XML_Char* text, int length) {
    static_cast<Parse*>(data)->handler.Text(
        std::string_view(text, static_cast<std::size_t>(length)));
}

void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto& parse = *static_cast<Parse*>(data);
    Stop(parse, NotAWorkbook(parse.field, parse.part + " declares a DTD"));
}

}  // namespace

Error NotAWorkbook(const std::string& field, const std::string& why) {
    return Error::Make(Errc::kInvalidArgument, field + ": not an .xlsx workbook (" + why + ")",
                       field);
}

Result<Archive> OpenArchive(zip_source_t* source, zip_error_t& error, const std::string& field) {
    if (source == nullptr) return NotAWorkbook(field, zip_error_strerror(&error));
    Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
        zip_source_free(source);
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        return NotAWorkbook(field, "not a zip archive: " + why);
    }
    return archive;
}

std::string_view Attribute(XmlHandler::Attributes attributes, std::string_view name) {
    for (; attributes[0] != nullptr; attributes += 2) {
        if (LocalName(attributes[0]) == name) return attributes[1];
    }
    return {};
}

Result<bool> StreamPart(zip_t* archive, const std::string& name, const std::string& field,
                        XmlHandler& handler) {
    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen(archive, name.c_str(), 0));
    if (!file) return false;
    std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate(nullptr));
    if (!parser) return NotAWorkbook(field, "out of memory");
    Parse parse{parser.get(), handler, name, field, {}};
    XML_SetUserData(parser.get(), &parse);
    XML_SetElementHandler(parser.get(), OnStart, OnEnd);
    XML_SetCharacterDataHandler(parser.get(), OnText);
    XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
    // Unpacked size is unknown up front (a part's header may lie): counted as it comes.
    zip_uint64_t unpacked = 0;
    for (;;) {
        void* buffer = XML_GetBuffer(parser.get(), kChunk);
        if (buffer == nullptr) return NotAWorkbook(field, "out of memory");
        const zip_int64_t n = zip_fread(file.get(), buffer, kChunk);
        if (n < 0) return NotAWorkbook(field, name + " cannot be unpacked");
        unpacked += static_cast<zip_uint64_t>(n);
        if (unpacked > kMaxPartBytes) {
            return NotAWorkbook(field, name + " unpacks to more than 512 MiB");
        }
        if (XML_ParseBuffer(parser.get(), static_cast<int>(n), n == 0) != XML_STATUS_OK) {
            if (!parse.failed.ok()) return std::move(parse.failed).error();
            return NotAWorkbook(
                field, name + " is not XML: " + XML_ErrorString(XML_GetErrorCode(parser.get())) +
                           " (line " + std::to_string(XML_GetCurrentLineNumber(parser.get())) +
                           ")");
        }
        if (n == 0) return true;
    }
}

}  // namespace xfl::api
