import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import Logging
@testable import TradeServer

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A file of the package as text.
func packageFile(_ path: String) throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
}

/// A body from text.
func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// A header field name.
func field(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }

/// A JSON response body as a dictionary.
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(response.body.readableBytesView)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CocoaError(.propertyListReadCorrupt)
    }
    return object
}

/// A response body as text.
func text(_ response: TestResponse) -> String { String(buffer: response.body) }

/// The problems of a problem document, as (path, message, line) triples.
func problems(_ object: [String: Any]) -> [(path: String, message: String, line: Int?)] {
    ((object["problems"] as? [[String: Any]]) ?? []).map {
        ($0["path"] as? String ?? "?", $0["message"] as? String ?? "", $0["line"] as? Int)
    }
}

/// A service and its application, with small limits where a test asks for them; logs are dropped.
func makeApplication(_ configuration: TradeServerConfiguration = TradeServerConfiguration())
    -> (TradeService, Application<RouterResponder<BasicRequestContext>>)
{
    let service = TradeService(configuration: configuration)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return (service, service.application(logger: logger))
}

/// A number in a JSON object (JSONSerialization gives NSNumber for every number).
func number(_ object: [String: Any], _ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
