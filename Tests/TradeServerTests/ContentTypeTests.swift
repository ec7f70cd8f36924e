import Foundation
import Testing

@testable import TradeServer

/// The Content-Type's media type is trimmed and lowercased by hand for ASCII; Foundation's
/// `trimmingCharacters(in: .whitespaces).lowercased()`, which it replaced, is the reference.
@Suite struct ContentTypeTests {
    @Test(arguments: [
        "application/json", " Application/YAML ", "\tapplication/json\t", "text/plain  ", "", " ", "\t \t",
        "application/vnd.api+json", "APPLICATION/X-YAML", " a b ", "\u{00A0}application/json\u{2003}", "täxt/yaml ",
        "application/json\n",
    ])
    func trimsLikeFoundation(value: String) {
        let text = Substring(value)
        #expect(ScenarioBody.trimmedLowercase(text) == text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    @Test func readsTheEssence() {
        #expect(ScenarioBody.syntax(ofContentType: " Application/JSON ; charset=utf-8") == .some(.json))
        #expect(ScenarioBody.syntax(ofContentType: "\ttext/yaml") == .some(.yaml))
        #expect(ScenarioBody.syntax(ofContentType: "text/html") == nil)
    }
}
