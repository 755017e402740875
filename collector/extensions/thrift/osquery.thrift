// The osquery extensions interface (the service definition osquery's core and its extensions speak), written for
// Osprey from osquery's interface (docs/osquery-compatibility.md §9) so that Osprey's ExtensionManager and
// extensions written against osquery's SDKs agree on the wire. Transport: TBufferedTransport + TBinaryProtocol
// over a UNIX socket. Osprey's TypeScript side is hand-written (collector/extensions/thrift/*.ts); the Python code
// the tests use is generated from this file (see test/extensions/fixtures/PROVENANCE.md).

namespace cpp osquery.extensions
namespace py osquery.extensions

typedef map<string, string> ExtensionPluginRequest
typedef list<map<string, string>> ExtensionPluginResponse

struct InternalOptionInfo {
  1:string value,
  2:string default_value,
  3:string type,
}

typedef map<string, InternalOptionInfo> InternalOptionList

struct InternalExtensionInfo {
  1:string name,
  2:string version,
  3:string sdk_version,
  4:string min_sdk_version,
}

typedef i64 ExtensionRouteUUID
typedef map<string, ExtensionPluginResponse> ExtensionRouteTable
typedef map<string, ExtensionRouteTable> ExtensionRegistry
typedef map<ExtensionRouteUUID, InternalExtensionInfo> InternalExtensionList

enum ExtensionCode {
  EXT_SUCCESS = 0,
  EXT_FAILED = 1,
  EXT_FATAL = 2,
}

struct ExtensionStatus {
  1:i32 code,
  2:string message,
  3:ExtensionRouteUUID uuid,
}

struct ExtensionResponse {
  1:ExtensionStatus status,
  2:ExtensionPluginResponse response,
}

exception ExtensionException {
  1:i32 code,
  2:string message,
  3:ExtensionRouteUUID uuid,
}

// Served by every extension on <extensions_socket>.<uuid>.
service Extension {
  ExtensionStatus ping(),
  ExtensionResponse call(1:string registry, 2:string item, 3:ExtensionPluginRequest request),
  void shutdown(),
}

// Served by the core (Osprey's shell and daemon) on --extensions_socket.
service ExtensionManager extends Extension {
  InternalExtensionList extensions(),
  InternalOptionList options(),
  ExtensionStatus registerExtension(1:InternalExtensionInfo info, 2:ExtensionRegistry registry),
  ExtensionStatus deregisterExtension(1:ExtensionRouteUUID uuid),
  ExtensionResponse query(1:string sql),
  ExtensionResponse getQueryColumns(1:string sql),
}
