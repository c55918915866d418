// `rampart --help`, `rampart help [CMD]` and `rampart CMD --help`: each
// command's synopsis and every flag it reads, with its default and meaning.
#ifndef RAMPART_TOOLS_HELP_H_
#define RAMPART_TOOLS_HELP_H_

#include <string>
#include <string_view>

namespace rampart::tools {

/// @return the overview: every command with its one-line synopsis
std::string OverviewHelp();

/// @param command a command name ("echo")
/// @return its synopsis, what it does, and each flag it reads as
///         "  --name=DEFAULT  meaning"; empty for an unknown command
std::string CommandHelp(std::string_view command);

/// @return "rampart VERSION" (from the top-level CMake project version)
std::string VersionText();

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_HELP_H_
