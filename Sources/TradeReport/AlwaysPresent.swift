/// An optional field of a JSON document that is written as `null` when absent, never left out, so
/// that every key of a versioned document is always there and embedders can rely on its shape.
///
/// Synthesized `Codable` leaves absent optionals out (`encodeIfPresent`); wrapping the property
/// keeps synthesis for everything else instead of a hand-written `encode(to:)` per type.
@propertyWrapper
public struct AlwaysPresent<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as absent, as it would for a plain optional (documents from older
    /// writers of the same version may leave keys out).
    public func decode<Value>(_ type: AlwaysPresent<Value>.Type, forKey key: Key) throws -> AlwaysPresent<Value> {
        try decodeIfPresent(type, forKey: key) ?? AlwaysPresent(wrappedValue: nil)
    }
}
