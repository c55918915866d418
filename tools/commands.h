// The subcommands of `rampart`. Each returns the process exit status.
#ifndef RAMPART_TOOLS_COMMANDS_H_
#define RAMPART_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace rampart::tools {

/// `rampart inspect FILE.pcap`: one record per frame (see README).
int Inspect(const std::vector<std::string>& args);
/// `rampart echo --netdev ...`: a UDP echo server.
int Echo(const std::vector<std::string>& args);
/// `rampart send --netdev ... --to udp://HOST:PORT`: sends datagrams.
int Send(const std::vector<std::string>& args);
/// `rampart stats [FILE.pcap | --list]`: counters after a capture, or the
/// list of every counter and drop reason.
int Stats(const std::vector<std::string>& args);

/// `rampart resolve NAME`: A/AAAA answers for NAME from the --dns servers.
/// @return 0 with answers; 1 when the name does not resolve; 2 usage
int Resolve(const std::vector<std::string>& args);

}  // namespace rampart::tools

#endif  // RAMPART_TOOLS_COMMANDS_H_
