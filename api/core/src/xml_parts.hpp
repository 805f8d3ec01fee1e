// Private to api/core: the XML parts of a zip archive (an .xlsx workbook's) read as a stream.
// libzip unpacks a part a chunk at a time and expat parses each chunk as it comes, so a part of
// any size costs a buffer, not its size.
#pragma once

#include <zip.h>

#include <memory>
#include <string>
#include <string_view>

#include "xfl/api/core/service.hpp"

namespace xfl::api {

struct ArchiveCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

// The archive `source` holds (taken over, also on failure). Errc::kInvalidArgument naming
// `field` for what is not a zip archive.
Result<Archive> OpenArchive(zip_source_t* source, zip_error_t& error, const std::string& field);

// Errc::kInvalidArgument naming `field`: what was sent is not a workbook, and why.
Error NotAWorkbook(const std::string& field, const std::string& why);

// What a part's elements are given to, by their local names (x:row and row alike). A handler
// that fails stops the parse; its error is the part's.
class XmlHandler {
  public:
    // The element's attributes as expat gives them: name, value, …, null.
    using Attributes = const char**;
    virtual ~XmlHandler() = default;
    virtual Status Start(std::string_view element, Attributes attributes) = 0;
    virtual Status End(std::string_view element) = 0;
    virtual void Text(std::string_view) {}
};

// The value of the attribute of local name `name`, empty when absent.
std::string_view Attribute(XmlHandler::Attributes attributes, std::string_view name);

// The part `name` of `archive` through `handler`; false when the archive has no such part. A
// part that declares a DTD is refused (nothing is expanded or fetched), and so is one that
// unpacks to more than 512 MiB (a zip bomb's defence).
Result<bool> StreamPart(zip_t* archive, const std::string& name, const std::string& field,
                        XmlHandler& handler);

}  // namespace xfl::api
