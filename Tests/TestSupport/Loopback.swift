import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to reach or talk to a server on loopback.
public struct LoopbackError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// A raw TCP connection to a server on 127.0.0.1, for tests that need what an HTTP client library
/// hides: bytes sent slowly, a request cut off, the answer read until the server closes.
public struct LoopbackConnection {
    public let socket: Int32

    /// Connects to `port`; with `receiveTimeout`, a read waits at most that long, so a test cannot hang.
    public init(port: UInt16, receiveTimeout seconds: Int? = nil) throws(LoopbackError) {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoopbackError("socket() failed: errno \(errno)") }
        if let seconds {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            _ = Glibc.close(socket)
            throw LoopbackError("connect() failed: errno \(code)")
        }
    }

    /// Sends all of `text`. A closed peer is an error, never a SIGPIPE that would end the test process.
    public func send(_ text: String) throws(LoopbackError) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw LoopbackError("send() failed: errno \(errno)") }
            sent += count
        }
    }

    /// Everything until the server closes the connection (or the receive timeout passes).
    public func readToEnd() -> String {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    public func close() { _ = Glibc.close(socket) }
}

/// An HTTP/1.1 answer read from a socket.
public struct HTTPAnswer: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: String

    /// Parses a whole answer: status line, headers, blank line, body.
    public init(parsing text: String) throws(LoopbackError) {
        guard let split = text.range(of: "\r\n\r\n") else { throw LoopbackError("no response head: '\(text)'") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw LoopbackError("no status line")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        self.status = status
        self.headers = headers
        body = String(text[split.upperBound...])
    }

    /// One request on a fresh connection (`Connection: close`), read to the end.
    public static func request(
        port: UInt16, _ method: String, _ path: String, body: String = "", contentType: String? = nil
    ) throws(LoopbackError) -> HTTPAnswer {
        let connection = try LoopbackConnection(port: port)
        defer { connection.close() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        try connection.send(head + body)
        return try HTTPAnswer(parsing: connection.readToEnd())
    }
}
