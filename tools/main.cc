// `rampart`: inspect captures, run an echo server or a sender on a real
// device, print counters. `rampart help` lists the commands; `rampart help
// COMMAND` (or `rampart COMMAND --help`) a command's flags with defaults.
// Exit status: 0 success, 1 runtime failure, 2 usage error.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "tools/commands.h"
#include "tools/help.h"

namespace {

constexpr int kUsageError = 2;

bool IsHelp(std::string_view arg) { return arg == "--help" || arg == "-h" || arg == "help"; }

/// Prints a usage error and how to get help; @return kUsageError
int UsageError(const std::string& message, std::string_view command) {
  std::fprintf(stderr, "rampart: %s\n(see 'rampart help%s%s')\n", message.c_str(),
               command.empty() ? "" : " ", std::string(command).c_str());
  return kUsageError;
}

/// @return true if `value` is a valid value of `flag`
bool ValueFits(const absl::CommandLineFlag& flag, const std::string& value) {
  if (flag.IsOfType<bool>()) {
    const std::string lower = absl::AsciiStrToLower(value);
    return lower == "true" || lower == "false" || lower == "1" || lower == "0" || lower == "yes" ||
           lower == "no" || lower == "t" || lower == "f" || lower == "y" || lower == "n";
  }
  if (flag.IsOfType<int32_t>()) {
    int32_t number = 0;
    return absl::SimpleAtoi(value, &number);
  }
  return true;
}

/// Checks every flag before Abseil parses them (Abseil exits 1 on a bad
/// flag; a usage error here is 2, with the command's help named).
/// @return the message for the first bad flag, or empty
std::string FirstBadFlag(const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.rfind("--", 0) != 0) continue;
    const size_t equals = arg.find('=');
    const std::string name =
        arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr && name.rfind("no", 0) == 0) {
      const absl::CommandLineFlag* negated = absl::FindCommandLineFlag(name.substr(2));
      if (negated != nullptr && negated->IsOfType<bool>() && equals == std::string::npos) continue;
    }
    if (flag == nullptr) {
      if (name == "helpfull" || name == "helpshort" || name == "version") continue;
      return "unknown flag --" + name;
    }
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (flag->IsOfType<bool>()) {
      continue;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return "--" + name + " needs a value";
    }
    if (!ValueFits(*flag, value)) return "--" + name + ": '" + value + "' is not a valid value";
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  absl::FlagsUsageConfig usage;
  usage.version_string = [] { return rampart::tools::VersionText() + "\n"; };
  absl::SetFlagsUsageConfig(usage);
  absl::SetProgramUsageMessage(rampart::tools::OverviewHelp());
  // Abseil spells flags with underscores; accept the dashed spelling the
  // documentation uses too (--stats-on-exit, --no-sandbox).
  std::vector<std::string> storage(argv, argv + argc);
  for (std::string& arg : storage) {
    if (arg.rfind("--", 0) != 0) continue;
    const size_t end = arg.find('=') == std::string::npos ? arg.size() : arg.find('=');
    for (size_t i = 2; i < end; ++i) {
      if (arg[i] == '-') arg[i] = '_';
    }
  }
  if (storage.size() < 2) {
    std::fprintf(stderr, "%s", rampart::tools::OverviewHelp().c_str());
    return kUsageError;
  }
  const std::string command = storage[1];
  if (command == "--version") {
    std::printf("%s\n", rampart::tools::VersionText().c_str());
    return 0;
  }
  if (IsHelp(command)) {
    if (storage.size() < 3) {
      std::printf("%s", rampart::tools::OverviewHelp().c_str());
      return 0;
    }
    const std::string text = rampart::tools::CommandHelp(storage[2]);
    if (text.empty()) return UsageError("unknown command '" + storage[2] + "'", "");
    std::printf("%s", text.c_str());
    return 0;
  }
  for (size_t i = 2; i < storage.size(); ++i) {
    if (storage[i] == "--help" || storage[i] == "-h") {
      const std::string text = rampart::tools::CommandHelp(command);
      if (text.empty()) return UsageError("unknown command '" + command + "'", "");
      std::printf("%s", text.c_str());
      return 0;
    }
  }
  if (const std::string bad = FirstBadFlag(storage); !bad.empty()) {
    return UsageError(bad, rampart::tools::CommandHelp(command).empty() ? "" : command);
  }
  std::vector<char*> pointers;
  for (std::string& arg : storage) pointers.push_back(arg.data());
  const std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(pointers.size()), pointers.data());
  if (positional.size() < 2) return UsageError("no command given", "");
  const std::vector<std::string> args(positional.begin() + 2, positional.end());
  const std::string_view name = positional[1];
  if (name == "inspect") return rampart::tools::Inspect(args);
  if (name == "echo") return rampart::tools::Echo(args);
  if (name == "send") return rampart::tools::Send(args);
  if (name == "stats") return rampart::tools::Stats(args);
  if (name == "resolve") return rampart::tools::Resolve(args);
  return UsageError("unknown command '" + std::string(name) + "'", "");
}
